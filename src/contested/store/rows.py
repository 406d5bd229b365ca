"""Convert between reports and database rows, and rows into clustering records.

Derived rows get ids prefixed by their article's id, so they never collide across articles
and a re-extraction replaces them one for one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from contested.clusters import CasualtyRecord, ContradictionRecord, EventRecord
from contested.model import ArticleMeta, Place, Report
from contested.readers import ArticleInput
from contested.store.schema import (
    ActorRow,
    Article,
    Base,
    CasualtyRow,
    ClaimRow,
    ContradictionRow,
    EventRow,
    PlaceRow,
    ReportRow,
)

#: Derived tables, replaced as a whole when an article is re-extracted.
DERIVED = (EventRow, ClaimRow, CasualtyRow, ContradictionRow, PlaceRow, ActorRow, ReportRow)

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed: the same story re-scraped with different
    line breaks or indentation is the same article."""
    normalised = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(digest: str) -> str:
    """An article's id: the first 16 hex digits (64 bits) of its content hash."""
    return digest[:16]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def article_row(item: ArticleInput, digest: str) -> Article:
    meta = item.meta
    return Article(
        id=article_id(digest), content_hash=digest, source_id=meta.id or None,
        source=item.source, title=meta.title, outlet=meta.outlet, published=meta.published,
        url=meta.url, text=item.text, raw=item.raw, ingested_at=now(),
        wire=wire_credit(item.text, meta.outlet),
    )


#: Characters of the article searched for a dateline credit: datelines open the story.
DATELINE_CHARS = 300

_CREDIT = re.compile(r"\(([A-Z][\w .&'-]{1,40})\)\s*[-–—:]")


def wire_credit(text: str, outlet: str | None) -> str | None:
    """The agency a dateline credits ("DAKAR, Nov 28 (Reuters) -"), as its canonical outlet
    name, when it differs from the publishing outlet; None otherwise."""
    from contested.feeds import canonical_outlet

    match = _CREDIT.search(text[:DATELINE_CHARS])
    if match is None:
        return None
    credited = canonical_outlet(match.group(1))
    known = credited is not None and credited != match.group(1).strip()
    if not known and match.group(1).strip() not in _outlet_names():
        return None
    if outlet is not None and canonical_outlet(outlet) == credited:
        return None
    return credited


def _outlet_names() -> frozenset[str]:
    from contested.lexicon import load_yaml

    return frozenset(o["name"] for o in load_yaml("outlets"))


def article_input(row: Article) -> ArticleInput:
    """Rebuild the pipeline input of a stored article (for `reprocess`)."""
    meta = ArticleMeta(
        id=row.source_id or row.id, title=row.title, outlet=row.outlet,
        published=row.published, url=row.url,
    )
    return ArticleInput(meta, text=row.text, source=row.source, raw=row.raw)


def _place_columns(place: Place | None) -> dict[str, object]:
    if place is None:
        return {}
    return {
        "place": place.name or place.mention, "feature": place.feature, "admin1": place.admin1,
        "admin2": place.admin2, "country": place.country, "country_code": place.country_code,
        "lat": place.lat, "lon": place.lon, "geonames_id": place.geonames_id,
    }


def derived_rows(aid: str, report: Report) -> list[Base]:
    """Every derived row of one article's report (the report itself included)."""
    rows: list[Base] = [
        ReportRow(article_id=aid, report=report.model_dump(mode="json"),
                  warnings=len(report.warnings), extracted_at=now())
    ]
    for n, e in enumerate(report.events, start=1):
        local = e.id or f"e{n}"
        rows.append(EventRow(
            id=f"{aid}:{local}", article_id=aid, local_id=local, event_type=e.event_type,
            sub_event_type=e.sub_event_type, actor1=e.actor1, actor2=e.actor2, date=e.date,
            date_precision=e.date_precision, date_text=e.date_text,
            geo_precision=e.geo_precision, fatalities=e.fatalities, disputed=e.disputed,
            confidence=e.confidence, claims=list(e.claims),
            evidence=[s.model_dump() for s in e.evidence], **_place_columns(e.location),
        ))
    for n, c in enumerate(report.claims, start=1):
        local = c.id or f"c{n}"
        rows.append(ClaimRow(
            id=f"{aid}:{local}", article_id=aid, local_id=local, speaker=c.speaker,
            speaker_role=c.speaker_role, side=c.side, party=c.party, outlets=list(c.outlets),
            cue=c.cue, quote=c.quote, kind=c.kind, text=c.text,
            evidence=[s.model_dump() for s in c.evidence],
        ))
    for n, k in enumerate(report.casualties, start=1):
        rows.append(CasualtyRow(
            id=f"{aid}:k{n}", article_id=aid, victim_side=k.victim_side, killed=k.killed,
            injured=k.injured, captured=k.captured, cumulative=k.cumulative,
            claimed_by=k.claimed_by, outlets=list(k.outlets), date=k.date, claim_id=k.claim,
            event_id=k.event, evidence=[s.model_dump() for s in k.evidence],
        ))
    for n, x in enumerate(report.contradictions, start=1):
        rows.append(ContradictionRow(
            id=f"{aid}:x{n}", article_id=aid, topic=x.topic, subject=x.subject,
            claims=list(x.claims), sides=list(x.sides), summary=x.summary,
        ))
    for n, p in enumerate(report.places, start=1):
        columns = _place_columns(p)
        columns.pop("place", None)
        rows.append(PlaceRow(id=f"{aid}:p{n}", article_id=aid, mention=p.mention[:200],
                             name=p.name, **columns))
    for n, a in enumerate(report.actors, start=1):
        rows.append(ActorRow(id=f"{aid}:a{n}", article_id=aid, name=a.name, short=a.short,
                             kind=a.kind, mentions=list(a.mentions)))
    return rows


def event_record(
    row: EventRow, outlet: str | None, published: dt.date | None, wire: str | None = None
) -> EventRecord:
    return EventRecord(
        id=row.id, article_id=row.article_id, event_type=row.event_type,
        sub_event_type=row.sub_event_type, outlet=outlet, published=published, wire=wire,
        actor1=row.actor1, actor2=row.actor2, date=row.date, date_precision=row.date_precision,
        place=row.place, feature=row.feature, admin1=row.admin1, admin2=row.admin2,
        country=row.country, country_code=row.country_code, lat=row.lat, lon=row.lon,
        geonames_id=row.geonames_id, geo_precision=row.geo_precision,
        fatalities=row.fatalities, disputed=row.disputed,
        claims=tuple(row.claims or ()),
    )


def casualty_record(row: CasualtyRow, outlet: str | None) -> CasualtyRecord:
    return CasualtyRecord(
        article_id=row.article_id, outlet=outlet, claim_id=row.claim_id,
        victim_side=row.victim_side, killed=row.killed, injured=row.injured,
        captured=row.captured, cumulative=row.cumulative, claimed_by=row.claimed_by,
        event_id=f"{row.article_id}:{row.event_id}" if row.event_id else None,
    )


def contradiction_record(row: ContradictionRow) -> ContradictionRecord:
    return ContradictionRecord(
        article_id=row.article_id, topic=row.topic, subject=row.subject,
        claims=tuple(row.claims or ()), sides=tuple(row.sides or ()), summary=row.summary,
    )


def rejection_id(source: str, reason: str) -> str:
    return hashlib.sha256(f"{source}\n{reason}".encode()).hexdigest()[:32]
