"""Rendering: a lecture's figures to SVG files, through the cache, in parallel where it pays.

``figure_files`` resolves each figure (``Lecture.spec``), takes what the cache holds, draws
the rest (in the drawing processes of ``workers`` when there are several) and gives each
file's bytes; ``render`` writes them; ``render_ahead`` starts drawing before the caller
needs the files.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path

from gdcore import workers as _workers
from gdcore.cache import FigureCache, cache_path, drawing_digest
from gdcore.errors import FigureError
from gdcore.lecture import Lecture
from gdcore.spec import FigureSpec
from gdcore.svgfile import dark_variant, draw_group, figure_svg

__all__ = ["dark_name", "figure_files", "render", "render_ahead", "svg"]

Files = dict[tuple[str, str], bytes]
"""(lecture name, file name) -> bytes: ``NAME.LANG.svg`` and ``NAME.dark.LANG.svg``."""


def svg(lecture: Lecture, name: str, lang: str) -> str:
    """The finished SVG text of figure ``name`` in ``lang`` (no cache)."""
    return figure_svg(lecture.spec(name, lang))


def dark_name(name: str, lang: str) -> str:
    """The file name of the dark-palette twin of figure ``name`` in ``lang``."""
    return f"{name}.dark.{lang}.svg"


def _groups(specs: list[FigureSpec]) -> list[list[FigureSpec]]:
    """``specs`` in groups that share one set of axes, largest first: the units handed to
    the drawing processes, so that each set of axes is built in one process only."""
    from gdcore.draw import base_key

    groups: dict[object, list[FigureSpec]] = {}
    for spec in specs:
        groups.setdefault(base_key(spec), []).append(spec)
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


def _chosen(lecture: Lecture, names: Iterable[str] | None) -> list[str]:
    chosen = list(lecture.figures if names is None else names)
    for name in chosen:
        lecture.figure(name)  # ValueError naming the figures
    return chosen


def _specs(
    lectures: Sequence[Lecture], langs: Iterable[str] | None, names: Iterable[str] | None
) -> list[FigureSpec]:
    out = []
    for lecture in lectures:
        chosen = _chosen(lecture, names)
        for lang in lecture.langs if langs is None else langs:
            out += [lecture.spec(name, lang) for name in chosen]
    return out


def figure_files(
    lectures: Sequence[Lecture],
    langs: Iterable[str] | None = None,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int = 2,
) -> Files:
    """Every figure of ``lectures`` (or ``names``) in every language of ``langs`` (default:
    each lecture's), each with its dark twin, by (lecture, file name), without writing
    them: for a host that keeps files its own way (a site build's virtual files).

    What the cache does not hold (everything, with ``use_cache=False``) is drawn in
    ``jobs`` drawing processes when there are several figures to draw, and stored in the
    cache. The bytes are those of a serial render.
    """
    directory = cache_path(cache_dir)
    ahead = _finish_ahead(directory) if use_cache else {}
    cache = FigureCache(directory) if use_cache else None
    specs = _specs(lectures, langs, names)
    data: dict[FigureSpec, bytes] = {}
    missing = []
    for spec in specs:
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
    files: Files = {}
    for spec in specs:
        files[spec.lecture, f"{spec.name}.{spec.lang}.svg"] = data[spec]
        files[spec.lecture, dark_name(spec.name, spec.lang)] = _dark(data[spec])
    return files


def render(
    out_dir: str | os.PathLike[str],
    lecture: Lecture,
    langs: Iterable[str] | None = None,
    names: Iterable[str] | None = None,
    **options: object,
) -> list[Path]:
    """Write ``NAME.LANG.svg`` and its dark-palette twin ``NAME.dark.LANG.svg`` for each
    figure of ``lecture`` (all by default) into ``out_dir``; ``options`` as figure_files.

    Returns the paths written. A file already holding the right bytes is left untouched.
    Raises ValueError for an unknown name or language and FigureError when a figure cannot
    be drawn correctly.
    """
    files = figure_files([lecture], langs, names, **options)  # type: ignore[arg-type]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for (_, file_name), content in files.items():
        target = out / file_name
        if not (target.is_file() and target.read_bytes() == content):
            target.write_bytes(content)
        written.append(target)
    return written


# Dark twins made by this import, by the light file's bytes: a rebuild under `mkdocs
# serve` asks again for every figure, and the light bytes decide the dark ones.
_dark_twins: dict[bytes, bytes] = {}
_DARK_KEPT = 1000


def _dark(light: bytes) -> bytes:
    """The dark twin of a light figure file (the cache holds only the light one)."""
    dark = _dark_twins.get(light)
    if dark is None:
        if len(_dark_twins) >= _DARK_KEPT:  # stale twins of edited figures
            _dark_twins.clear()
        dark = _dark_twins[light] = dark_variant(light.decode()).encode()
    return dark


# ------------------------------------------------------------ render ahead

# Drawing started by render_ahead(), by cache directory, with the drawing code's digest:
# the batch submitted, once the thread that submits it has done so.
_ahead: dict[Path, tuple[str, Future[_Batch]]] = {}


def render_ahead(
    lectures: Sequence[Lecture],
    langs: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int = 2,
) -> bool:
    """Start drawing the figures missing from the cache in the drawing processes; return
    at once.

    For a host with work of its own before it needs the figures (a site build loads its
    configuration and plugins first): the drawing overlaps that work. The next
    ``figure_files`` with the same cache waits for it, stores what it drew and raises its
    error, if any. Returns False, and starts nothing, when the cache already holds every
    figure or a drawing into it is already under way. A figure that cannot be resolved is
    left for ``figure_files`` to report.
    """
    directory = cache_path(cache_dir)
    if directory in _ahead or jobs < 2:
        return False
    cache = FigureCache(directory)
    total = sum(
        len(lecture.figures) * len(lecture.langs if langs is None else list(langs))
        for lecture in lectures
    )
    if len(cache) < total:
        # Surely something to draw (a cold cache): the fork server takes about 0.5 s to
        # import matplotlib before the first drawing process starts. The figures are
        # resolved and submitted on a thread meanwhile, so the caller goes on at once.
        _workers.prepare()
        submitted: Future[_Batch] = Future()

        def submit() -> None:
            try:
                submitted.set_result(_submit(_missing(cache, lectures, langs), jobs))
            except BaseException as error:  # raised by figure_files, in the caller's thread
                submitted.set_exception(error)

        threading.Thread(target=submit, name="gdcore-render-ahead", daemon=True).start()
        _ahead[directory] = (cache.drawing, submitted)
        return True
    missing = _missing(cache, lectures, langs)
    if not missing:
        return False
    done: Future[_Batch] = Future()
    done.set_result(_submit(missing, jobs))
    _ahead[directory] = (cache.drawing, done)
    return True


def _missing(
    cache: FigureCache, lectures: Sequence[Lecture], langs: Iterable[str] | None
) -> list[FigureSpec]:
    """The figures (that can be resolved) ``cache`` does not hold."""
    missing = []
    for lecture in lectures:
        for lang in lecture.langs if langs is None else langs:
            for name in lecture.figures:
                try:
                    spec = lecture.spec(name, lang)
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
