"""The FastAPI application: pages, JSON API, static assets and the security middleware.

`create_app` builds the app around a store; `contested serve` runs it with uvicorn, tests
drive it with FastAPI's TestClient. Nothing is fetched from outside: templates, CSS,
JavaScript and map outlines all ship in the package.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from contested import __version__
from contested.web import api, pages
from contested.web.backend import Backend
from contested.web.security import BodyLimit, SecurityHeaders, WebSettings


def create_app(settings: WebSettings | None = None, backend: Backend | None = None) -> FastAPI:
    """The app for one store. `backend` defaults to the store at `settings.db_url`."""
    settings = settings or WebSettings()
    backend = backend or Backend.open(settings.db_url)
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        backend.close()

    app = FastAPI(
        lifespan=lifespan,
        title="contested",
        version=__version__,
        description="Source-attributed conflict events, claims, casualties and contradictions.",
        # FastAPI's Swagger UI loads its scripts from a CDN: off. /api-docs lists the API
        # from the same OpenAPI spec, server-rendered (pages.api_docs).
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.backend = backend
    app.state.sessions = backend.sessions
    app.include_router(api.router)
    app.include_router(pages.router)
    static = resources.files("contested.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_exception_handler(HTTPException, _http_error)  # FastAPI's subclass included
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(SecurityHeaders)
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    # Outermost: refuse oversized bodies before any other work is done.
    app.add_middleware(BodyLimit, limit=settings.max_body)
    return app


async def _http_error(request: Request, exc: Any) -> Response:
    """JSON errors for the API, a readable page for people."""
    headers = getattr(exc, "headers", None)
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
    return pages.error_page(request, exc.status_code, str(exc.detail), headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    """422 as JSON for the API; for people, a page naming the bad parameter."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return await request_validation_exception_handler(request, exc)
    problem = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in problem.get("loc", ())[1:]) or "request"
    return pages.error_page(request, 422, f"{where}: {problem.get('msg', 'invalid value')}")
