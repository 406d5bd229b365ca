"""Code one sentence: which ACLED sub-event type (or which kind of non-conflict news) it reports.

The cues of data/events.yaml are scored per sub-event type (`combined_score`); cues whose
predicate is negated, conditional, modal ("will attack") or under a verb of intent ("vowed to
respond") are dropped first. Territory sub-types need more than words: who took the place
decides between "Government regains territory" and "Non-state actor overtakes territory",
a failed attempt to take a place is an armed clash, and a place taken after the other side
withdrew without fighting is a non-violent transfer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from contested.event_rules import (
    FlatSentence,
    Hit,
    any_match,
    compile_pattern,
    cue_hits,
    flatten,
    hits_score,
    lexicon,
    matching,
    needles,
    start_needles,
)

#: A sentence is coded only when its best score reaches this: one typical cue (weight 3)
#: suffices, a weak cue (weight 2, e.g. a bare "attacked") alone does not. Chosen by hand on
#: the unit-test sentences, where weight-2 cues alone were mostly background mentions.
MIN_SCORE = 3.0

#: Score given to a territory change established from verb, object and subject side: above a
#: typical cue (3-4) because it needs three things to agree, below a decisive weapon cue (6).
TERRITORY_SCORE = 5.0

#: What a refining reading adds to the score of the reading it replaces (see apply_overrides).
OVERRIDE_BONUS = 0.5

#: Dependency labels followed upward when looking for what governs a cue's verb.
_CLIMB = {"xcomp", "ccomp", "conj", "advcl", "acomp", "pcomp", "prep", "pobj", "acl", "relcl"}

STATE_KINDS = {"state", "external"}
NONSTATE_KINDS = {"rebel", "militia", "political"}


@dataclass(frozen=True)
class Coding:
    """The best reading of one sentence."""

    label: str  # an ACLED sub_event_type, or a non-conflict class such as "DIPLO"
    event_type: str | None  # None for non-conflict news
    score: float
    trigger: int  # token index in the Doc

    @property
    def conflict(self) -> bool:
        return self.event_type is not None


def unreal(token: Any) -> bool:
    """True when the cue at `token` is negated, conditional, modal or only intended."""
    mod = lexicon().modality
    node = token
    # A noun cue stands for its verb; the verb's intent matters only for the noun's object
    # ("planning attacks"), not for its subject ("protesters asked for reforms").
    subject = token.dep_ in {"nsubj", "nsubjpass"}
    if node.pos_ in {"NOUN", "PROPN"} and node.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"}:
        node = node.head
    for _ in range(5):
        if _purpose(node, mod["intent_heads"]):
            return True
        for child in node.children:
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in mod["modal_aux"]:
                return True
            if child.dep_ == "neg" and node.pos_ in {"VERB", "AUX"}:
                return True
            if child.dep_ == "mark" and child.lower_ in mod["condition"]:
                return True
        if node.i != token.i and node.lemma_.lower() in mod["intent_heads"] and not (
            subject and node.i == token.head.i
        ):
            return True
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            return False
        node = node.head
    return False


def _purpose(node: Any, intent: frozenset[str]) -> bool:
    """An infinitive ("to free") governed by a noun, a verb of intent or a verb of sending."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return False
    head = node.head
    purpose = lexicon().modality["purpose_heads"]
    return head.pos_ == "NOUN" or head.lemma_.lower() in intent | purpose


def _real_hits(hits: list[Hit], doc: Any) -> list[Hit]:
    return [h for h in hits if not unreal(doc[h.token])]


def _side_of(doc: Any, start: int, end: int, document: Any) -> str | None:
    """'state' or 'nonstate' for the actor named in doc[start:end], by actor kind or noun."""
    kinds = {a.name: a.kind for a in document.actors}
    lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for mention in document.actor_mentions:
        if lo <= mention.start < hi:
            kind = kinds.get(mention.actor)
            if kind in STATE_KINDS:
                return "state"
            if kind in NONSTATE_KINDS:
                return "nonstate"
    flat = flatten(doc[start:end])
    lex = lexicon()
    state = flat.first(lex.group("state_force"))
    nonstate = flat.first(lex.group("nonstate_force"))
    if state is not None and (nonstate is None or state < nonstate):
        return "state"
    if nonstate is not None:
        return "nonstate"
    return "state" if _national_forces(doc[start:end]) else None


