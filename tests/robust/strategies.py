"""Hypothesis strategies for hostile article text.

News-like text is built from fragments that real feeds contain and stages find awkward:
numbers in every format, dates that do not exist, zero-width and bidirectional marks, Dari and
Pashto names beside English, quotes, very long sentences and text with no sentence at all.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

ACTORS = [
    "Taliban", "the Taliban", "NRF", "National Resistance Front", "Ahmad Massoud",
    "Zabihullah Mujahid", "Amrullah Saleh", "the Afghan army", "ISIS-K", "the Pentagon",
    "Reuters", "a local official", "residents", "he", "they", "its spokesman",
    # Dari/Pashto names in Arabic script, with the zero-width non-joiner they are written with
    "احمد مسعود", "ذبیح‌الله مجاهد", "امرالله صالح", "طالبان", "پنجشیر",
]
PLACES = [
    "Panjshir", "Kabul", "Jabul-Saraj", "Parwan province", "the Panjshir valley", "Bazarak",
    "Khost", "Kunduz", "Paris", "Springfield", "the north", "کابل", "Andarab",
]
VERBS = [
    "attacked", "killed", "captured", "said", "claimed", "denied", "told Reuters that",
    "were killed in", "clashed with", "shelled", "took control of", "surrendered to",
    "according to", "was confident that", "vowed to fight", "said on Twitter",
]
NUMBERS = [
    "34", "1,234", "1.234", "1 234", "12345678901234567890", "-5", "3.5", "½", "0",
    "٣٤", "۳۴", "three hundred", "dozens", "1e9", "0x1F", "1st", "34-65", "10,000,000,000",
    "99999999999999999999999999999999999999", "−7", "IV", "a hundred and one", "00",
]
DATES = [
    "February 30", "on 31/02/2021", "2021-02-30", "the 31st of April", "Feb. 29, 2021",
    "99/99/9999", "0000-00-00", "September 31, 2021", "on Wednesday", "last week",
    "yesterday", "in 10000", "in the year 0", "on 2021-13-45", "Monday, Feb 30", "1/1/1",
    "at dawn", "two days ago", "next year", "on 30 February 2021", "on 32nd March",
    "on 1/1/0001", "on 31/12/9999", "0001-01-01", "9999-12-31", "January 1, 1",
    "December 31, 9999", "last week of 9999",
]
ODD = [
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u200f", "\u200e", "\u202e", "\u2067", "\u2069",
    "\u0301", "\u00a0", "\u2028", "\u2029", "\x85", "\t", "\n", "\n\n", "  ", "\U0001f525",
    "\ufffd", "“", "”", "\"", "'", "«", "»", "—", "…", ":", ";", "(", ")", "[", "]", "%",
]
END = [".", ". ", "! ", "? ", ".\n", ".\n\n", "", "؟ ", "。"]

fragment = st.one_of(
    st.sampled_from(ACTORS),
    st.sampled_from(PLACES),
    st.sampled_from(VERBS),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(ODD),
)


@st.composite
def sentence(draw: st.DrawFn, max_fragments: int = 14) -> str:
    parts = draw(st.lists(fragment, min_size=1, max_size=max_fragments))
    return " ".join(parts) + draw(st.sampled_from(END))


#: Article-like text: a few sentences of hostile fragments.
news_text = st.lists(sentence(), min_size=1, max_size=8).map("".join)

#: Any Unicode text at all (hypothesis leaves out unpaired surrogates by default).
unicode_text = st.text(max_size=400)

#: Fragments with no sentence-ending punctuation and no line break at all.
no_sentence_text = st.lists(
    st.sampled_from(ACTORS + PLACES + NUMBERS + ["and", "the", "of", ","]), min_size=1, max_size=60
).map(" ".join)

#: Mixed scripts: English sentences with names and whole phrases in other scripts.
mixed_script_text = st.lists(
    st.one_of(sentence(), st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=40)),
    min_size=1,
    max_size=6,
).map(" ".join)


@st.composite
def long_sentence(draw: st.DrawFn) -> str:
    """One sentence of thousands of characters: a clause repeated with commas or no space."""
    clause = draw(sentence(max_fragments=6)).rstrip(".!? \n")
    joiner = draw(st.sampled_from([", ", " and ", " ", "-", ""]))
    repeats = draw(st.integers(min_value=50, max_value=400))
    return joiner.join([clause or "x"] * repeats) + "."


#: Publication dates anywhere in the calendar, to push relative-date arithmetic to its edges.
published = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
