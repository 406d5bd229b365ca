"""`contested eval acled`: score extraction against an ACLED export, column by column.

Each row's `notes` is run through the pipeline with `published` set to the row's
`event_date`; the main event (highest confidence) is compared with the row's coding:
event type, sub-event type, the two actors (after alias normalisation, in either order, as
ACLED's actor order carries no direction), admin1, the distance between the coded and the
extracted coordinates, and fatalities (exact). Real exports are accepted as they are: extra
columns, quoted fields with commas and newlines, a byte-order mark, ISO or "02 September 2021"
dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import typer

from contested.errors import InputError
from contested.eval.events import main_event
from contested.model import ArticleMeta, Document, Event

REQUIRED = ("notes", "event_date", "event_type", "sub_event_type")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d-%m-%Y", "%B %d, %Y")

#: Distance under which an extracted location counts as the coded one: ACLED's geo precision
#: 1 is "the town itself"; 25 km covers a town and its immediate surroundings.
NEAR_KM = 25.0

# "Civilians (Afghanistan)", "Military Forces of Afghanistan (2004-2021)",
# "Police Forces of Nigeria (2015-2023) Prison Guards": ACLED qualifiers, not names.
_QUALIFIER = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class AcledRow:
    notes: str
    event_date: dt.date | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    fatalities: int | None


@dataclass
class RowResult:
    row: AcledRow
    event: Event | None
    km: float | None = None


@dataclass
class AcledEval:
    """Per-column agreement (share of rows where the column is coded) plus the rows."""

    n: int
    accuracy: dict[str, float] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    median_km: float | None = None
    rows: list[RowResult] = field(default_factory=list)


def read_acled_csv(path: Path) -> list[AcledRow]:
    """Read an ACLED export (any extra columns, quoting and BOM as ACLED writes them)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = {h.strip().lower(): h for h in reader.fieldnames or []}
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InputError(f"{path}: not an ACLED export (missing columns: "
                                 f"{', '.join(missing)})")
            return [_row({k.strip().lower(): (v or "") for k, v in r.items() if k}) for r in reader]
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc})") from exc


def _row(r: dict[str, str]) -> AcledRow:
    return AcledRow(
        notes=r["notes"].strip(),
        event_date=parse_date(r["event_date"]),
        event_type=r["event_type"].strip(),
        sub_event_type=r["sub_event_type"].strip(),
        actor1=r.get("actor1", "").strip(),
        actor2=r.get("actor2", "").strip(),
        admin1=r.get("admin1", "").strip(),
        location=r.get("location", "").strip(),
        latitude=_float(r.get("latitude", "")),
        longitude=_float(r.get("longitude", "")),
        fatalities=int(_float(r.get("fatalities", "")) or 0) if r.get("fatalities") else None,
    )


def parse_date(text: str) -> dt.date | None:
    """ACLED dates as exports write them ("2021-09-02", "02 September 2021", …)."""
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _float(text: str) -> float | None:
    try:
        return float(text.strip())
    except (ValueError, AttributeError):
        return None


def normalise_actor(name: str | None) -> str:
    """An actor name for comparison: qualifiers dropped, aliases mapped to canonical names."""
    if not name:
        return ""
    from contested.actor_dictionary import load_dictionary

    bare = _QUALIFIER.sub("", name).strip()
    canonical = load_dictionary().actor_for_alias(bare) or bare
    return _fold(canonical)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def same_name(a: str, b: str) -> bool:
    """Province names agree across transliterations: "Idlib"/"Idleb", "Panjshir"/"Panjsher"
    and "Kābul"/"Kabul" share their consonants; "Paktia"/"Paktika" do not."""
    a, b = _fold(a), _fold(b)
    return bool(a) and (a == b or _skeleton(a) == _skeleton(b))


def _skeleton(name: str) -> str:
    return re.sub(r"[^a-z]|[aeiouy]", "", name)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def compare(row: AcledRow, event: Event | None) -> dict[str, bool]:
    """Which coded columns the extracted event agrees with (absent gold columns are left out)."""
    out = {
        "event_type": event is not None and event.event_type == row.event_type,
        "sub_event_type": event is not None and event.sub_event_type == row.sub_event_type,
    }
    found = {normalise_actor(a) for a in (event.actor1, event.actor2)} if event else set()
    for column in ("actor1", "actor2"):
        gold = getattr(row, column)
        if gold:
            out[column] = normalise_actor(gold) in found
    if row.admin1:
        loc = event.location if event else None
        out["admin1"] = loc is not None and same_name(loc.admin1 or "", row.admin1)
    if row.fatalities is not None:
        out["fatalities"] = event is not None and (event.fatalities or 0) == row.fatalities
    return out


def _km(row: AcledRow, event: Event | None) -> float | None:
    loc = event.location if event else None
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    if row.latitude is None or row.longitude is None:
        return None
    return km_between(row.latitude, row.longitude, loc.lat, loc.lon)


def evaluate_rows(
    rows: list[AcledRow], pipeline=None, progress: Callable[[int], None] | None = None
) -> AcledEval:
    """Run the pipeline over the rows' notes and score every coded column."""
    from contested.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    docs = (
        Document(text=r.notes or " ", article=ArticleMeta(id=str(i), published=r.event_date))
        for i, r in enumerate(rows)
    )
    results = []
    for row, document in zip(rows, pipeline.run_many(docs), strict=True):
        event = main_event(document.events) if document.error is None else None
        results.append(RowResult(row, event, _km(row, event)))
        if progress is not None:
            progress(1)
    return summarise(results)


def summarise(results: list[RowResult]) -> AcledEval:
    """Per-column accuracy over the rows that code the column, and the km error."""
    agree: dict[str, list[bool]] = {}
    for result in results:
        for column, ok in compare(result.row, result.event).items():
            agree.setdefault(column, []).append(ok)
        if result.row.latitude is not None:
            agree.setdefault(f"within {NEAR_KM:g} km", []).append(
                result.km is not None and result.km <= NEAR_KM
            )
    kms = [r.km for r in results if r.km is not None]
    return AcledEval(
        n=len(results),
        accuracy={c: sum(v) / len(v) for c, v in agree.items()},
        counted={c: len(v) for c, v in agree.items()},
        median_km=statistics.median(kms) if kms else None,
        rows=results,
    )


def evaluate(path: Path, pipeline=None, progress: Callable[[int], None] | None = None
             ) -> AcledEval:
    """Read and score an ACLED export (the library entry point of the command)."""
    return evaluate_rows(read_acled_csv(path), pipeline, progress)


def command(path: Path = typer.Argument(..., help="ACLED export CSV (notes, event_date, …).")
            ) -> None:
    """Score each coded column of an ACLED export against extraction from its notes."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    rows = read_acled_csv(path)
    with Progress(transient=True) as bar:
        task = bar.add_task("coding notes", total=len(rows))
        result = evaluate_rows(rows, progress=lambda k: bar.advance(task, k))
    table = Table("column", "agreement", "rows coded", title=f"ACLED export: {result.n} rows")
    for column, value in result.accuracy.items():
        table.add_row(column, f"{value:.3f}", str(result.counted[column]))
    console = Console()
    console.print(table)
    if result.median_km is not None:
        console.print(f"median location error: {result.median_km:.1f} km")
