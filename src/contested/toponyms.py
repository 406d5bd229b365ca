"""Toponym recognition: which spans of an article name places, demonyms or places inside names.

spaCy's small English model finds most GPE/LOC mentions but tags unfamiliar names as PERSON
or ORG ("Shotul", "Jabul-Saraj" in the seed article) and misses names it has never seen. So
NER proposes, and the gazetteer plus the context decide:

- GPE/LOC entities are toponyms unless they name an outlet or an actor ("NRF" tagged GPE).
- PERSON/ORG/other entities, and capitalised proper-noun runs outside any entity, become
  toponyms when the gazetteer knows the name *and* the context says place: a locative word
  before it ("from Jabul-Saraj"), a place word after it ("Shotul district"), the same name
  used as a place elsewhere in the article, or a country/first-level subdivision name
  (unambiguous enough on its own: "Georgia" tagged PERSON).
- Demonyms ("Afghan", "Russians") are recognised from data/places_demonyms.yaml and kept
  apart (kind "demonym"): country context, never an event location.
- A place inside an organisation's name ("Rapides Parish Fire District") is kind "in_name".
- Street names ("Hutcheson Road", "Highway 108") are kind "street" (data/places_streets.yaml).
- Never places: outlets, actors and their people (data/outlets.yaml, data/actors.yaml), a
  name right after a title ("President Saakashvili"), a name the article also gives a
  person ("Andrew Trapani" ... "Trapani's film"), a language ("in French"), a bare
  direction word ("Western governments").
- One sense per discourse: a name recognised as a place is a place wherever else it occurs.

Candidates that only context supports carry flags (`needs_match`, `needs_context`) that
resolution must satisfy, or the mention is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from contested.gazetteer import ADMIN1, COUNTRY, Gazetteer, normalise
from contested.lexicon import load_yaml
from contested.model import Document

#: NER labels whose spans are toponyms by default.
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: NER labels whose spans may hide a toponym the model mislabelled (checked against context).
OTHER_LABELS = frozenset(
    {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LANGUAGE"}
)
#: Prepositions that make a name a place even where NER calls it a person ("fighting in
#: Shotul"); "to", "from" and "at" also precede people ("according to Brown"), so a
#: PERSON-tagged name needs one of these.
STRONG_LOCATIVE = frozenset({"in", "near", "outside", "inside", "into", "across", "throughout"})


@dataclass
class Mention:
    """A recognised toponym span and what recognition learned about it."""

    start: int
    end: int
    text: str
    kind: str = "place"  # place | demonym | in_name | street
    head: str | None = None  # feature named by a place word next to it (province, city ...)
    #: which rule found it (ner | rescued | gazetteer | repeat | street): for diagnosis
    source: str = "ner"
    country: str | None = None  # demonyms: the country code
    container: str | None = None  # "Fargo, N.D.": the name after the comma
    #: True when only context made it a candidate and the gazetteer had no exact name:
    #: resolution must find a (fuzzy) match, or the mention is dropped, not kept unresolved.
    needs_match: bool = False
    #: Only kept if resolution finds it in a state (admin1) the article's other places are
    #: in: a bare name NER called a person or an organisation ("the Gainesville sewer").
    needs_context: bool = False
    #: The entity's text was longer than the known name ("Ohio" of "Ohio Supreme Court").
    narrowed: bool = False
    cues: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return normalise(self.text)


@cache
def heads() -> dict[str, str]:
    """Place word (lower case) → feature it names (data/places_heads.yaml)."""
    return {w: feature for feature, words in load_yaml("places_heads").items() for w in words}


@cache
def locative_words() -> frozenset[str]:
    return frozenset(load_yaml("places_cues")["locative"])


@cache
def titles() -> frozenset[str]:
    return frozenset(load_yaml("places_cues")["titles"])


@cache
def language_cues() -> frozenset[str]:
    return frozenset(load_yaml("places_cues")["language"])


@cache
def demonyms() -> dict[str, str]:
    """Demonym (as written, and its plural) → country code."""
    table: dict[str, str] = {}
    for code, words in load_yaml("places_demonyms").items():
        for word in words:
            table[word] = code
            if not word.endswith(("s", "ese", "ish", "ch")):
                table[word + "s"] = code
    return table


@cache
def not_places() -> frozenset[str]:
    """Normalised names of outlets, actors and their people: never places."""
    names: set[str] = set()
    for outlet in load_yaml("outlets") or []:
        names.update([outlet["name"], *outlet.get("aliases", [])])
    for actor in load_yaml("actors") or []:
        names.update([actor["name"], *actor.get("aliases", [])])
        if actor.get("short"):
            names.add(actor["short"])
        names.update(p["name"] for p in actor.get("people", []))
    return frozenset(normalise(n) for n in names)


def recognise(document: Document, gaz: Gazetteer) -> list[Mention]:
    """All toponym mentions of the document, in text order, without overlaps."""
    doc = document.spacy
    mentions: list[Mention] = []
    covered = [False] * len(doc)
    rescue: list[tuple[Any, str]] = []
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            covered[i] = True
        if ent.label_ in PLACE_LABELS:
            mention = _from_span(doc, ent.start, ent.end, "ner", gaz)
            if mention is not None and _admissible(mention, gaz):
                # An unknown one-word name with no place cue is as often a surname NER
                # took for a place ("Saakashvili"): kept only if fuzzy matching finds it.
                unknown = mention.kind == "place" and not gaz.lookup(mention.text)
                if unknown and " " not in mention.text and not (mention.cues or mention.head):
                    mention.needs_match = True
                mentions.append(mention)
        elif ent.label_ in OTHER_LABELS:
            rescue.append((ent, ent.label_))
    place_keys = {m.key for m in mentions if m.kind == "place"}
    # Two passes: a name rescued by a cue ("Jabul-Saraj" after "from") is then a place
    # wherever else the article uses it ("Jabul-Saraj is a town", tagged PERSON).
    for _ in range(2):
        pending, rescue = rescue, []
        for ent, label in pending:
            found = list(_rescue_entity(doc, ent, label, gaz, place_keys))
            if found:
                mentions.extend(found)
                place_keys.update(m.key for m in found if m.kind == "place")
            else:
                rescue.append((ent, label))
    mentions.extend(_uncovered(doc, covered, gaz, place_keys))
    mentions.extend(streets(document.text))
    people = person_names(doc, gaz)
    mentions = [m for m in mentions if not _is_person_name(m, people)]
    mentions.extend(_repeats(document.text, mentions, people))
    mentions.sort(key=lambda m: m.start)
    mentions = _drop_overlaps(mentions)
    _link_containers(document.text, mentions)
    return mentions


def _from_span(
    doc: Any, start: int, end: int, source: str, gaz: Gazetteer | None = None
) -> Mention | None:
    """A mention from tokens [start, end): drops "the", a possessive and a place word; with
    a gazetteer, narrows an unknown name to its longest known part (see `_known_part`)."""
    tokens = list(doc[start:end])
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’", ","):
        tokens = tokens[:-1]
    head = None
    if len(tokens) > 1 and tokens[-1].lower_ in heads() and not tokens[-1].is_title:
        head = heads()[tokens[-1].lower_]
        tokens = tokens[:-1]
    if not tokens or not tokens[0].text[:1].isupper():
        return None  # "mobile home", "City of": not a name
    whole = len(tokens)
    if gaz is not None and whole > 1:
        tokens = _known_part(tokens, gaz)
    begin, finish = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # the span's own text: Doc.text rebuilds the whole text on every call (quadratic)
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    mention = Mention(start=begin, end=finish, text=text, source=source)
    mention.head = head or _head_after(doc, end)
    mention.narrowed = len(tokens) < whole
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if before is not None and before.text in titles():
        return None  # "President Saakashvili": a person
    if mention.text in demonyms():
        after = doc[tokens[-1].i + 1].lower_ if tokens[-1].i + 1 < len(doc) else ""
        if (before is not None and before.lower_ in language_cues()) or after == "language":
            return None  # "in French", "the English language": a language
        mention.kind = "demonym"
        mention.country = demonyms()[mention.text]
    if start > 0 and doc[start - 1].lower_ in locative_words():
        mention.cues.add("locative")
        if doc[start - 1].lower_ in STRONG_LOCATIVE:
            mention.cues.add("strong")
    return mention


@cache
def affixes() -> tuple[frozenset[str], frozenset[str]]:
    """(direction words, tail words) of data/places_affixes.yaml."""
    data = load_yaml("places_affixes")
    return frozenset(data["direction"]), frozenset(data["tail"])


def _known_part(tokens: list[Any], gaz: Gazetteer) -> list[Any]:
    """When the whole name is unknown, the known name left after dropping leading direction
    words and a trailing non-place tail (data/places_affixes.yaml): "Northeast Georgia" →
    "Georgia", "Henderson County Jail" → "Henderson County", "Dublin City" → "Dublin"."""
    if gaz.lookup(" ".join(t.text for t in tokens)) or tokens[0].text in demonyms():
        return tokens
    directions, tails = affixes()
    first = 0
    while first < len(tokens) - 1 and tokens[first].text in directions:
        first += 1
    ends = [len(tokens)] + [i for i in range(1, len(tokens)) if tokens[i].text in tails]
    for begin in dict.fromkeys((0, first)):  # keep the direction if the name has it
        for end in ends:
            part = tokens[begin:end]
            if not part or (begin, end) == (0, len(tokens)):
                continue
            text = " ".join(t.text for t in part)
            if text in demonyms() or gaz.lookup(text):
                return part
    return tokens


def _head_after(doc: Any, end: int) -> str | None:
    """A place word right after the span ("Shotul district" where NER left the word out)."""
    if end < len(doc) and doc[end].lower_ in heads() and not doc[end].is_title:
        return heads()[doc[end].lower_]
    return None


def _admissible(mention: Mention, gaz: Gazetteer) -> bool:
    """False for outlets, actors and people, unless the name is itself a country or state;
    false for a bare direction or kind-of-place word ("Western", "North", "Gulf")."""
    if mention.kind == "demonym":
        return True
    if _generic(mention.text):
        return False
    if mention.key in not_places():
        return _is_strong(gaz, mention.text)
    # an all-caps acronym the gazetteer does not know is an organisation ("NRF"), not a place
    return not (mention.text.isupper() and len(mention.text) <= 5 and not gaz.lookup(mention.text))


#: A first-level subdivision this populous is a place even where NER says person
#: ("Georgia" tagged PERSON), while a small one is likelier a surname (Flores, Uruguay).
STRONG_PERSON_POPULATION = 1_000_000


def _is_strong(gaz: Gazetteer, name: str, person: bool = False) -> bool:
    """A country or first-level subdivision: names specific enough to trust without cues
    (for a name NER tagged PERSON, only countries and populous subdivisions)."""
    for e in gaz.lookup(name):
        if gaz.levels[e] == COUNTRY or (
            gaz.levels[e] == ADMIN1
            and (not person or gaz.populations[e] >= STRONG_PERSON_POPULATION)
        ):
            return True
    return False


def _rescue_entity(
    doc: Any, ent: Any, label: str, gaz: Gazetteer, place_keys: set[str]
) -> Iterator[Mention]:
    """A mislabelled toponym, a demonym, or toponyms inside an organisation's name."""
    mention = _from_span(doc, ent.start, ent.end, "rescued", gaz)
    if mention is None or mention.key in not_places():
        return
    if mention.kind == "demonym":
        yield mention
        return
    if label == "NORP" or _generic(mention.text):
        return  # "Western governments": an adjective, not a place
    multiword_person = label == "PERSON" and " " in mention.text
    if label == "PERSON":
        cued = "strong" in mention.cues or mention.head is not None or mention.key in place_keys
    else:
        cued = bool(mention.cues) or mention.head is not None or mention.key in place_keys
    if gaz.lookup(mention.text):
        if mention.narrowed and label != "PERSON":  # part of an organisation's name
            mention.kind = "in_name"
            yield mention
            return
        strong = _is_strong(gaz, mention.text, person=label == "PERSON")
        if cued or (not multiword_person and strong):
            yield mention
            return
        if label == "ORG" and ent.end - ent.start == 1:
            mention.needs_context = True  # a place only if the article's state has it
            yield mention
            return
    elif mention.head is not None or (cued and " " not in mention.text):
        # an unknown name NER missed as a place ("Shotul district", "from Jabul-Saraj"):
        # kept if fuzzy matching finds it; a longer unknown name is an organisation's
        mention.needs_match = True
        yield mention
        return
    if label in ("ORG", "FAC", "EVENT", "WORK_OF_ART"):
        yield from _names_inside(doc, ent.start, ent.end, gaz, place_keys)


