"""contradictions stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="contradictions",
    run=run,
    reads=frozenset({"claims","casualties","events"}),
    writes=frozenset({"contradictions", "events"}),
)
