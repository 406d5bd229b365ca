"""Golden test: every fact of ../shared/gold/*.json is extracted, none of its must_not items.

One test per gold fact, so a failure names the fact that was lost.
"""

from __future__ import annotations

import json

import pytest

from contested.eval.gold import MATCHERS, SECTIONS, load_gold, score_report
from tests.conftest import SHARED

GOLD_FILES = sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []


def _facts() -> list[tuple[str, str, int]]:
    cases = []
    for path in GOLD_FILES:
        gold = json.loads(path.read_text(encoding="utf-8"))
        cases += [(path.name, s, i) for s in SECTIONS for i in range(len(gold.get(s, [])))]
    return cases


@pytest.fixture(scope="module")
def reports(pipeline) -> dict:
    out = {}
    for path in GOLD_FILES:
        gold, text, meta = load_gold(path)
        out[path.name] = (gold, pipeline.extract(text, meta))
    return out


@pytest.mark.skipif(not GOLD_FILES, reason=f"no gold files under {SHARED / 'gold'}")
@pytest.mark.parametrize(("file", "section", "index"), _facts())
def test_gold_fact_is_extracted(reports, file: str, section: str, index: int) -> None:
    gold, report = reports[file]
    fact = gold[section][index]
    items = report.model_dump(mode="json")[section]
    assert any(MATCHERS[section](fact, item) for item in items), (
        f"{section} fact not found: {fact}\nextracted: {json.dumps(items, indent=1)[:3000]}"
    )


@pytest.mark.skipif(not GOLD_FILES, reason=f"no gold files under {SHARED / 'gold'}")
@pytest.mark.parametrize("file", [p.name for p in GOLD_FILES])
def test_no_must_not_item_is_extracted(reports, file: str) -> None:
    gold, report = reports[file]
    assert score_report(gold, report).violations == []
