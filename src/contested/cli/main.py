"""The `contested` command. Each sub-module registers its commands on the one Typer app;
`run()` turns library errors into one line on stderr and a non-zero exit, never a traceback
(set CONTESTED_DEBUG=1 to see one)."""

from __future__ import annotations

import os
import sys

import typer

from contested.errors import ContestedError

app = typer.Typer(
    name="contested",
    help="Source-attributed conflict event data from news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from contested.cli import bench, corpus, demo, evaluate, extract, serve

    for module in (extract, corpus, demo, evaluate, serve, bench):
        module.register(app)


def run() -> None:
    """Console-script entry point."""
    _register()
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:  # without standalone mode click returns Exit's code
            sys.exit(code)
    except ContestedError as exc:
        _fail(str(exc), 1)
    except (typer.Abort, KeyboardInterrupt):
        _fail("interrupted", 130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors and bugs alike: one line, no traceback
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("CONTESTED_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}", 2)


def _fail(message: str, code: int) -> None:
    message = " ".join(message.split())  # one line, even for multi-line library messages
    sys.stderr.write(f"contested: error: {message}\n")
    sys.exit(code)
