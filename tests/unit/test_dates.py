"""Dates: explicit and relative expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from contested.model import ArticleMeta, Document
from contested.stages.dates import find_dates

THURSDAY = dt.date(2021, 9, 2)


def _dates(text: str, published: dt.date | None = THURSDAY) -> Document:
    return find_dates(Document(text=text, article=ArticleMeta(published=published)))


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("The Taliban on Wednesday surrounded the area.", dt.date(2021, 9, 1), "day"),
        ("by Thursday morning the NRF had announced", THURSDAY, "day"),  # same weekday = today
        ("fighting on Friday", dt.date(2021, 8, 27), "day"),  # a past Friday, never a future one
        ("he declared last week", dt.date(2021, 8, 26), "week"),
        ("losses this week", THURSDAY, "week"),
        ("talks last month", dt.date(2021, 8, 1), "month"),
        ("clashes two days ago", dt.date(2021, 8, 31), "day"),
        ("yesterday's attack", dt.date(2021, 9, 1), "day"),
    ],
)
def test_relative_dates_resolve_against_publication(text, expected, precision) -> None:
    (mention,) = _dates(text).dates
    assert (mention.date, mention.precision, mention.relative) == (expected, precision, True)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("on Thursday, September 2", THURSDAY, "day"),
        ("on 3 September 2021", dt.date(2021, 9, 3), "day"),
        ("Sept. 1, 2021", dt.date(2021, 9, 1), "day"),
        ("on 2021-08-30", dt.date(2021, 8, 30), "day"),
        ("in May 2021", dt.date(2021, 5, 1), "month"),
    ],
)
def test_explicit_dates(text, expected, precision) -> None:
    (mention,) = _dates(text).dates
    assert (mention.date, mention.precision) == (expected, precision)


def test_a_day_month_after_new_year_belongs_to_last_year() -> None:
    (mention,) = _dates("clashes on December 30", dt.date(2022, 1, 2)).dates
    assert mention.date == dt.date(2021, 12, 30)


def test_impossible_dates_stay_unresolved_with_a_warning() -> None:
    doc = _dates("on February 30 and on 31/02/2021")
    assert [m.date for m in doc.dates] == [None, None]
    assert len(doc.warnings) == 2 and "impossible date" in doc.warnings[0]


def test_without_publication_date_relative_dates_stay_unresolved() -> None:
    (mention,) = _dates("on Wednesday", published=None).dates
    assert mention.date is None and mention.text == "on Wednesday"


def test_the_modal_verb_may_is_not_a_month() -> None:
    assert _dates("The fighting may 5 times worse").dates == []


#: Text where a pattern can match inside a word ("upon Monday"), across runs of spaces and
#: commas, after an abbreviated month's period, or near anchors that start no match.
TRICKY = (
    "upon Monday, the 2nd of Sept. 2024 and on  Monday  morning ,  March 3 , 2021 then "
    "12/03/2021 on 1/2/2020 this  week; earlier this year 3 days ago two weeks agony "
    "Chicago ſince Tuesday as of May 5th, 2020. Marines (Jan 4) Mayors 4 Jun 2019 last "
    "Weekend 'Sunday' -Friday- X June 2020, in  Apr 2021 and the 30th of December."
)


@pytest.mark.parametrize("text", [TRICKY, TRICKY.upper(), TRICKY.lower(), TRICKY[::-1]])
def test_anchored_search_finds_what_a_full_search_finds(text: str) -> None:
    from contested.stages.dates import _ANCHORS, _COMPILED, _finditer

    for (regex, _), anchor in zip(_COMPILED, _ANCHORS, strict=True):
        spans = [m.span() for m in _finditer(regex, anchor, text, text[::-1])]
        assert spans == [m.span() for m in regex.finditer(text)], regex.pattern
