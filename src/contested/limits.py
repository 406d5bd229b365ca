"""Limits that keep one hostile article from stalling or sinking a run.

Three guards live here, each with the measurement that set it:

* the parser never sees a run of text longer than `MAX_SENTENCE_CHARS` without a sentence
  break, nor a piece longer than `PIECE_CHARS` (spaCy's memory grows with the tokens of one
  `Doc`; later stages walk whole sentences). Long texts are cut into pieces that are parsed
  separately and joined back with `Doc.from_docs`, so every offset still points into the
  original text;
* every article gets a time budget in batch runs (`TimeBudget`): a pathological article
  becomes a report with `error` set and the batch goes on;
* the size limits themselves stay where the input is read: `readers.MAX_FILE_BYTES` (bytes of
  one file) and `stages.text.MAX_CHARS` (characters of one article).
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from contested.errors import ContestedError
from contested.model import Document
from contested.pipeline import Pipeline, Stage

#: Longest run of text the parser gets without a sentence break. Real news sentences run to
#: ~600 characters (the longest in the shared corpus is under 700); 2,000 leaves room for
#: long legal or list-like sentences while keeping a run of 100k commas (measured: 13 s and
#: 1.2 GB in one spaCy call) from reaching the parser whole.
MAX_SENTENCE_CHARS = 2_000

#: Longest piece of one article parsed in one spaCy call. Measured on 200k characters of news
#: prose: one call peaks at 670 MB, 20k-character pieces two at a time at 370 MB, for the same
#: time. Most articles (wire stories are under 60k) stay whole, so their parse is unchanged.
PIECE_CHARS = 50_000

#: Pieces of one long article parsed together (nlp.pipe batch size); keeps memory flat.
PIECE_BATCH = 2

#: Time budget of one article in batch runs: a base plus a share per character. spaCy parses
#: ~35k characters a second on one core here; the budget assumes 5k/s (a loaded, shared
#: machine and the later stages), so only a pathological article runs out of it.
ARTICLE_BASE_SECONDS = 30.0
ARTICLE_CHARS_PER_SECOND = 5_000

#: Where a sentence (or paragraph) probably ends: a terminator with optional closing quotes or
#: brackets and the whitespace after it, not followed by a lower-case word, or a line break.
#: This is only the first guess (cheap, before parsing); parse_within_limits re-cuts at the
#: parser's own sentence ends when a sentence still comes out too long.
_BREAK = re.compile(r"[.!?…。！？؟۔]+[\"'”’»)\]]*\s++(?![a-z])|\n\s*")
_SPACE = re.compile(r"\s+")


class ArticleTimeout(ContestedError):
    """An article used up its time budget; the batch records it and goes on."""


def article_seconds(text: str) -> float:
    """The time budget of one article (see ARTICLE_BASE_SECONDS)."""
    return ARTICLE_BASE_SECONDS + len(text) / ARTICLE_CHARS_PER_SECOND


# --- pieces for the parser -------------------------------------------------------------------


def pieces(
    text: str,
    max_piece: int = PIECE_CHARS,
    max_run: int = MAX_SENTENCE_CHARS,
    breaks: list[int] | None = None,
) -> tuple[list[tuple[int, int]], int]:
    """Cut TEXT into contiguous (start, end) pieces for the parser, and count forced cuts.

    Pieces cover the text exactly, in order. Cuts fall at sentence or paragraph breaks when
    possible (`breaks`, else the likely ones `_BREAK` finds); a run longer than `max_run`
    without any break is cut at whitespace (or, with no whitespace either, every `max_run`
    characters) — those are the forced cuts.
    """
    if not text:
        return [(0, 0)], 0
    if breaks is None:
        breaks = [m.end() for m in _BREAK.finditer(text)]
    cuts: list[int] = []
    forced: list[int] = []
    previous = 0
    for point in [*sorted(b for b in set(breaks) if 0 < b < len(text)), len(text)]:
        inside = _forced_cuts(text, previous, point, max_run)
        forced += inside
        cuts += [*inside, point]
        previous = point
    if not forced and len(text) <= max_piece:
        return [(0, len(text))], 0
    return _group(sorted(set(cuts)), max_piece, set(forced)), len(forced)


def _forced_cuts(text: str, start: int, end: int, max_run: int) -> list[int]:
    """Cut points inside [start, end) so that no part is longer than max_run."""
    cuts = []
    position = start
    while end - position > max_run:
        window_start = position + max_run // 2
        window_end = position + max_run
        last_space = None
        for match in _SPACE.finditer(text, window_start, window_end):
            last_space = match
        cut = last_space.end() if last_space is not None else window_end
        cut = min(cut, window_end)
        cuts.append(cut)
        position = cut
    return cuts


def _group(cuts: list[int], max_piece: int, forced: set[int]) -> list[tuple[int, int]]:
    """Join consecutive parts into pieces of at most max_piece, always cutting at forced cuts.

    Forced cuts must stay piece boundaries: a piece is one spaCy call, and only a call
    boundary guarantees the parser a sentence break there.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    last = 0
    for cut in cuts:
        if cut - start > max_piece and last > start:
            spans.append((start, last))
            start = last
        last = cut
        if cut in forced:
            spans.append((start, cut))
            start = cut
    if start < last or not spans:
        spans.append((start, last))
    return spans


