"""Request plumbing shared by pages and API: sessions, filters, pagination, ETags."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from fastapi import HTTPException, Query, Request, Response
from sqlalchemy.orm import Session

from contested.web.views import Filters

#: Largest page a client may ask for: 500 events serialise to ~0.5 MB, a bound on the work
#: one request can cause. The default, 50 rows, is about two screens of the timeline table.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


def session(request: Request) -> Iterator[Session]:
    """One read session per request, closed afterwards."""
    with request.app.state.sessions() as db:
        yield db


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(400, f"{name}: not a date (YYYY-MM-DD)") from exc


def filters(
    place: str | None = Query(None, max_length=200, description="Place name, province or district"),
    actor: str | None = Query(None, max_length=200, description="Actor (either side)"),
    event_type: str | None = Query(None, max_length=64, description="ACLED event type"),
    outlet: str | None = Query(None, max_length=200, description="Publishing outlet"),
    conflict: str | None = Query(None, max_length=200, description="Country of the conflict"),
    date_from: str | None = Query(None, max_length=10, description="First day (YYYY-MM-DD)"),
    date_to: str | None = Query(None, max_length=10, description="Last day (YYYY-MM-DD)"),
) -> Filters:
    """Filters from the query string; blank form fields mean 'no filter'."""
    return Filters(
        place=place or None, actor=actor or None, event_type=event_type or None,
        outlet=outlet or None, conflict=conflict or None,
        date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"),
    )


def paging(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)
) -> tuple[int, int]:
    return limit, offset


def etag_response(request: Request, body: bytes, media_type: str) -> Response:
    """The body with a strong ETag; 304 without a body when the client has it already.

    The tag hashes the body, so it changes exactly when what the client would see changes
    (a re-ingest that alters nothing visible keeps the client's copy valid).
    """
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    sent = request.headers.get("if-none-match", "")
    if sent.strip() == "*" or tag in [t.strip().removeprefix("W/") for t in sent.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)
