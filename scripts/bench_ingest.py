#!/usr/bin/env python
"""Measure ingest throughput (articles/s) into SQLite and PostgreSQL.

    python scripts/bench_ingest.py [-n 1000] [--pipeline-n 100] [--pg URL]

Two measurements per database, on a generated corpus (scripts/generate_corpus.py):
- store: the generator's ideal reports stand in for extraction, so the figure is what the
  store itself sustains (hashing, dedup lookups, per-article transactions, clustering);
- pipeline: the real extraction pipeline in one process, i.e. what `contested ingest` does.
A second ingest of the same files measures the duplicate path. PostgreSQL runs in a
throw-away schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _module(name: str, path: Path):  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def measure(url: str, directory: Path, extractor, label: str) -> None:  # noqa: ANN001
    from contested.readers import read_paths
    from contested.store import Store

    with Store.open(url) as store:
        for run in ("first", "again"):
            started = time.perf_counter()
            inputs = list(read_paths([directory]))
            result = store.ingest(inputs, extractor=extractor)
            seconds = time.perf_counter() - started
            print(f"{label:28s} {run:5s} {len(inputs):5d} articles {seconds:7.2f} s "
                  f"{len(inputs) / seconds:8.1f} articles/s  (new {len(result.ingested)}, "
                  f"duplicates {result.duplicates}, clusters {result.clusters})", flush=True)


def pg_schema(base: str) -> tuple[str, str]:
    import psycopg

    schema = "contested_bench_" + uuid.uuid4().hex[:8]
    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base}?options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="articles for the store figure")
    parser.add_argument("--pipeline-n", type=int, default=100,
                        help="articles for the full-pipeline figure (0 to skip)")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL URL ('' to skip)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    generator = _module("generate_corpus", REPO / "scripts" / "generate_corpus.py")
    from tests.store.helpers import truth_extractor

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        jobs = [("store", args.n, "jsonl")]
        if args.pipeline_n:
            jobs.append(("pipeline", args.pipeline_n, "html"))
        for kind, n, fmt in jobs:
            directory = tmp_path / kind
            truth = generator.generate(directory, n, seed=7, fmt=fmt)
            print(f"{kind}: {truth['articles']} generated articles about "
                  f"{truth['incidents']} incidents", flush=True)
            extractor = truth_extractor(truth) if kind == "store" else None
            measure(f"sqlite:///{tmp_path / kind}.db", directory, extractor, f"sqlite {kind}")
            if args.pg:
                url, schema = pg_schema(args.pg)
                try:
                    measure(url, directory, extractor, f"postgresql {kind}")
                finally:
                    drop_schema(args.pg, schema)


if __name__ == "__main__":
    main()
