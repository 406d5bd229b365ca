"""dates stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="dates",
    run=run,
    reads=frozenset({"sentences"}),
    writes=frozenset({"dates"}),
)
