"""Extraction beyond one process: batches of articles run on Dask workers.

Each worker is a process with one thread (spaCy holds the GIL; threads would only contend)
that loads the model once (`PreloadPipeline`) and runs the same library call as the CLI,
`contested.batch.extract_inputs`, over a batch of articles, so the output is the
single-process output. Batches are submitted through a bounded window and results come back
in input order; an article that fails becomes a report with `error`, and so does every article
of a batch whose worker died. docs/scaling.md shows how to point this at an existing cluster.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from contested.errors import ContestedError
from contested.model import Report
from contested.readers import ArticleInput

if TYPE_CHECKING:
    from distributed import Client

#: Batches in flight per worker: two keeps every worker busy while the next batch is shipped,
#: without holding the whole corpus in the scheduler's memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2

#: Name under which the model-loading plugin is registered (registering again replaces it).
PLUGIN_NAME = "contested-preload"


class PreloadPipeline(WorkerPlugin):
    """Worker plugin: load the model and every stage's tables when a worker starts.

    Tasks would load them lazily anyway (module-level caches in `contested`), but loading at
    start-up keeps the first batch's time honest and surfaces a missing model at once.
    """

    idempotent = True

    def setup(self, worker: Any) -> None:
        from contested import _default_pipeline
        from contested.bench import STARTUP_TEXT

        _default_pipeline().extract(STARTUP_TEXT)


def extract_batch(inputs: list[ArticleInput]) -> list[Report]:
    """The task each worker runs: the CLI's own batch extraction, one report per input."""
    from contested.batch import extract_inputs

    return extract_inputs(inputs)


def extract_distributed(
    inputs: list[ArticleInput],
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = 50,
    client: Client | None = None,
) -> Iterator[tuple[ArticleInput, Report]]:
    """Extract INPUTS on Dask workers; yields (input, report) pairs in input order.

    `scheduler` is the address of a running Dask scheduler (tcp://host:8786); without it a
    LocalCluster of `workers` single-threaded processes is started for the run (default: one
    per CPU). With one worker and no scheduler, extraction runs in this process. A `client`
    already connected is used as it is (the benchmark reuses one cluster for several runs).
    """
    if batch_size < 1:
        raise ContestedError("batch size must be at least 1")
    batches = [inputs[i : i + batch_size] for i in range(0, len(inputs), batch_size)]
    if not batches:
        return
    if client is not None:
        yield from _run(client, batches)
        return
    if scheduler is None and (workers or os.cpu_count() or 1) <= 1:
        for batch in batches:
            yield from zip(batch, extract_batch(batch), strict=True)
        return
    with _connect(workers, scheduler) as connected:
        yield from _run(connected, batches)


class _Connection:
    """A Client, plus the LocalCluster it owns when we started one; closes both."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler is not None:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    # Dask's HTTP server would take port 8787 (and warn when it is taken by
                    # another cluster); a free port instead. To watch a run, start a cluster
                    # with its dashboard yourself and pass --scheduler.
                    dashboard_address=":0",
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            where = scheduler or "a local cluster"
            raise ContestedError(f"cannot connect to {where}: {exc}") from exc

    def __enter__(self) -> Client:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _connect(workers: int | None, scheduler: str | None) -> _Connection:
    return _Connection(workers, scheduler)


def _run(client: Client, batches: list[list[ArticleInput]]) -> Iterator[tuple[ArticleInput, Report]]:
    """Submit batches through a bounded window; yield their reports in input order."""
    client.register_plugin(PreloadPipeline(), name=PLUGIN_NAME)
    window = max(1, len(client.scheduler_info()["workers"])) * BATCHES_IN_FLIGHT_PER_WORKER
    pending: deque[tuple[list[ArticleInput], Any]] = deque()
    queued = iter(batches)
    for batch in queued:
        pending.append((batch, client.submit(extract_batch, batch, pure=False)))
        if len(pending) >= window:
            break
    while pending:
        batch, future = pending.popleft()
        yield from zip(batch, _reports(batch, future), strict=True)
        for more in queued:
            pending.append((more, client.submit(extract_batch, more, pure=False)))
            break


def _reports(batch: list[ArticleInput], future: Any) -> list[Report]:
    """A batch's reports; if its task failed as a whole, one error report per article."""
    try:
        reports = future.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker must not stop the run
        message = f"distributed task failed: {type(exc).__name__}: {exc}"
        return [Report(article=item.meta, error=message) for item in batch]
    finally:
        future.release()
    return reports


# --- measurement (contested bench --dask N) --------------------------------------------------


def bench_dask(inputs: list[ArticleInput], workers: int, batch_size: int = 50) -> Any:
    """Time extraction of INPUTS on a fresh LocalCluster of WORKERS processes.

    The cluster is started and every worker has loaded the model before the clock starts:
    this measures throughput, and reports the start-up separately. CPU time is the workers'
    plus this process's (client and scheduler): on a machine shared with other work, CPU
    seconds per article show Dask's overhead when wall-clock speed-ups cannot.
    """
    from contested.bench import DaskStats, RunStats, peak_rss_mib

    started = time.perf_counter()
    with _connect(workers, None) as client:
        client.wait_for_workers(workers)
        client.register_plugin(PreloadPipeline(), name=PLUGIN_NAME)
        ready = time.perf_counter()
        cpu_before = sum(client.run(time.process_time).values()) + time.process_time()
        reports = [r for _, r in extract_distributed(inputs, batch_size=batch_size, client=client)]
        wall = time.perf_counter() - ready
        cpu = sum(client.run(time.process_time).values()) + time.process_time() - cpu_before
        rss = sorted(client.run(peak_rss_mib).values())
    run = RunStats(f"Dask LocalCluster, {workers} worker(s)", len(reports), 0, wall, cpu)
    return DaskStats(workers, run, ready - started, rss)
