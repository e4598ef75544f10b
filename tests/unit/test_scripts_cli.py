"""`python -m scripts TASK`: the one entry point of the maintainer tasks runs each task's own
command line (only --help here: the tasks themselves are tested where they are used)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_tasks_are_listed() -> None:
    proc = run("-m", "scripts", "--help")
    assert proc.returncode == 0, proc.stderr
    for task in ("offline", "lock", "verify-mathjax", "bench"):
        assert task in proc.stdout


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["offline"], "python -m scripts offline"),
        (["lock"], "python -m scripts lock"),
        (["verify-mathjax"], "python -m scripts verify-mathjax"),
        (["bench", "build"], "python -m scripts bench build"),
        (["bench", "serve"], "python -m scripts bench serve"),
        (["bench", "pages"], "python -m scripts bench pages"),
        (["bench", "figures"], "python -m scripts bench figures"),
        (["bench", "explorer"], "python -m scripts bench explorer"),
    ],
)
def test_each_task_has_its_own_options(args: list[str], usage: str) -> None:
    proc = run("-m", "scripts", *args, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"usage: {usage}"), proc.stdout


def test_an_unknown_task_is_one_line_of_usage() -> None:
    proc = run("-m", "scripts", "deploy")
    assert proc.returncode == 2 and "invalid choice: 'deploy'" in proc.stderr


def test_it_runs_from_another_folder_too(tmp_path: Path) -> None:
    proc = run(str(REPO_ROOT / "scripts"), "lock", "--help", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: python -m scripts lock")
