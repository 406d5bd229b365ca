"""Assemble the stages in order and run them over documents.

Each stage declares the `Document` fields it reads and writes (like spaCy's `assigns=`); the
pipeline checks when it is built that every field a stage reads was written by an earlier
stage, and checks when it runs that each stage returned the `Document` it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from contested.errors import ContestedError, PipelineError
from contested.model import ArticleMeta, Document, Report

#: Fields a fresh Document has before any stage runs.
BASE_FIELDS = frozenset({"article", "text"})


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: a function over the Document plus its declared contract."""

    name: str
    run: Callable[[Document], Document]
    reads: frozenset[str]
    writes: frozenset[str]
    #: Optional batched form (the nlp stage uses spaCy's nlp.pipe); same contract as `run`.
    run_batch: Callable[[list[Document]], list[Document]] | None = field(default=None)


def default_stages() -> list[Stage]:
    """The standard order: text → nlp → places → actors → dates → events → casualties →
    claims → contradictions. Imported lazily so that `import contested` stays cheap."""
    from contested.stages import (
        actors,
        casualties,
        claims,
        contradictions,
        dates,
        events,
        nlp,
        places,
        text,
    )

    return [
        text.STAGE,
        nlp.STAGE,
        places.STAGE,
        actors.STAGE,
        dates.STAGE,
        events.STAGE,
        casualties.STAGE,
        claims.STAGE,
        contradictions.STAGE,
    ]


def check_order(stages: Sequence[Stage]) -> None:
    """Raise PipelineError if a stage reads a field that no earlier stage wrote."""
    available = set(BASE_FIELDS)
    for stage in stages:
        missing = stage.reads - available
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} reads {sorted(missing)} before any stage writes them"
            )
        available |= stage.writes


class Pipeline:
    """Runs stages in order. The CLI, the store, the web UI and the Dask runner all use this."""

    def __init__(self, stages: Sequence[Stage] | None = None) -> None:
        self.stages = list(stages) if stages is not None else default_stages()
        check_order(self.stages)

    def run(self, document: Document) -> Document:
        """Run every stage on one document; a failure is recorded in `document.error`."""
        return self._run_batch([document])[0]

    def run_many(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        """Run every stage over many documents, batching stages that support it.

        Documents come out in input order. A document that a stage rejects comes out with
        `error` set and the later stages skipped; the other documents are not affected.
        """
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        for stage in self.stages:
            live = [d for d in batch if d.error is None]
            if not live:
                break
            if stage.run_batch is not None and len(live) > 1:
                try:
                    done = [_checked(stage, d) for d in stage.run_batch(live)]
                except Exception:  # noqa: BLE001 - fall back to one at a time to isolate it
                    done = [_run_one(stage, d) for d in live]
            else:
                done = [_run_one(stage, d) for d in live]
            by_id = {id(old): new for old, new in zip(live, done, strict=True)}
            batch = [by_id.get(id(d), d) for d in batch]
        return batch

    def extract(self, text: str, meta: ArticleMeta | None = None) -> Report:
        """Text in, report out: the library's one-call entry point."""
        from contested.report import to_report

        return to_report(self.run(Document(text=text, article=meta or ArticleMeta())))


def _run_one(stage: Stage, document: Document) -> Document:
    """Apply one stage, turning any failure into a recorded error on the document.

    Bad input must never crash a batch (DESIGN.md): a ContestedError carries its own message;
    anything else is a bug, recorded with the stage name so that it can be reported.
    """
    try:
        return _checked(stage, stage.run(document))
    except PipelineError:
        raise
    except ContestedError as exc:
        document.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - recorded on the document, never swallowed
        document.error = f"internal error in stage {stage.name!r}: {type(exc).__name__}: {exc}"
    return document


def _checked(stage: Stage, result: object) -> Document:
    if not isinstance(result, Document):
        raise PipelineError(
            f"stage {stage.name!r} returned {type(result).__name__}, expected Document"
        )
    return result
