"""HTML pages to article text and metadata with trafilatura."""

from __future__ import annotations

import datetime as dt

from contested.errors import InputError
from contested.model import ArticleMeta


def html_to_text(html: str, meta: ArticleMeta | None = None) -> tuple[str, ArticleMeta]:
    """Main text plus title/date/site name; caller-given metadata wins over the page's."""
    import trafilatura

    meta = meta or ArticleMeta()
    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura fail on hostile markup (fuzzing)
        raise InputError(f"HTML page cannot be parsed ({type(exc).__name__})") from exc
    if document is None or not (document.text or "").strip():
        raise InputError("HTML page has no extractable article text")
    published = meta.published
    if published is None and document.date:
        try:
            published = dt.date.fromisoformat(str(document.date)[:10])
        except ValueError:
            published = None
    updated = meta.model_copy(
        update={
            "title": meta.title or document.title,
            "outlet": meta.outlet or document.sitename,
            "url": meta.url or document.url,
            "published": published,
        }
    )
    return document.text, updated
