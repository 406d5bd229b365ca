"""places stage: find the article's toponyms and resolve them against the offline gazetteer.

Recognition (contested.toponyms) proposes mentions; resolution (contested.resolution) picks
one gazetteer entry per name from the article's context. Output: `Document.toponyms`, every
mention in text order, and `Document.places`, one Place per resolved location ("p1", "p2"...
in order of first mention) with every mention as evidence. Demonyms and names inside
organisation names are toponyms but not places. A name NER calls a place that the gazetteer
cannot resolve stays a Place with name/lat/lon null and a warning: an unknown location is
reported as unknown, never replaced by the country's capital.
"""

from __future__ import annotations

from contested import gazetteer
from contested.model import Document, Place, Toponym
from contested.pipeline import Stage
from contested.resolution import Group, feature_name, resolve
from contested.toponyms import recognise


def run(document: Document) -> Document:
    """Fill `toponyms` and `places`; warn about names left unresolved."""
    gaz = gazetteer.load()
    groups = resolve(recognise(document, gaz), gaz)
    places: dict[object, Place] = {}
    toponyms: list[Toponym] = []
    for group in groups:
        for mention in group.mentions:
            if (mention.needs_match or mention.needs_context) and group.choice is None:
                continue  # only context suggested a place, and no gazetteer entry fits
            toponym = Toponym(start=mention.start, end=mention.end, text=mention.text,
                              kind=mention.kind)  # type: ignore[arg-type]
            if group.choice is not None:
                entry = gaz.entry(group.choice)
                toponym.name, toponym.lat, toponym.lon = entry.name, entry.lat, entry.lon
                toponym.geonames_id = entry.geonames_id
            toponyms.append(toponym)
            if mention.kind == "place":
                place = places.get(group.choice if group.choice is not None else group.key)
                if place is None:
                    place = _place(group, gaz)
                    places[group.choice if group.choice is not None else group.key] = place
                place.evidence.append(document.span(mention.start, mention.end))
    toponyms.sort(key=lambda t: t.start)
    ordered = sorted(places.values(), key=lambda p: min(e.start for e in p.evidence))
    ids = {}
    for number, place in enumerate(ordered, start=1):
        place.id = f"p{number}"
        place.evidence.sort(key=lambda e: e.start)
        place.mention = place.evidence[0].text
        ids[id(place)] = place.id
        if place.name is None:
            document.warnings.append(
                f"place {place.mention!r} not found in the gazetteer; location left unknown"
            )
    for toponym in toponyms:
        if toponym.kind == "place":
            toponym.place = next(p.id for p in ordered if _mentions(p, toponym))
    document.places = ordered
    document.toponyms = toponyms
    return document


def _mentions(place: Place, toponym: Toponym) -> bool:
    return any(e.start == toponym.start and e.end == toponym.end for e in place.evidence)


def _place(group: Group, gaz: gazetteer.Gazetteer) -> Place:
    mention = group.mentions[0].text
    if group.choice is None:
        return Place(mention=mention)
    entry = gaz.entry(group.choice)
    return Place(
        mention=mention,
        name=entry.name,
        feature=feature_name(gaz, group.choice),  # type: ignore[arg-type]
        admin1=entry.admin1,
        admin2=entry.admin2 if entry.level in (gazetteer.ADMIN2, gazetteer.CITY) else None,
        country=entry.country,
        country_code=entry.country_code,
        lat=round(entry.lat, 5) if entry.lat is not None else None,
        lon=round(entry.lon, 5) if entry.lon is not None else None,
        geonames_id=entry.geonames_id,
        score=round(group.score, 3),
    )


STAGE = Stage(
    name="places",
    run=run,
    reads=frozenset({"entities", "sentences"}),
    writes=frozenset({"places", "toponyms", "warnings"}),
)
