"""The command line for authors: ``python -m gdcore list | render | run | facts``.

It reads the lectures of a site: every folder of ``--docs`` (default ``docs``) holding a
``lecture.yml``, or the one ``--lecture`` names, with the languages of ``--languages``
(default ``DOCS/languages``: one ``LANG.yml`` per language). Bad arguments, and a
declaration that is wrong, exit with status 2 and one line on stderr; a figure that cannot
be drawn correctly exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from gdcore.descent import DEFAULT_TOLERANCE, MAX_STEPS, descend

__all__ = ["COMMANDS", "main"]

COMMANDS = ("list", "facts", "render", "run")


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
            if value.startswith("-") and _is_numbers(value):
                out[-1] = f"{arg}={value}"
            else:
                out.append(value)
    return out


def _is_numbers(text: str) -> bool:
    try:
        [float(part) for part in text.split(",")]
    except ValueError:
        return False
    return True


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _point(text: str) -> float | tuple[float, ...]:
    """θ0: a number, or numbers separated by commas (one per parameter): 1.5,-0.2."""
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a number, or numbers separated by commas: {text!r}"
        ) from None
    return values[0] if len(values) == 1 else values


def _parser() -> _Parser:
    parser = _Parser(prog="python -m gdcore", description=__doc__.splitlines()[0])
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--docs", default="docs", help="the site's pages (default: docs)")
    where.add_argument("--lecture", help="one lecture's folder (default: every one in --docs)")
    where.add_argument("--languages", help="the languages' words (default: DOCS/languages)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = commands.add_parser("list", parents=[where], help="the figures and what each shows")
    listing.add_argument("--lang", default="en")

    facts = commands.add_parser("facts", parents=[where], help="the facts pages may name")
    facts.add_argument("--lang", default="en")

    render = commands.add_parser("render", parents=[where], help="write the figures as SVG")
    render.add_argument("--out", required=True, help="folder to write into (OUT/LECTURE/...)")
    render.add_argument("--lang", default="all", help="a language, or all (default)")
    render.add_argument("--no-cache", action="store_true", help="draw every figure again")
    render.add_argument("names", nargs="*", metavar="NAME", help="figures (default: all)")

    run = commands.add_parser("run", parents=[where], help="print the iterates of one run")
    run.add_argument("--alpha", type=_number, required=True, help="learning rate, > 0")
    run.add_argument(
        "--theta0", type=_point, required=True, help="where θ starts (1.5, or 1.5,-0.2)"
    )
    run.add_argument("--steps", default="50", help=f"at most this many steps (0..{MAX_STEPS})")
    run.add_argument("--cost", help="a cost of the lectures, NAME or LECTURE:NAME")
    run.add_argument("--tolerance", type=_number, default=DEFAULT_TOLERANCE)
    return parser


def _steps(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise UsageError(f"steps must be an integer from 0 to {MAX_STEPS}, got {text!r}") from None


def _lectures(args: argparse.Namespace) -> list:
    from gdcore.lecture import DECLARATIONS, load_lecture
    from gdcore.words import load_languages

    docs = Path(args.docs)
    folders = (
        [Path(args.lecture)]
        if args.lecture
        else sorted(p.parent for p in docs.glob(f"*/{DECLARATIONS}"))
    )
    if not folders:
        raise UsageError(f"no lecture in {str(docs)!r} (a folder with {DECLARATIONS}); see --docs")
    for folder in folders:
        if not (folder / DECLARATIONS).is_file():
            raise UsageError(f"--lecture: {str(folder)!r} has no {DECLARATIONS}")
    languages = Path(args.languages) if args.languages else docs / "languages"
    langs = sorted(p.stem for p in languages.glob("*.yml"))
    if not langs:
        raise UsageError(f"no language in {str(languages)!r} (LANG.yml files); see --languages")
    words = load_languages(languages, langs)
    return [load_lecture(folder, words) for folder in folders]


def _lang(lecture, lang: str) -> str:
    if lang not in lecture.langs:
        raise UsageError(f"--lang must be one of {', '.join(lecture.langs)}, got {lang!r}")
    return lang


def _list(lectures: list, lang: str) -> int:
    for lecture in lectures:
        _lang(lecture, lang)
        if len(lectures) > 1:
            print(f"# {lecture.name}")
        width = max(map(len, lecture.figures))
        for name, figure in lecture.figures.items():
            section = f"section {figure.section}" if figure.section is not None else ""
            print(f"{name:<{width}}  {section}  {lecture.caption(name, lang)}")
    return 0


def _facts(lectures: list, lang: str) -> int:
    from gdcore.facts import FactError

    for lecture in lectures:
        book = lecture.facts(_lang(lecture, lang))
        if len(lectures) > 1:
            print(f"# {lecture.name}")
        width = max(map(len, book))
        for name in book:
            try:
                shown = book[name].text
            except FactError as error:
                shown = f"(cannot be computed: {error})"
            print(f"{name:<{width}}  {shown}")
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


def _render(lectures: list, out: str, lang: str, names: list[str], no_cache: bool) -> int:
    from gdcore.render import render

    folder = _output_folder(out)
    known = {n for lecture in lectures for n in lecture.figures}
    for name in names:  # before anything is drawn
        if name not in known:
            raise UsageError(f"unknown figure {name!r}; see python -m gdcore list")
    for lecture in lectures:
        mine = [n for n in names if n in lecture.figures]
        if names and not mine:
            continue
        langs = lecture.langs if lang == "all" else (_lang(lecture, lang),)
        for path in render(
            folder / lecture.name, lecture, langs, mine or None, use_cache=not no_cache
        ):
            print(path)
    return 0


def _cost(lectures: list, chosen: str | None):
    costs = {
        (lecture.name, name): cost for lecture in lectures for name, cost in lecture.costs.items()
    }
    if not costs:
        raise UsageError("the lectures declare no cost")
    if chosen is None:
        return next(iter(costs.values()))
    lecture_name, _, name = chosen.rpartition(":")
    found = [c for (lec, n), c in costs.items() if n == name and lecture_name in ("", lec)]
    if len(found) != 1:
        known = ", ".join(sorted({n for _, n in costs}))
        what = "names costs of several lectures; write LECTURE:NAME" if found else "is no cost"
        raise UsageError(f"--cost {chosen!r} {what} (the costs: {known})")
    return found[0]


def _run(lectures: list, args: argparse.Namespace) -> int:
    cost = _cost(lectures, args.cost)
    run = descend(cost, args.alpha, args.theta0, _steps(args.steps), args.tolerance)
    start = ", ".join(f"{t:g}" for t in run.theta0)
    print(f"cost {cost.id}, alpha {run.alpha:g}, theta0 {start}")
    names = (
        ["theta", "slope", "step"]
        if cost.dim == 1
        else [
            *(f"theta{i}" for i in range(cost.dim)),
            *(f"grad{i}" for i in range(cost.dim)),
            "step size",
        ]
    )
    heads = [f"{'k':>5}", *(f"{n:>14}" for n in names[: cost.dim]), f"{'J(theta)':>14}"]
    heads += [f"{n:>14}" for n in names[cost.dim :]]
    print("  ".join(heads))
    for k, (theta, j, grad) in enumerate(zip(run.theta, run.J, run.grad, strict=True)):
        step = (
            (f"{run.step[k][0]:14.6g}" if cost.dim == 1 else f"{run.step_sizes[k]:14.6g}")
            if k < run.n_steps
            else f"{'':14}"
        )
        cells = [f"{k:>5}", *(f"{t:14.6g}" for t in theta), f"{j:14.6g}"]
        cells += [*(f"{g:14.6g}" for g in grad), step]
        print("  ".join(cells))
    steps = "step" if run.n_steps == 1 else "steps"
    final = ", ".join(f"{t:.6g}" for t in run.final_theta)
    print(f"{run.status.value} after {run.n_steps} {steps}: theta = {final}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from gdcore.errors import FigureError

    try:
        if argv is None:
            argv = sys.argv[1:]
        args = _parser().parse_args(_attach_negative_numbers(argv))
        lectures = _lectures(args)
        if args.command == "list":
            return _list(lectures, args.lang)
        if args.command == "facts":
            return _facts(lectures, args.lang)
        if args.command == "render":
            return _render(lectures, args.out, args.lang, args.names, args.no_cache)
        return _run(lectures, args)
    except (UsageError, ValueError) as error:
        print(f"gdcore: error: {error}", file=sys.stderr)
        return 2
    except FigureError as error:
        print(f"gdcore: figure failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"gdcore: error: {error}", file=sys.stderr)
        return 1
