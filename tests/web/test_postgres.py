"""The web views on PostgreSQL (the same queries as on SQLite; skipped without a server)."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator

import pytest

from tests.web import corpus, scale
from tests.web.conftest import TOKEN

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_client() -> Iterator:
    import psycopg

    from tests.store.conftest import PG_DSN, _pg_user

    user, reason = _pg_user()
    if user is None:
        pytest.skip(f"no PostgreSQL server on 127.0.0.1:5432 ({reason})")
    schema = "contested_web_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_DSN.format(user=user), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from contested.store import Store
    from contested.web.app import create_app
    from contested.web.backend import Backend
    from contested.web.security import WebSettings

    try:
        with Store.open(url) as store:
            store.ingest(corpus.inputs(), extractor=corpus.extractor)
        scale.fill(url, 200)
        backend = Backend.open(url, extractor=corpus.extractor)
        yield TestClient(create_app(WebSettings(db_url=url, token=TOKEN), backend))
        backend.close()
    finally:
        with psycopg.connect(PG_DSN.format(user=user), autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_board_on_postgres(pg_client) -> None:
    board = pg_client.get("/api/board", params={"place": "Panjshir"}).json()
    texts = [c["text"] for col in board["columns"] for c in col["claims"]]
    assert any("complete control" in t for t in texts)
    assert board["ranges"] and board["points"]


def test_pages_on_postgres(pg_client) -> None:
    for path in ("/", "/board?place=Panjshir", "/timeline?outlet=Reuters", "/map", "/articles",
                 "/api/events?actor=Taliban", "/api/days", f"/articles/{corpus.ids(corpus.inputs())[1]}"):
        assert pg_client.get(path).status_code == 200, path
    event = pg_client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert pg_client.get(f"/events/{event['id']}").status_code == 200
