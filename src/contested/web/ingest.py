"""The write side of the web app: read an uploaded article, extract it, store it.

Uploads go through the same readers and the same store calls as `contested extract` and
`contested ingest` (STYLE.md #4), so an article pasted into the browser is processed exactly
like one ingested from the command line. Token and size checks happen before this runs
(security.py).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, ValidationError

from contested.errors import ContestedError, InputError
from contested.model import ArticleMeta
from contested.readers import decode, no_surrogates


class UploadResult(BaseModel):
    """What a write returns: the stored article and how much was found in it."""

    article_id: str
    url: str
    events: int = 0
    claims: int = 0
    error: str | None = None


async def read_upload(request: Request) -> tuple[str, ArticleMeta]:
    """Text and metadata from a JSON body or a multipart form (`text` or `file`)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            record = json.loads(await request.body())
        except (ValueError, RecursionError) as exc:  # also 5,000-digit numbers, deep nesting
            raise HTTPException(400, "body is not valid JSON") from exc
        if not isinstance(record, dict):
            raise HTTPException(400, "body must be a JSON object")
        record = {k: no_surrogates(v) for k, v in record.items()}  # "\ud800" escapes
        return _from_fields(record, record.get("text"), record.get("html"))
    if kind in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        form = await request.form()
        fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        html = None
        text = fields.get("text") or None
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            if data:
                try:
                    decoded, _ = decode(data, upload.filename or "upload")
                except InputError as exc:
                    raise HTTPException(400, str(exc)) from exc
                name = (upload.filename or "").lower()
                if name.endswith((".html", ".htm")) or decoded.lstrip()[:15].lower().startswith(
                    ("<!doctype html", "<html")
                ):
                    html = decoded
                else:
                    text = decoded
        return _from_fields(fields, text, html)
    raise HTTPException(415, "send application/json or a multipart form")


def _from_fields(fields: dict[str, Any], text: Any, html: Any) -> tuple[str, ArticleMeta]:
    meta_fields = {k: (fields.get(k) or None) for k in ("title", "outlet", "published", "url")}
    try:
        meta = ArticleMeta(id=str(fields.get("id") or ""), **meta_fields)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise HTTPException(400, f"bad {problem['loc'][0]}: {problem['msg']}") from exc
    if html and not text:
        from contested.html import html_to_text

        try:
            text, meta = html_to_text(str(html), meta)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from exc
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(400, "no article text: send 'text' (or 'html', or a file)")
    return text.replace("\r\n", "\n"), meta


def store_article(state: Any, text: str, meta: ArticleMeta) -> UploadResult:
    """Extract and store one article through the store's ingest API."""
    try:
        result = state.backend.ingest(text, meta)
    except ContestedError as exc:
        raise HTTPException(400, str(exc)) from exc
    return _result(result)


def reprocess_article(state: Any, article_id: str) -> UploadResult:
    """Re-run the pipeline on a stored article (after a pipeline or lexicon update)."""
    try:
        result = state.backend.reprocess(article_id)
    except KeyError as exc:
        raise HTTPException(404, "no such article") from exc
    except ContestedError as exc:
        raise HTTPException(400, str(exc)) from exc
    return _result(result)


def _result(result: tuple[str, int, int, str | None]) -> UploadResult:
    article_id, events, claims, error = result
    return UploadResult(
        article_id=article_id, url=f"/articles/{article_id}", events=events, claims=claims,
        error=error,
    )
