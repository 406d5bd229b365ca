"""The seed article's places resolve as the gold file says (model-backed)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(shared_dir, run_doc):
    text = (shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")
    gold = json.loads((shared_dir / "gold" / "panjshir.json").read_text(encoding="utf-8"))
    return run_doc(text, published="2021-09-02"), gold


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from contested.eval.geo import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def test_every_gold_place_resolves(seed) -> None:
    doc, gold = seed
    for want in gold["places"]:
        place = next(p for p in doc.places if p.mention == want["mention"])
        assert place.country_code == want["country_code"], want["mention"]
        if "admin1" in want:
            assert place.admin1 in want["admin1"] or _alias(place.admin1, want["admin1"])
        if "admin2" in want:
            assert place.name in want["admin2"], want["mention"]
        if "feature" in want:
            assert place.feature == want["feature"], want["mention"]
        if "lat" in want:
            assert _km(place.lat, place.lon, want["lat"], want["lon"]) <= want["tolerance_km"]


def _alias(name: str | None, accepted: list[str]) -> bool:
    """Gold lists spellings ("Panjshir", "Panjshayr"); the gazetteer may add diacritics."""
    from contested.gazetteer import normalise

    return name is not None and normalise(name) in {normalise(a) for a in accepted}


def test_jabul_saraj_is_the_parwan_town(seed) -> None:
    doc, _ = seed
    town = next(p for p in doc.places if p.mention == "Jabul-Saraj")
    assert (town.name, town.geonames_id) == ("Jabal os Saraj", 1139807)
    assert len(town.evidence) == 2
    assert all(doc.text[e.start : e.end] == e.text for e in town.evidence)


def test_must_not_places_are_absent(seed) -> None:
    doc, gold = seed
    banned = {m["place_mention"] for m in gold["must_not"] if "place_mention" in m}
    banned |= {"Reuters", "NPR", "Foreign Policy", "Taliban", "NRF", "Afghan"}
    mentions = {e.text for p in doc.places for e in p.evidence}
    assert not mentions & banned


def test_the_shotul_clash_is_located_at_shotul(seed) -> None:
    from contested.locate import locate

    doc, _ = seed
    start = doc.text.index("The enemy made multiple attempts")
    end = doc.text.index("failed each time")
    place, precision = locate(doc, start, end)
    assert place is not None and place.mention == "Shotul" and precision == 2
