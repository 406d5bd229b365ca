"""Find direct quotations in article text: curly and straight double quotes (and '' for a
straight one), across sentences.

News prose marks a quotation that runs over several paragraphs by opening every paragraph
with a quote mark and closing only the last one; a quote left open at a paragraph break is
therefore continued when the next paragraph opens with a quote mark, and dropped otherwise
(an unbalanced mark is a typo, not a paragraph-long quotation). Single quotes are left alone:
in English news they mark nested quotes or scare quotes far more often than speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CURLY = "“"
CLOSE_CURLY = "”"
STRAIGHT = '"'
#: Two apostrophes, which some wires and archives (the New York Times among them) use for a
#: straight double quote mark.
DOUBLED = "''"

_PARAGRAPH = re.compile(r"\n\s*\n")
_MARK = re.compile("''|[“”\"]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

#: A quotation of at least this many words, or ending in sentence punctuation, is speech; a
#: shorter one ("the “Panjshir lion”") is a name, a title or a scare quote. Four words keeps
#: fragments such as “absolutely right” out while speech fragments are almost always longer.
MIN_SPEECH_WORDS = 4


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include the quote marks; `parts` are the per-paragraph pieces."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]

    def word_count(self, text: str) -> int:
        """Number of words inside the quote marks."""
        return len(_WORD.findall(text[self.start : self.end]))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the blank-line separated paragraphs of `text`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in `text`, in order, each with its paragraph pieces."""
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote still open at a paragraph end
    for p_start, p_end in paragraphs(text):
        pieces, open_at = _quotes_in_paragraph(text, p_start, p_end)
        if pending and pieces and pieces[0][0] == _first_mark(text, p_start, p_end):
            first = pieces.pop(0)
            quotes.append(_make([*pending, first]))
            pending = []
        elif pending and open_at is not None and open_at == _first_mark(text, p_start, p_end):
            pending.append((open_at, p_end))
            continue
        pending = []
        quotes.extend(_make([piece]) for piece in pieces)
        if open_at is not None:
            pending = [(open_at, p_end)]
    return quotes


def is_speech(quote: Quote, text: str) -> bool:
    """Whether a quotation is reported speech rather than a name or scare quote."""
    inner = text[quote.start : quote.end].rstrip(CLOSE_CURLY + STRAIGHT + "'").rstrip()
    if quote.word_count(text) >= MIN_SPEECH_WORDS or inner[-1:] in {".", "?", "!"}:
        return True
    # a short quote that opens its sentence and ends with a comma is a reply ("“No,” he said")
    before = text[: quote.start].rstrip(" \t")
    return inner[-1:] == "," and (not before or before[-1] in ".?!'\n" + CLOSE_CURLY + STRAIGHT)


def _make(pieces: list[tuple[int, int]]) -> Quote:
    return Quote(start=pieces[0][0], end=pieces[-1][1], parts=tuple(pieces))


def _first_mark(text: str, start: int, end: int) -> int | None:
    """Offset of the paragraph's first non-space character if it is an opening quote mark."""
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    pos = start + stripped
    return pos if pos < end and (text[pos] in (OPEN_CURLY, STRAIGHT) or text.startswith(DOUBLED, pos)) else None


def _quotes_in_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes of one paragraph, and the offset of a quote left open at its end."""
    pieces: list[tuple[int, int]] = []
    open_at: int | None = None
    for mark in _MARK.finditer(text, start, end):
        pos, char = mark.start(), mark.group()
        straight = char in (STRAIGHT, DOUBLED)
        if char == OPEN_CURLY or (straight and open_at is None):
            open_at = pos
        elif (char == CLOSE_CURLY or straight) and open_at is not None:
            pieces.append((open_at, mark.end()))
            open_at = None
    return pieces, open_at
