"""Cross-article event clusters: one incident, every outlet that reported it.

Each article yields its own events; several outlets reporting the same incident yield several
events that differ in wording, precision and figures. Two events are the same incident when
their dates fall within each other's precision window, their places are the same or nested
(a town inside the province another article names), their actors are compatible and their
types agree (`compatible`). Clusters grow greedily in a fixed order, and an event joins a
cluster only if it is compatible with *every* member, so chains of near-matches (A≈B, B≈C,
A≠C) never merge distant incidents.

A cluster keeps every member event, its article, the casualty figures each claimant gave
(`Figure`) and the contradictions of its articles, plus cross-article disagreements about
figures. Corroboration is the number of distinct outlets. This module is pure (no database):
the store feeds it records and writes back what it returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

#: Slack, in days, between two events' date windows. Outlets anchor relative dates ("on
#: Wednesday") to their own publication day and time zone, so the same incident is often dated
#: a day apart by two reports; two days would start merging consecutive days of fighting.
DATE_SLACK_DAYS = 1

#: Half-width of a week-precision date window ("last week", "early this week").
WEEK_HALF_DAYS = 3

#: An event without a date is placed in the week before its article's publication: news
#: reports what happened in the last days, and the week keeps it from matching older events.
UNDATED_LOOKBACK_DAYS = 7

#: Two different towns count as one incident location within this distance. Reports name
#: neighbouring villages for the same fighting; ACLED's "near town" precision (2) covers
#: similar radii, and 25 km keeps adjacent district centres apart in dense areas.
NEAR_KM = 25.0

#: Event-type pairs that outlets use for the same incident: shelling during a battle is
#: coded either way; an air strike on a village is "remote violence" to one report and an
#: attack on civilians to another; a protest that police disperse becomes a "riot" elsewhere.
#: These pairs merge only when both events name an actor in common.
RELATED_TYPES = frozenset(
    {
        frozenset({"Battles", "Explosions/Remote violence"}),
        frozenset({"Explosions/Remote violence", "Violence against civilians"}),
        frozenset({"Battles", "Violence against civilians"}),
        frozenset({"Protests", "Riots"}),
    }
)

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
#: Place levels: country < admin1 (province) < admin2 (district) < locality.
_LEVEL = {"country": 0, "region": 1, "province": 1, "district": 2, "city": 3, "other": 3}


@dataclass(frozen=True)
class EventRecord:
    """A per-article event as the clusterer sees it (flattened location, article context)."""

    id: str
    article_id: str
    event_type: str
    sub_event_type: str
    outlet: str | None = None
    #: The agency the article's dateline credits when the outlet reprints a wire story.
    wire: str | None = None
    published: dt.date | None = None
    actor1: str | None = None
    actor2: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    feature: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    disputed: bool = False
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class CasualtyRecord:
    """A casualty figure from one article, with the claim it came from (if any)."""

    article_id: str
    outlet: str | None = None
    claim_id: str | None = None
    victim_side: str | None = None
    killed: int | None = None
    injured: int | None = None
    captured: int | None = None
    cumulative: bool = False
    claimed_by: str | None = None
    #: The (store-wide) id of the event the figure belongs to, when the pipeline linked it.
    event_id: str | None = None


@dataclass(frozen=True)
class ContradictionRecord:
    """A contradiction found inside one article."""

    article_id: str
    topic: str
    subject: str
    claims: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    summary: str = ""


@dataclass
class Cluster:
    """One incident: its member events and the merged view of them.

    `fatalities` is the lowest credible figure (see `credible`), `fatalities_high` the highest
    any claimant gave; `figures` lists each claimant's own numbers with the articles carrying
    them; `contradictions` holds the members' contradictions and cross-article disagreements.
    """

    id: str
    members: list[EventRecord]
    figures: list[dict[str, object]] = field(default_factory=list)
    contradictions: list[dict[str, object]] = field(default_factory=list)

    @property
    def anchor(self) -> EventRecord:
        return self.members[0]

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(m.article_id for m in self.members))

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets; an article without an outlet counts as its own source."""
        return sorted({m.outlet or f"article {m.article_id}" for m in self.members})

    @property
    def sources(self) -> list[str]:
        """Independent sources: a wire story reprinted by several outlets counts once, as
        the agency; an article without an outlet counts as its own source."""
        return sorted({m.wire or m.outlet or f"article {m.article_id}" for m in self.members})

    @property
    def corroboration(self) -> int:
        """How many independent sources reported the incident."""
        return len(self.sources)

    def _killed(self, credible_only: bool) -> list[int]:
        return [
            f["killed"] for f in self.figures
            if f["killed"] is not None and not f["cumulative"] and (f["credible"] or not credible_only)
        ]

    @property
    def fatalities(self) -> int | None:
        """The lowest credible death toll (the lowest claimed when none is credible)."""
        killed = self._killed(credible_only=True) or self._killed(credible_only=False)
        return min(killed) if killed else None

    @property
    def fatalities_high(self) -> int | None:
        """The highest death toll any claimant gave for this incident (running totals aside)."""
        killed = self._killed(credible_only=False)
        return max(killed) if killed else None

    @property
    def disputed(self) -> bool:
        return bool(self.contradictions) or any(m.disputed for m in self.members)


