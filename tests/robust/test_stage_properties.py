"""Every stage, and the whole pipeline, on hostile text: no crash, every invariant holds.

Stages run one at a time (not through `Pipeline`, which would turn a crash into a recorded
error) so that a failure names the stage and shows its traceback. Properties are about the
contract only, never about what the stages extract.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from contested.errors import InputError
from contested.model import ArticleMeta, Document
from contested.validate import check_document
from tests.robust import strategies as hostile

pytestmark = pytest.mark.model


def run_stages(pipeline, text: str, published: dt.date | None = None) -> Document:
    """Run each stage directly, checking the invariants after each one."""
    document = Document(text=text, article=ArticleMeta(id="p", published=published))
    for stage in pipeline.stages:
        try:
            result = stage.run(document)
        except InputError:
            assert stage.name == "text", f"stage {stage.name} rejected input the text stage kept"
            return document
        assert result is document or isinstance(result, Document), stage.name
        document = result
        problems = check_document(document)
        assert not problems, f"after stage {stage.name}: {problems[:3]}"
    return document


@settings(max_examples=60)
@given(text=hostile.news_text, published=hostile.published)
@example(text="Fighting on February 30 killed 1,234 people, officials said.", published=None)
@example(text="On 31/02/2021 the Taliban said ٣٤ fighters died.", published=dt.date(9999, 12, 31))
@example(text="Last week, a year ago, next month the NRF attacked.", published=dt.date(1, 1, 1))
def test_stages_on_news_like_hostile_text(pipeline, text: str, published: dt.date | None) -> None:
    run_stages(pipeline, text, published)


@settings(max_examples=50)
@given(text=hostile.unicode_text)
def test_stages_on_arbitrary_unicode(pipeline, text: str) -> None:
    run_stages(pipeline, text)


@settings(max_examples=30)
@given(text=hostile.mixed_script_text, published=hostile.published)
@example(text="احمد مسعود said the Taliban attacked پنجشیر on Monday.", published=dt.date(2021, 9, 2))
@example(text="ذبیح‌الله مجاهد \u200f(Zabihullah Mujahid)\u200e said 34 NRF fighters died.", published=None)
def test_stages_on_mixed_scripts(pipeline, text: str, published: dt.date | None) -> None:
    run_stages(pipeline, text, published)


@settings(max_examples=30)
@given(text=hostile.no_sentence_text)
def test_stages_on_text_without_sentences(pipeline, text: str) -> None:
    run_stages(pipeline, text)


@settings(max_examples=8)
@given(text=hostile.long_sentence())
@example(text="Taliban Zabihullah Mujahid؟ and " * 80 + ".")  # a break the parser ignores
@example(text="the NRF said\nthat fighters attacked\n" * 150)  # hard-wrapped, no full stop
def test_stages_on_very_long_sentences(pipeline, text: str) -> None:
    document = run_stages(pipeline, text)
    assert all(s.end - s.start <= 2_000 + 200 for s in document.sentences) or document.warnings


@settings(max_examples=40)
@given(text=hostile.news_text, published=hostile.published)
def test_pipeline_never_records_an_internal_error(pipeline, text: str, published) -> None:
    document = pipeline.run(Document(text=text, article=ArticleMeta(id="p", published=published)))
    assert document.error is None or not document.error.startswith("internal error"), document.error
    assert not check_document(document)


def test_unpaired_surrogates_are_replaced_not_fatal(pipeline) -> None:
    text = "The Taliban \ud800attacked Kabul on Monday, officials said.\udfff"
    document = pipeline.run(Document(text=text, article=ArticleMeta(id="\ud83d")))
    assert document.error is None
    assert len(document.text) == len(text)
    assert not check_document(document)


@settings(max_examples=40)
@given(
    day=st.integers(min_value=-1, max_value=40),
    month=st.integers(min_value=0, max_value=14),
    year=st.integers(min_value=0, max_value=10_000),
    form=st.sampled_from(["{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}", "{d} {mon} {y}", "{mon} {d}, {y}"]),
)
def test_dates_that_do_not_exist(pipeline, day: int, month: int, year: int, form: str) -> None:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    mon = months[(month - 1) % 12] if 1 <= month <= 12 else "Febtember"
    when = form.format(d=day, m=month, y=year, mon=mon)
    run_stages(pipeline, f"On {when} the Taliban said 12 fighters were killed in Kabul.",
               dt.date(2021, 9, 2))
