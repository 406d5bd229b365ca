"""Hand-built reports and the generated corpus for store tests (no NLP model needed)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

from contested.model import (
    Actor,
    ArticleMeta,
    Casualty,
    Claim,
    Contradiction,
    Event,
    Place,
    Report,
)
from contested.readers import ArticleInput

REPO = Path(__file__).resolve().parents[2]


# --- hand-built reports ------------------------------------------------------------------


PANJSHIR = Place(mention="Panjshir", name="Panjshir", feature="province", admin1="Panjshir",
                 country="Afghanistan", country_code="AF", lat=35.3, lon=69.5)
BAZARAK = Place(mention="Bazarak", name="Bazarak", feature="city", admin1="Panjshir",
                country="Afghanistan", country_code="AF", lat=35.313, lon=69.515,
                geonames_id=1429434)


def article(aid: str, outlet: str, text: str, published: str = "2021-09-02") -> ArticleInput:
    meta = ArticleMeta(id=aid, outlet=outlet, published=dt.date.fromisoformat(published))
    return ArticleInput(meta, text=text, source=f"{aid}.txt")


def panjshir_report(meta: ArticleMeta, place: Place = PANJSHIR, nrf_claim: int = 34,
                    taliban_claim: int = 13) -> Report:
    """A Panjshir battle as an ideal extraction would report it, with opposing claims."""
    return Report(
        article=meta,
        events=[Event(id="e1", event_type="Battles", sub_event_type="Armed clash",
                      actor1="Taliban", actor2="National Resistance Front",
                      date=dt.date(2021, 9, 1), date_precision="day", date_text="on Wednesday",
                      location=place, fatalities=min(nrf_claim, taliban_claim), disputed=True,
                      claims=["c1", "c2"])],
        claims=[
            Claim(id="c1", speaker="Fahim Dashti", side="National Resistance Front",
                  outlets=[meta.outlet or ""], text=f"killed {nrf_claim} Taliban",
                  kind="casualties"),
            Claim(id="c2", speaker="Zabihullah Mujahid", side="Taliban",
                  outlets=[meta.outlet or ""], text=f"{taliban_claim} resistance fighters killed",
                  kind="casualties"),
        ],
        casualties=[
            Casualty(victim_side="Taliban", killed=nrf_claim,
                     claimed_by="National Resistance Front", claim="c1"),
            Casualty(victim_side="National Resistance Front", killed=taliban_claim,
                     claimed_by="Taliban", claim="c2"),
        ],
        places=[place],
        actors=[Actor(name="Taliban", kind="rebel"),
                Actor(name="National Resistance Front", short="NRF", kind="rebel")],
        contradictions=[Contradiction(topic="casualties", subject="losses",
                                      claims=["c1", "c2"],
                                      sides=["National Resistance Front", "Taliban"],
                                      summary="each side claims the other's losses")],
    )


def fixed_extractor(reports: dict[str, Report]):
    """An extractor returning prepared reports by article id (no NLP)."""

    def extract(inputs: list[ArticleInput]):
        for item in inputs:
            report = reports.get(item.meta.id) or Report(article=item.meta)
            yield item, report.model_copy(update={"article": item.meta})

    return extract


# --- the generated corpus ----------------------------------------------------------------


def load_generator():
    """scripts/generate_corpus.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO / "scripts" / "generate_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return sys.modules["generate_corpus"]


def truth_extractor(truth: dict):
    """The generator's ideal reports, as an extractor (the fast path: no NLP)."""
    reports = {
        aid: Report.model_validate(entry["report"]) for aid, entry in truth["by_article"].items()
    }
    return fixed_extractor(reports)


def read_truth(directory: Path) -> dict:
    return json.loads((directory / "truth.json").read_text(encoding="utf-8"))


def noisy_extractor(truth: dict, seed: int = 11):
    """The generator's reports with the errors a real extractor makes, at rates seen on the
    dev sets' failure modes: a relative date resolved a day off (15%), the second actor
    missed (15%), no location resolved (5%), a clash coded as shelling (10%)."""
    import random

    rng = random.Random(seed)
    reports = {}
    for aid, entry in sorted(truth["by_article"].items()):
        report = Report.model_validate(entry["report"])
        for event in report.events:
            if event.date and rng.random() < 0.15:
                event.date += dt.timedelta(days=rng.choice([-1, 1]))
            if rng.random() < 0.15:
                event.actor2 = None
            if rng.random() < 0.05:
                event.location = None
            if event.event_type == "Battles" and rng.random() < 0.10:
                event.event_type = "Explosions/Remote violence"
                event.sub_event_type = "Shelling/artillery/missile attack"
        reports[aid] = report
    return fixed_extractor(reports)
