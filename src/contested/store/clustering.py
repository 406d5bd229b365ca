"""Rebuild the stored clusters from the stored events (see `contested.clusters`)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from contested.clusters import Cluster, build_clusters, representative
from contested.store import rows
from contested.store.migrate import CLUSTER_LOCK, lock
from contested.store.schema import (
    Article,
    CasualtyRow,
    ClusterMember,
    ClusterRow,
    ContradictionRow,
    EventRow,
)


def rebuild(session: Session) -> int:
    """Replace every cluster and membership row inside the caller's transaction.

    Clustering runs over the whole corpus because one new report can merge two incidents
    that were separate (or change which is the anchor). Concurrent rebuilds on PostgreSQL
    take turns (advisory lock), so two ingests never interleave their cluster rows.
    """
    lock(session.connection(), CLUSTER_LOCK)
    context = {
        aid: (outlet, published, wire)
        for aid, outlet, published, wire in session.execute(
            select(Article.id, Article.outlet, Article.published, Article.wire)
        )
    }
    events = [
        rows.event_record(row, *context.get(row.article_id, (None, None, None)))
        for row in session.scalars(select(EventRow))
    ]
    casualties = [
        rows.casualty_record(row, context.get(row.article_id, (None, None, None))[0])
        for row in session.scalars(select(CasualtyRow))
    ]
    contradictions = [rows.contradiction_record(r) for r in session.scalars(select(ContradictionRow))]
    clusters = build_clusters(events, casualties, contradictions)
    session.execute(delete(ClusterMember))
    session.execute(delete(ClusterRow))
    session.flush()
    session.add_all(cluster_row(c) for c in clusters)
    session.flush()
    session.add_all(
        ClusterMember(cluster_id=c.id, event_id=m.id, article_id=m.article_id)
        for c in clusters
        for m in c.members
    )
    return len(clusters)


def cluster_row(cluster: Cluster) -> ClusterRow:
    """The stored, merged view of one cluster."""
    rep = representative(cluster)
    place = rep["place"]
    location = {
        "place": place.place, "feature": place.feature, "admin1": place.admin1,
        "admin2": place.admin2, "country": place.country, "country_code": place.country_code,
        "lat": place.lat, "lon": place.lon, "geo_precision": place.geo_precision,
    } if place is not None else {}
    return ClusterRow(
        id=cluster.id, event_type=rep["event_type"], sub_event_type=rep["sub_event_type"],
        actor1=rep["actor1"], actor2=rep["actor2"], date=rep["date"], date_end=rep["date_end"],
        date_precision=rep["date_precision"], fatalities=cluster.fatalities,
        fatalities_high=cluster.fatalities_high, corroboration=cluster.corroboration,
        n_articles=len(cluster.article_ids), n_events=len(cluster.members),
        disputed=cluster.disputed, outlets=cluster.outlets, figures=cluster.figures,
        contradictions=cluster.contradictions, **location,
    )
