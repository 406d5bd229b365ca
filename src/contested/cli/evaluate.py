"""`contested eval ...`: score the pipeline against gold sets.

Each scorer lives in `contested.eval.<name>` and exposes `command`, a Typer command function.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `eval` command group."""
    from contested.eval import acled, attribution, events, geo, gold

    eval_app = typer.Typer(help="Score extraction against gold sets.", no_args_is_help=True)
    eval_app.command("gold", help="Score against gold fact files (e.g. ../shared/gold).")(
        gold.command
    )
    eval_app.command("events", help="CASE 2021 Task 2 TSV: sub-event type accuracy and F1.")(
        events.command
    )
    eval_app.command("acled", help="Score an ACLED export CSV column by column.")(acled.command)
    eval_app.command("attribution", help="PolNeAR brat .ann: Source/Cue/Content F1.")(
        attribution.command
    )
    eval_app.command("geo", help="TR-News / LGL XML: toponym recognition and resolution.")(
        geo.command
    )
    app.add_typer(eval_app, name="eval")
