"""contradictions stage: claims of opposing sides that cannot both hold.

Two kinds are reported:
- territory: parties on different sides each claim the same place (one says it entered or
  took it, the other that it holds it or repelled the attack). The place is the one named in
  the claim, else the latest place named before it ("the valley" after "Panjshir valley");
  two places are the same subject when they are the same place or one lies in the other's
  province. A claim of the speaker's own side losing ground ("we withdrew from …") agrees
  with the other side rather than contradicting it, and is left out.
- casualties: figures for the same victims from different claimants that differ by more
  than rounding ("Taliban say 5 killed; NRF say 34").
- denials: a party's denial that names no topic of its own ("The NRF denied the claim")
  answers the latest earlier claim of another party; it joins that claim's contradiction, or
  makes one.
Events whose claims take part in a contradiction are marked `disputed`.
"""

from __future__ import annotations

import re
from itertools import combinations

from contested.claim_kinds import classify
from contested.model import Casualty, Claim, Contradiction, Document, Place
from contested.pipeline import Stage

#: Words by which a speaker concedes ground; such a claim does not dispute the other side's.
_CONCEDES = re.compile(r"\b(?:withdr[ae]w\w*|retreat\w*|lost|los(?:e|ing) control|fell to)\b", re.I)

#: Two casualty figures contradict when they differ by more than this share of the larger
#: one and by more than MIN_GAP: a side's own figures are often rounded or a few hours older.
#: 20% keeps "about 30" vs "34" together while "5" vs "34" is reported.
MAX_SHARE = 0.2
MIN_GAP = 2

#: Claim kinds that are contradiction topics of their own.
TOPICS = frozenset({"territory", "casualties", "attack"})

#: Summaries quote each side's claim up to this many characters.
SUMMARY_CHARS = 90


def run(document: Document) -> Document:
    """Fill `contradictions` and mark disputed events."""
    document.contradictions = _denials(document, [*_territory(document), *_casualties(document)])
    disputed = {c for contradiction in document.contradictions for c in contradiction.claims}
    for event in document.events:
        if disputed.intersection(event.claims):
            event.disputed = True
    return document


# --- territory -------------------------------------------------------------------------


def _territory(document: Document) -> list[Contradiction]:
    claims = [c for c in document.claims if _territorial(c)]
    by_subject: dict[tuple[str, frozenset[str]], dict[str, list[Claim]]] = {}
    for a, b in combinations(claims, 2):
        if a.side == b.side:
            continue
        subject = _shared_place(document, a, b)
        if subject is None:
            continue
        key = (subject, frozenset({a.side or "", b.side or ""}))
        sides = by_subject.setdefault(key, {})
        for claim in (a, b):
            group = sides.setdefault(claim.side or "", [])
            if claim not in group:
                group.append(claim)
    out = []
    for (subject, _), sides in by_subject.items():
        ordered = sorted(sides, key=lambda s: min(int(c.id[1:]) for c in sides[s]))
        out.append(
            Contradiction(
                topic="territory",
                subject=f"control of {subject}",
                claims=sorted(
                    (c.id for s in ordered for c in sides[s]), key=lambda i: int(i[1:])
                ),
                sides=ordered,
                summary="; ".join(f"{s}: {_gist(sides[s])}" for s in ordered),
            )
        )
    return out


def _territorial(claim: Claim) -> bool:
    """A claim by a party about who holds ground (denials of territorial claims included)."""
    if not claim.party or not claim.side or _CONCEDES.search(claim.text):
        return False
    if claim.kind == "territory":
        return True
    return claim.kind == "denial" and classify(claim.text) == "territory"


def _shared_place(document: Document, a: Claim, b: Claim) -> str | None:
    """The place two claims are both about, by name; "territory" when neither names one."""
    places_a, places_b = _places_of(document, a), _places_of(document, b)
    if not places_a and not places_b:
        return "territory"
    for p in places_a:
        for q in places_b:
            shared = _same_area(p, q)
            if shared:
                return shared
    return None


def _places_of(document: Document, claim: Claim) -> list[Place]:
    """Places named in a claim's content, else the latest place named before the claim."""
    parts = claim.spans.content_parts or []
    inside = [
        p
        for p in document.places
        if p.lat is not None and any(q.start <= ev.start < q.end for ev in p.evidence for q in parts)
    ]
    if inside or not parts:
        return inside
    before = [
        (ev.start, p)
        for p in document.places
        if p.lat is not None
        for ev in p.evidence
        if ev.start < parts[0].start
    ]
    return [max(before, key=lambda x: x[0])[1]] if before else []


def _same_area(p: Place, q: Place) -> str | None:
    """A name for the area two places share (same place, or one inside the other's province)."""
    if p.name and p.name == q.name:
        return p.mention
    for inner, outer in ((p, q), (q, p)):
        if outer.feature == "province" and inner.admin1 and inner.admin1 == outer.admin1:
            return outer.mention
    if p.admin1 and p.admin1 == q.admin1 and "country" not in (p.feature, q.feature):
        return p.admin1
    return None


# --- denials --------------------------------------------------------------------------


def _denials(document: Document, found: list[Contradiction]) -> list[Contradiction]:
    """Add anaphoric denials to the contradictions (see the module docstring)."""
    for k, claim in enumerate(document.claims):
        if claim.kind != "denial" or not claim.party or not claim.side:
            continue
        if classify(claim.text) != "other":
            continue  # a denial with its own topic is compared by that topic
        earlier = [
            c
            for c in document.claims[:k]
            if c.party and c.side and c.side != claim.side and c.kind != "denial"
        ]
        if not earlier:
            continue
        target = earlier[-1]
        same = [f for f in found if target.id in f.claims and claim.side in f.sides]
        if same:
            same[0].claims = sorted({*same[0].claims, claim.id}, key=lambda i: int(i[1:]))
            continue
        found.append(
            Contradiction(
                topic=target.kind if target.kind in TOPICS else "other",
                subject=f"{target.side} claim: {_gist([target])}",
                claims=[target.id, claim.id],
                sides=[target.side or "", claim.side],
                summary=f"{target.side}: {_gist([target])}; {claim.side} denies it",
            )
        )
    return found


# --- casualties ------------------------------------------------------------------------


def _casualties(document: Document) -> list[Contradiction]:
    out = []
    figures = [c for c in document.casualties if c.claimed_by and c.killed is not None]
    for a, b in combinations(figures, 2):
        if a.victim_side != b.victim_side or a.claimed_by == b.claimed_by:
            continue
        if a.date and b.date and abs((a.date - b.date).days) > 3:
            continue
        if not _differ(a.killed or 0, b.killed or 0):
            continue
        victims = a.victim_side or "unknown side"
        out.append(
            Contradiction(
                topic="casualties",
                subject=f"{victims} killed",
                claims=[c for c in (a.claim, b.claim) if c],
                sides=[a.claimed_by or "", b.claimed_by or ""],
                summary=f"{_says(a)}; {_says(b)}",
            )
        )
    return out


def _differ(x: int, y: int) -> bool:
    return abs(x - y) > max(MIN_GAP, MAX_SHARE * max(x, y))


def _says(casualty: Casualty) -> str:
    return f"{casualty.claimed_by} say {casualty.killed} {casualty.victim_side or ''} killed".rstrip()


def _gist(claims: list[Claim]) -> str:
    text = " / ".join(c.text.strip("“”\" ,") for c in claims)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


STAGE = Stage(
    name="contradictions",
    run=run,
    reads=frozenset({"claims", "casualties", "events"}),
    writes=frozenset({"contradictions", "events"}),
)
