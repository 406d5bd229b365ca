"""Fill a store with many synthetic events, and time the claims board over it.

    .venv/bin/python -m tests.web.scale [N_EVENTS] [--db PATH]

Rows are inserted directly into the store's tables (articles, reports, events, claims,
casualties, contradictions, places, clusters and memberships), as the store would after
ingesting and clustering, so that 10,000 events take seconds rather than an hour of
extraction. The timing is a measurement, not a test; `test_scale.py` runs the same fill
small and checks only what the board shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from contested.store import Store
from contested.store.schema import (
    Article,
    CasualtyRow,
    ClaimRow,
    ClusterMember,
    ClusterRow,
    ContradictionRow,
    EventRow,
    PlaceRow,
    ReportRow,
)

#: Events per synthetic article (wire stories often report several incidents).
EVENTS_PER_ARTICLE = 5
SIDES = ("Taliban", "National Resistance Front")
TOWNS = [
    ("Panjshir", "Panjshir", 35.4, 69.7), ("Shotul", "Panjshir", 35.38, 69.66),
    ("Jabal os Saraj", "Parwan", 35.118, 69.238), ("Kabul", "Kabul", 34.528, 69.172),
    ("Charikar", "Parwan", 35.013, 69.171), ("Bagram", "Parwan", 34.946, 69.265),
    ("Mazar-i-Sharif", "Balkh", 36.709, 67.11), ("Kunduz", "Kunduz", 36.728, 68.857),
    ("Herat", "Herat", 34.348, 62.199), ("Kandahar", "Kandahar", 31.613, 65.71),
]
SENTENCE = (
    "{speaker}, a spokesman for the {side}, said {claim}. Fighting was reported near {town} "
    "on {day}, according to {outlet}. "
)
OUTLETS = ["Reuters", "AFP", "WION", "Tolo News", "Al Jazeera", "DAWN"]


def fill(url: str, n_events: int, seed: int = 0) -> None:
    """Insert about n_events events (rounded to whole articles) with their claims."""
    rng = random.Random(seed)
    rows: dict[type, list[dict]] = {t: [] for t in (
        Article, ReportRow, EventRow, ClaimRow, CasualtyRow, ContradictionRow, PlaceRow,
        ClusterRow, ClusterMember,
    )}
    start = dt.date(2021, 8, 1)
    now = dt.datetime(2026, 1, 1)
    for a in range(max(1, n_events // EVENTS_PER_ARTICLE)):
        _article(rng, rows, a, start, now)
    with Store.open(url) as store, Session(store.engine) as session, session.begin():
        for table, values in rows.items():
            for chunk in range(0, len(values), 2000):
                session.execute(insert(table), values[chunk:chunk + 2000])


def _article(rng: random.Random, rows: dict[type, list[dict]], a: int, start: dt.date,
             now: dt.datetime) -> None:
    aid = f"{a:016x}"
    day = start + dt.timedelta(days=rng.randrange(60))
    outlet = rng.choice(OUTLETS)
    text, claims = "", []
    for c in range(3):
        side = SIDES[(a + c) % 2]
        town = rng.choice(TOWNS)
        claim = rng.choice([
            "its fighters had taken the district centre", "all passes remained under its control",
            f"{rng.randrange(5, 80)} enemy fighters were killed", "the attack had been repelled",
        ])
        sentence = SENTENCE.format(speaker=f"Speaker {a}-{c}", side=side, claim=claim,
                                   town=town[0], day=day.isoformat(), outlet=outlet)
        lo = len(text) + sentence.index(claim)
        claims.append({"id": f"c{c + 1}", "side": side, "start": lo, "end": lo + len(claim),
                       "claim": claim, "speaker": f"Speaker {a}-{c}"})
        text += sentence
    rows[Article].append(dict(
        id=aid, content_hash=aid * 4, title=f"Fighting report {a}", outlet=outlet,
        published=day, text=text, ingested_at=now,
    ))
    rows[ReportRow].append(dict(article_id=aid, warnings=0, extracted_at=now, report={
        "claims": [{"id": c["id"], "spans": {"content": {"start": c["start"], "end": c["end"]}}}
                   for c in claims],
    }))
    for c in claims:
        rows[ClaimRow].append(dict(
            id=f"{aid}:{c['id']}", article_id=aid, local_id=c["id"], speaker=c["speaker"],
            speaker_role=f"spokesman for the {c['side']}", side=c["side"], outlets=[outlet],
            cue="said", quote=False, kind="territory", text=c["claim"],
            evidence=[{"start": c["start"], "end": c["end"], "text": c["claim"]}],
        ))
    rows[ContradictionRow].append(dict(
        id=f"{aid}:x1", article_id=aid, topic="territory", subject="control of the district",
        claims=["c1", "c2"], sides=list(SIDES), summary="the sides disagree on who holds it",
    ))
    rows[CasualtyRow].append(dict(
        id=f"{aid}:k1", article_id=aid, victim_side=SIDES[a % 2], killed=rng.randrange(1, 60),
        cumulative=False, claimed_by=SIDES[(a + 1) % 2], outlets=[outlet], claim_id="c1",
        evidence=[],
    ))
    for e in range(EVENTS_PER_ARTICLE):
        _event(rng, rows, aid, e, day, outlet)


def _event(rng: random.Random, rows: dict[type, list[dict]], aid: str, e: int, day: dt.date,
           outlet: str) -> None:
    name, admin1, lat, lon = rng.choice(TOWNS)
    eid = f"{aid}:e{e + 1}"
    place = dict(place=name, admin1=admin1, country="Afghanistan", country_code="AF",
                 lat=lat, lon=lon)
    date = day - dt.timedelta(days=rng.randrange(3))
    common = dict(event_type="Battles", sub_event_type="Armed clash", actor1=SIDES[0],
                  actor2=SIDES[1], date=date, date_precision="day", fatalities=rng.randrange(0, 30),
                  disputed=rng.random() < 0.3, **place)
    rows[EventRow].append(dict(id=eid, article_id=aid, local_id=f"e{e + 1}", claims=["c1"],
                               evidence=[], confidence=0.8, **common))
    rows[PlaceRow].append(dict(id=f"{aid}:p{e + 1}", article_id=aid, mention=name, name=name,
                               feature="city", admin1=admin1, country="Afghanistan",
                               country_code="AF", lat=lat, lon=lon))
    cid = f"k{aid}{e}"
    rows[ClusterRow].append(dict(
        id=cid, block="AF", corroboration=1, n_articles=1, n_events=1, outlets=[outlet],
        figures=[], contradictions=[], fatalities_high=common["fatalities"], **common,
    ))
    rows[ClusterMember].append(dict(cluster_id=cid, event_id=eid, article_id=aid))


def measure(url: str, path: str, runs: int = 5) -> list[float]:
    """Seconds per GET of `path` through the full app (TestClient: no network)."""
    from fastapi.testclient import TestClient

    from contested.web.app import create_app
    from contested.web.security import WebSettings

    client = TestClient(create_app(WebSettings(db_url=url)))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="?", default=10_000)
    parser.add_argument("--db", help="SQLite file to fill (default: a temporary one)")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "scale.db"
    url = f"sqlite:///{path}"
    t0 = time.perf_counter()
    fill(url, args.events)
    print(f"filled {path} with {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    for page in ("/board?place=Panjshir", "/api/board?place=Panjshir", "/board",
                 "/timeline", "/map"):
        times = measure(url, page)
        print(f"{page:28s} first {times[0] * 1000:7.0f} ms, then median "
              f"{statistics.median(times[1:]) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
