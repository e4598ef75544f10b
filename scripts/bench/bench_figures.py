"""Benchmark: how long gdcore takes to render every figure in both languages.

    python -m scripts bench figures [--repeat N]

1. cold: a fresh Python process (matplotlib import included) renders the lecture's six
   figures in both languages (``--all``: every figure of the site) into an empty folder
   with an empty cache (target: at most 1.5 s);
2. warm, in process: the same call again with nothing changed, served from the
   cache (target: at most 0.1 s; the site build calls the renderer per language);
3. warm, fresh process: `python -m gdcore render` with a filled cache, for reference.

Prints the minimum and median of N runs. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COLD = """
import sys, time
t0 = time.perf_counter()
from gdcore.figures import render_all
names = sys.argv[3].split(",") if sys.argv[3] else None
paths = render_all(sys.argv[1], names=names, cache_dir=sys.argv[2])
t1 = time.perf_counter()
render_all(sys.argv[1], names=names, cache_dir=sys.argv[2])
t2 = time.perf_counter()
print(len(paths), t1 - t0, t2 - t1)
"""


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=True, env=env
    )


def _lecture_figures() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from gdcore.scenarios import SCENARIOS

    return list(SCENARIOS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench figures", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--all",
        action="store_true",
        help="every figure the site shows (with the explorer's and stepper's frames), "
        "not only the lecture's six",
    )
    args = parser.parse_args(argv)
    repeat = args.repeat
    names = "" if args.all else ",".join(_lecture_figures())
    cold, warm, warm_cli = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            out, cache = Path(tmp, "out"), Path(tmp, "cache")
            start = time.perf_counter()
            n, _inside, again = _python("-c", COLD, str(out), str(cache), names).stdout.split()
            # wall time of the whole process: interpreter start and imports included
            cold.append(time.perf_counter() - start - float(again))
            warm.append(float(again))
            start = time.perf_counter()
            _python("-m", "gdcore", "render", "--out", str(out), *names.split(",") if names else ())
            warm_cli.append(time.perf_counter() - start)
    for label, values, target in (
        (f"cold render of {n} figures, fresh process", cold, None if args.all else 1.5),
        ("render again, nothing changed (in process)", warm, 0.1),
        ("render again, nothing changed (fresh CLI process)", warm_cli, None),
    ):
        goal = f"  target <= {target} s" if target else ""
        print(
            f"{label:52s} min {min(values):.3f} s  median {statistics.median(values):.3f} s{goal}"
        )
