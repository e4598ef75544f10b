"""Rendering: figures to SVG files, through the cache, in parallel where it pays.

``figure_files`` resolves each figure (``spec.resolve``), takes what the cache holds,
draws the rest (in the drawing processes of ``workers`` when there are several) and gives
each file's bytes; ``render`` and ``render_all`` write them; ``render_ahead`` starts
drawing before the caller needs the files.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

from gdcore import scenarios as _scenarios
from gdcore import workers as _workers
from gdcore.cache import FigureCache, cache_path, drawing_digest
from gdcore.errors import FigureError
from gdcore.scenarios import FIGURES, LANGS, Scenario
from gdcore.spec import AxesSpec, FigureSpec, resolve
from gdcore.svgfile import dark_variant, figure_svg
from gdcore.text import check_lang

__all__ = [
    "FIGURE_NAMES",
    "LANGS",
    "dark_path",
    "draw_group",
    "figure_files",
    "render",
    "render_ahead",
    "render_all",
    "size",
    "svg",
]

FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)

_Key = tuple[str, str]  # (figure name, language)

# Specs resolved by this import of gdcore: a build under `mkdocs serve` runs render_all
# again on every rebuild, and a scenario is immutable, so an unchanged one (the same
# object) is not resolved again. An edit to gdcore re-imports it, and this starts empty.
_resolved: dict[_Key, tuple[Scenario, FigureSpec]] = {}


def _resolve(name: str, lang: str) -> FigureSpec:
    """Figure ``name`` in ``lang`` resolved (see _resolved)."""
    scenario = _scenarios.get(name)
    known = _resolved.get((name, lang))
    if known is not None and known[0] is scenario:
        return known[1]
    spec = _resolve_now(name, lang)
    _resolved[name, lang] = (scenario, spec)
    return spec


def _resolve_now(name: str, lang: str) -> FigureSpec:
    """Figure ``name`` in ``lang`` resolved; FigureError naming it if its data or words are
    wrong (an unknown placeholder, a run that cannot be computed)."""
    scenario = _scenarios.get(name)
    try:
        return resolve(scenario, lang)
    except FigureError as error:
        raise error.about(name, lang) from error.__cause__
    except (ValueError, KeyError, TypeError, ArithmeticError) as error:
        raise FigureError(str(error), name, lang) from error


def svg(name: str, lang: str) -> str:
    """The finished SVG text of figure ``name`` in ``lang`` (no cache)."""
    check_lang(lang)
    return figure_svg(_resolve_now(name, lang))


def size(name: str, lang: str) -> tuple[float, float]:
    """Width and height of figure ``name`` in ``lang``, in SVG user units (its viewBox),
    known without drawing it: a page reserves the space before the file arrives."""
    from gdcore.draw import figure_size

    width, height = figure_size(_resolve(name, lang).axes.legend_rows)
    return round(width * 72, 3), round(height * 72, 3)


def dark_path(out_dir: str | os.PathLike[str], name: str, lang: str) -> Path:
    """Where the dark-palette twin of figure ``name`` in ``lang`` is written."""
    return Path(out_dir) / f"{name}.dark.{lang}.svg"


def draw_group(specs: list[FigureSpec]) -> list[bytes]:
    """Draw ``specs`` in order (in this process): each figure's SVG bytes."""
    out = []
    for spec in specs:
        try:
            out.append(figure_svg(spec).encode())
        except FigureError:
            raise
        except Exception as error:  # a bug in the drawing: still say which figure
            raise FigureError(f"{type(error).__name__}: {error}", spec.name, spec.lang) from error
    return out


