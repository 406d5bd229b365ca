"""Load reference data (lexicons, actor dictionary) from the package's data files.

Reference data lives in `contested/data/` so that users can read and extend it; code only
says how to use it. Files are read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_yaml(name: str) -> Any:
    """Parse `contested/data/<name>.yaml`."""
    path = resources.files("contested.data").joinpath(f"{name}.yaml")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_lexicon(name: str) -> frozenset[str]:
    """A word list from `contested/data/<name>.txt`: one lower-cased entry a line, # comments."""
    path = resources.files("contested.data").joinpath(f"{name}.txt")
    entries: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.add(entry)
    return frozenset(entries)
