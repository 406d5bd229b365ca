"""Read queries behind the board, timeline, map and article pages, over the store's tables.

The store (contested.store) owns the schema and ingestion; these are the read paths the web
views need, written so that their cost does not grow with what is *not* shown: filters and
counts run in SQL, and only the claims, events and articles on screen are loaded whole
(the claims board with 10,000 events in the store loads at most `PER_SIDE` claims a side).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from contested.store.schema import (
    ActorRow,
    Article,
    CasualtyRow,
    ClaimRow,
    ClusterMember,
    ClusterRow,
    ContradictionRow,
    EventRow,
    PlaceRow,
    ReportRow,
)
from contested.web import marks as fact_marks
from contested.web.highlight import context, segments
from contested.web.views import (
    ArticleRef,
    ArticleView,
    Board,
    CasualtyFigure,
    CasualtyRange,
    ClaimView,
    ClusterFigure,
    ContradictionView,
    DayCount,
    Disagreement,
    EventView,
    EvidenceView,
    Facets,
    Filters,
    MapPoint,
    Overview,
    Page,
    SideColumn,
    SideCount,
    Timeline,
)

T = TypeVar("T", bound=BaseModel)

#: Claims shown per side on the board; the rest are counted and paged ("more claims").
#: 30 covers a place's claims in a typical week of coverage and keeps the page near 150 kB
#: when a busy place has thousands (at 50 a side the 10,000-event board weighed 420 kB).
PER_SIDE = 30
#: Contradictions and casualty figures listed on the board (ranges cover all of them).
BOARD_LIST = 30
#: Events listed per marker in the map's pop-up (the count shows the full number); 20 links
#: fill the panel's height, and the timeline filtered to the place lists the rest.
EVENTS_PER_POINT = 20
MEASURES = ("killed", "injured", "captured")
#: Values offered per filter drop-down: the 40 most frequent; any other value can be typed.
FACET_LIMIT = 40


def _lower_eq(column: Any, value: str) -> Any:
    return func.lower(column) == value.strip().lower()


def place_names(session: Session, place: str) -> list[str]:
    """The place as asked plus the gazetteer names the articles resolved it to, lowercased:
    "Panjshir" in the text is "Panjshayr" in GeoNames, and clusters carry GeoNames names."""
    wanted = place.strip().lower()
    cache = session.info.setdefault("place_names", {})  # asked twice per board request
    if wanted in cache:
        return cache[wanted]
    resolved = session.execute(
        select(PlaceRow.name).distinct().where(
            or_(func.lower(PlaceRow.mention) == wanted, func.lower(PlaceRow.name) == wanted),
            PlaceRow.name.is_not(None),
        ).limit(20)
    ).scalars()
    cache[wanted] = sorted({wanted, *(n.lower() for n in resolved)})
    return cache[wanted]


def _place_match(names: list[str], *columns: Any) -> Any:
    return or_(*(func.lower(c).in_(names) for c in columns))


# --- article and cluster filters ------------------------------------------------------------

def article_ids(session: Session, filters: Filters) -> Select:
    """Articles a board is about: they mention the place (or report an event there), name
    the actor, were published by the outlet and fall in the period."""
    query = select(Article.id)
    conds = []
    if filters.place:
        p = place_names(session, filters.place)
        conds.append(or_(
            Article.id.in_(select(PlaceRow.article_id).where(_place_match(
                p, PlaceRow.mention, PlaceRow.name, PlaceRow.admin1, PlaceRow.admin2
            ))),
            Article.id.in_(select(EventRow.article_id).where(_place_match(
                p, EventRow.place, EventRow.admin1, EventRow.admin2
            ))),
        ))
    if filters.conflict:
        conds.append(Article.id.in_(select(PlaceRow.article_id).where(
            _lower_eq(PlaceRow.country, filters.conflict)
        )))
    if filters.actor:
        a = filters.actor
        conds.append(or_(
            Article.id.in_(select(ActorRow.article_id).where(
                or_(_lower_eq(ActorRow.name, a), _lower_eq(ActorRow.short, a))
            )),
            Article.id.in_(select(ClaimRow.article_id).where(_lower_eq(ClaimRow.side, a))),
        ))
    if filters.event_type:
        conds.append(Article.id.in_(select(EventRow.article_id).where(
            EventRow.event_type == filters.event_type
        )))
    if filters.outlet:
        conds.append(_lower_eq(Article.outlet, filters.outlet))
    if filters.date_from:
        conds.append(Article.published >= filters.date_from)
    if filters.date_to:
        conds.append(Article.published <= filters.date_to)
    return query.where(and_(*conds)) if conds else query


def cluster_conditions(session: Session, filters: Filters) -> list[Any]:
    """SQL conditions on clusters for the timeline and map filters."""
    conds: list[Any] = []
    if filters.place:
        conds.append(_place_match(
            place_names(session, filters.place), ClusterRow.place, ClusterRow.admin1, ClusterRow.admin2,
            ClusterRow.country,
        ))
    if filters.conflict:
        conds.append(_lower_eq(ClusterRow.country, filters.conflict))
    if filters.actor:
        conds.append(or_(
            _lower_eq(ClusterRow.actor1, filters.actor), _lower_eq(ClusterRow.actor2, filters.actor)
        ))
    if filters.event_type:
        conds.append(ClusterRow.event_type == filters.event_type)
    if filters.date_from:
        conds.append(ClusterRow.date >= filters.date_from)
    if filters.date_to:
        conds.append(ClusterRow.date <= filters.date_to)
    if filters.outlet:
        conds.append(exists(
            select(ClusterMember.cluster_id)
            .join(Article, Article.id == ClusterMember.article_id)
            .where(ClusterMember.cluster_id == ClusterRow.id, _lower_eq(Article.outlet, filters.outlet))
        ))
    return conds


# --- overview and facets --------------------------------------------------------------------

def overview(session: Session) -> Overview:
    recent = session.execute(
        select(Article).order_by(Article.published.desc(), Article.ingested_at.desc()).limit(10)
    ).scalars()
    return Overview(
        articles=session.scalar(select(func.count()).select_from(Article)) or 0,
        events=session.scalar(select(func.count()).select_from(ClusterRow)) or 0,
        claims=session.scalar(select(func.count()).select_from(ClaimRow)) or 0,
        contradictions=session.scalar(select(func.count()).select_from(ContradictionRow)) or 0,
        facets=facets(session),
        recent=[_ref(a) for a in recent],
        points=map_points(session, Filters()),
    )


def facets(session: Session) -> Facets:
    """Filter values, most frequent first."""

    def top(column: Any, table: Any) -> list[str]:
        rows = session.execute(
            select(column, func.count()).select_from(table).where(column.is_not(None))
            .group_by(column).order_by(func.count().desc(), column).limit(FACET_LIMIT)
        )
        return [str(value) for value, _ in rows if value]

    places = Counter[str]()
    for column in (ClusterRow.admin1, ClusterRow.place):
        for value, n in session.execute(
            select(column, func.count()).where(column.is_not(None)).group_by(column)
        ):
            places[value] += n
    actors = Counter[str]()
    for column in (ClusterRow.actor1, ClusterRow.actor2):
        for value, n in session.execute(
            select(column, func.count()).where(column.is_not(None)).group_by(column)
        ):
            actors[value] += n
    return Facets(
        places=[p for p, _ in places.most_common(FACET_LIMIT)],
        actors=[a for a, _ in actors.most_common(FACET_LIMIT)],
        event_types=top(ClusterRow.event_type, ClusterRow),
        outlets=top(Article.outlet, Article),
        conflicts=top(ClusterRow.country, ClusterRow),
    )


# --- the claims board -----------------------------------------------------------------------

def board(
    session: Session, filters: Filters, per_side: int = PER_SIDE, offset: int = 0,
    sides: Sequence[str] = (),
) -> Board:
    """Two sides' claims face to face, for the articles the filters select: the `sides`
    asked for, else the actor filtered on and the most quoted other side, else the two most
    quoted sides."""
    ids = _materialised(session, article_ids(session, filters))
    side_counts = session.execute(
        select(ClaimRow.side, func.count()).where(ClaimRow.article_id.in_(ids))
        .group_by(ClaimRow.side).order_by(func.count().desc(), ClaimRow.side)
    ).all()
    counts = {s: n for s, n in side_counts}
    wanted = [s for s in dict.fromkeys(sides) if s in counts][:2]
    if filters.actor and filters.actor in counts and filters.actor not in wanted:
        wanted.append(filters.actor)
    sides = list(dict.fromkeys([*wanted, *(s for s, _ in side_counts if s)]))[:2]
    result = Board(filters=filters, sides=[SideCount(side=s, claims=n) for s, n in side_counts if s])
    shown: list[ClaimRow] = []
    for side in sides:
        rows = _claims(session, ids, ClaimRow.side == side, per_side, offset)
        shown.extend(rows)
        result.columns.append(SideColumn(side=side, total=counts.get(side, 0)))
    other_cond = or_(ClaimRow.side.is_(None), ClaimRow.side.not_in(sides)) if sides else True
    other_rows = _claims(session, ids, other_cond, per_side, offset)
    shown.extend(other_rows)
    result.others.total = sum(n for s, n in side_counts if s not in sides)

    contradictions = session.execute(
        select(ContradictionRow).join(Article, Article.id == ContradictionRow.article_id)
        .where(ContradictionRow.article_id.in_(ids))
        .order_by(Article.published.desc(), ContradictionRow.id).limit(BOARD_LIST)
    ).scalars().all()
    views = claim_views(session, shown, contradictions)
    for column in result.columns:
        column.claims = [views[c.id] for c in shown if c.side == column.side and c.id in views]
    result.others.claims = [views[c.id] for c in other_rows if c.id in views]
    result.contradictions = contradiction_views(session, contradictions)
    result.casualties, result.ranges = casualty_figures(session, ids, BOARD_LIST)
    result.casualty_total = session.scalar(
        select(func.count()).where(CasualtyRow.article_id.in_(ids))
    ) or 0
    result.contradiction_total = session.scalar(
        select(func.count()).where(ContradictionRow.article_id.in_(ids))
    ) or 0
    result.points = map_points(session, filters)
    result.events = sum(p.events for p in result.points)
    result.articles = (
        len(ids) if isinstance(ids, list)
        else session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    )
    return result


def contradiction_views(
    session: Session, rows: Sequence[ContradictionRow]
) -> list[ContradictionView]:
    """Contradictions with their article and store-wide claim ids (for the claim cards)."""
    articles = _articles(session, {x.article_id for x in rows})
    return [
        ContradictionView(
            topic=x.topic, subject=x.subject, summary=x.summary, sides=list(x.sides or []),
            claims=[_global_id(x.article_id, c) for c in x.claims or []],
            article=_ref(articles[x.article_id]),
        )
        for x in rows if x.article_id in articles
    ]


#: Article selections up to this size are fetched once and passed as a list of ids, rather
#: than re-running the filter subquery in each of the board's eight queries (at 10,000
#: events this halves the board's SQL time). SQLite accepts 32,766 parameters per statement.
MATERIALISE_MAX = 20_000


def _materialised(session: Session, ids: Select) -> Select | list[str]:
    """The article ids as a list when there are not too many; else the query itself."""
    found = list(session.execute(ids.limit(MATERIALISE_MAX + 1)).scalars())
    return found if len(found) <= MATERIALISE_MAX else ids


def _claims(session: Session, ids: Select | list[str], cond: Any, limit: int, offset: int) -> list[ClaimRow]:
    return list(session.execute(
        select(ClaimRow).join(Article, Article.id == ClaimRow.article_id)
        .where(ClaimRow.article_id.in_(ids), cond)
        .order_by(Article.published.desc(), ClaimRow.article_id, ClaimRow.local_id)
        .limit(limit).offset(offset)
    ).scalars())


def claim_views(
    session: Session, rows: Sequence[ClaimRow], contradictions: Iterable[ContradictionRow] = ()
) -> dict[str, ClaimView]:
    """ClaimViews with their sentence in context, for the given claim rows."""
    article_ids_ = {r.article_id for r in rows}
    articles = _articles(session, article_ids_)
    spans = _claim_spans(session, article_ids_)
    against: dict[str, set[str]] = defaultdict(set)
    for x in contradictions:
        members = [_global_id(x.article_id, c) for c in x.claims or []]
        for a in members:
            against[a].update(m for m in members if m != a)
    out = {}
    for row in rows:
        article = articles.get(row.article_id)
        if article is None:
            continue
        claim_spans = spans.get(row.id, {})
        marks = fact_marks.claim_marks(claim_spans, row.evidence or [])
        focus = fact_marks.focus(claim_spans, row.evidence or [])
        out[row.id] = ClaimView(
            id=row.id, article=_ref(article), speaker=row.speaker,
            speaker_role=row.speaker_role, side=row.side, cue=row.cue, quote=row.quote,
            text=row.text, kind=row.kind,
            outlets=_chain(article.outlet, row.outlets or []),
            context=context(article.text, focus, marks) if focus else [],
            contradicted_by=sorted(against.get(row.id, ())),
        )
    return out


def _claim_spans(session: Session, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Source/cue/content offsets per claim id: the claims table keeps evidence only, so the
    spans come from the stored report (DESIGN.md contract)."""
    if not ids:
        return {}
    out = {}
    for article_id, report in session.execute(
        select(ReportRow.article_id, ReportRow.report).where(ReportRow.article_id.in_(ids))
    ):
        for claim in (report or {}).get("claims") or []:
            if isinstance(claim, dict) and claim.get("id"):
                out[_global_id(article_id, claim["id"])] = claim.get("spans") or {}
    return out


