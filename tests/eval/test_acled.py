"""`contested eval acled`: reading real-shaped exports, normalising, and scoring columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contested.errors import InputError
from contested.eval.acled import (
    AcledRow,
    RowResult,
    compare,
    km_between,
    normalise_actor,
    parse_date,
    read_acled_csv,
    same_name,
    summarise,
)
from contested.model import Event, Place

SAMPLE = Path(__file__).parents[1] / "data" / "acled_sample.csv"


def test_reads_an_export_with_bom_extra_columns_and_quoted_commas() -> None:
    rows = read_acled_csv(SAMPLE)
    assert len(rows) == 5
    first = rows[0]
    assert first.event_date == dt.date(2023, 3, 14)
    assert first.notes.startswith("On 14 March 2023, the Rapid Support Forces clashed")
    assert (first.latitude, first.longitude, first.fatalities) == (15.5007, 32.5599, 4)
    assert rows[1].event_date == dt.date(2023, 3, 15)  # ISO dates are accepted too


def test_header_case_and_missing_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "min.csv"
    path.write_text('NOTES,Event_Date,EVENT_TYPE,sub_event_type\n"a, b",2021-09-02,Battles,'
                    "Armed clash\n", encoding="utf-8")
    (row,) = read_acled_csv(path)
    assert (row.notes, row.actor1, row.fatalities, row.latitude) == ("a, b", "", None, None)


def test_not_an_export_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns: notes"):
        read_acled_csv(path)
    with pytest.raises(InputError, match="cannot read"):
        read_acled_csv(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("text", "date"),
    [("02 September 2021", dt.date(2021, 9, 2)), ("2021-09-02", dt.date(2021, 9, 2)),
     ("2 September 2021", dt.date(2021, 9, 2)), ("garbage", None)],
)
def test_dates(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


def test_actor_names_lose_acled_qualifiers_and_aliases_map_to_canonical_names() -> None:
    assert normalise_actor("Civilians (Afghanistan)") == "civilians"
    assert normalise_actor("Taliban") == normalise_actor("taliban")
    assert normalise_actor("NRF") == normalise_actor("National Resistance Front")
    assert normalise_actor(None) == ""


def test_province_spellings() -> None:
    assert same_name("Idlib", "Idleb") and same_name("Kābul", "Kabul")
    assert same_name("Panjshir", "Panjsher")
    assert not same_name("Paktia", "Paktika") and not same_name("", "")


def test_km_between() -> None:
    assert km_between(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)


def _row(**kw) -> AcledRow:
    base = dict(notes="x", event_date=None, event_type="Battles", sub_event_type="Armed clash",
                actor1="Taliban", actor2="Civilians (Afghanistan)", admin1="Kabul",
                location="Kabul", latitude=34.53, longitude=69.17, fatalities=2)
    return AcledRow(**{**base, **kw})


def test_compare_each_column_actors_in_either_order() -> None:
    place = Place(mention="Kabul", name="Kabul", admin1="Kābul", lat=34.53, lon=69.17)
    event = Event(event_type="Battles", sub_event_type="Armed clash", actor1="Civilians",
                  actor2="Taliban", location=place, fatalities=2)
    assert compare(_row(), event) == {
        "event_type": True, "sub_event_type": True, "actor1": True, "actor2": True,
        "admin1": True, "fatalities": True,
    }
    assert compare(_row(actor2="", admin1="", fatalities=None), None) == {
        "event_type": False, "sub_event_type": False, "actor1": False,
    }


def test_summary_counts_only_rows_that_code_a_column() -> None:
    place = Place(mention="Kabul", lat=34.53, lon=69.17)
    good = Event(event_type="Battles", sub_event_type="Armed clash", location=place)
    results = [RowResult(_row(), good, 0.0), RowResult(_row(latitude=None), None, None)]
    summary = summarise(results)
    assert summary.n == 2
    assert summary.accuracy["event_type"] == 0.5
    assert summary.counted["within 25 km"] == 1 and summary.accuracy["within 25 km"] == 1.0
    assert summary.median_km == 0.0


@pytest.mark.model
def test_sample_export_end_to_end() -> None:
    """The hand-written sample (invented notes): every row's type and sub-type is recovered."""
    from contested.eval.acled import evaluate

    result = evaluate(SAMPLE)
    assert result.n == 5
    assert result.accuracy["event_type"] == 1.0
    assert result.accuracy["sub_event_type"] == 1.0
    assert result.accuracy["fatalities"] == 1.0
    assert result.accuracy["actor1"] >= 0.6


@pytest.mark.model
def test_command_prints_the_table(capsys) -> None:
    from contested.eval.acled import command

    command(SAMPLE)
    out = capsys.readouterr().out
    assert "sub_event_type" in out and "median location error" in out
