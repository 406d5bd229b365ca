"""Turn files, stdin and JSONL records into (ArticleMeta, text) inputs.

Bad input is reported here as InputError with a one-line reason, so that the CLI, the store
and the batch runners reject it the same way.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from contested.errors import InputError
from contested.model import ArticleMeta

#: Largest input file read whole, in bytes. Larger files are refused before reading so that a
#: stray multi-gigabyte dump cannot exhaust memory; JSONL batches are read line by line instead.
MAX_FILE_BYTES = 8_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class ArticleInput:
    """One article to extract: its metadata, text (or an error), and any reader warnings."""

    meta: ArticleMeta
    text: str = ""
    error: str | None = None
    warnings: list[str] | None = None
    #: Where the input came from ("path", "path:line", "feed.xml#3"), for rejection reports.
    source: str | None = None
    #: The input as read (HTML page, feed entry, JSONL line), kept by the store.
    raw: str | None = None


#: Byte-order marks of the wide encodings, longest first (UTF-32-LE starts like UTF-16-LE).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 (BOM tolerated); fall back to cp1252 with a warning.

    UTF-16 and UTF-32 are recognised by their byte-order mark (Windows tools write them);
    other binary data (NUL bytes) is refused outright rather than decoded into mojibake.
    """
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff").replace("\r\n", "\n"), []
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: broken {codec} text") from exc
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
        item = _jsonl_record(line, number, fallback)
        item.source, item.raw = fallback, line
        yield item


def _jsonl_record(line: str, number: int, fallback: str) -> ArticleInput:
    """One JSONL line to an input; a malformed line becomes an input with `error`."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ArticleInput(ArticleMeta(id=fallback), error=f"line {number}: bad JSON: {exc.msg}")
    except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, 100k-deep nesting
        reason = str(exc).split(":")[0].split(" (")[0]
        return ArticleInput(ArticleMeta(id=fallback), error=f"line {number}: bad JSON: {reason}")
    if not isinstance(record, dict):
        return ArticleInput(ArticleMeta(id=fallback), error=f"line {number}: not a JSON object")
    record = {k: no_surrogates(v) for k, v in record.items()}
    try:
        meta = meta_from_record(record, fallback)
    except InputError as exc:
        return ArticleInput(ArticleMeta(id=str(record.get("id") or fallback)), error=str(exc))
    text = record.get("text")
    if text is None and record.get("html") is not None:
        from contested.html import html_to_text

        try:
            text, meta = html_to_text(str(record["html"]), meta)
        except InputError as exc:
            return ArticleInput(meta, error=str(exc))
    if not isinstance(text, str):
        return ArticleInput(meta, error=f"line {number}: no 'text' (or 'html') string")
    return ArticleInput(meta, text=text.replace("\r\n", "\n"))


def no_surrogates(value: Any) -> Any:
    """JSON escapes can encode unpaired surrogates (\\ud800) that no encoder can write back;
    replace them one for one with U+FFFD in string fields so that the report can be written."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub("\ufffd", value)
    return value


#: File name endings read when walking a directory (a file named explicitly is always read,
#: its kind sniffed from its content when the ending says nothing).
KNOWN_SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl"}
)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read: each named file, and each known-kind file under each named
    directory (recursive, sorted, hidden files and folders skipped). A path that does not
    exist is refused before anything is read, so a typo cannot half-run a batch."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden and child.suffix.lower() in KNOWN_SUFFIXES:
                yield child


def read_paths(paths: Iterable[str | Path]) -> Iterator[ArticleInput]:
    """Article inputs from files and directories of text, HTML, RSS/Atom and JSONL.

    Never raises for a bad file: an unreadable, binary or malformed file (or record, or feed
    entry) yields an input with `error` and the reason, and reading goes on.
    """
    for path in iter_files(paths):
        yield from read_file(path)


def read_file(path: Path) -> Iterator[ArticleInput]:
    """The inputs one file holds (one, or one per JSONL line / feed entry)."""
    source = str(path)
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path)
            return
        text, warnings = decode(read_bytes(path), source)
    except InputError as exc:
        yield ArticleInput(ArticleMeta(id=path.name), error=str(exc), source=source)
        return
    from contested.feeds import looks_like_feed, read_feed

    try:
        if path.suffix.lower() in {".xml", ".rss", ".atom"} or looks_like_feed(text):
            yield from read_feed(text, source)
        elif path.suffix.lower() in {".html", ".htm"} or looks_like_html(text):
            yield _read_html(path, text, warnings)
        else:
            yield ArticleInput(ArticleMeta(id=path.name), text=text, warnings=warnings,
                               source=source)
    except InputError as exc:
        yield ArticleInput(ArticleMeta(id=path.name), error=str(exc), source=source)


def looks_like_html(text: str) -> bool:
    """An HTML document rather than text that mentions a tag."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _read_html(path: Path, text: str, warnings: list[str]) -> ArticleInput:
    from contested.html import html_to_text

    try:
        body, meta = html_to_text(text, ArticleMeta(id=path.name))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc
    return ArticleInput(meta, text=body, warnings=warnings, source=str(path), raw=text)


def _read_jsonl(path: Path) -> Iterator[ArticleInput]:
    """JSONL is read line by line, so large batches need not fit in memory."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    with handle:
        lines = (_decode_line(raw) for raw in handle)
        yield from iter_jsonl(lines, str(path))


def _decode_line(raw: bytes) -> str:
    return raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
