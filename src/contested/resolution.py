"""Toponym resolution: choose one gazetteer entry per place name of an article, or abstain.

Mentions with the same name are one place ("one sense per discourse"). Each candidate entry
is scored on its own (kind of place, population, whether the name is its main name) plus
what the rest of the article says: the countries and first-level subdivisions that its other
places resolve to (a Louisiana parish makes "Alexandria" the Louisiana town, Afghan provinces
make "Jabul-Saraj" the Afghan town), a place word next to the name ("Shotul district"), and a
containing name after a comma ("Fargo, N.D."). Votes and choices are recomputed twice, so an
unambiguous name settles the context for the ambiguous ones.

Names the gazetteer does not list exactly are matched fuzzily (gazetteer.fuzzy_lookup) inside
the countries the article is about. With no candidate at all the place stays unresolved.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from contested.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    FEATURES,
    REGION,
    Gazetteer,
    country_name_count,
    fuzzy_lookup,
    normalise,
)
from contested.toponyms import Mention

#: The weights below were set by hand, then checked with a one-at-a-time sweep on the LGL
#: and TR-News dev sets (population, country, admin1, capital and support weights, each at
#: about half and one and a half times its value): no change moved accuracy@161 km by more
#: than a point on either set, so the values are not fitted to them.
#:
#: Prior weight of each kind of entry. News names countries and states far more often than
#: the many small towns sharing their names; districts are mostly named with their place word
#: ("Shotul district"), which earns them HEAD_WEIGHT. A continent or world region has no
#: population in the gazetteer: its 6 matches a country's prior at a million people, so
#: "Asia" or "Middle East" beats a village of that name.
LEVEL_WEIGHT = {COUNTRY: 3.0, REGION: 6.0, ADMIN1: 2.0, CITY: 1.0, ADMIN2: 0.5}
#: Per power of ten of population (a 1M city gets 3 over a 1k village's 1.5).
POP_WEIGHT = 0.5
#: The name is the entry's main name rather than one of its aliases.
PRIMARY_WEIGHT = 0.5
#: Full share of the article's other places lying in the candidate's country.
COUNTRY_WEIGHT = 3.0
#: Another place of the article is (or lies in) the candidate's first-level subdivision.
ADMIN1_WEIGHT = 2.0
#: A place word next to the name names the candidate's kind ("Parwan province").
HEAD_WEIGHT = 2.5
#: "X, Y": the candidate lies in a place named Y.
CONTAINER_WEIGHT = 4.0
#: Fuzzy matches start below exact ones.
FUZZY_PENALTY = 1.0
#: A national capital (data/places_capitals.yaml): "Moscow", "Washington" in the news.
CAPITAL_WEIGHT = 2.0
#: Per other name of the article with a candidate within SUPPORT_KM (at most two count):
#: names that can sit together usually do ("Paris" and "Henry County" → Tennessee).
SUPPORT_WEIGHT = 1.5
SUPPORT_KM = 50.0
#: Countries with at most this many places accept a fuzzy match on country context alone
#: (Afghanistan: ~750; Germany ~12k and the US ~25k need a same-state place as well: there,
#: "Lanexa" is likelier a village missing from the gazetteer than a misspelt "Lenexa").
FUZZY_OPEN_MAX = 5000
#: A country counts as a context country for fuzzy look-up with this share of the votes.
CONTEXT_SHARE = 0.2
#: A name only context makes a place (Mention.needs_context) must be a town at least this
#: big in a state the article's other places are in: every US state has hamlets named
#: Lincoln, Jones or Bell, while the local paper's "Gainesville Police" is a real town's.
TENTATIVE_MIN_POPULATION = 5000

_HEAD_LEVELS = {"province": {ADMIN1}, "district": {ADMIN2}, "city": {CITY}, "other": set()}


@dataclass
class Group:
    """All mentions of one name, its candidate entries and the current choice."""

    key: str
    mentions: list[Mention]
    candidates: list[int] = field(default_factory=list)
    fuzzy: bool = False
    choice: int | None = None
    score: float = 0.0
    #: candidate → how many other names have a candidate near it (see SUPPORT_WEIGHT)
    support: dict[int, int] = field(default_factory=dict)

    @property
    def tentative(self) -> bool:
        """Every mention needs the article's context to count (Mention.needs_context)."""
        return all(m.needs_context for m in self.mentions)

    @property
    def heads(self) -> set[str]:
        return {m.head for m in self.mentions if m.head}

    @property
    def containers(self) -> set[str]:
        return {m.container for m in self.mentions if m.container}


