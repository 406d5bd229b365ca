"""`contested eval gold`: score reports against gold fact files (../shared/gold/*.json).

A gold file lists facts a reader found in an article (places, actors, events, claims,
casualties, contradictions) plus `must_not` items. Facts are matched by content, not offsets:
names in lists are accepted alternatives. Recall is the share of gold facts found; precision
is the share of extracted items that match some gold fact (gold files aim to be complete for
the article, so an unmatched extraction counts against precision).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from contested.errors import InputError
from contested.eval import f1
from contested.model import ArticleMeta, Report

SECTIONS = ("places", "actors", "events", "claims", "casualties", "contradictions")

Fact = dict[str, Any]


@dataclass
class SectionScore:
    gold: int = 0
    found: int = 0
    extracted: int = 0
    matching: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matching / self.extracted if self.extracted else 1.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass
class GoldScore:
    name: str
    sections: dict[str, SectionScore]
    violations: list[str]

    @property
    def all_found(self) -> bool:
        return all(s.found == s.gold for s in self.sections.values()) and not self.violations


def _fold(value: Any) -> str:
    """Case- and diacritic-insensitive form: GeoNames writes "Parwān", a reader "Parwan"."""
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _lower(values: Any) -> list[str]:
    items = values if isinstance(values, list) else [values]
    return [_fold(v) for v in items]


def _is(value: Any, accepted: Any) -> bool:
    return value is not None and _fold(value) in _lower(accepted)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _place_mentions(place: dict[str, Any]) -> list[str]:
    return [place.get("mention") or "", *(e["text"] for e in place.get("evidence", []))]


def match_place(gold: Fact, place: dict[str, Any]) -> bool:
    if not _is(gold["mention"], [m for m in _place_mentions(place)]):
        return False
    for key in ("country_code", "admin1", "admin2", "feature"):
        if key in gold and not _is(place.get(key), gold[key]):
            return False
    if "lat" in gold:
        if place.get("lat") is None or place.get("lon") is None:
            return False
        distance = _km(gold["lat"], gold["lon"], place["lat"], place["lon"])
        if distance > gold.get("tolerance_km", 25):
            return False
    return True


def match_actor(gold: Fact, actor: dict[str, Any]) -> bool:
    if not (_is(actor["name"], gold["name"]) or _is(actor.get("short"), gold["name"])):
        return False
    mentions = _lower(actor.get("mentions", []))
    return all(_fold(m) in mentions for m in gold.get("mentions_include", []))


def match_event(gold: Fact, event: dict[str, Any]) -> bool:
    if event["event_type"] != gold["event_type"]:
        return False
    if "sub_event_type" in gold and not _is(event["sub_event_type"], gold["sub_event_type"]):
        return False
    if "actors" in gold:
        pair = [event.get("actor1"), event.get("actor2")]
        wanted = gold["actors"]
        if not (
            (_is(pair[0], wanted[0]) and _is(pair[1], wanted[1]))
            or (_is(pair[0], wanted[1]) and _is(pair[1], wanted[0]))
        ):
            return False
    location = event.get("location") or {}
    if "admin1" in gold and not _is(location.get("admin1"), gold["admin1"]):
        return False
    if "place_mention" in gold:
        names = [location.get("name"), *_place_mentions(location)] if location else []
        if not any(_is(n, gold["place_mention"]) for n in names if n):
            return False
    if "date_between" in gold:
        if not event.get("date"):
            return False
        low, high = (dt.date.fromisoformat(d) for d in gold["date_between"])
        if not low <= dt.date.fromisoformat(event["date"]) <= high:
            return False
    return True


def match_claim(gold: Fact, claim: dict[str, Any]) -> bool:
    for key in ("speaker", "side", "kind"):
        if key in gold and not _is(claim.get(key), gold[key]):
            return False
    if "quote" in gold and claim.get("quote") != gold["quote"]:
        return False
    if "outlets_include" in gold and not any(
        _is(o, gold["outlets_include"]) for o in claim.get("outlets", [])
    ):
        return False
    if "text_contains" in gold and gold["text_contains"] not in claim.get("text", ""):
        return False
    role = (claim.get("speaker_role") or "").casefold()
    return "speaker_role_contains" not in gold or gold["speaker_role_contains"] in role


def match_casualty(gold: Fact, casualty: dict[str, Any]) -> bool:
    for key in ("victim_side", "claimed_by"):
        if key in gold and not _is(casualty.get(key), gold[key]):
            return False
    for key in ("killed", "injured", "captured", "cumulative"):
        if key in gold and casualty.get(key) != gold[key]:
            return False
    return "outlets_include" not in gold or any(
        _is(o, gold["outlets_include"]) for o in casualty.get("outlets", [])
    )


def match_contradiction(gold: Fact, item: dict[str, Any]) -> bool:
    if "topic" in gold and item.get("topic") != gold["topic"]:
        return False
    sides = list(item.get("sides", []))
    for accepted in gold.get("sides", []):
        hit = next((s for s in sides if _is(s, accepted)), None)
        if hit is None:
            return False
        sides.remove(hit)
    return True


MATCHERS: dict[str, Callable[[Fact, dict[str, Any]], bool]] = {
    "places": match_place,
    "actors": match_actor,
    "events": match_event,
    "claims": match_claim,
    "casualties": match_casualty,
    "contradictions": match_contradiction,
}


def _describe(fact: Fact) -> str:
    return json.dumps({k: v for k, v in fact.items() if k != "note"}, ensure_ascii=False)


def score_report(gold: dict[str, Any], report: Report, name: str = "") -> GoldScore:
    """Match every gold fact against the report."""
    data = report.model_dump(mode="json")
    sections: dict[str, SectionScore] = {}
    for section in SECTIONS:
        facts = gold.get(section, [])
        items = data[section]
        matcher = MATCHERS[section]
        score = SectionScore(gold=len(facts), extracted=len(items))
        for fact in facts:
            if any(matcher(fact, item) for item in items):
                score.found += 1
            else:
                score.missed.append(_describe(fact))
        if facts:
            score.matching = sum(1 for item in items if any(matcher(f, item) for f in facts))
        else:
            score.extracted = 0
        sections[section] = score
    return GoldScore(name=name, sections=sections, violations=_violations(gold, data))


def _violations(gold: dict[str, Any], data: dict[str, Any]) -> list[str]:
    found = []
    for item in gold.get("must_not", []):
        if "place_mention" in item and any(
            _is(item["place_mention"], _place_mentions(p)) for p in data["places"]
        ):
            found.append(f"place {item['place_mention']!r}: {item.get('why', '')}")
        if "actor" in item and any(
            _is(item["actor"], [a["name"], a.get("short") or ""]) for a in data["actors"]
        ):
            found.append(f"actor {item['actor']!r}: {item.get('why', '')}")
    return found


def load_gold(path: Path) -> tuple[dict[str, Any], str, ArticleMeta]:
    """A gold file, its article's text and metadata (article.file is relative to the gold
    folder's parent, i.e. the shared folder)."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = gold["article"]
        text_path = path.resolve().parent.parent / article["file"]
        text = text_path.read_text(encoding="utf-8")
    except (OSError, KeyError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable gold file ({exc})") from exc
    published = article.get("published")
    meta = ArticleMeta(
        id=path.stem,
        outlet=article.get("outlet"),
        published=dt.date.fromisoformat(published) if published else None,
    )
    return gold, text, meta


def score_file(path: Path) -> GoldScore:
    """Run the default pipeline on a gold file's article and score it."""
    from contested import _default_pipeline

    gold, text, meta = load_gold(path)
    return score_report(gold, _default_pipeline().extract(text, meta), name=path.stem)


def gold_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(f"{path}: no gold .json files")
        return files
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return [path]


def command(
    path: Path = typer.Argument(..., help="A gold .json file or a folder of them."),
) -> None:
    """Score the pipeline against gold fact files: precision/recall/F1 per section."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    totals = {s: SectionScore() for s in SECTIONS}
    violations = 0
    for file in gold_files(path):
        result = score_file(file)
        violations += len(result.violations)
        for section, score in result.sections.items():
            total = totals[section]
            total.gold += score.gold
            total.found += score.found
            total.extracted += score.extracted
            total.matching += score.matching
            total.missed += [f"{file.stem}: {m}" for m in score.missed]
        for violation in result.violations:
            console.print(f"[red]must_not violated[/] {file.stem}: {violation}")
    table = Table("section", "gold", "found", "recall", "extracted", "precision", "F1")
    for section, score in totals.items():
        table.add_row(
            section,
            str(score.gold),
            str(score.found),
            f"{score.recall:.2f}",
            str(score.extracted),
            f"{score.precision:.2f}",
            f"{score.f1:.2f}",
        )
    console.print(table)
    for section, score in totals.items():
        for missed in score.missed:
            console.print(f"[yellow]missed[/] {section}: {missed}")
    all_gold = sum(s.gold for s in totals.values())
    all_found = sum(s.found for s in totals.values())
    console.print(f"gold facts found: {all_found}/{all_gold}; must_not violations: {violations}")
