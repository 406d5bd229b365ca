"""Text stage: refuse what cannot be an article, warn about what will extract poorly.

Offsets in every report point into `Document.text`, so this stage never rewrites the text
except for newline normalisation (\\r\\n → \\n), which readers already apply, and for
replacing unpaired surrogates (which no encoder can write) one for one with U+FFFD, which
keeps every offset.
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

#: Share of letters that must be Latin for the function-word test to mean anything; below it
#: the text is mostly in another script (Arabic, Cyrillic, CJK…). English news that quotes Dari
#: or Pashto names stays far above it.
MIN_LATIN_SHARE = 0.5

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")


def check_text(document: Document) -> Document:
    """Reject empty, binary or oversized text; warn when the text does not look English."""
    _replace_surrogates(document)
    text = document.text
    if not text.strip():
        raise InputError("empty article: no text to extract from")
    if len(text) > MAX_CHARS:
        raise InputError(f"article too large: {len(text):,} characters (limit {MAX_CHARS:,})")
    if "\x00" in text or len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError("binary data, not text")
    document.warnings += language_warnings(text)
    return document


def language_warnings(text: str) -> list[str]:
    """Why the text will extract poorly: no words, another script, or another language."""
    sample = text[:40_000]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return ["text has no words (only digits, symbols or spaces); nothing to extract"]
    latin = len(_LATIN.findall(sample)) / letters
    if latin < MIN_LATIN_SHARE:
        return [
            f"text is mostly not in Latin script ({1 - latin:.0%} of letters); it does not "
            "look like English and extraction quality will be poor"
        ]
    share = english_share(text)
    if share is not None and share < MIN_ENGLISH_SHARE:
        return [
            f"text does not look like English ({share:.0%} English function words); "
            "extraction quality will be poor"
        ]
    return []


def _replace_surrogates(document: Document) -> None:
    """Unpaired surrogates (from JSON escapes or careless callers) cannot be written as UTF-8;
    replace each with U+FFFD so that offsets stay put and the report can be serialised."""
    if _SURROGATE.search(document.text):
        document.text = _SURROGATE.sub("\ufffd", document.text)
        document.warnings.append("text had unpaired surrogates; replaced with U+FFFD")
    meta = document.article
    fields = {"id": meta.id, "title": meta.title, "outlet": meta.outlet, "url": meta.url}
    dirty = {k: _SURROGATE.sub("\ufffd", v) for k, v in fields.items() if v and _SURROGATE.search(v)}
    if dirty:
        document.article = meta.model_copy(update=dirty)


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
