"""Match the event cues of data/events.yaml against a parsed sentence.

A cue is a small pattern over lemmas and lower-cased words (the pattern language is described
at the top of data/events.yaml). Each sentence is flattened once into one string of
`lemma/word` tokens, with hyphens dropped so that "air-strike" and "air strike" read alike;
cues are regular expressions over that string, each pattern word matching a token's lemma or
its word, and every match is mapped back to the token that triggered it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from contested.lexicon import load_yaml

#: Tokens a gap may skip. `~` (4): "claimed responsibility" and "claimed full responsibility
#: for" both match `claim ~ responsibility`, while a cue cannot reach across a clause. `~~` (8)
#: joins a verb to its object across a noun phrase ("drove the militants back from a village").
GAPS = {"~": 4, "~~": 8}


@dataclass(frozen=True)
class Cue:
    """One compiled cue: every `&`-part must match; the first part's match is the trigger."""

    label: str
    weight: float
    pattern: str
    parts: tuple[re.Pattern[str], ...]
    #: Per part, literal words one of which must occur in the sentence for it to match: a
    #: substring test that spares most regex searches (the stage runs ~500 cues a sentence).
    needles: tuple[frozenset[str], ...] = ()

    def may_match(self, text: str) -> bool:
        # Plain loops: called ~500 times a sentence, where nested generators cost 2x.
        for needles in self.needles:
            for needle in needles:
                if needle in text:
                    break
            else:
                return False
        return True


@dataclass(frozen=True)
class Hit:
    """A cue that matched a sentence, with the token index (in the Doc) of its trigger."""

    cue: Cue
    token: int


@dataclass(frozen=True)
class FlatSentence:
    """A sentence as one string of `lemma/word` tokens plus, per character, its token index."""

    text: str
    index: tuple[int, ...]

    def find(self, regex: re.Pattern[str]) -> list[int]:
        """Token indices (in the Doc) where the pattern's matches start."""
        return sorted({self.index[m.start()] for m in regex.finditer(self.text)})


def flatten(span: Any) -> FlatSentence:
    """Flatten a spaCy span (a sentence) for cue matching; hyphens and spaces are dropped and
    date or time expressions become one placeholder word; a named place's lemma is "#place"."""
    parts, index = [" "], [-1]
    for token in span:
        if token.is_space or token.text in {"-", "–", "—"}:
            continue
        if token.ent_type_ in {"DATE", "TIME"}:  # "14 March" is no march, "May" no modal
            value = "#date/#date "
        elif token.ent_type_ in {"GPE", "LOC", "FAC"}:  # a named place: "#place/garma"
            value = f"#place/{token.lower_.replace('/', '')} "
        else:
            value = f"{token.lemma_.lower().replace('/', '')}/{token.lower_.replace('/', '')} "
        parts.append(value)
        index.extend([token.i] * len(value))
    return FlatSentence("".join(parts), tuple(index))


def _word_regex(word: str, groups: dict[str, list[str]]) -> str:
    """A pattern word matches a token when it equals (or, with `*`, starts) its lemma or word."""
    if word.startswith("@"):
        entries = groups[word[1:]]
        return "(?:" + "|".join(_phrase_regex(str(e), groups) for e in entries) + ")"
    if word.endswith("*"):
        w = re.escape(word[:-1])
        return rf"(?:{w}[^ /]*/[^ ]*|[^ /]*/{w}[^ ]*)"
    w = re.escape(word)
    return rf"(?:{w}/[^ ]*|[^ /]*/{w}(?= ))"


def _phrase_regex(phrase: str, groups: dict[str, list[str]]) -> str:
    out = ""
    for word in phrase.replace("-", " ").split():
        if word in GAPS:
            out += r"(?: \S+){0," + str(GAPS[word]) + "}"
            continue
        if word.startswith("!"):  # the next token must not be this word ("riot !police")
            out += "(?! " + _word_regex(word[1:], groups) + ")"
            continue
        piece = _word_regex(word, groups)
        out += (" " + piece) if out else piece
    return out


def compile_pattern(pattern: str, groups: dict[str, list[str]]) -> tuple[re.Pattern[str], ...]:
    """Compile a cue pattern into one regex per `&`-part (bounded by spaces on both sides)."""
    return tuple(
        re.compile(r"(?<= )" + _phrase_regex(part.strip(), groups) + r"(?= )")
        for part in pattern.split("&")
    )


