"""Corpus commands: `ingest`, `reprocess`, `export`, `query`. Thin front ends over
`contested.store.Store` (STYLE.md #4): options become arguments of the library calls, and
library errors reach the user as one line."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from functools import cache
from pathlib import Path

import typer

from contested.errors import InputError

DB_HELP = "Database URL (sqlite:///file.db or postgresql+psycopg://user@host/db) or a file path."
DB_OPTION = typer.Option(None, "--db", envvar="CONTESTED_DB", help=DB_HELP)
WORKERS_OPTION = typer.Option(
    None, "--workers", min=1, help="Extract on N local Dask worker processes."
)
SCHEDULER_OPTION = typer.Option(
    None, "--scheduler", help="Extract on a running Dask scheduler (tcp://host:8786)."
)

class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories (text, HTML, RSS/Atom, JSONL)."),
    db: str = DB_OPTION,
    workers: int = WORKERS_OPTION,
    scheduler: str = SCHEDULER_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Ingest articles into the store; skip ones already stored; update the clusters.

    The exit code is the number of rejected inputs (capped at 100), 0 when none failed.
    """
    from contested.readers import iter_files, read_paths
    from contested.store import Store

    files = list(iter_files(paths))
    if not files:
        raise InputError("no article files found (looked for " + _suffixes() + ")")
    inputs = list(read_paths(files))
    with Store.open(db) as store:
        result = run_ingest(store, inputs, workers, scheduler, quiet)
        print_result(result, store)
    _exit_for(result.failed)


def run_ingest(store, inputs, workers, scheduler, quiet):  # noqa: ANN001, ANN201
    """Ingest with a progress bar on stderr; the extractor is Dask's when asked for."""
    from contested.store.api import CHUNK, distributed_extractor

    extractor = None
    chunk = CHUNK
    if workers or scheduler:
        # one call for the whole run: Dask starts its cluster once and keeps workers busy,
        # while results still come back (and commit) one article at a time
        extractor = distributed_extractor(workers, scheduler)
        chunk = max(len(inputs), 1)
    if quiet or len(inputs) < 2:
        return store.ingest(inputs, extractor=extractor, chunk=chunk)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=len(inputs))
        return store.ingest(
            inputs, extractor=extractor, chunk=chunk,
            progress=lambda kind, item: progress.advance(task),
        )


def print_result(result, store, console=None) -> None:  # noqa: ANN001
    """ingested / skipped as duplicate / rejected (with reasons), and the corpus totals."""
    console = console or _console(stderr=False)
    console.print(
        f"[bold]ingested[/] {len(result.ingested)} · [bold]skipped as duplicate[/] "
        f"{result.duplicates} · [bold]rejected[/] {result.failed}"
    )
    for source, reason in result.rejected[:20]:
        where = "" if reason.startswith(source) else f"{source}: "
        console.print(f"  [red]rejected[/] {where}{reason}", highlight=False, soft_wrap=True)
    if result.failed > 20:
        console.print(f"  … and {result.failed - 20} more (contested query rejections)")
    counts = store.counts()
    console.print(
        f"store: {counts['articles']} articles, {counts['events']} events in "
        f"{counts['clusters']} clusters ({counts['corroborated']} reported by 2+ sources, "
        f"{counts['disputed']} disputed), {counts['claims']} claims, "
        f"{counts['casualties']} casualty figures, {counts['contradictions']} contradictions",
        highlight=False, soft_wrap=True,
    )


def reprocess(
    db: str = DB_OPTION,
    article: list[str] = typer.Option(None, "--article", help="Only this article id (repeatable)."),
    workers: int = WORKERS_OPTION,
    scheduler: str = SCHEDULER_OPTION,
) -> None:
    """Re-run the pipeline on stored articles and replace their events, claims and clusters.

    Articles themselves are never changed; use this after upgrading contested.
    """
    from contested.store import Store
    from contested.store.api import CHUNK, distributed_extractor

    extractor = distributed_extractor(workers, scheduler) if workers or scheduler else None
    with Store.open(db) as store:
        total = len(article) if article else store.counts()["articles"]
        with _progress() as progress:
            task = progress.add_task("reprocessing", total=total)
            result = store.reprocess(
                article or None, extractor=extractor, chunk=max(total, 1) if extractor else CHUNK,
                progress=lambda kind, item: progress.advance(task),
            )
        _console(stderr=False).print(
            f"reprocessed {len(result.ingested)} articles, {result.failed} now failing; "
            f"{result.clusters} clusters"
        )
        for source, reason in result.rejected[:20]:
            _console(stderr=False).print(f"  [red]error[/] {source}: {reason}", highlight=False)
    _exit_for(result.failed)