# --- when two events are the same incident -------------------------------------------------


#: Dates are kept this far inside the calendar (year 1 and 9999 do come from hostile text) so
#: that window and slack arithmetic never overflows; a year's margin covers every offset here.
_EDGE = dt.timedelta(days=366)


def _inside_calendar(day: dt.date) -> dt.date:
    return min(max(day, dt.date.min + _EDGE), dt.date.max - _EDGE)


def window(event: EventRecord) -> tuple[dt.date, dt.date] | None:
    """The days the event may have happened on, from its date and precision."""
    if event.date is None:
        if event.published is None:
            return None
        published = _inside_calendar(event.published)
        return published - dt.timedelta(days=UNDATED_LOOKBACK_DAYS), published
    day = _inside_calendar(event.date)
    if event.date_precision == "week":
        half = dt.timedelta(days=WEEK_HALF_DAYS)
        return day - half, day + half
    if event.date_precision == "month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    if event.date_precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


def dates_compatible(a: EventRecord, b: EventRecord) -> bool:
    wa, wb = window(a), window(b)
    if wa is None or wb is None:
        return False
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    return wa[0] - slack <= wb[1] and wb[0] - slack <= wa[1]


def level(event: EventRecord) -> int:
    """How specific the location is: -1 none, 0 country, 1 admin1, 2 admin2, 3 locality."""
    if event.feature in _LEVEL and (event.place or event.country_code):
        return _LEVEL[event.feature]
    if event.place and event.lat is not None:
        return 3
    if event.admin2:
        return 2
    if event.admin1:
        return 1
    return 0 if event.country_code or event.country else -1


def _norm(name: str | None) -> str:
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


def _admin(event: EventRecord, depth: int) -> str:
    """admin1 (depth 1) or admin2 (depth 2); a province or district names itself."""
    value = event.admin1 if depth == 1 else event.admin2
    if not value and level(event) == depth:
        value = event.place
    return _norm(value)


def distance_km(a: EventRecord, b: EventRecord) -> float | None:
    """Great-circle distance between two located events (None if either lacks coordinates)."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def places_compatible(a: EventRecord, b: EventRecord) -> bool:
    """Same place, or one nested in the other along the admin hierarchy, or two towns close by.

    An event without any location is compatible only when both events name their actors and
    share one (checked in `compatible`), since date and type alone match too much.
    """
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    common = min(level(a), level(b))
    for depth in (1, 2):
        name_a, name_b = _admin(a, depth), _admin(b, depth)
        if common >= depth and name_a and name_b and name_a != name_b:
            return False
    if common == 3 and _norm(a.place) != _norm(b.place):
        km = distance_km(a, b)
        return km is not None and km <= NEAR_KM
    return True


def _actors(event: EventRecord) -> set[str]:
    """The event's named actors, leaving out news outlets: outlets are sources, never parties
    (data/outlets.yaml), so an extraction that took "Reuters" for an actor must not keep two
    outlets' reports of one incident apart."""
    outlets = outlet_names()
    return {a for a in (event.actor1, event.actor2) if a and a.casefold() not in outlets}


