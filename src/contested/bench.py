"""Measure extraction speed: articles/s, tokens/s, time per stage, start-up, peak memory.

Every number is measured against spaCy's own full `en_core_web_sm` pipeline (all components,
`nlp.pipe`) run on the same texts in the same process, so that the ratio stays meaningful on
a loaded or a different machine. `contested bench` prints the result; docs/scaling.md says how
to read it. The corpus is a file the caller names or text generated here from the templates
in data/bench_corpus.yaml (realistic length and vocabulary, invented content).
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from contested.errors import InputError
from contested.model import ArticleMeta, Document
from contested.pipeline import Pipeline, Stage
from contested.readers import ArticleInput

#: spaCy batch size for the reference run: the same as the nlp stage's, so that both sides
#: get the batch size that is fastest for them (measured: 8-32 beat spaCy's default of 256
#: by 20-30% on news-length texts, larger batches lose cache locality).
REFERENCE_BATCH = 32

#: Articles run through each pipeline before timing starts (lazy loads, first-call caches).
WARMUP_ARTICLES = 3

#: A one-sentence article for the start-up measurement (loads the model and every lazy table).
STARTUP_TEXT = "Taliban fighters attacked Bazarak in Panjshir on Monday, a spokesman said."


@dataclass
class RunStats:
    """One timed pass over the corpus."""

    label: str
    articles: int
    tokens: int
    wall_s: float
    cpu_s: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s else 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_articles_per_s(self) -> float:
        """Articles per CPU second: steadier than wall time on a shared machine."""
        return self.articles / self.cpu_s if self.cpu_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "articles_per_s": self.articles_per_s,
            "tokens_per_s": self.tokens_per_s,
            "cpu_articles_per_s": self.cpu_articles_per_s,
        }


@dataclass
class StageTime:
    name: str
    wall_s: float = 0.0
    cpu_s: float = 0.0


@dataclass
class DaskStats:
    """Extraction through Dask with a LocalCluster of `workers` processes."""

    workers: int
    run: RunStats
    cluster_start_s: float
    worker_peak_rss_mib: list[float]


@dataclass
class BenchResult:
    corpus: str
    articles: int
    chars: int
    startup: dict[str, float]
    pipeline: RunStats
    stages: list[StageTime]
    peak_rss_mib: float
    failed: int
    references: list[RunStats] = field(default_factory=list)
    dask: list[DaskStats] = field(default_factory=list)
    load_average: tuple[float, float] = (0.0, 0.0)

    def ratio(self, reference: RunStats, cpu: bool = False) -> float:
        """How many times faster than a reference run (wall time, or CPU time)."""
        if cpu:
            ours, theirs = self.pipeline.cpu_articles_per_s, reference.cpu_articles_per_s
        else:
            ours, theirs = self.pipeline.articles_per_s, reference.articles_per_s
        return ours / theirs if theirs else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "articles": self.articles,
            "chars": self.chars,
            "startup": self.startup,
            "pipeline": self.pipeline.as_dict(),
            "stages": [asdict(s) for s in self.stages],
            "peak_rss_mib": self.peak_rss_mib,
            "failed": self.failed,
            "references": [
                {**r.as_dict(), "ratio": self.ratio(r), "cpu_ratio": self.ratio(r, cpu=True)}
                for r in self.references
            ],
            "dask": [
                {
                    "workers": d.workers,
                    **d.run.as_dict(),
                    "cluster_start_s": d.cluster_start_s,
                    "worker_peak_rss_mib": d.worker_peak_rss_mib,
                }
                for d in self.dask
            ],
            "load_average": list(self.load_average),
        }


# --- corpus ----------------------------------------------------------------------------------


def load_corpus(path: Path, limit: int | None = None) -> list[ArticleInput]:
    """Articles from a JSONL file, a text file (one article) or a folder of .txt files."""
    from contested.readers import decode, iter_jsonl, read_bytes

    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        items = [
            ArticleInput(ArticleMeta(id=p.stem), text=decode(read_bytes(p), p.name)[0])
            for p in files[:limit]
        ]
    elif path.suffix.lower() == ".jsonl":
        text, _ = decode(read_bytes(path), path.name)
        items = list(iter_jsonl(iter(text.splitlines()), path.name))[:limit]
    else:
        items = [ArticleInput(ArticleMeta(id=path.stem), text=decode(read_bytes(path), path.name)[0])]
    if not items:
        raise InputError(f"{path}: no articles found")
    return items


def generate_articles(count: int, seed: int = 0) -> list[ArticleInput]:
    """COUNT invented wire-style articles (deterministic for a seed)."""
    from contested.lexicon import load_yaml

    data = load_yaml("bench_corpus")
    rng = random.Random(seed)
    return [_article(data, rng, number) for number in range(count)]


def _article(data: dict[str, Any], rng: random.Random, number: int) -> ArticleInput:
    conflict = rng.choice(data["conflicts"])
    # Speakers 1 and 2 speak for sides 1 and 2; the third for neither. Shuffle them together.
    pairs = list(zip(conflict["sides"], conflict["shorts"], conflict["speakers"], strict=False))
    rng.shuffle(pairs)
    sides = [(name, short) for name, short, _ in pairs]
    speakers = [speaker for _, _, speaker in pairs] + conflict["speakers"][2:]
    places = rng.sample(conflict["places"], 3)
    fillers = data["fillers"]
    slots = {
        "country": conflict["country"],
        "side_a": sides[0][0], "short_a": sides[0][1],
        "side_b": sides[1][0], "short_b": sides[1][1],
        "place": places[0], "place2": places[1], "place3": places[2],
        "speaker_a": speakers[0][0], "role_a": speakers[0][1],
        "speaker_b": speakers[1][0], "role_b": speakers[1][1],
        "speaker_c": speakers[2][0],
    }
    paragraphs = []
    for section, (low, high) in _SECTION_COUNTS.items():
        templates = data["sections"][section]
        for template in rng.sample(templates, min(rng.randint(low, high), len(templates))):
            values = {name: rng.choice(options) for name, options in fillers.items()}
            values["number2"] = rng.choice(fillers["number"])
            text = template.format(**slots, **values)
            paragraphs.append(text[0].upper() + text[1:])
    meta = ArticleMeta(
        id=f"bench-{number:05d}",
        outlet=rng.choice(fillers["outlet"]).removeprefix("the "),
        published=_date(rng),
    )
    return ArticleInput(meta, text="\n\n".join(paragraphs))


#: Paragraphs per section (min, max): 13-24 paragraphs, 400-800 words, the range of wire
#: stories on a battle (the seed article has 19 paragraphs and 470 words).
_SECTION_COUNTS = {
    "lead": (1, 2),
    "claim_a": (2, 4),
    "claim_b": (2, 4),
    "quote": (2, 3),
    "casualties": (2, 3),
    "background": (3, 5),
    "reaction": (1, 3),
}


def _date(rng: random.Random) -> Any:
    import datetime as dt

    return dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1500))


def bench_corpus(articles: int, path: Path | None = None) -> tuple[list[ArticleInput], str]:
    """The corpus to measure on, and a one-line description of it."""
    if path is not None:
        items = load_corpus(path, limit=articles)
        return items, f"{path} ({len(items)} articles)"
    return generate_articles(articles), f"generated wire-style text ({articles} articles)"


# --- measurements ----------------------------------------------------------------------------


class StageTimer:
    """Wraps pipeline stages to add up their wall and CPU time."""

    def __init__(self) -> None:
        self.times: dict[str, StageTime] = {}

    def wrap(self, stage: Stage) -> Stage:
        record = self.times.setdefault(stage.name, StageTime(stage.name))

        def timed(func: Any) -> Any:
            def run(arg: Any) -> Any:
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    return func(arg)
                finally:
                    record.wall_s += time.perf_counter() - wall
                    record.cpu_s += time.process_time() - cpu

            return run

        batch = timed(stage.run_batch) if stage.run_batch is not None else None
        return replace(stage, run=timed(stage.run), run_batch=batch)

    def reset(self) -> None:
        for record in self.times.values():
            record.wall_s = record.cpu_s = 0.0


def measure_startup() -> dict[str, float]:
    """Seconds to load the spaCy model, then to build the pipeline and extract one sentence
    (every stage's lazy tables: gazetteer, actor dictionary, lexicons). Meaningful only as the
    first thing a process does."""
    from contested import _default_pipeline
    from contested.stages.nlp import load_model

    started = time.perf_counter()
    load_model()
    loaded = time.perf_counter()
    _default_pipeline().extract(STARTUP_TEXT)
    done = time.perf_counter()
    return {
        "model_s": loaded - started,
        "pipeline_and_data_s": done - loaded,
        "total_s": done - started,
    }


def _documents(inputs: Iterable[ArticleInput]) -> Iterator[Document]:
    for item in inputs:
        document = Document(text=item.text, article=item.meta, warnings=list(item.warnings or []))
        if item.error is not None:
            document.error = item.error
        yield document


def time_pipeline(
    inputs: list[ArticleInput], timer: StageTimer | None = None
) -> tuple[RunStats, int]:
    """Run the full extraction (stages and reports) over INPUTS; stats and the failure count.

    Documents are turned into reports and dropped as they come, so that peak memory is the
    pipeline's, not the corpus's.
    """
    from contested import _default_pipeline
    from contested.report import to_report

    timer = timer or StageTimer()
    pipeline = Pipeline([timer.wrap(s) for s in _default_pipeline().stages])
    report_time = timer.times.setdefault("report", StageTime("report"))
    tokens = failed = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for document in pipeline.run_many(_documents(inputs)):
        started, started_cpu = time.perf_counter(), time.process_time()
        if document.error is None:
            tokens += len(document.spacy)
        failed += to_report(document).error is not None
        document._spacy = None
        report_time.wall_s += time.perf_counter() - started
        report_time.cpu_s += time.process_time() - started_cpu
    stats = RunStats(
        "contested, full extraction",
        len(inputs),
        tokens,
        time.perf_counter() - wall,
        time.process_time() - cpu,
    )
    return stats, failed


def time_reference(texts: list[str], same_blas: bool = False) -> RunStats:
    """spaCy's full en_core_web_sm pipeline over TEXTS with `nlp.pipe`.

    `same_blas` loads it the way contested does (thinc's matrix products through numpy),
    which isolates what the pipeline design gains from what the BLAS choice gains.
    """
    import spacy
    from thinc.api import use_ops

    from contested.stages.nlp import MODEL_PACKAGE

    if same_blas:
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL_PACKAGE)
        label = "spaCy sm, all pipes (numpy BLAS)"
    else:
        nlp = spacy.load(MODEL_PACKAGE)
        label = "spaCy sm, all pipes (stock)"
    list(nlp.pipe(texts[:WARMUP_ARTICLES], batch_size=REFERENCE_BATCH))
    tokens = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=REFERENCE_BATCH):
        tokens += len(doc)
    return RunStats(
        label, len(texts), tokens, time.perf_counter() - wall, time.process_time() - cpu
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    On Linux this is VmHWM, the high-water mark of the process's own memory. `ru_maxrss`
    is not: the kernel carries it across exec, so a process that was forked and exec'd from
    a large parent (a Dask worker started by `contested bench`, after its own run) reports
    the parent's size. Elsewhere, `ru_maxrss` (KiB on Linux and BSD, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def run_bench(
    inputs: list[ArticleInput],
    corpus: str,
    references: Iterable[bool] = (False, True),
    dask_workers: int = 0,
) -> BenchResult:
    """Measure everything, in the order that keeps each number clean: start-up first (cold
    process), then our pipeline (peak memory read before any reference model loads), then the
    spaCy references (`True` = numpy BLAS), then Dask if asked (separate worker processes)."""
    load = os.getloadavg()[0]
    startup = measure_startup()
    timer = StageTimer()
    time_pipeline(inputs[:WARMUP_ARTICLES], timer)
    timer.reset()
    gc.collect()
    stats, failed = time_pipeline(inputs, timer)
    result = BenchResult(
        corpus=corpus,
        articles=len(inputs),
        chars=sum(len(i.text) for i in inputs),
        startup=startup,
        pipeline=stats,
        stages=list(timer.times.values()),
        peak_rss_mib=peak_rss_mib(),
        failed=failed,
    )
    texts = [i.text for i in inputs if i.error is None]
    result.references = [time_reference(texts, same_blas) for same_blas in references]
    if dask_workers:
        from contested.distributed import bench_dask

        # Batches of at most 50, and at least four per worker so that every worker is busy
        # on a small corpus; the same size for every cluster, so that they compare.
        size = max(1, min(50, len(inputs) // (4 * dask_workers)))
        result.dask = [bench_dask(inputs, n, size) for n in sorted({1, dask_workers})]
    result.load_average = (load, os.getloadavg()[0])
    return result


def annotation_differences(texts: list[str]) -> tuple[int, int]:
    """Parse TEXTS with contested's model set-up and with stock spaCy; count the documents
    whose annotations differ (tags, POS, morphology, lemmas, heads, labels, sentence starts,
    entities) and the tokens compared. contested.fastnlp promises zero."""
    import spacy

    from contested.stages.nlp import MODEL_PACKAGE, PIPE_BATCH_SIZE, load_model

    stock = spacy.load(MODEL_PACKAGE)
    ours = load_model().pipe(texts, batch_size=PIPE_BATCH_SIZE)
    theirs = stock.pipe(texts, batch_size=PIPE_BATCH_SIZE)
    differing = tokens = 0
    for mine, reference in zip(ours, theirs, strict=True):
        tokens += len(reference)
        differing += _annotations(mine) != _annotations(reference)
    return differing, tokens


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start,
         t.ent_iob_, t.ent_type_)
        for t in doc
    ]
