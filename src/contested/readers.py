"""Turn files, stdin and JSONL records into (ArticleMeta, text) inputs.

Bad input is reported here as InputError with a one-line reason, so that the CLI, the store
and the batch runners reject it the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from contested.errors import InputError
from contested.model import ArticleMeta

#: Largest input file read whole, in bytes. Larger files are refused before reading so that a
#: stray multi-gigabyte dump cannot exhaust memory; JSONL batches are read line by line instead.
MAX_FILE_BYTES = 8_000_000


@dataclass
class ArticleInput:
    """One article to extract: its metadata, text (or an error), and any reader warnings."""

    meta: ArticleMeta
    text: str = ""
    error: str | None = None
    warnings: list[str] | None = None


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 (BOM tolerated); fall back to cp1252 with a warning.

    Binary data (NUL bytes) is refused outright rather than decoded into mojibake.
    """
    if b"\x00" in data[:65536]:
        raise InputError(f"{source}: binary data, not text")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace").replace("\r\n", "\n")
        return text, [f"{source}: not valid UTF-8; decoded as Windows-1252"]


def read_bytes(path: Path) -> bytes:
    """Read a whole file, refusing missing, unreadable or oversized ones with one line."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc


def meta_from_record(record: dict[str, Any], fallback_id: str) -> ArticleMeta:
    """Article metadata from a JSONL record (DESIGN.md field names)."""
    fields = {k: record.get(k) for k in ("title", "outlet", "published", "url")}
    fields["id"] = str(record.get("id") or fallback_id)
    try:
        return ArticleMeta(**fields)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise InputError(f"record {fields['id']}: bad {where}: {problem['msg']}") from exc


def iter_jsonl(lines: Iterator[str], source: str) -> Iterator[ArticleInput]:
    """One ArticleInput per non-blank line; a malformed line yields an input with `error`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fallback = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleInput(
                ArticleMeta(id=fallback), error=f"line {number}: bad JSON: {exc.msg}"
            )
            continue
        if not isinstance(record, dict):
            yield ArticleInput(ArticleMeta(id=fallback), error=f"line {number}: not a JSON object")
            continue
        try:
            meta = meta_from_record(record, fallback)
        except InputError as exc:
            yield ArticleInput(ArticleMeta(id=str(record.get("id") or fallback)), error=str(exc))
            continue
        text = record.get("text")
        if text is None and record.get("html") is not None:
            from contested.html import html_to_text

            try:
                text, meta = html_to_text(str(record["html"]), meta)
            except InputError as exc:
                yield ArticleInput(meta, error=str(exc))
                continue
        if not isinstance(text, str):
            yield ArticleInput(meta, error=f"line {number}: no 'text' (or 'html') string")
            continue
        yield ArticleInput(meta, text=text.replace("\r\n", "\n"))
