"""Hostile articles render inert; writes need the token; bodies are size-limited."""

from __future__ import annotations

import re

import pytest

from tests.web import corpus
from tests.web.conftest import TOKEN

HOSTILE_PAGES = ["/", "/board?place=Panjshir", "/timeline", "/map", "/articles"]


def hostile_id() -> str:
    return corpus.ids(corpus.inputs())[1]


def assert_inert(html: str) -> None:
    """No live payload: every '<' from article data arrives as &lt;."""
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    # the only <script> tags are ours, with a src and no body
    for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S):
        assert tag == ""
    assert "javascript:" not in html


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_listing_pages_escape_hostile_strings(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_inert(response.text)


def test_article_page_escapes_text_and_quotes(client) -> None:
    html = client.get(f"/articles/{hostile_id()}").text
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the quote is highlighted, and escaped inside the highlight
    assert re.search(r'<mark class="hl hl-content"[^>]*>[^<]*&lt;script&gt;', html)


def test_event_pages_and_panel_escape(client, store_url) -> None:
    events = client.get("/api/events").json()["items"]
    hostile = [e for e in events if "script" in (e["actor2"] or "")]
    assert hostile
    assert_inert(client.get(f"/events/{hostile[0]['id']}").text)
    assert_inert(client.get(f"/fragments/events?ids={hostile[0]['id']}").text)


def test_json_api_returns_strings_verbatim(client) -> None:
    """JSON is not HTML: the API gives the text as written, with a JSON content type."""
    response = client.get(f"/api/articles/{hostile_id()}")
    assert response.headers["content-type"].startswith("application/json")
    text = "".join(s["text"] for s in response.json()["segments"])
    assert text == corpus.HOSTILE_TEXT


def test_csp_forbids_inline_scripts(client) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_upload_needs_token(client) -> None:
    body = {"text": corpus.PANJSHIR_TEXT}
    missing = client.post("/api/articles", json=body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403


def test_reprocess_needs_token(client) -> None:
    assert client.post(f"/api/articles/{hostile_id()}/reprocess").status_code == 401


def test_writes_disabled_without_token(readonly) -> None:
    response = readonly.post(
        "/api/articles", json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 403
    assert "disabled" in response.json()["detail"]


def test_upload_with_token_stores_article(make_client, tmp_path) -> None:
    client = make_client(url=f"sqlite:///{tmp_path / 'upload.db'}")
    response = client.post(
        "/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
        json={"text": corpus.PANJSHIR_TEXT, "outlet": "Example News", "published": "2021-09-02"},
    )
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["events"] == 1 and result["claims"] == 3
    assert client.get(result["url"]).status_code == 200
    again = client.post(
        f"/api/articles/{result['article_id']}/reprocess", headers={"X-Contested-Token": TOKEN}
    )
    assert again.status_code == 200 and again.json()["claims"] == 3


def test_multipart_upload_with_file(make_client, tmp_path) -> None:
    client = make_client(url=f"sqlite:///{tmp_path / 'upload.db'}")
    response = client.post(
        "/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
        data={"outlet": "Example News"},
        files={"file": ("a.txt", corpus.HOSTILE_TEXT.encode(), "text/plain")},
    )
    assert response.status_code == 201, response.text
    assert_inert(client.get(response.json()["url"]).text)


def test_upload_rejects_bad_input(client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/articles", json={"text": "  "}, headers=auth).status_code == 400
    assert client.post("/api/articles", json=[1], headers=auth).status_code == 400
    bad_date = client.post("/api/articles", json={"text": "x", "published": "soon"}, headers=auth)
    assert bad_date.status_code == 400
    assert client.post("/api/articles", content=b"x", headers=auth).status_code == 415


def test_oversized_body_is_refused(make_client) -> None:
    client = make_client(max_body=1000)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/articles", json={"text": "x" * 5000}, headers=auth)
    assert response.status_code == 413


def test_oversized_streamed_body_is_refused(make_client) -> None:
    """Without Content-Length (chunked), the limit still holds."""
    client = make_client(max_body=1000)

    def chunks():  # noqa: ANN202
        for _ in range(10):
            yield b"x" * 500

    response = client.post(
        "/api/articles", content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_loopback_detection() -> None:
    from contested.web.security import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_foreign_host_header_refused_when_local(make_client) -> None:
    """Bound to localhost, the app answers only to loopback names (DNS rebinding)."""
    client = make_client(allowed_hosts=("localhost", "127.0.0.1", "testserver"))
    assert client.get("/api/overview").status_code == 200
    assert client.get("/api/overview", headers={"Host": "evil.example"}).status_code == 400


def test_templates_never_disable_escaping() -> None:
    """A static guard: no template marks anything safe or turns autoescape off."""
    from importlib import resources

    from contested.web import pages

    assert pages._ENV.autoescape is True
    folder = resources.files("contested.web") / "templates"
    for template in folder.iterdir():
        source = template.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", ""), template.name
        assert not re.search(r"\{%-?\s*autoescape", source), template.name


def test_article_link_only_for_http_urls(client) -> None:
    html = client.get(f"/articles/{hostile_id()}").text
    assert ">original</a>" not in html  # its URL is javascript:…
