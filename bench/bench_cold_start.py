"""Cold start of the app: server health, first render in a fresh interpreter, against ``import chainladder``.

- ``server health``: ``streamlit run app.py`` headless on a free loopback port, timed from
  the launch until ``/_stcore/health`` answers 200 (the server is up; no script has run);
- ``first render``: a fresh interpreter running ``AppTest.from_file("app.py").run()``,
  timed from the launch until the first run of app.py (Data page, RAA) has finished: the
  imports of streamlit, chainladder and the app plus the first script run;
- the reference of both is a fresh ``python -c "import chainladder"``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence

from bench.common import ROOT, Row, Timing, parser, print_table, repeats

HEALTH_TIMEOUT = 120.0
FIRST_RENDER = (
    "from streamlit.testing.v1 import AppTest\n"
    "at = AppTest.from_file('app.py', default_timeout=120).run()\n"
    "assert not at.exception, at.exception\n"
)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def time_python(code: str) -> float:
    """Wall seconds of a fresh interpreter running `code` from the repository root."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def time_server_health() -> float:
    """Seconds from launching ``streamlit run app.py`` until its health endpoint answers; then stop it."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/_stcore/health"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < HEALTH_TIMEOUT:
            if server.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {server.returncode} before answering")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"no answer from {url} within {HEALTH_TIMEOUT:.0f} s")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run the cold-start benchmark, print its table and return its rows."""
    args = parser(__doc__.splitlines()[0], repeat=3).parse_args(argv)
    health, render, reference = [], [], []
    for _ in range(repeats(args)):  # alternate, so load from other processes hits all three alike
        reference.append(time_python("import chainladder"))
        health.append(time_server_health())
        render.append(time_python(FIRST_RENDER))
    ref = Timing("import chainladder", tuple(reference))
    rows = [
        Row("cold_start", "server health (streamlit run)", Timing("app", tuple(health)), ref),
        Row("cold_start", "first render (fresh AppTest run)", Timing("app", tuple(render)), ref),
    ]
    print_table(f"cold start ({repeats(args)} runs)", rows)
    return rows


if __name__ == "__main__":
    main()
