"""The invariant checker catches each kind of broken report (no model needed)."""

from __future__ import annotations

import pytest

from contested.model import (
    ArticleMeta,
    Casualty,
    Claim,
    ClaimSpans,
    Contradiction,
    Document,
    Entity,
    Event,
    Offsets,
    Place,
    Report,
    Sentence,
    Span,
)
from contested.validate import check_document, check_report

TEXT = "The Taliban said they took Bazarak. The NRF denied it."


def span(start: int, end: int) -> Span:
    return Span(start=start, end=end, text=TEXT[start:end])


def good_report(**changes) -> Report:
    claims = [
        Claim(id="c1", text=TEXT[0:35], evidence=[span(0, 35)],
              spans=ClaimSpans(source=Offsets(start=4, end=11), content=Offsets(start=17, end=34))),
        Claim(id="c2", text=TEXT[36:], evidence=[span(36, len(TEXT))]),
    ]
    report = Report(
        article=ArticleMeta(id="a"),
        places=[Place(mention="Bazarak", lat=35.3, lon=69.5, evidence=[span(27, 34)])],
        events=[Event(id="e1", event_type="Battles", sub_event_type="Non-state actor overtakes territory",
                      claims=["c1", "c2"], evidence=[span(0, 35)], fatalities=0,
                      location=Place(mention="Bazarak", evidence=[span(27, 34)]))],
        claims=claims,
        casualties=[Casualty(killed=3, claim="c1", evidence=[span(0, 35)])],
        contradictions=[Contradiction(topic="territory", subject="Bazarak", claims=["c1", "c2"],
                                      sides=["Taliban", "NRF"], summary="…")],
    )
    return report.model_copy(update=changes)


def test_a_good_report_has_no_problems() -> None:
    assert check_report(good_report(), TEXT) == []


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ({"places": [Place(mention="x", evidence=[Span(start=0, end=3, text="Tha")])]}, "differs"),
        ({"places": [Place(mention="x", evidence=[Span(start=50, end=99, text="x")])]}, "outside"),
        ({"places": [Place(mention="x", lat=91.0)]}, "latitude"),
        ({"events": [Event(id="e1", event_type="Battles", sub_event_type="Armed clash", claims=["c9"])]}, "unknown claim c9"),
        ({"events": [Event(id="e1", event_type="Battles", sub_event_type="Picnic")]}, "not an ACLED type"),
        ({"events": [Event(id="e1", event_type="Battles", sub_event_type="Armed clash", location=Place(mention="x", evidence=[Span(start=1, end=2, text="?")]))]}, "location evidence"),
        ({"events": [Event(id="e1", event_type="Battles", sub_event_type="Armed clash", confidence=1.5)]}, "confidence"),
        ({"casualties": [Casualty(claim="c7")]}, "unknown claim c7"),
        ({"casualties": [Casualty.model_construct(killed=-4, evidence=[], outlets=[])]}, "killed"),
        ({"casualties": [Casualty(killed=2**40)]}, "out of range"),
        ({"claims": [Claim(id="c1"), Claim(id="c1")]}, "used twice"),
        ({"claims": [Claim(id="c1", spans=ClaimSpans(cue=Offsets(start=3, end=500)))]}, "cue span"),
        ({"contradictions": [Contradiction(topic="other", subject="s", claims=["c5"], sides=[], summary="")]}, "unknown claim c5"),
        ({"article": ArticleMeta(id="\ud800")}, "JSON"),
    ],
)
def test_each_breakage_is_reported(breakage: dict, expected: str) -> None:
    problems = check_report(good_report(**breakage), TEXT)
    assert any(expected in p for p in problems), problems


def test_an_error_report_must_carry_no_facts() -> None:
    report = good_report(error="empty article")
    assert any("error and facts" in p for p in check_report(report, TEXT))


def test_document_offsets_are_checked() -> None:
    document = Document(
        text=TEXT,
        sentences=[Sentence(start=0, end=35), Sentence(start=30, end=54)],
        entities=[Entity(label="GPE", start=27, end=34, text="Bazarek")],
    )
    problems = check_document(document)
    assert any("overlaps" in p for p in problems)
    assert any("entity GPE" in p for p in problems)
