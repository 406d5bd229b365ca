"""The store on SQLite and PostgreSQL: idempotent ingest, rejections, reprocess, clusters,
the read API the web UI builds on, and schema migrations."""

from __future__ import annotations

import datetime as dt

import pytest

from contested.errors import InputError
from contested.model import ArticleMeta, Event, Report
from contested.readers import ArticleInput
from contested.store import Store
from tests.store.helpers import BAZARAK, article, fixed_extractor, panjshir_report


def _panjshir_inputs() -> tuple[list[ArticleInput], dict[str, Report]]:
    inputs = [
        article("reuters", "Reuters", "Taliban and NRF fighters clashed in Panjshir."),
        article("afp", "Agence France-Presse", "Heavy fighting raged in the Panjshir valley."),
    ]
    reports = {
        "reuters": panjshir_report(inputs[0].meta, nrf_claim=30, taliban_claim=8),
        "afp": panjshir_report(inputs[1].meta, place=BAZARAK, nrf_claim=34, taliban_claim=13),
    }
    return inputs, reports


def test_reingesting_the_same_articles_is_a_no_op(store_url: str) -> None:
    inputs, reports = _panjshir_inputs()
    with Store.open(store_url) as store:
        first = store.ingest(inputs, extractor=fixed_extractor(reports))
        again = store.ingest(inputs, extractor=fixed_extractor(reports))
        counts = store.counts()
    assert len(first.ingested) == 2 and first.duplicates == 0
    assert again.ingested == [] and again.duplicates == 2
    assert counts["articles"] == 2 and counts["events"] == 2 and counts["claims"] == 4


def test_duplicates_within_one_batch_and_whitespace_variants_are_skipped(sqlite_url: str) -> None:
    text = "Police fired tear gas at protesters in Nairobi on Tuesday."
    inputs = [article("a", "AFP", text), article("b", "AFP", text),
              article("c", "AFP", "  Police fired tear gas at protesters\nin Nairobi on Tuesday. ")]
    with Store.open(sqlite_url) as store:
        result = store.ingest(inputs, extractor=fixed_extractor({}))
    assert len(result.ingested) == 1 and result.duplicates == 2


def test_article_ids_are_content_hashes_and_articles_are_stored_whole(sqlite_url: str) -> None:
    item = article("x", "Reuters", "Shelling hit Kharkiv on Saturday.")
    item.raw = "<p>Shelling hit Kharkiv on Saturday.</p>"
    with Store.open(sqlite_url) as store:
        [aid] = store.ingest([item], extractor=fixed_extractor({})).ingested
        stored = store.article(aid)
    with Store.open(sqlite_url) as store:  # another process, same id
        assert store.article(aid) is not None
    assert len(aid) == 16 and stored is not None
    assert stored.content_hash.startswith(aid)
    assert stored.text == item.text and stored.raw == item.raw
    assert stored.outlet == "Reuters" and stored.published == dt.date(2021, 9, 2)
    assert stored.source_id == "x" and stored.source == "x.txt"


def test_malformed_inputs_are_rejected_with_a_reason_and_do_not_stop_the_batch(
    store_url: str,
) -> None:
    bad = ArticleInput(ArticleMeta(id="bad"), error="line 3: bad JSON: Expecting value",
                       source="batch.jsonl:3")
    empty = article("empty", "AFP", "   ")
    good = article("good", "AFP", "Fighting in Djibo killed dozens.")

    def extractor(inputs):
        for item in inputs:
            error = "empty article: no text to extract from" if not item.text.strip() else None
            yield item, Report(article=item.meta, error=error)

    with Store.open(store_url) as store:
        result = store.ingest([bad, empty, good], extractor=extractor)
        store.ingest([bad, empty, good], extractor=extractor)
        rejections = store.rejections()
    assert len(result.ingested) == 1
    assert result.rejected == [
        ("batch.jsonl:3", "line 3: bad JSON: Expecting value"),
        ("empty.txt", "empty article: no text to extract from"),
    ]
    assert len(rejections) == 2  # a re-run does not add the same rejection twice
    assert {r.reason for r in rejections} == {reason for _, reason in result.rejected}


