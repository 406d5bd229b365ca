"""`contested eval geo`: gold reading, scoring arithmetic, and a short real run."""

from __future__ import annotations

from pathlib import Path

import pytest

from contested.eval.geo import (
    GeoScores,
    GoldArticle,
    GoldToponym,
    haversine_km,
    read_gold,
    score_article,
)
from contested.model import Document, Toponym

_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text><![CDATA[Fighting in Kabul and Herat.]]></text>
<toponyms>
 <toponym><start>12</start><end>17</end><phrase>Kabul</phrase>
  <gaztag geonameid="1138958"><lat>34.52813</lat><lon>69.17233</lon></gaztag></toponym>
 <toponym><start>20</start><end>25</end><phrase>Herat</phrase>
  <gaztag geonameid="1139715"><lat>34.34817</lat><lon>62.19967</lon></gaztag></toponym>
</toponyms></article></articles>"""


def test_read_gold_moves_shifted_offsets_onto_their_phrase(tmp_path: Path) -> None:
    path = tmp_path / "gold.xml"
    path.write_text(_XML, encoding="utf-8")
    (article,) = read_gold(path)
    assert [article.text[t.start : t.end] for t in article.toponyms] == ["Kabul", "Herat"]
    assert article.toponyms[0].lat == pytest.approx(34.52813)


def test_scores_count_exact_overlap_and_distance() -> None:
    gold = GoldArticle("1", "Fighting in Kabul and Herat city.", [
        GoldToponym(12, 17, 34.528, 69.172),
        GoldToponym(22, 27, 34.348, 62.2),
    ])
    doc = Document(text=gold.text, toponyms=[
        Toponym(start=12, end=17, text="Kabul", lat=34.5, lon=69.2),   # exact, right place
        Toponym(start=22, end=32, text="Herat city", lat=36.0, lon=66.0),  # overlap, far off
        Toponym(start=0, end=8, text="Fighting"),                       # false positive
    ])
    scores = GeoScores()
    score_article(scores, gold, doc)
    assert (scores.gold, scores.predicted, scores.exact, scores.overlap) == (2, 3, 1, 2)
    assert scores.precision == pytest.approx(1 / 3) and scores.recall == pytest.approx(0.5)
    assert (scores.resolvable, scores.within) == (2, 1)
    assert scores.accuracy_161 == pytest.approx(0.5)
    assert scores.median_km == pytest.approx(
        (haversine_km(34.528, 69.172, 34.5, 69.2) + haversine_km(34.348, 62.2, 36.0, 66.0)) / 2
    )


def test_haversine_matches_a_known_distance() -> None:
    # Kabul to Herat: ~640 km
    assert 600 < haversine_km(34.528, 69.172, 34.348, 62.2) < 680


@pytest.mark.model
def test_a_short_run_on_tr_news(shared_dir: Path) -> None:
    from contested.eval.geo import evaluate

    scores = evaluate(shared_dir / "eval" / "geo" / "TR-News.xml", limit=4)
    assert scores.articles == 4 and scores.gold > 0
    assert scores.f1 > 0.6 and scores.accuracy_161 > 0.6
