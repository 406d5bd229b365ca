"""Highlighting by offsets: segments cover the text exactly, whatever the marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contested.web.highlight import Mark, context, segments, sentence_window
from contested.web.views import HighlightKind

KINDS: list[HighlightKind] = ["place", "actor", "source", "cue", "content", "casualty"]


def test_overlapping_marks_split_at_every_boundary() -> None:
    text = "The NRF spokesman said they held Shotul."
    out = segments(text, [Mark(4, 17, "source"), Mark(4, 7, "actor"), Mark(33, 39, "place")])
    assert [(s.text, s.kinds) for s in out] == [
        ("The ", []), ("NRF", ["source", "actor"]), (" spokesman", ["source"]),
        (" said they held ", []), ("Shotul", ["place"]), (".", []),
    ]


def test_bad_marks_are_ignored() -> None:
    text = "short"
    out = segments(text, [Mark(3, 1, "place"), Mark(-5, -1, "actor"), Mark(2, 999, "cue")])
    assert "".join(s.text for s in out) == text
    assert out[-1].kinds == ["cue"] and out[-1].text == "ort"


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from(KINDS)), max_size=8),
)
def test_segments_always_rebuild_the_text(text: str, raw: list) -> None:
    marks = [Mark(a, b, k) for a, b, k in raw]
    assert "".join(s.text for s in segments(text, marks)) == text


def test_sentence_window_finds_the_sentence() -> None:
    text = "First one. The NRF said it holds the passes. Last one."
    start = text.index("it holds")
    lo, hi = sentence_window(text, start, start + 8)
    assert text[lo:hi] == "The NRF said it holds the passes."


def test_context_marks_ellipsis_when_cut() -> None:
    text = "x" * 600 + " claim here " + "y" * 600
    start = text.index("claim")
    out = context(text, (start, start + 5), [Mark(start, start + 5, "content")])
    assert out[0].text == "…" and out[-1].text == "…"
    assert any(s.kinds == ["content"] and s.text == "claim" for s in out)


def test_trailing_paragraph_break_does_not_pull_in_the_next_sentence() -> None:
    text = "He said they want talks.\n\nThe claims could not be verified."
    lo, hi = sentence_window(text, 0, text.index("The"))
    assert text[lo:hi] == "He said they want talks."
