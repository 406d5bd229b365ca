"""actors stage: map mentions of groups and people to canonical conflict actors.

Sources of mentions, in order of trust:
1. aliases and acronyms from data/actors.yaml (outlets from data/outlets.yaml are excluded:
   an outlet is a source, never a party);
2. organisations the NER model finds that name an armed or state body (an army, a front,
   a militia) but are not in the dictionary: added as new actors, kind inferred from the name;
3. country adjectives before words for military means ("an Israeli airstrike"): the state's
   armed forces; generic force nouns ("police", "troops") as the forces of the article's
   country (data/state_forces.yaml);
4. people (NER PERSON), with a role and a side from the words around their first mention
   ("Taliban spokesperson Zabihullah Mujahid", "X, a spokesman for the RSF", "the NRF, led by
   … Ahmad Massoud") or from the dictionary's known people;
5. role nouns ("the militant group", "the resistant group") resolved to the most recently
   mentioned actor whose tags match (data/role_nouns.yaml).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from contested.actor_dictionary import Dictionary, load_dictionary
from contested.lexicon import load_yaml
from contested.model import Actor, ActorMention, Document, Person
from contested.outlets import find_outlets
from contested.pipeline import Stage
from contested.toponyms import demonyms

#: How far back (characters) a role noun looks for the actor it stands for: about two
#: paragraphs of wire copy. Beyond that the most-mentioned matching actor is used instead.
ROLE_LOOKBACK = 1500

#: Words in an unknown organisation's name that make it an armed or state actor, with the
#: ACLED-style kind they suggest.
_ARMED_NAME = re.compile(
    r"\b(?:(?P<state>army|armed forces|police|military|gendarmerie|navy|air force|guard)"
    r"|(?P<militia>militia|militias|self-defen[cs]e)"
    r"|(?P<rebel>front|brigades?|battalions?|liberation|movement|rebels|insurgents|mujahideen))\b",
    re.IGNORECASE,
)

_LED_BY = re.compile(r"\bled by\b", re.IGNORECASE)


def find_actors(document: Document) -> Document:
    """Fill actor_mentions, actors and people."""
    lex = load_dictionary()
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in find_outlets(document.text)]
    mentions = _alias_mentions(document.text, lex, taken)
    taken += [(m.start, m.end) for m in mentions]
    mentions += _organisation_mentions(document, taken)
    mentions += _demonym_mentions(document, lex, taken)
    taken += [(m.start, m.end) for m in mentions]
    mentions += _state_force_mentions(document, lex, mentions, taken)
    taken += [(m.start, m.end) for m in mentions]
    people, person_mentions = _people(document, lex, mentions, taken)
    taken += [(m.start, m.end) for m in person_mentions]
    mentions += person_mentions
    mentions += _role_mentions(document.text, lex, mentions, taken)
    mentions.sort(key=lambda m: m.start)
    document.actor_mentions = mentions
    document.people = people
    document.actors = _actors(document, lex, mentions)
    return document


def _iter(regex: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    return list(regex.finditer(text)) if regex is not None else []


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _alias_mentions(text: str, lex: Dictionary, taken: list[tuple[int, int]]) -> list[ActorMention]:
    found: list[ActorMention] = []
    for regex, via in ((lex.alias_regex, "alias"), (lex.acronym_regex, "acronym")):
        for match in _iter(regex, text):
            actor = lex.actor_for_alias(re.sub(r"\s+", " ", match.group()))
            if actor is None or _overlaps(match.start(), match.end(), taken):
                continue
            if _overlaps(match.start(), match.end(), [(m.start, m.end) for m in found]):
                continue
            found.append(
                ActorMention(
                    actor=actor, start=match.start(), end=match.end(), text=match.group(), via=via
                )
            )
    return found


def _organisation_mentions(document: Document, taken: list[tuple[int, int]]) -> list[ActorMention]:
    """NER organisations whose names say they are armed or state bodies."""
    found = []
    for entity in document.entities:
        if entity.label != "ORG" or _overlaps(entity.start, entity.end, taken):
            continue
        if _ARMED_NAME.search(entity.text):
            name = re.sub(r"^(?:the)\s+", "", entity.text, flags=re.IGNORECASE)
            found.append(
                ActorMention(actor=name, start=entity.start, end=entity.end, text=entity.text)
            )
    return found


def _demonym_mentions(
    document: Document, lex: Dictionary, taken: list[tuple[int, int]]
) -> list[ActorMention]:
    """A country adjective before a word for military means ("an Israeli airstrike",
    "Russian shelling") names that country's armed forces, as ACLED codes such events."""
    if lex.means_regex is None:
        return []
    codes = demonyms()
    found = []
    for toponym in document.toponyms:
        if toponym.kind != "demonym" or _overlaps(toponym.start, toponym.end, taken):
            continue
        actor = lex.forces_of.get(codes.get(toponym.text, ""))
        if actor and lex.means_regex.match(document.text, toponym.end):
            found.append(
                ActorMention(
                    actor=actor,
                    start=toponym.start,
                    end=toponym.end,
                    text=toponym.text,
                    via="demonym",
                )
            )
    return found


