"""The seed article (shared/corpus/panjshir.txt) against its gold claims, casualties and
contradictions (shared/gold/panjshir.json): every gold claim found with its speaker, side,
outlets, quote flag and kind; the casualty figure claimed by the NRF via WION; the
territorial contradiction between the Taliban and the NRF."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(shared_dir, run_doc):
    gold = json.loads((shared_dir / "gold" / "panjshir.json").read_text(encoding="utf-8"))
    text = (shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")
    document = run_doc(text, published=gold["article"]["published"])
    assert document.error is None
    return gold, document


def _matches(claim, want) -> bool:
    checks = [want["text_contains"] in claim.text]
    if "speaker" in want:
        checks.append(claim.speaker in want["speaker"])
    if "side" in want:
        checks.append(claim.side in want["side"])
    if "outlets_include" in want:
        checks.append(bool(set(claim.outlets) & set(want["outlets_include"])))
    if "quote" in want:
        checks.append(claim.quote == want["quote"])
    if "kind" in want:
        checks.append(claim.kind in want["kind"])
    if "speaker_role_contains" in want:
        checks.append(want["speaker_role_contains"] in (claim.speaker_role or ""))
    return all(checks)


def test_every_gold_claim_is_found(seed):
    gold, document = seed
    missing = [
        want["text_contains"]
        for want in gold["claims"]
        if not any(_matches(claim, want) for claim in document.claims)
    ]
    assert not missing, [c.model_dump(exclude={"spans", "evidence"}) for c in document.claims]


def test_casualty_claimed_by_nrf_via_wion(seed):
    _, document = seed
    figures = [c for c in document.casualties if c.killed == 34]
    assert figures
    casualty = figures[0]
    assert casualty.claimed_by == "National Resistance Front"
    assert "WION" in casualty.outlets
    claim = next(c for c in document.claims if c.id == casualty.claim)
    assert "34th" in claim.text and claim.kind == "casualties"


def test_territorial_contradiction(seed):
    _, document = seed
    territorial = [c for c in document.contradictions if c.topic == "territory"]
    assert territorial
    assert set(territorial[0].sides) == {"Taliban", "National Resistance Front"}
    claims = {c.id: c for c in document.claims}
    texts = " ".join(claims[i].text for i in territorial[0].claims)
    assert "entered the valley" in texts and "complete control of all passes" in texts
    assert any(e.disputed for e in document.events)


def test_outlets_are_never_sides(seed):
    _, document = seed
    outlets = {"Reuters", "WION", "Foreign Policy", "DAWN", "NPR"}
    assert not {c.side for c in document.claims} & outlets
    reuters_own = [c for c in document.claims if c.speaker == "Reuters"]
    assert reuters_own and reuters_own[0].party is False
