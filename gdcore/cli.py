"""The command line for authors: ``python -m gdcore list | render | run``.

Bad arguments exit with status 2 and one line on stderr; a figure that cannot
be drawn correctly exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from gdcore.costs import COSTS
from gdcore.descent import DEFAULT_TOLERANCE, MAX_STEPS, descend

__all__ = ["main"]


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# Options whose value is a number. argparse takes a value that starts with "-" for an
# option unless it looks like a plain negative number, so "-1e-3" and "-2E2" were refused
# ("expected one argument"); such a value is attached to its option ("--theta0=-1e-3").
_NUMBER_OPTIONS = frozenset({"--alpha", "--theta0", "--tolerance", "--steps"})


def _attach_negative_numbers(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            out.extend([arg, *args])
            break
        out.append(arg)
        if arg in _NUMBER_OPTIONS:
            value = next(args, None)
            if value is None:
                break
            if value.startswith("-") and _is_number(value):
                out[-1] = f"{arg}={value}"
            else:
                out.append(value)
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _parser() -> _Parser:
    parser = _Parser(prog="python -m gdcore", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = commands.add_parser("list", help="the figures and what each shows")
    listing.add_argument("--lang", choices=["en", "zh"], default="en")

    render = commands.add_parser("render", help="write the figures as SVG files")
    render.add_argument("--out", required=True, help="folder to write into (created)")
    render.add_argument("--lang", choices=["en", "zh", "all"], default="all")
    render.add_argument("--no-cache", action="store_true", help="draw every figure again")
    render.add_argument("names", nargs="*", metavar="NAME", help="figures (default: all)")

    run = commands.add_parser("run", help="print the iterates of one run")
    run.add_argument("--alpha", type=_number, required=True, help="learning rate, > 0")
    run.add_argument("--theta0", type=_number, required=True, help="where θ starts")
    run.add_argument("--steps", default="50", help=f"at most this many steps (0..{MAX_STEPS})")
    run.add_argument("--cost", choices=sorted(COSTS), default="lecture")
    run.add_argument("--tolerance", type=_number, default=DEFAULT_TOLERANCE)
    return parser


def _steps(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise UsageError(f"steps must be an integer from 0 to {MAX_STEPS}, got {text!r}") from None


def _list(lang: str) -> int:
    from gdcore.scenarios import FIGURES
    from gdcore.text import fill

    width = max(map(len, FIGURES))
    for name, scenario in FIGURES.items():
        title = fill(scenario.title[lang], scenario, lang)
        print(f"{name:<{width}}  section {scenario.section}  {title}")
    return 0


def _output_folder(out: str) -> Path:
    """``--out`` as a folder that exists or can be created, else a UsageError."""
    if not out.strip():
        raise UsageError("--out must name a folder, got ''")
    path = Path(out)
    for folder in (path, *path.parents):
        if folder.exists():
            if not folder.is_dir():
                raise UsageError(f"--out must name a folder; {str(folder)!r} is a file")
            break
    return path


def _render(out: str, lang: str, names: list[str], no_cache: bool) -> int:
    from gdcore.figures import LANGS, render_all
    from gdcore.scenarios import get

    folder = _output_folder(out)
    for name in names:
        get(name)  # an unknown name is a usage error, before anything is drawn
    langs = LANGS if lang == "all" else (lang,)
    for path in render_all(folder, langs, names or None, use_cache=not no_cache):
        print(path)
    return 0


def _run(alpha: float, theta0: float, steps: str, cost_id: str, tolerance: float) -> int:
    run = descend(COSTS[cost_id], alpha, theta0, _steps(steps), tolerance)
    print(f"cost {cost_id}, alpha {run.alpha:g}, theta0 {run.theta0:g}")
    print(f"{'k':>5}  {'theta':>14}  {'J(theta)':>14}  {'slope':>14}  {'step':>14}")
    for k, (theta, j, slope) in enumerate(zip(run.theta, run.J, run.slope, strict=True)):
        step = f"{run.step[k]:14.6g}" if k < run.n_steps else f"{'':14}"
        print(f"{k:>5}  {theta:14.6g}  {j:14.6g}  {slope:14.6g}  {step}")
    steps = "step" if run.n_steps == 1 else "steps"
    print(f"{run.status.value} after {run.n_steps} {steps}: theta = {run.final_theta:.6g}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from gdcore.figures import FigureError

    try:
        if argv is None:
            argv = sys.argv[1:]
        args = _parser().parse_args(_attach_negative_numbers(argv))
        if args.command == "list":
            return _list(args.lang)
        if args.command == "render":
            return _render(args.out, args.lang, args.names, args.no_cache)
        return _run(args.alpha, args.theta0, args.steps, args.cost, args.tolerance)
    except (UsageError, ValueError) as error:
        print(f"gdcore: error: {error}", file=sys.stderr)
        return 2
    except FigureError as error:
        print(f"gdcore: figure failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"gdcore: error: {error}", file=sys.stderr)
        return 1