def test_reports_from_two_outlets_merge_into_one_disputed_cluster(store_url: str) -> None:
    inputs, reports = _panjshir_inputs()
    with Store.open(store_url) as store:
        store.ingest(inputs, extractor=fixed_extractor(reports))
        [cluster] = store.clusters()
        detail = store.cluster(cluster.id)
        by_side = store.claims(side="Taliban")
        cluster_claims = store.claims(cluster_id=cluster.id)
    assert cluster.corroboration == 2 and cluster.n_articles == 2 and cluster.disputed
    assert cluster.place == "Bazarak"  # the most specific place any report gave
    assert cluster.actor1 == "Taliban" and cluster.date == dt.date(2021, 9, 1)
    # every claim is a belligerent's count of its enemy's losses: none is credible, so the
    # conservative figure falls back to the lowest claimed
    assert (cluster.fatalities, cluster.fatalities_high) == (8, 34)
    assert {f["claimant"] for f in cluster.figures} == {"Taliban", "National Resistance Front"}
    assert sorted(cluster.outlets) == ["Agence France-Presse", "Reuters"]
    # each article's own contradiction; the same claimant's 30 vs 34 is no contradiction
    assert [c["article_id"] is not None for c in cluster.contradictions] == [True, True]
    assert detail is not None and len(detail.events) == 2 and len(detail.articles) == 2
    assert len(detail.claims) == 4 and len(cluster_claims) == 4 and len(by_side) == 2


def test_reprocess_replaces_derived_rows_and_keeps_articles(store_url: str) -> None:
    inputs, reports = _panjshir_inputs()
    with Store.open(store_url) as store:
        ingested = store.ingest(inputs, extractor=fixed_extractor(reports)).ingested
        before = {a.id: (a.ingested_at, a.text) for a in store.articles()}
        empty = fixed_extractor({})  # a pipeline that now finds nothing
        result = store.reprocess(extractor=empty)
        after = {a.id: (a.ingested_at, a.text) for a in store.articles()}
        counts = store.counts()
        again = store.reprocess(extractor=fixed_extractor(reports))
        counts_again = store.counts()
    assert sorted(result.ingested) == sorted(ingested) and before == after
    assert counts["events"] == counts["claims"] == counts["clusters"] == 0
    assert counts["articles"] == 2
    assert len(again.ingested) == 2
    assert counts_again["events"] == 2 and counts_again["clusters"] == 1


def test_cluster_ids_are_deterministic_across_stores_and_ingest_orders(tmp_path) -> None:
    inputs, reports = _panjshir_inputs()
    ids = []
    for n, order in enumerate((inputs, inputs[::-1])):
        with Store.open(f"sqlite:///{tmp_path / f'{n}.db'}") as store:
            store.ingest(order, extractor=fixed_extractor(reports))
            ids.append([c.id for c in store.clusters()])
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_timeline_and_filters(sqlite_url: str) -> None:
    inputs, reports = _panjshir_inputs()
    with Store.open(sqlite_url) as store:
        store.ingest(inputs, extractor=fixed_extractor(reports))
        assert len(store.timeline(actor="National Resistance Front")) == 1
        assert len(store.timeline(place="Panjshir")) == 1
        assert len(store.timeline(place="AF")) == 1
        assert store.timeline(actor="Hamas") == []
        assert len(store.clusters(min_corroboration=2)) == 1
        assert store.clusters(since=dt.date(2021, 9, 2)) == []
        assert len(store.events(article_id=store.articles()[0].id)) == 1
        assert [r.article.outlet for r in store.reports()] != []


def test_sql_views_give_actor_and_place_timelines(store_url: str) -> None:
    from sqlalchemy import text

    inputs, reports = _panjshir_inputs()
    with Store.open(store_url) as store:
        store.ingest(inputs, extractor=fixed_extractor(reports))
        with store.engine.connect() as connection:
            actors = connection.execute(
                text("SELECT actor, cluster_id FROM actor_timeline ORDER BY actor")
            ).all()
            places = connection.execute(
                text("SELECT cluster_id FROM place_timeline WHERE admin1 = 'Panjshir'")
            ).all()
    assert [a for a, _ in actors] == ["National Resistance Front", "Taliban"]
    assert len(places) == 1


