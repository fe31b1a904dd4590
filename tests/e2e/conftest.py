"""Browser-test fixtures: a real `streamlit run app.py` on a free loopback port, driven by Chromium.

Playwright cannot download its own browser on these machines, so it drives Debian's
`/usr/bin/chromium`. Without it the tests skip locally, and fail in CI
(`RESERVING_REQUIRE_BROWSER=1`), where a silently skipped browser suite would hide breakage.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SERVER_START_TIMEOUT_S = 90
EXPECT_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with status {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not become healthy within {timeout_s} s")


@contextlib.contextmanager
def running_app(tmp_dir: Path) -> Iterator[str]:
    """Start a fresh app server with its own data directory; yield its base URL."""
    port = _free_port()
    env = dict(os.environ)
    env["RESERVING_DATA_DIR"] = str(tmp_dir)
    env.pop("RESERVING_DATABASE_URL", None)
    log_path = tmp_dir / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
                "--server.port", str(port),
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc, SERVER_START_TIMEOUT_S)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def browser_available() -> None:
    """Skip (locally) or fail (CI) when Chromium or Playwright is missing."""
    missing = not Path(CHROMIUM).exists()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("RESERVING_REQUIRE_BROWSER"):
            pytest.fail("browser tests need /usr/bin/chromium and playwright (scripts/test.sh installs them)")
        pytest.skip("no /usr/bin/chromium or playwright here")


@pytest.fixture(scope="module")
def app_url(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly started server, one per test module."""
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_available: None) -> Iterator[object]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import expect, sync_playwright

    # The first render includes importing chainladder; `expect` waits that long, never a sleep.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context (no shared cookies or session) and page per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(60_000)
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page, app_url: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Open the app at its root and follow the sidebar link `title`, as a user does."""
    from playwright.sync_api import expect

    page.goto(app_url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()
