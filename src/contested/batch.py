"""Run the pipeline over inputs from a file, a URL, stdin or a JSONL batch.

Shared by `extract` and the corpus commands: a bad record becomes a report with `error`
and never stops the batch; reports come back in input order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from contested.errors import InputError
from contested.limits import TimeBudget
from contested.model import ArticleMeta, Document, Report
from contested.readers import MAX_FILE_BYTES, ArticleInput, decode, iter_jsonl, read_bytes

#: Seconds to wait for a URL before giving up.
URL_TIMEOUT = 20


def open_inputs(source: str, defaults: ArticleMeta, jsonl: bool = False) -> list[ArticleInput]:
    """Read SOURCE (path, URL or '-') into article inputs; JSONL when asked or by extension."""
    if source == "-":
        raw = sys.stdin.buffer.read()
        name = "stdin"
    elif source.startswith(("http://", "https://")):
        raw = _fetch(source)
        defaults = defaults.model_copy(update={"url": defaults.url or source})
        name = source
    else:
        path = Path(source)
        raw = read_bytes(path)
        name = path.name
        jsonl = jsonl or path.suffix.lower() == ".jsonl"
    if jsonl:
        # decoded per line, not refused whole: one binary or mis-encoded record must cost only
        # its own line. Split on \n only: str.splitlines() also breaks at U+2028, \x85 and
        # \x1c, which JSON strings may hold raw, and would cut one record into two.
        lines = (line.decode("utf-8-sig", errors="replace") for line in raw.split(b"\n"))
        records = [_with_defaults(i, defaults) for i in iter_jsonl(lines, name)]
        if not records:
            raise InputError(f"{name}: no JSONL records (empty batch)")
        return records
    text, warnings = decode(raw, name)
    meta = defaults.model_copy(update={"id": defaults.id or name})
    if _looks_like_html(name, text):
        from contested.html import html_to_text

        text, meta = html_to_text(text, meta)
    return [ArticleInput(meta, text=text, warnings=warnings)]


def extract_inputs(
    inputs: list[ArticleInput],
    strict: bool = False,
    progress: bool = False,
    budget: TimeBudget | None = None,
) -> list[Report]:
    """Run the default pipeline over the inputs; errors become reports with `error` set.

    Every article runs under a time budget (limits.TimeBudget): one that runs out gets an
    error report and the batch goes on.
    """
    from contested import _default_pipeline
    from contested.report import to_report

    documents = [_document(i) for i in inputs]
    pipeline = (budget or TimeBudget()).pipeline(_default_pipeline())
    reports = [
        to_report(d)
        for d in _maybe_progress(pipeline.run_many(documents), len(documents), progress)
    ]
    if strict:
        from contested.validate import check_report

        for report, document in zip(reports, documents, strict=True):
            if report.error is None:
                problems = check_report(report, document.text)
                if problems:
                    report.error = "invariant broken: " + problems[0]
    return reports


def _document(item: ArticleInput) -> Document:
    document = Document(text=item.text, article=item.meta, warnings=list(item.warnings or []))
    if item.error is not None:
        document.error = item.error
    return document


def _with_defaults(item: ArticleInput, defaults: ArticleMeta) -> ArticleInput:
    """Fill metadata the record leaves empty from the command-line defaults."""
    update = {
        k: getattr(defaults, k)
        for k in ("title", "outlet", "published", "url")
        if getattr(item.meta, k) is None and getattr(defaults, k) is not None
    }
    if update:
        item.meta = item.meta.model_copy(update=update)
    return item


def _maybe_progress(reports: Iterable[Document], total: int, show: bool) -> Iterable[Document]:
    if not show or total < 2:
        return reports
    from rich.progress import track

    return track(reports, total=total, description="extracting", console=_stderr_console())


def _stderr_console():  # noqa: ANN202 - rich type imported lazily
    from rich.console import Console

    return Console(stderr=True)


def _looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _fetch(url: str) -> bytes:
    """The page at URL, refused (not truncated) when larger than a file may be."""
    import http.client
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "contested/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            data = response.read(MAX_FILE_BYTES + 1)
            if response.length and len(data) <= MAX_FILE_BYTES:  # fewer bytes than announced
                raise http.client.IncompleteRead(data, response.length)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # URLError is an OSError
        raise InputError(f"{url}: cannot fetch ({getattr(exc, 'reason', exc)})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{url}: page too large (limit {MAX_FILE_BYTES:,} bytes)")
    return data
