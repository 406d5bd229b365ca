"""dates stage: explicit and relative date expressions, resolved against the publication date.

News is written in the past tense about the recent past, so a bare weekday ("on Wednesday")
means the latest such day on or before publication, and a day-month without a year ("September
2") takes the publication year unless that would put it more than a week in the future.
Without a publication date, relative expressions stay unresolved (date null, text kept).
Impossible dates ("February 30") are kept unresolved with a warning, never corrected silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from contested.model import DateMention, Document
from contested.pipeline import Stage

_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name: i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["Sept"] = 9
_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_PART = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PREP = r"(?:(?P<prep>(?i:on|by|since|until|from|as of))\s+)?"

#: A day-month can carry a year (mdy or dmy order).
_EXPLICIT = [
    rf"{_PREP}(?:{_WEEKDAY}{_PART},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d)",
    rf"{_PREP}(?:{_WEEKDAY}{_PART},?\s+)?(?:(?i:the)\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?(?!\d)",
    r"(?P<iso>(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))",
    r"(?:on\s+)?(?P<slash>(?P<sd>\d{1,2})/(?P<sm>\d{1,2})/(?P<sy>(?:19|20)\d{2}))",
    rf"(?:(?i:in)\s+)?{_MONTH}\s+{_YEAR}",
]
_RELATIVE = [
    rf"{_PREP}{_WEEKDAY}(?P<part>{_PART})",
    r"(?i:(?P<word>yesterday|today|tonight|last night))",
    r"(?i:(?P<span>(?:earlier\s+)?this|last|past)\s+(?P<unit>week|month|year|weekend))",
    r"(?i:(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<ago_unit>days?|weeks?|months?|years?)\s+ago)",
]
#: Month and weekday names must be capitalised ("may" is usually a verb); the words around
#: them match in any case. Patterns are tried one by one because their group names repeat.
_COMPILED = [(re.compile(p), False) for p in _EXPLICIT] + [(re.compile(p), True) for p in _RELATIVE]


@dataclass(frozen=True)
class Anchor:
    """What lets `_finditer` try a pattern only near the places it can match.

    Every match of the pattern contains a match of `regex` (a month name, "ago", ...), with
    at most `MAX_WORDS_BEFORE` words before it, and consists of `chars` only. None of the
    patterns has a lookbehind or a word boundary, so a search confined to the run of
    `chars` around an anchor finds what a search over the whole text would find there.
    """

    regex: re.Pattern[str]
    chars: re.Pattern[str]


#: The most words a match has before its anchor: "as of Monday morning, the 2nd of" (7).
MAX_WORDS_BEFORE = 8
#: Read backwards from an anchor: the words (and separators) a match can start among.
_WORDS_BACK = re.compile(rf"(?:[\s,.]*\w+){{0,{MAX_WORDS_BEFORE}}}")
_MONTH_ANCHOR = re.compile(_MONTH_NAMES)
#: One per pattern of `_COMPILED`, in order (None: searched over the whole text, as they
#: are fast already: they start with a literal).
_ANCHORS = [
    Anchor(_MONTH_ANCHOR, re.compile(r"[\w\s,.]*")),
    Anchor(_MONTH_ANCHOR, re.compile(r"[\w\s,.]*")),
    None,
    Anchor(re.compile("/"), re.compile(r"[\w\s/]*")),
    Anchor(_MONTH_ANCHOR, re.compile(r"[\w\s.]*")),
    Anchor(re.compile("|".join(_WEEKDAYS)), re.compile(r"[\w\s]*")),
    None,
    Anchor(re.compile("(?i:week|month|year)"), re.compile(r"[\w\s]*")),
    Anchor(re.compile("(?i:ago)"), re.compile(r"[\w\s]*")),
]


def _finditer(regex: re.Pattern[str], anchor: Anchor | None, text: str, backwards: str
              ) -> Iterator[re.Match[str]]:
    """The matches of `regex.finditer(text)`, searching only around the anchors.

    Python's regex engine tries a pattern that opens with optional words at every position of
    the text; this tries it from a few words before each anchor to the end of the run of
    characters a match can hold, which is ~7x faster on news text (same matches on the
    PolNeAR dev and generated articles). `backwards` is the text reversed.
    """
    if anchor is None:
        yield from regex.finditer(text)
        return
    pos, size = 0, len(text)
    while (found := anchor.regex.search(text, pos)) is not None:
        at = found.start()
        # No match starts before `low`: it would have more than MAX_WORDS_BEFORE words before
        # this anchor, or the one before pos. None runs past `high`: text[high] is no char
        # a match holds.
        low = max(pos, at - (_WORDS_BACK.match(backwards, size - at).end() - (size - at)))
        high = anchor.chars.match(text, at).end()
        match = regex.search(text, low, high)
        if match is None:
            pos = high + 1
            continue
        yield match
        pos = match.end()


#: A day-month without a year that would fall this many days after publication is taken to
#: be last year's ("December 30" in a story published on January 2).
FUTURE_TOLERANCE_DAYS = 7


def find_dates(document: Document) -> Document:
    """Fill document.dates with every date expression, resolved where the text allows."""
    published = document.article.published
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    backwards = document.text[::-1]
    for (regex, relative), anchor in zip(_COMPILED, _ANCHORS, strict=True):
        for match in _finditer(regex, anchor, document.text, backwards):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            mention = _resolve(match, relative, published, document.warnings)
            if mention is None:
                continue
            taken.append((start, end))
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    document.dates = mentions
    return document


def _resolve(
    match: re.Match[str], relative: bool, published: dt.date | None, warnings: list[str]
) -> DateMention | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    text = match.group()
    base = DateMention(text=text, start=match.start(), end=match.end(), relative=relative)
    try:
        resolved = _date_of(groups, published)
    except (ValueError, OverflowError):  # February 30; "last week" of 1 January year 1
        warnings.append(f"impossible date {text!r} at {match.start()} left unresolved")
        return base
    if resolved is None:
        return base
    date, precision = resolved
    return base.model_copy(update={"date": date, "precision": precision})


def _date_of(groups: dict[str, str], published: dt.date | None) -> tuple[dt.date, str] | None:
    """The date and precision the groups denote; None when it needs a missing anchor."""
    if "iso" in groups:
        return dt.date(int(groups["iy"]), int(groups["im"]), int(groups["id"])), "day"
    if "slash" in groups:
        # Day first: the convention of most conflict-zone outlets and of ACLED notes.
        return dt.date(int(groups["sy"]), int(groups["sm"]), int(groups["sd"])), "day"
    if "month" in groups:
        month = _MONTHS[groups["month"]]
        if "day" not in groups:
            return dt.date(int(groups["year"]), month, 1), "month"
        day = int(groups["day"])
        if "year" in groups:
            return dt.date(int(groups["year"]), month, day), "day"
        if published is None:
            return None
        date = dt.date(published.year, month, day)
        if (date - published).days > FUTURE_TOLERANCE_DAYS:
            date = dt.date(published.year - 1, month, day)
        return date, "day"
    if published is None:
        return None
    if "weekday" in groups:
        back = (published.weekday() - _WEEKDAYS[groups["weekday"]]) % 7
        return published - dt.timedelta(days=back), "day"
    if "word" in groups:
        word = groups["word"].lower()
        return published - dt.timedelta(days=1 if word in {"yesterday", "last night"} else 0), "day"
    if "unit" in groups:
        return _period(groups["span"].lower().split()[-1], groups["unit"].lower(), published)
    if "ago_unit" in groups:
        count = _NUMBER_WORDS.get(groups["count"].lower()) or int(groups["count"])
        unit = groups["ago_unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
        return published - dt.timedelta(days=days), precision
    return None


def _period(span: str, unit: str, published: dt.date) -> tuple[dt.date, str]:
    """'this week', 'last month', 'earlier this year': the period's date at its precision."""
    last = span in {"last", "past"}
    if unit in {"week", "weekend"}:
        return (published - dt.timedelta(days=7 if last else 0)), "week"
    if unit == "month":
        if last:
            first = published.replace(day=1) - dt.timedelta(days=1)
            return first.replace(day=1), "month"
        return published.replace(day=1), "month"
    return dt.date(published.year - (1 if last else 0), 1, 1), "year"


STAGE = Stage(
    name="dates",
    run=find_dates,
    reads=frozenset({"text", "article"}),
    writes=frozenset({"dates", "warnings"}),
)