def test_the_store_upgrades_on_open_and_models_match_the_migrations(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from contested.store import migrate
    from contested.store.schema import Base

    with Store.open(store_url) as store:
        assert migrate.current(store.engine) == migrate.head()
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    with Store.open(store_url) as store:  # opening an up-to-date store changes nothing
        assert migrate.current(store.engine) == migrate.head()


def test_an_unreachable_database_is_one_line_input_error() -> None:
    with pytest.raises(InputError, match="cannot open the store"):
        Store.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=1")


def test_a_plain_path_is_a_sqlite_file(tmp_path) -> None:
    path = tmp_path / "plain.db"
    with Store.open(str(path)) as store:
        assert store.counts()["articles"] == 0
    assert path.exists()


def test_an_older_database_is_upgraded_on_open_and_keeps_its_articles(store_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect, text

    from contested.store import migrate
    from contested.store.api import _engine

    engine = _engine(store_url)
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO articles (id, content_hash, text, ingested_at) "
            "VALUES ('0ld0ld0ld0ld0ld0', 'old', 'An old article.', '2021-01-01 00:00:00')"
        ))
    assert "event_id" not in {c["name"] for c in inspect(engine).get_columns("casualties")}
    engine.dispose()
    inputs, reports = _panjshir_inputs()
    with Store.open(store_url) as store:
        store.ingest(inputs, extractor=fixed_extractor(reports))
        columns = {c["name"] for c in inspect(store.engine).get_columns("casualties")}
        assert "event_id" in columns and migrate.current(store.engine) == migrate.head()
        assert store.counts()["casualties"] == 4
        assert store.article("0ld0ld0ld0ld0ld0").text == "An old article."


def test_cluster_orders_put_unknown_tolls_last(store_url: str) -> None:
    inputs, reports = _panjshir_inputs()
    quiet = article("quiet", "AP", "Talks were held in Doha.", published="2022-01-05")
    with Store.open(store_url) as store:
        store.ingest([*inputs, quiet], extractor=fixed_extractor(reports))
        store.reprocess(extractor=fixed_extractor({
            **reports,
            "quiet": Report(article=quiet.meta, events=[Event(
                event_type="Strategic developments", sub_event_type="Agreement",
                actor1="Taliban", date=dt.date(2022, 1, 4), date_precision="day")]),
        }))
        by_toll = store.clusters(order="fatalities")
        by_reports = store.clusters(order="corroboration")
        newest = store.clusters(order="-date")
    assert [c.fatalities_high for c in by_toll] == [34, None]
    assert [c.corroboration for c in by_reports] == [2, 1]
    assert [c.sub_event_type for c in newest] == ["Agreement", "Armed clash"]


def test_a_rejection_is_cleared_when_the_article_later_ingests(sqlite_url: str) -> None:
    item = article("flaky", "AFP", "Clashes in Kunduz on Monday.")

    def failing(inputs):
        for i in inputs:
            yield i, Report(article=i.meta, error="internal error in stage 'events': boom")

    with Store.open(sqlite_url) as store:
        assert store.ingest([item], extractor=failing).failed == 1
        assert len(store.rejections()) == 1
        assert len(store.ingest([item], extractor=fixed_extractor({})).ingested) == 1
        assert store.rejections() == []


def test_dateline_credits_are_stored_and_reprints_do_not_corroborate(sqlite_url: str) -> None:
    from contested.store.rows import wire_credit

    assert wire_credit("PARIS (AFP) - Fighting", "France 24") == "Agence France-Presse"
    assert wire_credit("DAKAR, Nov 28 (Reuters) - Militants", "Reuters") is None
    assert wire_credit("The group (ISIS) - said", "BBC") is None
    afp = article("afp", "Agence France-Presse", "Kabul (AFP) - Heavy fighting in Panjshir.")
    reprint = article("f24", "France 24", "Kabul (AFP) - Heavy fighting in the Panjshir.")
    reports = {"afp": panjshir_report(afp.meta), "f24": panjshir_report(reprint.meta)}
    with Store.open(sqlite_url) as store:
        [first, second] = store.ingest([afp, reprint], extractor=fixed_extractor(reports)).ingested
        [cluster] = store.clusters()
        assert store.article(second).wire == "Agence France-Presse"
        assert store.article(first).wire is None
    assert cluster.corroboration == 1 and cluster.n_articles == 2


def test_reclustering_rewrites_only_what_changed(store_url: str) -> None:
    inputs, reports = _panjshir_inputs()

    def snapshot(store: Store) -> dict:
        return {c.id: (c.n_articles, c.fatalities_high, tuple(c.outlets)) for c in store.clusters()}

    with Store.open(store_url) as store:
        # the AFP report (a town) anchors the cluster; the Reuters one (the province) joins
        store.ingest(inputs[1:], extractor=fixed_extractor(reports))
        before = snapshot(store)
        store.recluster()
        assert snapshot(store) == before
        store.ingest(inputs[:1], extractor=fixed_extractor(reports))
        after = snapshot(store)
        members = store.memberships()
    assert list(after) == list(before)  # the same anchor, so the same id
    assert after[next(iter(after))] == (2, 34, ("Agence France-Presse", "Reuters"))
    assert len(members) == 2 and set(members.values()) == set(after)
