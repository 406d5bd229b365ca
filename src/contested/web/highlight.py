"""Split article text into segments by fact offsets, so templates can highlight safely.

Highlighting by offsets is where XSS usually creeps in (building HTML by string insertion).
Here the text is only ever cut into plain-string segments; each segment carries the kinds of
facts that cover it, and the template escapes each segment's text on output. Overlapping and
nested facts are handled by a boundary sweep: every boundary splits the text, and each piece
lists every fact that covers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from contested.web.views import HighlightKind, Segment


@dataclass(frozen=True)
class Mark:
    """A fact to highlight: a character range, its kind and a short note."""

    start: int
    end: int
    kind: HighlightKind
    note: str = ""


def segments(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> list[Segment]:
    """Cut text[start:end] into segments, each listing the marks that cover it.

    Marks outside the window are clipped; empty, inverted or out-of-range marks (a report
    from an older extraction, a hostile upload) are ignored rather than trusted.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    kept = [
        Mark(max(m.start, start), min(m.end, end), m.kind, m.note)
        for m in marks
        if isinstance(m.start, int) and isinstance(m.end, int) and m.start < m.end
        and m.end > start and m.start < end
    ]
    cuts = sorted({start, end, *(m.start for m in kept), *(m.end for m in kept)})
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in kept if m.start <= lo and m.end >= hi]
        kinds = list(dict.fromkeys(m.kind for m in covering))
        notes = list(dict.fromkeys(m.note for m in covering if m.note))
        if out and out[-1].kinds == kinds and out[-1].notes == notes:
            out[-1] = Segment(text=out[-1].text + text[lo:hi], kinds=kinds, notes=notes)
        else:
            out.append(Segment(text=text[lo:hi], kinds=kinds, notes=notes))
    return out


#: A sentence ends at ., ! or ? (optionally followed by a closing quote) before whitespace,
#: or at a line break. Good enough to show a claim in context; the exact sentence split is
#: the nlp stage's business, and the store may not keep it.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s)|\n")

#: Most context shown either side of a fact, in characters: a long paragraph without full
#: stops must not flood a claim card. 240 is about two lines of the board's column.
CONTEXT_CHARS = 240


def sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) containing text[start:end], capped at CONTEXT_CHARS either side."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while end > start and text[end - 1].isspace():  # evidence may carry the paragraph break
        end -= 1
    lo_bound = max(0, start - CONTEXT_CHARS)
    lo = lo_bound
    for match in _SENTENCE_END.finditer(text, lo_bound, start):
        lo = match.end()
    hi_bound = min(len(text), end + CONTEXT_CHARS)
    match = _SENTENCE_END.search(text, max(end - 1, start), hi_bound)
    hi = match.end() if match else hi_bound
    while lo < start and text[lo].isspace():
        lo += 1
    return lo, max(hi, end)


def context(text: str, focus: tuple[int, int], marks: Iterable[Mark]) -> list[Segment]:
    """The sentence around `focus` as highlighted segments (with ellipses when cut)."""
    lo, hi = sentence_window(text, *focus)
    out = segments(text, marks, lo, hi)
    if lo > 0 and not text[lo - 1].isspace() and text[lo - 1] not in ".!?\n":
        out.insert(0, Segment(text="…"))
    if hi < len(text) and not text[hi:hi + 1].isspace():
        out.append(Segment(text="…"))
    return out