@cache
def outlet_names() -> frozenset[str]:
    """Every outlet name and alias in data/outlets.yaml, case-folded."""
    from contested.lexicon import load_yaml

    return frozenset(
        name.casefold()
        for outlet in load_yaml("outlets")
        for name in [outlet["name"], *outlet.get("aliases", [])]
    )


def actors_compatible(a: EventRecord, b: EventRecord) -> bool:
    """Compatible unless both name actors and none is shared (an unnamed side fits anything)."""
    actors_a, actors_b = _actors(a), _actors(b)
    return not actors_a or not actors_b or bool(actors_a & actors_b)


def types_compatible(a: EventRecord, b: EventRecord) -> bool:
    if a.event_type == b.event_type:
        # Strategic developments are unrelated to one another (an arrest is not an agreement).
        return a.event_type != "Strategic developments" or a.sub_event_type == b.sub_event_type
    return frozenset({a.event_type, b.event_type}) in RELATED_TYPES and bool(
        _actors(a) & _actors(b)
    )


def compatible(a: EventRecord, b: EventRecord) -> bool:
    """Whether two events can be reports of the same incident."""
    if not (dates_compatible(a, b) and types_compatible(a, b) and actors_compatible(a, b)):
        return False
    if level(a) < 0 or level(b) < 0:
        return bool(_actors(a) & _actors(b))
    return places_compatible(a, b)


def similarity(a: EventRecord, b: EventRecord) -> float:
    """How alike two compatible events are; picks the best of several candidate clusters."""
    score = float(len(_actors(a) & _actors(b)))
    if a.sub_event_type == b.sub_event_type:
        score += 1
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        score += 2
    elif level(a) == level(b) and _norm(a.place) == _norm(b.place):
        score += 1
    if a.date is not None and a.date == b.date:
        score += 1
    return score


# --- grouping ------------------------------------------------------------------------------


def sort_key(event: EventRecord) -> tuple[object, ...]:
    """Deterministic processing order: by date window, the most precise first, then by id."""
    span = window(event)
    return (
        span[0] if span else dt.date.max,
        _PRECISION_RANK.get(event.date_precision, 4),
        -level(event),
        event.id,
    )


def group(events: Iterable[EventRecord]) -> list[list[EventRecord]]:
    """Partition events into incidents (greedy, order-fixed, all-members compatibility).

    The result depends only on the set of events, never on ingest order. Events are visited
    by `sort_key`; clusters whose window ended more than the slack before the current event
    can no longer match and leave the active list, so the cost stays near-linear in time.
    """
    done: list[list[EventRecord]] = []
    active: list[tuple[dt.date, list[EventRecord]]] = []
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    for event in sorted(events, key=sort_key):
        span = window(event)
        if span is None:
            done.append([event])
            continue
        still = [(end, members) for end, members in active if end + slack >= span[0]]
        done.extend(members for end, members in active if end + slack < span[0])
        active = still
        best: tuple[float, int] | None = None
        for index, (_, members) in enumerate(active):
            if all(compatible(event, m) for m in members):
                score = sum(similarity(event, m) for m in members) / len(members)
                if best is None or score > best[0]:
                    best = (score, index)
        if best is None:
            active.append((span[1], [event]))
        else:
            end, members = active[best[1]]
            members.append(event)
            active[best[1]] = (max(end, span[1]), members)
    done.extend(members for _, members in active)
    return done


def cluster_id(anchor: EventRecord) -> str:
    """A deterministic id from the cluster's anchor (first member in `sort_key` order): it
    stays the same when later reports of the incident join the cluster."""
    return "k" + hashlib.sha256(anchor.id.encode("utf-8")).hexdigest()[:15]


