"""The render under faults and odd input (issue 13): a damaged cache entry is never
published, no drawing process outlives a killed build, a broken figure ends the build
with one line, the user's matplotlibrc changes nothing, an unusable cache is not fatal."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lectures import INTUITION, LANGS, lecture
from sitetools import REPO_ROOT, build_site, copy_project, mkdocs_env, pythonpath

from gdcore.render import render

FIGURE = "alpha-small"
FIGURE_NAMES = tuple(lecture().figures)
ENTRY = f"{INTUITION}.{FIGURE}.en.*.svg"  # a cache entry: LECTURE.NAME.LANG.KEY.CHECK.svg


def _cli(*args: str, cwd: Path = REPO_ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdcore", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """alpha-small in English, drawn without any cache."""
    out = tmp_path_factory.mktemp("pristine")
    light, _dark = render(out, lecture(), ["en"], [FIGURE], use_cache=False)
    return light.read_bytes()


# ------------------------------------------------------------ 1. damaged entries

DAMAGE = {
    "garbage": lambda data: b"\x00\xffnot an svg at all\n" * 40,
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_entry_is_dropped_redrawn_and_reported_once(tmp_path, pristine, damage):
    cache = tmp_path / "cache"
    first = _cli("render", "--out", str(tmp_path / "a"), "--lang", "en", FIGURE,
                 GDCORE_CACHE_DIR=str(cache))  # fmt: skip
    assert first.returncode == 0, first.stderr
    (entry,) = cache.glob(ENTRY)
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))

    out = tmp_path / "b"
    proc = _cli("render", "--out", str(out), "--lang", "en", FIGURE, GDCORE_CACHE_DIR=str(cache))
    assert proc.returncode == 0, proc.stderr
    assert (out / INTUITION / f"{FIGURE}.en.svg").read_bytes() == pristine
    reports = [line for line in proc.stderr.splitlines() if "damaged" in line]
    assert len(reports) == 1, proc.stderr
    assert entry.name in reports[0]
    (again,) = cache.glob(ENTRY)
    assert again.read_bytes() == pristine  # redrawn into the cache


@pytest.mark.slow
def test_a_strict_build_publishes_no_damaged_entry(tmp_path, pristine, built_site):
    # A copy of the session's cache, which built_site filled: every figure of the site.
    # (Shared by the workers, it may also hold entries of other versions of the figure:
    # the one the build reads is today's drawing.)
    cache = shutil.copytree(os.environ["GDCORE_CACHE_DIR"], tmp_path / "cache")
    (entry,) = [e for e in cache.glob(ENTRY) if e.read_bytes() == pristine]
    entry.write_bytes(b"<svg>garbage")
    site = tmp_path / "site"
    built = build_site(site, GDCORE_CACHE_DIR=str(cache))
    assert built.returncode == 0, built.stderr  # reported, but not a strict-mode warning
    assert (site / INTUITION / "figures" / f"{FIGURE}.en.svg").read_bytes() == pristine
    output = built.stdout + built.stderr
    assert len(re.findall(r"damaged", output)) == 1, output


# ------------------------------------------------------ 2. no orphaned processes


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, state) of every live process."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, ppid, pgid = stat.rsplit(")", 1)[1].split()[:3]
        if state != "Z":  # a zombie has exited already
            out[int(entry)] = (int(ppid), int(pgid), state)
    return out


def _descendants(root: int, processes: dict[int, tuple[int, int, str]]) -> set[int]:
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (ppid, _, _) in processes.items() if ppid in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
@pytest.mark.parametrize("command", ["gdcore render", "mkdocs build"])
def test_no_drawing_process_outlives_a_killed_render(tmp_path, kill, command):
    if command == "mkdocs build":
        cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")]
    else:
        cmd = [sys.executable, "-m", "gdcore", "render", "--out", str(tmp_path / "out")]
    env = mkdocs_env(GDCORE_CACHE_DIR=str(tmp_path / "cold-cache"))
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: pgid == pid
    )
    try:
        # Wait until it draws: the fork server and the drawing processes are running.
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            children = _descendants(proc.pid, _processes())
            if len(children) >= 3 and not list((tmp_path / "cold-cache").glob("*.svg")):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "finished before it could be killed: too fast to test"
        assert len(children) >= 3, f"no drawing processes seen: {children}"
        os.kill(proc.pid, kill)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            live = _processes()
            in_group = {pid for pid, (_, pgid, _) in live.items() if pgid == proc.pid}
            orphans = {pid for pid in children if pid in live and live[pid][0] == 1}
            if not in_group and not orphans:
                break
            time.sleep(0.2)
        assert not in_group, f"survivors in the process group: {in_group}"
        assert not orphans, f"drawing processes reparented to PID 1: {orphans}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # survivors of a failed run


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_in_the_first_seconds_of_a_build_prints_no_traceback(tmp_path):
    """Ctrl-C while the fork server still imports matplotlib (before it would ignore the
    signal itself): nothing of ours prints a KeyboardInterrupt traceback, nothing stays."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")]
    env = mkdocs_env(
        GDCORE_CACHE_DIR=str(tmp_path / "cold-cache"), PYTHONPATH=pythonpath(REPO_ROOT)
    )
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        server = None
        while time.monotonic() < deadline and proc.poll() is None and server is None:
            server = next(
                (
                    pid
                    for pid in _descendants(proc.pid, _processes())
                    if "forkserver" in _cmdline(pid)
                ),
                None,
            )
            time.sleep(0.01)
        assert server is not None, "no fork server seen"
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
        output, _ = proc.communicate(timeout=60)
        assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            left = {pid for pid, (_, pgid, _) in _processes().items() if pgid == proc.pid}
            if not left:
                break
            time.sleep(0.2)
        assert not left, f"left running: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()


