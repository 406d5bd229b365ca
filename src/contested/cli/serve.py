"""`contested serve`: the web UI and JSON API over a store.

Writes (upload, re-extract) need a token. Bound to localhost without `--token`, a random
token is made and printed, as Jupyter does, so that the analyst at this machine can write
while other local users' pages cannot. Bound beyond localhost without `--token`, the server
is read-only.
"""

from __future__ import annotations

import secrets

import typer

from contested.errors import InputError


def serve(
    db: str = typer.Option("sqlite:///contested.db", "--db", help="Store URL (SQLite file or postgresql+psycopg://…)."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind; beyond localhost the server is read-only without --token."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on (0: any free port)."),
    token: str = typer.Option(None, envvar="CONTESTED_TOKEN", help="Token for writes (header 'Authorization: Bearer …')."),
) -> None:
    """Serve the claims board, timeline, map and article views, and the JSON API."""
    import uvicorn

    from contested.web.app import create_app
    from contested.web.security import WebSettings, is_loopback

    local = is_loopback(host)
    if token is not None and len(token) < 8:
        raise InputError("--token must be at least 8 characters")
    if token is None and local:
        token = secrets.token_urlsafe(18)
        typer.echo(f"write token (for uploads): {token}", err=True)
    elif token is None:
        typer.echo(f"bound to {host}: read-only (start with --token to allow uploads)", err=True)
    settings = WebSettings(
        db_url=_db_url(db), token=token,
        allowed_hosts=("localhost", "127.0.0.1", "[::1]", "::1") if local else None,
    )
    app = create_app(settings)
    from contested.web import geo

    geo.warm()
    typer.echo(f"contested: serving {settings.db_url} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _db_url(value: str) -> str:
    """Accept a bare file path for SQLite as well as a SQLAlchemy URL."""
    return value if "://" in value else f"sqlite:///{value}"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
