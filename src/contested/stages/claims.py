"""claims stage (in progress)."""

from __future__ import annotations

from contested.attribution import Attribution, find_attributions
from contested.model import Document
from contested.pipeline import Stage


def attribute(document: Document) -> list[Attribution]:
    return find_attributions(document.spacy)


def run(document: Document) -> Document:
    return document


STAGE = Stage(
    name="claims",
    run=run,
    reads=frozenset({"actors","actor_mentions","people","casualties"}),
    writes=frozenset({"claims", "casualties", "events"}),
)
