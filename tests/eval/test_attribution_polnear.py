"""PolNeAR dev (shared/eval/attribution/dev): attribution span scores must not drop.

Scores are pinned 0.02 below what the first 25 dev articles gave when the rules were last
tuned (on the train split, never on dev); a change that lowers them must say why and move
the pins. Full-dev numbers are printed by `contested eval attribution …/dev` (see
docs in contested.eval.attribution). The issue's targets (Source F1 ≥ 0.85, Content ≥ 0.75,
Cue ≥ 0.85 with overlap matching) are not met yet; the pins guard what is reached.
"""

from __future__ import annotations

import pytest

from contested.eval.attribution import evaluate

pytestmark = pytest.mark.model

#: Articles scored: a third of dev keeps the test under ~15 s on a busy 2-core machine.
LIMIT = 25

#: (span, matching) → F1 floor (measured - 0.02).
PINNED = {
    ("source", "overlap"): 0.66,
    ("cue", "overlap"): 0.66,
    ("content", "overlap"): 0.69,
    ("triple", "overlap"): 0.61,
    ("source", "exact"): 0.58,
    ("cue", "exact"): 0.51,
    ("content", "exact"): 0.38,
}


@pytest.fixture(scope="module")
def scores(shared_dir):
    return evaluate(shared_dir / "eval" / "attribution" / "dev", limit=LIMIT)


@pytest.mark.parametrize(("role", "matching"), sorted(PINNED))
def test_f1_does_not_drop(scores, role, matching):
    assert scores.f1(role, matching) >= PINNED[(role, matching)]


def test_every_article_was_scored(scores):
    assert scores.documents == LIMIT
