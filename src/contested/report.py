"""Report: the stable output contract (DESIGN.md) built from an enriched Document."""

from __future__ import annotations

from contested.model import Document, Report


def to_report(document: Document) -> Report:
    """Copy the public facts of a processed document into a Report.

    A document the pipeline rejected yields a report with `error` set and no facts, so that
    batch output keeps one line per input.
    """
    if document.error is not None:
        return Report(article=document.article, warnings=document.warnings, error=document.error)
    return Report(
        article=document.article,
        places=document.places,
        actors=document.actors,
        people=document.people,
        events=document.events,
        claims=document.claims,
        casualties=document.casualties,
        contradictions=document.contradictions,
        non_conflict=document.non_conflict,
        warnings=document.warnings,
    )