def resolve(mentions: list[Mention], gaz: Gazetteer) -> list[Group]:
    """Group mentions by name and choose an entry for each group (None: abstained)."""
    groups: dict[str, Group] = {}
    for mention in mentions:
        key = mention.key
        if mention.kind in ("demonym", "street"):
            key = f"{mention.kind}:{mention.country or mention.key}"
        groups.setdefault(key, Group(key=key, mentions=[]))
        groups[key].mentions.append(mention)
    for group in groups.values():
        group.candidates = _candidates(group, gaz)
    _support(list(groups.values()), gaz)
    for _ in range(2):
        votes = _votes(groups.values(), gaz)
        for group in groups.values():
            _choose(group, gaz, votes)
    votes = _votes(groups.values(), gaz)
    for group in groups.values():
        if group.tentative:
            group.candidates = _in_context_admin1(group.candidates, gaz, votes, group.key)
            _choose(group, gaz, votes)
    context = _context_countries(votes[0], gaz)
    for group in groups.values():
        if not group.candidates and not group.tentative and group.mentions[0].kind != "street":
            group.candidates = _corroborated(
                fuzzy_lookup(gaz, group.mentions[0].text, context), gaz, votes, group.key
            )
            group.fuzzy = bool(group.candidates)
            _choose(group, gaz, votes)
    return list(groups.values())


def _in_context_admin1(found: list[int], gaz: Gazetteer, votes: Votes, key: str) -> list[int]:
    """Towns of TENTATIVE_MIN_POPULATION in a first-level subdivision that the article's
    other places are in."""
    kept = []
    for entry in found:
        a1 = int(gaz.admin1_ids[entry])
        big = gaz.populations[entry] >= TENTATIVE_MIN_POPULATION
        if gaz.levels[entry] == CITY and big and a1 >= 0 and _share(votes[1], key, a1) > 0:
            kept.append(entry)
    return kept


def _corroborated(found: list[int], gaz: Gazetteer, votes: Votes, key: str) -> list[int]:
    """Fuzzy candidates that the article backs up: in a country with few places (a
    transliteration variant there is rarely another place), or in the same first-level
    subdivision as another of the article's places."""
    admin1s = votes[1]
    kept = []
    for entry in found:
        a1 = entry if gaz.levels[entry] == ADMIN1 else int(gaz.admin1_ids[entry])
        small = country_name_count(gaz, gaz.codes[entry]) <= FUZZY_OPEN_MAX
        if small or (a1 >= 0 and _share(admin1s, key, a1) > 0):
            kept.append(entry)
    return kept


def _candidates(group: Group, gaz: Gazetteer) -> list[int]:
    first = group.mentions[0]
    if first.kind == "street":
        return []
    if first.kind == "demonym":
        entry = gaz.country_entry(first.country or "")
        return [entry] if entry is not None else []
    found = list(gaz.lookup(first.text))
    # A city and the area around it that shares its name ("Kabul"): the name means the city
    # unless a place word says province or district.
    if not group.heads & {"province", "district"}:
        cities = [e for e in found if gaz.levels[e] == CITY]
        found = [
            e for e in found
            if gaz.levels[e] not in (ADMIN1, ADMIN2) or not any(gaz.in_area(c, e) for c in cities)
        ]
    return found


Votes = tuple[Counter, Counter]


