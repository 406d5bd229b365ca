"""Choose an event's location among the article's resolved places, with ACLED geo precision.

ACLED geo_precision: 1 = the town itself, 2 = near a town / part of a region,
3 = only a region or province is known (its capital's coordinates stand in).
"""

from __future__ import annotations

from contested.model import Document, Place


def locate(document: Document, start: int, end: int) -> tuple[Place | None, int | None]:
    """The place an event described by text[start:end] happened at, and its geo precision.

    First version: the most specific resolved place mentioned inside the range; else none
    (an unknown location stays unknown rather than falling back to the article's country).
    """
    best: Place | None = None
    for place in document.places:
        if place.lat is None:
            continue
        if any(start <= ev.start < end for ev in place.evidence):
            if best is None or _rank(place) < _rank(best):
                best = place
    if best is None:
        return None, None
    return best, 1 if best.feature == "city" else (2 if best.feature == "district" else 3)


def _rank(place: Place) -> int:
    order = ["city", "district", "other", "province", "region", "country"]
    return order.index(place.feature) if place.feature in order else len(order)
