"""JSON API for the same views as the pages (OpenAPI spec at /openapi.json, docs at /docs).

Lists are paginated (`limit`, `offset`; the answer says `total` and the `next` offset), and
every GET answers with an ETag so that clients can revalidate with If-None-Match (304).
"""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from contested.web import queries
from contested.web.deps import MAX_LIMIT, etag_response, filters, paging, session
from contested.web.ingest import UploadResult, read_upload, reprocess_article, store_article
from contested.web.security import require_token
from contested.web.views import (
    ArticleRef,
    ArticleView,
    Board,
    DayCount,
    EventView,
    Facets,
    Filters,
    Overview,
    Timeline,
)

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")


class Paginated(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next: int | None = None


def _json(request: Request, payload: BaseModel | list[Any] | dict[str, Any]) -> Response:
    if isinstance(payload, BaseModel):
        body = payload.model_dump_json().encode()
    else:
        body = json.dumps(payload, default=str, separators=(",", ":")).encode()
    return etag_response(request, body, "application/json")


@router.get("/overview", response_model=Overview)
def get_overview(request: Request, db: Session = Depends(session)) -> Response:
    """Corpus size, filter values and the latest articles."""
    return _json(request, queries.overview(db))


@router.get("/facets", response_model=Facets)
def get_facets(request: Request, db: Session = Depends(session)) -> Response:
    """Values the filters offer (places, actors, event types, outlets, countries)."""
    return _json(request, queries.facets(db))


@router.get("/board", response_model=Board)
def get_board(
    request: Request, f: Filters = Depends(filters),
    limit: int = Query(queries.PER_SIDE, ge=1, le=MAX_LIMIT, description="Claims per side"),
    offset: int = Query(0, ge=0),
    side: list[str] = Query([], max_length=2, description="The two sides to compare"),
    db: Session = Depends(session),
) -> Response:
    """The claims board: two sides' claims (paged per side; by default the two most quoted),
    contradictions, casualty figures per claimant with conservative/highest ranges, and map
    points."""
    return _json(request, queries.board(db, f, per_side=limit, offset=offset, sides=side))


@router.get("/events", response_model=Paginated[EventView])
def get_events(
    request: Request, f: Filters = Depends(filters), page: tuple[int, int] = Depends(paging),
    db: Session = Depends(session),
) -> Response:
    """Event clusters, most recent first."""
    limit, offset = page
    timeline = queries.timeline(db, f, limit, offset)
    return _json(request, Paginated[EventView](
        items=timeline.events, total=timeline.page.total, limit=limit, offset=offset,
        next=timeline.page.next_offset,
    ))


@router.get("/timeline", response_model=Timeline)
def get_timeline(
    request: Request, f: Filters = Depends(filters), page: tuple[int, int] = Depends(paging),
    db: Session = Depends(session),
) -> Response:
    """The timeline view: events per day plus one page of event clusters, newest first."""
    limit, offset = page
    return _json(request, queries.timeline(db, f, limit, offset))


@router.get("/days", response_model=list[DayCount])
def get_days(request: Request, f: Filters = Depends(filters), db: Session = Depends(session)) -> Response:
    """Event clusters per day (for the timeline's histogram)."""
    return _json(request, [d.model_dump(mode="json") for d in queries.day_counts(db, f)])


@router.get("/map")
def get_map(request: Request, f: Filters = Depends(filters), db: Session = Depends(session)) -> Response:
    """Geocoded events as a GeoJSON FeatureCollection, one point per location."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": p.model_dump(mode="json", exclude={"lat", "lon"}),
        }
        for p in queries.map_points(db, f)
    ]
    return _json(request, {"type": "FeatureCollection", "features": features})


@router.get("/events/{event_id}", response_model=EventView)
def get_event(request: Request, event_id: str, db: Session = Depends(session)) -> Response:
    """One event cluster with its supporting articles, claims and evidence sentences."""
    view = queries.event(db, event_id)
    if view is None:
        raise HTTPException(404, "no such event")
    return _json(request, view)


@router.get("/articles", response_model=Paginated[ArticleRef])
def get_articles(
    request: Request, f: Filters = Depends(filters), page: tuple[int, int] = Depends(paging),
    db: Session = Depends(session),
) -> Response:
    """Stored articles the filters select, newest first."""
    limit, offset = page
    items, info = queries.articles_page(db, f, limit, offset)
    return _json(request, Paginated[ArticleRef](
        items=items, total=info.total, limit=limit, offset=offset, next=info.next_offset
    ))


@router.get("/articles/{article_id}", response_model=ArticleView)
def get_article(request: Request, article_id: str, db: Session = Depends(session)) -> Response:
    """The article text as highlighted segments, with its claims, events and figures."""
    view = queries.article(db, article_id)
    if view is None:
        raise HTTPException(404, "no such article")
    return _json(request, view)


@router.post(
    "/articles", response_model=UploadResult, status_code=201,
    dependencies=[Depends(require_token)],
    responses={401: {"description": "no token"}, 403: {"description": "wrong token or writes disabled"},
               413: {"description": "body too large"}},
)
async def post_article(request: Request) -> UploadResult:
    """Extract an article on the spot and store it. JSON `{text, title, outlet, published,
    url}` or a multipart form with `text` or `file`. Needs `Authorization: Bearer <token>`."""
    text, meta = await read_upload(request)
    # Extraction takes seconds: run it off the event loop so other requests carry on.
    return await run_in_threadpool(store_article, request.app.state, text, meta)


@router.post(
    "/articles/{article_id}/reprocess", response_model=UploadResult,
    dependencies=[Depends(require_token)],
)
def post_reprocess(request: Request, article_id: str) -> UploadResult:
    """Run the current pipeline again over a stored article."""
    return reprocess_article(request.app.state, article_id)
