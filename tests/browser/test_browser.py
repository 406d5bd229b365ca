"""Browser test: `contested serve` over the demo corpus, driven in Debian's chromium.

pytest loads the bundled demo corpus into a temporary SQLite store, starts `contested serve`
on a free localhost port, and runs board.mjs (playwright-core, pinned in package.json) against
it. Screenshots land in test-artifacts/browser/. The test skips, saying why, only when
chromium, node or the npm driver is truly absent (scripts/test-deps.sh installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = os.environ.get("CONTESTED_CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token"
CLI = [sys.executable, "-c", "from contested.cli.main import run; run()"]


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (scripts/test-deps.sh installs the browser-test tools)"
    if not Path(CHROMIUM).exists():
        return f"chromium not found at {CHROMIUM} (apt-get install chromium; scripts/test-deps.sh)"
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        return "playwright-core not installed: run `npm ci` in tests/browser (scripts/test-deps.sh)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"contested serve exited: {server.stderr.read() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url + "/api/overview", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("contested serve did not answer in time")


def test_claims_board_map_and_hostile_upload(tmp_path: Path) -> None:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    db = tmp_path / "demo.db"
    demo = subprocess.run([*CLI, "demo", "--db", str(db)], capture_output=True, text=True, timeout=180)
    assert demo.returncode == 0, demo.stderr[-2000:]
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--port", str(port), "--token", TOKEN],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    artifacts = REPO / "test-artifacts" / "browser"
    try:
        _wait_ready(base, server)
        run = subprocess.run(
            ["node", str(HERE / "board.mjs"), base, str(artifacts)],
            capture_output=True, text=True, timeout=180, cwd=HERE,
            env={**os.environ, "CONTESTED_TOKEN": TOKEN, "CONTESTED_CHROMIUM": CHROMIUM},
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