def _names_inside(
    doc: Any, start: int, end: int, gaz: Gazetteer, place_keys: set[str]
) -> Iterator[Mention]:
    """Places inside an organisation's name, when specific enough: a country or state, an
    area named with its place word ("Rapides Parish" in "Rapides Parish Fire District"), or a
    name the article also uses as a place."""
    for i, j in _gazetteer_runs(doc, start, end, gaz):
        inner = Mention(start=doc[i].idx, end=doc[j - 1].idx + len(doc[j - 1].text),
                        text=doc[i:j].text, kind="in_name", source="gazetteer")
        named_area = j - i > 1 and doc[j - 1].lower_ in heads()
        if _is_strong(gaz, inner.text) or inner.key in place_keys or named_area:
            yield inner
        elif i == start or (i == start + 1 and doc[start].lower_ == "the"):
            # "Gainesville Police": a leading name is a place if the article's state has it
            inner.needs_context = True
            yield inner


def _gazetteer_runs(doc: Any, start: int, end: int, gaz: Gazetteer) -> Iterator[tuple[int, int]]:
    """Longest capitalised token runs inside [start, end) that the gazetteer knows (up to
    four tokens)."""
    i = start
    while i < end:
        for j in range(min(end, i + 4), i, -1):
            tokens = doc[i:j]
            if not all(t.text[:1].isupper() or t.text == "-" for t in tokens):
                continue
            if j - i == 1 and _generic(tokens[0].text):
                continue
            if gaz.lookup(tokens.text) and normalise(tokens.text) not in not_places():
                yield i, j
                i = j
                break
        else:
            i += 1


