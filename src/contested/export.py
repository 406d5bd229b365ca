"""Export the corpus: clusters (one row per incident) or per-article events.

Formats: `acled-csv` (ACLED's column names and conventions, via `contested.render`), `geojson`
(a FeatureCollection; features without coordinates have a null geometry, as RFC 7946
allows) and `jsonl` (one object per line, every field the store holds).

ACLED conventions kept for clusters: `fatalities` is the lowest credible figure (DESIGN.md);
`time_precision` 1/2/3 for day/week/month-or-coarser; `source` lists every outlet that
reported the incident; `notes` summarises what each side claimed and the figures each
claimant gave, so a reader sees the dispute that the single fatality number hides.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, TextIO

from contested.clusters import claimant_ranges
from contested.render import ACLED_COLUMNS, acled_rows
from contested.render import _disorder as disorder_type
from contested.store import Store
from contested.store.schema import ClaimRow, ClusterRow, EventRow

FORMATS = ("acled-csv", "geojson", "jsonl")

#: ACLED time_precision codes.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

#: Claims quoted in a cluster's ACLED notes, and characters per claim: ACLED notes run to
#: two or three sentences; more belongs in the JSONL export.
NOTE_CLAIMS = 4
NOTE_CLAIM_CHARS = 160


def export(
    store: Store, fmt: str, stream: TextIO, what: str = "clusters", **filters: Any
) -> int:
    """Write the clusters (filters as `Store.clusters`) or events; return the rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if what == "events":
        return _export_events(store, fmt, stream)
    records = list(cluster_records(store, **filters))
    if fmt == "acled-csv":
        _write_csv([acled_cluster_row(r) for r in records], stream)
    elif fmt == "geojson":
        _write_geojson(records, stream)
    else:
        for record in records:
            stream.write(json.dumps(record, default=_json_default, ensure_ascii=False) + "\n")
    return len(records)


def cluster_records(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Each cluster as a plain dict, with its member events and the claims behind them."""
    for row in store.clusters(**filters):
        detail = store.cluster(row.id)
        if detail is None:  # removed by a concurrent recluster
            continue
        claims = {(c.article_id, c.local_id): c for c in detail.claims}
        record = _columns(row)
        record["members"] = [
            {"event_id": e.id, "article_id": e.article_id,
             "outlet": next((a.outlet for a in detail.articles if a.id == e.article_id), None),
             "event_type": e.event_type, "sub_event_type": e.sub_event_type,
             "date": e.date, "place": e.place, "fatalities": e.fatalities}
            for e in detail.events
        ]
        record["claims"] = [
            _claim(claims[(e.article_id, cid)])
            for e in detail.events for cid in e.claims if (e.article_id, cid) in claims
        ]
        record["ranges_by_claimant"] = claimant_ranges(row.figures)
        record["articles"] = [
            {"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title,
             "url": a.url}
            for a in detail.articles
        ]
        yield record


def acled_cluster_row(record: dict[str, Any]) -> dict[str, object]:
    """One ACLED row for one incident."""
    return {
        "event_id_cnty": record["id"],
        "event_date": _iso(record["date"]),
        "time_precision": TIME_PRECISION.get(record["date_precision"] or "", ""),
        "disorder_type": disorder_type(record["event_type"]),
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "actor1": record["actor1"] or "",
        "actor2": record["actor2"] or "",
        "country": record["country"] or "",
        "iso": record["country_code"] or "",
        "admin1": record["admin1"] or "",
        "admin2": record["admin2"] or "",
        "location": record["place"] or "",
        "latitude": _blank(record["lat"]),
        "longitude": _blank(record["lon"]),
        "geo_precision": _blank(record["geo_precision"]),
        "source": "; ".join(record["outlets"]),
        "notes": notes(record),
        "fatalities": record["fatalities"] if record["fatalities"] is not None else 0,
    }


def notes(record: dict[str, Any]) -> str:
    """Who claimed what, each claimant's figures, and the disputes, in a few sentences."""
    parts = []
    for claim in record["claims"][:NOTE_CLAIMS]:
        who = claim["speaker"] or claim["side"] or "unattributed"
        text = claim["text"]
        if len(text) > NOTE_CLAIM_CHARS:
            text = text[: NOTE_CLAIM_CHARS - 1].rstrip() + "…"
        parts.append(f"{who}: {text}")
    figures = claimant_figures(record["figures"])
    if figures:
        parts.append("Fatalities claimed: " + "; ".join(figures) + ".")
    for contradiction in record["contradictions"]:
        if contradiction["article_id"] is None:  # figures across reports, listed above
            parts.append(f"Disputed: {contradiction['subject']}.")
        else:
            parts.append(f"Disputed ({contradiction['topic']}): "
                         f"{contradiction['summary'].rstrip('.')}.")
    if record["corroboration"] > 1:
        parts.append(f"Reported by {record['corroboration']} independent sources.")
    return " ".join(parts)


def claimant_figures(figures: list[dict[str, Any]]) -> list[str]:
    """'NRF: 34 (Taliban)'-style figures per claimant: low-high when a claimant gave several."""
    lines = []
    for r in claimant_ranges(figures):
        low, high = r["killed_low"], r["killed_high"]
        value = str(low) if low == high else f"{low}-{high}"
        lines.append(f"{r['claimant']}: {value}" + (f" ({r['victim_side']})" if r["victim_side"] else ""))
    return lines


def _export_events(store: Store, fmt: str, stream: TextIO) -> int:
    if fmt == "acled-csv":
        rows = [row for report in store.reports() for row in acled_rows(report)]
        _write_csv(rows, stream)
        return len(rows)
    members = store.memberships()
    records = []
    for event in store.events():
        record = _columns(event)
        record["cluster_id"] = members.get(event.id)
        records.append(record)
    if fmt == "geojson":
        _write_geojson(records, stream)
    else:
        for record in records:
            stream.write(json.dumps(record, default=_json_default, ensure_ascii=False) + "\n")
    return len(records)


def _write_csv(rows: list[dict[str, object]], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def _write_geojson(records: list[dict[str, Any]], stream: TextIO) -> None:
    features = []
    for record in records:
        has_point = record.get("lat") is not None and record.get("lon") is not None
        geometry = (
            {"type": "Point", "coordinates": [record["lon"], record["lat"]]} if has_point else None
        )
        properties = {k: v for k, v in record.items() if k not in {"lat", "lon", "evidence"}}
        features.append({"type": "Feature", "id": record["id"], "geometry": geometry,
                         "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    json.dump(collection, stream, default=_json_default, ensure_ascii=False)
    stream.write("\n")


def _columns(row: ClusterRow | EventRow) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _claim(claim: ClaimRow) -> dict[str, Any]:
    return {"id": claim.id, "speaker": claim.speaker, "side": claim.side,
            "outlets": claim.outlets, "kind": claim.kind, "quote": claim.quote,
            "text": claim.text}


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _blank(value: object) -> object:
    return "" if value is None else value


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
