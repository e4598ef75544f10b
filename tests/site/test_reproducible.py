"""Reproducible builds: two clean builds with the same SOURCE_DATE_EPOCH are byte-identical,
and ProperDocs builds the same site as MkDocs (apart from the generator tag).

The strong form of the claim: each build starts from a cold, separate figure cache (so every
SVG is rendered twice, in two processes), a different site folder, and a different
PYTHONHASHSEED (so nothing may depend on set or dict-of-str iteration order), with the
published site's configuration (SITE_URL set, so the sitemap and hreflang/canonical tags
are built too). The two builds run side by side to save time.

What keeps them identical: MkDocs reads SOURCE_DATE_EPOCH for its build date (pages'
``update_date``, the gzip header of sitemap.xml.gz); the sitemap override writes no
<lastmod>; gdcore's SVGs have fixed ids (``svg.hashsalt``) and no date in their metadata,
and gdcore draws with its own style over matplotlib's defaults: the second build runs with a
hostile ``MATPLOTLIBRC`` (HOSTILE_RC), which must not change a byte.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools import REPO_ROOT, build_failure, mkdocs_env

pytestmark = pytest.mark.slow

SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
SITE_URL = "https://example.github.io/gradient-descent/"
TIMEOUT = 600  # s, for the two cold builds together
HOSTILE_RC = """\
axes.linewidth: 3
lines.linewidth: 4
font.size: 15
axes.grid: True
axes.prop_cycle: cycler('color', ['r', 'g'])
figure.dpi: 200
savefig.bbox: tight
svg.fonttype: path
"""


def tree(root: Path) -> dict[str, str]:
    """site-relative path -> SHA-256 of the file's bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def show_difference(a: Path, b: Path, rel: str) -> str:
    """A short explanation of how one file differs between the two builds."""
    one, two = (a / rel).read_bytes(), (b / rel).read_bytes()
    note = ""
    if rel.endswith(".gz"):
        if one[4:8] != two[4:8]:
            note = (
                f"gzip header mtime {int.from_bytes(one[4:8], 'little')} != "
                f"{int.from_bytes(two[4:8], 'little')}\n"
            )
        one, two = gzip.decompress(one), gzip.decompress(two)
    try:
        lines1 = one.decode("utf-8").splitlines()
        lines2 = two.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        first = next((i for i, (x, y) in enumerate(zip(one, two, strict=False)) if x != y), None)
        return f"{note}binary: {len(one)} vs {len(two)} bytes, first difference at byte {first}"
    if len(lines1) <= 3 and len(lines2) <= 3:  # minified: cut the long line around the change
        s1, s2 = "\n".join(lines1), "\n".join(lines2)
        i = next((k for k, (x, y) in enumerate(zip(s1, s2, strict=False)) if x != y), 0)
        lines1, lines2 = [s1[max(0, i - 200) : i + 200]], [s2[max(0, i - 200) : i + 200]]
    diff = difflib.unified_diff(
        lines1, lines2, "build 1/" + rel, "build 2/" + rel, n=2, lineterm=""
    )
    return note + "\n".join(line[:300] for line in list(diff)[:40])


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    procs = []
    hostile = tmp_path / "matplotlibrc"
    hostile.write_text(HOSTILE_RC, encoding="utf-8")
    for k in (1, 2):
        site, cache = tmp_path / f"site-{k}", tmp_path / f"figure-cache-{k}"
        env = mkdocs_env(
            SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
            SITE_URL=SITE_URL,
            GDCORE_CACHE_DIR=str(cache),
            PYTHONHASHSEED=str(k),
            **({"MATPLOTLIBRC": str(hostile)} if k == 2 else {}),
        )
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        log = (tmp_path / f"build-{k}.log").open("w")
        procs.append(
            (
                site,
                log,
                subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
            )
        )
    for _, log, proc in procs:
        try:
            proc.wait(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
    for k, (_, log, proc) in enumerate(procs, 1):
        if proc.returncode != 0:
            pytest.fail(
                f"build {k} failed ({proc.returncode}):\n{Path(log.name).read_text()}",
                pytrace=False,
            )

    (a, _, _), (b, _, _) = procs
    first, second = tree(a), tree(b)
    assert (a / "sitemap.xml.gz").is_file(), "no sitemap.xml.gz: was SITE_URL ignored?"
    assert len(first) > 50, f"only {len(first)} files built"
    only = sorted(set(first) ^ set(second))
    assert not only, f"files in one build only: {only[:20]}"
    differing = [rel for rel in first if first[rel] != second[rel]]
    assert not differing, (
        f"{len(differing)} file(s) differ between two builds with SOURCE_DATE_EPOCH="
        f"{SOURCE_DATE_EPOCH}: {differing[:10]}\nfirst: {differing[0]}\n"
        + show_difference(a, b, differing[0])
    )


# ProperDocs, the maintained continuation of MkDocs 1.x, reads the same mkdocs.yml and runs
# the same plugins and hooks: its site differs only in <meta name="generator">.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def without_generator(path: Path) -> bytes:
    data = path.read_bytes()
    return GENERATOR.sub(b'<meta name="generator">', data) if path.suffix == ".html" else data


def test_properdocs_builds_the_same_site(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "properdocs-site"
    cmd = [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)]
    proc = subprocess.run(
        cmd, cwd=REPO_ROOT, env=mkdocs_env(), capture_output=True, text=True, timeout=TIMEOUT
    )
    failure = build_failure(proc)
    assert failure is None, failure.replace("`mkdocs build --strict`", "`properdocs build`")
    assert b"ProperDocs" in (site / "index.html").read_bytes(), "not built by ProperDocs?"

    mine, theirs = tree(built_site), tree(site)
    only = sorted(set(mine) ^ set(theirs))
    assert not only, f"files in one build only: {only[:20]}"
    differing = [
        rel
        for rel in mine
        if mine[rel] != theirs[rel]
        and without_generator(built_site / rel) != without_generator(site / rel)
    ]
    assert not differing, (
        f"{len(differing)} file(s) differ beyond the generator tag: {differing[:10]}\n"
        + show_difference(built_site, site, differing[0])
    )
