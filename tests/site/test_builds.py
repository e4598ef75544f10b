"""Builds of their own: from another folder, with odd or hostile settings, at the same time,
killed, and with broken sources. Each problem ends the build with one line (no traceback)
and never leaves a half-written or mixed site."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from htmltags import Tags
from sitetools import REPO_ROOT, build_failure, build_site, copy_project, mkdocs_env

pytestmark = pytest.mark.slow


class Page(Tags):
    def __init__(self, site: Path, rel: str) -> None:
        self.rel = rel
        super().__init__((site / rel).read_text(encoding="utf-8"))


def one_line_with(output: str, needle: str) -> str:
    lines = [line for line in output.splitlines() if needle in line]
    assert len(lines) == 1, output
    assert "Traceback" not in output, output
    return lines[0]


def tree(site: Path) -> dict[str, str]:
    """site-relative path -> SHA-256 of every file."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_builds_from_another_directory(tmp_path: Path) -> None:
    """mkdocs.yml's paths are relative to its folder: `-f path/to/mkdocs.yml` works from
    anywhere and writes nothing into the working directory."""
    copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "../project/mkdocs.yml"]
    proc = subprocess.run(
        [*cmd, "--site-dir", "../site"],
        cwd=elsewhere,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    failure = build_failure(proc)
    assert failure is None, failure
    assert list(elsewhere.iterdir()) == []
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text("utf-8"))
    # Segmented with our user dictionary (学习率 is one word only thanks to it).
    assert any("\u200b学习率\u200b" in d["text"] for d in index["docs"])


def test_a_bad_footer_link_stops_the_build_in_one_line(tmp_path: Path) -> None:
    """The cases are tests/unit/test_links.py's; here, that the build stops on one."""
    proc = build_site(tmp_path / "site", REPO_URL="javascript:alert(1)")
    assert proc.returncode != 0, "REPO_URL=javascript:... was accepted"
    line = one_line_with(proc.stdout + proc.stderr, "must be an http(s) URL")
    assert "REPO_URL (mkdocs.yml extra.repository) " in line and "'javascript:alert(1)'" in line
    assert not (tmp_path / "site").exists()


def test_footer_links_are_escaped(tmp_path: Path) -> None:
    offline = 'copy"-<b>.zip'
    repo = "https://example.org/repo?a=1&b=2"
    proc = build_site(tmp_path / "site", OFFLINE_COPY=offline, REPO_URL=repo)
    failure = build_failure(proc)
    assert failure is None, failure
    page = Page(tmp_path / "site", "en/gradient-descent-intuition/index.html")
    [link] = [a for a in page.all("a") if "data-gd-offline-copy" in a]
    assert link["href"] == "../../" + offline
    assert "download" in link
    [source] = [a for a in page.all("a") if "data-gd-repository" in a]
    assert source["href"] == repo


# Issue 22 #2: SITE_URL reached 404.html raw (Material's __md_scope script, our href and
# data-prefix). A quote, an angle bracket and an apostrophe in its path:
HOSTILE_SITE_URL = "https://example.org/a\"><svg/onload=alert(1)>'x/"


def test_a_site_url_with_quotes_is_escaped_in_every_use_on_every_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = build_site(site, SITE_URL=HOSTILE_SITE_URL)
    assert build_failure(proc) is None, build_failure(proc)
    escaped = "https://example.org/a%22%3E%3Csvg/onload=alert(1)%3E%27x/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "404.html" in pages and len(pages) >= 7
    for rel in pages:
        text = (site / rel).read_text(encoding="utf-8")
        page = Page(site, rel)
        events = [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
        assert not events, f"{rel}: event attributes {events}"
        assert "<svg/onload" not in text and 'x"><svg' not in text, rel
        canonical = [a["href"] for a in page.links("canonical")]
        if rel != "404.html":
            assert canonical and canonical[0].startswith(escaped), (rel, canonical)
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '__md_scope=new URL("/a%22%3E%3Csvg/onload=alert(1)%3E%27x/",location)' in not_found
    sections = [a["data-prefix"] for a in Page(site, "404.html").all("section")]
    assert sections == [
        "/a%22%3E%3Csvg/onload=alert(1)%3E%27x/",
        "/a%22%3E%3Csvg/onload=alert(1)%3E%27x/en/",
    ]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert escaped in sitemap and "<svg" not in sitemap


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('https://exa"mple.org/', "is not a host name"),
        ("https://example.org/site/?q=<x>", "without a query or fragment"),
    ],
)
def test_a_site_url_that_is_no_address_stops_the_build_in_one_line(tmp_path, value, says):
    proc = build_site(tmp_path / "site", SITE_URL=value)
    assert proc.returncode != 0
    line = one_line_with(proc.stdout + proc.stderr, says)
    assert line.startswith("ERROR") and "SITE_URL (mkdocs.yml site_url)" in line
    assert not (tmp_path / "site").exists()


