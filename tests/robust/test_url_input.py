"""URLs as input: an oversized page, a dropped connection or an HTTP error is one InputError
(never a truncated article or a traceback). Served from a local thread: no network."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from contested.batch import open_inputs
from contested.errors import InputError
from contested.model import ArticleMeta
from contested.readers import MAX_FILE_BYTES


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_FILE_BYTES + 10))
            self.end_headers()
            self.wfile.write(b"a" * (MAX_FILE_BYTES + 10))
        elif self.path == "/drop":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort")
            self.close_connection = True
        elif self.path == "/ok":
            body = b"Taliban fighters attacked Kabul on Monday, officials said."
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(("path", "reason"), [("/big", "too large"), ("/drop", "cannot fetch"), ("/missing", "cannot fetch")])
def test_bad_url_is_one_input_error(server: str, path: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        open_inputs(server + path, ArticleMeta())
    assert "\n" not in str(caught.value)


def test_good_url_gives_its_text_and_url(server: str) -> None:
    (item,) = open_inputs(server + "/ok", ArticleMeta())
    assert item.text.startswith("Taliban") and item.meta.url == server + "/ok"
