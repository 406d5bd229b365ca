"""The corpus schema: SQLAlchemy 2 models shared by SQLite and PostgreSQL.

Articles are stored whole (raw input, extracted text, content hash, metadata); everything else
is derived from them and can be recomputed (`contested reprocess`). Derived rows carry the
article id and are replaced together, inside the article's transaction. Ids are deterministic
(STYLE.md #9): an article's id is its content hash, an event's id is `<article id>:<event id>`,
a cluster's id is a hash of its anchor event, so re-runs update rows instead of duplicating them.

Alembic migrations in `contested/store/migrations/versions/` create these tables; change the
models and the migrations together (`tests/store/test_migrations.py` checks they agree).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Length of the id columns: article ids are 16 hex characters; event and claim ids append
#: ":e12"-style suffixes; 64 leaves room for external ids in rejections.
ID_LEN = 64


class Base(DeclarativeBase):
    """Declarative base; `type_annotation_map` makes dict/list fields portable JSON columns."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _article_fk() -> Any:
    return ForeignKey("articles.id", ondelete="CASCADE")


class Article(Base):
    """An ingested article, stored whole. `id` is the first 16 hex digits of `content_hash`."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(1000))
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    #: The news agency the dateline credits ("KABUL (AFP) -"), when it is not the outlet.
    wire: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    raw: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReportRow(Base):
    """The whole report (DESIGN.md contract) per article, as JSON, for lossless export."""

    __tablename__ = "reports"

    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), primary_key=True)
    report: Mapped[dict[str, Any]]
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EventRow(Base):
    """One per-article event; `cluster_members` links it to its cross-article cluster."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(200), index=True)
    actor2: Mapped[str | None] = mapped_column(String(200), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_text: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    feature: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    claims: Mapped[list[Any]]
    evidence: Mapped[list[Any]]


class ClaimRow(Base):
    """An attributed claim (speaker, side, cue, outlet chain) from one article."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    speaker: Mapped[str | None] = mapped_column(String(200))
    speaker_role: Mapped[str | None] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(String(200), index=True)
    party: Mapped[bool | None] = mapped_column(Boolean)
    outlets: Mapped[list[Any]]
    cue: Mapped[str | None] = mapped_column(String(200))
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]]


class CasualtyRow(Base):
    """A casualty figure as one claimant gave it (never merged with other claimants')."""

    __tablename__ = "casualties"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    victim_side: Mapped[str | None] = mapped_column(String(200))
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    captured: Mapped[int | None] = mapped_column(Integer)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    outlets: Mapped[list[Any]]
    date: Mapped[dt.date | None] = mapped_column(Date)
    claim_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    #: The local id ("e1") of the event the figure belongs to, when the pipeline linked it.
    event_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    evidence: Mapped[list[Any]]


class ContradictionRow(Base):
    """Incompatible claims of opposing sides within one article."""

    __tablename__ = "contradictions"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    topic: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    claims: Mapped[list[Any]]
    sides: Mapped[list[Any]]
    summary: Mapped[str] = mapped_column(Text)


class PlaceRow(Base):
    """A resolved (or unresolved) toponym mentioned in one article."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    mention: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200), index=True)
    feature: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)


class ActorRow(Base):
    """A canonical actor mentioned in one article."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(ID_LEN), _article_fk(), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    short: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    mentions: Mapped[list[Any]]


class Rejection(Base):
    """An input that could not be ingested, and why. `id` hashes source + reason, so a re-run
    that meets the same bad record does not add a second row."""

    __tablename__ = "rejections"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    rejected_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ClusterRow(Base):
    """One incident as reported across articles: the merged view of its member events.

    `fatalities` is the conservative (lowest credible) figure, `fatalities_high` the highest
    claimed; `figures` lists every claimant's own numbers; `contradictions` gathers the member
    articles' contradictions and cross-article disagreements about figures.
    """

    __tablename__ = "clusters"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(200), index=True)
    actor2: Mapped[str | None] = mapped_column(String(200), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    place: Mapped[str | None] = mapped_column(String(200))
    feature: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    corroboration: Mapped[int] = mapped_column(Integer)
    n_articles: Mapped[int] = mapped_column(Integer)
    n_events: Mapped[int] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    outlets: Mapped[list[Any]]
    figures: Mapped[list[Any]]
    contradictions: Mapped[list[Any]]


class ClusterMember(Base):
    """Membership of a per-article event in a cluster (every supporting article is kept)."""

    __tablename__ = "cluster_members"

    cluster_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[str] = mapped_column(String(ID_LEN), index=True)


Index("ix_cluster_members_event", ClusterMember.event_id, unique=True)
