"""Fuzzing the readers: HTML pages, RSS/Atom feeds and JSONL records.

Whatever the bytes, a reader either returns inputs or raises `InputError` with one line; a
JSONL batch yields exactly one input per non-blank line, so no record is lost.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contested.errors import InputError
from contested.readers import decode, iter_jsonl

HTML_PARTS = [
    "<html>", "</html>", "<head>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>",
    "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#xd800;",
    "&amp;", "&", "<", ">", '<meta name="date" content="2021-02-30">', '<meta charset="utf-7">',
    '<meta property="og:title" content="\x00">', "<article>", "</article>", "<title>", "</title>",
    '<time datetime="99999-99-99">', "<svg><foreignObject>", "<table><tr><td>", "<h1>",
    "<br/>", "<!DOCTYPE html>", '<?xml version="1.0" encoding="ebcdic"?>', '<a href="javascript:">',
    "Taliban fighters attacked the town on Monday, officials said. ", "\ufeff", "\u202e",
]
FEED_PARTS = [
    '<?xml version="1.0"?>', '<rss version="2.0">', "</rss>", "<channel>", "</channel>",
    "<item>", "</item>", "<title>", "</title>", "<description>", "</description>",
    "<pubDate>Mon, 30 Feb 2021 25:61:00 +9999</pubDate>", "<link>javascript:alert(1)</link>",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    '<content type="html">', "</content>", "<guid>", "</guid>", "<![CDATA[", "]]>",
    "&lt;p&gt;Taliban fighters attacked Kabul.&lt;/p&gt;", "&bogus;", "\x00", "<!ENTITY x 'y'>",
    '<!DOCTYPE rss [<!ENTITY lol "lol">]>', "&lol;", "Taliban fighters attacked the town. ",
]


def markup(parts: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(parts), st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=150)
@given(html=markup(HTML_PARTS))
def test_html_reader_returns_text_or_one_line_error(html: str) -> None:
    from contested.html import html_to_text

    try:
        text, meta = html_to_text(html)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert meta.published is None or 1 <= meta.published.year <= 9999


@settings(max_examples=150)
@given(feed=markup(FEED_PARTS))
def test_feed_reader_returns_inputs_or_one_line_error(feed: str) -> None:
    feeds = pytest.importorskip("contested.feeds")
    try:
        items = list(feeds.read_feed(feed, "fuzz.xml"))
    except InputError as exc:
        assert "\n" not in str(exc).strip()
        return
    for item in items:
        assert item.error is not None or isinstance(item.text, str)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(["2021-09-02", "2021-02-30", "31/02/2021", "", "\ud800", "9" * 5000]),
)
records = st.fixed_dictionaries(
    {},
    optional={
        k: field_values for k in ("id", "title", "outlet", "published", "url", "text", "html")
    },
)
raw_lines = st.one_of(
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    records.map(json.dumps),  # ASCII escapes, including \\ud800
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.sampled_from(["[" * 50_000, '{"id": ' + "9" * 5000 + "}", "{", "null", "NaN", '"text"']),
)


@settings(max_examples=200)
@given(lines=st.lists(raw_lines, max_size=8))
def test_jsonl_reader_yields_one_input_per_line(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    items = list(iter_jsonl(iter(text.split("\n")), "fuzz.jsonl"))
    assert len(items) == sum(1 for line in text.split("\n") if line.strip())
    for item in items:
        assert item.error is not None or isinstance(item.text, str)
        assert isinstance(item.meta.id, str) and item.meta.id
        item.meta.model_dump_json()  # every id and title can be written back out


@settings(max_examples=150)
@given(data=st.binary(max_size=400))
def test_decode_returns_text_or_one_line_error(data: bytes) -> None:
    try:
        text, warnings = decode(data, "fuzz.bin")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert "\r\n" not in text
    text.encode("utf-8")  # decoded text is always writable
