"""places stage (first stub: the vertical slice fills it in)."""

from __future__ import annotations

from contested.model import Document
from contested.pipeline import Stage


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="places",
    run=run,
    reads=frozenset({"entities","sentences"}),
    writes=frozenset({"places"}),
)
