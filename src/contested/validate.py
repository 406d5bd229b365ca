"""Report invariants: what every report must satisfy, used by tests and `--strict`.

The invariants are about the contract, never about extraction quality: evidence points into
the text and quotes it exactly, every id a fact refers to exists, numbers are non-negative,
dates are real, coordinates are on the globe, event types are ACLED's, and the
report can be written as JSON. `check_document` adds the offsets of a processed Document's
intermediate fields (sentences, entities, mentions, dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from contested.lexicon import load_yaml
from contested.model import Claim, Document, Event, Place, Report, Span

#: Largest count a report may carry: the store's INTEGER columns hold 2**31 - 1 on
#: PostgreSQL, and no casualty figure comes near it.
MAX_COUNT = 2**31 - 1


@dataclass
class _Checker:
    """Collects problems against one text."""

    text: str
    problems: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        self.problems.append(problem)

    def offsets(self, where: str, start: int, end: int, quoted: str | None = None) -> None:
        """A character range must lie inside the text and, when quoted, quote it exactly."""
        if not 0 <= start <= end <= len(self.text):
            self.add(f"{where}: offsets {start}-{end} outside the text (length {len(self.text)})")
        elif quoted is not None and self.text[start:end] != quoted:
            self.add(f"{where}: text {quoted[:40]!r} differs from text[{start}:{end}]")

    def evidence(self, where: str, spans: Iterable[Span]) -> None:
        for span in spans:
            self.offsets(f"{where} evidence", span.start, span.end, span.text)

    def number(self, where: str, value: float | None, upper: float | None = None) -> None:
        if value is not None and (value < 0 or (upper is not None and value > upper)):
            self.add(f"{where}: {value} out of range")

    def date(self, where: str, value: object) -> None:
        """A real calendar date (a report built with model_construct could hold anything).

        No plausibility range: an article may date an event to 1666 or 2099 in its own words,
        and the hostile-input run showed a range only flagged what the text said."""
        if value is not None and not isinstance(value, dt.date):
            self.add(f"{where}: {value!r} is not a date")


def check_report(report: Report, text: str) -> list[str]:
    """Every way the report breaks an invariant, as readable lines (empty when it holds)."""
    check = _Checker(text)
    _serialisable(check, report)
    if report.error is not None:
        if report.places or report.events or report.claims or report.casualties:
            check.add("report has an error and facts")
        return check.problems
    for place in report.places:
        _place(check, f"place {place.mention!r}", place)
    for actor in report.actors:
        check.evidence(f"actor {actor.name!r}", actor.evidence)
    for person in report.people:
        check.evidence(f"person {person.name!r}", person.evidence)
    claim_ids = _unique_ids(check, "claim", [c.id for c in report.claims])
    _unique_ids(check, "event", [e.id for e in report.events])
    for claim in report.claims:
        _claim(check, claim)
    for event in report.events:
        _event(check, event, claim_ids)
    for number, casualty in enumerate(report.casualties, start=1):
        where = f"casualty {number}"
        check.evidence(where, casualty.evidence)
        if casualty.claim is not None and casualty.claim not in claim_ids:
            check.add(f"{where}: unknown claim {casualty.claim}")
        for name in ("killed", "injured", "captured"):
            check.number(f"{where} {name}", getattr(casualty, name), MAX_COUNT)
        check.date(where, casualty.date)
    for contradiction in report.contradictions:
        for claim_id in contradiction.claims:
            if claim_id not in claim_ids:
                check.add(f"contradiction {contradiction.subject!r}: unknown claim {claim_id}")
    return check.problems


def check_document(document: Document) -> list[str]:
    """The report's invariants plus the offsets of the Document's intermediate fields."""
    from contested.report import to_report

    check = _Checker(document.text)
    previous_end = 0
    for sentence in document.sentences:
        check.offsets("sentence", sentence.start, sentence.end)
        if sentence.start < previous_end:
            check.add(f"sentence {sentence.start}-{sentence.end} overlaps the one before")
        previous_end = max(previous_end, sentence.end)
    for entity in document.entities:
        check.offsets(f"entity {entity.label}", entity.start, entity.end, entity.text)
    for mention in document.actor_mentions:
        check.offsets(f"actor mention {mention.actor!r}", mention.start, mention.end, mention.text)
    for toponym in document.toponyms:
        check.offsets("toponym", toponym.start, toponym.end, toponym.text)
    for date in document.dates:
        check.offsets("date mention", date.start, date.end, date.text)
        check.date(f"date mention {date.text[:30]!r}", date.date)
    return check.problems + check_report(to_report(document), document.text)


def _place(check: _Checker, where: str, place: Place) -> None:
    check.evidence(where, place.evidence)
    check.number(f"{where} latitude", None if place.lat is None else abs(place.lat), 90)
    check.number(f"{where} longitude", None if place.lon is None else abs(place.lon), 180)
    check.number(f"{where} geonames id", place.geonames_id)


def _claim(check: _Checker, claim: Claim) -> None:
    where = f"claim {claim.id}"
    check.evidence(where, claim.evidence)
    for part in ("source", "cue", "content"):
        span = getattr(claim.spans, part)
        if span is not None:
            check.offsets(f"{where} {part} span", span.start, span.end)


def _event(check: _Checker, event: Event, claim_ids: set[str]) -> None:
    where = f"event {event.id}"
    check.evidence(where, event.evidence)
    if event.location is not None:
        _place(check, f"{where} location", event.location)
    for claim_id in event.claims:
        if claim_id not in claim_ids:
            check.add(f"{where}: unknown claim {claim_id}")
    check.number(f"{where} fatalities", event.fatalities, MAX_COUNT)
    check.number(f"{where} confidence", event.confidence, 1)
    check.date(where, event.date)
    subtypes = load_yaml("acled_taxonomy").get(event.event_type)
    if subtypes is None or event.sub_event_type not in subtypes:
        check.add(f"{where}: {event.event_type} / {event.sub_event_type} is not an ACLED type")


def _unique_ids(check: _Checker, kind: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if not item:
            check.add(f"{kind} without an id")
        elif item in seen:
            check.add(f"{kind} id {item} used twice")
        seen.add(item)
    return seen


def _serialisable(check: _Checker, report: Report) -> None:
    """The report must survive JSON: no unpaired surrogates, no values JSON cannot hold."""
    try:
        again = Report.model_validate_json(report.model_dump_json())
    except ValueError as exc:  # pydantic's serialisation and validation errors are ValueErrors
        check.add(f"report cannot be written as JSON: {str(exc).splitlines()[0]}")
        return
    if again != report:
        check.add("report changes when written as JSON and read back")
