"""The Pipeline checks stage order when built and stage contracts when run."""

from __future__ import annotations

import pytest

from contested.errors import InputError, PipelineError
from contested.model import Document
from contested.pipeline import Pipeline, Stage, check_order


def _stage(name: str, reads: set[str], writes: set[str], run=lambda d: d) -> Stage:
    return Stage(name=name, run=run, reads=frozenset(reads), writes=frozenset(writes))


def test_order_check_rejects_a_stage_reading_an_unwritten_field() -> None:
    with pytest.raises(PipelineError, match="reads"):
        check_order([_stage("events", {"places"}, {"events"})])


def test_order_check_accepts_fields_written_earlier() -> None:
    check_order([_stage("a", {"text"}, {"places"}), _stage("b", {"places"}, {"events"})])


def test_a_stage_returning_something_else_is_a_pipeline_error() -> None:
    bad = _stage("bad", {"text"}, set(), run=lambda d: {"text": d.text})
    with pytest.raises(PipelineError, match="returned dict"):
        Pipeline([bad]).run(Document(text="x"))


def test_a_rejected_document_carries_its_error_and_skips_later_stages() -> None:
    seen: list[str] = []

    def reject(d: Document) -> Document:
        raise InputError("empty article")

    def record(d: Document) -> Document:
        seen.append(d.text)
        return d

    pipe = Pipeline([_stage("a", {"text"}, set(), reject), _stage("b", {"text"}, set(), record)])
    out = pipe.run(Document(text=""))
    assert out.error == "empty article"
    assert seen == []


def test_one_bad_document_does_not_stop_a_batch() -> None:
    def maybe_fail(d: Document) -> Document:
        if d.text == "bad":
            raise ValueError("boom")
        return d

    pipe = Pipeline([_stage("a", {"text"}, set(), maybe_fail)])
    out = list(pipe.run_many([Document(text="ok"), Document(text="bad"), Document(text="ok2")]))
    assert [d.text for d in out] == ["ok", "bad", "ok2"]
    assert out[0].error is None and out[2].error is None
    assert "boom" in (out[1].error or "")