def _state_force_mentions(
    document: Document, lex: Dictionary, mentions: list[ActorMention], taken: list[tuple[int, int]]
) -> list[ActorMention]:
    """Generic force nouns ("police", "troops") as the forces of the article's country."""
    country = _home_country(document)
    if country is None:
        return []
    code, name = country
    found = []
    for kind, regex in _state_force_patterns():
        actor = (lex.forces_of.get(code) if kind == "military" else None) or (
            f"{'Police' if kind == 'police' else 'Military'} Forces of {name}"
        )
        for match in regex.finditer(document.text):
            start, end = match.span()
            if _overlaps(start, end, taken) or any(start - 2 <= m.end <= start for m in mentions):
                continue
            found.append(ActorMention(actor=actor, start=start, end=end, text=match.group()))
    return found


@cache
def _state_force_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (kind, re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, nouns))})(?![\w-])", re.I))
        for kind, nouns in load_yaml("state_forces").items()
    )


def _home_country(document: Document) -> tuple[str, str] | None:
    """The country most place mentions lie in, if one holds a strict majority of them."""
    counts: Counter[tuple[str, str]] = Counter()
    for place in document.places:
        if place.country_code and place.country:
            counts[(place.country_code, place.country)] += len(place.evidence)
    if not counts:
        return None
    (country, top), total = counts.most_common(1)[0], sum(counts.values())
    return country if top * 2 > total else None


def _people(
    document: Document, lex: Dictionary, mentions: list[ActorMention], taken: list[tuple[int, int]]
) -> tuple[list[Person], list[ActorMention]]:
    """People named in the text, their role and side, and every mention of them."""
    place_spans = [(e.start, e.end) for p in document.places for e in p.evidence]
    people: dict[str, Person] = {}
    surname_of: dict[str, str] = {}
    person_mentions: list[ActorMention] = []
    for entity in document.entities:
        if entity.label != "PERSON" or _overlaps(entity.start, entity.end, taken + place_spans):
            continue
        name = entity.text.strip()
        canonical = _canonical_person(name, people, surname_of)
        if canonical is None:
            if len(name.split()) < 2 and name not in lex.people:
                continue  # a lone word that is no known person's surname: too weak to keep
            known_side, known_role = lex.people.get(name, (None, None))
            role, side = _role_in_context(document, entity.start, entity.end, lex, mentions)
            person = Person(name=name, role=role or known_role or None, side=side or known_side)
            people[name] = person
            # The first person with a surname keeps it: a later "Massoud" most often means
            # the Massoud the article is about, not a relative named once in passing.
            surname_of.setdefault(name.split()[-1], name)
            canonical = name
        person = people[canonical]
        person.evidence.append(document.span(entity.start, entity.end))
        if person.side:
            person_mentions.append(
                ActorMention(
                    actor=person.side,
                    start=entity.start,
                    end=entity.end,
                    text=entity.text,
                    via="person",
                )
            )
    return list(people.values()), person_mentions


def _canonical_person(
    name: str, people: dict[str, Person], surname_of: dict[str, str]
) -> str | None:
    """An earlier person this mention refers to ("Massoud" after "Ahmad Massoud").

    Only a lone surname is merged: "Ahmad Shah Massoud" after "Ahmad Massoud" is another man.
    """
    if name in people:
        return name
    if len(name.split()) == 1:
        return surname_of.get(name)
    return None


