"""`contested eval attribution` (stub until its issue lands)."""

from __future__ import annotations

from pathlib import Path

import typer

from contested.errors import ContestedError


def command(path: Path = typer.Argument(..., help="Gold file or folder.")) -> None:
    raise ContestedError("eval attribution is not implemented yet")