def casualty_figures(
    session: Session, ids: Select | list[str], limit: int = 100
) -> tuple[list[CasualtyFigure], list[CasualtyRange]]:
    """Each claimant's figures, and per victim side the conservative and highest counts."""
    rows = session.execute(
        select(CasualtyRow).where(CasualtyRow.article_id.in_(ids))
        .order_by(CasualtyRow.victim_side, CasualtyRow.claimed_by, CasualtyRow.date).limit(limit)
    ).scalars().all()
    articles = _articles(session, {r.article_id for r in rows})
    figures = [
        CasualtyFigure(
            claimed_by=r.claimed_by, victim_side=r.victim_side, killed=r.killed,
            injured=r.injured, captured=r.captured, cumulative=r.cumulative, date=r.date,
            outlets=_chain(articles[r.article_id].outlet, r.outlets or []),
            article=_ref(articles[r.article_id]),
            claim=_global_id(r.article_id, r.claim_id) if r.claim_id else None,
        )
        for r in rows if r.article_id in articles
    ]
    # Ranges over every figure (not only the listed ones): one light query, grouped here.
    spread: dict[tuple[str | None, str], list[tuple[int, str | None]]] = defaultdict(list)
    for side, claimant, *numbers in session.execute(
        select(CasualtyRow.victim_side, CasualtyRow.claimed_by, CasualtyRow.killed,
               CasualtyRow.injured, CasualtyRow.captured)
        .where(CasualtyRow.article_id.in_(ids))
    ):
        for measure, value in zip(MEASURES, numbers, strict=True):
            if value is not None:
                spread[(side, measure)].append((value, claimant))
    ranges = [
        CasualtyRange(
            victim_side=side, measure=measure, conservative=min(v for v, _ in values),
            highest=max(v for v, _ in values), figures=len(values),
            claimants=sorted({c or "unattributed" for _, c in values}),
        )
        for (side, measure), values in sorted(
            spread.items(), key=lambda kv: (MEASURES.index(kv[0][1]), -len(kv[1]), kv[0][0] or "")
        )
    ]
    return figures, ranges


