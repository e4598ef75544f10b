"""requirements/lock.txt agrees with pyproject.toml, and every install uses it.

The lock (made by ``python scripts/lock.py``) is a pip constraints file: one ``==`` pin per
package (forked by environment markers where versions differ between Pythons or
platforms). Every requirement of the project and of each extra must be pinned within the
specifier pyproject.toml gives it; the README's commands, .ci/run and the deploy workflow
install with it.
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

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCK = REPO_ROOT / "requirements" / "lock.txt"
LOCK_OPTION = "-c requirements/lock.txt"


def project() -> dict:
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def requirements() -> list[Requirement]:
    """Every requirement of the project and its extras (the project's own extras left out)."""
    meta = project()
    found = [Requirement(r) for r in meta.get("dependencies", [])]
    for extra in meta.get("optional-dependencies", {}).values():
        found += [Requirement(r) for r in extra]
    own = canonicalize_name(meta["name"])
    return [r for r in found if canonicalize_name(r.name) != own]


def lock_pins() -> dict[str, list[tuple[str, Marker | None]]]:
    """name -> [(version, marker)] of the lock's lines; fails on a line that is no pin."""
    pins: dict[str, list[tuple[str, Marker | None]]] = {}
    for number, line in enumerate(LOCK.read_text("utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        req = Requirement(text)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"lock line {number}: {line!r}"
        assert not req.extras, f"lock line {number}: a constraints file takes no extras"
        assert req.url is None, f"lock line {number}: {line!r}"
        pins.setdefault(canonicalize_name(req.name), []).append((specs[0].version, req.marker))
    return pins


def test_lock_says_how_to_regenerate_it() -> None:
    head = LOCK.read_text("utf-8").splitlines()[:3]
    assert any("python scripts/lock.py" in line for line in head), head


def test_lock_pins_every_requirement_within_pyproject_specifier() -> None:
    pins = lock_pins()
    problems = []
    for req in requirements():
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req}: not in the lock")
            continue
        for version, marker in pins[name]:
            if not req.specifier.contains(version, prereleases=True):
                where = f" ; {marker}" if marker else ""
                problems.append(f"{req}: the lock pins {version}{where}")
    assert not problems, (
        "pyproject.toml and requirements/lock.txt disagree (run `python scripts/lock.py`):\n  "
        + "\n  ".join(problems)
    )


def test_environment_is_the_locked_one() -> None:
    """What this run of the tests uses is what the lock pins (as installed by the README)."""
    pins = lock_pins()
    differ = []
    for name, entries in pins.items():
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a pin for another platform, or constraints nothing here needs
        applies = [v for v, marker in entries if marker is None or marker.evaluate()]
        if applies and version not in applies:
            differ.append(f"{name}: installed {version}, locked {applies[0]}")
    assert not differ, (
        'reinstall with python -m pip install -c requirements/lock.txt -e ".[test]":\n  '
        + "\n  ".join(differ)
    )


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("README.md", r'python -m pip install -c requirements/lock\.txt -e "\.\[docs\]"'),
        ("README.md", r'python -m pip install -c requirements/lock\.txt -e "\.\[test\]"'),
        (".ci/run", r'pip install -q -c requirements/lock\.txt -e "\.\[test\]"'),
        (".github/workflows/publish.yml", r'pip install -c requirements/lock\.txt -e "\.\[test\]"'),
        (".github/workflows/publish.yml", r'pip install -c requirements/lock\.txt -e "\.\[docs\]"'),
    ],
)
def test_installs_use_the_lock(path: str, pattern: str) -> None:
    assert re.search(pattern, (REPO_ROOT / path).read_text("utf-8")), f"{path}: {pattern}"


def test_dependabot_keeps_the_lock_fresh() -> None:
    import yaml

    config = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    pip = [u for u in config["updates"] if u["package-ecosystem"] == "pip"]
    assert pip and pip[0]["directory"] == "/", config
