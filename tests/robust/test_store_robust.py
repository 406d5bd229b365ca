"""The store under hostile metadata: one article the database refuses (a NUL in a title, an
outlet longer than its column, odd URLs) is rejected with a reason and the ingest goes on.
Runs on SQLite and, when the server answers, PostgreSQL (the store tests' fixtures). Crash
and resume durability is covered by tests/store/test_corpus_scale.py (kill -9 mid-ingest)."""

from __future__ import annotations

from contested.model import ArticleMeta, Report
from contested.readers import ArticleInput
from tests.store.conftest import pg_url, sqlite_url, store_url  # noqa: F401 - fixtures

HOSTILE_META = [
    {"title": "nul \x00 in the title"},
    {"outlet": "O" * 5_000},
    {"id": "i" * 5_000},
    {"title": "t" * 200_000},
    {"url": "javascript:alert(1)"},
    {"url": "\ufffd" * 3_000},
    {"outlet": "\u202eReuters\u202c"},
    {"title": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")},
]


def echo_extractor(inputs: list[ArticleInput]):
    """Reports with no facts: the test is about the store, not the pipeline."""
    for item in inputs:
        yield item, Report(article=item.meta)


def test_hostile_metadata_never_stops_an_ingest(store_url: str) -> None:  # noqa: F811
    from contested.store import Store

    inputs = [
        ArticleInput(ArticleMeta(**meta), text=f"Article {n}: Taliban fighters attacked Kabul.")
        for n, meta in enumerate(HOSTILE_META)
    ]
    inputs.append(ArticleInput(ArticleMeta(id="plain"), text="A plain article about Kabul."))
    outcomes: list[str] = []
    with Store.open(store_url) as store:
        result = store.ingest(
            inputs, extractor=echo_extractor, progress=lambda kind, item: outcomes.append(kind)
        )
        assert len(outcomes) == len(inputs)
        assert len(result.ingested) + len(result.rejected) + result.duplicates == len(inputs)
        assert store.counts()["articles"] == len(result.ingested)
        assert all("\n" not in reason for _, reason in result.rejected)
    assert outcomes[-1] == "ingested"


def test_events_at_the_ends_of_the_calendar_cluster_without_overflow(sqlite_url: str) -> None:  # noqa: F811
    """'on 1/1/1' is a real date; clustering windows around it must not overflow."""
    import datetime as dt

    from contested.model import Event
    from contested.store import Store

    days = [dt.date.min, dt.date.max, dt.date(2021, 9, 2)]

    def extractor(inputs: list[ArticleInput]):
        for n, item in enumerate(inputs):
            event = Event(id="e1", event_type="Battles", sub_event_type="Armed clash",
                          actor1="Taliban", date=days[n % 3], date_precision="week")
            yield item, Report(article=item.meta, events=[event])

    inputs = [
        ArticleInput(ArticleMeta(id=f"a{n}", published=[dt.date.max, dt.date.min, None][n % 3]),
                     text=f"Article {n}.")
        for n in range(6)
    ]
    with Store.open(sqlite_url) as store:
        result = store.ingest(inputs, extractor=extractor)
        assert len(result.ingested) == 6 and result.clusters >= 3
