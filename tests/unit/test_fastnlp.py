"""FastAttributeRuler applies an AttributeRuler's patterns with spaCy's precedence.

Built on a blank English vocabulary and hand-made Docs (no model): every test compares the
fast ruler with spaCy's own on the same patterns and tokens.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.pipeline import AttributeRuler  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from contested.fastnlp import FastAttributeRuler  # noqa: E402

WORDS = ["But", "they", "said", "that", "a", "NRF", "fighter", "was", "killed", "but", "we", "won", "."]
TAGS = ["CC", "PRP", "VBD", "IN", "DT", "NNP", "NN", "VBD", "VBN", "CC", "PRP", "VBD", "."]
DEPS = ["advmod", "nsubj", "ROOT", "mark", "det", "compound", "nsubjpass", "auxpass", "ccomp",
        "cc", "nsubj", "conj", "punct"]
HEADS = [2, 2, 2, 8, 6, 6, 8, 8, 2, 8, 11, 8, 2]

PATTERNS = [
    {"patterns": [[{"TAG": "CC"}]], "attrs": {"POS": "CCONJ", "MORPH": "ConjType=Cmp"}},
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"}},
    {"patterns": [[{"TAG": "CC", "LOWER": "but", "DEP": "advmod"}]], "attrs": {"POS": "ADV"}},
    {"patterns": [[{"TAG": "PRP", "LOWER": {"IN": ["they", "we"]}}]], "attrs": {"LEMMA": "PLURAL"}},
    {"patterns": [[{"TAG": "IN", "LOWER": {"NOT_IN": ["of", "in"]}}]], "attrs": {"POS": "SCONJ"}},
    {"patterns": [[{"LOWER": "was"}, {"TAG": "VBN"}]], "attrs": {"POS": "AUX"}, "index": 0},
    {"patterns": [[{"LOWER": "was"}, {"TAG": "VBN"}]], "attrs": {"MORPH": "Voice=Pass"}, "index": -1},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"LEMMA": "LATE"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
]


def _doc(vocab, with_deps: bool = True) -> Doc:
    if with_deps:
        return Doc(vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)
    return Doc(vocab, words=WORDS, tags=TAGS)


def _signature(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.fixture
def ruler():
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(PATTERNS)
    return stock


@pytest.mark.parametrize("with_deps", [True, False])
def test_fast_ruler_matches_spacy_ruler(ruler, with_deps: bool) -> None:
    expected = _signature(ruler(_doc(ruler.vocab, with_deps)))
    fast = FastAttributeRuler(ruler)
    assert _signature(fast(_doc(ruler.vocab, with_deps))) == expected
    # A second document hits the cache; the answer must not change.
    assert _signature(fast(_doc(ruler.vocab, with_deps))) == expected


def test_later_patterns_win_and_multi_token_patterns_apply(ruler) -> None:
    doc = FastAttributeRuler(ruler)(_doc(ruler.vocab))
    assert doc[0].pos_ == "ADV"  # the DEP-specific pattern comes after the TAG one
    assert doc[9].pos_ == "CCONJ"  # same word, other dependency
    assert doc[7].pos_ == "AUX" and str(doc[8].morph) == "Voice=Pass"
    assert doc[2].lemma_ == "LATE"


def test_only_multi_token_patterns_go_to_the_matcher(ruler) -> None:
    fast = FastAttributeRuler(ruler)
    assert fast._multi_count == 2
