"""The JSON API: views, filters, pagination, ETags, OpenAPI."""

from __future__ import annotations

from tests.web import corpus


def test_board_sets_sides_face_to_face(client) -> None:
    board = client.get("/api/board", params={"place": "Panjshir"}).json()
    sides = [c["side"] for c in board["columns"]]
    assert "National Resistance Front" in sides
    claims = {c["id"]: c for col in board["columns"] for c in col["claims"]}
    claims |= {c["id"]: c for c in board["others"]["claims"]}
    nrf = next(c for c in claims.values() if "complete control" in c["text"])
    taliban = next(c for c in claims.values() if c["speaker"] == "Zabihullah Mujahid")
    assert taliban["outlets"] == ["Example News", "Reuters"]
    assert taliban["id"] in nrf["contradicted_by"]
    marked = [s["text"] for s in taliban["context"] if "content" in s["kinds"]]
    assert marked == ["the fighters had entered the valley and taken parts of it"]
    assert any("source" in s["kinds"] and s["text"] == "Zabihullah Mujahid" for s in taliban["context"])
    assert board["contradictions"][0]["claims"] or board["contradictions"][1]["claims"]


def test_board_casualty_ranges(client) -> None:
    board = client.get("/api/board", params={"place": "Panjshir"}).json()
    killed = {r["victim_side"]: r for r in board["ranges"] if r["measure"] == "killed"}
    assert killed["Taliban"]["conservative"] == 34 == killed["Taliban"]["highest"]
    assert killed["Taliban"]["claimants"] == ["National Resistance Front"]


def test_board_filters_by_outlet_and_dates(client) -> None:
    only = client.get("/api/board", params={"outlet": "Example News"}).json()
    assert only["articles"] == 1
    none = client.get("/api/board", params={"date_from": "2022-01-01"}).json()
    assert none["articles"] == 0 and none["columns"] == []
    assert client.get("/api/board", params={"date_from": "yesterday"}).status_code == 400


def test_events_pagination(client) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()
    assert first["total"] == 2 and len(first["items"]) == 1 and first["next"] == 1
    second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert second["next"] is None
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422


def test_event_filters(client) -> None:
    by_actor = client.get("/api/events", params={"actor": "Taliban"}).json()
    assert by_actor["total"] == 1
    assert client.get("/api/events", params={"place": "Kandahar"}).json()["total"] == 0
    assert client.get("/api/events", params={"outlet": "Example News"}).json()["total"] == 1
    days = client.get("/api/days").json()
    assert [d["day"] for d in days] == ["2021-09-01", "2021-09-02"]
    timeline = client.get("/api/timeline", params={"limit": 1}).json()
    assert timeline["days"] == days and timeline["page"]["total"] == 2


def test_event_detail_has_sources(client) -> None:
    items = client.get("/api/events", params={"actor": "Taliban"}).json()["items"]
    event = client.get(f"/api/events/{items[0]['id']}").json()
    assert [a["outlet"] for a in event["articles"]] == ["Example News"]
    assert {c["speaker"] for c in event["claims"]} >= {"Zabihullah Mujahid"}
    assert event["evidence"][0]["context"]
    assert client.get("/api/events/nope").status_code == 404


def test_map_is_geojson(client) -> None:
    fc = client.get("/api/map", params={"place": "Panjshir"}).json()
    assert fc["type"] == "FeatureCollection"
    coords = sorted(tuple(f["geometry"]["coordinates"]) for f in fc["features"])
    assert coords == [(69.5, 35.3), (69.7, 35.4)]


def test_article_segments_rebuild_text(client) -> None:
    aid = corpus.ids(corpus.inputs())[0]
    view = client.get(f"/api/articles/{aid}").json()
    assert "".join(s["text"] for s in view["segments"]) == corpus.PANJSHIR_TEXT
    kinds = {k for s in view["segments"] for k in s["kinds"]}
    assert {"place", "actor", "source", "cue", "content", "casualty", "event"} <= kinds
    assert client.get("/api/articles/nope").status_code == 404
    listing = client.get("/api/articles").json()
    assert listing["total"] == 2


def test_etag_revalidation(client) -> None:
    first = client.get("/api/board", params={"place": "Panjshir"})
    tag = first.headers["etag"]
    again = client.get("/api/board", params={"place": "Panjshir"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/board", params={"place": "Panjshir"}, headers={"If-None-Match": '"x"'})
    assert other.status_code == 200
    page = client.get("/board", params={"place": "Panjshir"})
    assert client.get("/board", params={"place": "Panjshir"},
                      headers={"If-None-Match": page.headers["etag"]}).status_code == 304


def test_openapi_lists_the_api(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/board", "/api/events", "/api/events/{event_id}", "/api/map",
                 "/api/articles", "/api/articles/{article_id}", "/api/days"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert not any(p.startswith("/board") for p in spec["paths"])
    docs = client.get("/api-docs").text
    assert "/api/board" in docs and "If-None-Match" in docs
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_pages_render(client) -> None:
    for path in ("/", "/board", "/board?place=Panjshir", "/timeline?actor=Taliban", "/map",
                 "/articles", "/upload", "/static/style.css", "/static/app.js"):
        assert client.get(path).status_code == 200, path
    missing = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "<h1>404</h1>" in missing.text


def test_empty_store_renders(make_client, tmp_path) -> None:
    client = make_client(url=f"sqlite:///{tmp_path / 'empty.db'}")
    for path in ("/", "/board?place=Nowhere", "/timeline", "/map", "/articles"):
        assert client.get(path).status_code == 200, path


def test_bad_parameters_explained(client) -> None:
    page = client.get("/timeline?limit=abc", headers={"Accept": "text/html"})
    assert page.status_code == 422 and "limit" in page.text and "<h1>422</h1>" in page.text
    assert client.get("/api/events?limit=abc").json()["detail"][0]["loc"] == ["query", "limit"]


def test_board_compares_the_sides_asked_for(client) -> None:
    default = client.get("/api/board").json()
    assert len(default["sides"]) == 3
    chosen = client.get("/api/board", params=[("side", "Taliban"), ("side", "National Resistance Front")]).json()
    assert [c["side"] for c in chosen["columns"]] == ["Taliban", "National Resistance Front"]
    page = client.get("/board", params=[("side", "Taliban")]).text
    assert '<option value="Taliban" selected>' in page


def test_board_filtered_by_an_actor_that_made_no_claims(client) -> None:
    board = client.get("/api/board", params={"actor": "Nobody"}).json()
    assert board["columns"] == [] and board["articles"] == 0
    board = client.get("/api/board", params={"actor": "Taliban"}).json()
    assert board["columns"][0]["side"] == "Taliban"
