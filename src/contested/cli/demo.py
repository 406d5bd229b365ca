"""`contested demo`: ingest the bundled sample corpus and show what the corpus view gives.

The README's first command (`make demo`): it must work on a fresh clone, offline, and be
safe to re-run (articles already stored are skipped; the summary is the same).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import typer

from contested.cli.corpus import DB_OPTION, deaths, print_result, run_ingest

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
    from rich import box
    from rich.table import Table

    from contested.export import claimant_figures

    rows = store.clusters(order="corroboration", limit=TOP_CLUSTERS)
    if not rows:
        console.print("[yellow]no events extracted yet[/] (the extraction stages found none)")
        return
    table = Table("date", "incident", "reports", "deaths", "figures by claimant",
                  title="Top incidents (clusters of reports)", box=box.SIMPLE_HEAD,
                  show_lines=True, pad_edge=False)
    table.columns[0].no_wrap = True
    for c in rows:
        actors = " vs ".join(short_name(a) for a in (c.actor1, c.actor2) if a)
        where = ", ".join(p for p in (c.place, c.country_code) if p)
        incident = "\n".join(x for x in (c.sub_event_type, actors, where and f"in {where}") if x)
        reports = f"{c.corroboration} outlet{'s' if c.corroboration > 1 else ''}"
        figures = [short_names(line) for line in claimant_figures(c.figures)]
        table.add_row(
            str(c.date or "?"), incident,
            reports + ("\n[red]disputed[/]" if c.disputed else ""),
            deaths(c.fatalities, c.fatalities_high), "\n".join(figures) or "-",
        )
    console.print(table)
    console.print("[dim]deaths: lowest credible – highest claimed; reports: independent "
                  "outlets reporting the incident[/]")


def short_name(name: str) -> str:
    """An actor's or outlet's short name from data/actors.yaml and data/outlets.yaml ("NRF",
    "AFP"), so that the table fits a terminal."""
    return _short_names().get(name, name)


def short_names(text: str) -> str:
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
