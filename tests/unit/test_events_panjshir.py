"""The seed article (../shared/corpus/panjshir.txt): the events and the casualty claim of
../shared/gold/panjshir.json that the events and casualties stages own."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.model

NRF = {"National Resistance Front", "National Resistance Front of Afghanistan", "NRF"}


@pytest.fixture(scope="module")
def document(shared_dir, run_doc):
    text = (shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")
    return run_doc(text, published="2021-09-02")


def _parties(event) -> set[str]:
    return {event.actor1, event.actor2}


def _is_taliban_vs_nrf(event) -> bool:
    parties = _parties(event)
    return "Taliban" in parties and bool(parties & NRF)


def test_battle_taliban_vs_nrf_in_panjshir(document) -> None:
    assert any(
        e.event_type == "Battles"
        and _is_taliban_vs_nrf(e)
        and e.location is not None
        and e.location.admin1 in {"Panjshir", "Panjshayr", "Panjsher"}
        and e.date is not None
        and dt.date(2021, 8, 30) <= e.date <= dt.date(2021, 9, 2)
        for e in document.events
    ), document.events


def test_repelled_attempts_on_shotul_are_an_armed_clash(document) -> None:
    assert any(
        e.sub_event_type == "Armed clash"
        and _is_taliban_vs_nrf(e)
        and e.location is not None
        and e.location.mention in {"Shotul", "Shutul"}
        for e in document.events
    ), document.events


def test_intent_and_hypothetical_statements_are_not_events(document) -> None:
    text = " ".join(s.text for e in document.events for s in e.evidence)
    for statement in ("vowed to respond", "power-sharing deal", "Surrender is not a word",
                      "lay down their arms", "Negotiation efforts"):
        assert statement not in text


def test_cumulative_casualty_claim(document) -> None:
    figures = [(c.victim_side, c.killed, c.injured, c.cumulative) for c in document.casualties]
    assert ("Taliban", 34, 65, True) in figures
    claim = next(c for c in document.casualties if c.killed == 34)
    assert claim.event in {e.id for e in document.events}
    assert claim.date == dt.date(2021, 9, 2)
