"""claims stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="claims",
    run=run,
    reads=frozenset({"actors","actor_mentions","people","casualties"}),
    writes=frozenset({"claims", "casualties", "events"}),
)
