"""PolNeAR dev (shared/eval/attribution/dev): attribution span scores must not drop.

Scores are pinned 0.02 below what the first 25 dev articles gave when the rules were last
tuned (on the train split, never on dev); a change that lowers them must say why and move
the pins. Full-dev numbers are printed by `contested eval attribution …/dev` (see
docs/claims.md). The issue's targets (Source F1 ≥ 0.85, Cue ≥ 0.85, Content ≥ 0.75 with
overlap matching) are met for Content only; Source and Cue sit near 0.78 and 0.77 on the full
dev split, against an inter-annotator agreement of 0.84 and 0.82.
"""

from __future__ import annotations

import pytest

from contested.eval.attribution import evaluate

pytestmark = pytest.mark.model

#: Articles scored: a third of dev keeps the test under ~15 s on a busy 2-core machine.
LIMIT = 25

#: (span, matching) → F1 floor (measured on the first 25 dev articles, 2026-11-26, - 0.02).
PINNED = {
    ("source", "overlap"): 0.72,
    ("cue", "overlap"): 0.72,
    ("content", "overlap"): 0.76,
    ("triple", "overlap"): 0.68,
    ("source", "exact"): 0.68,
    ("cue", "exact"): 0.65,
    ("content", "exact"): 0.50,
    ("triple", "exact"): 0.43,
}


@pytest.fixture(scope="module")
def scores(shared_dir):
    return evaluate(shared_dir / "eval" / "attribution" / "dev", limit=LIMIT)


@pytest.mark.parametrize(("role", "matching"), sorted(PINNED))
def test_f1_does_not_drop(scores, role, matching):
    assert scores.f1(role, matching) >= PINNED[(role, matching)]


def test_every_article_was_scored(scores):
    assert scores.documents == LIMIT