# --- timeline and map -----------------------------------------------------------------------

def timeline(session: Session, filters: Filters, limit: int, offset: int) -> Timeline:
    conds = cluster_conditions(session, filters)
    total = session.scalar(select(func.count()).select_from(ClusterRow).where(*conds)) or 0
    rows = session.execute(
        select(ClusterRow).where(*conds)
        .order_by(ClusterRow.date.desc().nulls_last(), ClusterRow.id).limit(limit).offset(offset)
    ).scalars().all()
    return Timeline(
        filters=filters, days=day_counts(session, filters),
        events=[_event(r) for r in rows], page=Page(total=total, limit=limit, offset=offset),
    )


def day_counts(session: Session, filters: Filters) -> list[DayCount]:
    rows = session.execute(
        select(ClusterRow.date, func.count()).where(ClusterRow.date.is_not(None), *cluster_conditions(session, filters))
        .group_by(ClusterRow.date).order_by(ClusterRow.date)
    )
    return [DayCount(day=d, events=n) for d, n in rows]


def map_points(session: Session, filters: Filters) -> list[MapPoint]:
    """Geocoded clusters grouped by location (one marker per place, sized by events)."""
    rows = session.execute(
        select(
            ClusterRow.id, ClusterRow.lat, ClusterRow.lon, ClusterRow.place,
            ClusterRow.fatalities, ClusterRow.disputed,
        ).where(ClusterRow.lat.is_not(None), ClusterRow.lon.is_not(None), *cluster_conditions(session, filters))
        .order_by(ClusterRow.date.desc().nulls_last(), ClusterRow.id)
    )
    points: dict[tuple[float, float], MapPoint] = {}
    for cid, lat, lon, place, deaths, disputed in rows:
        key = (round(lat, 3), round(lon, 3))
        point = points.get(key)
        if point is None:
            point = points[key] = MapPoint(lat=lat, lon=lon, name=place or "", events=0)
        point.events += 1
        if deaths is not None:
            point.fatalities = (point.fatalities or 0) + deaths
        point.disputed = point.disputed or bool(disputed)
        if len(point.event_ids) < EVENTS_PER_POINT:
            point.event_ids.append(cid)
    return list(points.values())


