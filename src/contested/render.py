"""Write reports as JSON, JSONL, a rich terminal table, or ACLED-style CSV."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from contested.model import Report

#: ACLED export column names (a subset that per-article extraction can fill).
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]


def write(reports: list[Report], fmt: str, stream: TextIO) -> int:
    """Write the reports; return how many carry an error."""
    if fmt == "json":
        if len(reports) == 1:
            stream.write(reports[0].model_dump_json(indent=2) + "\n")
        else:
            stream.write(json.dumps([r.model_dump(mode="json") for r in reports], indent=2) + "\n")
    elif fmt == "jsonl":
        for report in reports:
            stream.write(report.model_dump_json() + "\n")
    elif fmt == "table":
        write_table(reports, stream)
    elif fmt == "csv":
        write_acled_csv(reports, stream)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return sum(1 for r in reports if r.error is not None)


def acled_rows(report: Report) -> list[dict[str, object]]:
    """One ACLED-style row per event; notes quote the supporting claims' speakers."""
    claims = {c.id: c for c in report.claims}
    rows = []
    for event in report.events:
        loc = event.location
        sources = sorted({o for cid in event.claims for o in claims[cid].outlets if cid in claims})
        if report.article.outlet:
            sources.insert(0, report.article.outlet)
        notes = "; ".join(
            f"{claims[c].speaker or claims[c].side or 'unattributed'}: {claims[c].text}"
            for c in event.claims
            if c in claims
        ) or (event.evidence[0].text if event.evidence else "")
        rows.append(
            {
                "event_id_cnty": f"{report.article.id}:{event.id}",
                "event_date": event.date.isoformat() if event.date else "",
                "time_precision": {"day": 1, "week": 2, "month": 3, "year": 3}.get(
                    event.date_precision or "", ""
                ),
                "disorder_type": _disorder(event.event_type),
                "event_type": event.event_type,
                "sub_event_type": event.sub_event_type,
                "actor1": event.actor1 or "",
                "actor2": event.actor2 or "",
                "country": loc.country if loc else "",
                "iso": loc.country_code if loc else "",
                "admin1": loc.admin1 if loc else "",
                "admin2": loc.admin2 if loc else "",
                "location": loc.name if loc else "",
                "latitude": loc.lat if loc else "",
                "longitude": loc.lon if loc else "",
                "geo_precision": event.geo_precision or "",
                "source": "; ".join(dict.fromkeys(sources)),
                "notes": notes,
                "fatalities": event.fatalities if event.fatalities is not None else "",
            }
        )
    return rows


def _disorder(event_type: str) -> str:
    if event_type in {"Protests", "Riots"}:
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def write_acled_csv(reports: list[Report], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for report in reports:
        writer.writerows(acled_rows(report))


def write_table(reports: list[Report], stream: TextIO) -> None:
    """A readable terminal view: events, claims, casualties, contradictions per article."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, width=140)
    for report in reports:
        art = report.article
        console.rule(f"[bold]{art.id or 'article'}[/] {art.outlet or ''} {art.published or ''}")
        if report.error:
            console.print(f"[red]error:[/] {report.error}")
            continue
        events = Table("id", "type / sub-type", "actors", "date", "where", "deaths", title="Events")
        for e in report.events:
            events.add_row(
                e.id,
                f"{e.event_type} / {e.sub_event_type}",
                " vs ".join(a for a in (e.actor1, e.actor2) if a) or "-",
                f"{e.date or '?'} ({e.date_precision or e.date_text or '-'})",
                (e.location.name or e.location.mention) if e.location else "-",
                "-" if e.fatalities is None else str(e.fatalities),
            )
        claims = Table("id", "speaker (side)", "via", "kind", "q", "claim", title="Claims")
        for c in report.claims:
            claims.add_row(
                c.id,
                f"{c.speaker or c.speaker_role or '?'} ({c.side or '?'})",
                " > ".join(c.outlets) or "-",
                c.kind,
                "yes" if c.quote else "",
                c.text[:120],
            )
        casualties = Table(
            "victims", "killed", "injured", "captured", "claimed by", "via", title="Casualty claims"
        )
        for k in report.casualties:
            casualties.add_row(
                k.victim_side or "?",
                *(str(v) if v is not None else "-" for v in (k.killed, k.injured, k.captured)),
                k.claimed_by or "?",
                ", ".join(k.outlets) or "-",
            )
        for table in (events, claims, casualties):
            if table.row_count:
                console.print(table)
        for x in report.contradictions:
            console.print(
                f"[yellow]contradiction[/] ({x.topic}) {x.subject}: {x.summary} [{', '.join(x.claims)}]"
            )
        for w in report.warnings:
            console.print(f"[dim]warning: {w}[/]")
