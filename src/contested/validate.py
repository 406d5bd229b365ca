"""Report invariants: what every report must satisfy, used by tests and `--strict`."""

from __future__ import annotations

import datetime as dt

from contested.model import Report, Span


def check_report(report: Report, text: str) -> list[str]:
    """Every way the report breaks an invariant, as readable lines (empty when it holds)."""
    problems: list[str] = []

    def spans(where: str, evidence: list[Span]) -> None:
        for span in evidence:
            if not 0 <= span.start <= span.end <= len(text):
                problems.append(f"{where}: evidence {span.start}-{span.end} outside the text")
            elif text[span.start : span.end] != span.text:
                problems.append(
                    f"{where}: evidence text differs from text[{span.start}:{span.end}]"
                )

    for place in report.places:
        spans(f"place {place.mention!r}", place.evidence)
    for actor in report.actors:
        spans(f"actor {actor.name!r}", actor.evidence)
    claim_ids = {c.id for c in report.claims}
    for claim in report.claims:
        spans(f"claim {claim.id}", claim.evidence)
        for part in ("source", "cue", "content"):
            off = getattr(claim.spans, part)
            if off is not None and not 0 <= off.start <= off.end <= len(text):
                problems.append(f"claim {claim.id}: {part} span outside the text")
    for event in report.events:
        spans(f"event {event.id}", event.evidence)
        problems += [
            f"event {event.id}: unknown claim {c}" for c in event.claims if c not in claim_ids
        ]
        if event.fatalities is not None and event.fatalities < 0:
            problems.append(f"event {event.id}: negative fatalities")
        _date(problems, f"event {event.id}", event.date)
    for number, casualty in enumerate(report.casualties, start=1):
        spans(f"casualty {number}", casualty.evidence)
        if casualty.claim is not None and casualty.claim not in claim_ids:
            problems.append(f"casualty {number}: unknown claim {casualty.claim}")
        for field in ("killed", "injured", "captured"):
            value = getattr(casualty, field)
            if value is not None and value < 0:
                problems.append(f"casualty {number}: negative {field}")
        _date(problems, f"casualty {number}", casualty.date)
    for contradiction in report.contradictions:
        problems += [
            f"contradiction {contradiction.subject!r}: unknown claim {c}"
            for c in contradiction.claims
            if c not in claim_ids
        ]
    return problems


def _date(problems: list[str], where: str, value: dt.date | None) -> None:
    if value is not None and not dt.date(1900, 1, 1) <= value <= dt.date(2200, 1, 1):
        problems.append(f"{where}: implausible date {value}")