def build_clusters(
    events: Iterable[EventRecord],
    casualties: Sequence[CasualtyRecord] = (),
    contradictions: Sequence[ContradictionRecord] = (),
) -> list[Cluster]:
    """Group events into clusters and attach each cluster's figures and contradictions."""
    events = list(events)
    events_by_article: dict[str, list[EventRecord]] = {}
    for event in events:
        events_by_article.setdefault(event.article_id, []).append(event)
    casualties_by_article: dict[str, list[CasualtyRecord]] = {}
    for casualty in casualties:
        casualties_by_article.setdefault(casualty.article_id, []).append(casualty)
    contradictions_by_article: dict[str, list[ContradictionRecord]] = {}
    for contradiction in contradictions:
        contradictions_by_article.setdefault(contradiction.article_id, []).append(contradiction)
    clusters = []
    for members in group(events):
        members.sort(key=sort_key)
        cluster = Cluster(id=cluster_id(members[0]), members=members)
        member_ids = {m.id for m in members}
        articles = dict.fromkeys(m.article_id for m in members)
        mine = [
            c for aid in articles for c in casualties_by_article.get(aid, ())
            if (c.event_id in member_ids if c.event_id is not None
                else _belongs(c.claim_id, c.article_id, member_ids, events_by_article))
        ]
        cluster.figures = figures(members, mine)
        cluster.contradictions = [
            {"article_id": x.article_id, "topic": x.topic, "subject": x.subject,
             "claims": list(x.claims), "sides": list(x.sides), "summary": x.summary}
            for aid in articles for x in contradictions_by_article.get(aid, ())
            if any(_belongs(c, x.article_id, member_ids, events_by_article) for c in x.claims)
            or (not x.claims and _belongs(None, x.article_id, member_ids, events_by_article))
        ] + figure_disagreements(cluster.figures)
        clusters.append(cluster)
    clusters.sort(key=lambda c: sort_key(c.anchor))
    return clusters


def _belongs(
    claim_id: str | None,
    article_id: str,
    member_ids: set[str],
    events_by_article: dict[str, list[EventRecord]],
) -> bool:
    """Whether an article-level fact (casualty, contradiction) belongs to this cluster: its
    claim supports a member event, or the article reports only events of this cluster."""
    article_events = events_by_article.get(article_id, [])
    if claim_id is not None:
        for event in article_events:
            if claim_id in event.claims:
                return event.id in member_ids
    return bool(article_events) and all(e.id in member_ids for e in article_events)


# --- figures -------------------------------------------------------------------------------


def figures(members: Sequence[EventRecord], casualties: Sequence[CasualtyRecord]) -> list[dict]:
    """Each claimant's own casualty figures, marked credible or not.

    A figure is credible unless it is cumulative (a running total over many incidents) or a
    belligerent's count of its *enemy's* losses, which conflict sides inflate; a side's
    admission of its own losses, and figures from outlets, officials of neither side,
    hospitals or monitors are credible. Articles whose events carry a fatality count but no
    casualty claim contribute that count as the outlet's own figure.
    """
    parties = set().union(*(_actors(m) for m in members)) if members else set()
    outlets = {m.article_id: m.outlet for m in members}
    rows: list[dict] = []
    for c in casualties:
        if c.killed is None and c.injured is None and c.captured is None:
            continue
        claimant = c.claimed_by or c.outlet or "unattributed"
        enemy_count = c.claimed_by in parties and c.claimed_by != c.victim_side
        rows.append(
            {"claimant": claimant, "victim_side": c.victim_side, "killed": c.killed,
             "injured": c.injured, "captured": c.captured, "article_id": c.article_id,
             "outlet": c.outlet, "credible": not c.cumulative and not enemy_count,
             "cumulative": c.cumulative}
        )
    covered = {c.article_id for c in casualties}
    for m in members:
        if m.fatalities is not None and m.article_id not in covered:
            covered.add(m.article_id)
            rows.append(
                {"claimant": outlets[m.article_id] or "unattributed", "victim_side": None,
                 "killed": m.fatalities, "injured": None, "captured": None,
                 "article_id": m.article_id, "outlet": m.outlet, "credible": True,
                 "cumulative": False}
            )
    rows = [r for r in rows if r["killed"] is not None or r["injured"] is not None]
    killed_rows = [r for r in rows if r["killed"] is not None and not r["cumulative"]]
    others = [r for r in rows if r not in killed_rows]
    for r in others:
        r["credible"] = False
    return killed_rows + others


