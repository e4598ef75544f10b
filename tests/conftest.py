"""Shared test set-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_figure_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' figure renders out of the author's ~/.cache/gdcore (and vice versa)."""
    os.environ["GDCORE_CACHE_DIR"] = str(tmp_path_factory.mktemp("gdcore-cache"))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


# ---------------------------------------------------------------- the built site
# Fixtures for tests of the MkDocs site (tests/test_site_build.py and later ones).

REPO_ROOT = Path(__file__).resolve().parent.parent


def mkdocs_env(**extra: str) -> dict[str, str]:
    """The environment for a mkdocs subprocess: this one, minus the MkDocs 2 banners."""
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site (both languages, every figure), built once with `mkdocs build --strict`.

    Returns the site directory. A failed build, or any WARNING in MkDocs' output, fails
    every test that uses it, with MkDocs' output shown.
    """
    site = tmp_path_factory.mktemp("site")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    try:
        proc = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            env=mkdocs_env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{' '.join(cmd)} timed out after {e.timeout} s", pytrace=False)
    output = f"{proc.stdout}{proc.stderr}"
    warnings = [line for line in output.splitlines() if line.lstrip().startswith("WARNING")]
    if proc.returncode != 0 or warnings:
        pytest.fail(
            f"`mkdocs build --strict` failed (exit {proc.returncode}, "
            f"{len(warnings)} warning line(s)):\n{output}",
            pytrace=False,
        )
    return site
