"""The corpus store (SQLite or PostgreSQL): `Store.open(url)`; see `contested.store.api`."""

from contested.store.api import DEFAULT_URL, ClusterDetail, IngestResult, Store

__all__ = ["DEFAULT_URL", "ClusterDetail", "IngestResult", "Store"]
