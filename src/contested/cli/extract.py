"""`contested extract FILE|URL|-`: one article (or a JSONL batch) to reports."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum

import typer

from contested.errors import InputError


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


def extract(
    source: str = typer.Argument(
        ..., help="A text/HTML/JSONL file, an http(s) URL, or - for stdin."
    ),
    published: str = typer.Option(
        None, help="Publication date (YYYY-MM-DD): anchors relative dates."
    ),
    outlet: str = typer.Option(
        None, help="The publishing outlet (the first link of every outlet chain)."
    ),
    title: str = typer.Option(None, help="Article title."),
    article_id: str = typer.Option(None, "--id", help="Article id carried into the report."),
    fmt: Format = typer.Option(
        Format.json, "--format", "-f", help="json, jsonl (batch), table, or csv (ACLED columns)."
    ),
    strict: bool = typer.Option(
        False, help="Fail if a report breaks an invariant (offsets, ids, dates)."
    ),
) -> None:
    """Extract events, claims, casualties and contradictions from an article."""
    from contested import batch, render
    from contested.model import ArticleMeta

    try:
        published_date = dt.date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise InputError(f"--published {published!r} is not a date (YYYY-MM-DD)") from exc
    defaults = ArticleMeta(
        id=article_id or "", title=title, outlet=outlet, published=published_date
    )
    inputs = batch.open_inputs(source, defaults, jsonl=fmt is Format.jsonl)
    reports = batch.extract_inputs(inputs, strict=strict, progress=fmt is Format.jsonl)
    if fmt is not Format.jsonl and len(reports) == 1 and reports[0].error is not None:
        raise InputError(reports[0].error)
    if len(reports) == 1:  # one article: say on stderr why it may extract poorly
        for warning in reports[0].warnings:
            sys.stderr.write(f"contested: warning: {warning}\n")
    failed = render.write(reports, fmt.value, sys.stdout)
    if failed:
        total = len(reports)
        sys.stderr.write(f"contested: {failed} of {total} article(s) failed; see 'error' fields\n")
        raise typer.Exit(min(failed, 100))


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
