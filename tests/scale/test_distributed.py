"""Dask extraction gives the single-process output, in input order, with failures recorded.

One LocalCluster of two single-threaded worker processes for the module (start-up and model
loading dominate; the machine has two cores, so the articles are few).
"""

from __future__ import annotations

import datetime as dt

import pytest

from contested.model import ArticleMeta
from contested.readers import ArticleInput

pytestmark = pytest.mark.model

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def inputs(shared_dir) -> list[ArticleInput]:
    from contested.bench import generate_articles

    seed = (shared_dir / "corpus" / "panjshir.txt").read_text(encoding="utf-8")
    meta = ArticleMeta(id="panjshir", outlet="Example News", published=dt.date(2021, 9, 2))
    return [
        ArticleInput(meta, text=seed),
        *generate_articles(2, seed=11),
        ArticleInput(ArticleMeta(id="bad-record"), error="line 5: bad JSON: Expecting value"),
        ArticleInput(ArticleMeta(id="empty"), text="   "),
    ]


@pytest.fixture(scope="module")
def single_process(inputs) -> list[str]:
    from contested.batch import extract_inputs

    return [r.model_dump_json() for r in extract_inputs(inputs)]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as connected:
        yield connected


def test_two_workers_give_the_single_process_output_in_order(inputs, single_process, client) -> None:
    from contested.distributed import extract_distributed

    pairs = list(extract_distributed(inputs, batch_size=2, client=client))
    assert [item.meta.id for item, _ in pairs] == [item.meta.id for item in inputs]
    assert [report.model_dump_json() for _, report in pairs] == single_process
    assert len(client.scheduler_info()["workers"]) == 2


def test_failed_articles_are_reports_with_errors(inputs, client) -> None:
    from contested.distributed import extract_distributed

    reports = {item.meta.id: report for item, report in extract_distributed(inputs, client=client)}
    assert reports["bad-record"].error == "line 5: bad JSON: Expecting value"
    assert "empty article" in (reports["empty"].error or "")
    assert reports["panjshir"].error is None


def test_one_worker_without_a_scheduler_runs_in_process(inputs, single_process) -> None:
    from contested.distributed import extract_distributed

    pairs = list(extract_distributed(inputs, workers=1, batch_size=4))
    assert [report.model_dump_json() for _, report in pairs] == single_process


def test_a_lost_task_becomes_error_reports(monkeypatch, inputs) -> None:
    from contested import distributed as runner

    class Failed:
        def result(self):
            raise RuntimeError("worker died")

        def release(self) -> None:
            pass

    reports = runner._reports(inputs[:2], Failed())
    assert [r.article.id for r in reports] == [i.meta.id for i in inputs[:2]]
    assert all("worker died" in (r.error or "") for r in reports)
