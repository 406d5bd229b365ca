"""Text stage: refuse what cannot be an article, warn about what will extract poorly.

Offsets in every report point into `Document.text`, so this stage never rewrites the text
except for newline normalisation (\\r\\n → \\n), which readers already apply.
"""

from __future__ import annotations

import re

from contested.errors import InputError
from contested.lexicon import load_lexicon
from contested.model import Document
from contested.pipeline import Stage

#: Largest article accepted, in characters. The longest wire stories and long-form features
#: run to ~60k characters; 1M leaves room for transcripts while keeping a runaway scrape
#: (a whole site dumped into one record) from stalling a batch.
MAX_CHARS = 1_000_000

#: Share of control characters above which the input is taken for binary data.
MAX_CONTROL_SHARE = 0.01

#: English function words must make up at least this share of word tokens; English news
#: prose sits at 35-50%, while French, German or Spanish text scores below 10%.
MIN_ENGLISH_SHARE = 0.15

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")


def check_text(document: Document) -> Document:
    """Reject empty, binary or oversized text; warn when the text does not look English."""
    text = document.text
    if not text.strip():
        raise InputError("empty article: no text to extract from")
    if len(text) > MAX_CHARS:
        raise InputError(f"article too large: {len(text):,} characters (limit {MAX_CHARS:,})")
    if "\x00" in text or len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError("binary data, not text")
    share = english_share(text)
    if share is not None and share < MIN_ENGLISH_SHARE:
        document.warnings.append(
            f"text does not look like English ({share:.0%} English function words); "
            "extraction quality will be poor"
        )
    return document


def english_share(text: str, sample_words: int = 2000) -> float | None:
    """Share of word tokens that are English function words (None if there are too few)."""
    words = _WORD.findall(text[:40_000])[:sample_words]
    if len(words) < 8:
        return None
    function_words = load_lexicon("english_function_words")
    hits = sum(1 for w in words if w.lower() in function_words)
    return hits / len(words)


STAGE = Stage(
    name="text",
    run=check_text,
    reads=frozenset({"text"}),
    writes=frozenset({"warnings"}),
)
