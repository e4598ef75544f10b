"""`mkdocs serve` picks up an edit to a lecture's lecture.yml and to gdcore/ without a restart.

The notes plugin lives for the whole serve session, and Python keeps imported modules in
sys.modules for the life of the process: unless the plugin loads the lecture again and
re-imports gdcore, the served figure keeps showing the old numbers or the old drawing.
This test starts a real server on a copy of the project, edits the α of ``alpha-large``
in lecture.yml and waits for the served SVG to carry it in its <metadata>, then edits a
colour of gdcore's palette and waits for the served SVG to be drawn with it.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from sitetools import copy_project, mkdocs_env

pytestmark = pytest.mark.slow

# Every language's figure files sit in the lecture's figures/, with their .LANG suffix.
FIGURE_URL = "/gradient-descent-intuition/figures/alpha-large.zh.svg"
ALPHA_LARGE = re.compile(r"(\n  alpha-large:\n.*?\n +alpha: )([0-9.]+)", re.S)
CURVE = ('"curve": ("#37474f",', '"curve": ("#123456",')  # gdcore/style.py's PALETTE
NEW_ALPHA = 0.48  # still > 2/c (diverges, as the figure's words say) and inside its window
START_TIMEOUT = 120  # s: the first build renders every figure with a cold cache
REBUILD_TIMEOUT = 60  # s


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def served_alphas(svg: bytes | None) -> list[float] | None:
    """The α of each series in the SVG's <metadata> JSON (None if absent or unreadable)."""
    if not svg:
        return None
    m = re.search(rb"<metadata[^>]*>(.*?)</metadata>", svg, re.S)
    if not m:
        return None
    try:
        data = json.loads(html.unescape(m.group(1).decode("utf-8")))
        return [float(s["alpha"]) for s in data["series"]]
    except (ValueError, KeyError, TypeError):
        return None


def wait_for(what: str, check: Callable[[], object], timeout: float, proc, log: Path):
    """Poll ``check`` until it returns something truthy; fail with the server's log if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"mkdocs serve exited ({proc.returncode}) while waiting for {what}:\n"
                f"{log.read_text(errors='replace')}"
            )
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(
        f"timed out after {timeout} s waiting for {what}; mkdocs serve said:\n"
        f"{log.read_text(errors='replace')[-6000:]}"
    )


def stop(proc: subprocess.Popen) -> None:
    """Ctrl-C first (serve then deletes its temporary site), then terminate, then kill."""
    for signal_it in (lambda: proc.send_signal(signal.SIGINT), proc.terminate, proc.kill):
        if proc.poll() is not None:
            return
        signal_it()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue


def test_serve_redraws_after_an_edit_to_the_lecture_and_to_gdcore(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    declarations = project / "docs" / "gradient-descent-intuition" / "lecture.yml"
    source = declarations.read_text(encoding="utf-8")
    m = ALPHA_LARGE.search(source)
    if m is None:
        pytest.fail(
            f"no `alpha:` found under `alpha-large:` in lecture.yml: "
            f"update ALPHA_LARGE in {Path(__file__).name}",
            pytrace=False,
        )
    style = project / "gdcore" / "style.py"
    assert CURVE[0] in style.read_text(encoding="utf-8")
    old_alpha = float(m.group(2))
    assert old_alpha != NEW_ALPHA

    port = free_port()
    url = f"http://127.0.0.1:{port}{FIGURE_URL}"
    env = mkdocs_env(GDCORE_CACHE_DIR=str(tmp_path / "figure-cache"))
    log = tmp_path / "serve.log"
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--livereload",
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            first = wait_for(
                f"{FIGURE_URL} to be served", lambda: fetch(url), START_TIMEOUT, proc, log
            )
            assert served_alphas(first) == [old_alpha], served_alphas(first)

            declarations.write_text(
                ALPHA_LARGE.sub(lambda m: f"{m.group(1)}{NEW_ALPHA}", source, count=1),
                encoding="utf-8",
            )
            wait_for(
                f"the served figure to show α = {NEW_ALPHA}",
                lambda: served_alphas(fetch(url)) == [NEW_ALPHA],
                REBUILD_TIMEOUT,
                proc,
                log,
            )
            style.write_text(style.read_text(encoding="utf-8").replace(*CURVE), encoding="utf-8")
            wait_for(
                "the served figure to be drawn with the edited palette",
                lambda: b"#123456" in (fetch(url) or b""),
                REBUILD_TIMEOUT,
                proc,
                log,
            )
            assert proc.poll() is None, "the server restarted or stopped"
        finally:
            stop(proc)


def _group_alive(pgid: int) -> list[str]:
    """The processes still in process group ``pgid`` (their command lines)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            alive.append(cmdline.decode(errors="replace"))
    return alive


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_stops_serve_and_everything_it_started_quietly(tmp_path: Path) -> None:
    """Ctrl-C in a terminal goes to the whole process group: the server, gdcore's drawing
    processes and fork server, MathJax's Node.js. All of them stop, and nothing prints a
    traceback over the author's terminal."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}{FIGURE_URL}"
    env = mkdocs_env(GDCORE_CACHE_DIR=str(tmp_path / "figure-cache"))
    log = tmp_path / "serve.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_for(f"{FIGURE_URL} to be served", lambda: fetch(url), START_TIMEOUT, proc, log)
            assert len(_group_alive(proc.pid)) > 2  # the server and its drawing processes
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=30)
            deadline = time.monotonic() + 10
            while _group_alive(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _group_alive(proc.pid) == []
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    said = log.read_text(errors="replace")
    assert proc.returncode == 0, said[-3000:]
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said[-3000:]