def events_by_id(session: Session, ids: Sequence[str]) -> list[EventView]:
    """Summaries of the given clusters (for a map marker's pop-up), in the order given."""
    rows = {r.id: r for r in session.execute(select(ClusterRow).where(ClusterRow.id.in_(ids))).scalars()}
    return [_event(rows[i]) for i in ids if i in rows]


def event(session: Session, cluster_id: str) -> EventView | None:
    """A cluster with its supporting articles, claims and evidence sentences."""
    row = session.get(ClusterRow, cluster_id)
    if row is None:
        return None
    view = _event(row)
    view.figures = _valid(ClusterFigure, row.figures)
    view.disagreements = _valid(Disagreement, row.contradictions)
    members = session.execute(
        select(EventRow).join(ClusterMember, ClusterMember.event_id == EventRow.id)
        .where(ClusterMember.cluster_id == cluster_id)
    ).scalars().all()
    articles = _articles(session, {m.article_id for m in members})
    view.articles = [_ref(articles[a]) for a in sorted(articles, key=lambda a: str(articles[a].published))]
    claim_ids = [_global_id(m.article_id, c) for m in members for c in m.claims or []]
    claim_rows = session.execute(select(ClaimRow).where(ClaimRow.id.in_(claim_ids))).scalars().all()
    if not claim_rows:
        # No claim is tied to the event itself: show what the reporting articles' sources
        # say, so the analyst still sees who is quoted about the incident.
        view.claims_linked = False
        claim_rows = session.execute(
            select(ClaimRow).where(ClaimRow.article_id.in_(articles))
            .order_by(ClaimRow.article_id, ClaimRow.local_id).limit(EVENTS_PER_POINT)
        ).scalars().all()
        claim_ids = [c.id for c in claim_rows]
    contradictions = session.execute(
        select(ContradictionRow).where(ContradictionRow.article_id.in_(articles))
    ).scalars().all()
    by_id = claim_views(session, claim_rows, contradictions)
    view.claims = [by_id[c] for c in claim_ids if c in by_id]
    for member in members:
        article = articles.get(member.article_id)
        for span in (member.evidence or [])[:3]:
            start, end = fact_marks.offsets(span)
            if article is not None and end > start:
                marks = [fact_marks.Mark(start, end, "event", view.sub_event_type)]
                view.evidence.append(EvidenceView(
                    article=_ref(article), context=context(article.text, (start, end), marks)
                ))
    return view


