"""site-patches' atomic_site.py: the site folder is replaced whole (issue 22 #4). The two
builds at once: tests/site/test_site_build.py."""

from __future__ import annotations

import os
from pathlib import Path

from sitebuild.patches import atomic_site
from sitebuild.patches.atomic_site import SiteSwap


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()
    }


def test_a_finished_build_replaces_the_site_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    swap = SiteSwap(site)
    assert swap.folder.parent == site.parent and swap.folder.name.startswith(".site.building-")
    (swap.folder / "index.html").write_text("new")
    assert tree(site) == {"old.html": "old"}  # untouched while the build runs
    swap.finish()
    assert tree(site) == {"index.html": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_first_build_creates_the_site(tmp_path: Path) -> None:
    swap = SiteSwap(tmp_path / "out" / "site")
    (swap.folder / "index.html").write_text("new")
    swap.finish()
    assert tree(tmp_path / "out" / "site") == {"index.html": "new"}


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    swap = SiteSwap(site)
    (swap.folder / "half.html").write_text("half")
    swap.abandon()
    assert tree(site) == {"index.html": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_site_keeps_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        swap = SiteSwap(tmp_path / "site")
    finally:
        os.umask(old)
    swap.finish()
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755  # mkdtemp's would be 0700


def test_a_killed_builds_folder_is_removed_by_the_next_build(tmp_path: Path) -> None:
    dead = tmp_path / ".site.building-999999999-abcd"  # no such process
    dead.mkdir()
    (dead / "half.html").write_text("half")
    mine = tmp_path / f".site.building-{os.getpid()}-abcd"  # a build still running
    mine.mkdir()
    SiteSwap(tmp_path / "site").abandon()
    assert not dead.exists() and mine.exists()


def test_without_an_exchange_two_renames_do_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(atomic_site, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    swap = SiteSwap(site)
    (swap.folder / "index.html").write_text("new")
    swap.finish()
    assert tree(site) == {"index.html": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
