"""The actor dictionary (data/actors.yaml) and outlet list (data/outlets.yaml), compiled once.

Matching is by regular expressions built once per process: all-caps aliases (acronyms such as
NRF, RSF) match case-sensitively so that ordinary words are not mistaken for them; every other
alias matches case-insensitively. Longer aliases win over shorter overlapping ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from contested.lexicon import load_lexicon, load_yaml


@dataclass(frozen=True)
class ActorEntry:
    name: str
    kind: str
    short: str | None
    country: str | None
    aliases: tuple[str, ...]
    tags: frozenset[str]
    opponents: tuple[str, ...]
    people: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class RoleNoun:
    regex: re.Pattern[str]
    tags: frozenset[str]
    relation: str | None


@dataclass(frozen=True)
class Dictionary:
    actors: dict[str, ActorEntry]
    alias_to_actor: dict[str, str]
    acronym_regex: re.Pattern[str] | None
    alias_regex: re.Pattern[str] | None
    outlet_regex: re.Pattern[str] | None
    outlet_names: dict[str, str]
    role_nouns: tuple[RoleNoun, ...]
    people: dict[str, tuple[str, str]]  # full name -> (actor, role)
    person_roles: frozenset[str]
    forces_of: dict[str, str]  # ISO country code -> that state's armed forces
    means_regex: re.Pattern[str] | None  # military means after a country adjective

    def actor_for_alias(self, surface: str) -> str | None:
        """Canonical actor for a matched alias (acronyms exact, others case-folded)."""
        return self.alias_to_actor.get(surface) or self.alias_to_actor.get(surface.casefold())

    def outlet_for(self, surface: str) -> str | None:
        """Canonical outlet name for a matched outlet alias."""
        return self.outlet_names.get(surface) or self.outlet_names.get(surface.casefold())


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 8


#: Average aliases per first letter from which `_alternation` groups them by that letter:
#: Python's regex engine tries every alternative at every word start, and a group whose
#: letter does not match is skipped at once. Measured on PolNeAR dev (84 articles): the 242
#: actor names (11 a letter) 1.18 -> 0.30 ms an article; the 44 acronyms (3 a letter) got
#: slower, 0.10 -> 0.17 ms, so small lists stay flat.
GROUP_BY_LETTER = 8


def _alternation(aliases: list[str]) -> str:
    ordered = sorted(set(aliases), key=len, reverse=True)
    escaped = [re.escape(a).replace(r"\ ", r"\s+") for a in ordered]
    groups: dict[str, list[str]] = {}
    for alias, pattern in zip(ordered, escaped, strict=True):
        groups.setdefault(alias[:1].lower(), []).append(pattern)
    # Only one group can match at a position (distinct ASCII letters or digits never match
    # the same character, in any case), and each keeps its aliases' order: the same matches.
    if len(ordered) < GROUP_BY_LETTER * len(groups) or not all(
        key.isascii() and key.isalnum() for key in groups
    ):
        return "|".join(escaped)
    return "|".join(f"(?=[{k}{k.upper()}])(?:{'|'.join(v)})" for k, v in groups.items())


def _compile(aliases: list[str], flags: int = 0) -> re.Pattern[str] | None:
    if not aliases:
        return None
    return re.compile(rf"(?<![\w-])(?:{_alternation(aliases)})(?![\w-])", flags)


@cache
def load_dictionary() -> Dictionary:
    """Read and compile actors.yaml, outlets.yaml, role_nouns.yaml and person_roles.txt."""
    actors: dict[str, ActorEntry] = {}
    alias_to_actor: dict[str, str] = {}
    acronyms: list[str] = []
    others: list[str] = []
    people: dict[str, tuple[str, str]] = {}
    for raw in load_yaml("actors"):
        aliases = tuple(dict.fromkeys([raw["name"], *(raw.get("aliases") or [])]))
        entry = ActorEntry(
            name=raw["name"],
            kind=raw.get("kind", "other"),
            short=raw.get("short"),
            country=raw.get("country"),
            aliases=aliases,
            tags=frozenset(raw.get("tags") or []),
            opponents=tuple(raw.get("opponents") or []),
            people=tuple((p["name"], p.get("role", "")) for p in raw.get("people") or []),
        )
        actors[entry.name] = entry
        for alias in aliases:
            if _is_acronym(alias):
                alias_to_actor[alias] = entry.name
                acronyms.append(alias)
            else:
                alias_to_actor[alias.casefold()] = entry.name
                others.append(alias)
        for name, role in entry.people:
            people[name] = (entry.name, role)

    outlet_names: dict[str, str] = {}
    outlet_aliases: list[str] = []
    for raw in load_yaml("outlets"):
        for alias in [raw["name"], *(raw.get("aliases") or [])]:
            outlet_names[alias if _is_acronym(alias) else alias.casefold()] = raw["name"]
            outlet_aliases.append(alias)
    # Outlet names match in any case, outlet acronyms (AP, AFP) only as written.
    outlet_words = [a for a in outlet_aliases if not _is_acronym(a)]
    outlet_acronyms = [a for a in outlet_aliases if _is_acronym(a)]
    parts = [f"(?i:{_alternation(outlet_words)})"] if outlet_words else []
    parts += [_alternation(outlet_acronyms)] if outlet_acronyms else []
    outlet_regex = re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])") if parts else None

    role_nouns = tuple(
        RoleNoun(
            regex=re.compile(rf"(?<![\w-])(?:{r['pattern']})(?![\w-])", re.IGNORECASE),
            tags=frozenset(r.get("tags") or []),
            relation=r.get("relation"),
        )
        for r in load_yaml("role_nouns")
    )
    forces_of: dict[str, str] = {}
    for entry in actors.values():
        if entry.country and "military" in entry.tags and entry.kind in ("state", "external"):
            forces_of.setdefault(entry.country, entry.name)
    means = sorted(load_lexicon("military_means"), key=len, reverse=True)
    return Dictionary(
        actors=actors,
        alias_to_actor=alias_to_actor,
        acronym_regex=_compile(acronyms),
        alias_regex=_compile(others, re.IGNORECASE),
        outlet_regex=outlet_regex,
        outlet_names=outlet_names,
        role_nouns=role_nouns,
        people=people,
        person_roles=load_lexicon("person_roles"),
        forces_of=forces_of,
        means_regex=re.compile(rf"[\s-]+(?:{_alternation(means)})(?![\w-])", re.IGNORECASE)
        if means
        else None,
    )