def _generic(word: str) -> bool:
    """A word that names a kind of place or a direction, not one place ("West", "Lake")."""
    directions, tails = affixes()
    return word.lower() in heads() or word in directions or word in tails


def _uncovered(
    doc: Any, covered: list[bool], gaz: Gazetteer, place_keys: set[str]
) -> Iterator[Mention]:
    """Gazetteer names among capitalised proper nouns that NER left without an entity."""
    i = 0
    n = len(doc)
    while i < n:
        if covered[i] or doc[i].pos_ != "PROPN" or not doc[i].text[:1].isupper():
            i += 1
            continue
        j = i
        while j < n and not covered[j] and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        for a, b in _gazetteer_runs(doc, i, j, gaz):
            mention = _from_span(doc, a, b, "gazetteer", gaz)
            if mention is None:
                continue
            cued = bool(mention.cues) or mention.head is not None or mention.key in place_keys
            if mention.kind == "demonym" or cued or _is_strong(gaz, mention.text):
                yield mention
        i = j


@cache
def _street_pattern() -> re.Pattern[str]:
    data = load_yaml("places_streets")
    suffix = "|".join(re.escape(w) for w in sorted(data["suffix"], key=len, reverse=True))
    numbered = "|".join(re.escape(w) for w in sorted(data["numbered"], key=len, reverse=True))
    # a capitalised word (no possessive, no sentence-final dot) or an ordinal
    word = r"(?:[A-Z](?:[\w-]|['’](?!s\b))*(?<![.])|[A-Z]\.|St\.|Mt\.|\d+(?:st|nd|rd|th))"
    direction = r"(?:\s+(?:North|South|East|West|N\.|S\.|E\.|W\.))?"
    return re.compile(
        rf"\b(?:{numbered})\s?\d+[A-Z]?\b(?:\s+(?:North|South|East|West)\b)?"
        rf"|\b(?:{word}\s+){{1,4}}(?:{suffix})(?!\w){direction}"
    )


