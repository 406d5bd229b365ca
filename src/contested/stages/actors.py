"""actors stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="actors",
    run=run,
    reads=frozenset({"entities","sentences"}),
    writes=frozenset({"actors","actor_mentions","people"}),
)
