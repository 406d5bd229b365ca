"""A Doc's token strings read once, for the rule stages that scan every token.

`token.lemma_` creates a Token object and looks its string up on every access; the events and
casualties stages read several strings of every token of every sentence. `token_table(doc)`
reads the tokens' form, lemma and entity type hashes with one `Doc.to_array` call and maps
each distinct triple to its strings once per process (`Word`), so that the stages index a
list instead. Tables are kept while their Doc lives (a weak-keyed cache: nothing is stored
in the Doc itself, whose `user_data` must stay serialisable). A table describes the Doc as it
was when first asked for: the stages after nlp only read the Doc, and whoever changes a Doc's
tokens or entities afterwards must not rely on an earlier table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from spacy.attrs import ENT_TYPE, LEMMA, ORTH


class Word:
    """A token's strings, as the token's own attributes give them, and what stages derive
    from them alone (`derived`: computed once per process for all tokens that share them,
    from lexicons that are also loaded once per process)."""

    __slots__ = ("derived", "ent", "is_space", "lemma", "lower", "text")

    def __init__(self, lower: str, lemma: str, text: str, ent: str, is_space: bool) -> None:
        self.lower = lower  # token.lower_
        self.lemma = lemma  # token.lemma_.lower()
        self.text = text  # token.text
        self.ent = ent  # token.ent_type_
        self.is_space = is_space  # token.is_space
        self.derived: dict[str, Any] = {}


@dataclass(frozen=True)
class TokenTable:
    """Per token of a Doc (by index): its `Word`."""

    words: list[Word]
    #: Results that several stages share (see `event_rules.flatten`).
    memo: dict[Any, Any] = field(default_factory=dict)


#: (form, lemma, entity type) hashes → Word. A hash names one string (spaCy relies on it),
#: and the lower-cased form and `is_space` are attributes of the form's lexeme, so the triple
#: fixes the Word. News vocabulary repeats: after a few hundred articles nearly every token
#: is found here. The bound keeps a long-running process's memory flat (~500 bytes a Word).
#: Keys are the triple's 24 bytes, as `to_array` lays them out (cheaper to make than tuples).
_WORDS: dict[bytes, Word] = {}
_KEY = np.dtype((np.void, 24))
MAX_WORDS = 1 << 18

_TABLES: WeakKeyDictionary[Any, TokenTable] = WeakKeyDictionary()


def token_table(doc: Any) -> TokenTable:
    """The table of a spaCy Doc, built on first use."""
    table = _TABLES.get(doc)
    if table is None:
        table = _TABLES[doc] = TokenTable(_words(doc))
    return table


def _words(doc: Any) -> list[Word]:
    if not len(doc):
        return []
    array = np.ascontiguousarray(doc.to_array([ORTH, LEMMA, ENT_TYPE]), dtype=np.uint64)
    keys = array.view(_KEY).ravel().tolist()
    words = list(map(_WORDS.get, keys))
    missing = [i for i, word in enumerate(words) if word is None]
    if len(_WORDS) + len(missing) > MAX_WORDS:
        _WORDS.clear()
    for i in missing:
        token = doc[i]
        words[i] = _WORDS[keys[i]] = Word(
            token.lower_, token.lemma_.lower(), token.text, token.ent_type_, token.is_space
        )
    return words
