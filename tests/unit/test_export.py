"""Exports of the corpus: ACLED CSV (ACLED's columns, conservative fatalities, notes with the
claims and figures), GeoJSON and JSONL, for clusters and for events."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from contested.export import claimant_figures, export
from contested.render import ACLED_COLUMNS
from contested.store import Store
from tests.store.helpers import BAZARAK, article, fixed_extractor, panjshir_report


@pytest.fixture
def store(tmp_path: Path):
    inputs = [article("reuters", "Reuters", "Clashes in Panjshir on Wednesday."),
              article("afp", "Agence France-Presse", "Fighting in the Panjshir valley.")]
    reports = {"reuters": panjshir_report(inputs[0].meta, nrf_claim=30, taliban_claim=8),
               "afp": panjshir_report(inputs[1].meta, place=BAZARAK)}
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}") as opened:
        opened.ingest(inputs, extractor=fixed_extractor(reports))
        yield opened


def _run(store: Store, fmt: str, what: str = "clusters", **filters) -> tuple[int, str]:
    stream = io.StringIO()
    count = export(store, fmt, stream, what, **filters)
    return count, stream.getvalue()


def test_acled_csv_has_one_row_per_incident_with_acled_columns(store: Store) -> None:
    count, text = _run(store, "acled-csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 1 and list(rows[0]) == ACLED_COLUMNS
    row = rows[0]
    assert row["event_date"] == "2021-09-01" and row["time_precision"] == "1"
    assert row["disorder_type"] == "Political violence" and row["event_type"] == "Battles"
    assert row["location"] == "Bazarak" and row["admin1"] == "Panjshir"
    assert row["fatalities"] == "8"  # the lowest figure: every claim is partisan
    assert row["source"] == "Agence France-Presse; Reuters"
    assert "Fahim Dashti: killed 34 Taliban" in row["notes"]
    assert "National Resistance Front: 30-34 (Taliban)" in row["notes"]
    assert "Reported by 2 independent sources." in row["notes"]


def test_geojson_is_a_feature_collection_of_points(store: Store) -> None:
    count, text = _run(store, "geojson")
    collection = json.loads(text)
    [feature] = collection["features"]
    assert collection["type"] == "FeatureCollection" and count == 1
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.515, 35.313]}
    assert feature["properties"]["corroboration"] == 2
    assert len(feature["properties"]["members"]) == 2


def test_jsonl_clusters_carry_members_claims_figures_and_articles(store: Store) -> None:
    _, text = _run(store, "jsonl")
    [record] = [json.loads(line) for line in text.splitlines()]
    assert {m["outlet"] for m in record["members"]} == {"Reuters", "Agence France-Presse"}
    assert len(record["claims"]) == 4 and len(record["articles"]) == 2
    assert record["fatalities"] == 8 and record["fatalities_high"] == 34
    nrf = [r for r in record["ranges_by_claimant"] if r["claimant"] == "National Resistance Front"]
    assert nrf == [{"claimant": "National Resistance Front", "victim_side": "Taliban",
                    "killed_low": 30, "killed_high": 34, "reports": 2}]


def test_events_export_one_row_per_article_event(store: Store) -> None:
    count, text = _run(store, "acled-csv", "events")
    assert count == 2 and len(list(csv.DictReader(io.StringIO(text)))) == 2
    count, text = _run(store, "jsonl", "events")
    records = [json.loads(line) for line in text.splitlines()]
    assert count == 2 and len({r["cluster_id"] for r in records}) == 1
    count, text = _run(store, "geojson", "events")
    assert count == 2 and len(json.loads(text)["features"]) == 2


def test_filters_apply_to_exports(store: Store) -> None:
    assert _run(store, "jsonl", actor="Hamas")[0] == 0
    assert _run(store, "jsonl", place="Panjshir", min_corroboration=2)[0] == 1


def test_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        _run(store, "xml")


def test_claimant_figures_show_ranges() -> None:
    figures = [{"claimant": "A", "victim_side": "B", "killed": 3},
               {"claimant": "A", "victim_side": "B", "killed": 5},
               {"claimant": "C", "victim_side": None, "killed": 2},
               {"claimant": "D", "victim_side": None, "killed": None}]
    assert claimant_figures(figures) == ["A: 3-5 (B)", "C: 2"]
