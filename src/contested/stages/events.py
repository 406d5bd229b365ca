"""events stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="events",
    run=run,
    reads=frozenset({"places","actors","actor_mentions","dates"}),
    writes=frozenset({"events"}),
)