# Issue 22 #4: two builds into one site folder at once; a killed build.


def start_build(project: Path, site: Path, log: Path, **env: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    with log.open("w") as out:
        return subprocess.Popen(
            cmd, cwd=project, env=mkdocs_env(**env), stdout=out, stderr=subprocess.STDOUT
        )


def repository_links(site: Path) -> set[str]:
    found = set()
    for path in site.rglob("*.html"):
        for attrs in Tags(path.read_text(encoding="utf-8")).all("a"):
            if "data-gd-repository" in attrs:
                found.add(attrs["href"])
    return found


def test_two_builds_into_one_site_folder_at_once_leave_one_whole_site(
    tmp_path: Path, built_site: Path
) -> None:
    site = tmp_path / "site"
    builds = [
        (
            start_build(
                REPO_ROOT, site, tmp_path / f"{k}.log", REPO_URL=f"https://example.org/{k}"
            ),
            k,
        )
        for k in ("a", "b")
    ]
    for proc, k in builds:
        proc.wait(timeout=600)
        log = (tmp_path / f"{k}.log").read_text()
        assert proc.returncode == 0, f"build {k}:\n{log}"
        assert "Traceback" not in log, log
    # One build's site, whole: every file a build writes, the links of one build only.
    assert set(tree(site)) == set(tree(built_site))
    assert repository_links(site) in ({"https://example.org/a"}, {"https://example.org/b"})
    assert re.search(r'<html lang="zh-CN"', (site / "404.html").read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_killed_build_leaves_the_previous_site_as_it_was(
    tmp_path: Path, built_site: Path
) -> None:
    site = shutil.copytree(built_site, tmp_path / "site")  # the previous site
    before = tree(site)
    build = start_build(REPO_ROOT, site, tmp_path / "killed.log", REPO_URL="https://x.org/y")
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site.building-*/assets")):
        assert build.poll() is None and time.monotonic() < deadline, "no build folder seen"
        time.sleep(0.05)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert tree(site) == before, "the killed build changed the site"
    again = build_site(site, REPO_URL="https://example.org/again")
    assert build_failure(again) is None, build_failure(again)
    assert repository_links(site) == {"https://example.org/again"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_failed_build_leaves_the_previous_site_as_it_was(
    tmp_path: Path, built_site: Path
) -> None:
    project = copy_project(tmp_path / "project")
    site = shutil.copytree(built_site, tmp_path / "site")  # the previous site
    before = tree(site)
    page = project / "docs" / "gradient-descent-intuition" / "summary.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", "utf-8")
    proc = build_site(site, project)
    assert proc.returncode != 0, "a strict build with a broken link succeeded"
    assert tree(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


# Issue 22 #7 and #13: the sources.


def test_a_page_that_is_not_utf8_is_one_line_with_file_and_byte(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "gradient-descent-intuition" / "summary.zh.md"
    data = page.read_bytes()
    offset = data.index("要点".encode())
    page.write_bytes(data[:offset] + b"\xff" + data[offset:])
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0
    line = one_line_with(proc.stdout + proc.stderr, "not valid UTF-8")
    assert (
        f"docs/gradient-descent-intuition/summary.zh.md: not valid UTF-8 at byte {offset}" in line
    ), line


def test_a_page_missing_in_one_language_fails_the_strict_build_naming_it(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "gradient-descent-intuition" / "summary.en.md").unlink()
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0, (
        "the strict build succeeded without docs/gradient-descent-intuition/summary.en.md"
    )
    line = one_line_with(proc.stdout + proc.stderr, "is missing")
    assert (
        "docs/gradient-descent-intuition/summary.en.md is missing" in line
        and "gradient-descent-intuition/summary.zh.md" in line
    ), line
    assert not (tmp_path / "site").exists()
