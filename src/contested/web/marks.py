"""Highlight marks from stored facts (report JSON, claim spans, evidence lists).

Stored JSON is read defensively: a report written by an older contested, or crafted by a
hostile uploader, may hold missing, negative or non-integer offsets; those are skipped.
"""

from __future__ import annotations

from typing import Any

from contested.web.highlight import Mark

__all__ = ["Mark", "claim_marks", "focus", "offsets", "report_marks"]


def offsets(span: Any) -> tuple[int, int]:
    """(start, end) of a `{start, end}` object; (0, 0) when it is not a valid range."""
    if not isinstance(span, dict):
        return 0, 0
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        return 0, 0
    if start < 0 or end <= start:
        return 0, 0
    return start, end


def claim_marks(spans: dict[str, Any], evidence: list[Any]) -> list[Mark]:
    """Source, cue and content of a claim; its evidence stands in for a missing content span."""
    marks = []
    for kind in ("source", "cue", "content"):
        start, end = offsets(spans.get(kind))
        if end > start:
            marks.append(Mark(start, end, kind, _NOTES[kind]))
    if not any(m.kind == "content" for m in marks):
        for span in evidence:
            start, end = offsets(span)
            if end > start:
                marks.append(Mark(start, end, "content", _NOTES["content"]))
    return marks


def focus(spans: dict[str, Any], evidence: list[Any]) -> tuple[int, int] | None:
    """The range a claim card shows in context: all of source, cue and content."""
    ranges = [offsets(spans.get(k)) for k in ("source", "cue", "content")]
    ranges += [offsets(e) for e in evidence]
    ranges = [r for r in ranges if r[1] > r[0]]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


_NOTES = {"source": "source (who says it)", "cue": "cue (how it is said)", "content": "claim"}


def report_marks(report: dict[str, Any]) -> list[Mark]:
    """Every fact of a stored report as a mark: event sentences, places, actors, claims
    (source, cue, content) and casualty figures."""
    marks: list[Mark] = []

    def add(items: Any, kind: str, note: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            for span in item.get("evidence") or []:
                start, end = offsets(span)
                if end > start:
                    marks.append(Mark(start, end, kind, note(item)))  # type: ignore[arg-type]

    add(report.get("events"), "event", _event_note)
    add(report.get("places"), "place", _place_note)
    add(report.get("actors"), "actor", lambda a: f"actor: {a.get('name') or '?'}")
    add(report.get("casualties"), "casualty", _casualty_note)
    for claim in report.get("claims") or []:
        if isinstance(claim, dict):
            label = f"claim {claim.get('id', '')} by {claim.get('speaker') or claim.get('side') or '?'}"
            for mark in claim_marks(claim.get("spans") or {}, []):
                marks.append(Mark(mark.start, mark.end, mark.kind, f"{label}: {mark.note}"))
    return marks


def _event_note(event: dict[str, Any]) -> str:
    actors = " vs ".join(str(a) for a in (event.get("actor1"), event.get("actor2")) if a)
    return f"event {event.get('id', '')}: {event.get('sub_event_type') or '?'}" + (
        f" ({actors})" if actors else ""
    )


def _place_note(place: dict[str, Any]) -> str:
    where = ", ".join(str(p) for p in (place.get("name"), place.get("admin1"), place.get("country")) if p)
    return f"place: {where or 'unresolved'}"


def _casualty_note(item: dict[str, Any]) -> str:
    figures = ", ".join(
        f"{item[k]} {k}" for k in ("killed", "injured", "captured") if item.get(k) is not None
    )
    return f"casualties ({item.get('victim_side') or '?'}): {figures} per {item.get('claimed_by') or '?'}"
