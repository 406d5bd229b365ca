"""`contested bench`: extraction speed against spaCy's own pipeline (see contested.bench)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer


class Reference(StrEnum):
    both = "both"
    stock = "stock"
    same_blas = "same-blas"
    none = "none"


_REFERENCES = {
    Reference.both: (False, True),
    Reference.stock: (False,),
    Reference.same_blas: (True,),
    Reference.none: (),
}


def bench(
    articles: int = typer.Option(200, "--articles", "-n", min=1, help="Articles to measure on."),
    corpus: Path = typer.Option(None, help="JSONL, .txt or a folder of .txt files (default: generated wire-style text)."),
    reference: Reference = typer.Option(Reference.both, help="spaCy reference runs: stock, same-blas (numpy BLAS, as contested), both or none."),
    dask: int = typer.Option(0, "--dask", min=0, help="Also time Dask LocalClusters of 1 and N worker processes."),
    check: bool = typer.Option(False, help="Also check that contested's spaCy set-up gives the stock annotations."),
    as_json: bool = typer.Option(False, "--json", help="Print the numbers as JSON instead of tables."),
) -> None:
    """Measure articles/s, tokens/s, time per stage, start-up and peak memory."""
    from contested import bench as measure

    inputs, description = measure.bench_corpus(articles, corpus)
    result = measure.run_bench(inputs, description, _REFERENCES[reference], dask)
    extra = {}
    if check:
        differing, tokens = measure.annotation_differences([i.text for i in inputs if i.error is None])
        extra["check"] = {"documents_differing": differing, "tokens": tokens}
    if as_json:
        json.dump({**result.as_dict(), **extra}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    _show(result, extra.get("check"))


def _show(result: Any, check: dict[str, int] | None) -> None:
    from rich.console import Console

    console = Console()
    p = result.pipeline
    console.print(f"[bold]corpus[/]: {result.corpus}, {result.chars:,} characters, {p.tokens:,} tokens")
    console.print(
        f"[bold]start-up[/]: model {result.startup['model_s']:.2f} s, pipeline and data "
        f"{result.startup['pipeline_and_data_s']:.2f} s; [bold]peak RSS[/] {result.peak_rss_mib:.0f} MiB; "
        f"load average {result.load_average[0]:.1f} → {result.load_average[1]:.1f}"
    )
    console.print(_runs_table(result))
    console.print(_stages_table(result))
    if result.dask:
        console.print(_dask_table(result))
    if check is not None:
        verdict = "identical" if check["documents_differing"] == 0 else "DIFFERENT"
        console.print(
            f"[bold]annotations vs stock spaCy[/]: {verdict} "
            f"({check['documents_differing']} documents differ, {check['tokens']:,} tokens compared)"
        )
    if result.failed:
        console.print(f"[yellow]{result.failed} article(s) failed; see contested extract[/]")


def _runs_table(result: Any) -> Any:
    from rich.table import Table

    table = Table(title="throughput (single process)")
    for column in ("run", "articles/s", "tokens/s", "wall s", "CPU s", "× (wall)", "× (CPU)"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for run in [result.pipeline, *result.references]:
        ours = run is result.pipeline
        table.add_row(
            run.label,
            f"{run.articles_per_s:.1f}",
            f"{run.tokens_per_s:,.0f}",
            f"{run.wall_s:.1f}",
            f"{run.cpu_s:.1f}",
            "" if ours else f"{result.ratio(run):.2f}",
            "" if ours else f"{result.ratio(run, cpu=True):.2f}",
        )
    table.caption = "× = contested's speed divided by the reference's (higher is better)"
    return table


def _stages_table(result: Any) -> Any:
    from rich.table import Table

    table = Table(title="time per stage")
    for column in ("stage", "wall s", "CPU s", "ms/article", "share"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    total = sum(s.wall_s for s in result.stages) or 1.0
    for stage in result.stages:
        table.add_row(
            stage.name,
            f"{stage.wall_s:.2f}",
            f"{stage.cpu_s:.2f}",
            f"{1000 * stage.wall_s / max(result.articles, 1):.1f}",
            f"{stage.wall_s / total:.0%}",
        )
    return table


def _dask_table(result: Any) -> Any:
    from rich.table import Table

    table = Table(title="Dask (LocalCluster, one thread per worker process)")
    columns = ("workers", "articles/s", "speed-up", "CPU ms/article", "CPU-bound speed-up",
               "start s", "peak RSS/worker MiB")
    for column in columns:
        table.add_column(column, justify="right")
    base = result.dask[0].run
    for run in result.dask:
        stats = run.run
        efficiency = stats.cpu_articles_per_s / base.cpu_articles_per_s if base.cpu_s else 0.0
        table.add_row(
            str(run.workers),
            f"{stats.articles_per_s:.1f}",
            f"{stats.articles_per_s / (base.articles_per_s or 1.0):.2f}",
            f"{1000 * stats.cpu_s / max(stats.articles, 1):.0f}",
            f"{run.workers * efficiency:.2f}",
            f"{run.cluster_start_s:.1f}",
            ", ".join(f"{mib:.0f}" for mib in run.worker_peak_rss_mib),
        )
    table.caption = (
        "CPU-bound speed-up = workers × (1-worker CPU per article / this CPU per article): "
        "the speed-up on that many idle cores, which wall time shows only on an idle machine"
    )
    return table


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("bench")(bench)
