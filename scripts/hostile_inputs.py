#!/usr/bin/env python
"""Push thousands of hostile inputs through `extract` (the library batch path) and `ingest`
(the store), and account for every one of them.

    .venv/bin/python scripts/hostile_inputs.py --count 10000 [--seed 1] [--no-store]

Inputs are files (text, HTML, feeds, binary, empty, oversized, wrongly encoded…) and JSONL
records (broken JSON, wrong types, impossible dates, surrogates…), generated from a seed so
that a run can be repeated. Each input must come out as a report or a recorded rejection;
every report must pass `contested.validate.check_report`; nothing may raise. The summary
counts all of that and the exit status is 0 only when there were no uncaught exceptions, no
invariant violations and every input was accounted for.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the hostile vocabulary is shared with tests/robust

from tests.robust.strategies import ACTORS, DATES, END, NUMBERS, ODD, PLACES, VERBS  # noqa: E402

from contested.errors import InputError  # noqa: E402
from contested.model import ArticleMeta, Report  # noqa: E402
from contested.validate import check_report  # noqa: E402

#: JSONL records per generated batch file (a realistic batch; keeps one bad file from
#: hiding many records).
RECORDS_PER_FILE = 100

_SURROGATE = re.compile("[\ud800-\udfff]")


# --- generating ------------------------------------------------------------------------------


def sentence(rng: random.Random, size: int = 12) -> str:
    pool = [ACTORS, PLACES, VERBS, NUMBERS, DATES, ODD]
    words = [rng.choice(rng.choice(pool)) for _ in range(rng.randint(1, size))]
    return " ".join(words) + rng.choice(END)


def news(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(1, 12)))


def unicode_soup(rng: random.Random) -> str:
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x590, 0x6FF), (0x900, 0x97F), (0x4E00, 0x4FFF),
              (0x200B, 0x206F), (0x1F300, 0x1F6FF), (0xE000, 0xE0FF), (0x0, 0x1F)]
    chars = []
    for _ in range(rng.randint(1, 600)):
        low, high = rng.choice(ranges)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def long_sentence(rng: random.Random) -> str:
    clause = sentence(rng, 6).rstrip(".!? \n") or "x"
    joiner = rng.choice([", ", " and ", " ", "-", ""])
    return joiner.join([clause] * rng.randint(50, 600)) + "."


def no_sentences(rng: random.Random) -> str:
    return " ".join(rng.choice(ACTORS + PLACES + NUMBERS) for _ in range(rng.randint(1, 200)))


def mixed_script(rng: random.Random) -> str:
    dari = "".join(chr(rng.randint(0x0621, 0x064A)) for _ in range(rng.randint(2, 12)))
    return f"{sentence(rng)} {dari} {sentence(rng)} ({dari}) {sentence(rng)}"


def invisible(rng: random.Random) -> str:
    marks = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
             "\u2069", "\ufeff", "\u00ad", "\u034f"]
    return "".join(c + rng.choice(marks) * rng.randint(0, 2) for c in news(rng))


def controls(rng: random.Random) -> str:
    text = list(news(rng))
    for _ in range(rng.randint(0, max(1, len(text) // 40))):
        text.insert(rng.randrange(len(text) + 1), chr(rng.choice([1, 7, 8, 11, 12, 27, 127])))
    return "".join(text)


def numbers_and_dates(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        day, month, year = rng.randint(-1, 40), rng.randint(0, 14), rng.randint(0, 99999)
        form = rng.choice(["{d}/{m}/{y}", "{y}-{m}-{d}", "February {d}, {y}", "{d} April {y}",
                           "on {d}.{m}.{y}", "{n} killed", "{n}-{n} wounded", "{n} years ago"])
        number = rng.choice(NUMBERS + [str(rng.randint(-10**30, 10**30))])
        parts.append(f"The Taliban said {form.format(d=day, m=month, y=year, n=number)}.")
    return " ".join(parts)


TEXTS: list[tuple[Callable[[random.Random], str], int]] = [
    (news, 30), (unicode_soup, 10), (long_sentence, 2), (no_sentences, 6), (mixed_script, 8),
    (invisible, 6), (controls, 5), (numbers_and_dates, 10),
]


def any_text(rng: random.Random) -> str:
    makers, weights = zip(*TEXTS, strict=True)
    return rng.choices(makers, weights)[0](rng)


def html_page(rng: random.Random) -> str:
    parts = ["<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div>",
             "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#xd800;",
             "&amp;", '<meta name="date" content="2021-02-30">', "<article>", "</article>",
             "<svg><foreignObject>", "<table><tr><td>", "<br/>", '<meta charset="utf-7">']
    body = [rng.choice(parts) if rng.random() < 0.5 else any_text(rng) for _ in range(rng.randint(1, 20))]
    return rng.choice(["<!DOCTYPE html>", "<html>", ""]) + "".join(body)


def feed(rng: random.Random) -> str:
    def entry() -> str:
        body = any_text(rng).replace("&", "&amp;").replace("<", "&lt;")
        date = rng.choice(["Mon, 30 Feb 2021 25:61:00 +9999", "Thu, 02 Sep 2021 10:00:00 GMT", "x"])
        return (f"<item><title>{sentence(rng)[:60]}</title><pubDate>{date}</pubDate>"
                f"<description>{body}</description></item>")

    items = "".join(entry() for _ in range(rng.randint(0, 3)))
    junk = rng.choice(["", "<item>", "</channel>", "&bogus;", "<!ENTITY x 'y'>", "\x00"])
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}{junk}</channel></rss>'


def file_bytes(rng: random.Random) -> tuple[str, bytes]:
    """One hostile file: (suffix, content)."""
    kind = rng.choices(
        ["text", "html", "feed", "empty", "binary", "encoding", "crlf", "gzip", "oversize"],
        [55, 12, 6, 5, 6, 8, 4, 2, 2],
    )[0]
    if kind == "text":
        return ".txt", any_text(rng).encode("utf-8", errors="surrogatepass")
    if kind == "html":
        return ".html", html_page(rng).encode("utf-8", errors="replace")
    if kind == "feed":
        return ".xml", feed(rng).encode("utf-8", errors="replace")
    if kind == "empty":
        return ".txt", rng.choice([b"", b" \n\t ", b"\xef\xbb\xbf", b"\n" * 100, "\u200b".encode()])
    if kind == "binary":
        return rng.choice([".txt", ".bin", ".html"]), bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    if kind == "encoding":
        codec = rng.choice(["cp1252", "latin-1", "utf-16", "utf-32", "koi8-r", "shift_jis"])
        return ".txt", news(rng).encode(codec, errors="replace")
    if kind == "crlf":
        return ".txt", news(rng).replace("\n", rng.choice(["\r\n", "\r"])).encode("utf-8")
    if kind == "gzip":
        return ".txt", gzip.compress(news(rng).encode("utf-8"))
    # over the article limit (characters) but under the file limit (bytes): text stage refuses
    return ".txt", ("Taliban fighters attacked Kabul. " * 32_000).encode("ascii")


def json_record(rng: random.Random) -> str:
    """One hostile JSONL line (never blank: blank lines are skipped by design)."""
    kind = rng.choices(["good", "types", "broken", "deep", "html", "escapes"], [55, 15, 12, 3, 8, 7])[0]
    if kind == "broken":
        return rng.choice(["{", "not json", "[1, 2", '{"text": "unterminated', "NaN", "nul\x00l",
                           '{"id": ' + "9" * 5000 + "}", "\ufeff{}"])
    if kind == "deep":
        depth = rng.randint(1000, 50_000)
        return "[" * depth + "]" * depth
    record: dict[str, object] = {"id": f"r{rng.randrange(10**9)}", "text": any_text(rng)}
    if kind == "types":
        key = rng.choice(["id", "title", "outlet", "published", "url", "text"])
        record[key] = rng.choice([None, 12, 1.5e308, [], {"a": 1}, True, "", "2021-02-30",
                                  "31/02/2021", "9999-12-31", "0001-01-01"])
    if kind == "html":
        del record["text"]
        record["html"] = html_page(rng)
    record["published"] = record.get(
        "published", rng.choice([None, "2021-09-02", "1900-01-01", "0001-01-01", "9999-12-31"])
    )
    line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
    if kind == "escapes":
        line = line.replace('"text": "', '"text": "\\ud800\\u0000\\u2028', 1)
    return line


def generate(count: int, seed: int, folder: Path) -> list[Input]:
    """Write COUNT hostile inputs under FOLDER: files, and JSONL records in batch files."""
    rng = random.Random(seed)
    inputs: list[Input] = []
    records: list[str] = []
    for number in range(count - 1):  # the last input is the oversized file below
        if rng.random() < 0.3:
            records.append(json_record(rng))
            continue
        suffix, content = file_bytes(rng)
        path = folder / f"input{number:05d}{suffix}"
        path.write_bytes(content)
        inputs.append(Input(str(path), path, records=0))
    huge = folder / "huge.txt"  # over the byte limit; sparse, so it costs no disk or memory
    with huge.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    inputs.append(Input(str(huge), huge, records=0))
    for start in range(0, len(records), RECORDS_PER_FILE):
        chunk = records[start : start + RECORDS_PER_FILE]
        path = folder / f"batch{start // RECORDS_PER_FILE:04d}.jsonl"
        path.write_text("\n".join(chunk) + "\n", encoding="utf-8", errors="surrogatepass")
        inputs.append(Input(str(path), path, records=len(chunk)))
    return inputs


@dataclass
class Input:
    """A generated file; `records` > 0 for a JSONL batch (each record is one input)."""

    name: str
    path: Path
    records: int

    @property
    def units(self) -> int:
        return self.records or 1


# --- running ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """What happened to the inputs on one path (extract or ingest)."""

    inputs: int = 0
    reports: int = 0
    rejected_at_read: int = 0
    reports_with_error: int = 0
    internal_errors: int = 0
    uncaught: int = 0
    violations: int = 0
    accounted: int = 0
    duplicates: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def note(self, kind: str, detail: str) -> None:
        if len(self.examples) < 20:
            short = detail if len(detail) <= 600 else detail[:200] + " … " + detail[-400:]
            self.examples.append(f"{kind}: {short}")


def check(report: Report, text: str, tally: Tally) -> None:
    """Count the report, its error, and any invariant it breaks."""
    tally.reports += 1
    if report.error is not None:
        tally.reports_with_error += 1
        tally.reasons[_reason(report.error)] += 1
        if report.error.startswith("internal error"):
            tally.internal_errors += 1
            tally.note("internal error", report.error)
    problems = check_report(report, _SURROGATE.sub("\ufffd", text))
    if problems:
        tally.violations += 1
        tally.note("violation", f"{report.article.id}: {problems[0]}")


def run_extract(inputs: list[Input], chunk: int) -> Tally:
    """The `contested extract` library path: batch.open_inputs + batch.extract_inputs."""
    from contested.batch import extract_inputs, open_inputs

    tally = Tally(inputs=sum(i.units for i in inputs))
    pending: list[tuple[Input, list]] = []

    def flush() -> None:
        items = [item for _, group in pending for item in group]
        try:
            reports = extract_inputs(items)
        except Exception:  # noqa: BLE001 - this is what the script exists to count
            tally.uncaught += len(pending)
            tally.note("uncaught in extract_inputs", traceback.format_exc())
            pending.clear()
            return
        position = 0
        for source, group in pending:
            produced = reports[position : position + len(group)]
            position += len(group)
            for item, report in zip(group, produced, strict=True):
                check(report, item.text, tally)
            if len(produced) == source.units or (source.records == 0 and produced):
                tally.accounted += source.units
            else:
                tally.note("unaccounted", f"{source.name}: {len(produced)} reports for {source.units}")
        pending.clear()

    for source in inputs:
        try:
            group = open_inputs(str(source.path), ArticleMeta())
        except InputError as exc:
            _read_rejection(source, exc, tally)
            continue
        except Exception:  # noqa: BLE001
            tally.uncaught += source.units
            tally.note("uncaught in open_inputs", f"{source.name}: {traceback.format_exc()}")
            continue
        pending.append((source, group))
        if sum(len(g) for _, g in pending) >= chunk:
            flush()
            print(f"  extract: {tally.reports + tally.rejected_at_read} done", file=sys.stderr)
    flush()
    return tally


def _read_rejection(source: Input, exc: InputError, tally: Tally) -> None:
    """A file refused whole by the reader: one line, accounted for all the inputs it held."""
    message = str(exc)
    tally.rejected_at_read += source.units
    tally.reasons[_reason(message)] += source.units
    if "\n" in message.strip():
        tally.violations += 1
        tally.note("multi-line error", message)
    tally.accounted += source.units


def run_ingest(inputs: list[Input], folder: Path) -> Tally:
    """The `contested ingest` path: readers.read_paths into a fresh SQLite store."""
    from contested.readers import read_paths
    from contested.store import Store

    tally = Tally(inputs=sum(i.units for i in inputs))
    per_file: list[tuple[Input, list]] = []
    for source in inputs:
        try:
            per_file.append((source, list(read_paths([source.path]))))
        except Exception:  # noqa: BLE001 - read_paths promises never to raise for a bad file
            tally.uncaught += source.units
            tally.note("uncaught in read_paths", f"{source.name}: {traceback.format_exc()}")
    items = [item for _, group in per_file for item in group]
    outcome: dict[int, str] = {}
    try:
        with Store.open(f"sqlite:///{folder / 'hostile.db'}") as store:
            result = store.ingest(items, progress=lambda kind, item: _record(outcome, kind, item))
            _check_store(store, result, tally)
    except Exception:  # noqa: BLE001
        tally.uncaught += 1
        tally.note("uncaught in Store.ingest", traceback.format_exc())
        return tally
    kinds = Counter(outcome.values())
    tally.rejected_at_read = sum(1 for item in items if item.error is not None)
    tally.duplicates = kinds["duplicate"]
    for source, group in per_file:
        complete = all(id(item) in outcome for item in group)
        enough = len(group) == source.records if source.records else len(group) >= 1
        if complete and enough:
            tally.accounted += source.units
        else:
            tally.note("unaccounted", f"{source.name}: {len(group)} inputs read, "
                       f"{sum(id(i) in outcome for i in group)} with an outcome")
    for reason, count in Counter(_reason(r) for _, r in result.rejected).items():
        tally.reasons[reason] += count
    return tally


def _record(outcome: dict[int, str], kind: str, item: object) -> None:
    outcome.setdefault(id(item), kind)
    if len(outcome) % 500 == 0:
        print(f"  ingest: {len(outcome)} done", file=sys.stderr)


def _check_store(store, result, tally: Tally) -> None:  # noqa: ANN001 - store types are lazy
    """Every stored report passes the invariants against its stored text; counts agree."""
    counts = store.counts()
    if counts.get("articles") != len(result.ingested):
        tally.violations += 1
        tally.note("store", f"{counts.get('articles')} articles stored, {len(result.ingested)} ingested")
    for article_id in result.ingested:
        report = store.report(article_id)
        article = store.article(article_id)
        if report is None or article is None:
            tally.violations += 1
            tally.note("store", f"{article_id}: ingested but not readable")
            continue
        check(report, article.text, tally)
    tally.reports_with_error += len(result.rejected)


def _reason(message: str) -> str:
    """A short category for a rejection reason (numbers and names stripped)."""
    message = re.sub(r"^\S*input\d+\.\w+:? ?|\S*batch\d+\.jsonl(:\d+)?:? ?", "", message)
    message = re.sub(r"\d[\d,.]*", "N", message)
    return re.sub(r"'[^']*'|\"[^\"]*\"", "…", message)[:70]


def print_tally(title: str, tally: Tally, seconds: float) -> None:
    print(f"\n== {title} ({seconds:.0f} s)")
    for name in ("inputs", "reports", "rejected_at_read", "reports_with_error", "duplicates",
                 "internal_errors", "uncaught", "violations", "accounted"):
        print(f"  {name.replace('_', ' '):<22}{getattr(tally, name):>8}")
    for reason, count in tally.reasons.most_common(12):
        print(f"    {count:>6}  {reason}")
    for example in tally.examples:
        print("  !", example.replace("\n", " | "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=256, help="articles per extract call")
    parser.add_argument("--path", choices=["both", "extract", "ingest"], default="both",
                        help="which path to run (two processes can run the two in parallel)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        inputs = generate(args.count, args.seed, folder)
        total = sum(i.units for i in inputs)
        print(f"inputs: {total} ({sum(1 for i in inputs if not i.records)} files, "
              f"{total - sum(1 for i in inputs if not i.records)} JSONL records in "
              f"{sum(1 for i in inputs if i.records)} batch files), seed {args.seed}")
        tallies = []
        if args.path in {"both", "extract"}:
            started = time.monotonic()
            tally = run_extract(inputs, args.chunk)
            tallies.append(("extract (batch.open_inputs + batch.extract_inputs)", tally))
            print_tally(tallies[-1][0], tallies[-1][1], time.monotonic() - started)
        if args.path in {"both", "ingest"}:
            started = time.monotonic()
            tallies.append(("ingest (readers.read_paths + Store.ingest, SQLite)", run_ingest(inputs, folder)))
            print_tally(tallies[-1][0], tallies[-1][1], time.monotonic() - started)
    bad = [t for _, t in tallies if t.uncaught or t.violations or t.accounted != t.inputs]
    print("\nRESULT:", "FAIL" if bad else "OK", "(uncaught exceptions, invariant violations, "
          "inputs not accounted for must all be 0)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