def _votes(groups: object, gaz: Gazetteer) -> Votes:
    """Country and admin1 votes of every group's current (or best prior) choice."""
    countries: Counter = Counter()
    admin1s: Counter = Counter()
    for group in groups:  # type: ignore[attr-defined]
        if group.tentative:
            continue  # no say in the context it has to be confirmed by
        entry = group.choice
        if entry is None and group.candidates:
            entry = max(group.candidates, key=lambda e: _prior(gaz, e, group.key))
        if entry is None:
            continue
        if gaz.levels[entry] == REGION:
            continue  # a continent is no country context
        codes = {gaz.codes[e] for e in group.candidates}
        weight = len(group.mentions) * (1.0 if len(codes) == 1 else 0.5)
        countries[group.key, gaz.codes[entry]] += weight
        a1 = entry if gaz.levels[entry] == ADMIN1 else int(gaz.admin1_ids[entry])
        if a1 >= 0:
            admin1s[group.key, a1] += weight
    return countries, admin1s


def _support(groups: list[Group], gaz: Gazetteer) -> None:
    """Count, for each town or district candidate, the other names with a town or district
    candidate within SUPPORT_KM of it."""
    points = []
    for group in groups:
        local = [e for e in group.candidates if gaz.levels[e] in (CITY, ADMIN2)]
        ids = np.array(local, dtype=np.int64)
        points.append((ids, np.radians(gaz.lats[ids]), np.radians(gaz.lons[ids])))
    for a, (ids_a, lat_a, lon_a) in enumerate(points):
        if not len(ids_a):
            continue
        count = np.zeros(len(ids_a), dtype=np.int64)
        for b, (ids_b, lat_b, lon_b) in enumerate(points):
            if a == b or not len(ids_b):
                continue
            km = _km(lat_a[:, None], lon_a[:, None], lat_b[None, :], lon_b[None, :])
            count += ((km <= SUPPORT_KM) & (ids_a[:, None] != ids_b[None, :])).any(axis=1)
        groups[a].support = dict(zip(ids_a.tolist(), count.tolist(), strict=True))


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances in km between points given in radians (broadcasting)."""
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _share(votes: Counter, own_key: str, value: object) -> float:
    """Share of the other groups' votes that went to `value`."""
    total = sum(w for (key, _), w in votes.items() if key != own_key)
    if not total:
        return 0.0
    return sum(w for (key, v), w in votes.items() if key != own_key and v == value) / total


def _prior(gaz: Gazetteer, entry: int, key: str) -> float:
    level = int(gaz.levels[entry])
    score = LEVEL_WEIGHT[level] + POP_WEIGHT * math.log10(int(gaz.populations[entry]) + 1)
    if normalise(gaz.names[entry]) == key:
        score += PRIMARY_WEIGHT
    if entry in gaz.capitals:
        score += CAPITAL_WEIGHT
    return score


def _choose(group: Group, gaz: Gazetteer, votes: Votes) -> None:
    countries, admin1s = votes
    best, best_score = None, -math.inf
    head_levels = set().union(*(_HEAD_LEVELS[h] for h in group.heads)) if group.heads else set()
    containers = [set(gaz.lookup(name)) for name in group.containers]
    for entry in group.candidates:
        score = _prior(gaz, entry, group.key) - (FUZZY_PENALTY if group.fuzzy else 0.0)
        score += COUNTRY_WEIGHT * _share(countries, group.key, gaz.codes[entry])
        a1 = entry if gaz.levels[entry] == ADMIN1 else int(gaz.admin1_ids[entry])
        if a1 >= 0 and _share(admin1s, group.key, a1) > 0:
            score += ADMIN1_WEIGHT
        score += SUPPORT_WEIGHT * min(2, group.support.get(entry, 0))
        if gaz.levels[entry] in head_levels:
            score += HEAD_WEIGHT
        if any(any(gaz.in_area(entry, c) for c in cs) for cs in containers):
            score += CONTAINER_WEIGHT
        if score > best_score:
            best, best_score = entry, score
    group.choice, group.score = best, (best_score if best is not None else 0.0)


def _context_countries(countries: Counter, gaz: Gazetteer) -> list[str]:
    """Countries holding at least CONTEXT_SHARE of the article's place votes."""
    per_code: Counter = Counter()
    for (_, code), weight in countries.items():
        per_code[code] += weight
    total = sum(per_code.values())
    return [c for c, w in per_code.most_common() if total and w / total >= CONTEXT_SHARE]


def feature_name(gaz: Gazetteer, entry: int) -> str:
    return FEATURES[int(gaz.levels[entry])]
