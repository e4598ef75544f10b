"""The lock files agree with pyproject.toml, carry a hash for every pin, and every install
uses them with hash checking.

``python -m scripts lock`` writes requirements/lock.txt (the project with all its extras)
and requirements/docs.txt (its docs extra, the same versions): one ``==`` pin per package
(forked by environment markers where versions differ between Pythons or platforms), each
with the ``--hash=sha256:...`` of every file pip may download for it, and the build
backend, so that ``pip install --no-deps --no-build-isolation -e .`` fetches nothing.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCK = REPO_ROOT / "requirements" / "lock.txt"
DOCS = REPO_ROOT / "requirements" / "docs.txt"
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})$")
# Build tools: the lock installs them for `--no-build-isolation`; no test runs them, so the
# environment check below does not ask this machine's build tools to be the locked ones.
BUILD_TOOLS = {"setuptools", "wheel", "pip"}


def project() -> dict:
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def requirements(extras: list[str] | None = None) -> list[Requirement]:
    """The project's requirements and those of ``extras`` (all, if None), its own left out."""
    meta = project()["project"]
    found = [Requirement(r) for r in meta.get("dependencies", [])]
    for name, extra in meta.get("optional-dependencies", {}).items():
        if extras is None or name in extras:
            found += [Requirement(r) for r in extra]
    found += [Requirement(r) for r in project()["build-system"]["requires"]]
    own = canonicalize_name(meta["name"])
    return [r for r in found if canonicalize_name(r.name) != own]


def entries(path: Path) -> list[tuple[int, Requirement, list[str]]]:
    """(line, requirement, hashes) of every pin of a lock file; fails on anything else."""
    found = []
    logical, start = "", 0
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip() if not line.strip().startswith("--hash") else line
        if not logical:
            start = number
        logical += " " + text.strip().removesuffix("\\").strip()
        if text.rstrip().endswith("\\"):
            continue
        parts = logical.split()
        logical = ""
        if not parts:
            continue
        hashes = [HASH.match(p).group(1) for p in parts if p.startswith("--hash")]
        assert all(p.startswith("--hash") for p in parts[1:] if p.startswith("--")), parts
        spec = " ".join(p for p in parts if not p.startswith("--hash"))
        found.append((start, Requirement(spec), hashes))
    return found


def lock_pins(path: Path = LOCK) -> dict[str, list[tuple[str, Marker | None]]]:
    """name -> [(version, marker)] of a lock file's pins."""
    pins: dict[str, list[tuple[str, Marker | None]]] = {}
    for number, req, _ in entries(path):
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}:{number}: {req}"
        assert not req.extras and req.url is None, f"{path.name}:{number}: {req}"
        pins.setdefault(canonicalize_name(req.name), []).append((specs[0].version, req.marker))
    return pins


@pytest.mark.parametrize("path", [LOCK, DOCS], ids=lambda p: p.name)
def test_the_lock_says_how_to_regenerate_it(path: Path) -> None:
    head = path.read_text("utf-8").splitlines()[:3]
    assert any("python -m scripts lock" in line for line in head), head


@pytest.mark.parametrize("path", [LOCK, DOCS], ids=lambda p: p.name)
def test_every_pin_has_its_hashes(path: Path) -> None:
    """pip's --require-hashes refuses a pin without a hash; uv writes one per file (sdist
    and each wheel), so a pin usually has several."""
    found = entries(path)
    assert len(found) > 20
    unhashed = [f"{path.name}:{n}: {req}" for n, req, hashes in found if not hashes]
    assert not unhashed, unhashed


def test_the_hash_check_is_real(tmp_path: Path) -> None:
    """entries() reads a pin without a hash as one: test_every_pin_has_its_hashes can fail."""
    lock = tmp_path / "lock.txt"
    lock.write_text("a==1 \\\n    --hash=sha256:" + "0" * 64 + "\nb==2\n    # via a\n", "utf-8")
    assert [(str(r), len(h)) for _, r, h in entries(lock)] == [("a==1", 1), ("b==2", 0)]


@pytest.mark.parametrize(("path", "extras"), [(LOCK, None), (DOCS, ["docs"])], ids=["lock", "docs"])
def test_the_lock_pins_every_requirement_within_pyproject_specifier(path, extras) -> None:
    pins = lock_pins(path)
    problems = []
    for req in requirements(extras):
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req}: not in {path.name}")
            continue
        for version, marker in pins[name]:
            if not req.specifier.contains(version, prereleases=True):
                where = f" ; {marker}" if marker else ""
                problems.append(f"{req}: {path.name} pins {version}{where}")
    assert not problems, (
        "pyproject.toml and the lock disagree (run `python -m scripts lock`):\n  "
        + "\n  ".join(problems)
    )


def test_the_docs_lock_is_the_full_locks_versions_and_hashes() -> None:
    full = {(str(r), tuple(sorted(h))) for _, r, h in entries(LOCK)}
    docs = {(str(r), tuple(sorted(h))) for _, r, h in entries(DOCS)}
    assert docs <= full, sorted(docs - full)[:5]


def test_environment_is_the_locked_one() -> None:
    """What this run of the tests uses is what the lock pins (as installed by the README)."""
    pins = lock_pins()
    differ = []
    for name, pinned in pins.items():
        if name in BUILD_TOOLS:
            continue
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a pin for another platform, or constraints nothing here needs
        applies = [v for v, marker in pinned if marker is None or marker.evaluate()]
        if applies and version not in applies:
            differ.append(f"{name}: installed {version}, locked {applies[0]}")
    assert not differ, (
        "reinstall with python -m pip install --require-hashes -r requirements/lock.txt:\n  "
        + "\n  ".join(differ)
    )


HASHED = r"python -m pip install (-q )?--require-hashes -r requirements/{}\.txt"
PROJECT = r"python -m pip install (-q )?--no-deps --no-build-isolation -e \."


@pytest.mark.parametrize(
    ("path", "lock"),
    [
        ("README.md", "docs"),
        ("README.md", "lock"),
        (".ci/run", "lock"),
        # Both jobs of the workflow install the whole lock (the build job's PDF edition
        # drives Chromium with Playwright).
        (".github/workflows/publish.yml", "lock"),
    ],
)
def test_installs_check_every_file_then_add_the_project(path: str, lock: str) -> None:
    text = (REPO_ROOT / path).read_text("utf-8")
    match = re.search(HASHED.format(lock), text)
    assert match, f"{path}: no hash-checked install of requirements/{lock}.txt"
    assert re.search(PROJECT, text[match.end() :]), f"{path}: the project is not installed after"
    assert '-c requirements/lock.txt -e "' not in text, f"{path}: an install without hashes"


def test_dependabot_keeps_the_lock_fresh() -> None:
    import yaml

    config = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    pip = [u for u in config["updates"] if u["package-ecosystem"] == "pip"]
    assert pip and pip[0]["directory"] == "/", config
