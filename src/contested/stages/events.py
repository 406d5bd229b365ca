"""events stage: ACLED-coded events, one per distinct incident.

Each sentence is coded on its own (`contested.event_coding`); a coded sentence becomes an
event with its actors (the actor mentions of the sentence, the subject of the cue's verb
first), its date (a date mention in the sentence, else the nearest one before it), and its
location (`contested.locate`). Sentences that describe the same incident are then merged:
same event-type family, compatible actors, place and date. Sentences whose best reading is a
non-conflict topic (a disaster, diplomacy, crime, a claim of responsibility) yield no event;
when a document has no event at all, the most frequent such topic is kept in
`document.non_conflict` to say why.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from contested.event_coding import Coding, code_sentence
from contested.locate import locate
from contested.model import DateMention, Document, Event, Place
from contested.pipeline import Stage

#: Default actor names when a sub-event type implies a party that the text does not name
#: (ACLED's generic actors: "Protesters (Country)", "Civilians (Country)" without the country).
DEFAULT_ACTOR1 = {"Protests": "Protesters", "Riots": "Rioters"}
DEFAULT_VICTIM = {"Violence against civilians": "Civilians"}
#: Remote violence that names civilian victims has "Civilians" as actor2 (ACLED practice).
REMOTE_TYPES = {"Explosions/Remote violence"}
CIVILIAN_WORDS = {"civilian", "civilians"}

#: Sentences that make up an article's lead (its opening sentence and the one after it).
LEAD_SENTENCES = 2

#: Confidence grows with the cue score and is capped below certainty: a score of 3 (one
#: typical cue) gives 0.55, a decisive weapon cue (6) 0.85.
CONFIDENCE_BASE, CONFIDENCE_STEP, CONFIDENCE_CAP = 0.25, 0.1, 0.95


def code_events(document: Document) -> Document:
    """Fill document.events (and document.non_conflict when there are none)."""
    doc = document.spacy
    codings = [(sent, code_sentence(sent, document)) for sent in doc.sents]
    lead = lead_topic_score([c for _, c in codings[:LEAD_SENTENCES]])
    drafts: list[Event] = []
    topics: Counter[str] = Counter()
    for sent, coding in codings:
        if coding is None:
            continue
        if not coding.conflict:
            topics[coding.label] += 1
            continue
        if coding.score > lead:
            drafts.append(_draft(document, sent, coding))
    document.events = merge_events(document, drafts)
    for number, event in enumerate(document.events, start=1):
        event.id = f"e{number}"
    if not document.events and topics:
        document.non_conflict = topics.most_common(1)[0][0]
    return document


def lead_topic_score(lead: list[Coding | None]) -> float:
    """When the article opens on non-conflict news (an accident, a disaster, a claim of
    responsibility), the strength of that reading; 0 otherwise.

    The lead sets the topic: "a boiler exploded at the plant … the explosion occurred at 9am"
    is one accident, and "IS claimed responsibility for the bombing … a bomb went off outside
    the embassy" a report about attribution. Later sentences then need a stronger conflict
    reading than the lead's non-conflict one to become events.
    """
    first = next((c for c in lead if c is not None), None)
    return first.score if first is not None and not first.conflict else 0.0


def _draft(document: Document, sent: Any, coding: Coding) -> Event:
    trigger = sent.doc[coding.trigger]
    actor1, actor2 = event_actors(document, sent, trigger)
    actor1 = actor1 or DEFAULT_ACTOR1.get(coding.event_type or "")
    if actor2 is None and (
        coding.event_type in DEFAULT_VICTIM
        or (coding.event_type in REMOTE_TYPES and _civilian_victims(sent))
    ):
        actor2 = "Civilians"
    date = event_date(document, sent.start_char, sent.end_char, trigger.idx)
    place, precision = locate(document, sent.start_char, sent.end_char)
    return Event(
        event_type=coding.event_type or "",
        sub_event_type=coding.label,
        actor1=actor1,
        actor2=actor2 if actor2 != actor1 else None,
        date=date.date if date else document.article.published,
        date_precision=(date.precision if date else None)
        or ("week" if document.article.published else None),
        date_text=date.text if date else None,
        location=place,
        geo_precision=precision,
        evidence=[document.span(sent.start_char, sent.end_char)],
        confidence=round(
            min(CONFIDENCE_CAP, CONFIDENCE_BASE + CONFIDENCE_STEP * coding.score), 2
        ),
    )


def _civilian_victims(sent: Any) -> bool:
    return any(t.lower_ in CIVILIAN_WORDS for t in sent)


def event_actors(document: Document, sent: Any, trigger: Any) -> tuple[str | None, str | None]:
    """actor1 (the subject of the cue's verb when it names an actor) and actor2."""
    start, end = sent.start_char, sent.end_char
    mentions = [m for m in document.actor_mentions if start <= m.start < end]
    mentions.sort(key=lambda m: (m.via == "person", m.start))  # groups before spokespeople
    names = list(dict.fromkeys(m.actor for m in mentions))
    if not names and not document.actors:
        names = _entity_actors(document, start, end)
    if not names:
        return None, None
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "agent"}), None)
    actor1 = names[0]
    if subject is not None:
        lo = subject.left_edge.idx
        hi = subject.right_edge.idx + len(subject.right_edge)
        actor1 = next((m.actor for m in mentions if lo <= m.start < hi), actor1)
    actor2 = next((n for n in names if n != actor1), None)
    return actor1, actor2


