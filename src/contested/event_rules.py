"""Match the event cues of data/events.yaml against a parsed sentence.

A cue is a small pattern over lemmas and lower-cased words (the pattern language is described
at the top of data/events.yaml). Each sentence is flattened once into one string of
`lemma/word` tokens, with hyphens dropped so that "air-strike" and "air strike" read alike;
cues are regular expressions over that string, each pattern word matching a token's lemma or
its word, and every match is mapped back to the token that triggered it.

A cue cannot match a sentence that lacks a token for one of its words, and its matches start
at a token for its first word. Each token's "needles" (the pattern words it can stand for)
are found once per distinct token (`contested.token_table`), so a sentence's candidate cues
come from a few set operations (`Lexicon.candidates`) and each regex search starts at the
first token that can start a match: the same matches as searching every cue over every
sentence, at a fraction of the cost (tests/unit/test_events_prefilter.py compares them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate
from typing import Any

from contested.lexicon import load_yaml
from contested.token_table import TokenTable, Word, token_table

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
    #: Per word of the pattern, the words one of which a token's lemma or word must be (`w`)
    #: or start with (`w*`) for the cue to match (see `needles`): a set test that spares
    #: most regex searches.
    needles: tuple[frozenset[str], ...] = ()
    #: Per part, the needles of its first word: a part's matches start at a token that has
    #: one (`FlatSentence.search_from`).
    starts: tuple[frozenset[str] | None, ...] = ()

    def may_match(self, flat: FlatSentence) -> bool:
        """False when the sentence lacks a needle of some word (then the cue cannot match)."""
        return not any(part.isdisjoint(flat.needles) for part in self.needles)


@dataclass(frozen=True)
class Hit:
    """A cue that matched a sentence, with the token index (in the Doc) of its trigger."""

    cue: Cue
    token: int


@dataclass(frozen=True)
class FlatSentence:
    """A sentence as one string of `lemma/word` tokens, after a leading space.

    `offsets[k]` is where the piece of the sentence's k-th token (Doc index `start + k`)
    begins; a token left out has an empty piece, so its offset equals the next one's.
    """

    text: str
    start: int
    offsets: list[int]
    #: Per token, the lexicon's needles its piece satisfies (see `needles`).
    token_needles: list[frozenset[str]]

    def token_at(self, position: int) -> int:
        """The Doc index of the token whose piece holds `position` (-1 for the leading space)."""
        k = bisect_right(self.offsets, position) - 1
        return -1 if k < 0 else self.start + k

    def find(self, regex: re.Pattern[str], starts: frozenset[str] | None = None) -> list[int]:
        """Token indices (in the Doc) where the pattern's matches start (`starts`: see
        `first`)."""
        pos = 0 if starts is None else self.search_from(starts)
        if pos is None:
            return []
        return sorted({self.token_at(m.start()) for m in regex.finditer(self.text, pos)})

    def first(self, regex: re.Pattern[str], starts: frozenset[str] | None = None) -> int | None:
        """The token index of the leftmost match (the first of `find`), without finding all;
        `starts`: the needles of the pattern's first word, if known (see `search_from`)."""
        pos = 0 if starts is None else self.search_from(starts)
        match = None if pos is None else regex.search(self.text, pos)
        return None if match is None else self.token_at(match.start())

    def search_from(self, starts: frozenset[str]) -> int | None:
        """Where the first token with one of `starts` (a pattern's first-word needles) begins:
        no match of the pattern starts before it (None: none starts anywhere). Searching from
        there skips the regex engine's attempts at every earlier position."""
        return min(map(self._first_needle.__getitem__, starts.intersection(self.needles)),
                   default=None)

    @cached_property
    def _first_needle(self) -> dict[str, int]:
        """Per needle of the sentence, where the first token that has it begins."""
        found: dict[str, int] = {}
        for offset, needles in zip(self.offsets, self.token_needles, strict=False):
            for needle in needles:
                found.setdefault(needle, offset)
        return found

    @cached_property
    def needles(self) -> frozenset[str]:
        """The lexicon's needles (see `Cue.needles`) that some token here satisfies."""
        return frozenset().union(*self.token_needles)


#: Tokens left out of the flattened sentence, so that "air-strike" reads as "air strike".
_DASHES = {"-", "–", "—"}


def flatten(span: Any) -> FlatSentence:
    """Flatten a spaCy span (a sentence) for cue matching; hyphens and spaces are dropped and
    date or time expressions become one placeholder word; a named place's lemma is "#place".

    Kept per Doc (`token_table`): the events and casualties stages flatten the same sentences.
    """
    table = token_table(span.doc)
    key = ("flat", span.start, span.end)
    flat = table.memo.get(key)
    if flat is None:
        pieces = _pieces(table)
        values = [piece for piece, _ in pieces[span.start : span.end]]
        offsets = list(accumulate(map(len, values), initial=1))
        needles = [needles for _, needles in pieces[span.start : span.end]]
        flat = table.memo[key] = FlatSentence(" " + "".join(values), span.start, offsets, needles)
    return flat


def _pieces(table: TokenTable) -> list[tuple[str, frozenset[str]]]:
    """Each token's `lemma/word ` piece of a flattened sentence ("" for a token left out),
    with the needles it satisfies."""
    pieces = table.memo.get("flat_pieces")
    if pieces is None:
        pieces = table.memo["flat_pieces"] = list(map(_piece, table.words))
    return pieces


def _piece(word: Word) -> tuple[str, frozenset[str]]:
    piece = word.derived.get("flat")
    if piece is None:
        value = _token_value(word)
        piece = word.derived["flat"] = (value, _chunk_needles(value[:-1]))
    return piece