def needles(pattern: str, groups: dict[str, list[str]]) -> tuple[frozenset[str], ...]:
    """For each `&`-part, the literal first words (without `*`) that its matches start with."""
    return tuple(frozenset(_first_words(part.strip(), groups)) for part in pattern.split("&"))


def _first_words(phrase: str, groups: dict[str, list[str]]) -> set[str]:
    first = phrase.replace("-", " ").split()[0]
    if first.startswith("@"):
        return {w for entry in groups[first[1:]] for w in _first_words(str(entry), groups)}
    return {first.rstrip("*")}


def _cues(label: str, rows: list[list[Any]], groups: dict[str, list[str]]) -> list[Cue]:
    return [
        Cue(label, float(weight), str(pattern), compile_pattern(str(pattern), groups),
            needles(str(pattern), groups))
        for weight, pattern in rows
    ]


@dataclass(frozen=True)
class SubType:
    """One ACLED sub-event type: its event type, cues and sentence-level conditions."""

    name: str
    event_type: str
    cues: tuple[Cue, ...]
    unless: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...]
    overrides: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Everything data/events.yaml defines, compiled once per process."""

    groups: dict[str, list[str]]
    subtypes: dict[str, SubType]
    non_conflict: dict[str, tuple[Cue, ...]]
    modality: dict[str, frozenset[str]]

    def group(self, name: str) -> re.Pattern[str]:
        """The compiled pattern for one word group (compiled once per process)."""
        return _group_regex(name)


@cache
def lexicon() -> Lexicon:
    """Load and compile data/events.yaml."""
    data = load_yaml("events")
    groups: dict[str, list[str]] = {k: [str(e) for e in v] for k, v in data["groups"].items()}
    groups["attack_verb"] = [str(e) for e in data["attack_verbs"]]
    subtypes = {}
    for name, spec in data["subtypes"].items():
        subtypes[name] = SubType(
            name=name,
            event_type=spec["event_type"],
            cues=tuple(_cues(name, spec.get("cues") or [], groups)),
            unless=tuple(compile_pattern(str(u), groups)[0] for u in spec.get("unless", [])),
            requires=compile_pattern(spec["requires"], groups) if "requires" in spec else (),
            overrides=tuple(spec.get("overrides", [])),
        )
    non_conflict = {
        label: tuple(_cues(label, rows, groups)) for label, rows in data["non_conflict"].items()
    }
    modality = {k: frozenset(str(w).lower() for w in v) for k, v in data["modality"].items()}
    return Lexicon(groups, subtypes, non_conflict, modality)


@cache
def _group_regex(name: str) -> re.Pattern[str]:
    return compile_pattern("@" + name, lexicon().groups)[0]


def cue_hits(flat: FlatSentence, cues: tuple[Cue, ...]) -> list[Hit]:
    """Every cue whose parts all match the sentence, triggered at its first part's match."""
    hits = []
    for cue in cues:
        if not cue.may_match(flat.text):
            continue
        first = flat.find(cue.parts[0])
        if first and all(flat.find(part) for part in cue.parts[1:]):
            hits.append(Hit(cue, first[0]))
    return hits


def any_match(flat: FlatSentence, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(flat.find(p) for p in patterns)


def hits_score(hits: list[Hit]) -> float:
    """Score a set of hits, counting each trigger token once (at its strongest cue)."""
    best: dict[int, float] = {}
    for hit in hits:
        best[hit.token] = max(best.get(hit.token, 0.0), hit.cue.weight)
    return combined_score(list(best.values()))


def combined_score(weights: list[float]) -> float:
    """The strongest cue decides; further distinct cues add a little (0.3, then 0.1).

    Summing all weights would let a family with many synonyms ("protest", "protesters",
    "rally") outvote a single decisive cue ("tear gas"); taking only the maximum would throw
    away corroboration. The 0.3/0.1 tail was set by hand on hand-written sentences.
    """
    ranked = sorted(weights, reverse=True)
    return sum(w * f for w, f in zip(ranked, (1.0, 0.3, 0.1), strict=False))
