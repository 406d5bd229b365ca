"""The benchmark's corpus and timing helpers (no model: generated text, hand-made stages)."""

from __future__ import annotations

import json
from pathlib import Path

from contested.bench import (
    BenchResult,
    RunStats,
    StageTime,
    StageTimer,
    bench_corpus,
    generate_articles,
    load_corpus,
)
from contested.model import Document
from contested.pipeline import Pipeline, Stage


def test_generated_articles_are_deterministic_wire_length_news() -> None:
    first, again = generate_articles(5, seed=3), generate_articles(5, seed=3)
    assert [a.text for a in first] == [a.text for a in again]
    assert len({a.text for a in first}) == 5
    for article in first:
        words = len(article.text.split())
        assert 200 <= words <= 900, words
        assert "{" not in article.text and "}" not in article.text
        assert article.meta.published is not None and article.meta.id.startswith("bench-")
        assert all(p[0].isupper() or p[0] in "“\"" for p in article.text.split("\n\n"))


def test_corpus_from_jsonl_folder_and_text_file(tmp_path: Path) -> None:
    records = tmp_path / "a.jsonl"
    records.write_text(
        "\n".join(json.dumps({"id": f"r{i}", "text": f"Text {i}."}) for i in range(4)) + "\n"
    )
    assert [a.meta.id for a in load_corpus(records, limit=3)] == ["r0", "r1", "r2"]
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("b", "a"):
        (folder / f"{name}.txt").write_text(f"Article {name}.")
    assert [a.text for a in load_corpus(folder)] == ["Article a.", "Article b."]
    items, description = bench_corpus(10, folder / "a.txt")
    assert [a.text for a in items] == ["Article a."] and "1 articles" in description


def test_stage_timer_adds_up_each_stage() -> None:
    calls: list[str] = []

    def run(document: Document) -> Document:
        calls.append(document.text)
        return document

    stage = Stage("s", run, frozenset({"text"}), frozenset(), run_batch=lambda ds: ds)
    timer = StageTimer()
    pipeline = Pipeline([timer.wrap(stage)])
    pipeline.run(Document(text="one"))
    list(pipeline.run_many([Document(text="a"), Document(text="b")]))
    assert calls == ["one"]  # the batch went through run_batch
    assert timer.times["s"].wall_s > 0
    timer.reset()
    assert timer.times["s"].wall_s == 0


def test_result_ratios_and_fields() -> None:
    ours = RunStats("contested", 10, 5000, wall_s=2.0, cpu_s=1.0)
    spacy = RunStats("spaCy", 10, 5000, wall_s=4.0, cpu_s=3.0)
    result = BenchResult(
        corpus="c", articles=10, chars=100, startup={"total_s": 1.0}, pipeline=ours,
        stages=[StageTime("nlp", 1.0, 0.5)], peak_rss_mib=300.0, failed=0, references=[spacy],
    )
    assert result.ratio(spacy) == 2.0 and result.ratio(spacy, cpu=True) == 3.0
    data = result.as_dict()
    assert data["pipeline"]["articles_per_s"] == 5.0
    assert data["references"][0]["ratio"] == 2.0
    assert json.dumps(data)
