"""RSS and Atom feeds to article inputs, with feedparser.

One input per entry: the entry's full content (or its summary when the feed carries no
content), title, link and publication date; the outlet is the feed's title, mapped to its
canonical name when it starts with a known outlet (data/outlets.yaml: "Reuters World News"
→ "Reuters"). A feed that cannot be parsed at all is refused with one line; a feed that
parses with errors keeps the entries feedparser recovered, each with a warning; an entry
without text becomes an input carrying an error, so a batch records and skips it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from contested.errors import InputError
from contested.model import ArticleMeta

#: How much of a file is sniffed to tell a feed from an HTML page or plain text.
SNIFF_CHARS = 1000

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def looks_like_feed(text: str) -> bool:
    """True for RSS 2.0, RSS 1.0 (RDF) and Atom documents."""
    return bool(_FEED_ROOT.search(text[:SNIFF_CHARS]))


def read_feed(text: str, source: str) -> Iterator[Any]:
    """Yield one `ArticleInput` per feed entry (see the module docstring for the rules)."""
    import feedparser

    from contested.readers import ArticleInput

    parsed = feedparser.parse(text)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(f"{source}: malformed feed: {parsed.get('bozo_exception')}")
        raise InputError(f"{source}: feed has no entries")
    warnings = [f"{source}: feed parsed with errors ({parsed.bozo_exception}); entry kept"] if (
        parsed.get("bozo")
    ) else []
    outlet = canonical_outlet(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        entry_id = str(entry.get("id") or entry.get("link") or f"{source}#{number}")
        meta = ArticleMeta(
            id=entry_id,
            title=entry.get("title"),
            outlet=canonical_outlet(_source_title(entry)) or outlet,
            published=_date(entry),
            url=entry.get("link"),
        )
        raw = _content(entry)
        where = f"{source}#{number}"
        if not raw.strip():
            yield ArticleInput(meta, error=f"{where}: feed entry has no content or summary",
                               source=where)
            continue
        text = entry_text(raw)
        if not text.strip():
            yield ArticleInput(meta, error=f"{where}: feed entry has no text", source=where)
            continue
        yield ArticleInput(meta, text=text, warnings=list(warnings), source=where, raw=raw)


def _content(entry: Any) -> str:
    """The fullest text the entry carries: content:encoded / Atom content, else summary."""
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    if values:
        return max(values, key=len)
    return entry.get("summary") or entry.get("description") or ""


def _source_title(entry: Any) -> str | None:
    source = entry.get("source")
    return source.get("title") if source else None


def entry_text(raw: str) -> str:
    """Plain text of an entry's HTML fragment: paragraphs become blank-line-separated."""
    if "<" not in raw:
        return raw.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(raw, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return _TAG.sub(" ", raw).strip()
    for block in root.iter("p", "br", "li", "h1", "h2", "h3", "div"):
        block.tail = "\n\n" + (block.tail or "") if block.tag != "br" else "\n" + (
            block.tail or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def canonical_outlet(title: str | None) -> str | None:
    """Map a feed title to a canonical outlet name when it starts with one of its aliases."""
    if not title:
        return None
    from contested.lexicon import load_yaml

    folded = title.casefold()
    best: tuple[int, str] | None = None
    for outlet in load_yaml("outlets"):
        for alias in [outlet["name"], *outlet.get("aliases", [])]:
            candidate = alias.casefold()
            matches = folded == candidate or folded.startswith(candidate + " ")
            if matches and (best is None or len(candidate) > best[0]):
                best = (len(candidate), outlet["name"])
    return best[1] if best else title.strip()