def _role_in_context(
    document: Document, start: int, end: int, lex: Dictionary, mentions: list[ActorMention]
) -> tuple[str | None, str | None]:
    """Role and side from the words before the name, an apposition after it, or "led by"."""
    sentence = document.sentence_of(start)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (0, len(document.text))
    before = document.text[max(s_start, start - 60) : start]
    after = document.text[end : min(s_end, end + 80)]
    # A role word counts only inside the name's own noun phrase: no comma between them
    # ("Mujahideen commander, Ahmad Massoud" names two people, not Massoud's role).
    role_before = _role_word(before.rsplit(",", 1)[-1].split()[-4:], lex)
    if role_before:
        phrase_start = start - len(before) + before.rfind(role_before.split()[0])
        actor = _actor_between(mentions, phrase_start - 40, start)
        role_text = _trim_role(
            document.text[_role_phrase_start(mentions, phrase_start, start) : start]
        )
        return role_text or role_before, actor
    apposition = re.match(r",\s+(?:the\s+|a\s+|an\s+)?([^,.;]{3,70})", after)
    if apposition and _role_word(apposition.group(1).split()[:4], lex):
        a_start = end + apposition.start(1)
        a_end = end + apposition.end(1)
        return apposition.group(1).strip(), _actor_between(mentions, a_start, a_end)
    led = _LED_BY.search(document.text, s_start, start)
    if led:
        actor = _actor_between(mentions, s_start, led.start())
        if actor:
            return "leader", actor
    return None, None


def _role_word(words: list[str], lex: Dictionary) -> str | None:
    for word in reversed(words):
        cleaned = word.strip(",.;:()\"'“”").casefold()
        if cleaned in lex.person_roles:
            return word.strip(",.;:()\"'“”")
    return None


def _role_phrase_start(mentions: list[ActorMention], role_start: int, name_start: int) -> int:
    """Start the role phrase at an actor mention just before the role word, if there is one."""
    for mention in mentions:
        if role_start - 40 <= mention.start < role_start and mention.end <= name_start:
            return mention.start
    return role_start


def _trim_role(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,"), flags=re.IGNORECASE).strip()


def _actor_between(mentions: list[ActorMention], start: int, end: int) -> str | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.via != "person"]
    return inside[-1].actor if inside else None


def _role_mentions(
    text: str, lex: Dictionary, mentions: list[ActorMention], taken: list[tuple[int, int]]
) -> list[ActorMention]:
    """Role nouns resolved to the latest matching actor before them, else the most mentioned."""
    counts = Counter(m.actor for m in mentions)
    found: list[ActorMention] = []
    for noun in lex.role_nouns:
        if noun.relation is not None:
            continue  # opponent nouns need the speaker: the claims stage resolves them
        for match in noun.regex.finditer(text):
            if _overlaps(match.start(), match.end(), taken + [(m.start, m.end) for m in found]):
                continue
            actor = _resolve_role(lex, noun.tags, mentions, match.start(), counts)
            if actor is not None:
                found.append(
                    ActorMention(
                        actor=actor,
                        start=match.start(),
                        end=match.end(),
                        text=match.group(),
                        via="role",
                    )
                )
    return found


def _resolve_role(
    lex: Dictionary,
    tags: frozenset[str],
    mentions: list[ActorMention],
    at: int,
    counts: Counter[str],
) -> str | None:
    def matches(actor: str) -> bool:
        entry = lex.actors.get(actor)
        return entry is not None and bool(entry.tags & tags)

    recent = [m for m in mentions if at - ROLE_LOOKBACK <= m.end <= at and matches(m.actor)]
    if recent:
        return max(recent, key=lambda m: m.end).actor
    ranked = [a for a, _ in counts.most_common() if matches(a)]
    return ranked[0] if ranked else None


def _actors(document: Document, lex: Dictionary, mentions: list[ActorMention]) -> list[Actor]:
    """One Actor per canonical name, in order of first mention, with its surface forms."""
    actors: dict[str, Actor] = {}
    for mention in mentions:
        if mention.via == "person":
            continue
        entry = lex.actors.get(mention.actor)
        actor = actors.get(mention.actor)
        if actor is None:
            actor = Actor(
                name=mention.actor,
                short=entry.short if entry else None,
                kind=entry.kind if entry else _kind_from_name(mention.actor),
                country_code=entry.country if entry else None,
            )
            actors[mention.actor] = actor
        if mention.text not in actor.mentions:
            actor.mentions.append(mention.text)
        actor.evidence.append(document.span(mention.start, mention.end))
    return list(actors.values())


def _kind_from_name(name: str) -> str:
    match = _ARMED_NAME.search(name)
    if match is None:
        return "other"
    return next(kind for kind, value in match.groupdict().items() if value)


STAGE = Stage(
    name="actors",
    run=find_actors,
    reads=frozenset({"text", "entities", "sentences", "places", "toponyms"}),
    writes=frozenset({"actors", "actor_mentions", "people"}),
)
