"""The mathjax-svg plugin in real builds: every formula of the built site typeset; a formula
that cannot be typeset, or whose output would put markup into a page, fails the build in one
line naming the page and the formula; node never outlives the build (killed, or SIGTERM'd
while node hangs); a cache that cannot be written costs a warning line, not the build.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from maths_html import Maths, typeset_problems
from sitetools import build_site, copy_project, mkdocs_env

pytestmark = pytest.mark.slow


def test_every_formula_of_every_page_is_typeset_in_the_built_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 7, pages
    counted = {}
    for path in pages:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site).as_posix()
        problems = typeset_problems(text)
        assert not problems, f"{rel}:\n  " + "\n  ".join(problems)
        assert not re.search(r"<script\b[^>]*mathjax", text, re.I), f"{rel} loads MathJax"
        assert not re.search(r"<script\b[^>]*>[^<]*MathJax", text), f"{rel}: a MathJax script"
        counted[rel] = len(Maths(text).elements)
    for rel in (
        "gradient-descent-intuition/index.html",
        "en/gradient-descent-intuition/index.html",
    ):
        assert counted[rel] >= 50, counted
    assert (
        counted["gradient-descent-intuition/summary/index.html"]
        == counted["en/gradient-descent-intuition/summary/index.html"]
        > 0
    ), counted


def add_to_page(
    project: Path, text: str, page: str = "gradient-descent-intuition/index.en.md"
) -> None:
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


def one_line_with(output: str, needle: str) -> str:
    lines = [line for line in output.splitlines() if needle in line]
    assert len(lines) == 1, output
    assert "Traceback" not in output, output
    return lines[0]


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ("\\frac{1}{", "Missing close brace"),
        ("\\texttip{x}{<img src=x onerror=alert(1)>}", "Undefined control sequence \\texttip"),
        ("\\href{javascript:alert(1)}{x}", "Undefined control sequence \\href"),
        ("\\bbox[cursor: url(https://evil.example/c.cur)]{x}", "loads something"),
    ],
)
def test_a_formula_that_cannot_go_into_a_page_fails_the_build_in_one_line(
    tmp_path: Path, formula: str, says: str
) -> None:
    project = copy_project(tmp_path / "project")
    add_to_page(project, f"A formula: ${formula}$")
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0, "the build succeeded"
    line = one_line_with(proc.stdout + proc.stderr, formula)
    assert "gradient-descent-intuition/index.en.md" in line and says in line, line


def node_children(pid: int) -> list[int]:
    """Pids of the node processes (typeset_maths.js) whose parent is ``pid``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"typeset_maths.js" in cmdline:
            found.append(int(proc.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for_node(build: subprocess.Popen) -> list[int]:
    deadline = time.monotonic() + 60
    while not (pids := node_children(build.pid)):
        assert build.poll() is None, "the build ended before its node process was seen"
        assert time.monotonic() < deadline, "no node process started within 60 s"
        time.sleep(0.05)
    return pids


def start_build(project: Path, site: Path, **env: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.Popen(
        cmd,
        cwd=project,
        env=mkdocs_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while [p for p in pids if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in pids if alive(p)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    return survivors


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_node_process(tmp_path: Path, how: signal.Signals) -> None:
    project = copy_project(tmp_path / "project")
    build = start_build(project, tmp_path / "s", GDCORE_CACHE_DIR=str(tmp_path / "figures"))
    try:
        pids = wait_for_node(build)
        os.kill(build.pid, how)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert not gone_within(pids, 10), f"node outlived the build killed with {how.name}"


HUNG_NODE = """#!{python}
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a node that no longer answers anything
time.sleep(600)
"""


def use_fake_node(project: Path, script: str, timeout: float) -> None:
    """Point the project's mathjax-svg plugin at a fake node."""
    node = project / "fake-node"
    node.write_text(script.format(python=sys.executable), encoding="utf-8")
    node.chmod(0o755)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      timeout: 60" in text
    text = text.replace("      timeout: 60", f"      timeout: {timeout}\n      node: {node}", 1)
    config.write_text(text, encoding="utf-8")


def test_a_node_that_never_answers_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    use_fake_node(project, HUNG_NODE, timeout=2)
    start = time.monotonic()
    proc = build_site(tmp_path / "site", project, timeout=300)
    assert proc.returncode != 0
    line = one_line_with(proc.stdout + proc.stderr, "gave no answer")
    assert "within 2 s" in line, line
    assert time.monotonic() - start < 120


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_sigterm_to_a_build_whose_node_hangs_leaves_no_child(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    use_fake_node(project, HUNG_NODE, timeout=600)
    build = start_build(project, tmp_path / "s")
    try:
        deadline = time.monotonic() + 60
        while not (pids := [p for p in _children(build.pid) if "fake-node" in _cmdline(p)]):
            assert build.poll() is None and time.monotonic() < deadline, "no fake node seen"
            time.sleep(0.05)
        os.kill(build.pid, signal.SIGTERM)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert not gone_within(pids, 10), "the hung node outlived the SIGTERM'd build"


def _children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(proc.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def test_a_cache_that_cannot_be_written_costs_one_warning_line_each(tmp_path: Path) -> None:
    """.cache is a file here (a read-only checkout behaves the same; root writes anyway, so
    a file stands for it): MathJax typesets without a cache and search uses jieba's own
    dictionary, each said once, and the strict build succeeds."""
    project = copy_project(tmp_path / "project")
    (project / ".cache").write_text("not a folder", encoding="utf-8")
    proc = build_site(tmp_path / "site", project)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    one_line_with(output, "mathjax-svg: cannot use the cache folder")
    one_line_with(output, "cannot write the jieba dictionary")
    assert (tmp_path / "site" / "en" / "lecture" / "index.html").is_file()
