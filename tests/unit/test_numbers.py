"""Counts in casualty reports: digits, written numbers, vague quantities, ordinals."""

from __future__ import annotations

import pytest

from contested.lexicon import load_yaml
from contested.numbers import ordinal_value, read_count


@pytest.mark.parametrize(
    ("text", "value", "length"),
    [
        ("34 taliban fighters", 34, 1),
        ("1,200 people", 1200, 1),
        ("1.5 million", 1_500_000, 2),
        ("two soldiers", 2, 1),
        ("thirty-four fighters", 34, 1),
        ("thirty four fighters", 34, 2),
        ("two hundred and twelve people", 212, 4),
        ("one hundred", 100, 2),
        ("a thousand", 1000, 2),
        ("a soldier", 1, 1),
    ],
)
def test_exact_numbers(text: str, value: int, length: int) -> None:
    count = read_count(text.split())
    assert count is not None
    assert (count.value, count.length, count.vague) == (value, length, False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("tens of people", 10),
        ("a dozen people", 12),
        ("dozens of people", 12),
        ("scores of fighters", 20),
        ("hundreds of civilians", 100),
        ("thousands of people", 1000),
        ("several soldiers", 3),
        ("a few soldiers", 3),
        ("a couple of people", 2),
        ("many people", 10),
    ],
)
def test_vague_quantities_follow_the_conventions(text: str, value: int) -> None:
    count = read_count(text.split())
    assert count is not None and count.vague
    assert count.value == value


def test_every_vague_convention_gives_its_reason() -> None:
    for entry in load_yaml("numbers")["vague"]:
        assert entry["reason"].strip(), entry


@pytest.mark.parametrize("text", ["the", "and", "", "killed"])
def test_no_number(text: str) -> None:
    assert read_count(text.split()) is None


@pytest.mark.parametrize(
    ("word", "value"),
    [("34th", 34), ("1st", 1), ("third", 3), ("twenty-first", 21), ("fiftieth", 50)],
)
def test_ordinals(word: str, value: int) -> None:
    assert ordinal_value(word) == value


@pytest.mark.parametrize("word", ["th", "thirty", "fighter", "34"])
def test_not_ordinals(word: str) -> None:
    assert ordinal_value(word) is None