# --- articles -------------------------------------------------------------------------------

def article(session: Session, article_id: str) -> ArticleView | None:
    """The article text with every extracted fact highlighted by its offsets."""
    row = session.get(Article, article_id)
    if row is None:
        return None
    report_row = session.get(ReportRow, article_id)
    report: dict[str, Any] = (report_row.report if report_row else None) or {}
    view = ArticleView(
        article=_ref(row),
        segments=segments(row.text, fact_marks.report_marks(report)),
        warnings=[str(w) for w in report.get("warnings") or []],
        error=report.get("error"),
    )
    claim_rows = session.execute(
        select(ClaimRow).where(ClaimRow.article_id == article_id).order_by(ClaimRow.local_id)
    ).scalars().all()
    contradictions = session.execute(
        select(ContradictionRow).where(ContradictionRow.article_id == article_id)
    ).scalars().all()
    by_id = claim_views(session, claim_rows, contradictions)
    view.claims = [by_id[c.id] for c in claim_rows if c.id in by_id]
    view.casualties, _ = casualty_figures(session, select(Article.id).where(Article.id == article_id))
    # IN, not JOIN + DISTINCT: PostgreSQL cannot compare the clusters' JSON columns.
    clusters = session.execute(
        select(ClusterRow).where(ClusterRow.id.in_(
            select(ClusterMember.cluster_id).where(ClusterMember.article_id == article_id)
        )).order_by(ClusterRow.date, ClusterRow.id)
    ).scalars().all()
    view.events = [_event(c) for c in clusters]
    return view


