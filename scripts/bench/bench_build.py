"""Benchmark the site build (not a test): python -m scripts bench build [--runs N].

On a throwaway copy of the project (docs/, gdcore/, scripts/, mkdocs.yml), it measures:

1. a clean ``mkdocs build --strict`` of both languages with every figure: cold, as on a
   fresh clone (an empty GDCORE_CACHE_DIR and no ``.cache/``, so the search dictionary is
   written too), and warm (both caches kept from the cold build); target ≤ 4 s;
2. a rebuild after editing only a Markdown file, in one process as under ``mkdocs serve``
   (with a second thread alive, as serve has): it must draw no figure again. A draw in
   this process is counted at matplotlib's ``Figure.savefig``; one in gdcore's drawing
   processes shows as a change to the figure cache directory, which must stay unchanged.

Prints the numbers; exits 1 if the Markdown-only rebuild drew a figure or a build failed,
and also if a build is over the target when --enforce-target is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from scripts.testing.sitetools import build_failure, build_site, copy_project, mkdocs_env

TARGET_S = 4.0


def cache_state(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("*")} if cache.is_dir() else {}


def timed_build(project: Path, site: Path, cache: Path) -> float:
    t0 = time.perf_counter()
    proc = build_site(site, project, GDCORE_CACHE_DIR=str(cache))
    elapsed = time.perf_counter() - t0
    failure = build_failure(proc)
    if failure:
        sys.exit(failure)
    figures = sorted((site / "figures").glob("*.svg"))
    if not figures:
        sys.exit("the build wrote no figure")
    return elapsed


def in_process_rebuild(project: Path, site: Path, cache: Path) -> tuple[float, float, int, bool]:
    """Build, edit a Markdown file, build again in this process (like `mkdocs serve`).

    Returns (first build s, rebuild s, figures drawn during the rebuild, cache unchanged).
    """
    # mkdocs serve runs its builds beside other threads: gdcore must cope with that too.
    stop = threading.Event()
    companion = threading.Thread(target=stop.wait, daemon=True)
    companion.start()
    try:
        return _rebuild(project, site, cache)
    finally:
        stop.set()
        companion.join()


def _rebuild(project: Path, site: Path, cache: Path) -> tuple[float, float, int, bool]:
    os.environ.clear()
    os.environ.update(mkdocs_env(GDCORE_CACHE_DIR=str(cache)))
    os.chdir(project)  # as an author runs it, from the project folder
    import logging

    from matplotlib.figure import Figure
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    drawn = 0
    savefig = Figure.savefig

    def counting_savefig(self, *args, **kwargs):
        nonlocal drawn
        drawn += 1
        return savefig(self, *args, **kwargs)

    def one_build() -> float:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        t0 = time.perf_counter()
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return time.perf_counter() - t0

    first = one_build()
    before = cache_state(cache)
    page = project / "docs" / "lecture.zh.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n<!-- bench edit -->\n", "utf-8")
    Figure.savefig = counting_savefig
    try:
        second = one_build()
    finally:
        Figure.savefig = savefig
    return first, second, drawn, cache_state(cache) == before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench build", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement")
    parser.add_argument("--enforce-target", action="store_true", help=f"fail over {TARGET_S} s")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gd-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        cold, warm = [], []
        for i in range(args.runs):
            cache = tmp / f"cache-{i}"  # fresh: every figure is drawn
            shutil.rmtree(project / ".cache", ignore_errors=True)  # the jieba dictionary
            cold.append(timed_build(project, tmp / f"site-cold-{i}", cache))
            warm.append(timed_build(project, tmp / f"site-warm-{i}", cache))
        n_figures = len(list((tmp / "site-cold-0" / "figures").glob("*.svg")))

        def show(label: str, values: list[float]) -> None:
            verdict = "ok" if min(values) <= TARGET_S else f"OVER the {TARGET_S:g} s target"
            print(
                f"{label:<34} min {min(values):5.2f} s  median {statistics.median(values):5.2f} s"
                f"  max {max(values):5.2f} s  ({verdict})"
            )

        print(f"mkdocs build --strict, zh + en, {n_figures} figure files, {args.runs} run(s):")
        show("clean build, no caches (cold)", cold)
        show("clean build, caches kept (warm)", warm)

        first, second, drawn, unchanged = in_process_rebuild(
            project, tmp / "site-serve", tmp / "cache-0"
        )
        print(f"{'in-process build (warm cache)':<34} {first:5.2f} s")
        print(
            f"{'rebuild after a Markdown edit':<34} {second:5.2f} s, figures drawn: {drawn}, "
            f"figure cache {'unchanged' if unchanged else 'CHANGED'}"
        )

    failed = drawn != 0 or not unchanged
    if failed:
        print("FAIL: a Markdown-only rebuild drew figures again")
    if args.enforce_target and (min(cold) > TARGET_S or min(warm) > TARGET_S):
        print(f"FAIL: a clean build is over {TARGET_S:g} s")
        failed = True
    return 1 if failed else 0
