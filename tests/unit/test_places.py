"""The places stage on hand-built spaCy Docs (no model): each recognition and resolution rule.

`_doc` tokenises a sentence, marks the given entity spans with the given NER labels (as the
small English model would, mistakes included) and tags capitalised words PROPN.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Doc

from contested.locate import locate
from contested.model import Document
from contested.stages import places
from contested.stages.nlp import _fill

_TOKEN = re.compile(r"\w+(?:[-’']\w+)*(?:\.(?=,))?|[^\w\s]")
_VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, is_title), no model


def _doc(text: str, ents: dict[str, str], common: tuple[str, ...] = ()) -> Document:
    """A Document parsed by hand: `ents` maps an entity's text (first occurrence after the
    previous one) to its label; capitalised words not in `common` are PROPN."""
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches]
    spaces = [m.end() < len(text) and text[m.end()] == " " for m in matches]
    iob = ["O"] * len(words)
    cursor = 0
    for surface, label in ents.items():
        for occurrence in surface.split("|"):
            start = text.index(occurrence, cursor)
            cursor = start + len(occurrence)
            inside = [i for i, m in enumerate(matches) if start <= m.start() < cursor]
            iob[inside[0]] = f"B-{label}"
            for i in inside[1:]:
                iob[i] = f"I-{label}"
    pos = ["PROPN" if w[:1].isupper() and w not in common else "NOUN" for w in words]
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    doc = Doc(_VOCAB, words=words, spaces=spaces, ents=iob, pos=pos, sent_starts=starts)
    assert doc.text == text
    return places.run(_fill(Document(text=text), doc))


def _place(document: Document, mention: str):
    return next(p for p in document.places if any(e.text == mention for e in p.evidence))


def test_a_name_tagged_org_before_a_place_word_is_a_district_resolved_fuzzily() -> None:
    doc = _doc(
        "Fighters in Panjshir held Shotul district. They came from Jabul-Saraj.",
        {"Panjshir": "GPE", "Shotul": "ORG", "Jabul-Saraj": "ORG"},
    )
    shotul = _place(doc, "Shotul")
    assert (shotul.name, shotul.feature, shotul.admin1) == ("Shutul", "district", "Panjshayr")
    town = _place(doc, "Jabul-Saraj")
    assert (town.name, town.feature, town.admin1) == ("Jabal os Saraj", "city", "Parwān")
    assert [p.id for p in doc.places] == ["p1", "p2", "p3"]
    for place in doc.places:
        assert all(doc.text[e.start : e.end] == e.text for e in place.evidence)


def test_a_rescued_name_is_a_place_wherever_else_it_occurs() -> None:
    doc = _doc(
        "Fighters in Panjshir came from Jabul-Saraj. Jabul-Saraj is a town.",
        {"Panjshir": "GPE", "Jabul-Saraj|Jabul-Saraj": "PERSON"},
        common=("Fighters",),
    )
    # "from" alone does not make a PERSON-tagged name a place ("a letter from Smith") ...
    assert all(p.mention != "Jabul-Saraj" for p in doc.places)
    doc = _doc(
        "Fighters in Panjshir came from Jabul-Saraj. Jabul-Saraj is a town.",
        {"Panjshir": "GPE", "Jabul-Saraj|Jabul-Saraj": "ORG"},
        common=("Fighters",),
    )
    # ... an ORG-tagged one is, and then so is its other mention
    assert len(_place(doc, "Jabul-Saraj").evidence) == 2


def test_a_sentence_initial_common_word_tagged_person_is_not_a_place() -> None:
    doc = _doc("Surrender is not a word in my vocabulary.", {"Surrender": "PERSON"})
    assert doc.places == [] and doc.toponyms == []


def test_outlets_and_acronyms_tagged_gpe_are_not_places() -> None:
    doc = _doc(
        "NPR and Reuters reported that the NRF held Kabul.",
        {"NPR": "GPE", "Reuters": "GPE", "NRF": "GPE", "Kabul": "GPE"},
    )
    assert [p.mention for p in doc.places] == ["Kabul"]


def test_a_demonym_is_a_toponym_of_its_country_but_not_a_place() -> None:
    doc = _doc("The Afghan resistance fought in Kabul.", {"Afghan": "NORP", "Kabul": "GPE"},
               common=("The",))
    (demonym,) = [t for t in doc.toponyms if t.kind == "demonym"]
    assert (demonym.text, demonym.name) == ("Afghan", "Afghanistan")
    assert [p.mention for p in doc.places] == ["Kabul"]


def test_a_city_and_its_same_named_province_resolve_to_the_city() -> None:
    doc = _doc("Since the fall of Kabul, fighting continued.", {"Kabul": "GPE"})
    assert _place(doc, "Kabul").feature == "city"
    doc = _doc("Parwan province borders Kabul province.", {"Parwan": "GPE", "Kabul": "GPE"})
    assert _place(doc, "Kabul").feature == "province"


def test_a_place_inside_an_organisation_name_is_not_a_place() -> None:
    doc = _doc(
        "The Rapides Parish Fire District investigated the fire in Alexandria.",
        {"The Rapides Parish Fire District": "ORG", "Alexandria": "GPE"},
    )
    (inner,) = [t for t in doc.toponyms if t.kind == "in_name"]
    assert inner.text == "Rapides Parish"
    assert [p.mention for p in doc.places] == ["Alexandria"]
    # ... but it is context: Alexandria is the Louisiana town, not Egypt's city
    assert _place(doc, "Alexandria").admin1 == "Louisiana"


def test_a_name_after_a_comma_contains_the_one_before() -> None:
    doc = _doc("He moved to Paris, Tenn. last year.", {"Paris": "GPE", "Tenn": "GPE"})
    assert _place(doc, "Paris").country_code == "US"


def test_a_name_the_article_gives_a_person_is_that_person() -> None:
    doc = _doc(
        "Andrew Trapani is a producer. The film is a testament to Trapani's work.",
        {"Andrew Trapani": "PERSON", "Trapani": "PERSON"},
        common=("The",),
    )
    assert doc.places == []


def test_an_unknown_place_stays_unknown_with_a_warning() -> None:
    doc = _doc("Shelling hit homes in Qzxwvillo overnight.", {"Qzxwvillo": "GPE"})
    (place,) = doc.places
    assert place.name is None and place.lat is None
    assert any("Qzxwvillo" in w for w in doc.warnings)


def test_an_unknown_one_word_name_without_a_place_cue_is_not_a_place() -> None:
    doc = _doc("Saakashvili rejected the demand.", {"Saakashvili": "GPE"})
    assert doc.places == [] and doc.warnings == []


def test_streets_are_toponyms_but_not_places() -> None:
    doc = _doc("A crash on Hutcheson Road closed it.", {})
    assert [(t.kind, t.text) for t in doc.toponyms] == [("street", "Hutcheson Road")]
    assert doc.places == []


def test_locate_prefers_the_most_specific_place_and_skips_origins() -> None:
    text = "The enemy tried to enter Shotul from Jabul-Saraj in Panjshir province."
    doc = _doc(text, {"Shotul": "ORG", "Jabul-Saraj": "ORG", "Panjshir province": "GPE"},
               common=("The",))
    place, precision = locate(doc, 0, len(text))
    assert (place.mention, precision) == ("Shotul", 2)
    place, precision = locate(doc, text.index("in Panjshir"), len(text))
    assert (place.mention, precision) == ("Panjshir", 3)


def test_locate_gives_a_town_precision_one_or_two_when_near_it() -> None:
    doc = _doc("Clashes erupted in Kabul. A bomb exploded near Kabul.", {"Kabul|Kabul": "GPE"})
    first, second = (s for s in doc.sentences)
    assert locate(doc, first.start, first.end)[1] == 1
    assert locate(doc, second.start, second.end)[1] == 2


def test_locate_never_uses_a_place_inside_an_organisation_name() -> None:
    doc = _doc("The Rapides Parish Fire District met.", {"The Rapides Parish Fire District": "ORG"})
    assert locate(doc, 0, len(doc.text)) == (None, None)


@pytest.mark.parametrize("article_words", [1000])
def test_resolving_a_long_article_is_fast(article_words: int) -> None:
    import time

    sentence = "Fighting in Kabul spread to Panjshir and Parwan province near Jabul-Saraj. "
    text = sentence * (article_words // 12)
    ents = {"|".join(["Kabul"] * (article_words // 12)): "GPE"}
    places.run(_fill(Document(text=sentence), Doc(_VOCAB, words=["x"])))  # warm up
    started = time.process_time()
    doc = _doc(text, ents)
    assert doc.places
    assert time.process_time() - started < 1.0  # generous: CI shares two cores


def test_adjectives_languages_and_lowercase_acronyms_are_not_places() -> None:
    doc = _doc(
        "He sought aid from Western governments and spoke in French about the Clean Water Act.",
        {"Western": "NORP", "French": "NORP", "the Clean Water Act": "LAW"},
        common=("He",),
    )
    assert doc.places == [] and doc.toponyms == []


def test_plural_demonyms_and_acronyms_in_capitals() -> None:
    doc = _doc("Russians fled the ACT and the UK.",
               {"Russians": "NORP", "ACT": "GPE", "UK": "GPE"})
    assert [(t.kind, t.name) for t in doc.toponyms] == [
        ("demonym", "Russian Federation"),
        ("place", "Australian Capital Territory"),
        ("place", "United Kingdom"),
    ]