def export(
    fmt: ExportFormat = typer.Option(ExportFormat.acled_csv, "--format", "-f", help="acled-csv, geojson or jsonl."),
    clusters: bool = typer.Option(True, "--clusters/--events", help="One row per incident (default) or per-article event."),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    db: str = DB_OPTION,
    actor: str = typer.Option(None, help="Only incidents involving this actor."),
    place: str = typer.Option(None, help="Only incidents in this place, admin area or country."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    min_corroboration: int = typer.Option(1, help="Only incidents reported by this many independent sources."),
) -> None:
    """Export incidents (or events) as ACLED-style CSV, GeoJSON or JSONL."""
    from contested import export as exporter
    from contested.store import Store

    filters = {
        "actor": actor, "place": place, "since": _date(since, "--since"),
        "until": _date(until, "--until"), "min_corroboration": min_corroboration,
    }
    what = "clusters" if clusters else "events"
    with Store.open(db) as store:
        if output is None:
            count = exporter.export(store, fmt.value, sys.stdout, what, **filters)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = exporter.export(store, fmt.value, stream, what, **filters)
    sys.stderr.write(f"contested: exported {count} {what}\n")


def timeline(
    actor: str = typer.Option(None, help="Incidents involving this actor."),
    place: str = typer.Option(None, help="Incidents in this place, admin area or country."),
    db: str = DB_OPTION,
) -> None:
    """Incidents over time for an actor and/or a place (also the SQL views `actor_timeline`
    and `place_timeline`)."""
    from contested.store import Store

    if not actor and not place:
        raise InputError("give --actor and/or --place")
    with Store.open(db) as store:
        rows = store.timeline(actor=actor, place=place)
    title = f"Timeline: {' in '.join(x for x in (actor, place) if x)} ({len(rows)} incidents)"
    _console(stderr=False).print(incident_table(rows, title, ids=True))


def incident_table(rows, title: str, ids: bool = False):  # noqa: ANN001, ANN201
    """Incidents as a compact rich table (fits 80 columns): date, what/who/where, reports,
    deaths (lowest credible – highest claimed) and each claimant's figures."""
    from rich import box
    from rich.table import Table

    from contested.export import claimant_figures

    table = Table("date", "incident", "reports", "deaths", "figures by claimant", title=title,
                  box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False)
    table.columns[0].no_wrap = True
    for c in rows:
        actors = " vs ".join(short_name(a) for a in (c.actor1, c.actor2) if a)
        where = ", ".join(p for p in (c.place, c.country_code) if p)
        lines = [c.sub_event_type, actors, where and f"in {where}", ids and f"[dim]{c.id}[/]"]
        reports = f"{c.corroboration} source{'s' if c.corroboration > 1 else ''}"
        figures = [short_names(line) for line in claimant_figures(c.figures)]
        table.add_row(
            str(c.date or "?"), "\n".join(x for x in lines if x),
            reports + ("\n[red]disputed[/]" if c.disputed else ""),
            deaths(c.fatalities, c.fatalities_high), "\n".join(figures) or "-",
        )
    return table


def short_name(name: str) -> str:
    """An actor's or outlet's short name from data/actors.yaml and data/outlets.yaml ("NRF",
    "AFP"), so that tables fit a terminal."""
    return _short_names().get(name, name)


def short_names(text: str) -> str:
    """`text` with every long actor or outlet name replaced by its short name."""
    for name, short in _short_names().items():
        text = text.replace(name, short)
    return text


@cache
def _short_names() -> dict[str, str]:
    from contested.lexicon import load_yaml

    names = {a["name"]: a["short"] for a in load_yaml("actors") if a.get("short")}
    for outlet in load_yaml("outlets"):
        acronyms = [a for a in outlet.get("aliases", []) if a.isupper() and len(a) <= 5]
        if acronyms:
            names[outlet["name"]] = acronyms[0]
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def rejections(db: str = DB_OPTION) -> None:
    """Inputs that could not be ingested, and why."""
    from contested.store import Store

    with Store.open(db) as store:
        for row in store.rejections():
            sys.stdout.write(f"{row.rejected_at:%Y-%m-%d %H:%M}\t{row.source}\t{row.reason}\n")


def sql(
    statement: str = typer.Argument(..., help="A SELECT statement (e.g. on actor_timeline)."),
    db: str = DB_OPTION,
) -> None:
    """Run a read-only SELECT and print the rows as TSV."""
    from sqlalchemy import text

    from contested.store import Store

    if not statement.lstrip().lower().startswith(("select", "with")):
        raise InputError("only SELECT statements are allowed")
    with Store.open(db) as store, store.engine.connect() as connection:
        _read_only(connection)
        try:
            result = connection.execute(text(statement))
        except Exception as exc:  # noqa: BLE001 - SQL errors are the user's input errors
            raise InputError(str(getattr(exc, "orig", exc)).splitlines()[0]) from exc
        sys.stdout.write("\t".join(result.keys()) + "\n")
        for row in result:
            sys.stdout.write("\t".join("" if v is None else str(v) for v in row) + "\n")


def _read_only(connection) -> None:  # noqa: ANN001
    """Make the connection refuse writes, whatever the statement hides after WITH."""
    from sqlalchemy import text

    if connection.dialect.name == "sqlite":
        connection.execute(text("PRAGMA query_only = ON"))
    else:
        connection.execute(text("SET TRANSACTION READ ONLY"))


def deaths(low: int | None, high: int | None) -> str:
    """'12' or '12–41' (lowest credible – highest claimed), '-' when unknown."""
    if low is None and high is None:
        return "-"
    if low == high or high is None:
        return str(low)
    return f"{low}–{high}"


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from exc


def _suffixes() -> str:
    from contested.readers import KNOWN_SUFFIXES

    return " ".join(sorted(KNOWN_SUFFIXES))


def _exit_for(failed: int) -> None:
    if failed:
        sys.stderr.write(f"contested: {failed} input(s) rejected\n")
        raise typer.Exit(min(failed, 100))


def _console(stderr: bool = True):  # noqa: ANN202 - rich imported lazily
    from rich.console import Console

    return Console(stderr=stderr)


def _progress():  # noqa: ANN202
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    return Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=_console(), transient=True,
    )


def register(app: typer.Typer) -> None:
    """Add `ingest`, `reprocess`, `export` and the `query` group."""
    app.command("ingest")(ingest)
    app.command("reprocess")(reprocess)
    app.command("export")(export)
    query = typer.Typer(help="Read the corpus: timelines, rejections, SQL.", no_args_is_help=True)
    query.command("timeline")(timeline)
    query.command("rejections")(rejections)
    query.command("sql")(sql)
    app.add_typer(query, name="query")
