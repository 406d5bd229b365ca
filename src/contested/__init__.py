"""contested: source-attributed conflict event data from news.

Library entry points: `Pipeline` runs the stages; `extract` is the one-call form.
"""

from __future__ import annotations

from contested.model import ArticleMeta, Document, Report
from contested.pipeline import Pipeline, Stage

__all__ = ["ArticleMeta", "Document", "Pipeline", "Report", "Stage", "extract"]
__version__ = "0.1.0"


def extract(text: str, meta: ArticleMeta | None = None) -> Report:
    """Extract one article with the default pipeline (built once per process)."""
    return _default_pipeline().extract(text, meta)


_PIPELINE: Pipeline | None = None


def _default_pipeline() -> Pipeline:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline()
    return _PIPELINE
