"""A small run (200 inputs) of scripts/hostile_inputs.py (the full run pushes 10,000): every input
becomes a report or a recorded rejection, nothing raises, every report keeps the invariants,
on both the extract path and the store's ingest path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "hostile_inputs.py"


@pytest.fixture(scope="module")
def hostile():
    spec = importlib.util.spec_from_file_location("hostile_inputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_inputs"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_hostile_inputs_are_all_accounted_for(hostile, tmp_path, pipeline) -> None:
    inputs = hostile.generate(200, seed=7, folder=tmp_path)
    assert sum(i.units for i in inputs) == 200
    tallies = [hostile.run_extract(inputs, chunk=64)]
    try:
        import contested.store  # noqa: F401 - the store may not be installed in every checkout
    except ImportError:
        pass
    else:
        tallies.append(hostile.run_ingest(inputs, tmp_path))
    for tally in tallies:
        assert tally.uncaught == 0, tally.examples
        assert tally.violations == 0, tally.examples
        assert tally.internal_errors == 0, tally.examples
        assert tally.accounted == tally.inputs == 200, tally.examples
