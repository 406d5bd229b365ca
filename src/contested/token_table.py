"""A Doc's token attributes read once, as plain lists, for the rule stages that scan every token.

`token.lemma_` creates a Token object and looks its string up on every access; the events and
casualties stages read several attributes of every token of every sentence, some of them more
than once. `token_table(doc)` reads them all with one `Doc.to_array` call and keeps the lists
while the Doc lives (a weak-keyed cache: nothing is stored in the Doc itself, whose
`user_data` must stay serialisable), so each stage indexes lists instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from spacy.attrs import DEP, ENT_TYPE, IDX, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER, ORTH, POS
from spacy.attrs import SPACY as SPACE_AFTER

_ATTRS = [LOWER, LEMMA, ORTH, ENT_TYPE, POS, DEP, IDX, SPACE_AFTER, IS_SPACE, IS_PUNCT, LIKE_NUM]


@dataclass(frozen=True)
class TokenTable:
    """Per token of a Doc (by index): the attributes the rule stages read."""

    lower: list[str]  # token.lower_
    lemma: list[str]  # token.lemma_.lower()
    text: list[str]  # token.text
    ent: list[str]  # token.ent_type_
    pos: list[str]  # token.pos_
    dep: list[str]  # token.dep_
    idx: list[int]  # token.idx
    space_after: list[bool]  # bool(token.whitespace_)
    is_space: list[bool]
    is_punct: list[bool]
    like_num: list[bool]
    #: Per-sentence results that several stages share (see `event_rules.flatten`).
    memo: dict[Any, Any] = field(default_factory=dict)


_TABLES: WeakKeyDictionary[Any, TokenTable] = WeakKeyDictionary()


def token_table(doc: Any) -> TokenTable:
    """The table of a spaCy Doc, built on first use."""
    table = _TABLES.get(doc)
    if table is None:
        table = _TABLES[doc] = _build(doc)
    return table


def _build(doc: Any) -> TokenTable:
    strings = doc.vocab.strings
    columns = list(zip(*doc.to_array(_ATTRS).tolist(), strict=True)) if len(doc) else [()] * 11
    lower, lemma, orth, ent, pos, dep, idx, space_after, is_space, is_punct, like_num = columns

    def names(hashes: tuple[int, ...], lowered: bool = False) -> list[str]:
        lookup = {h: strings[h] for h in set(hashes)}
        if lowered:
            lookup = {h: s.lower() for h, s in lookup.items()}
        return [lookup[h] for h in hashes]

    return TokenTable(
        lower=names(lower),
        lemma=names(lemma, lowered=True),
        text=names(orth),
        ent=names(ent),
        pos=names(pos),
        dep=names(dep),
        idx=list(idx),
        space_after=[bool(v) for v in space_after],
        is_space=[bool(v) for v in is_space],
        is_punct=[bool(v) for v in is_punct],
        like_num=[bool(v) for v in like_num],
    )