def _token_value(word: Word) -> str:
    if word.is_space or word.text in _DASHES:
        return ""
    if word.ent in {"DATE", "TIME"}:  # "14 March" is no march, "May" no modal
        return "#date/#date "
    if word.ent in {"GPE", "LOC", "FAC"}:  # a named place: "#place/garma"
        return f"#place/{word.lower.replace('/', '')} "
    return f"{word.lemma.replace('/', '')}/{word.lower.replace('/', '')} "


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
    """One set per word that a match of the pattern needs: the word (`w`, or `w*` for a
    prefix), or for a group the first words of its entries.

    Every word of a pattern but a gap (`~`) or an excluded word (`!w`) must match a token for
    the pattern to match, and it matches where a token's lemma or word is, or starts with,
    one of its set: a sentence without such a token for each set needs no regex search.
    """
    return tuple(
        frozenset(_first_words(word, groups))
        for word in pattern.replace("-", " ").replace("&", " ").split()
        if word not in GAPS and not word.startswith("!")
    )


def _first_words(phrase: str, groups: dict[str, list[str]]) -> set[str]:
    first = phrase.replace("-", " ").split()[0]
    if first.startswith("@"):
        return {w for entry in groups[first[1:]] for w in _first_words(str(entry), groups)}
    return {first}


def _cues(label: str, rows: list[list[Any]], groups: dict[str, list[str]]) -> list[Cue]:
    return [
        Cue(label, float(weight), str(pattern), compile_pattern(str(pattern), groups),
            needles(str(pattern), groups),
            tuple(start_needles(part, groups) for part in str(pattern).split("&")))
        for weight, pattern in rows
    ]


def start_needles(part: str, groups: dict[str, list[str]]) -> frozenset[str] | None:
    """The needles of a part's first word, where its matches start (None when it opens with a
    gap or an excluded word: then they start elsewhere)."""
    first = part.replace("-", " ").split()[0]
    return None if first in GAPS or first.startswith("!") else frozenset(_first_words(first, groups))


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
    #: Every cue (sub-types', then non-conflict ones), and per needle the (cue number, word
    #: number) pairs it serves: `candidates` tests each needle once, not once per cue.
    cues: tuple[Cue, ...] = ()
    by_needle: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: The needles of every cue and of every word group (so those of patterns built from the
    #: groups, as event_coding's territory patterns are): exact words, and prefixes (`w*`).
    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()

    def group(self, name: str) -> re.Pattern[str]:
        """The compiled pattern for one word group (compiled once per process)."""
        return _group_regex(name)

    def candidates(self, flat: FlatSentence) -> dict[str, list[Cue]]:
        """Per label, in lexicon order, the cues whose every word has a needle in the sentence
        (those that `Cue.may_match`)."""
        seen: dict[int, int] = {}  # cue number -> bit mask of its words present
        for needle in flat.needles:
            for number, word in self.by_needle.get(needle, ()):
                seen[number] = seen.get(number, 0) | 1 << word
        found: dict[str, list[Cue]] = {}
        for number in sorted(seen):
            cue = self.cues[number]
            if seen[number] == (1 << len(cue.needles)) - 1:
                found.setdefault(cue.label, []).append(cue)
        return found


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
    cues = tuple(c for s in subtypes.values() for c in s.cues) + tuple(
        c for group in non_conflict.values() for c in group
    )
    by_needle: dict[str, list[tuple[int, int]]] = {}
    for number, cue in enumerate(cues):
        for word, words in enumerate(cue.needles):
            for needle in words:
                by_needle.setdefault(needle, []).append((number, word))
    universe = set(by_needle)
    for name in groups:
        universe |= _first_words("@" + name, groups)
    return Lexicon(
        groups, subtypes, non_conflict, modality, cues,
        {word: tuple(pairs) for word, pairs in by_needle.items()},
        frozenset(w for w in universe if not w.endswith("*")),
        frozenset(w[:-1] for w in universe if w.endswith("*")),
    )


@cache
def _group_regex(name: str) -> re.Pattern[str]:
    return compile_pattern("@" + name, lexicon().groups)[0]


def _chunk_needles(chunk: str) -> frozenset[str]:
    """The lexicon's needles that one `lemma/word` piece of a flattened sentence satisfies
    (computed once per `Word`, see `_piece`)."""
    lex = lexicon()
    found = set()
    for value in chunk.partition("/")[::2]:
        if value in lex.words:
            found.add(value)
        found.update(value[:n] + "*" for n in range(1, len(value) + 1)
                     if value[:n] in lex.prefixes)
    return frozenset(found)


def cue_hits(flat: FlatSentence, cues: tuple[Cue, ...] | list[Cue]) -> list[Hit]:
    """Every cue whose parts all match the sentence, triggered at its first part's match."""
    return matching(flat, [cue for cue in cues if cue.may_match(flat)])


def matching(flat: FlatSentence, cues: list[Cue]) -> list[Hit]:
    """`cue_hits` for cues already past the needle test (`Lexicon.candidates`)."""
    hits = []
    for cue in cues:
        starts = cue.starts or (None,) * len(cue.parts)
        first = flat.first(cue.parts[0], starts[0])
        if first is not None and all(
            flat.first(part, start) is not None
            for part, start in zip(cue.parts[1:], starts[1:], strict=True)
        ):
            hits.append(Hit(cue, first))
    return hits


def any_match(flat: FlatSentence, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(flat.text) for p in patterns)


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