def _entity_actors(document: Document, start: int, end: int) -> list[str]:
    """Organisations the NER model found, when the actors stage found no actor at all (news
    outlets excluded: they are sources, never parties)."""
    from contested.actor_dictionary import load_dictionary

    outlets = load_dictionary()
    names = (
        e.text.removeprefix("the ").strip()
        for e in document.entities
        if e.label == "ORG" and start <= e.start < end
    )
    return list(dict.fromkeys(n for n in names if n and outlets.outlet_for(n) is None))


def event_date(document: Document, start: int, end: int, anchor: int) -> DateMention | None:
    """The date mention in the sentence nearest the cue, else the nearest one before it."""
    inside = [d for d in document.dates if start <= d.start < end and d.date is not None]
    if inside:
        return min(inside, key=lambda d: abs(d.start - anchor))
    before = [d for d in document.dates if d.end <= start and d.date is not None]
    return max(before, key=lambda d: d.start) if before else None


def _places_in(document: Document, event: Event) -> set[str]:
    names = set()
    for place in document.places:
        for ev in place.evidence:
            if any(s.start <= ev.start < s.end for s in event.evidence):
                names.add(_place_key(place))
    if event.location is not None:
        names.add(_place_key(event.location))
    return names


def _place_key(place: Place) -> str:
    return str(place.geonames_id or place.name or place.mention).lower()


def _compatible(document: Document, a: Event, b: Event) -> bool:
    """Could a and b be the same incident?"""
    if a.event_type != b.event_type:
        return False
    if a.event_type == "Strategic developments" and a.sub_event_type != b.sub_event_type:
        return False
    actors_a = {x for x in (a.actor1, a.actor2) if x}
    actors_b = {x for x in (b.actor1, b.actor2) if x}
    if actors_a and actors_b and not (actors_a <= actors_b or actors_b <= actors_a):
        return False
    if a.date and b.date and a.date != b.date and a.date_text and b.date_text:
        return False
    if a.location is not None and b.location is not None:
        shared = _places_in(document, a) & _places_in(document, b)
        if _place_key(a.location) != _place_key(b.location) and not shared:
            return False
    return True


#: Territory changes are more specific than the clash they happen in (ACLED codes the
#: territory sub-type when control changes during fighting).
_SPECIFICITY = {"Armed clash": 0}


def merge_events(document: Document, drafts: list[Event]) -> list[Event]:
    """Merge drafts that describe one incident into the earliest of them."""
    merged: list[Event] = []
    for draft in drafts:
        target = next((e for e in reversed(merged) if _compatible(document, e, draft)), None)
        if target is None:
            merged.append(draft)
            continue
        target.evidence.extend(draft.evidence)
        target.actor1 = target.actor1 or draft.actor1
        if target.actor2 is None and draft.actor2 not in {None, target.actor1}:
            target.actor2 = draft.actor2
        if target.location is None:
            target.location, target.geo_precision = draft.location, draft.geo_precision
        if target.date_text is None and draft.date_text is not None:
            target.date, target.date_precision = draft.date, draft.date_precision
            target.date_text = draft.date_text
        if _SPECIFICITY.get(draft.sub_event_type, 1) > _SPECIFICITY.get(
            target.sub_event_type, 1
        ):
            target.sub_event_type = draft.sub_event_type
        target.confidence = max(target.confidence, draft.confidence)
    return merged


STAGE = Stage(
    name="events",
    run=code_events,
    reads=frozenset({"places", "actors", "actor_mentions", "dates"}),
    writes=frozenset({"events", "non_conflict"}),
)