def streets(text: str) -> list[Mention]:
    """Street and road names (data/places_streets.yaml): "Main Street", "Highway 108"."""
    return [
        Mention(start=m.start(), end=m.end(), text=m.group(), kind="street", source="street")
        for m in _street_pattern().finditer(text)
        if m.group().split()[0] not in ("The", "In", "On", "At", "From", "A")
    ]


def person_names(doc: Any, gaz: Gazetteer) -> frozenset[str]:
    """First and last names of the multi-word PERSON entities of the article; a last name
    that is a country is NER's mistake ("Rethinking Egypt"), not a surname."""
    names: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            names.add(ent[0].text)
            if not any(gaz.levels[e] == COUNTRY for e in gaz.lookup(ent[-1].text)):
                names.add(ent[-1].text)
    return frozenset(names)


def _is_person_name(mention: Mention, people: frozenset[str]) -> bool:
    """A name the article also gives a person ("Andrew Trapani" ... "Trapani's film") is
    that person elsewhere too, unless a place word or "in"/"near" says otherwise."""
    if mention.kind != "place" or mention.text not in people:
        return False
    return mention.head is None and "strong" not in mention.cues


_WORD_CHAR = re.compile(r"\w")
#: A capitalised word right before / after a name: the name is part of a longer one
#: ("West Virginia" for "Virginia", "Georgia Stevens" for "Georgia").
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.'’-]*[ -]$")
_CAPITALISED_AFTER = re.compile(r"[ -][A-Z]")


def _repeats(text: str, mentions: list[Mention], people: frozenset[str]) -> list[Mention]:
    """Other occurrences of names already recognised as places ("one sense per discourse":
    NER tags "Aleppo" GPE in one sentence and NORP or nothing in the next); not for names
    the article also gives a person."""
    taken = sorted((m.start, m.end) for m in mentions)
    found: list[Mention] = []
    for name in {m.text for m in mentions if m.kind == "place"} - people:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            boundary = (start == 0 or not _WORD_CHAR.match(text[start - 1])) and (
                end >= len(text) or not _WORD_CHAR.match(text[end])
            )
            alone = not _CAPITALISED_BEFORE.search(text, 0, start) and not (
                _CAPITALISED_AFTER.match(text, end)
            )
            if boundary and alone and not any(s < end and start < e for s, e in taken):
                found.append(Mention(start=start, end=end, text=name, source="repeat"))
            start = text.find(name, end)
    return found


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longer of two overlapping mentions (input sorted by start)."""
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _link_containers(text: str, mentions: list[Mention]) -> None:
    """"Alexandria, La." / "Kabul, Afghanistan": the second name contains the first."""
    for first, second in zip(mentions, mentions[1:], strict=False):
        if text[first.end : second.start] in (", ", ","):
            first.container = second.text
