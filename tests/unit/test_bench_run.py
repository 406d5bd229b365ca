"""`contested bench` runs end to end on a tiny corpus and reports every field (no timing
assertions: the numbers depend on the machine)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.model


def test_bench_command_reports_every_field() -> None:
    from contested.cli.main import _register, app

    _register()
    result = CliRunner().invoke(app, ["bench", "-n", "2", "--reference", "stock", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 2 and data["failed"] == 0
    assert data["pipeline"]["tokens"] > 100
    for key in ("articles_per_s", "tokens_per_s", "wall_s", "cpu_s"):
        assert data["pipeline"][key] > 0
    assert {s["name"] for s in data["stages"]} >= {"nlp", "claims", "report"}
    assert set(data["startup"]) == {"model_s", "pipeline_and_data_s", "total_s"}
    assert data["peak_rss_mib"] > 0
    assert [r["label"] for r in data["references"]] == [
        "spaCy sm, all pipes (stock)"
    ]
    assert data["references"][0]["ratio"] > 0


def test_fast_model_setup_gives_the_stock_annotations(shared_dir) -> None:
    from contested.bench import annotation_differences, generate_articles

    texts = [(shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")]
    texts += [a.text for a in generate_articles(4, seed=7)]
    differing, tokens = annotation_differences(texts)
    assert tokens > 1000
    assert differing == 0
