"""Fixtures for the web tests: a temporary SQLite store filled with hand-built reports."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import corpus

TOKEN = "test-token-123456"


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the Panjshir and hostile articles ingested (clusters built)."""
    from contested.store import Store

    path: Path = tmp_path_factory.mktemp("web") / "web.db"
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        result = store.ingest(corpus.inputs(), extractor=corpus.extractor)
        assert not result.rejected, result.rejected
    return url


def _client(url: str, token: str | None, **settings):  # noqa: ANN003, ANN202
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette: "use httpx2"; not ours to fix
        from fastapi.testclient import TestClient

    from contested.web.app import create_app
    from contested.web.backend import Backend
    from contested.web.security import WebSettings

    backend = Backend.open(url, extractor=corpus.extractor)
    app = create_app(WebSettings(db_url=url, token=token, **settings), backend)
    return TestClient(app), backend


@pytest.fixture()
def client(store_url: str) -> Iterator:
    """A client of a read-write app (token TOKEN)."""
    test_client, backend = _client(store_url, TOKEN)
    yield test_client
    backend.close()


@pytest.fixture()
def readonly(store_url: str) -> Iterator:
    """A client of an app started without a token (writes disabled)."""
    test_client, backend = _client(store_url, None)
    yield test_client
    backend.close()


@pytest.fixture()
def make_client(store_url: str) -> Iterator:
    """Build a client with other settings: make_client(token=..., max_body=...)."""
    backends = []

    def make(token: str | None = TOKEN, url: str | None = None, **settings):  # noqa: ANN003, ANN202
        test_client, backend = _client(url or store_url, token, **settings)
        backends.append(backend)
        return test_client

    yield make
    for backend in backends:
        backend.close()
