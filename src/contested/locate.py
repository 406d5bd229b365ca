"""Choose an event's location among the article's resolved places, with ACLED geo precision.

ACLED geo_precision: 1 = the town itself, 2 = near a town / part of a region (a district),
3 = only a region or province (or the country) is known.
"""

from __future__ import annotations

import re

from contested.model import Document, Place, Toponym

#: Most specific first: an event is coded at the smallest place the text names for it.
SPECIFICITY = ["city", "district", "other", "province", "region", "country"]

#: Words right before a name that make it the origin of the actors, not the event's place
#: ("attempts to enter Shotul from Jabul-Saraj": the fighting is at Shotul).
_ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
#: Words that make a name background, not the event's place ("since the fall of Kabul").
_BACKGROUND = re.compile(
    r"\b(?:since|after|before|until|following)\s+(?:the\s+)?"
    r"(?:fall|capture|liberation|siege|takeover|loss|collapse)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: A dateline after a name at the start of a line ("KABUL (Reuters) -", "CAIRO, Sept 2 (AP) —"):
#: it says where the reporter filed from, not where the event happened.
_DATELINE = re.compile(r"(?:,[^\n(),]{1,30})?\s*(?:\([^)\n]{1,40}\)\s*)?[-—–]")
#: Words that put the event near a town rather than in it (ACLED precision 2).
_NEAR = re.compile(
    r"\b(?:near|outside|around|close to|(?:north|south|east|west)(?:east|west)?\s+of|"
    r"km\s+from|kilometres\s+from|miles\s+from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def locate(document: Document, start: int, end: int) -> tuple[Place | None, int | None]:
    """The place an event described by text[start:end] happened at, and its geo precision.

    Candidates are the place mentions inside the range, else inside the sentences the range
    touches; demonyms, names inside organisation names and streets never count. The most
    specific resolved place wins; asides (origins "from X", background "since the fall of X",
    datelines) come last. With no candidate the location is unknown (None, None): it is not
    replaced by the article's country or capital.
    """
    mentions = _place_mentions(document, start, end)
    if not mentions:
        first = document.sentence_of(start)
        last = document.sentence_of(max(start, end - 1))
        if first is not None:
            mentions = _place_mentions(document, first.start, (last or first).end)
    by_id = {p.id: p for p in document.places if p.lat is not None}
    ranked = [
        (_is_aside(document, t), _specificity(by_id[t.place]), t.start, t)
        for t in mentions
        if t.place in by_id
    ]
    if not ranked:
        return None, None
    ranked.sort(key=lambda r: r[:3])
    mention = ranked[0][3]
    place = by_id[mention.place]  # type: ignore[index]
    return place, _precision(document, place, mention)


def _place_mentions(document: Document, start: int, end: int) -> list[Toponym]:
    """Place mentions in [start, end); from the places' evidence when `toponyms` is empty
    (documents built by hand)."""
    if document.toponyms:
        return [t for t in document.toponyms
                if t.kind == "place" and start <= t.start and t.end <= end]
    return [
        Toponym(start=e.start, end=e.end, text=e.text, place=p.id)
        for p in document.places
        for e in p.evidence
        if start <= e.start and e.end <= end
    ]


def _is_aside(document: Document, mention: Toponym) -> bool:
    """A mention that names where actors came from, a past event, or the filing place."""
    before = document.text[max(0, mention.start - 40) : mention.start]
    if _ORIGIN.search(before[-12:]) or _BACKGROUND.search(before):
        return True
    at_line_start = mention.start == 0 or document.text[mention.start - 1] == "\n"
    return at_line_start and bool(_DATELINE.match(document.text, mention.end))


def _specificity(place: Place) -> int:
    return SPECIFICITY.index(place.feature) if place.feature in SPECIFICITY else len(SPECIFICITY)


def _precision(document: Document, place: Place, mention: Toponym) -> int:
    if place.feature == "city":
        near = _NEAR.search(document.text[max(0, mention.start - 24) : mention.start])
        return 2 if near else 1
    return 2 if place.feature in ("district", "other") else 3
