"""Contradictions on hand-built claims, places and casualties (no model)."""

from __future__ import annotations

import datetime as dt

from contested.model import Casualty, Claim, ClaimSpans, Document, Event, Offsets, Place, Span
from contested.stages.contradictions import run

TEXT = (
    "Fighting went on in Panjshir valley. "
    "The Taliban said it had entered the valley. "
    "The NRF said it held all passes into Shotul district."
)


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _claim(id_: str, side: str, content: str, kind: str = "territory", party: bool = True) -> Claim:
    start, end = _span(content)
    offsets = Offsets(start=start, end=end)
    return Claim(id=id_, side=side, party=party, kind=kind, text=content,
                 spans=ClaimSpans(content=offsets, content_parts=[offsets]))


def _place(mention: str, name: str, feature: str, admin1: str = "Panjshir") -> Place:
    start, end = _span(mention)
    return Place(mention=mention, name=name, feature=feature, admin1=admin1, lat=35.0, lon=69.0,
                 evidence=[Span(start=start, end=end, text=mention)])


def _doc(*claims: Claim) -> Document:
    return Document(
        text=TEXT,
        claims=list(claims),
        places=[_place("Panjshir", "Panjshir", "province"), _place("Shotul", "Shutul", "district")],
        events=[Event(event_type="Battles", sub_event_type="Armed clash", claims=["c1"])],
    )


TALIBAN = ("c1", "Taliban", "it had entered the valley")
NRF = ("c2", "National Resistance Front", "it held all passes into Shotul district")


def test_opposing_territorial_claims_on_the_same_area_contradict():
    doc = run(_doc(_claim(*TALIBAN), _claim(*NRF)))
    (found,) = doc.contradictions
    assert found.topic == "territory" and found.claims == ["c1", "c2"]
    assert found.sides == ["Taliban", "National Resistance Front"]
    assert found.subject == "control of Panjshir"
    assert "entered the valley" in found.summary and "held all passes" in found.summary
    assert doc.events[0].disputed


def test_claims_of_one_side_do_not_contradict_each_other():
    doc = run(_doc(_claim(*TALIBAN), _claim("c2", "Taliban", NRF[2])))
    assert doc.contradictions == [] and not doc.events[0].disputed


def test_non_party_sources_are_not_sides_of_a_contradiction():
    doc = run(_doc(_claim(*TALIBAN), _claim(*NRF, party=False)))
    assert doc.contradictions == []


def test_territorial_denial_counts():
    doc = run(_doc(_claim(*TALIBAN), _claim(*NRF, kind="denial")))
    assert len(doc.contradictions) == 1


def test_places_in_different_provinces_do_not_contradict():
    doc = _doc(_claim(*TALIBAN), _claim(*NRF))
    doc.places[1] = _place("Shotul", "Shutul", "district", admin1="Parwan")
    doc.places[0] = _place("Panjshir", "Panjshir", "province", admin1="Panjshir")
    assert run(doc).contradictions == []


def _casualty(by: str, killed: int, claim: str, day: int = 2) -> Casualty:
    return Casualty(victim_side="Taliban", killed=killed, claimed_by=by, claim=claim,
                    date=dt.date(2021, 9, day))


def test_casualty_figures_that_differ_contradict():
    doc = _doc()
    doc.casualties = [_casualty("Taliban", 5, "c3"), _casualty("National Resistance Front", 34, "c4")]
    (found,) = run(doc).contradictions
    assert found.topic == "casualties" and found.claims == ["c3", "c4"]
    assert found.summary == "Taliban say 5 Taliban killed; National Resistance Front say 34 Taliban killed"


def test_close_or_distant_figures_do_not_contradict():
    doc = _doc()
    doc.casualties = [_casualty("Taliban", 30, "c3"), _casualty("National Resistance Front", 34, "c4")]
    assert run(doc).contradictions == []
    doc.casualties = [_casualty("Taliban", 5, "c3", day=2), _casualty("NRF", 34, "c4", day=20)]
    assert run(doc).contradictions == []


def test_denial_without_a_topic_answers_the_latest_claim_of_the_other_side():
    text = TEXT + " The NRF denied the claim."
    doc = _doc(_claim(*TALIBAN))
    doc.text = text
    start = text.index("the claim.")
    offsets = Offsets(start=start, end=start + len("the claim"))
    doc.claims.append(Claim(id="c2", side="National Resistance Front", party=True, kind="denial",
                            text="the claim",
                            spans=ClaimSpans(content=offsets, content_parts=[offsets])))
    (found,) = run(doc).contradictions
    assert found.claims == ["c1", "c2"] and found.topic == "territory"
    assert found.summary.endswith("National Resistance Front denies it")
