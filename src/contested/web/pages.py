"""Server-rendered HTML pages: overview, claims board, timeline, map, event, article, upload.

Templates live in web/templates and are rendered with autoescape on for every file (not only
*.html): article text and every extracted string are escaped on output, and no template
marks article data `|safe`. Pages carry ETags like the API.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy.orm import Session

from contested import __version__
from contested.web import geo, queries
from contested.web.deps import etag_response, filters, paging, session
from contested.web.views import Filters, MapPoint

router = APIRouter(include_in_schema=False)

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(resources.files("contested.web") / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _query(f: Filters, **extra: Any) -> str:
    """The query string for filters plus extra parameters (for links and pagination)."""
    values = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in f.model_dump().items()}
    values.update(extra)
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: autoescape does not stop `javascript:` links."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return None


_ENV.globals.update(query=_query, version=__version__)
_ENV.filters["num"] = lambda n: "–" if n is None else f"{n:,}"
_ENV.filters["http_url"] = _http_url


def render(request: Request, name: str, status: int = 200, headers: dict | None = None, **context: Any) -> Response:
    settings = request.app.state.settings
    html = _ENV.get_template(name).render(
        request=request, writes_enabled=settings.writes_enabled, path=request.url.path, **context
    )
    if status != 200:
        return Response(html, status_code=status, media_type="text/html", headers=headers)
    return etag_response(request, html.encode(), "text/html; charset=utf-8")


def error_page(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    return render(request, "error.html", status=status, headers=headers, status_code=status, message=message)


@router.get("/")
def index(request: Request, db: Session = Depends(session)) -> Response:
    overview = queries.overview(db)
    return render(request, "index.html", overview=overview, map=geo.map_view(overview.points))


@router.get("/board")
def board(
    request: Request, f: Filters = Depends(filters), offset: int = Query(0, ge=0),
    side: list[str] = Query([], max_length=2), db: Session = Depends(session),
) -> Response:
    result = queries.board(db, f, offset=offset, sides=side)
    return render(
        request, "board.html", board=result, filters=f, facets=queries.facets(db),
        map=geo.map_view(result.points), offset=offset, per_side=queries.PER_SIDE,
        latest=queries.timeline(db, f, BOARD_EVENTS, 0),
    )


#: Latest events listed under the board's map (the timeline link shows them all).
BOARD_EVENTS = 6


@router.get("/timeline")
def timeline(
    request: Request, f: Filters = Depends(filters), page: tuple[int, int] = Depends(paging),
    db: Session = Depends(session),
) -> Response:
    limit, offset = page
    result = queries.timeline(db, f, limit, offset)
    return render(
        request, "timeline.html", timeline=result, filters=f, facets=queries.facets(db),
        chart=_histogram(result.days),
    )


@router.get("/map")
def map_page(request: Request, f: Filters = Depends(filters), db: Session = Depends(session)) -> Response:
    points = queries.map_points(db, f)
    return render(
        request, "map.html", filters=f, facets=queries.facets(db), map=geo.map_view(points),
        points=points,
    )


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str, db: Session = Depends(session)) -> Response:
    view = queries.event(db, event_id)
    if view is None:
        raise HTTPException(404, "no such event")
    points = [MapPoint(lat=view.lat, lon=view.lon, name=view.place or "", events=1, event_ids=[view.id])] \
        if view.lat is not None and view.lon is not None else []
    return render(request, "event.html", event=view, map=geo.map_view(points, display_px=520) if points else None)


@router.get("/fragments/events")
def events_fragment(
    request: Request, ids: str = Query(..., max_length=2000), db: Session = Depends(session)
) -> Response:
    """The map pop-up: the first event in full (claims, sources), the others as links."""
    wanted = [i for i in ids.split(",") if i][: queries.EVENTS_PER_POINT]
    events = queries.events_by_id(db, wanted)
    first = queries.event(db, events[0].id) if events else None
    return render(request, "_events_panel.html", first=first, others=events[1:])


@router.get("/articles")
def articles(
    request: Request, f: Filters = Depends(filters), page: tuple[int, int] = Depends(paging),
    db: Session = Depends(session),
) -> Response:
    limit, offset = page
    items, info = queries.articles_page(db, f, limit, offset)
    return render(
        request, "articles.html", articles=items, page=info, filters=f, facets=queries.facets(db)
    )


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, db: Session = Depends(session)) -> Response:
    view = queries.article(db, article_id)
    if view is None:
        raise HTTPException(404, "no such article")
    return render(request, "article.html", view=view)


@router.get("/upload")
def upload(request: Request) -> Response:
    return render(request, "upload.html")


@router.get("/api-docs")
def api_docs(request: Request) -> Response:
    """The JSON API, listed from its OpenAPI spec (no CDN-hosted Swagger UI)."""
    spec = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(), "path": path, "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "params": [
                {"name": p["name"], "where": p["in"], "required": p.get("required", False),
                 "description": p.get("description") or p.get("schema", {}).get("description", "")}
                for p in op.get("parameters", [])
            ],
        }
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "api_docs.html", endpoints=endpoints)


#: Histogram size in SVG user units (the SVG scales to the page width).
CHART_WIDTH, CHART_HEIGHT = 900, 120


def _histogram(days: list[Any]) -> dict[str, Any]:
    """Bars for events per day, one slot per calendar day between the first and last."""
    if not days:
        return {"bars": [], "width": CHART_WIDTH, "height": CHART_HEIGHT, "ticks": [], "max": 0}
    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    slot = CHART_WIDTH / span
    top = max(d.events for d in days)
    bars = [
        {
            "x": round((d.day - first).days * slot, 2), "w": round(max(slot * 0.8, 0.5), 2),
            "h": round(d.events / top * (CHART_HEIGHT - 20), 2), "day": d.day, "n": d.events,
        }
        for d in days
    ]
    step = max(1, span // 6)
    ticks = [
        {"x": round(i * slot, 2), "label": (first + dt.timedelta(days=i)).isoformat()}
        for i in range(0, span, step)
    ]
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "ticks": ticks, "max": top}
