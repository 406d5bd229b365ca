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
    """Bring every cluster and membership row up to date inside the caller's transaction.

    Clustering runs over the whole corpus because one new report can merge two incidents
    that were separate (or change which is the anchor); only the clusters that changed are
    rewritten, so adding one article to a large corpus writes a handful of rows. Concurrent
    rebuilds on PostgreSQL take turns (advisory lock), so two ingests never interleave.
    """
    lock(session.connection(), CLUSTER_LOCK)
    clusters = build_clusters(*_records(session))
    new_rows = {c.id: cluster_row(c) for c in clusters}
    new_members = {c.id: {m.id: m.article_id for m in c.members} for c in clusters}
    columns = list(ClusterRow.__table__.columns)
    old_rows = {row[0]: tuple(row) for row in session.execute(select(*columns))}
    old_members: dict[str, set[str]] = {}
    for cluster_id, event_id in session.execute(
        select(ClusterMember.cluster_id, ClusterMember.event_id)
    ):
        old_members.setdefault(cluster_id, set()).add(event_id)
    changed = [
        cid for cid, row in new_rows.items()
        if old_rows.get(cid) != tuple(getattr(row, c.key) for c in columns)
        or old_members.get(cid, set()) != set(new_members[cid])
    ]
    stale = [cid for cid in old_rows if cid not in new_rows] + changed
    for start in range(0, len(stale), SLICE):
        part = stale[start:start + SLICE]
        session.execute(delete(ClusterMember).where(ClusterMember.cluster_id.in_(part)))
        session.execute(delete(ClusterRow).where(ClusterRow.id.in_(part)))
    session.flush()
    session.add_all(new_rows[cid] for cid in changed)
    session.flush()
    session.add_all(
        ClusterMember(cluster_id=cid, event_id=event_id, article_id=article_id)
        for cid in changed
        for event_id, article_id in new_members[cid].items()
    )
    return len(clusters)


#: Cluster ids per DELETE statement (bound-parameter limits of SQLite and PostgreSQL).
SLICE = 500


def _records(session: Session) -> tuple[list, list, list]:
    """Events, casualty figures and contradictions as the clusterer's records."""
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
    return events, casualties, contradictions


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
