"""Casualty figures: numbers, victim side, cumulative wording, event links, fatalities."""

from __future__ import annotations

import datetime as dt

import pytest

from contested.model import Casualty
from contested.stages.casualties import conservative_fatalities


def _cas(side: str | None, killed: int | None, cumulative: bool = False) -> Casualty:
    return Casualty(victim_side=side, killed=killed, cumulative=cumulative)


def test_fatalities_take_the_lowest_figure_per_side_and_sum_sides() -> None:
    figures = [_cas("Army", 12), _cas("Army", 30), _cas("Rebels", 5), _cas("Rebels", None)]
    assert conservative_fatalities(figures) == 17


def test_running_totals_do_not_make_an_event_toll() -> None:
    assert conservative_fatalities([_cas("Taliban", 34, cumulative=True)]) is None
    assert conservative_fatalities([_cas("Taliban", 34, True), _cas("Taliban", 3)]) == 3


def test_no_figure_no_fatalities() -> None:
    assert conservative_fatalities([]) is None
    assert conservative_fatalities([Casualty(victim_side="Army", injured=4)]) is None


@pytest.fixture(scope="module")
def run():
    from contested import Pipeline
    from contested.pipeline import default_stages

    stages = default_stages()
    names = [s.name for s in stages]
    pipe = Pipeline(stages[: names.index("casualties") + 1])

    def go(text: str, published: str | None = "2024-03-08"):
        from contested.model import ArticleMeta, Document

        meta = ArticleMeta(published=dt.date.fromisoformat(published) if published else None)
        return pipe.run(Document(text=text, article=meta))

    return go


def _slots(c: Casualty) -> tuple:
    return (c.victim_side, c.killed, c.injured, c.captured, c.cumulative)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 12 people were killed and two others were injured when rebels attacked "
         "the town.", [(None, 12, 2, None, False)]),
        ("Gunmen opened fire on a bus, killing five passengers and wounding eight.",
         [("Civilians", 5, 8, None, False)]),
        ("Dozens of civilians were wounded in the shelling.",
         [("Civilians", None, 12, None, False)]),
        ("The death toll from the bombing rose to 31.", [(None, 31, None, None, True)]),
        ("Two soldiers were killed and thirty-four were injured in the ambush.",
         [(None, 2, 34, None, False)]),
        ("Several militants were killed in the clashes.", [(None, 3, None, None, False)]),
        ("So far, 40 people have died in the fighting.", [(None, 40, None, None, True)]),
        ("Troops seized 200 rifles and captured 14 fighters.", [(None, None, None, 14, False)]),
        ("The rebels said they had killed 9 soldiers.", [(None, 9, None, None, False)]),
    ],
)
def test_sentence_figures(run, text: str, expected: list[tuple]) -> None:
    assert [_slots(c) for c in run(text).casualties] == expected


@pytest.mark.model
def test_victim_side_from_an_actor_and_others_inherit_it(run) -> None:
    doc = run("The NRF said the 34th Taliban fighter was killed and 65 others injured in total.")
    assert [_slots(c) for c in doc.casualties] == [("Taliban", 34, 65, None, True)]


@pytest.mark.model
def test_ordinals_are_not_counts_without_cumulative_wording(run) -> None:
    doc = run("The second soldier killed in the attack was buried on Friday.")
    assert all(c.killed != 2 for c in doc.casualties)


@pytest.mark.model
def test_dates_and_years_are_not_counts(run) -> None:
    doc = run("On 12 March 2024 rebels attacked the town, killing 3 soldiers.")
    assert [c.killed for c in doc.casualties] == [3]


@pytest.mark.model
def test_a_figure_links_to_its_event_and_sets_fatalities(run) -> None:
    doc = run("Troops clashed with rebels near Osra on Monday, killing four rebels. "
              "Police arrested a journalist in the capital.")
    clash = next(e for e in doc.events if e.sub_event_type == "Armed clash")
    assert [c.event for c in doc.casualties] == [clash.id]
    assert clash.fatalities == 4
    assert doc.casualties[0].date == dt.date(2024, 3, 4)


@pytest.mark.model
def test_figure_date_falls_back_to_publication(run) -> None:
    doc = run("Seven people were killed in an air strike.", published="2024-03-08")
    assert doc.casualties[0].date == dt.date(2024, 3, 8)