def articles_page(session: Session, filters: Filters, limit: int, offset: int) -> tuple[list[ArticleRef], Page]:
    ids = article_ids(session, filters)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    rows = session.execute(
        select(Article).where(Article.id.in_(ids))
        .order_by(Article.published.desc().nulls_last(), Article.id).limit(limit).offset(offset)
    ).scalars()
    return [_ref(a) for a in rows], Page(total=total, limit=limit, offset=offset)


# --- helpers --------------------------------------------------------------------------------

def _articles(session: Session, ids: Iterable[str]) -> dict[str, Article]:
    ids = list(ids)
    if not ids:
        return {}
    return {a.id: a for a in session.execute(select(Article).where(Article.id.in_(ids))).scalars()}


def _valid(model: type[T], items: Any) -> list[T]:
    """Stored JSON objects that fit the view model; malformed ones are skipped."""
    out = []
    for item in items if isinstance(items, list) else []:
        try:
            out.append(model.model_validate(item))
        except ValidationError:
            continue
    return out


def _ref(article: Article) -> ArticleRef:
    return ArticleRef(
        id=article.id, title=article.title, outlet=article.outlet,
        published=article.published, url=article.url,
    )


def _global_id(article_id: str, local_id: str) -> str:
    """Store ids of per-article facts are `<article id>:<local id>` (store/schema.py)."""
    return local_id if local_id.startswith(f"{article_id}:") else f"{article_id}:{local_id}"


def _chain(publisher: str | None, outlets: Iterable[str]) -> list[str]:
    """The outlet chain, publisher first, without repeats."""
    return list(dict.fromkeys(o for o in (publisher, *outlets) if o))


def _event(row: ClusterRow) -> EventView:
    return EventView(
        id=row.id, event_type=row.event_type, sub_event_type=row.sub_event_type,
        actor1=row.actor1, actor2=row.actor2, date=row.date, date_precision=row.date_precision,
        place=row.place, admin1=row.admin1, country=row.country, lat=row.lat, lon=row.lon,
        fatalities=row.fatalities, fatalities_high=row.fatalities_high, disputed=row.disputed,
        reports=row.n_articles or 1, outlets=list(row.outlets or []),
    )