def figure_disagreements(rows: Sequence[dict]) -> list[dict[str, object]]:
    """Cross-article contradictions: claimants giving different death tolls for the same
    victims (all victims when unspecified)."""
    by_victims: dict[str | None, dict[str, set[int]]] = {}
    for row in rows:
        if row["killed"] is None or row["cumulative"]:
            continue
        by_victims.setdefault(row["victim_side"], {}).setdefault(row["claimant"], set()).add(
            row["killed"]
        )
    found = []
    for victims, claimants in by_victims.items():
        values = {v for figures_ in claimants.values() for v in figures_}
        if len(claimants) < 2 or len(values) < 2:
            continue
        summary = "; ".join(
            f"{who}: {'/'.join(str(v) for v in sorted(vals))}"
            for who, vals in sorted(claimants.items())
        )
        found.append(
            {"article_id": None, "topic": "casualties",
             "subject": f"number of {victims or 'people'} killed",
             "claims": [], "sides": sorted(claimants), "summary": summary}
        )
    return found


def claimant_ranges(rows: Sequence[dict]) -> list[dict[str, object]]:
    """Per claimant and victim side: the lowest and highest death toll they gave, and in how
    many reports (a claimant often repeats or updates a figure across outlets)."""
    found: dict[tuple[str, str | None], list[int]] = {}
    for row in rows:
        if row.get("killed") is not None and not row.get("cumulative"):
            found.setdefault((row["claimant"], row.get("victim_side")), []).append(row["killed"])
    return [
        {"claimant": claimant, "victim_side": victims, "killed_low": min(values),
         "killed_high": max(values), "reports": len(values)}
        for (claimant, victims), values in sorted(found.items(), key=lambda kv: kv[0][0])
    ]


# --- the merged view -----------------------------------------------------------------------


def representative(cluster: Cluster) -> dict[str, object]:
    """The cluster's own type, actors, date and place, chosen from its members.

    Type and actors: the most frequent among members (ties go to the anchor). Date: the most
    frequent among the most precise dates. Place: the most frequent among the most specific.
    """
    members = cluster.members
    kind = Counter((m.event_type, m.sub_event_type) for m in members).most_common(1)[0][0]
    actor1, actor2 = _actor_pair(members)
    dated = [m for m in members if m.date is not None]
    finest = min((_PRECISION_RANK.get(m.date_precision, 4) for m in dated), default=4)
    dated = [m for m in dated if _PRECISION_RANK.get(m.date_precision, 4) == finest]
    date_member = _most_common(dated, lambda m: m.date)
    deepest = max((level(m) for m in members), default=-1)
    place_member = _most_common(
        [m for m in members if level(m) == deepest and deepest >= 0],
        lambda m: (m.geonames_id, _norm(m.place)),
    )
    return {
        "event_type": kind[0], "sub_event_type": kind[1], "actor1": actor1, "actor2": actor2,
        "date": date_member.date if date_member else None,
        "date_end": max((m.date for m in dated), default=None),
        "date_precision": date_member.date_precision if date_member else None,
        "place": place_member,
    }


def _actor_pair(members: Sequence[EventRecord]) -> tuple[str | None, str | None]:
    """The most frequent (actor1, actor2) pair, outlets left out; pairs naming both actors
    win ties; the earliest member breaks remaining ties."""
    pairs: Counter[tuple[str | None, str | None]] = Counter()
    for m in members:
        named = _actors(m)
        pair = tuple(a if a in named else None for a in (m.actor1, m.actor2))
        if pair[0] is None:
            pair = (pair[1], None)
        if pair[0] is not None:
            pairs[pair] += 1  # type: ignore[index]
    if not pairs:
        return None, None
    return max(pairs.items(), key=lambda kv: (kv[1], kv[0][1] is not None))[0]


def _most_common(members: list[EventRecord], key) -> EventRecord | None:  # noqa: ANN001
    if not members:
        return None
    counts = Counter(key(m) for m in members)
    top = max(counts.values())
    return next(m for m in members if counts[key(m)] == top)
