"""The corpus store: ingest articles, keep their reports, merge events across articles.

    from contested.store import Store
    with Store.open("sqlite:///contested.db") as store:       # or postgresql+psycopg://…
        result = store.ingest(readers.read_paths(["articles/"]))
        for cluster in store.clusters(actor="Taliban"):
            print(cluster.date, cluster.place, cluster.fatalities, cluster.corroboration)

Writes: `ingest` (new articles; duplicates by content hash are skipped without extraction),
`reprocess` (re-run the pipeline on stored articles, replacing derived rows only),
`recluster`. Each article is committed in its own transaction, so an interrupted ingest
keeps what it committed and a re-run completes the rest. Reads (`articles`, `article`,
`events`, `claims`, `casualties`, `clusters`, `cluster`, `timeline`, `rejections`, `counts`)
return rows of `contested.store.schema` detached from the session: read their attributes,
do not modify them. These names are the store's stable API (the web UI builds on them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import sessionmaker

from contested.errors import InputError
from contested.model import Report
from contested.readers import ArticleInput
from contested.store import migrate, rows
from contested.store.schema import (
    Article,
    CasualtyRow,
    ClaimRow,
    ClusterMember,
    ClusterRow,
    ContradictionRow,
    EventRow,
    Rejection,
)

#: The default database: a SQLite file in the working directory.
DEFAULT_URL = "sqlite:///contested.db"

#: Articles handed to the extractor at a time. The pipeline batches spaCy within a chunk;
#: 32 matches its nlp.pipe batch and bounds what an interrupted run has to redo.
CHUNK = 32

#: Hashes looked up per query when checking for duplicates.
LOOKUP_SLICE = 500

#: (input, report) pairs from a list of inputs, in input order.
Extractor = Callable[[list[ArticleInput]], Iterable[tuple[ArticleInput, Report]]]
#: Called once per input with "ingested", "duplicate" or "rejected".
Progress = Callable[[str, ArticleInput], None]


@dataclass
class IngestResult:
    """What an ingest (or reprocess) did: counts, the new article ids, rejections."""

    ingested: list[str] = field(default_factory=list)
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    clusters: int = 0

    @property
    def failed(self) -> int:
        return len(self.rejected)


@dataclass
class ClusterDetail:
    """A cluster with everything behind it: member events, their articles and claims."""

    cluster: ClusterRow
    events: list[EventRow]
    articles: list[Article]
    claims: list[ClaimRow]
    casualties: list[CasualtyRow]


def pipeline_extractor(inputs: list[ArticleInput]) -> Iterator[tuple[ArticleInput, Report]]:
    """The default, single-process extractor: `contested.batch.extract_inputs` (the default
    pipeline, batched, each article under its time budget)."""
    from contested.batch import extract_inputs

    yield from zip(inputs, extract_inputs(inputs), strict=True)


def distributed_extractor(workers: int | None, scheduler: str | None) -> Extractor:
    """An extractor that runs the pipeline on Dask (`contested.distributed`): local workers,
    or a running scheduler at ADDRESS."""

    def extract(inputs: list[ArticleInput]) -> Iterator[tuple[ArticleInput, Report]]:
        try:
            from contested.distributed import extract_distributed
        except ImportError as exc:
            raise InputError(
                "distributed extraction is not available in this version (contested.distributed)"
            ) from exc
        yield from extract_distributed(inputs, workers=workers, scheduler=scheduler)

    return extract


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (taken as a SQLite file)."""
    if not url:
        return DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """A corpus database (SQLite or PostgreSQL). Open with `Store.open(url)`; close it, or use
    it as a context manager."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect, and create or upgrade the schema (Alembic migrations shipped in the
        package). `url` is a SQLAlchemy URL or a file path; default `sqlite:///contested.db`."""
        url = normalise_url(url)
        try:
            engine = _engine(url)
            migrate.upgrade(engine)
        except Exception as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"cannot open the store {_safe(url)}: {_first_line(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[ArticleInput],
        extractor: Extractor | None = None,
        progress: Progress | None = None,
        chunk: int = CHUNK,
    ) -> IngestResult:
        """Store new articles with their reports, then update the clusters.

        An input already stored (same content hash) is skipped without extraction; a
        malformed input, or one the pipeline refuses, is recorded in `rejections` with its
        reason and the batch goes on. Each article commits in its own transaction, as soon
        as the extractor yields it. The extractor is called once per `chunk` new inputs:
        a distributed extractor wants them all at once (one cluster start, full workers).
        """
        extractor = extractor or pipeline_extractor
        progress = progress or (lambda kind, item: None)
        result = IngestResult()
        seen: set[str] = set()
        pending: list[tuple[ArticleInput, str]] = []
        for item in inputs:
            if item.error is not None:
                self._reject(item, item.error, None, result)
                progress("rejected", item)
                continue
            pending.append((item, rows.content_hash(item.text)))
            if len(pending) >= chunk:
                self._ingest_chunk(pending, seen, extractor, progress, result)
                pending = []
        if pending:
            self._ingest_chunk(pending, seen, extractor, progress, result)
        if self._unclustered():  # new events, or a run stopped before clustering
            result.clusters = self.recluster()
        return result

    def _ingest_chunk(
        self,
        pending: list[tuple[ArticleInput, str]],
        seen: set[str],
        extractor: Extractor,
        progress: Progress,
        result: IngestResult,
    ) -> None:
        stored = self._known_hashes([digest for _, digest in pending])
        fresh: list[ArticleInput] = []
        digests: dict[int, str] = {}
        for item, digest in pending:
            if digest in stored or digest in seen:
                result.duplicates += 1
                progress("duplicate", item)
                continue
            seen.add(digest)
            fresh.append(item)
            digests[id(item)] = digest
        if not fresh:
            return
        for item, report in extractor(fresh):
            # an extractor may hand back copies (e.g. after a round trip through workers)
            digest = digests.get(id(item)) or rows.content_hash(item.text)
            if report.error is not None:
                self._reject(item, report.error, digest, result)
                progress("rejected", item)
                continue
            try:
                added = self._add(item, digest, report)
            except InputError as exc:  # one article the database refuses never stops the batch
                self._reject(item, str(exc), digest, result)
                progress("rejected", item)
                continue
            if added:
                result.ingested.append(rows.article_id(digest))
                progress("ingested", item)
            else:
                result.duplicates += 1
                progress("duplicate", item)

    def _add(self, item: ArticleInput, digest: str, report: Report) -> bool:
        """Insert one article and its derived rows in one transaction (False: already there,
        e.g. stored meanwhile by a concurrent ingest). The article row is flushed first:
        the derived tables have no ORM relationship to it, so nothing else orders them."""
        article = rows.article_row(item, digest)
        try:
            with self._session() as session, session.begin():
                session.add(article)
                session.flush()
                session.add_all(rows.derived_rows(article.id, report))
                # an earlier run's rejection of this text (e.g. a since-fixed stage) is void
                session.execute(delete(Rejection).where(Rejection.content_hash == digest))
        except IntegrityError as exc:
            if self._known_hashes([digest]):
                return False
            raise InputError(f"the database refused the article: {_first_line(exc)}") from exc
        except (DataError, OverflowError) as exc:  # a NUL or an over-long value (PostgreSQL)
            raise InputError(f"the database refused the article: {_first_line(exc)}") from exc
        return True

    def _reject(
        self, item: ArticleInput, reason: str, digest: str | None, result: IngestResult
    ) -> None:
        source = (item.source or item.meta.id or "input").replace("\x00", "\ufffd")
        reason = reason.replace("\x00", "\ufffd")  # PostgreSQL text cannot hold NUL
        result.rejected.append((source, reason))
        rid = rows.rejection_id(source, reason)
        try:
            with self._session() as session, session.begin():
                if session.get(Rejection, rid) is None:
                    session.add(Rejection(id=rid, source=source, reason=reason,
                                          content_hash=digest, rejected_at=rows.now()))
        except IntegrityError:  # a concurrent ingest recorded the same rejection first
            pass

    def _known_hashes(self, digests: list[str]) -> set[str]:
        """Which of these content hashes are stored (queried in slices: SQLite and the
        PostgreSQL protocol both cap the number of bound parameters)."""
        found: set[str] = set()
        with self._session() as session:
            for start in range(0, len(digests), LOOKUP_SLICE):
                part = digests[start:start + LOOKUP_SLICE]
                found.update(session.scalars(
                    select(Article.content_hash).where(Article.content_hash.in_(part))
                ))
        return found

    def reprocess(
        self,
        article_ids: Iterable[str] | None = None,
        extractor: Extractor | None = None,
        progress: Progress | None = None,
        chunk: int = CHUNK,
    ) -> IngestResult:
        """Re-run extraction on stored articles (all, or the given ids) and replace their
        derived rows; articles themselves are never touched. Clusters are rebuilt at the end.
        An article the pipeline now refuses keeps a report carrying the error."""
        extractor = extractor or pipeline_extractor
        progress = progress or (lambda kind, item: None)
        result = IngestResult()
        ids = list(article_ids) if article_ids is not None else self._all_article_ids()
        for start in range(0, len(ids), chunk):
            stored = self._load_articles(ids[start:start + chunk])
            inputs = [rows.article_input(a) for a in stored]
            by_input = {id(i): a.id for i, a in zip(inputs, stored, strict=True)}
            for item, report in extractor(inputs):
                self._replace(by_input[id(item)], report)
                if report.error:
                    result.rejected.append((by_input[id(item)], report.error))
                    progress("rejected", item)
                else:
                    result.ingested.append(by_input[id(item)])
                    progress("ingested", item)
        result.clusters = self.recluster()
        return result

    def _load_articles(self, ids: list[str]) -> list[Article]:
        """Stored articles by id, in id order (queried in slices, like `_known_hashes`)."""
        found: list[Article] = []
        with self._session() as session:
            for start in range(0, len(ids), LOOKUP_SLICE):
                part = ids[start:start + LOOKUP_SLICE]
                found.extend(session.scalars(select(Article).where(Article.id.in_(part))))
        return sorted(found, key=lambda a: a.id)

    def _replace(self, aid: str, report: Report) -> None:
        with self._session() as session, session.begin():
            session.execute(delete(ClusterMember).where(ClusterMember.article_id == aid))
            for table in rows.DERIVED:
                session.execute(delete(table).where(table.article_id == aid))
            session.add_all(rows.derived_rows(aid, report))

    def _all_article_ids(self) -> list[str]:
        with self._session() as session:
            return list(session.scalars(select(Article.id).order_by(Article.id)))

    def _unclustered(self) -> bool:
        """Whether some event has no cluster (an earlier run stopped before clustering)."""
        with self._session() as session:
            orphan = session.scalar(
                select(EventRow.id)
                .outerjoin(ClusterMember, ClusterMember.event_id == EventRow.id)
                .where(ClusterMember.event_id.is_(None))
                .limit(1)
            )
            return orphan is not None

    def recluster(self) -> int:
        """Rebuild every cross-article cluster from the stored events (one transaction);
        return how many there are. Cluster ids are deterministic, so unchanged incidents keep
        their ids."""
        from contested.store.clustering import rebuild

        with self._session() as session, session.begin():
            return rebuild(session)

    # --- reading -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts: articles, events, clusters, claims, casualties, contradictions,
        rejections, plus `corroborated` (clusters reported by 2+ independent sources) and `disputed`
        (clusters with contradictions)."""
        from contested.store.schema import ActorRow, PlaceRow

        tables = {
            "articles": Article, "events": EventRow, "clusters": ClusterRow,
            "claims": ClaimRow, "casualties": CasualtyRow, "contradictions": ContradictionRow,
            "places": PlaceRow, "actors": ActorRow, "rejections": Rejection,
        }
        with self._session() as session:
            counts = {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.items()
            }
            counts["corroborated"] = session.scalar(
                select(func.count()).select_from(ClusterRow).where(ClusterRow.corroboration > 1)
            ) or 0
            counts["disputed"] = session.scalar(
                select(func.count()).select_from(ClusterRow).where(ClusterRow.disputed)
            ) or 0
        return counts

    def article(self, article_id: str) -> Article | None:
        """One stored article (text, raw input, metadata) by id."""
        with self._session() as session:
            return session.get(Article, article_id)

    def report(self, article_id: str) -> Report | None:
        """The stored report of one article."""
        from contested.store.schema import ReportRow

        with self._session() as session:
            row = session.get(ReportRow, article_id)
            return Report.model_validate(row.report) if row is not None else None

    def reports(self) -> Iterator[Report]:
        """Every stored report, ordered by publication date then article id."""
        from contested.store.schema import ReportRow

        with self._session() as session:
            query = (
                select(ReportRow.report).join(Article, Article.id == ReportRow.article_id)
                .order_by(Article.published, Article.id)
            )
            for data in session.scalars(query):
                yield Report.model_validate(data)

    def articles(
        self, outlet: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Article]:
        """Stored articles, newest first."""
        query = select(Article).order_by(Article.published.desc(), Article.id)
        if outlet:
            query = query.where(Article.outlet == outlet)
        return self._all(query.offset(offset).limit(limit))

    def events(
        self, article_id: str | None = None, cluster_id: str | None = None,
        limit: int | None = None,
    ) -> list[EventRow]:
        """Per-article events, of one article or one cluster, ordered by date."""
        query = select(EventRow).order_by(EventRow.date, EventRow.id)
        if article_id:
            query = query.where(EventRow.article_id == article_id)
        if cluster_id:
            query = query.join(ClusterMember, ClusterMember.event_id == EventRow.id).where(
                ClusterMember.cluster_id == cluster_id
            )
        return self._all(query.limit(limit))

    def claims(
        self, article_id: str | None = None, side: str | None = None,
        cluster_id: str | None = None, limit: int | None = None,
    ) -> list[ClaimRow]:
        """Attributed claims, of one article, one side, or the articles of one cluster."""
        query = select(ClaimRow).order_by(ClaimRow.article_id, ClaimRow.id)
        if article_id:
            query = query.where(ClaimRow.article_id == article_id)
        if side:
            query = query.where(ClaimRow.side == side)
        if cluster_id:
            members = select(ClusterMember.article_id).where(ClusterMember.cluster_id == cluster_id)
            query = query.where(ClaimRow.article_id.in_(members))
        return self._all(query.limit(limit))

    def casualties(self, article_id: str | None = None) -> list[CasualtyRow]:
        """Casualty figures with their claimants."""
        query = select(CasualtyRow).order_by(CasualtyRow.article_id, CasualtyRow.id)
        if article_id:
            query = query.where(CasualtyRow.article_id == article_id)
        return self._all(query)

    def clusters(
        self,
        actor: str | None = None,
        place: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        min_corroboration: int = 1,
        disputed: bool | None = None,
        order: str = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClusterRow]:
        """Cross-article incidents, filtered. `place` matches the place or any admin level
        or country containing it; `order` is "date" (oldest first), "-date",
        "corroboration" (most outlets first, then deadliest) or "fatalities" (highest
        claimed toll first)."""
        query = select(ClusterRow)
        if actor:
            query = query.where(or_(ClusterRow.actor1 == actor, ClusterRow.actor2 == actor))
        if place:
            query = query.where(or_(*(column == place for column in (
                ClusterRow.place, ClusterRow.admin2, ClusterRow.admin1, ClusterRow.country,
                ClusterRow.country_code))))
        if since:
            query = query.where(ClusterRow.date >= since)
        if until:
            query = query.where(ClusterRow.date <= until)
        if event_type:
            query = query.where(ClusterRow.event_type == event_type)
        if min_corroboration > 1:
            query = query.where(ClusterRow.corroboration >= min_corroboration)
        if disputed is not None:
            query = query.where(ClusterRow.disputed == disputed)
        query = query.order_by(*_ORDERS.get(order, _ORDERS["date"]), ClusterRow.id)
        return self._all(query.offset(offset).limit(limit))

    def cluster(self, cluster_id: str) -> ClusterDetail | None:
        """One cluster with its member events, their articles, claims and casualty figures."""
        with self._session() as session:
            row = session.get(ClusterRow, cluster_id)
            if row is None:
                return None
        events = self.events(cluster_id=cluster_id)
        article_ids = sorted({e.article_id for e in events})
        articles = self._all(select(Article).where(Article.id.in_(article_ids))
                             .order_by(Article.published, Article.id))
        claims = self._all(select(ClaimRow).where(ClaimRow.article_id.in_(article_ids))
                           .order_by(ClaimRow.article_id, ClaimRow.id))
        casualties = self._all(select(CasualtyRow).where(CasualtyRow.article_id.in_(article_ids))
                               .order_by(CasualtyRow.article_id, CasualtyRow.id))
        return ClusterDetail(row, events, articles, claims, casualties)

    def memberships(self) -> dict[str, str]:
        """Which cluster each event belongs to: {event id: cluster id}."""
        with self._session() as session:
            pairs = session.execute(select(ClusterMember.event_id, ClusterMember.cluster_id))
            return {event_id: cluster_id for event_id, cluster_id in pairs}

    def timeline(self, actor: str | None = None, place: str | None = None) -> list[ClusterRow]:
        """Incidents involving an actor and/or located in a place, oldest first (the same
        rows as the `actor_timeline` and `place_timeline` SQL views)."""
        return self.clusters(actor=actor, place=place, order="date")

    def rejections(self) -> list[Rejection]:
        """Inputs that could not be ingested, with the reason, oldest first."""
        return self._all(select(Rejection).order_by(Rejection.rejected_at, Rejection.id))

    def _all(self, query: Any) -> list[Any]:
        with self._session() as session:
            return list(session.scalars(query))


_ORDERS = {
    "date": (ClusterRow.date.nulls_last(),),
    "-date": (ClusterRow.date.desc().nulls_last(),),
    "corroboration": (
        ClusterRow.corroboration.desc(), ClusterRow.fatalities_high.desc().nulls_last(),
        ClusterRow.date,
    ),
    "fatalities": (ClusterRow.fatalities_high.desc().nulls_last(), ClusterRow.date),
}


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Foreign keys on (cascading deletes); WAL so readers (the web UI) never block an ingest;
    synchronous=NORMAL is still crash-safe in WAL mode and commits several times faster."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
