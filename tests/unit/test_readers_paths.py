"""Reading files and directories: text, HTML, RSS/Atom and JSONL; bad input becomes an input
with a reason, never an exception that stops the batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contested.errors import InputError
from contested.feeds import canonical_outlet, entry_text
from contested.readers import read_paths

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Reuters World News</title>
<item><title>Clashes in Panjshir</title><link>https://example.org/1</link>
<pubDate>Thu, 02 Sep 2021 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Taliban fighters clashed with the NRF on Wednesday.</p><p>Dozens died.</p>]]></content:encoded>
</item>
<item><title>Summary only</title><link>https://example.org/2</link>
<description>Police fired tear gas in Nairobi on Tuesday.</description></item>
<item><title>Empty</title><link>https://example.org/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Radio Dabanga</title>
<entry><title>El Fasher shelled</title><link href="https://example.org/a"/>
<id>tag:example.org,2024:1</id><updated>2024-05-13T10:00:00Z</updated>
<content type="html">&lt;p&gt;Shelling hit El Fasher on Sunday.&lt;/p&gt;</content></entry>
</feed>"""

HTML = """<!DOCTYPE html><html><head><title>Djibo attack</title>
<meta property="og:site_name" content="Agence France-Presse">
<meta property="article:published_time" content="2023-11-28T10:00:00Z"></head>
<body><nav>Home News</nav><article><h1>Djibo attack</h1>
<p>Hundreds of jihadists attacked an army base in Djibo in northern Burkina Faso on Sunday,
killing at least 40 people, a security source said.</p>
<p>The army said its troops had repelled the assault and killed many of the attackers.</p>
</article></body></html>"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_rss_entries_become_articles_and_an_empty_entry_is_rejected(tmp_path: Path) -> None:
    items = list(read_paths([_write(tmp_path, "feed.xml", RSS)]))
    assert [i.meta.title for i in items] == ["Clashes in Panjshir", "Summary only", "Empty"]
    first, second, empty = items
    assert first.meta.outlet == "Reuters"  # feed title mapped to the canonical outlet
    assert first.meta.published == dt.date(2021, 9, 2)
    assert first.meta.url == "https://example.org/1"
    assert first.text == "Taliban fighters clashed with the NRF on Wednesday.\n\nDozens died."
    assert second.text == "Police fired tear gas in Nairobi on Tuesday."
    assert empty.error is not None and "no content" in empty.error
    assert empty.source.endswith("feed.xml#3")


def test_atom_entries_are_read(tmp_path: Path) -> None:
    [item] = read_paths([_write(tmp_path, "dabanga.atom", ATOM)])
    assert item.meta.outlet == "Radio Dabanga" and item.meta.published == dt.date(2024, 5, 13)
    assert item.text == "Shelling hit El Fasher on Sunday." and item.raw is not None


def test_a_malformed_feed_is_rejected_with_a_reason(tmp_path: Path) -> None:
    [item] = read_paths([_write(tmp_path, "broken.rss", "<rss><channel><title>x</tit")])
    assert item.error is not None and "feed" in item.error


def test_html_pages_give_text_title_date_and_outlet(tmp_path: Path) -> None:
    [item] = read_paths([_write(tmp_path, "djibo.html", HTML)])
    assert item.error is None and "Djibo" in item.text and "Home News" not in item.text
    assert item.meta.title == "Djibo attack"
    assert item.meta.outlet == "Agence France-Presse"
    assert item.meta.published == dt.date(2023, 11, 28)
    assert item.raw == HTML


def test_an_html_page_without_article_text_is_rejected(tmp_path: Path) -> None:
    [item] = read_paths([_write(tmp_path, "empty.html", "<html><body><div></div></body></html>")])
    assert item.error is not None and "empty.html" in item.error


def test_jsonl_records_keep_their_line_as_source_and_raw(tmp_path: Path) -> None:
    path = _write(tmp_path, "batch.jsonl",
                  '{"id": "r1", "text": "Clashes in Kharkiv.", "outlet": "Reuters"}\n'
                  "not json\n")
    good, bad = read_paths([path])
    assert good.meta.id == "r1" and good.source == f"{path}:1" and good.raw.startswith("{")
    assert bad.error is not None and "bad JSON" in bad.error and bad.source == f"{path}:2"


def test_directories_are_walked_recursively_skipping_hidden_and_unknown_files(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "b/two.txt", "Second article text.")
    _write(tmp_path, "a.txt", "First article text.")
    _write(tmp_path, "b/c/feed.xml", RSS)
    _write(tmp_path, ".hidden/skip.txt", "hidden")
    _write(tmp_path, "image.png", b"\x89PNG\x00\x00")
    _write(tmp_path, "notes.md", "# notes")
    items = list(read_paths([tmp_path]))
    sources = [Path(i.source).name for i in items]
    assert sources == ["a.txt", "feed.xml#1", "feed.xml#2", "feed.xml#3", "two.txt"]


def test_an_unreadable_file_is_an_input_with_an_error(tmp_path: Path) -> None:
    [item] = read_paths([_write(tmp_path, "binary.txt", b"abc\x00def")])
    assert item.error is not None and "binary" in item.error


def test_a_missing_path_is_refused_before_reading_anything(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_paths([tmp_path / "missing"]))


def test_the_bundled_samples_read_cleanly() -> None:
    from contested.cli.demo import sample_corpus

    items = list(read_paths([sample_corpus()]))
    assert len(items) == 10 and all(i.error is None for i in items)
    assert all(i.meta.published and i.meta.outlet for i in items)


def test_feed_helpers() -> None:
    assert canonical_outlet("AFP Africa") == "Agence France-Presse"
    assert canonical_outlet("Some Blog") == "Some Blog"
    assert entry_text("plain text") == "plain text"
    assert entry_text("<p>a <b>b</b></p><p>c</p>") == "a b\n\nc"
