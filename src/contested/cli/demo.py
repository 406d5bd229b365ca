"""`contested demo`: ingest the bundled sample corpus and show what the corpus view gives.

The README's first command (`make demo`): it must work on a fresh clone, offline, and be
safe to re-run (articles already stored are skipped; the summary is the same).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from contested.cli.corpus import DB_OPTION, incident_table, print_result, run_ingest

#: Clusters listed in the demo's table: enough to show merged, disputed incidents.
TOP_CLUSTERS = 8


def sample_corpus() -> Path:
    """The bundled sample corpus folder (package data; a real folder in every install we
    make: editable or wheel, never a zip)."""
    return Path(str(resources.files("contested.samples").joinpath("corpus")))


def demo(db: str = DB_OPTION) -> None:
    """Ingest the bundled sample articles into the store and summarise the corpus."""
    from rich.console import Console

    from contested.readers import read_paths
    from contested.store import Store
    from contested.store.api import normalise_url

    console = Console()
    corpus = sample_corpus()
    inputs = list(read_paths([corpus]))
    console.print(f"[bold]contested demo[/]: {len(inputs)} sample articles → {normalise_url(db)}")
    with Store.open(db) as store:
        result = run_ingest(store, inputs, None, None, quiet=False)
        print_result(result, store, console)
        show_clusters(store, console)
    show_next(console, corpus)
    if result.failed:
        raise typer.Exit(min(result.failed, 100))


def show_clusters(store, console) -> None:  # noqa: ANN001
    """The most corroborated incidents with their casualty ranges and claimants' figures."""
    rows = store.clusters(order="corroboration", limit=TOP_CLUSTERS)
    if not rows:
        console.print("[yellow]no events extracted yet[/] (the extraction stages found none)")
        return
    console.print(incident_table(rows, "Top incidents (clusters of reports)"))
    console.print("[dim]deaths: lowest credible – highest claimed; reports: independent "
                  "sources reporting the incident (a reprinted wire story counts once)[/]")


def show_next(console, corpus: Path) -> None:  # noqa: ANN001
    """Where to look next."""
    console.print("\n[bold]Where to look next[/]")
    for command, what in (
        ("contested serve", "browse incidents, claims and sources in the browser"),
        ("contested export --format acled-csv -o events.csv", "ACLED-style CSV, one row per incident"),
        ("contested export --format geojson -o incidents.geojson", "a map layer"),
        ("contested query timeline --actor Taliban", "one actor's incidents over time"),
        (f"contested extract {corpus / 'articles.jsonl'} --format jsonl", "per-article reports"),
        ("contested ingest PATH...", "add your own articles (text, HTML, RSS/Atom, JSONL)"),
    ):
        console.print(f"  [cyan]{command}[/]\n      {what}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `demo`."""
    app.command("demo")(demo)
