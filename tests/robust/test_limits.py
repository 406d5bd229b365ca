"""Limits: long texts reach the parser in pieces with offsets intact, and a pathological
article runs out of its time budget without stopping the batch."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contested.errors import InputError
from contested.limits import MAX_SENTENCE_CHARS, ArticleTimeout, TimeBudget, pieces, time_limit
from contested.model import Document
from contested.pipeline import Pipeline, Stage


@settings(max_examples=300)
@given(
    text=st.text(alphabet="ab .!\n,", max_size=300),
    max_piece=st.integers(min_value=1, max_value=60),
    data=st.data(),
)
def test_pieces_cover_the_text_in_order_within_limits(text: str, max_piece: int, data) -> None:
    max_run = data.draw(st.integers(min_value=1, max_value=max_piece))
    spans, forced = pieces(text, max_piece=max_piece, max_run=max_run)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:], strict=False))
    assert all(end - start <= max_piece for start, end in spans)
    assert all(start < end for start, end in spans) or text == ""
    assert forced >= 0


def test_short_text_is_one_piece() -> None:
    text = "The Taliban said they had taken the valley. The NRF denied it.\n" * 50
    assert pieces(text) == ([(0, len(text))], 0)


@pytest.mark.model
@pytest.mark.parametrize("joiner", [", ", "-", " and "])
def test_long_run_is_parsed_in_pieces_with_offsets_kept(pipeline, joiner: str) -> None:
    text = "Officials said on Monday that " + joiner.join(["Taliban fighters attacked Kabul"] * 600)
    document = pipeline.run(Document(text=text))
    assert document.error is None
    assert document.text == text
    assert max(s.end - s.start for s in document.sentences) <= MAX_SENTENCE_CHARS
    assert any("without a sentence break" in w for w in document.warnings)
    assert all(text[e.start : e.end] == e.text for e in document.entities)


@pytest.mark.model
def test_text_longer_than_a_piece_keeps_every_offset(pipeline) -> None:
    paragraph = "Taliban fighters attacked the district centre in Kabul, officials said.\n\n"
    text = paragraph * 1_000  # ~72k characters: two pieces
    document = pipeline.run(Document(text=text))
    assert document.error is None
    assert document.sentences[-1].end <= len(text)
    assert all(text[e.start : e.end] == e.text for e in document.entities)
    assert not any("sentence break" in w for w in document.warnings)


def _stage(name: str, run, run_batch=None) -> Stage:
    return Stage(name, run, frozenset({"text"}), frozenset(), run_batch)


def _slow(document: Document) -> Document:
    if "slow" in document.text:
        time.sleep(30)
    return document


def _reject_empty(document: Document) -> Document:
    if not document.text:
        raise InputError("empty article")
    return document


def test_article_that_runs_out_of_time_gets_an_error_and_the_batch_goes_on() -> None:
    budget = TimeBudget(seconds_for=lambda text: 0.5)
    pipe = budget.pipeline(Pipeline([_stage("text", _reject_empty), _stage("slow", _slow)]))
    started = time.monotonic()
    done = list(pipe.run_many([Document(text="fine"), Document(text="slow"), Document(text="ok")]))
    assert time.monotonic() - started < 10
    assert [d.error is None for d in done] == [True, False, True]
    assert "time budget" in done[1].error and "'slow'" in done[1].error


def test_batched_stage_that_runs_out_is_retried_one_article_at_a_time() -> None:
    calls: list[int] = []

    def run_batch(documents: list[Document]) -> list[Document]:
        calls.append(len(documents))
        return [_slow(d) for d in documents]

    budget = TimeBudget(seconds_for=lambda text: 0.3)
    pipe = budget.pipeline(Pipeline([_stage("slow", _slow, run_batch)]))
    docs = [Document(text=t) for t in ("a", "b", "slow", "c")]
    done = list(pipe.run_many(docs))
    assert calls == [4]
    assert [d.error is None for d in done] == [True, True, False, True]


def test_budget_is_checked_after_the_stage_outside_the_main_thread() -> None:
    def slowish(document: Document) -> Document:
        time.sleep(0.4)
        return document

    budget = TimeBudget(seconds_for=lambda text: 0.1)
    pipe = budget.pipeline(Pipeline([_stage("slowish", slowish)]))
    result: list[Document] = []
    worker = threading.Thread(target=lambda: result.append(pipe.run(Document(text="x"))))
    worker.start()
    worker.join(10)
    assert result and "time budget" in (result[0].error or "")


def test_time_limit_restores_the_previous_alarm_handler() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(ArticleTimeout), time_limit(0.2, "too slow"):
        time.sleep(5)
    with time_limit(5, "never"):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


@pytest.mark.model
def test_batch_path_applies_the_budget() -> None:
    from contested.batch import extract_inputs
    from contested.model import ArticleMeta
    from contested.readers import ArticleInput

    inputs = [ArticleInput(ArticleMeta(id=str(i)), text="Taliban fighters attacked Kabul.") for i in range(3)]
    reports = extract_inputs(inputs, budget=TimeBudget(seconds_for=lambda text: 0.0))
    assert all("time budget" in (r.error or "") for r in reports)
    assert [r.article.id for r in reports] == ["0", "1", "2"]
