"""Read counts in casualty reports: digits, written numbers, vague quantities, ordinals.

The conventions (and the reason for each) live in data/numbers.yaml. Functions here take
lower-cased words, so they can be used on spaCy tokens or on plain split text alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from contested.lexicon import load_yaml

#: Largest count read as a number of people. The deadliest wars' tolls are in the tens of
#: millions; a larger figure is a misread number (a phone number, a year run together), and
#: it would not fit the store's INTEGER columns either (PostgreSQL: 2**31 - 1).
MAX_COUNT = 1_000_000_000

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_FIRST_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Conventions:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    ordinals: dict[str, int]
    vague: dict[tuple[str, ...], int]  # phrase (as words) → value


@cache
def conventions() -> Conventions:
    """data/numbers.yaml, loaded once."""
    data = load_yaml("numbers")
    vague = {
        tuple(str(w).split()): int(entry["value"]) for entry in data["vague"] for w in entry["words"]
    }
    return Conventions(
        units={str(k): int(v) for k, v in data["units"].items()},
        tens={str(k): int(v) for k, v in data["tens"].items()},
        scales={str(k): int(v) for k, v in data["scales"].items()},
        ordinals={str(k): int(v) for k, v in data["ordinals"].items()},
        vague=vague,
    )


@dataclass(frozen=True)
class Count:
    """A count read from `length` words; `vague` when it came from a convention."""

    value: int
    length: int
    vague: bool = False


def read_count(words: list[str]) -> Count | None:
    """The longest count at the start of `words` (lower-cased tokens), if there is one."""
    if not words:
        return None
    conv = conventions()
    for size in (3, 2, 1):
        phrase = tuple(words[:size])
        if len(phrase) == size and phrase in conv.vague:
            # "a dozen" is vague; "a" alone is the number one only before a noun
            return Count(conv.vague[phrase], size, vague=True)
    return _digits(words) or _written(words)


def _digits(words: list[str]) -> Count | None:
    word = words[0]
    if not _DIGITS.match(word):
        return None
    value = float(word.replace(",", ""))
    length = 1
    scale = conventions().scales.get(words[1]) if len(words) > 1 else None
    if scale:
        value, length = value * scale, 2
    if not value <= MAX_COUNT:  # also refuses inf, from a few hundred digits
        return None
    return Count(int(value), length)


def _written(words: list[str]) -> Count | None:
    """Written numbers: "thirty-four", "thirty four", "two hundred and twelve"."""
    conv = conventions()
    total, current, used = 0, 0, 0
    i = 0
    while i < len(words):
        parts = words[i].split("-")
        if all(p in conv.units or p in conv.tens for p in parts) and parts != [""]:
            if any(p in {"a", "an"} for p in parts) and used:
                break
            current += sum(conv.units.get(p, 0) + conv.tens.get(p, 0) for p in parts)
        elif words[i] in conv.scales and used:
            scale = conv.scales[words[i]]
            if scale >= 1000:
                total, current = total + max(current, 1) * scale, 0
            else:
                current = max(current, 1) * scale
        elif words[i] == "and" and used and i + 1 < len(words) and _is_number_word(words[i + 1]):
            pass
        else:
            break
        i += 1
        used = i
    if not used:
        return None
    return Count(total + current, used)


@cache
def count_starts() -> Callable[[str], bool]:
    """A test (memoised per word) for whether a count can start at a token with this
    lower-cased form: its ordinal value, a digit, or a first hyphen-part that starts a
    written number, a vague phrase or "no one"/"nobody" (the words `read_count` and the
    casualties stage's `_count_at` read). False means no count starts there; True only that
    one may (the caller reads the count)."""
    conv = conventions()
    heads = set(conv.units) | set(conv.tens) | {p[0].split("-")[0] for p in conv.vague}
    heads |= {"no", "nobody"}

    @cache
    def test(word: str) -> bool:
        head = word.split("-")[0]
        return (
            head in heads or _FIRST_DIGIT.match(head) is not None
            or ordinal_value(word) is not None
        )

    return test


def _is_number_word(word: str) -> bool:
    conv = conventions()
    parts = word.split("-")
    return all(p in conv.units or p in conv.tens for p in parts) and "a" not in parts


def ordinal_value(word: str) -> int | None:
    """34 for "34th", 3 for "third", 21 for "twenty-first"; None otherwise."""
    match = _ORDINAL_DIGITS.match(word)
    if match:
        return int(match.group(1))
    conv = conventions()
    parts = word.split("-")
    if parts[-1] in conv.ordinals and all(p in conv.tens for p in parts[:-1]):
        return sum(conv.tens[p] for p in parts[:-1]) + conv.ordinals[parts[-1]]
    return None