def _groups(specs: list[FigureSpec]) -> list[list[FigureSpec]]:
    """``specs`` in groups that share one set of axes, largest first: the units handed to
    the drawing processes, so that each set of axes is built in one process only."""
    groups: dict[AxesSpec, list[FigureSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.axes, []).append(spec)
    return sorted(groups.values(), key=lambda group: -len(group))


_Batch = list[tuple[list[FigureSpec], Future[list[bytes]]]]


def _submit(specs: list[FigureSpec], jobs: int) -> _Batch:
    workers = _workers.running(jobs)
    return [(group, workers.draw(group)) for group in _groups(specs)]


def _collect(batch: _Batch) -> dict[FigureSpec, bytes]:
    """Wait for every group of ``batch``; raise the first error (in submission order)."""
    out: dict[FigureSpec, bytes] = {}
    error: BaseException | None = None
    for group, future in batch:
        try:
            out.update(zip(group, future.result(), strict=True))
        except BaseException as raised:
            error = error or raised
    if error is not None:
        raise error
    return out


def _draw(specs: list[FigureSpec], jobs: int) -> dict[FigureSpec, bytes]:
    """Draw ``specs``: in the drawing processes when there are several figures (or the
    processes are already running), else here."""
    if not specs:
        return {}
    if jobs > 1 and (len(specs) > 1 or _workers.started()):
        return _collect(_submit(specs, jobs))
    return dict(zip(specs, draw_group(specs), strict=True))


def _check_names(names: Iterable[str] | None) -> list[str]:
    chosen = list(FIGURE_NAMES if names is None else names)
    for name in chosen:
        _scenarios.get(name)
    return chosen


def render(
    out_dir: str | os.PathLike[str],
    lang: str,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int = 1,
) -> list[Path]:
    """Write ``NAME.LANG.svg`` and its dark-palette twin ``NAME.dark.LANG.svg`` for each
    figure (all by default) into ``out_dir``, drawing in this process (or in ``jobs``
    drawing processes, as ``render_all``).

    Returns the paths written. A file already holding the right bytes is left
    untouched. Raises ValueError for an unknown name or language and
    FigureError when a figure cannot be drawn correctly.
    """
    return render_all(out_dir, [lang], names, cache_dir=cache_dir, use_cache=use_cache, jobs=jobs)


def render_all(
    out_dir: str | os.PathLike[str],
    langs: Iterable[str] = LANGS,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int = 2,
) -> list[Path]:
    """Every figure (or ``names``) in every language of ``langs``, each with its
    dark-palette twin (see ``render``): ``figure_files`` written into ``out_dir``."""
    files = figure_files(langs, names, cache_dir=cache_dir, use_cache=use_cache, jobs=jobs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, content in files.items():
        target = out / file_name
        if not (target.is_file() and target.read_bytes() == content):
            target.write_bytes(content)
        written.append(target)
    return written


def figure_files(
    langs: Iterable[str] = LANGS,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int = 2,
) -> dict[str, bytes]:
    """The files ``render_all`` writes, by file name (``NAME.LANG.svg`` and
    ``NAME.dark.LANG.svg``), without writing them: for a host that keeps files its own
    way (a site build's virtual files).

    What the cache does not hold (everything, with ``use_cache=False``) is drawn in
    ``jobs`` drawing processes when there are several figures to draw, and stored in the
    cache. The bytes are those of a serial render.
    """
    langs = [check_lang(lang) for lang in langs]
    chosen = _check_names(names)
    directory = cache_path(cache_dir)
    ahead = _finish_ahead(directory) if use_cache else {}
    cache = FigureCache(directory) if use_cache else None
    specs: dict[_Key, FigureSpec] = {
        (name, lang): _resolve(name, lang) for lang in langs for name in chosen
    }
    data: dict[FigureSpec, bytes] = {}
    missing = []
    for spec in specs.values():
        found = ahead.get(spec) or (cache.get(spec) if cache is not None else None)
        if found is None:
            missing.append(spec)
        else:
            data[spec] = found
    drawn = _draw(missing, jobs)
    data.update(drawn)
    if cache is not None:
        for spec, svg_bytes in {**ahead, **drawn}.items():
            if spec in drawn or cache.get(spec) is None:
                cache.put(spec, svg_bytes)
    files: dict[str, bytes] = {}
    for (name, lang), spec in specs.items():
        files[f"{name}.{lang}.svg"] = data[spec]
        files[dark_path(".", name, lang).name] = _dark(data[spec])
    return files


# Dark twins made by this import, by the light file's bytes: a rebuild under `mkdocs
# serve` asks again for every figure, and the light bytes decide the dark ones.
_dark_twins: dict[bytes, bytes] = {}


def _dark(light: bytes) -> bytes:
    """The dark twin of a light figure file (the cache holds only the light one)."""
    dark = _dark_twins.get(light)
    if dark is None:
        if len(_dark_twins) >= 4 * len(FIGURE_NAMES):  # stale twins of edited figures
            _dark_twins.clear()
        dark = _dark_twins[light] = dark_variant(light.decode()).encode()
    return dark


# ------------------------------------------------------------ render ahead

# Drawing started by render_ahead(), by cache directory, with the drawing code's digest:
# the batch submitted, once the thread that submits it has done so.
_ahead: dict[Path, tuple[str, Future[_Batch]]] = {}


def render_ahead(
    langs: Iterable[str] = LANGS,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 2,
) -> bool:
    """Start drawing the figures missing from the cache in the drawing processes; return
    at once.

    For a host with work of its own before it needs the figures (a site build loads its
    configuration and plugins first): the drawing overlaps that work. The next
    ``render``/``render_all`` with the same cache waits for it, stores what it drew and
    raises its error, if any. Returns False, and starts nothing, when the cache already
    holds every figure or a drawing into it is already under way. A figure that cannot be
    resolved is left for ``render_all`` to report.
    """
    langs = [check_lang(lang) for lang in langs]
    chosen = _check_names(names)
    directory = cache_path(cache_dir)
    if directory in _ahead or jobs < 2:
        return False
    cache = FigureCache(directory)
    if len(cache) < len(langs) * len(chosen):
        # Surely something to draw (a cold cache): the fork server takes about 0.5 s to
        # import matplotlib before the first drawing process starts. The figures are
        # resolved and submitted on a thread meanwhile, so the caller goes on at once.
        _workers.prepare()
        submitted: Future[_Batch] = Future()

        def submit() -> None:
            try:
                submitted.set_result(_submit(_missing(cache, langs, chosen), jobs))
            except BaseException as error:  # raised by render_all, in the caller's thread
                submitted.set_exception(error)

        threading.Thread(target=submit, name="gdcore-render-ahead", daemon=True).start()
        _ahead[directory] = (cache.drawing, submitted)
        return True
    missing = _missing(cache, langs, chosen)
    if not missing:
        return False
    done: Future[_Batch] = Future()
    done.set_result(_submit(missing, jobs))
    _ahead[directory] = (cache.drawing, done)
    return True


def _missing(cache: FigureCache, langs: list[str], names: list[str]) -> list[FigureSpec]:
    """The figures (that can be resolved) ``cache`` does not hold."""
    missing = []
    for lang in langs:
        for name in names:
            try:
                spec = _resolve(name, lang)
            except FigureError:
                continue
            if cache.get(spec) is None:
                missing.append(spec)
    return missing


def _finish_ahead(directory: Path) -> dict[FigureSpec, bytes]:
    """Wait for a render_ahead() into ``directory``: what it drew; raise what it raised."""
    started = _ahead.pop(directory, None)
    if started is None:
        return {}
    drawing, submitted = started
    drawn = _collect(submitted.result())
    # Drawn by code that has changed since (an edit under `mkdocs serve`): not used.
    return drawn if drawing == drawing_digest() else {}
