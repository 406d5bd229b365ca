"""Store fixtures: a fresh SQLite file per test, and a fresh PostgreSQL schema per test when
the server on 127.0.0.1:5432 answers (skipped with the reason otherwise; CI starts it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.helpers import load_generator

PG_USERS = ("postgres", "root")
PG_DSN = "host=127.0.0.1 port=5432 dbname=test user={user} connect_timeout=3"


def _pg_user() -> tuple[str | None, str]:
    import psycopg

    reason = ""
    for user in PG_USERS:
        try:
            psycopg.connect(PG_DSN.format(user=user)).close()
            return user, ""
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0]
    return None, reason


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'corpus.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema made for this test (dropped after)."""
    import psycopg

    user, reason = _pg_user()
    if user is None:
        pytest.skip(f"no PostgreSQL server on 127.0.0.1:5432 ({reason})")
    schema = "contested_test_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_DSN.format(user=user), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_DSN.format(user=user), autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def generated_1000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """1,000 generated articles (JSONL) and their ground truth."""
    out = tmp_path_factory.mktemp("generated")
    truth = load_generator().generate(out, 1000, seed=7, fmt="jsonl")
    return out, truth
