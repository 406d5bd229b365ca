"""The board over a store with many events: bounded pages, correct totals (no timing here;
`python -m tests.web.scale` measures)."""

from __future__ import annotations

import pytest

from tests.web import scale


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from contested.web.app import create_app
    from contested.web.security import WebSettings

    url = f"sqlite:///{tmp_path_factory.mktemp('scale') / 'scale.db'}"
    scale.fill(url, 1000)
    return TestClient(create_app(WebSettings(db_url=url)))


def test_board_caps_what_it_lists(big) -> None:
    from contested.web.queries import BOARD_LIST, PER_SIDE

    board = big.get("/api/board", params={"place": "Kabul"}).json()
    assert len(board["columns"]) == 2
    for column in board["columns"]:
        assert len(column["claims"]) == PER_SIDE < column["total"]
    assert len(board["contradictions"]) == BOARD_LIST < board["contradiction_total"]
    killed = [r for r in board["ranges"] if r["measure"] == "killed"]
    assert sum(r["figures"] for r in killed) == board["casualty_total"]
    assert all(r["conservative"] <= r["highest"] for r in killed)


def test_board_pages_further_claims(big) -> None:
    first = big.get("/api/board", params={"place": "Kabul", "limit": 5}).json()
    second = big.get("/api/board", params={"place": "Kabul", "limit": 5, "offset": 5}).json()
    ids = {c["id"] for c in first["columns"][0]["claims"]}
    assert ids.isdisjoint(c["id"] for c in second["columns"][0]["claims"])


def test_pages_render_at_scale(big) -> None:
    for path in ("/board?place=Panjshir", "/board", "/timeline", "/map", "/"):
        response = big.get(path)
        assert response.status_code == 200, path
        assert len(response.content) < 400_000, path
