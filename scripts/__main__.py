"""The maintainer tasks, one command: ``python -m scripts TASK [OPTIONS]`` (from the repository).

    python -m scripts offline [-o ZIP]           the offline copy (a zip to open from files)
    python -m scripts pdf [--site DIR]           the PDF edition, one per language
    python -m scripts lock [--upgrade]           requirements/lock.txt, pinned with hashes
    python -m scripts verify-mathjax TGZ         the MathJax the build runs vs npm's release
    python -m scripts bench NAME [OPTIONS]       a benchmark: build, serve, pages, figures,
                                                 explorer

``python -m scripts TASK --help`` shows a task's own options.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# So that `python scripts ...` and `python -m scripts ...` from another folder (with the
# repository on PYTHONPATH) import the same package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TASKS = {
    "offline": ("scripts.release.offline", "build the offline copy of the site (a zip)"),
    "pdf": ("scripts.release.pdf", "build the PDF edition (one PDF per language)"),
    "lock": ("scripts.release.lock", "regenerate requirements/lock.txt (pins and hashes)"),
    "verify-mathjax": (
        "scripts.release.verify_mathjax",
        "compare the MathJax the build loads with npm's release",
    ),
}
BENCHMARKS = ("build", "serve", "pages", "figures", "explorer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts",
        description="The project's maintainer tasks.",
        epilog="`python -m scripts TASK --help` shows a task's own options.",
    )
    tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
    for name, (_, summary) in TASKS.items():
        tasks.add_parser(name, help=summary, add_help=False)
    bench = tasks.add_parser("bench", help="run a benchmark (not a test)", add_help=False)
    bench.add_argument("name", choices=BENCHMARKS, help="which benchmark")
    args, rest = parser.parse_known_args(argv)
    if args.task == "bench":
        module = importlib.import_module(f"scripts.bench.bench_{args.name}")
    else:
        module = importlib.import_module(TASKS[args.task][0])
    return module.main(rest) or 0


if __name__ == "__main__":
    raise SystemExit(main())
