"""The offline gazetteer: names, aliases, area points and fuzzy transliteration matching."""

from __future__ import annotations

import pytest

from contested import gazetteer
from contested.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    FUZZY_NAME_MIN,
    FUZZY_SKELETON_MIN,
    fuzzy_lookup,
    normalise,
    skeleton,
)


@pytest.fixture(scope="module")
def gaz():
    return gazetteer.load()


def _entries(gaz, name):
    return [gaz.entry(e) for e in gaz.lookup(name)]


def test_normalise_folds_case_accents_hyphens_and_dots() -> None:
    assert normalise("Jabal os-Sarāj") == "jabal os saraj"
    assert normalise("U.S.") == "u s"
    assert normalise("Sar-e Pul") == normalise("Sar e Pul")


def test_a_town_has_its_geonames_record(gaz) -> None:
    (town,) = _entries(gaz, "Jabal os Saraj")
    assert (town.level, town.country_code, town.admin1) == (CITY, "AF", "Parwān")
    assert town.geonames_id == 1139807
    assert abs(town.lat - 35.118) < 0.01 and abs(town.lon - 69.238) < 0.01


def test_subdivisions_are_found_by_their_aliases(gaz) -> None:
    (province,) = _entries(gaz, "Panjshir")  # an alias of "Panjshayr"
    assert (province.level, province.country_code) == (ADMIN1, "AF")
    # no town is listed in Panjshir's districts: they stand at the province's point
    assert abs(province.lat - 35.4) < 0.5 and abs(province.lon - 69.7) < 0.5


def test_data_file_aliases_and_abbreviations(gaz) -> None:
    assert [(e.level, e.country_code) for e in _entries(gaz, "U.K.")] == [(COUNTRY, "GB")]
    assert [(e.name, e.level) for e in _entries(gaz, "N.D.")] == [("North Dakota", ADMIN1)]
    assert _entries(gaz, "Kiev")[0].name == "Kyiv"


def test_outlets_and_common_words_are_not_in_the_gazetteer(gaz) -> None:
    for word in ("Surrender", "Reuters", "NPR", "Taliban"):
        assert gaz.lookup(word) == []


def test_districts_know_their_province(gaz) -> None:
    (parish,) = _entries(gaz, "Rapides Parish")
    assert (parish.level, parish.admin1, parish.country_code) == (ADMIN2, "Louisiana", "US")


def test_capitals_are_marked(gaz) -> None:
    washington = [e for e in gaz.lookup("Washington") if e in gaz.capitals]
    assert [gaz.entry(e).country_code for e in washington] == ["US"]


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        ("Jabul-Saraj", "Jabal os Saraj"),
        ("Shotul", "Shutul"),
        ("Sari Pul", "Sar-e Pul"),
        ("Mazar-i-Sharif", "Mazar-e Sharif"),
    ],
)
def test_transliteration_variants_pass_both_thresholds(variant: str, name: str) -> None:
    from rapidfuzz import fuzz

    a, b = normalise(variant), normalise(name)
    assert fuzz.ratio(a, b) >= FUZZY_NAME_MIN
    assert fuzz.ratio(skeleton(a), skeleton(b)) >= FUZZY_SKELETON_MIN


def test_a_common_word_fails_the_name_threshold() -> None:
    from rapidfuzz import fuzz

    assert fuzz.ratio("surrender", "sarandar") < FUZZY_NAME_MIN


def test_fuzzy_lookup_stays_inside_the_given_countries(gaz) -> None:
    shotul = [gaz.entry(e) for e in fuzzy_lookup(gaz, "Shotul", ["AF"])]
    assert [(e.name, e.level, e.admin1) for e in shotul] == [("Shutul", ADMIN2, "Panjshayr")]
    assert fuzzy_lookup(gaz, "Shotul", ["FR"]) == []
    assert fuzzy_lookup(gaz, "Surrender", ["AF"]) == []


def test_the_cache_round_trips(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONTESTED_CACHE_DIR", str(tmp_path))
    path = gazetteer.cache_path()
    assert path is not None and path.parent == tmp_path
    gaz = gazetteer.load()  # the cached process-wide instance
    gazetteer._write_cache(gaz, path)
    assert path.is_file()
    gazetteer.load.cache_clear()
    try:
        again = gazetteer.load()
        assert again is not gaz and again.lookup("Kabul") == gaz.lookup("Kabul")
    finally:
        gazetteer.load.cache_clear()
        monkeypatch.delenv("CONTESTED_CACHE_DIR")
        gazetteer.load()
