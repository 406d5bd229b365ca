"""Resolve an attribution's source span to a speaker: name, role, side, or a news outlet.

Sources come as the text annotators mark ("he", "spokesman for the NRF", "Taliban
spokesperson Zabihullah Mujahid", "who"). What the text allows is resolved:
- a person named in the source is looked up in `document.people` (role and side from the
  actors stage) or taken from the NER;
- actors named inside the source give the side ("spokesman for the NRF" → NRF);
- "he"/"she"/"I" take the most recent earlier speaker who is a person, "they"/"we"/"it" the
  most recent group (or outlet); "who"/"which" take the noun the clause modifies;
- a bare role noun ("the spokesman") takes the most recent speaker with that role noun whose
  side does not conflict; otherwise it stays a role without a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from contested.actor_dictionary import load_dictionary
from contested.model import Document, Person
from contested.outlets import OutletMention

SpeakerKind = Literal["person", "group", "outlet", "unknown"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "his"})
GROUP_PRONOUNS = frozenset({"they", "we", "it", "them", "its", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_EDGE = re.compile(r"^[\s,;:()\-–—]+|[\s,;:()\-–—]+$")


@dataclass(frozen=True)
class Speaker:
    """Who a claim is attributed to. `outlet` is set when a news outlet itself is the source."""

    name: str | None = None
    role: str | None = None
    side: str | None = None
    outlet: str | None = None
    kind: SpeakerKind = "unknown"
    #: Resolved from earlier text (pronoun, relative pronoun or bare role noun).
    anaphoric: bool = False

    def same_as(self, other: Speaker) -> bool:
        """Whether two speakers are the same person, group or outlet."""
        if self.name and other.name:
            return self.name == other.name
        return bool(self.role and self.role == other.role and self.side == other.side)


@dataclass(frozen=True)
class Said:
    """A speaker at a position in the text (the history pronouns are resolved against)."""

    offset: int
    speaker: Speaker


def resolve(
    document: Document,
    source: tuple[int, int] | None,
    history: list[Said],
    outlets: list[OutletMention],
) -> Speaker:
    """The speaker behind a source span, given the speakers already met before it."""
    if source is None:
        return Speaker()
    start, end = source
    text = _clean(document.text[start:end])
    low = text.lower()
    outlet = _outlet_source(document, start, end, outlets)
    if outlet is not None:
        return Speaker(name=outlet, outlet=outlet, kind="outlet")
    if low in RELATIVE_PRONOUNS:
        head = _relative_head(document, start)
        if head is not None:
            return replace(resolve(document, head, history, outlets), anaphoric=True)
        return Speaker()
    if low in PERSON_PRONOUNS:
        return _antecedent(document, start, history, ("person",))
    if low in GROUP_PRONOUNS:
        return _antecedent(document, start, history, ("group", "outlet"))
    return _named(document, start, end, text, history)


def _clean(text: str) -> str:
    return _EDGE.sub("", text)


def _outlet_source(
    document: Document, start: int, end: int, outlets: list[OutletMention]
) -> str | None:
    """The outlet a source span names, when the span is (little more than) that outlet."""
    for mention in outlets:
        if start <= mention.start and mention.end <= end:
            rest = document.text[start:mention.start] + document.text[mention.end : end]
            if not re.search(r"[A-Za-z]{3,}", _DETERMINER.sub("", _clean(rest))):
                return mention.name
            if re.fullmatch(r"\s*(?:the\s+)?", rest.split(",")[0], re.IGNORECASE):
                return mention.name  # "Reuters, citing sources," — an apposition after it
    return None


def _relative_head(document: Document, start: int) -> tuple[int, int] | None:
    """Span of the noun a relative clause ("…, who said") modifies."""
    doc = document._spacy
    if doc is None:
        return None
    tok = next((t for t in doc if t.idx == start), None)
    if tok is None or tok.head.dep_ != "relcl":
        return None
    noun = tok.head.head
    toks = [t for t in noun.subtree if t.i <= noun.i]
    return (toks[0].idx, noun.idx + len(noun.text))


def _antecedent(
    document: Document, offset: int, history: list[Said], kinds: tuple[str, ...]
) -> Speaker:
    """The most recent earlier speaker of a compatible kind, else the latest person/actor
    mentioned before `offset`."""
    for said in reversed(history):
        if said.offset < offset and said.speaker.kind in kinds:
            return replace(said.speaker, anaphoric=True)
    if "person" in kinds:
        person = _latest_person(document, offset)
        if person is not None:
            return replace(person, anaphoric=True)
    else:
        before = [m for m in document.actor_mentions if m.end <= offset and m.via != "person"]
        if before:
            actor = before[-1].actor
            return Speaker(name=actor, side=actor, kind="group", anaphoric=True)
    return Speaker(anaphoric=True)


def _latest_person(document: Document, offset: int) -> Speaker | None:
    best: tuple[int, Speaker] | None = None
    for person in document.people:
        for ev in person.evidence:
            if ev.end <= offset and (best is None or ev.start > best[0]):
                best = (ev.start, Speaker(person.name, person.role, person.side, kind="person"))
    if best is None:
        ents = [e for e in document.entities if e.label == "PERSON" and e.end <= offset]
        if ents:
            return Speaker(name=_full_name(document, ents[-1].text, offset), kind="person")
        return None
    return best[1]


def _named(
    document: Document, start: int, end: int, text: str, history: list[Said]
) -> Speaker:
    """A source that names a person, a role or a group."""
    person = _person_in(document, start, end, text)
    side = _side_in(document, start, end)
    role_word = _role_word(text)
    if person is not None:
        name, role, person_side = person
        own_role = _role_phrase(text, name) if role_word else None
        return Speaker(name, own_role or role, side or person_side, kind="person")
    if role_word:
        role = _role_phrase(text, None)
        for said in reversed(history):  # "the spokesman" → the spokesman named before
            prior = said.speaker
            if (
                said.offset < start
                and prior.kind == "person"
                and prior.name
                and role_word in (prior.role or "").lower()
                and (side is None or prior.side in (None, side))
            ):
                return Speaker(prior.name, prior.role, prior.side or side, kind="person",
                               anaphoric=True)
        return Speaker(None, role, side, kind="person")
    if side is not None:
        return Speaker(side, None, side, kind="group")
    return Speaker(_DETERMINER.sub("", text) or None, kind="unknown")


def _person_in(
    document: Document, start: int, end: int, text: str
) -> tuple[str, str | None, str | None] | None:
    """(name, role, side) of a person named inside the source span: a full name, else a
    surname, preferring the person the actors stage placed in this span, then the latest one
    mentioned before it."""
    full = [p for p in document.people if p.name in text]
    surname = [
        p for p in document.people if re.search(rf"\b{re.escape(p.name.split()[-1])}\b", text)
    ]

    def rank(person: Person) -> tuple[bool, int]:
        inside = any(start <= ev.start < end for ev in person.evidence)
        before = [ev.start for ev in person.evidence if ev.start < start]
        return inside, max(before, default=-1)

    candidates = full or surname
    if candidates:
        best = max(candidates, key=rank)
        return best.name, best.role, best.side
    for ent in document.entities:
        if ent.label == "PERSON" and start <= ent.start and ent.end <= end:
            return _full_name(document, ent.text, ent.start), None, None
    return None


def _full_name(document: Document, name: str, offset: int) -> str:
    """A surname alone ("Massoud") completed from an earlier full mention ("Ahmad Massoud")."""
    if " " in name:
        return name
    earlier = [
        e.text
        for e in document.entities
        if e.label == "PERSON" and e.end <= offset and e.text.split()[-1] == name and " " in e.text
    ]
    return earlier[-1] if earlier else name


def _side_in(document: Document, start: int, end: int) -> str | None:
    """The actor a source span names ("Taliban spokesperson", "spokesman for the NRF")."""
    inside = [m for m in document.actor_mentions if start <= m.start and m.end <= end]
    named = [m for m in inside if m.via != "person"]
    chosen = named or inside
    return chosen[0].actor if chosen else None


def _role_word(text: str) -> str | None:
    """The role noun in a source ("spokesperson", "leader", "commander"), if any."""
    roles = load_dictionary().person_roles
    words = re.findall(r"[a-z]+", text.lower())
    bigrams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return next((w for w in (*bigrams, *words) if w in roles), None)


def _role_phrase(text: str, name: str | None) -> str | None:
    """The role part of a source: the source minus the person's name, tidied."""
    rest = text
    if name:
        for part in (name, name.split()[-1]):
            rest = rest.replace(part, " ")
    rest = _clean(re.sub(r"\s+", " ", rest))
    rest = _DETERMINER.sub("", rest)
    return rest or None

