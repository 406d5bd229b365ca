"""What a claim is about (data/claim_kinds.yaml), and whether the article says it is unchecked.

The kinds follow what conflict analysts separate: casualty figures, territorial control,
attacks, denials, demands, intentions and negotiation. A lexicon, tried in a fixed order,
is enough for that: these topics have stable vocabularies in wire copy, and a reader of the
data file can see exactly why a claim got its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from contested.lexicon import load_yaml
from contested.model import ClaimKind

_NUMBER = re.compile(r"\b\d[\d,.]*(?:st|nd|rd|th)?\b|\b(?:dozens|hundreds|thousands|scores)\b", re.I)


@dataclass(frozen=True)
class KindRule:
    kind: ClaimKind
    cues: frozenset[str]
    context: re.Pattern[str] | None
    words: re.Pattern[str] | None
    counted: re.Pattern[str] | None


def _words(patterns: list[str] | None) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


@cache
def _rules() -> tuple[tuple[KindRule, ...], re.Pattern[str]]:
    data = load_yaml("claim_kinds")
    rules = tuple(
        KindRule(
            kind=raw["kind"],
            cues=frozenset(raw.get("cues") or []),
            context=_words(raw.get("context")),
            words=_words(raw.get("words")),
            counted=_words(raw.get("counted")),
        )
        for raw in data["kinds"]
    )
    unverified = _words(data["unverified"])
    assert unverified is not None
    return rules, unverified


def classify(content: str, cue_lemma: str = "", context: str = "") -> ClaimKind:
    """The kind of a claim from its content, its cue lemma and the words before the cue."""
    rules, _ = _rules()
    # The cue says most ("vowed to respond if attacked" is an intention), then the words
    # before it ("Contradicting the Taliban's claims, …"), then the content's vocabulary.
    for rule in rules:
        if cue_lemma in rule.cues:
            return rule.kind
    for rule in rules:
        if rule.context is not None and rule.context.search(context):
            return rule.kind
    for rule in rules:
        if rule.words is not None and rule.words.search(content):
            return rule.kind
        if rule.counted is not None and rule.counted.search(content) and _NUMBER.search(content):
            return rule.kind
    return "other"


def says_unverified(text: str) -> bool:
    """Whether `text` (the claim's sentence and the next one) says it could not be checked."""
    _, unverified = _rules()
    return bool(unverified.search(text))