def _national_forces(span: Any) -> bool:
    """"The Syrian forces", "Turkish troops": a country name or demonym before a force noun."""
    tokens = list(span)
    force_nouns = lexicon().groups["force_nouns"]
    return any(
        t.lower_ in force_nouns and any(p.ent_type_ in {"NORP", "GPE"} for p in tokens[:i])
        for i, t in enumerate(tokens)
    )


def _taker_side(doc: Any, verb: Any, document: Any) -> str | None:
    """The side that took the place: the verb's subject; for a passive verb without an agent
    whose subject is an armed group ("the militants were driven out"), the other side."""
    span = _subject_range(verb)
    if span is not None:
        side = _side_of(doc, *span, document)
        if side is not None:
            return side
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is not None and span is None:
        side = _side_of(doc, patient.left_edge.i, patient.right_edge.i + 1, document)
        if side is not None:
            return "state" if side == "nonstate" else "nonstate"
    sent = verb.sent
    return _side_of(doc, sent.start, sent.end, document)


def _subject_range(verb: Any) -> tuple[int, int] | None:
    """Token range of the verb's subject (the agent of a passive verb), following conj."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0].left_edge.i, objs[0].right_edge.i + 1
            if child.dep_ == "nsubj":  # a passive subject is the patient, not the actor
                return child.left_edge.i, child.right_edge.i + 1
        if node.dep_ not in {"conj", "xcomp", "advcl", "relcl", "acl"}:
            break
        node = node.head
    return None


#: The territory patterns, per kind of change (compiled with `_territory_patterns`).
_TERRITORY_PHRASES = ("@{kind}_control", "@{kind} ~~ @territory", "@territory ~ @{kind}")


@cache
def _territory_patterns() -> dict[str, tuple[Any, ...]]:
    groups = lexicon().groups
    return {
        kind: tuple(
            compile_pattern(phrase.format(kind=kind), groups)[0] for phrase in _TERRITORY_PHRASES
        )
        for kind in ("take", "retake")
    }


@cache
def _territory_needles() -> dict[str, tuple[tuple[frozenset[str], ...], ...]]:
    """Per pattern and word, the needles one of which a sentence must have for the pattern to
    match (a set test that spares most regex searches, as `Cue.needles` does)."""
    groups = lexicon().groups
    return {
        kind: tuple(needles(phrase.format(kind=kind), groups) for phrase in _TERRITORY_PHRASES)
        for kind in ("take", "retake")
    }


def _attempted(token: Any) -> bool:
    """True when the verb is the content of an attempt ("attempts to enter", "tried to take")."""
    attempt = lexicon().groups["attempt"]
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in attempt or node.lower_ in attempt:
            return True
    return False


#: Index of the place-then-verb pattern in `_territory_patterns`: only a passive verb takes
#: its place before it ("the town was captured", "areas seized from the rebels").
PLACE_FIRST = 2


def _passive(verb: Any) -> bool:
    return verb.tag_ == "VBN" and (
        verb.dep_ in {"acl", "amod", "relcl"}
        or any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    )


@cache
def _territory_starts() -> dict[str, tuple[frozenset[str] | None, ...]]:
    """Per pattern, the needles of its first word (see `Cue.starts`)."""
    groups = lexicon().groups
    return {
        kind: tuple(start_needles(phrase.format(kind=kind), groups) for phrase in _TERRITORY_PHRASES)
        for kind in ("take", "retake")
    }


@cache
def _territory_verbs() -> frozenset[str]:
    """Per territory pattern, the smallest of its words' needle sets, together: a sentence
    with none of these needles matches none of the patterns (one set test, not six)."""
    return frozenset().union(
        *(min(needed, key=len) for patterns in _territory_needles().values()
          for needed in patterns)
    )


def territory_coding(doc: Any, flat: FlatSentence, document: Any) -> Coding | None:
    """A change of territorial control in the sentence, if one is reported."""
    if flat.needles.isdisjoint(_territory_verbs()):
        return None
    lex = lexicon()
    for kind, patterns in _territory_patterns().items():
        for number, pattern in enumerate(patterns):
            needed = _territory_needles()[kind][number]
            if any(n.isdisjoint(flat.needles) for n in needed):
                continue
            for index in flat.find(pattern, _territory_starts()[kind][number]):
                verb = _verb_at(doc, index, kind)
                if verb is None or unreal(verb) or _attempted(verb):
                    continue
                if number == PLACE_FIRST and not _passive(verb):
                    continue  # "border clashes entered a 7th day": the place is no object
                side = _taker_side(doc, verb, document)
                if any_match(flat, (lex.group("withdraw"),)) and not _fighting(flat):
                    label = "Non-violent transfer of territory"
                elif side == "nonstate" or (side is None and kind == "take"):
                    label = "Non-state actor overtakes territory"
                else:
                    label = "Government regains territory"
                return Coding(label, lex.subtypes[label].event_type, TERRITORY_SCORE, verb.i)
    return None


def _verb_at(doc: Any, index: int, kind: str) -> Any:
    """The verb of a take/retake match starting at `index`: the matched word itself, the verb
    governing it ("took full control": the match starts at "full"), or the next such verb (a
    passive match starts at its place: "the town was recaptured")."""
    words = {w for e in lexicon().groups[kind] for w in str(e).lower().split()}
    start = doc[index]
    node = start
    for _ in range(3):
        if node.pos_ == "VERB":
            if node.i <= start.i:
                return node
            break  # a verb after the match: found by the forward search below
        if node.head.i == node.i:
            break
        node = node.head
    for token in doc[index : start.sent.end]:
        if token.pos_ == "VERB" and (token.lower_ in words or token.lemma_.lower() in words):
            return token
    return None


def _fighting(flat: FlatSentence) -> bool:
    subtypes = lexicon().subtypes
    fighting = (
        subtypes["Armed clash"].cues
        + subtypes["Air/drone strike"].cues
        + subtypes["Shelling/artillery/missile attack"].cues
    )
    return any(h.cue.weight >= 3 for h in cue_hits(flat, fighting))


def code_sentence(sent: Any, document: Any) -> Coding | None:
    """The best-scoring sub-event type or non-conflict class for a sentence, if any."""
    doc = sent.doc
    flat = flatten(sent)
    lex = lexicon()
    # Cues first: their needles are tested once for the whole lexicon, while `unless` and
    # `requires` are regex searches; most sub-types have no cue in a sentence.
    cues = lex.candidates(flat)
    candidates: list[Coding] = []
    for subtype in lex.subtypes.values():
        hits = matching(flat, cues.get(subtype.name, []))
        if not hits or any_match(flat, subtype.unless) or (
            subtype.requires and not any_match(flat, subtype.requires)
        ):
            continue
        hits = _real_hits(hits, doc)
        if hits:
            best = max(hits, key=lambda h: h.cue.weight)
            candidates.append(
                Coding(subtype.name, subtype.event_type, hits_score(hits), best.token)
            )
    territory = territory_coding(doc, flat, document)
    if territory is not None:
        candidates.append(territory)
    for label in lex.non_conflict:
        hits = matching(flat, cues.get(label, []))
        if hits:
            candidates.append(Coding(label, None, hits_score(hits), hits[0].token))
    candidates = apply_overrides([c for c in candidates if c.score >= MIN_SCORE])
    if not candidates:
        return None
    # Ties go to non-conflict readings, then to the earlier-listed (more specific) type.
    best = max(candidates, key=lambda c: (c.score, not c.conflict))
    return best


def apply_overrides(candidates: list[Coding]) -> list[Coding]:
    """Let a more specific reading replace the readings it refines (data: `overrides`).

    "Protesters clashed with police" fires both Peaceful protest and Violent demonstration;
    the second refines the first, so it takes the better of the two scores (plus a little,
    so that it also beats readings the first one was competing with).
    """
    subtypes = lexicon().subtypes
    by_label = {c.label: c for c in candidates}
    replaced: set[str] = set()
    boosted = {}
    for cand in candidates:
        spec = subtypes.get(cand.label)
        if spec is None:
            continue
        # a non-conflict reading (no sub-type of its own) gives way only to a reading as strong
        refined = [
            by_label[o] for o in spec.overrides
            if o in by_label and o != cand.label
            and (o in subtypes or by_label[o].score <= cand.score)
        ]
        if refined:
            replaced.update(r.label for r in refined)
            top = max([cand.score] + [r.score for r in refined])
            boosted[cand.label] = Coding(cand.label, cand.event_type, top + OVERRIDE_BONUS,
                                         cand.trigger)
    return [boosted.get(c.label, c) for c in candidates if c.label not in replaced]
