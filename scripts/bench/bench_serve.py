"""Benchmark the author's loop under ``mkdocs serve`` (not a test).

    python -m scripts bench serve [--runs 5] [--source DIR]

Starts ``mkdocs serve --livereload`` on a free port in a throwaway copy of the project
(of this repository, or of DIR), waits for the first build, then times, from the moment
an edited file is saved to the moment the server serves the new bytes:

(a) one scenario's α edited (``alpha-large`` in gdcore/scenarios.py): the served
    ``alpha-large`` SVG carries the new α in its metadata; target ≤ 1.5 s;
(b) a drawing constant shared by every figure edited (the cost curve's colour): the
    served ``update-rule`` SVG has the new colour; target ≤ 4 s;
(c) one Markdown sentence edited (docs/index.en.md): the served page has it; ≤ 0.8 s.

Each edit alternates between two values, so every run is a real change; prints each
time and the min/median per loop. Exits 1 if a change is not served within 120 s.
"""

from __future__ import annotations

import argparse
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from scripts.testing.sitetools import REPO_ROOT, copy_project, mkdocs_env

TARGETS_S = {"a": 1.5, "b": 4.0, "c": 0.8}
TIMEOUT_S = 120.0
POLL_S = 0.02

ALPHA_LARGE = re.compile(r'(name="alpha-large",.*?\balpha=)([0-9.]+)', re.S)
ALPHAS = ("0.48", "0.47")  # both > 2/c (diverging, as the figure's words say), inside its window
# The cost curve's colour: "curve": "#…" before the palette, "curve": ("#…", dark) since.
CURVE_COLOR = re.compile(r'("curve": \(?")(#[0-9a-f]{6})(")')
COLORS = ("#37474e", "#37474f")
SENTENCE = "These are study notes for the lecture"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def drawing_constant_file(project: Path) -> Path:
    """The module that holds the cost curve's colour (style.py, or figures.py before it)."""
    for path in sorted((project / "gdcore").glob("*.py")):
        if CURVE_COLOR.search(path.read_text(encoding="utf-8")):
            return path
    sys.exit("no cost-curve colour found in gdcore/*.py: update CURVE_COLOR")


def wait_until(check: Callable[[], bool], proc: subprocess.Popen, log: Path) -> float:
    """Poll ``check``; the monotonic time it first held."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if check():
            return time.monotonic()
        if proc.poll() is not None:
            sys.exit(f"mkdocs serve exited ({proc.returncode}):\n{log.read_text()[-4000:]}")
        time.sleep(POLL_S)
    sys.exit(f"not served within {TIMEOUT_S} s; mkdocs serve said:\n{log.read_text()[-4000:]}")


def timed_edit(
    path: Path, edit: Callable[[str], str], served: Callable[[], bool], proc, log: Path
) -> float:
    """Save ``edit`` of ``path``; seconds until ``served`` holds."""
    text = edit(path.read_text(encoding="utf-8"))
    saved = time.monotonic()
    path.write_text(text, encoding="utf-8")
    return wait_until(served, proc, log) - saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench serve", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="project to copy")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gd-bench-serve-") as tmp:
        project = copy_project(Path(tmp) / "project", args.source.resolve())
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = mkdocs_env(GDCORE_CACHE_DIR=str(Path(tmp) / "cache"), PYTHONPATH=str(project))
        log = Path(tmp) / "serve.log"
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=out)
            try:
                return _measure(project, base, proc, log, args.runs)
            finally:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _measure(project: Path, base: str, proc: subprocess.Popen, log: Path, runs: int) -> int:
    figure = f"{base}/figures/alpha-large.zh.svg"
    shared = f"{base}/figures/update-rule.en.svg"
    page = f"{base}/en/"
    t0 = time.monotonic()
    wait_until(lambda: bool(fetch(figure)) and bool(fetch(page)), proc, log)
    print(f"first build served after {time.monotonic() - t0:.1f} s")
    time.sleep(1.0)

    scenarios = project / "gdcore" / "scenarios.py"
    style = drawing_constant_file(project)
    markdown = project / "docs" / "index.en.md"
    times: dict[str, list[float]] = {"a": [], "b": [], "c": []}
    for k in range(runs):
        alpha = ALPHAS[k % 2]
        times["a"].append(
            timed_edit(
                scenarios,
                lambda s, a=alpha: ALPHA_LARGE.sub(lambda m: m.group(1) + a, s, count=1),
                lambda a=alpha: f'"alpha":{a}'.encode() in fetch(figure),
                proc,
                log,
            )
        )
        time.sleep(1.0)
        color = COLORS[k % 2]
        times["b"].append(
            timed_edit(
                style,
                lambda s, c=color: CURVE_COLOR.sub(lambda m: m.group(1) + c + m.group(3), s, 1),
                lambda c=color: f"stroke: {c}".encode() in fetch(shared),
                proc,
                log,
            )
        )
        time.sleep(1.0)
        marker = f"(edit {k})"
        times["c"].append(
            timed_edit(
                markdown,
                lambda s, m=marker: re.sub(
                    re.escape(SENTENCE) + r"( \(edit \d+\))?", f"{SENTENCE} {m}", s, count=1
                ),
                lambda m=marker: m.encode() in fetch(page),
                proc,
                log,
            )
        )
        time.sleep(1.0)
        print(
            f"run {k + 1}: (a) α {times['a'][-1]:.2f} s, (b) drawing {times['b'][-1]:.2f} s, "
            f"(c) Markdown {times['c'][-1]:.2f} s",
            flush=True,
        )
    names = {"a": "α edit", "b": "drawing edit", "c": "Markdown edit"}
    for key, values in times.items():
        median = statistics.median(values)
        verdict = "ok" if median <= TARGETS_S[key] else "over target"
        print(
            f"({key}) {names[key]}: min {min(values):.2f} s, median {median:.2f} s "
            f"(target ≤ {TARGETS_S[key]} s: {verdict})"
        )
    return 0
