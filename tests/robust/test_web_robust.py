"""The web API under hostile upload bodies: a client error (4xx) or a stored article, never a
500. Token and body-size checks are tested in tests/web/test_security.py (401/403/413); this
adds bodies that pass those checks but break naive parsing or storage."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import TOKEN, make_client, store_url  # noqa: F401 - fixtures

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
GOOD = "Taliban fighters attacked the district centre on Monday, officials said."

BODIES = [
    b'{"text": ' + b"9" * 5000 + b"}",  # a number Python refuses to convert
    b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than the recursion limit
    b'{"text": "\\ud800 Taliban fighters attacked Kabul."}',  # an unpaired surrogate
    b'{"text": "ok", "title": "\\ud800"}',
    b'{"text": "Taliban \\u0000 attacked"}',  # NUL in the text
    json.dumps({"text": GOOD, "title": "a\x00b"}).encode(),  # NUL in the metadata
    json.dumps({"text": GOOD, "outlet": "O" * 5000}).encode(),
    b'{"text": "x", "published": "2021-02-30"}',
    b'{"text": 12, "html": ["x"]}',
    b'{"html": "<svg><foreignObject><article></html><![CDATA[&#0;"}',
    b"\xff\xfe\x00{",  # not UTF-8
    b"NaN",
    b"",
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_hostile_json_upload_is_a_client_error_or_stored(make_client, tmp_path, body) -> None:  # noqa: F811
    client = make_client(url=f"sqlite:///{tmp_path / 'upload.db'}")
    response = client.post("/api/articles", content=body, headers=AUTH)
    assert response.status_code < 500, response.text
    assert response.status_code in {200, 201} or 400 <= response.status_code < 500
