"""Merging sentence-level drafts into one event per incident (no model: hand-built events)."""

from __future__ import annotations

import datetime as dt

from contested.model import Document, Event, Place, Span
from contested.stages.events import event_date, merge_events

TEXT = "Clash one. Clash two. Clash three. Protest four."


def _doc(places: list[Place] | None = None) -> Document:
    return Document(text=TEXT, places=places or [])


def _event(sub: str, start: int, end: int, etype: str = "Battles", **kw) -> Event:
    return Event(
        event_type=etype, sub_event_type=sub,
        evidence=[Span(start=start, end=end, text=TEXT[start:end])], **kw,
    )


def _place(name: str, start: int, end: int) -> Place:
    return Place(mention=name, name=name, lat=1.0, lon=1.0, feature="city",
                 evidence=[Span(start=start, end=end, text=TEXT[start:end])])


def test_same_family_and_compatible_actors_merge() -> None:
    a = _event("Armed clash", 0, 10, actor1="Army", actor2="Rebels")
    b = _event("Armed clash", 11, 21, actor1="Rebels")
    merged = merge_events(_doc(), [a, b])
    assert len(merged) == 1
    assert len(merged[0].evidence) == 2


def test_conflicting_actors_do_not_merge() -> None:
    a = _event("Armed clash", 0, 10, actor1="Army", actor2="Rebels")
    b = _event("Armed clash", 11, 21, actor1="Militia", actor2="Police")
    assert len(merge_events(_doc(), [a, b])) == 2


def test_different_event_types_do_not_merge() -> None:
    a = _event("Armed clash", 0, 10)
    b = _event("Peaceful protest", 35, 48, etype="Protests")
    assert len(merge_events(_doc(), [a, b])) == 2


def test_different_dated_days_do_not_merge() -> None:
    a = _event("Armed clash", 0, 10, date=dt.date(2021, 9, 1), date_text="on Wednesday")
    b = _event("Armed clash", 11, 21, date=dt.date(2021, 9, 2), date_text="on Thursday")
    assert len(merge_events(_doc(), [a, b])) == 2


def test_different_places_do_not_merge_unless_one_sentence_names_both() -> None:
    osra, lenk = _place("Osra", 0, 5), _place("Lenk", 11, 16)
    a = _event("Armed clash", 0, 10, location=osra)
    b = _event("Armed clash", 11, 21, location=lenk)
    assert len(merge_events(_doc([osra, lenk]), [a, b])) == 2
    osra_again = Place(**{**osra.model_dump(), "evidence": osra.evidence + [
        Span(start=11, end=16, text=TEXT[11:16])]})
    a = _event("Armed clash", 0, 10, location=osra_again)
    b = _event("Armed clash", 11, 21, location=lenk)
    assert len(merge_events(_doc([osra_again, lenk]), [a, b])) == 1


def test_territory_change_is_kept_over_the_clash_it_happened_in() -> None:
    a = _event("Armed clash", 0, 10)
    b = _event("Non-state actor overtakes territory", 11, 21)
    assert merge_events(_doc(), [a, b])[0].sub_event_type == "Non-state actor overtakes territory"


def test_strategic_developments_merge_only_with_the_same_sub_type() -> None:
    a = _event("Arrests", 0, 10, etype="Strategic developments")
    b = _event("Agreement", 11, 21, etype="Strategic developments")
    assert len(merge_events(_doc(), [a, b])) == 2


def test_event_date_prefers_the_sentence_then_the_nearest_earlier_mention() -> None:
    from contested.model import DateMention

    doc = _doc()
    doc.dates = [
        DateMention(text="Monday", start=2, end=5, date=dt.date(2021, 1, 4), precision="day"),
        DateMention(text="Tuesday", start=13, end=16, date=dt.date(2021, 1, 5), precision="day"),
    ]
    assert event_date(doc, 11, 21, 12).text == "Tuesday"
    assert event_date(doc, 22, 34, 23).text == "Tuesday"
    assert event_date(doc, 0, 1, 0) is None
