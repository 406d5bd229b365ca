"""Shared fixtures, tiered as STYLE.md asks: unit tests build Documents by hand and load no
model; model-backed fixtures load spaCy once per session; data fixtures skip only when the
shared evaluation folder is truly absent (a fresh clone elsewhere has no ../shared)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONTESTED_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder (corpus, gold, eval); skips the test where it is absent."""
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline with the spaCy model loaded (once per test session)."""
    from contested import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    """Extract a text with the default pipeline: extract(text, published=None, outlet=None)."""
    import datetime as dt

    from contested.model import ArticleMeta

    def run(text: str, published: str | None = None, outlet: str | None = None):
        meta = ArticleMeta(
            id="test",
            outlet=outlet,
            published=dt.date.fromisoformat(published) if published else None,
        )
        return pipeline.extract(text, meta)

    return run


@pytest.fixture(scope="session")
def run_doc(pipeline):
    """Run the pipeline and return the enriched Document (for stage-level assertions)."""
    import datetime as dt

    from contested.model import ArticleMeta, Document

    def run(text: str, published: str | None = None, outlet: str | None = None) -> Document:
        meta = ArticleMeta(
            id="test",
            outlet=outlet,
            published=dt.date.fromisoformat(published) if published else None,
        )
        return pipeline.run(Document(text=text, article=meta))

    return run