def parse_within_limits(nlp: Any, texts: list[str], batch_size: int) -> list[tuple[Any, str | None]]:
    """Parse texts with spaCy, piecing the long ones; returns (Doc, warning or None) per text.

    Texts that fit go through one `nlp.pipe` call together (the fast path); the others are
    parsed piece by piece and joined, with a warning when a sentence had to be cut.
    """
    plans = [pieces(text) for text in texts]
    whole = [t for t, (spans, _) in zip(texts, plans, strict=True) if len(spans) == 1]
    parsed = iter(nlp.pipe(whole, batch_size=batch_size))
    results: list[tuple[Any, str | None]] = []
    for text, (spans, forced) in zip(texts, plans, strict=True):
        doc = next(parsed) if len(spans) == 1 else _parse_pieces(nlp, text, spans)
        if any(s.end_char - s.start_char > MAX_SENTENCE_CHARS for s in doc.sents):
            # the parser ran sentences past the likely breaks: cut at its own sentence ends
            spans, more = pieces(text, breaks=[s.end_char for s in doc.sents])
            doc, forced = _parse_pieces(nlp, text, spans), forced + more
        results.append((doc, _piece_warning(forced)))
    return results


def _parse_pieces(nlp: Any, text: str, spans: list[tuple[int, int]]) -> Any:
    from spacy.tokens import Doc

    docs = list(nlp.pipe((text[s:e] for s, e in spans), batch_size=PIECE_BATCH))
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != text:  # from_docs must reproduce the text exactly, or offsets drift
        raise ContestedError("internal error: pieced parse does not reproduce the text")
    return joined


def _piece_warning(forced: int) -> str | None:
    if forced == 0:
        return None
    return (
        f"text has runs of more than {MAX_SENTENCE_CHARS:,} characters without a sentence "
        f"break; cut them {forced} time(s) for the parser"
    )


# --- time budget -----------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float, message: str) -> Iterator[None]:
    """Raise ArticleTimeout(message) if the block runs longer than SECONDS.

    In the main thread of a Unix process (the CLI, the batch script) a SIGALRM timer
    interrupts the block: spaCy and `re` both return to Python often enough to be stopped.
    Elsewhere (web worker threads) or when another timer is already armed, the check is made
    when the block ends: the result is then discarded, but the article is still reported.
    """
    if seconds <= 0:
        raise ArticleTimeout(message)
    if not _can_use_alarm():
        started = time.monotonic()
        yield
        if time.monotonic() - started > seconds:
            raise ArticleTimeout(message)
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ArticleTimeout(message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_use_alarm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


class TimeBudget:
    """Per-article time budgets over all stages of one batch run.

    Wraps each stage so that an article's time is counted across stages; an article that
    runs out gets `ArticleTimeout`, which the pipeline records as the article's error.
    A batched stage call (nlp.pipe) gets the sum of its articles' budgets; if it runs out the
    pipeline retries the articles one at a time, each with its own budget, and the failed
    batched call is charged to nobody.
    """

    def __init__(self, seconds_for: Callable[[str], float] = article_seconds) -> None:
        self.seconds_for = seconds_for
        self._spent: dict[int, float] = {}

    def remaining(self, document: Document) -> float:
        return self.seconds_for(document.text) - self._spent.get(id(document), 0.0)

    def wrap(self, stage: Stage) -> Stage:
        """The same stage, run under the budgets of the articles it is given."""

        def run(document: Document) -> Document:
            started = time.monotonic()
            try:
                with time_limit(self.remaining(document), self._message(document, stage)):
                    return stage.run(document)
            finally:
                self._charge([document], time.monotonic() - started)

        def run_batch(documents: list[Document]) -> list[Document]:
            assert stage.run_batch is not None
            total = sum(max(self.remaining(d), 0.0) for d in documents)
            started = time.monotonic()
            with time_limit(total, f"batch of {len(documents)} ran out of time in {stage.name}"):
                done = stage.run_batch(documents)
            self._charge(documents, time.monotonic() - started)
            return done

        batch = run_batch if stage.run_batch is not None else None
        return replace(stage, run=run, run_batch=batch)

    def pipeline(self, pipeline: Pipeline) -> Pipeline:
        """A pipeline with the same stages, each under this budget."""
        return Pipeline([self.wrap(stage) for stage in pipeline.stages])

    def _charge(self, documents: list[Document], seconds: float) -> None:
        share = seconds / max(len(documents), 1)
        for document in documents:
            self._spent[id(document)] = self._spent.get(id(document), 0.0) + share

    def _message(self, document: Document, stage: Stage) -> str:
        budget = self.seconds_for(document.text)
        return f"article ran out of its time budget ({budget:.0f} s) in stage {stage.name!r}"
