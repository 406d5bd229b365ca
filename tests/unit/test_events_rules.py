"""Hand-written sentences pin what each family of event cues does (tests/data/event_sentences.yaml).

Model-backed: each sentence runs through the pipeline up to the events stage; the main event's
sub-event type (or the non-conflict kind, or "none") must be the sentence's label.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contested.eval.events import main_event
from contested.model import Document

pytestmark = pytest.mark.model

SENTENCES = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "event_sentences.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def code():
    from contested.eval.events import event_pipeline

    pipe = event_pipeline()

    def run(text: str) -> Document:
        return pipe.run(Document(text=text))

    return run


def _label(document: Document) -> str:
    event = main_event(document.events)
    if event is not None:
        return event.sub_event_type
    return document.non_conflict or "none"


@pytest.mark.parametrize(
    ("label", "text"), [(s["label"], s["text"]) for s in SENTENCES], ids=lambda v: v[:40]
)
def test_hand_written_sentence_is_coded(code, label: str, text: str) -> None:
    assert _label(code(text)) == label


def test_event_type_matches_sub_event_type(code) -> None:
    event = code("Government warplanes bombed the village of Harn.").events[0]
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence", "Air/drone strike",
    )


def test_sentences_about_one_incident_merge_into_one_event(code) -> None:
    doc = code(
        "Rebels clashed with the army near Osra on Monday. The fighting lasted until dawn. "
        "Police arrested two journalists in the capital."
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash", "Arrests"]
    assert len(doc.events[0].evidence) == 2
    assert [e.id for e in doc.events] == ["e1", "e2"]


def test_evidence_is_the_sentence_text(code) -> None:
    doc = code("Nothing happened. Gunmen kidnapped a priest in Tanra.")
    evidence = doc.events[0].evidence[0]
    assert evidence.text == doc.text[evidence.start : evidence.end]
    assert evidence.text.startswith("Gunmen kidnapped")


def test_default_actors_for_protests_and_civilian_victims(code) -> None:
    protest = code("Thousands of people protested against the new tax.").events[0]
    assert protest.actor1 == "Protesters"
    attack = code("Gunmen opened fire on villagers, killing five.").events[0]
    assert attack.actor2 == "Civilians"


def test_no_event_in_non_conflict_news_records_its_kind(code) -> None:
    doc = code("Floods and a landslide after heavy rain cut off three villages.")
    assert doc.events == []
    assert doc.non_conflict == "NATURAL_DISASTER"
