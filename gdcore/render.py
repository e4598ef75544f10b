"""Rendering: figures to SVG files, through the cache, in parallel where it pays.

``svg`` draws one figure (scenario → spec → drawing → layout check → SVG); ``render``
and ``render_all`` write files, taking what the cache holds and drawing the rest;
``render_ahead`` starts drawing before the caller needs the files.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from gdcore import cache as _cache
from gdcore import scenarios as _scenarios
from gdcore.draw import draw_svg
from gdcore.errors import FigureError
from gdcore.layout import layout_problems
from gdcore.scenarios import FIGURES, LANGS
from gdcore.spec import AxesSpec, FigureSpec, resolve
from gdcore.style import ensure_fonts
from gdcore.svgfile import dark_variant, finish_svg
from gdcore.text import check_lang

__all__ = [
    "FIGURE_NAMES",
    "LANGS",
    "dark_path",
    "figure_svg",
    "render",
    "render_ahead",
    "render_all",
    "size",
    "svg",
]

FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)


def figure_svg(spec: FigureSpec) -> str:
    """The finished SVG text of ``spec``; FigureError if it cannot be drawn correctly."""
    raw, problems = draw_svg(spec, layout_problems)
    if problems:
        raise FigureError(f"figure {spec.name!r} ({spec.lang}): " + "; ".join(problems))
    out = finish_svg(raw, spec)
    dark_variant(out, spec.name)  # every colour declared: the dark file can be made
    return out


def svg(name: str, lang: str) -> str:
    """The finished SVG text of figure ``name`` in ``lang`` (no cache)."""
    scenario = _scenarios.get(name)
    check_lang(lang)
    return figure_svg(resolve(scenario, lang))


def size(name: str, lang: str) -> tuple[float, float]:
    """Width and height of figure ``name`` in ``lang``, in SVG user units (its viewBox),
    known without drawing it: a page reserves the space before the file arrives."""
    from gdcore.draw import figure_size

    width, height = figure_size(resolve(_scenarios.get(name), lang).axes.legend_rows)
    return round(width * 72, 3), round(height * 72, 3)


def _check_names(names: Iterable[str] | None) -> list[str]:
    chosen = list(FIGURE_NAMES if names is None else names)
    for name in chosen:
        _scenarios.get(name)
    return chosen


def _figure_bytes(name: str, lang: str, cache: Path, digest: str, use_cache: bool) -> bytes:
    """Figure ``name`` in ``lang``: from the cache when it holds it, else drawn (and stored)."""
    if not use_cache:
        return svg(name, lang).encode()
    cached = _cache.entry(cache, name, lang, digest)
    if cached.is_file():
        return cached.read_bytes()
    data = svg(name, lang).encode()
    _cache.store(cache, cached, data)
    return data


def render(
    out_dir: str | os.PathLike[str],
    lang: str,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> list[Path]:
    """Write ``NAME.LANG.svg`` and its dark-palette twin ``NAME.dark.LANG.svg`` for each
    figure (all by default) into ``out_dir``.

    Returns the paths written. A file already holding the right bytes is left
    untouched. Raises ValueError for an unknown name or language and
    FigureError when a figure cannot be drawn correctly.
    """
    check_lang(lang)
    chosen = _check_names(names)
    cache = _cache.cache_path(cache_dir)
    if use_cache:
        _finish_ahead(cache)
    digest = _cache.source_key() if use_cache else ""
    return _write(out_dir, lang, chosen, cache, digest, use_cache)


def _write(
    out_dir: str | os.PathLike[str],
    lang: str,
    names: list[str],
    cache: Path,
    digest: str,
    use_cache: bool = True,
) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        data = _figure_bytes(name, lang, cache, digest, use_cache)
        dark = dark_variant(data.decode(), name).encode()
        for target, content in (
            (out / f"{name}.{lang}.svg", data),
            (dark_path(out, name, lang), dark),
        ):
            if not (target.is_file() and target.read_bytes() == content):
                target.write_bytes(content)
            written.append(target)
    return written


def dark_path(out_dir: str | os.PathLike[str], name: str, lang: str) -> Path:
    """Where the dark-palette twin of figure ``name`` in ``lang`` is written."""
    return Path(out_dir) / f"{name}.dark.{lang}.svg"


def _can_fork() -> bool:
    # Forking a process that runs other threads (mkdocs serve) risks deadlocks.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _draw_groups(
    langs: list[str], names: list[str], cache: Path, digest: str
) -> list[tuple[str, list[str]]]:
    """The figures missing from the cache as (language, names) groups that share one base,
    largest first: the units a parallel render hands out, so that the processes finish
    together and each base is built in one process only."""
    groups: dict[AxesSpec, list[str]] = {}
    for lang in langs:
        for name in names:
            if not _cache.entry(cache, name, lang, digest).is_file():
                groups.setdefault(resolve(_scenarios.get(name), lang).axes, []).append(name)
    return sorted(((key.lang, group) for key, group in groups.items()), key=lambda g: -len(g[1]))


def _compute_runs(names: list[str]) -> None:
    # Every process that draws or describes a figure needs its runs (the α = 2/c frame alone
    # takes 10 000 steps): computed before forking, the workers inherit them.
    for name in names:
        scenario = _scenarios.get(name)
        scenario.runs  # noqa: B018 (cached_property: computing is the point)
        scenario.long_runs  # noqa: B018


def _fill_cache(lang: str, names: list[str], cache: Path) -> None:
    digest = _cache.source_key()
    for name in names:
        _figure_bytes(name, lang, cache, digest, use_cache=True)


_Drawing = tuple[ProcessPoolExecutor, Future[None]]


def _start_drawing(groups: list[tuple[str, list[str]]], cache: Path, jobs: int) -> _Drawing:
    """A forked process that draws ``groups`` into the cache (see _draw_in_parallel)."""
    host = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    return host, host.submit(_draw_in_parallel, groups, cache, jobs)


def _draw_in_parallel(groups: list[tuple[str, list[str]]], cache: Path, jobs: int) -> None:
    """Import matplotlib once, then fork ``jobs`` processes that share the groups out.

    The import (about half a second), the fonts and the runs are then paid once, not per
    process; this process waits for the others and raises what one of them raised.
    """
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    ensure_fonts()
    _compute_runs(sorted({name for _, group in groups for name in group}))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(jobs, len(groups)), mp_context=context) as pool:
        for future in [pool.submit(_fill_cache, lang, group, cache) for lang, group in groups]:
            future.result()


def _finish_drawing(drawing: _Drawing) -> None:
    """Wait for the processes of _start_drawing; raise what one of them raised."""
    host, future = drawing
    try:
        future.result()
    finally:
        host.shutdown(wait=True, cancel_futures=True)


def render_all(
    out_dir: str | os.PathLike[str],
    langs: Iterable[str] = LANGS,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int = 2,
) -> list[Path]:
    """Every figure (or ``names``) in every language of ``langs``.

    What is missing from the cache is drawn in ``jobs`` forked processes, when this
    process can fork safely, and the files are then written from the cache. Without the
    cache, each language draws in a process of its own. Either way the bytes are those of
    a serial render.
    """
    langs = [check_lang(lang) for lang in langs]
    chosen = _check_names(names)
    cache = _cache.cache_path(cache_dir)
    if use_cache:
        _finish_ahead(cache)
        digest = _cache.source_key()
        groups = _draw_groups(langs, chosen, cache, digest)
        if jobs > 1 and len(groups) > 1 and _can_fork():
            _finish_drawing(_start_drawing(groups, cache, jobs))
        return [p for lang in langs for p in _write(out_dir, lang, chosen, cache, digest)]
    if jobs > 1 and len(langs) > 1 and _can_fork():
        import matplotlib.backends.backend_svg  # noqa: F401  (imported once, before the fork)

        ensure_fonts()
        _compute_runs(chosen)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(langs)), mp_context=context) as pool:
            futures = [
                pool.submit(render, out_dir, lang, chosen, cache_dir=cache, use_cache=False)
                for lang in langs
            ]
            return [p for future in futures for p in future.result()]
    return [p for lang in langs for p in render(out_dir, lang, chosen, use_cache=False)]


# ------------------------------------------------------------ render ahead

# Background drawing started by render_ahead(), by cache directory.
_ahead: dict[Path, _Drawing] = {}


def render_ahead(
    langs: Iterable[str] = LANGS,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 2,
) -> bool:
    """Start drawing the figures missing from the cache in forked processes; return at once.

    For a host with work of its own before it needs the figures (a site build loads its
    configuration and plugins first): the drawing overlaps that work. The next
    ``render``/``render_all`` with the same cache waits for these processes and raises
    their error, if any. Returns False, and starts nothing, when the cache already holds
    every figure, a drawing into it is already under way, or this process cannot fork
    safely (it runs other threads).
    """
    langs = [check_lang(lang) for lang in langs]
    chosen = _check_names(names)
    cache = _cache.cache_path(cache_dir)
    if cache in _ahead or not _can_fork():
        return False
    groups = _draw_groups(langs, chosen, cache, _cache.source_key())
    if not groups:
        return False
    _ahead[cache] = _start_drawing(groups, cache, jobs)
    # The host describes the figures as well (a site's alt text and captions): it computes
    # their runs now, while the drawing process is still importing matplotlib.
    _compute_runs(chosen)
    return True


def _finish_ahead(cache: Path) -> None:
    """Wait for a render_ahead() into ``cache``; raise what it raised."""
    drawing = _ahead.pop(cache, None)
    if drawing is not None:
        _finish_drawing(drawing)
