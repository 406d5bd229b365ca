"""The shortcuts of the events and casualties stages give what the plain searches give.

Needles (words a cue cannot match without), searches started at the first token that can start
a match, the shared token table and the casualty figure prefilter only skip work: every test
here compares a shortcut with the plain computation it replaces, on the hand-written event
sentences and a few made for the edge cases. No model: a blank English tokenizer, with each
token's lemma set to its lower-cased form (and hand-set entities), gives the parses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from spacy.tokens import Span

from contested.event_coding import _territory_needles, _territory_patterns, _territory_starts
from contested.event_rules import FlatSentence, flatten, lexicon, matching
from contested.model import Document
from contested.numbers import read_count
from contested.stages import casualties
from contested.token_table import token_table

SENTENCES = Path(__file__).resolve().parents[1] / "data" / "event_sentences.yaml"

#: Edge cases: prefix cues ("bomb*"), hyphens, a date and a place entity, repeated cues, a
#: sentence with no cue, figures before and after their outcome, running totals, ordinals.
EXTRA = [
    "Air-strikes and airstrikes hit the bombed-out town; bombers bombed it again.",
    "On 14 March troops entered Garma and took control of the district.",
    "The rebels were driven out of the village after heavy fighting.",
    "Nothing happened here at all.",
    "At least 12 people were killed and two others were injured when rebels attacked.",
    "The death toll rose to 31 in total, killing at least nine more.",
    "The 34th fighter was killed so far this year; a dozen were wounded.",
    "Gunmen opened fire on a bus, killing five passengers and wounding eight.",
]

_NLP = spacy.blank("en")


def _doc(text: str) -> Any:
    doc = _NLP(text)
    for token in doc:
        token.lemma_ = token.lower_
    ents = []
    for token in doc:
        if token.text in {"14", "March"}:
            ents.append(Span(doc, token.i, token.i + 1, label="DATE"))
        elif token.text == "Garma":
            ents.append(Span(doc, token.i, token.i + 1, label="GPE"))
    doc.ents = ents
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    return doc


def _texts() -> list[str]:
    rows = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    return [r["text"] for r in rows] + EXTRA


@pytest.fixture(scope="module")
def flats() -> list[FlatSentence]:
    return [flatten(_doc(text)[:]) for text in _texts()]


def _plain_hits(flat: FlatSentence, cues: tuple[Any, ...]) -> list[tuple[str, int]]:
    """Cue hits as found before any shortcut: every regex searched over the whole sentence."""
    hits = []
    for cue in cues:
        first = sorted(flat.token_at(m.start()) for m in cue.parts[0].finditer(flat.text))
        if first and all(part.search(flat.text) for part in cue.parts[1:]):
            hits.append((cue.pattern, first[0]))
    return hits


def test_candidate_cues_hit_as_every_cue_searched_in_full(flats: list[FlatSentence]) -> None:
    lex = lexicon()
    labels = [(s.name, s.cues) for s in lex.subtypes.values()] + list(lex.non_conflict.items())
    fired = 0
    for flat in flats:
        candidates = lex.candidates(flat)
        for label, cues in labels:
            found = [(h.cue.pattern, h.token) for h in matching(flat, candidates.get(label, []))]
            assert found == _plain_hits(flat, cues), (flat.text, label)
            fired += len(found)
    assert fired > len(flats)  # the sentences do exercise the cues


def test_candidates_are_the_cues_whose_needles_are_all_present(flats: list[FlatSentence]) -> None:
    lex = lexicon()
    for flat in flats:
        expected: dict[str, list[Any]] = {}
        for cue in lex.cues:
            if cue.may_match(flat):
                expected.setdefault(cue.label, []).append(cue)
        assert lex.candidates(flat) == expected


def test_territory_search_from_start_needles_finds_every_match(flats: list[FlatSentence]) -> None:
    for flat in flats:
        for kind, patterns in _territory_patterns().items():
            for number, pattern in enumerate(patterns):
                plain = flat.find(pattern)
                if any(n.isdisjoint(flat.needles) for n in _territory_needles()[kind][number]):
                    assert plain == []
                    continue
                assert flat.find(pattern, _territory_starts()[kind][number]) == plain


def test_token_at_maps_every_character_to_its_token() -> None:
    doc = _doc("Militants - armed with rifles -  attacked the post.")
    flat = flatten(doc[:])
    pieces = [(t.i, f"{t.lemma_}/{t.lower_} ") for t in doc if not t.is_space and t.text != "-"]
    expected = [-1] + [i for i, piece in pieces for _ in piece]
    assert " " + "".join(p for _, p in pieces) == flat.text
    assert [flat.token_at(pos) for pos in range(len(flat.text))] == expected


def test_token_table_words_are_the_token_attributes() -> None:
    doc = _doc("On 14 March  troops entered Garma.\n\nIt's Air-Strike time!")
    words = token_table(doc).words
    for token, word in zip(doc, words, strict=True):
        assert (word.lower, word.lemma, word.text, word.ent, word.is_space) == (
            token.lower_, token.lemma_.lower(), token.text, token.ent_type_, token.is_space
        )


def _plain_figures(sent: Any, document: Document) -> list[Any]:
    """Figures as found before the prefilter: every token tried as a figure's start."""
    tokens = [t for t in sent if not t.is_space]
    cumulative = bool(casualties.vocabulary().cumulative.search(flatten(sent).text))
    figures: list[Any] = []
    used: set[int] = set()
    for i in range(len(tokens)):
        if i in used:
            continue
        figure = None
        count = casualties._count_at(tokens, i, cumulative)
        if count is not None:
            figure = casualties._after_count(tokens, i, count, document)
        outcome = casualties._outcome_at(tokens, i) if figure is None else None
        if figure is None and outcome is not None:
            figure = casualties._after_verb(tokens, i, outcome[0], cumulative, document)
        if figure is None:
            figure = casualties._after_toll(tokens, i, cumulative)
        if figure is not None and not any(f.start <= figure.start < f.end for f in figures):
            figures.append(figure)
            used.update(k for k in range(len(tokens)) if figure.start <= tokens[k].idx < figure.end)
    return figures


def test_figure_prefilter_finds_every_figure() -> None:
    found = 0
    for text in _texts():
        document = Document(text=text)
        document._spacy = _doc(text)
        sent = document.spacy[:]
        figures, _ = casualties.sentence_figures(sent, document)
        assert figures == _plain_figures(sent, document), text
        found += len(figures)
    assert found >= 5


def _count_words() -> list[str]:
    from contested.numbers import conventions

    conv = conventions()
    words = [*conv.units, *conv.tens, *conv.scales, *conv.ordinals, *(p[0] for p in conv.vague)]
    words += [f"{t}-{u}" for t in conv.tens for u in ("one", "first", "a")]
    return words + ["34", "1,200", "3.5", "21st", "no", "nobody", "none", "the", "-", ""]


def test_count_starts_admits_every_word_a_count_can_start_with() -> None:
    from contested.numbers import count_starts, ordinal_value

    for word in _count_words():
        for after in (["people"], ["one"], ["-", "four"], ["hundred", "and", "two"]):
            if read_count([word, *after]) is not None or ordinal_value(word) is not None:
                assert count_starts()(word), word
    assert count_starts()("no") and count_starts()("nobody")  # "no one", "nobody" count 0
