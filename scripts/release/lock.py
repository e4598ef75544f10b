"""Regenerate the lock files: every package the project and its extras install, pinned, with
the hashes of every file pip may download.

    python -m scripts lock              # keep the pins that still fit; pin new ones
    python -m scripts lock --upgrade    # newest versions everywhere

Run it after changing a dependency in pyproject.toml. It writes two requirements files,
each resolved for every platform and Python version the project supports (``uv pip compile
--universal --generate-hashes``), and each with the build backend (pyproject.toml's
``[build-system] requires``: setuptools), so that the project itself installs without
fetching anything:

* ``requirements/lock.txt``: the project with all its extras (the tests, CI);
* ``requirements/docs.txt``: the project with its ``docs`` extra (building and serving the
  site), the same versions and hashes as lock.txt (resolved with it as a constraint).

Both are installed with hash checking, then the project without its dependencies (pip
cannot hash an editable install, and fetches nothing with ``--no-deps
--no-build-isolation``):

    python -m pip install --require-hashes -r requirements/lock.txt
    python -m pip install --no-deps --no-build-isolation -e .

as the README, .ci/run and the deploy workflow do. Where a version is free to choose it
prefers, in order, the one the lock already pins, the one installed in this environment
(so that a lock made here changes nothing here), then the newest. tests/unit/test_lock.py
checks the pins against pyproject.toml and that every pin has its hashes.

Needs uv (``python -m pip install uv``) and the package index.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCK = REPO_ROOT / "requirements" / "lock.txt"
DOCS = REPO_ROOT / "requirements" / "docs.txt"
COMMAND = "python -m scripts lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def normalize(name: str) -> str:
    """A distribution name as the index compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """name -> version of each ``name==version`` line (the first, if markers fork it)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        m = PIN.match(line)
        if m:
            found.setdefault(normalize(m.group(1)), m.group(2))
    return found


def installed() -> dict[str, str]:
    """name -> version of every distribution installed in this environment."""
    return {
        normalize(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
        if d.metadata["Name"]
    }


def build_requirements() -> str:
    """pyproject.toml's ``[build-system] requires``, one per line."""
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        return "".join(f"{r}\n" for r in tomllib.load(f)["build-system"]["requires"])


def lowest_python() -> str:
    """The lowest Python version pyproject.toml's ``requires-python`` admits."""
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        spec = tomllib.load(f)["project"]["requires-python"]
    m = re.fullmatch(r"\s*>=\s*(\d+(?:\.\d+)*)\s*", spec)
    if m is None:
        raise SystemExit(f"{COMMAND}: requires-python must be '>=VERSION', not {spec!r}")
    return m.group(1)


def uv_binary() -> str:
    try:
        from uv import find_uv_bin
    except ImportError:
        found = shutil.which("uv")
        if found:
            return found
        raise SystemExit(f"{COMMAND} needs uv: python -m pip install uv") from None
    return find_uv_bin()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--upgrade", action="store_true", help="ignore the current pins: newest versions"
    )
    args = parser.parse_args(argv)

    # uv takes the pins of the file it writes as preferences: seed it with the lock's
    # pins, then this environment's versions of what the lock does not pin yet.
    locked = pins(LOCK.read_text("utf-8")) if LOCK.is_file() else {}
    preferred = {} if args.upgrade else {**installed(), **locked}
    with tempfile.TemporaryDirectory(prefix="gd-lock-") as tmp:
        out = Path(tmp) / "lock.txt"
        out.write_text("".join(f"{n}=={v}\n" for n, v in sorted(preferred.items())), "utf-8")
        compile_lock(out, ["--all-extras"], args.upgrade)
        LOCK.parent.mkdir(parents=True, exist_ok=True)
        LOCK.write_text(out.read_text("utf-8"), "utf-8")
        # The docs subset: lock.txt's versions and hashes, as a constraint (uv annotates it
        # by the path given, so relative to the repository).
        docs = Path(tmp) / "docs.txt"
        constraint = LOCK.relative_to(REPO_ROOT).as_posix()
        compile_lock(docs, ["--extra", "docs", "--constraint", constraint], upgrade=False)
        DOCS.write_text(docs.read_text("utf-8"), "utf-8")
    for path in (LOCK, DOCS):
        count = len(pins(path.read_text("utf-8")))
        print(f"{path.relative_to(REPO_ROOT)}: {count} packages pinned, with hashes")
    return 0


def compile_lock(out: Path, selection: list[str], upgrade: bool) -> None:
    """``uv pip compile`` of pyproject.toml (``selection``: its extras) and the build
    backend into ``out`` (whose pins uv takes as preferences), with hashes."""
    cmd = [
        uv_binary(),
        "pip",
        "compile",
        "pyproject.toml",
        "-",  # the build backend, from stdin (annotated as nothing else needs it)
        *selection,
        "--universal",
        "--generate-hashes",
        # uv takes the lowest Python from here, not from requires-python.
        "--python-version",
        lowest_python(),
        "--quiet",
        "--output-file",
        str(out),
        "--custom-compile-command",
        COMMAND,
        *(["--upgrade"] if upgrade else []),
    ]
    proc = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        input=build_requirements(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{COMMAND}: uv pip compile failed (exit {proc.returncode})")
