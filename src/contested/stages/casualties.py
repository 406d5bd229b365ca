"""casualties stage: killed / injured / captured figures, whose they are, and their event.

Three wordings carry a figure (words in data/casualties.yaml, numbers read by
`contested.numbers`):
  A. a count, the people it counts, then the outcome: "34 Taliban fighters killed",
     "two soldiers were wounded", "65 others injured";
  B. the outcome verb, then the count: "killing at least 12", "wounding eight soldiers";
  C. a toll noun, then the count: "the death toll rose to 20".
The victim side is the actor named among the counted people, the side of the previous
figure for "others", or "Civilians" for civilian nouns. Ordinals count only where the
sentence is cumulative ("the 34th fighter killed in total"). Each figure is linked to the
event of its sentence (else the nearest earlier one), and every event's `fatalities` is set
by the conservative rule: per victim side the lowest figure, summed over sides (running totals
are left out: they span several incidents).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from contested.event_rules import compile_pattern, flatten
from contested.lexicon import load_yaml
from contested.model import Casualty, Document, Event
from contested.numbers import Count, count_starts, ordinal_value, read_count
from contested.pipeline import Stage
from contested.stages.events import event_date
from contested.token_table import TokenTable, Word, token_table

#: Tokens between a count and its outcome word (pattern A): "34 Taliban fighters were
#: reportedly killed" needs 5; longer spans start to cross into another clause.
MAX_GAP_AFTER_COUNT = 6
#: Tokens between an outcome verb and its count (pattern B): "killing at least 12".
MAX_GAP_AFTER_VERB = 4
#: Tokens between a toll noun and its figure (pattern C): "the death toll has risen to 20".
MAX_GAP_AFTER_TOLL = 6

_SKIP_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"}
SLOTS = ("killed", "injured", "captured")


@dataclass(frozen=True)
class Vocabulary:
    outcomes: dict[str, frozenset[str]]  # slot → single words
    outcome_phrases: dict[str, tuple[tuple[str, ...], ...]]
    tolls: dict[str, tuple[tuple[str, ...], ...]]
    cumulative: Any  # compiled pattern
    victims: frozenset[str]
    civilians: frozenset[str]
    hedges: frozenset[str]
    #: Lemmas or words that can start an outcome or a toll: a token that is neither one nor
    #: the start of a count (`numbers.count_starts`) starts no figure.
    starts: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    data = load_yaml("casualties")
    words = {k: frozenset(w for w in v if " " not in w) for k, v in data["outcomes"].items()}
    phrases = {
        k: tuple(tuple(w.split()) for w in v if " " in w) for k, v in data["outcomes"].items()
    }
    tolls = {k: tuple(tuple(w.split()) for w in v) for k, v in data["tolls"].items()}
    cumulative = compile_pattern("@c", {"c": [str(c) for c in data["cumulative"]]})[0]
    starts = {w for v in words.values() for w in v}
    starts |= {p[0] for v in [*phrases.values(), *tolls.values()] for p in v}
    return Vocabulary(
        words, phrases, tolls, cumulative, frozenset(data["victims"]),
        frozenset(data["civilian_victims"]), frozenset(str(h) for h in data["hedges"]),
        frozenset(starts),
    )


@dataclass
class Figure:
    """One figure found in a sentence, before grouping by victim side."""

    slot: str
    value: int
    start: int  # character offsets of count … outcome
    end: int
    victims: tuple[int, int] | None  # token range of the counted people


def _keys(token: Any) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def _outcome_at(tokens: list[Any], j: int) -> tuple[str, int] | None:
    """(slot, length) when an outcome word or phrase starts at tokens[j]."""
    voc = vocabulary()
    lemma, word = _keys(tokens[j])
    for slot, phrases in voc.outcome_phrases.items():
        for phrase in phrases:
            if phrase[0] != lemma and phrase[0] != word:  # cheap first-word test (speed)
                continue
            window = tokens[j : j + len(phrase)]
            if len(window) == len(phrase) and all(
                p in _keys(t) for p, t in zip(phrase, window, strict=True)
            ):
                return slot, len(phrase)
    for slot, words in voc.outcomes.items():
        if lemma in words or word in words:
            return slot, 1
    return None


def _count_at(tokens: list[Any], i: int, cumulative: bool) -> Count | None:
    token = tokens[i]
    if token.ent_type_ in _SKIP_ENTITIES:
        return None
    if token.ent_type_ == "ORDINAL" or ordinal_value(token.lower_) is not None:
        value = ordinal_value(token.lower_)
        return Count(value, 1) if cumulative and value is not None else None
    words, spans = _words_from(tokens, i)
    if words[:2] == ["no", "one"] or words[0] == "nobody":
        return Count(0, 2 if words[0] == "no" else 1)
    count = read_count(words)
    if count is None:
        return None
    return Count(count.value, sum(spans[: count.length]), count.vague)


def _words_from(tokens: list[Any], i: int, size: int = 4) -> tuple[list[str], list[int]]:
    """Lower-cased words from tokens[i:], re-joining "thirty - four" (split by the tokenizer)
    into "thirty-four"; with how many tokens each word took."""
    words: list[str] = []
    spans: list[int] = []
    k = i
    while k < len(tokens) and len(words) < size:
        word, taken = tokens[k].lower_, 1
        if k + 2 < len(tokens) and tokens[k + 1].text == "-" and not tokens[k + 1].whitespace_:
            word, taken = f"{word}-{tokens[k + 2].lower_}", 3
        words.append(word)
        spans.append(taken)
        k += taken
    return words, spans


def _is_victim_range(tokens: list[Any], lo: int, hi: int, document: Document) -> bool:
    """Do tokens[lo:hi] name the counted people (a victim noun or an actor)?"""
    voc = vocabulary()
    if any(_keys(t)[1] in voc.victims or _keys(t)[0] in voc.victims for t in tokens[lo:hi]):
        return True
    if lo >= hi:
        return False
    # An actor names the counted people only as the phrase's head ("34 Taliban killed"), not
    # as a modifier of something else ("an Israeli airstrike killed": the strike killed).
    start, end = tokens[lo].idx, tokens[hi - 1].idx + len(tokens[hi - 1])
    return any(start <= m.start < end and m.end >= end for m in document.actor_mentions)


def _after_count(tokens: list[Any], i: int, count: Count, document: Document) -> Figure | None:
    """Pattern A: count, counted people, outcome."""
    first = i + count.length
    for j in range(first, min(len(tokens), first + MAX_GAP_AFTER_COUNT + 1)):
        token = tokens[j]
        outcome = _outcome_at(tokens, j)
        if outcome is not None:
            named = _is_victim_range(tokens, first, j, document)
            bare = all(t.pos_ in {"AUX", "ADV", "PART"} for t in tokens[first:j])
            if count.value is not None and (named or bare) and not (count.length == 1 and
                                                                     tokens[i].lower_ in {"a", "an"}
                                                                     and not named):
                end = tokens[j + outcome[1] - 1]
                return Figure(outcome[0], count.value, tokens[i].idx, end.idx + len(end),
                              (first, j))
            return None
        if token.is_punct or (token.pos_ == "VERB" and token.dep_ != "amod") or token.like_num:
            return None
    return None


def _after_verb(
    tokens: list[Any], j: int, slot: str, cumulative: bool, document: Document
) -> Figure | None:
    """Pattern B: outcome verb, then its count ("killing at least 12 people")."""
    verb = tokens[j]
    if verb.pos_ != "VERB" or any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return None  # a passive verb's figure comes before it (pattern A)
    for i in range(j + 1, min(len(tokens), j + 1 + MAX_GAP_AFTER_VERB)):
        token = tokens[i]
        count = _count_at(tokens, i, cumulative)
        if count is not None and tokens[i].lower_ not in {"a", "an"}:
            end = i + count.length
            hi = end
            while hi < len(tokens) and hi < end + 4 and tokens[hi].pos_ in {"NOUN", "PROPN", "ADJ"}:
                hi += 1
            if hi > end and not _is_victim_range(tokens, end, hi, document):
                return None  # "seized 200 rifles", "destroyed 3 tanks": not people
            last = tokens[hi - 1]
            return Figure(slot, count.value, tokens[j].idx, last.idx + len(last), (end, hi))
        if token.lower_ not in vocabulary().hedges and _outcome_at(tokens, i) is None:
            return None
    return None


def _after_toll(tokens: list[Any], j: int, cumulative: bool) -> Figure | None:
    """Pattern C: toll noun, then its figure ("the death toll rose to 20")."""
    voc = vocabulary()
    first = _keys(tokens[j])
    for slot, phrases in voc.tolls.items():
        for phrase in phrases:
            if phrase[0] not in first:  # cheap first-word test (speed)
                continue
            window = tokens[j : j + len(phrase)]
            if len(window) != len(phrase) or any(
                p not in _keys(t) for p, t in zip(phrase, window, strict=True)
            ):
                continue
            start = j + len(phrase)
            for i in range(start, min(len(tokens), start + MAX_GAP_AFTER_TOLL)):
                count = _count_at(tokens, i, cumulative)
                if count is not None and tokens[i].lower_ not in {"a", "an"}:
                    last = tokens[i + count.length - 1]
                    return Figure(slot, count.value, tokens[j].idx, last.idx + len(last), None)
            return None
    return None


def sentence_figures(sent: Any, document: Document) -> tuple[list[Figure], bool]:
    """Every figure in a sentence, and whether the sentence reads as a running total (False
    when it has no figure: nothing reads it then)."""
    table = token_table(sent.doc)
    starts = _figure_starts(table)
    # Every figure has an outcome or a toll word (patterns A and B end or start with the
    # outcome, C starts with the toll): most sentences have none, and no figure.
    if max(starts[sent.start : sent.end], default=_NO_START) < _OUTCOME_OR_TOLL:
        return [], False
    cumulative = bool(vocabulary().cumulative.search(flatten(sent).text))
    ids = [i for i in range(sent.start, sent.end) if not table.words[i].is_space]
    # Only tokens that can start a count, an outcome or a toll can start a figure; the rest
    # would be tried and give nothing (same figures, without reading every token's Token).
    candidates = [k for k, i in enumerate(ids) if starts[i]]
    tokens = [sent.doc[i] for i in ids]
    figures: list[Figure] = []
    used: set[int] = set()
    for i in candidates:
        if i in used:
            continue
        figure = None
        count = _count_at(tokens, i, cumulative)
        if count is not None:
            figure = _after_count(tokens, i, count, document)
        outcome = _outcome_at(tokens, i) if figure is None else None
        if figure is None and outcome is not None:
            figure = _after_verb(tokens, i, outcome[0], cumulative, document)
        if figure is None:
            figure = _after_toll(tokens, i, cumulative)
        if figure is not None and not any(f.start <= figure.start < f.end for f in figures):
            figures.append(figure)
            used.update(k for k in range(len(tokens)) if figure.start <= tokens[k].idx < figure.end)
    return figures, cumulative


#: What can start at a token (`_figure_starts`): nothing, a count, an outcome or a toll.
_NO_START, _COUNT, _OUTCOME_OR_TOLL = 0, 1, 2


def _figure_starts(table: TokenTable) -> list[int]:
    """Per token of the Doc: can a figure start there? `_NO_START`, `_COUNT`, or
    `_OUTCOME_OR_TOLL` (the first word of an outcome or a toll, whether or not a count)."""
    starts = table.memo.get("figure_starts")
    if starts is None:
        starts = table.memo["figure_starts"] = list(map(_may_start_figure, table.words))
    return starts


def _may_start_figure(word: Word) -> int:
    start = word.derived.get("figure_start")
    if start is None:
        start = word.derived["figure_start"] = _figure_start(word)
    return start


def _figure_start(word: Word) -> int:
    words = vocabulary().starts
    if word.lemma in words or word.lower in words:
        return _OUTCOME_OR_TOLL
    if word.ent not in _SKIP_ENTITIES and (word.ent == "ORDINAL" or count_starts()(word.lower)):
        return _COUNT
    return _NO_START


def victim_side(tokens: list[Any], figure: Figure, document: Document,
                previous: str | None) -> str | None:
    """The actor named among the counted people; "others" inherit the previous side."""
    if figure.victims is None:
        return previous
    lo, hi = figure.victims
    if lo >= hi:
        return previous
    start, end = tokens[lo].idx, tokens[hi - 1].idx + len(tokens[hi - 1])
    for mention in document.actor_mentions:
        if start <= mention.start < end and mention.via != "person":
            return mention.actor
    words = {t.lower_ for t in tokens[lo:hi]}
    if words & {"others", "other", "more"}:
        return previous
    if words & vocabulary().civilians:
        return "Civilians"
    return None


#: Event types whose events can have casualties (agreements and arrests do not kill).
VIOLENT_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests",
}


def find_casualties(document: Document) -> Document:
    """Fill document.casualties, link them to events and set event fatalities."""
    found = [pair for sent in document.spacy.sents for pair in sentence_casualties(sent, document)]
    casualties = [casualty for casualty, _ in found]
    document.casualties = casualties
    document._victims = {k: words for k, (_, words) in enumerate(found) if words is not None}
    for event in document.events:
        own = [c for c in casualties if c.event == event.id]
        event.fatalities = conservative_fatalities(own)
    return document


def sentence_casualties(
    sent: Any, document: Document
) -> list[tuple[Casualty, tuple[int, int] | None]]:
    """The figures of one sentence, one Casualty per victim side, each with the character
    range of the words for the counted people ("34 enemy fighters"), if any."""
    figures, cumulative = sentence_figures(sent, document)
    if not figures:
        return []
    tokens = [t for t in sent if not t.is_space]
    groups: list[Casualty] = []
    victims: dict[int, tuple[int, int]] = {}
    previous: str | None = None
    for figure in figures:
        side = victim_side(tokens, figure, document, previous)
        previous = side
        k = next(
            (k for k, c in enumerate(groups)
             if c.victim_side == side and getattr(c, figure.slot) is None),
            None,
        )
        if k is None:
            k = len(groups)
            groups.append(Casualty(victim_side=side, cumulative=cumulative))
        target = groups[k]
        setattr(target, figure.slot, figure.value)
        target.evidence.append(document.span(figure.start, figure.end))
        if figure.victims is not None and figure.victims[0] < figure.victims[1]:
            lo, hi = figure.victims
            victims[k] = (tokens[lo].idx, tokens[hi - 1].idx + len(tokens[hi - 1]))
    event = linked_event(document, sent.start_char, sent.end_char)
    for casualty in groups:
        casualty.event = event.id if event else None
        mention = event_date(document, sent.start_char, sent.end_char, casualty.evidence[0].start)
        casualty.date = (
            mention.date if mention and mention.start >= sent.start_char
            else (event.date if event else None) or (mention.date if mention else None)
            or document.article.published
        )
    return [(casualty, victims.get(k)) for k, casualty in enumerate(groups)]


def linked_event(document: Document, start: int, end: int) -> Event | None:
    """The violent event reported in the same sentence, else the nearest one before it,
    else the first one after it."""
    violent = [e for e in document.events if e.event_type in VIOLENT_TYPES and e.evidence]
    same = [e for e in violent if any(s.start < end and start < s.end for s in e.evidence)]
    if same:
        return same[0]
    before = [e for e in violent if min(s.start for s in e.evidence) < start]
    if before:
        return max(before, key=lambda e: max(s.start for s in e.evidence if s.start < start))
    return violent[0] if violent else None


def conservative_fatalities(casualties: list[Casualty]) -> int | None:
    """The lowest credible death toll: per victim side the lowest figure, summed over sides;
    None when nobody reported one. Running totals ("34 killed so far") span several
    incidents, so they stay in `casualties` but do not make one event's toll.
    """
    by_side: dict[str | None, list[Casualty]] = {}
    for casualty in casualties:
        if casualty.killed is not None and not casualty.cumulative:
            by_side.setdefault(casualty.victim_side, []).append(casualty)
    if not by_side:
        return None
    return sum(min(c.killed for c in figures if c.killed is not None)
               for figures in by_side.values())


STAGE = Stage(
    name="casualties",
    run=find_casualties,
    reads=frozenset({"events", "actors", "actor_mentions", "dates"}),
    writes=frozenset({"casualties", "events"}),
)
