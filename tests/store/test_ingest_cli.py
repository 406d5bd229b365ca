"""The corpus commands end to end, with the real pipeline: `contested demo` on a fresh
directory, `contested ingest` on generated HTML articles mixed with malformed files, then
`export` and `query` on the result. Subprocesses, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.helpers import load_generator

pytestmark = pytest.mark.model

CONTESTED = Path(sys.executable).with_name("contested")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CONTESTED_DEBUG", "CONTESTED_DB"}}
    env["COLUMNS"] = "200"
    done = subprocess.run([str(CONTESTED), *args], capture_output=True, text=True, timeout=240,
                          cwd=cwd, env=env)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_demo_on_a_fresh_directory_and_again(tmp_path: Path) -> None:
    first = run("demo", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "ingested 10 · skipped as duplicate 0 · rejected 0" in first.stdout
    assert "Where to look next" in first.stdout and "contested serve" in first.stdout
    assert (tmp_path / "contested.db").exists()
    again = run("demo", cwd=tmp_path)
    assert again.returncode == 0
    assert "ingested 0 · skipped as duplicate 10 · rejected 0" in again.stdout
    summary = [line for line in first.stdout.splitlines() if line.startswith("store:")]
    assert summary == [line for line in again.stdout.splitlines() if line.startswith("store:")]
    redone = run("reprocess", "--db", str(tmp_path / "contested.db"))
    assert redone.returncode == 0 and "reprocessed 10 articles, 0 now failing" in redone.stdout


def test_ingest_a_directory_with_bad_files_then_export_and_query(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    load_generator().generate(corpus, 12, seed=5, fmt="html")
    (corpus / "bad.jsonl").write_text(
        json.dumps({"id": "ok", "outlet": "Reuters", "published": "2024-05-13",
                    "text": "Shelling killed five people in Kharkiv on Sunday, officials said."})
        + "\n{not json\n", encoding="utf-8")
    (corpus / "broken.rss").write_text("<rss><channel><title>x</tit", encoding="utf-8")
    (corpus / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"

    first = run("ingest", str(corpus), "--db", db)
    assert first.returncode == 3, first.stdout + first.stderr
    assert "ingested 13 · skipped as duplicate 0 · rejected 3" in first.stdout
    assert "bad JSON" in first.stdout and "malformed feed" in first.stdout
    assert "no extractable article text" in first.stdout

    again = run("ingest", str(corpus), "--db", db, "--quiet")
    assert "ingested 0 · skipped as duplicate 13 · rejected 3" in again.stdout

    exported = run("export", "--format", "acled-csv", "--db", db)
    assert exported.returncode == 0
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert rows and "event_id_cnty" in rows[0]
    geojson = json.loads(run("export", "-f", "geojson", "--events", "--db", db).stdout)
    assert geojson["type"] == "FeatureCollection"

    counted = run("query", "sql", "SELECT count(*) AS n FROM articles", "--db", db)
    assert counted.stdout.splitlines() == ["n", "13"]
    refused = run("query", "sql", "DELETE FROM articles", "--db", db)
    assert refused.returncode != 0 and "only SELECT" in refused.stderr
    rejected = run("query", "rejections", "--db", db)
    assert len(rejected.stdout.splitlines()) == 3


def test_workers_option_is_wired_to_distributed_extraction(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Taliban fighters attacked a checkpoint in Kunduz on Monday.", encoding="utf-8")
    done = run("ingest", str(text), "--db", f"sqlite:///{tmp_path / 'w.db'}", "--workers", "1")
    try:
        import contested.distributed  # noqa: F401
    except ImportError:
        assert done.returncode != 0 and "distributed extraction is not available" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert "ingested 1" in done.stdout


def test_a_missing_path_is_one_line_error(tmp_path: Path) -> None:
    done = run("ingest", str(tmp_path / "nope"), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 1
    assert done.stderr.strip().endswith("no such file or directory")
