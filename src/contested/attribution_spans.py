"""Attribution triples and the character spans they are made of.

Spans are character offsets into the article text, cut from spaCy tokens: a token's subtree,
trimmed of edge punctuation but keeping quote marks, as PolNeAR annotates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Range = tuple[int, int]
#: Quote marks (kept at the edges of content spans, as PolNeAR annotates them).
QUOTE_CHARS = frozenset("“”\"‘’'")
#: Tokens that close a direct quote.
CLOSING_QUOTES = frozenset({"”", '"', "''"})


@dataclass(frozen=True)
class Attribution:
    """One source–cue–content triple, with character offsets."""

    cue: Range
    content: tuple[Range, ...]
    source: Range | None = None
    quote: bool = False
    lemma: str = ""
    rule: str = "verb"
    #: Token index of the cue's head word (for linking attributions to each other).
    cue_token: int = -1
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def content_span(self) -> Range:
        """The content's outer range (first fragment start to last fragment end)."""
        return (self.content[0][0], self.content[-1][1])


def char_range(tokens: Iterable[Any]) -> Range | None:
    """Character range covering `tokens`, trimmed of edge punctuation other than quote marks."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and _trim(toks[0]):
        toks.pop(0)
    while toks and _trim(toks[-1]):
        toks.pop()
    if not toks:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _trim(tok: Any) -> bool:
    quote_mark = tok.text in QUOTE_CHARS or tok.text in CLOSING_QUOTES
    return (tok.is_punct and not quote_mark) or tok.is_space or tok.dep_ == "cc"


def subtree_range(tok: Any, exclude: Any | None = None) -> Range | None:
    """Range of a token's subtree, optionally cut before a child subtree (`exclude`)."""
    toks = list(tok.subtree)
    if exclude is not None:
        cut = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in cut]
        # keep the contiguous part on the side of `tok` only
        toks = [t for t in toks if (t.i < exclude.left_edge.i) == (tok.i < exclude.left_edge.i)]
    return char_range(toks)


def join_ranges(ranges: Iterable[Range | None]) -> Range | None:
    present = [r for r in ranges if r is not None]
    if not present:
        return None
    return (min(r[0] for r in present), max(r[1] for r in present))


def doc_text(doc: Any) -> str:
    """The Doc's text, cached (spaCy rebuilds `doc.text` from the tokens on every access)."""
    cached = doc.user_data.get("contested_text")
    if cached is None:
        cached = doc.user_data["contested_text"] = doc.text
    return cached
