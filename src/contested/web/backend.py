"""The web app's handle on the store: read sessions, plus ingest and reprocess for writes.

Writes go through `contested.store.Store` (the same calls as `contested ingest` and
`contested reprocess`); reads use sessions on the store's engine for the queries in
`web/queries.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from contested.errors import ContestedError, InputError
from contested.model import ArticleMeta
from contested.readers import ArticleInput
from contested.store import Store
from contested.store.api import Extractor
from contested.store.rows import article_id, content_hash
from contested.store.schema import Article, ClaimRow, EventRow, ReportRow

#: (article id, events found, claims found, extraction error or None)
WriteResult = tuple[str, int, int, str | None]


@dataclass
class Backend:
    store: Store
    #: The extractor for writes; None means the store's default (the full pipeline).
    extractor: Extractor | None = None

    @classmethod
    def open(cls, url: str, extractor: Extractor | None = None) -> Backend:
        """Open (creating or migrating) the store at `url`."""
        return cls(Store.open(url), extractor)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.store.engine, expire_on_commit=False)

    def close(self) -> None:
        self.store.close()

    def ingest(self, text: str, meta: ArticleMeta) -> WriteResult:
        """Extract and store one article; an article already stored is returned as is."""
        item = ArticleInput(meta, text=text, source=meta.url or "upload")
        result = self.store.ingest([item], extractor=self.extractor)
        if result.rejected:
            raise InputError(result.rejected[0][1])
        return self._summary(article_id(content_hash(text)))

    def reprocess(self, aid: str) -> WriteResult:
        """Re-extract a stored article with the current pipeline. KeyError if unknown."""
        with self.sessions() as session:
            if session.get(Article, aid) is None:
                raise KeyError(aid)
        self.store.reprocess([aid], extractor=self.extractor)
        return self._summary(aid)

    def _summary(self, aid: str) -> WriteResult:
        with self.sessions() as session:
            if session.get(Article, aid) is None:
                raise ContestedError("the article was not stored")
            events = session.scalar(select(func.count()).where(EventRow.article_id == aid)) or 0
            claims = session.scalar(select(func.count()).where(ClaimRow.article_id == aid)) or 0
            report = session.get(ReportRow, aid)
            error = (report.report or {}).get("error") if report else None
        return aid, events, claims, error
