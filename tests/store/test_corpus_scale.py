"""Corpus-scale behaviour: 1,000 generated articles into SQLite and PostgreSQL, and an ingest
killed mid-run that a re-run completes.

These use the generator's ideal reports as the extractor (the fast path): the NLP pipeline
takes ~0.1-0.3 s per article on CI's two cores, too slow for 1,000 articles within a test,
and its quality is not what these tests measure. The pipeline itself is exercised end to end
on a smaller generated corpus in test_ingest_cli.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from contested.readers import read_paths
from contested.store import Store
from tests.store.helpers import REPO, load_generator, noisy_extractor, truth_extractor

#: The cluster count must match the generator's incident count within this share.
TOLERANCE = 0.05


@pytest.mark.slow
def test_1000_generated_articles_twice_clusters_match_ground_truth(
    store_url: str, generated_1000: tuple[Path, dict]
) -> None:
    directory, truth = generated_1000
    extractor = truth_extractor(truth)
    with Store.open(store_url) as store:
        first = store.ingest(read_paths([directory]), extractor=extractor)
        second = store.ingest(read_paths([directory]), extractor=extractor)
        counts = store.counts()
        clusters = store.clusters()
        incident_of = {
            a.id: truth["by_article"][a.source_id]["incident"] for a in store.articles()
        }
        members = {c.id: [e.article_id for e in store.events(cluster_id=c.id)] for c in clusters}
    assert len(first.ingested) == 1000 and first.failed == 0
    assert second.ingested == [] and second.duplicates == 1000
    assert counts["articles"] == 1000 and counts["events"] == 1000
    assert abs(counts["clusters"] - truth["incidents"]) <= TOLERANCE * truth["incidents"]
    impure = [cid for cid, aids in members.items() if len({incident_of[a] for a in aids}) > 1]
    assert impure == []
    split = Counter(incident_of[aids[0]] for aids in members.values())
    assert max(split.values()) == 1  # no incident is spread over two clusters


@pytest.mark.slow
def test_1000_articles_with_extraction_errors_cluster_within_tolerance(
    sqlite_url: str, generated_1000: tuple[Path, dict]
) -> None:
    """Dates a day off, missing actors and locations, and mis-coded types (noisy_extractor)
    still give the ground-truth incident count within 5%, with nearly pure clusters."""
    directory, truth = generated_1000
    with Store.open(sqlite_url) as store:
        store.ingest(read_paths([directory]), extractor=noisy_extractor(truth))
        incident_of = {
            a.id: truth["by_article"][a.source_id]["incident"] for a in store.articles()
        }
        members = [[e.article_id for e in store.events(cluster_id=c.id)] for c in store.clusters()]
    assert abs(len(members) - truth["incidents"]) <= TOLERANCE * truth["incidents"]
    impure = [aids for aids in members if len({incident_of[a] for a in aids}) > 1]
    assert len(impure) <= 0.01 * len(members)


KILLABLE_INGEST = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from contested.readers import read_paths
    from contested.store import Store
    from tests.store.helpers import read_truth, truth_extractor

    directory = {directory!r}
    fast = truth_extractor(read_truth(__import__("pathlib").Path(directory)))

    def slow(inputs):  # a pipeline taking 20 ms per article
        for pair in fast(inputs):
            time.sleep(0.02)
            yield pair

    with Store.open({url!r}) as store:
        store.ingest(read_paths([directory]), extractor=slow, chunk=8)
    """
)


def test_an_ingest_killed_mid_run_loses_nothing_and_a_rerun_completes(
    store_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "corpus"
    truth = load_generator().generate(directory, 200, seed=3, fmt="jsonl")
    script = KILLABLE_INGEST.format(repo=str(REPO), directory=str(directory), url=store_url)
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    with Store.open(store_url) as store:
        stored = _wait_for_articles(store, process, at_least=20)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        stored = store.counts()["articles"]
        assert 0 < stored < 200, "the ingest finished before it could be killed"
        result = store.ingest(read_paths([directory]), extractor=truth_extractor(truth))
        counts = store.counts()
        hashes = {a.content_hash for a in store.articles()}
    assert result.duplicates == stored and len(result.ingested) == 200 - stored
    assert counts["articles"] == 200 == len(hashes) and counts["events"] == 200
    assert counts["clusters"] == truth["incidents"]


def _wait_for_articles(store: Store, process: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the ingest process exited early (code {process.returncode})")
        count = store.counts()["articles"]
        if count >= at_least:
            return count
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("the ingest stored nothing within 60 s")


#: End to end, extraction errors split or merge some incidents; the pipeline gave exactly the
#: ground truth on 40 and 100 generated articles when this test was written (20/20, 46/46),
#: so 20% leaves room for stage changes without hiding a broken clusterer.
PIPELINE_TOLERANCE = 0.20


@pytest.mark.model
def test_generated_html_through_the_real_pipeline_clusters_near_ground_truth(
    sqlite_url: str, tmp_path: Path, pipeline
) -> None:
    directory = tmp_path / "html"
    truth = load_generator().generate(directory, 40, seed=11, fmt="html")
    with Store.open(sqlite_url) as store:
        first = store.ingest(read_paths([directory]))
        second = store.ingest(read_paths([directory]))
        clusters = store.counts()["clusters"]
    assert len(first.ingested) == 40 and first.failed == 0
    assert second.duplicates == 40 and second.ingested == []
    assert abs(clusters - truth["incidents"]) <= PIPELINE_TOLERANCE * truth["incidents"]
