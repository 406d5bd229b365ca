"""locate(): asides (origins, background events, datelines) never win an event's location."""

from __future__ import annotations

import re

from contested.locate import locate
from contested.model import Document, Place, Sentence, Span


def _doc(text: str, places: dict[str, str]) -> Document:
    built = []
    for number, (name, feature) in enumerate(places.items(), start=1):
        evidence = [Span(start=m.start(), end=m.end(), text=name) for m in re.finditer(name, text)]
        built.append(
            Place(
                id=f"p{number}",
                mention=name,
                name=name,
                feature=feature,
                lat=1.0,
                lon=1.0,
                evidence=evidence,
            )
        )
    sentences = [Sentence(start=m.start(), end=m.end()) for m in re.finditer(r"[^.]+\.?", text)]
    return Document(text=text, places=built, sentences=sentences)


def test_a_place_named_as_background_is_not_the_event_place() -> None:
    text = "Since the fall of Kabul in Panjshir, fighters surrounded the valley."
    doc = _doc(text, {"Kabul": "city", "Panjshir": "province"})
    place, precision = locate(doc, 0, len(text))
    assert (place.name, precision) == ("Panjshir", 3)


def test_a_dateline_is_not_the_event_place() -> None:
    text = "CAIRO (AP) - Shelling hit Omdurman on Monday."
    doc = _doc(text, {"CAIRO": "city", "Omdurman": "city"})
    place, _ = locate(doc, 0, len(text))
    assert place.name == "Omdurman"


def test_the_origin_of_an_attack_is_not_its_place() -> None:
    text = "Fighters tried to enter Shotul from Jabul-Saraj."
    doc = _doc(text, {"Shotul": "district", "Jabul-Saraj": "city"})
    place, precision = locate(doc, 0, len(text))
    assert (place.name, precision) == ("Shotul", 2)


def test_a_town_is_preferred_to_its_province() -> None:
    text = "Clashes erupted in Djibo, in Soum province."
    doc = _doc(text, {"Djibo": "city", "Soum": "province"})
    assert locate(doc, 0, len(text)) == (doc.places[0], 1)
