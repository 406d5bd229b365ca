"""The `contested` command on bad input: one line on stderr, a non-zero exit (or a report
with warnings), never a traceback; a JSONL batch with bad records keeps every good one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

CONTESTED = Path(sys.executable).with_name("contested")
GOOD = "Taliban fighters attacked the district centre on Monday, a local official said.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTESTED_DEBUG"}
    done = subprocess.run(
        [str(CONTESTED), *args], input=stdin, capture_output=True, timeout=180, env=env
    )
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr, stderr
    return subprocess.CompletedProcess(done.args, done.returncode, stdout, stderr)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("contested: error")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n", "empty"),
        ("bom.txt", b"\xef\xbb\xbf", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        ("noise.bin", bytes(range(1, 32)) * 200, "binary"),
    ],
)
def test_unusable_file_is_one_error_line_and_non_zero_exit(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    done = run("extract", str(path))
    assert done.returncode != 0
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and reason in lines[0], done.stderr
    assert done.stdout == ""


def test_twenty_megabyte_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB of disk or memory needed
    done = run("extract", str(path))
    assert done.returncode != 0
    (line,) = error_lines(done.stderr)
    assert "too large" in line


def test_missing_file_is_one_error_line(tmp_path):
    done = run("extract", str(tmp_path / "nowhere.txt"))
    assert done.returncode != 0 and len(error_lines(done.stderr)) == 1


def test_non_utf8_file_gives_a_report_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD.replace("official", "officiál").encode("cp1252"))
    done = run("extract", str(path))
    report = json.loads(done.stdout)
    assert any("UTF-8" in w for w in report["warnings"])
    assert "contested: warning:" in done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Les combattants talibans ont attaqué la ville lundi, selon les responsables locaux.\n",
        "طالبان روز دوشنبه به مرکز ولسوالی حمله کردند، یک مقام محلی گفت.\n",
        "塔利班武装分子周一袭击了该地区中心，一名地方官员说。\n",
    ],
)
def test_non_english_article_gives_a_report_with_a_warning(tmp_path, text):
    path = tmp_path / "foreign.txt"
    path.write_text(text, encoding="utf-8")
    done = run("extract", str(path))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["error"] is None
    assert any("English" in w for w in report["warnings"])
    assert "contested: warning:" in done.stderr


def test_bad_published_option_is_one_error_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    done = run("extract", str(path), "--published", "2021-02-30")
    assert done.returncode != 0 and len(error_lines(done.stderr)) == 1


def test_jsonl_with_bad_records_keeps_one_report_per_line(tmp_path):
    lines = [
        json.dumps({"id": "good-1", "text": GOOD}),
        "this is not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "published": "2021-02-30", "text": GOOD}),
        "[1, 2, 3]",
        '{"id": "surrogate-\\ud800", "text": "Taliban \\udfff fighters attacked Kabul."}',
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "sep", "text": "Taliban\u2028fighters attacked Kabul.\u2029"}, ensure_ascii=False),
        '{"id": ' + "9" * 5000 + "}",
        "[" * 20_000 + "]" * 20_000,
        json.dumps({"id": "html", "html": "<svg><foreignObject><article></html><![CDATA[&#0;"}),
        '{"id": "raw-nul", "text": "a\x00b"}',  # a raw NUL costs its own line, not the batch
        json.dumps({"id": "good-2", "text": GOOD, "published": "2021-09-02"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("extract", str(path), "--format", "jsonl", "--strict")
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(reports) == len(lines)
    by_id = {r["article"]["id"]: r for r in reports}
    assert by_id["good-1"]["error"] is None and by_id["good-2"]["error"] is None
    assert by_id["sep"]["error"] is None
    assert by_id["surrogate-\ufffd"]["error"] is None
    failed = [r for r in reports if r["error"] is not None]
    assert all("internal error" not in r["error"] for r in failed), [r["error"] for r in failed]
    assert done.returncode == len(failed) > 0
    assert f"{len(failed)} of {len(lines)}" in done.stderr


def test_empty_jsonl_batch_is_one_error_line(tmp_path):
    path = tmp_path / "none.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    done = run("extract", str(path))
    assert done.returncode != 0 and len(error_lines(done.stderr)) == 1


def test_binary_on_stdin_is_one_error_line():
    done = run("extract", "-", stdin=b"\x00\x01\x02binary\xff\xfe")
    assert done.returncode != 0 and len(error_lines(done.stderr)) == 1