# ------------------------------------------------------- 5. one line per error

BROKEN_LABEL = re.compile(r"(\n  alpha-small:\n.*?\n +zh: α = )\{run\.alpha\}", re.S)
BROKEN = re.compile(
    r"lecture\.yml:\d+: figure 'alpha-small' \(zh\): unknown placeholder \{run\.nope\}"
)


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose alpha-small has an unknown placeholder in a label."""
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    declarations = project / "docs" / INTUITION / "lecture.yml"
    source = declarations.read_text(encoding="utf-8")
    assert BROKEN_LABEL.search(source), "no zh words under alpha-small:"
    declarations.write_text(BROKEN_LABEL.sub(r"\g<1>{run.nope}", source, count=1), "utf-8")
    return project


def test_the_cli_names_a_broken_figure_and_its_line_and_exits_2(tmp_path, broken_project):
    proc = _cli(
        "render",
        "--out",
        str(tmp_path / "out"),
        FIGURE,
        cwd=broken_project,
        PYTHONPATH=pythonpath(broken_project),
        GDCORE_CACHE_DIR=str(tmp_path / "c"),
    )
    assert proc.returncode == 2, proc.stderr  # a declaration error, found before drawing
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert BROKEN.search(lines[0]), lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_a_broken_figure_ends_the_build_with_one_error_line(tmp_path, broken_project, verbose):
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)]
    proc = subprocess.run(
        [*cmd, "--verbose"] if verbose else cmd,
        cwd=broken_project,
        env=mkdocs_env(PYTHONPATH=pythonpath(broken_project), GDCORE_CACHE_DIR=str(tmp_path / "c")),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output
    assert BROKEN.search(errors[0]), errors[0]
    if verbose:
        assert "Traceback" in output
    else:
        assert "Traceback" not in output, output


# --------------------------------------------------- 6. the user's matplotlibrc

HOSTILE_RC = "axes.linewidth: 3\nlines.linewidth: 4\nfont.size: 15\naxes.grid: True\n"


def test_the_users_matplotlibrc_changes_no_byte(tmp_path, pristine):
    rc = tmp_path / "matplotlibrc"
    rc.write_text(HOSTILE_RC, encoding="utf-8")
    out = tmp_path / "out"
    proc = _cli("render", "--no-cache", "--out", str(out), "--lang", "en", FIGURE,
                MATPLOTLIBRC=str(rc))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (out / INTUITION / f"{FIGURE}.en.svg").read_bytes() == pristine


# ----------------------------------------------------- 8. an unusable cache


def _unusable_caches(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory", encoding="utf-8")
    caches = {"file": a_file, "under a file": a_file / "cache"}
    if os.geteuid() != 0:  # root writes into a read-only directory anyway
        read_only = tmp_path / "read-only"
        read_only.mkdir()
        read_only.chmod(0o555)
        caches["read-only"] = read_only
    return caches


def test_an_unusable_cache_draws_without_caching_and_says_so_once(tmp_path, pristine):
    for kind, cache in _unusable_caches(tmp_path).items():
        out = tmp_path / f"out-{kind}"
        proc = _cli("render", "--out", str(out), "--lang", "en", FIGURE, "alpha-large",
                    GDCORE_CACHE_DIR=str(cache))  # fmt: skip
        assert proc.returncode == 0, f"{kind}: {proc.stderr}"
        assert (out / INTUITION / f"{FIGURE}.en.svg").read_bytes() == pristine
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and str(cache) in lines[0], f"{kind}: {proc.stderr}"
        assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_a_build_with_a_cache_that_is_a_file_succeeds(tmp_path):
    cache = tmp_path / "a-file"
    cache.write_text("not a directory", encoding="utf-8")
    site = tmp_path / "site"
    proc = build_site(site, GDCORE_CACHE_DIR=str(cache))
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    assert len(re.findall(re.escape(str(cache)), output)) == 1, output
    # Every figure in every language, each with its dark twin.
    figures = site / INTUITION / "figures"
    assert len(list(figures.glob("*.svg"))) == 2 * len(FIGURE_NAMES) * len(LANGS)
