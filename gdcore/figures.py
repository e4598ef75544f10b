"""Draw each scenario with matplotlib and write it as an SVG per language.

The SVG keeps its text as text (the reader's browser draws the Chinese
glyphs), carries a <title>, a <desc> and a <metadata> JSON of what it plots,
and is byte-identical for identical sources. ``render`` caches each file on
disk, keyed on gdcore's own sources, because the site build calls it once per
language and once per rebuild.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import importlib.util
import json
import math
import multiprocessing
import os
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdcore import scenarios as _scenarios
from gdcore import source_digest
from gdcore.scenarios import FIGURES, LANGS, Scenario
from gdcore.text import LABELS, check_lang, fill

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FIGURE_NAMES",
    "LANGS",
    "FigureError",
    "cache_key",
    "default_cache_dir",
    "metadata",
    "render",
    "render_ahead",
    "render_all",
    "svg",
]

FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)

MAX_BYTES = 40_000
"""A figure file larger than this fails the render (the page budget counts on it)."""

COLORS: dict[str, str] = {
    "curve": "#37474f",
    "blue": "#1565c0",
    "red": "#c62828",
    "green": "#2e7d32",
    "magenta": "#ad1457",
    "orange": "#e65100",
    "minimum": "#546e7a",
    "global": "#00695c",
}

# matplotlib measures text with these; the browser draws it with the stack
# that replaces them in the file (DejaVu Sans is wide, so browser fonts fit).
_MEASURE_FONTS = {"zh": ["Noto Sans CJK SC", "DejaVu Sans"], "en": ["DejaVu Sans"]}
_BROWSER_FONTS = {
    "zh": "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', "
    "'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif",
    "en": "'DejaVu Sans', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
}
_SVG_LANG = {"zh": "zh-CN", "en": "en"}
_CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


class FigureError(RuntimeError):
    """A figure could not be drawn correctly (layout, size, fonts, data)."""


# ---------------------------------------------------------------- provenance


def metadata(scenario: Scenario, lang: str) -> dict[str, Any]:
    """What the figure plots: the JSON stored in its <metadata> element."""
    return {
        "generator": "gdcore",
        "figure": scenario.name,
        "lang": lang,
        "section": scenario.section,
        "axes": {"theta": list(scenario.theta_window), "J": list(scenario.J_window)},
        "series": [
            {
                "id": s.id,
                "cost": scenario.cost.describe(),
                "alpha": run.alpha,
                "theta0": run.theta0,
                "steps": run.n_steps,
                "status": run.status.value,
                "theta": list(run.theta),
                "J": list(run.J),
            }
            for s in scenario.series
            for run in [scenario.runs[s.id]]
        ],
    }


# ------------------------------------------------------------------- drawing


def _cjk_font_path() -> Path:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise FigureError("the Chinese font package is missing: pip install mplfonts")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / _CJK_FONT_FILE
    if not path.is_file():
        raise FigureError(f"font file not found: {path} (reinstall mplfonts)")
    return path


_fonts_ready = False


def _ensure_fonts() -> None:
    global _fonts_ready
    if not _fonts_ready:
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(_cjk_font_path()))
        _fonts_ready = True


def _rc(scenario: Scenario, lang: str) -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": f"gdcore-{scenario.name}-{lang}",  # per figure: ids differ on one page
        "font.family": "sans-serif",
        "font.sans-serif": _MEASURE_FONTS[lang],
        "font.size": 11,
        "mathtext.fontset": "dejavusans",
        "axes.edgecolor": "#90a4ae",
        "axes.labelcolor": "#263238",
        "xtick.color": "#455a64",
        "ytick.color": "#455a64",
        "figure.facecolor": "#ffffff",
        "axes.facecolor": "#ffffff",
        "path.simplify": True,
    }


def _tangent_halfwidth(ax: Any, slope: float, length_px: float) -> float:
    """Half-width in θ of a tangent segment whose drawn length is ``length_px``."""
    (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
    px_per_theta, px_per_j = abs(x1 - x0), abs(y1 - y0)
    return (length_px / 2) / math.hypot(px_per_theta, slope * px_per_j)


class _Base:
    """A figure with what several scenarios share: axes, ticks, labels, grid, the cost curve
    and its minima. Each scenario adds its own artists, is saved, and removes them again.

    Building the axes (ticks, their labels and lines) is about 40 % of a figure's time, and
    the α explorer's 14 frames, like the stepper's, share one, so they are built once per
    process and language. The removal leaves the figure as it was built, so a figure's bytes
    do not depend on what was drawn before it (tests/test_figures.py checks this).
    """

    def __init__(self, scenario: Scenario, lang: str) -> None:
        import numpy as np
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        words = LABELS[lang]
        cost = scenario.cost
        fig = Figure(figsize=(6.4, 4.2))
        # Fixed margins rather than a layout engine: as fast and as deterministic, and
        # layout_problems() fails the render if a label no longer fits.
        fig.subplots_adjust(left=0.105, right=0.985, bottom=0.125, top=0.975)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ax.patch.set_gid("plot-area")
        lo, hi = scenario.theta_window
        ax.set_xlim(lo, hi)
        ax.set_ylim(*scenario.J_window)
        ax.set_xlabel(words["x"])
        ax.set_ylabel(words["y"])
        ax.grid(color="#eceff1", linewidth=0.8)
        # Five or six ticks per axis are plenty to read values off, and each tick costs
        # drawing time (a label, a tick line, a grid line).
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.spines[["top", "right"]].set_visible(False)

        grid = np.linspace(lo, hi, 161)
        (curve,) = ax.plot(grid, cost.J(grid), color=COLORS["curve"], lw=2, label=words["curve"])
        curve.set_gid("cost-curve")

        g = cost.global_minimum
        for m in cost.minima:
            if lo <= m <= hi:
                is_global = m == g and len(cost.minima) > 1
                key = "global" if is_global and "global" in scenario.mark_minima else "minimum"
                name = scenario.mark_minima.get(key, {}).get(lang, words["minimum"])
                if key == "minimum" and len(cost.minima) > 1:
                    continue  # on a non-convex J only the marked minima get a line
                ax.axvline(
                    m, color=COLORS[key], ls=":", lw=1.4, label=rf"{name} $\theta_1 = {m:g}$"
                )
        self.fig, self.ax = fig, ax

    @staticmethod
    def key(scenario: Scenario, lang: str) -> tuple[Any, ...]:
        """What a base is built from: scenarios with the same key share one."""
        marks = tuple(
            sorted((k, tuple(sorted(v.items()))) for k, v in scenario.mark_minima.items())
        )
        words = tuple(LABELS[lang][k] for k in ("x", "y", "curve", "minimum"))
        return (lang, words, scenario.cost, scenario.theta_window, scenario.J_window, marks)

    @contextmanager
    def drawing(self, scenario: Scenario, lang: str) -> Iterator[Figure]:
        """The figure with ``scenario``'s own artists added; removed again on exit."""
        ax = self.ax
        before = set(map(id, ax.get_children()))
        try:
            _draw_scenario(ax, scenario, lang)
            yield self.fig
        finally:
            for artist in ax.get_children():
                if id(artist) not in before:
                    artist.remove()


_bases: dict[tuple[Any, ...], _Base] = {}


def _base(scenario: Scenario, lang: str) -> _Base:
    key = _Base.key(scenario, lang)
    if key not in _bases:
        _bases[key] = _Base(scenario, lang)
    return _bases[key]


def _draw_scenario(ax: Any, scenario: Scenario, lang: str) -> None:
    """Add what is ``scenario``'s own to the base's axes: runs, the note, the legend."""
    import numpy as np
    from matplotlib.patches import FancyArrowPatch

    lo, hi = scenario.theta_window
    for series in scenario.series:
        run = scenario.runs[series.id]
        colors = [
            COLORS[series.colors[min(i, len(series.colors) - 1)]] for i in range(len(run.theta))
        ]
        main = colors[0]
        thetas, js = np.array(run.theta), np.array(run.J)
        outside = (
            (thetas < lo)
            | (thetas > hi)
            | (js < scenario.J_window[0])
            | (js > scenario.J_window[1])
        )
        if outside.any():
            raise FigureError(
                f"{scenario.name}: series {series.id!r} leaves the plot window at "
                f"theta={thetas[outside].tolist()}"
            )
        if series.tangent:
            s0 = run.slope[0]
            w = _tangent_halfwidth(ax, s0, 150)
            tx = np.array([run.theta0 - w, run.theta0 + w])
            (tline,) = ax.plot(tx, run.J[0] + s0 * (tx - run.theta0), color=main, lw=1.3, ls="--")
            tline.set_gid(f"tangent-{series.id}")
        for k in range(run.n_steps if not series.tangent else 0):
            start, end = (run.theta[k], run.J[k]), (run.theta[k + 1], run.J[k + 1])
            if start == end:
                continue
            # arc3 puts its control point at mid + rad·(dy, −dx): this sign lifts every
            # hop above its chord, like a jump over the curve.
            bend = -0.3 if run.theta[k + 1] > run.theta[k] else 0.3
            current = scenario.highlight == k
            arrow = FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=14 if current else 11,
                color=colors[k],
                lw=2.6 if current else 1.3,
                alpha=0.35 if scenario.highlight is not None and not current else 1.0,
                shrinkA=5,
                shrinkB=5,
                connectionstyle=f"arc3,rad={bend if abs(run.step[k]) > 0.3 else 0}",
                zorder=4,
            )
            arrow.set_gid(f"step-{series.id}-{k}")
            # add_artist, not add_patch: the limits are fixed, so the arrow's path need
            # not be computed a second time just to grow the data limits.
            ax.add_artist(arrow)
        if series.tangent and run.n_steps and run.theta[1] != run.theta[0]:
            # The move itself, drawn along the θ1 axis.
            y = scenario.J_window[0] + 0.05 * (scenario.J_window[1] - scenario.J_window[0])
            ax.add_artist(
                FancyArrowPatch(
                    (run.theta[0], y),
                    (run.theta[1], y),
                    arrowstyle="-|>",
                    mutation_scale=11,
                    color=main,
                    lw=1.6,
                    zorder=4,
                )
            )
        points = ax.scatter(
            thetas,
            js,
            s=44,
            c=colors,
            edgecolors="#ffffff",
            linewidths=1.0,
            zorder=5,
            label=fill(series.label[lang], scenario, lang),
        )
        points.set_gid(f"series-{series.id}")
        if scenario.highlight is not None and series is scenario.series[0]:
            k = scenario.highlight
            ring = ax.scatter(
                [run.theta[k]],
                [run.J[k]],
                s=260,
                facecolors="none",
                edgecolors=colors[k],
                linewidths=2.2,
                zorder=6,
            )
            ring.set_gid(f"highlight-{series.id}-{k}")

    if scenario.note is not None:
        ax.text(
            *scenario.note_at,
            fill(scenario.note[lang], scenario, lang),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=11,
            linespacing=1.6,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fafafa", "ec": "#b0bec5"},
            zorder=6,
        ).set_gid("note")
    legend = ax.legend(loc=scenario.legend_at, fontsize=9.5, framealpha=0.95, borderaxespad=0.6)
    legend.set_gid("legend")
    legend.set_zorder(7)


# ------------------------------------------------------------- layout checks


def layout_problems(fig: Figure, renderer: Any = None) -> list[str]:
    """Texts that are clipped by the figure edge or overlap another text, and
    data points hidden under the legend or the note box."""
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text

    fig_box = fig.bbox
    problems: list[str] = []
    boxes: list[tuple[str, Any]] = []
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    in_legend = {id(t) for leg in legends for t in leg.get_texts()}
    for leg in legends:
        boxes.append(("legend", leg.get_window_extent(renderer)))
    # matplotlib keeps tick labels for ticks just outside the view; they are never drawn.
    hidden_ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in [*axis.majorTicks, *axis.minorTicks]:  # as drawn; no new ticks
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden_ticks.update({id(tick.label1), id(tick.label2)})
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        if id(t) in in_legend or id(t) in hidden_ticks:
            continue
        patch = t.get_bbox_patch()
        box = patch.get_window_extent(renderer) if patch else t.get_window_extent(renderer)
        boxes.append((repr(t.get_text()), box))
    for name, box in boxes:
        if (
            box.x0 < fig_box.x0 - 0.5
            or box.y0 < fig_box.y0 - 0.5
            or box.x1 > fig_box.x1 + 0.5
            or box.y1 > fig_box.y1 + 0.5
        ):
            problems.append(f"{name} is clipped by the figure edge")
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > 0.5 and h > 0.5:
                problems.append(f"{name_a} overlaps {name_b}")
    covers = [("legend", b) for n, b in boxes if n == "legend"]
    covers += [
        ("note", t.get_bbox_patch().get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_gid() == "note"
    ]
    for coll in fig.findobj(PathCollection):
        gid = coll.get_gid() or ""
        if not gid.startswith("series-"):
            continue
        for x, y in coll.get_offset_transform().transform(coll.get_offsets()):
            for cover, box in covers:
                if box.x0 - 3 <= x <= box.x1 + 3 and box.y0 - 3 <= y <= box.y1 + 3:
                    problems.append(f"a point of {gid} at ({x:.0f}, {y:.0f}) is under the {cover}")
    return problems


# ----------------------------------------------------------------------- SVG


def _finish_svg(raw: str, scenario: Scenario, lang: str) -> str:
    """Add title, desc, metadata and language; swap in the browser font stack."""
    title = html.escape(scenario.title[lang], quote=False)
    desc = html.escape(fill(scenario.desc[lang], scenario, lang), quote=False)
    data = json.dumps(
        metadata(scenario, lang), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    prefix = f"gd-{scenario.name}"
    head = (
        f'<title id="{prefix}-title">{title}</title>\n'
        f'<desc id="{prefix}-desc">{desc}</desc>\n'
        f'<metadata id="gdcore-data">{html.escape(data, quote=False)}</metadata>\n'
    )
    svg_open = re.search(r"<svg\b[^>]*>", raw)
    if svg_open is None:
        raise FigureError("matplotlib wrote no <svg> element")
    tag = svg_open.group(0)[:-1] + (
        f' role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
        f' xml:lang="{_SVG_LANG[lang]}" lang="{_SVG_LANG[lang]}">\n'
    )
    measured = ", ".join(f"'{f}'" for f in _MEASURE_FONTS[lang]) + ", sans-serif"
    body = raw[svg_open.end() :].replace(measured, _BROWSER_FONTS[lang])
    # matplotlib's XML comment names its version; drop it so an upgrade alone changes nothing.
    head_xml = re.sub(r"<!--.*?-->\n?", "", raw[: svg_open.start()], flags=re.S)
    return head_xml + tag + head + body


@contextmanager
def _shared_text_to_path() -> Iterator[None]:
    """Let every renderer made while drawing use matplotlib's module-level TextToPath.

    matplotlib gives each renderer its own TextToPath, and with it an empty mathtext
    cache, so each figure would parse the same axis labels again: sharing the one
    instance matplotlib already keeps saves about a third of the drawing time.
    """
    import matplotlib.text
    import matplotlib.textpath

    original = matplotlib.text.TextToPath
    shared = getattr(matplotlib.textpath, "text_to_path", None)
    if shared is not None:
        matplotlib.text.TextToPath = lambda: shared
    try:
        yield
    finally:
        matplotlib.text.TextToPath = original


def svg(name: str, lang: str) -> str:
    """The finished SVG text of figure ``name`` in ``lang`` (no cache)."""
    scenario = _scenarios.get(name)
    check_lang(lang)
    from io import StringIO

    import matplotlib  # only the Figure API and the SVG canvas: no pyplot, no GUI backend

    _ensure_fonts()
    with (
        warnings.catch_warnings(record=True) as caught,
        matplotlib.rc_context(_rc(scenario, lang)),
        _shared_text_to_path(),
    ):
        warnings.simplefilter("always")
        try:
            base = _base(scenario, lang)
            with base.drawing(scenario, lang) as fig:
                problems: list[str] = []
                # Check the layout with the renderer that writes the file: same
                # measurements, and the text metrics it already computed are reused.
                check = fig.canvas.mpl_connect(
                    "draw_event",
                    lambda event: problems.extend(layout_problems(fig, event.renderer)),
                )
                buf = StringIO()
                try:
                    fig.savefig(
                        buf,
                        format="svg",
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                    )
                finally:
                    fig.canvas.mpl_disconnect(check)
        except BaseException:
            # A base that failed half-way is not reused.
            _bases.pop(_Base.key(scenario, lang), None)
            raise
    if caught:
        problems += [f"warning while drawing: {w.message}" for w in caught]
    if problems:
        raise FigureError(f"figure {name!r} ({lang}): " + "; ".join(problems))
    out = _finish_svg(buf.getvalue(), scenario, lang)
    size = len(out.encode())
    if size > MAX_BYTES:
        raise FigureError(f"figure {name!r} ({lang}) is {size} bytes, over {MAX_BYTES}")
    return out


# --------------------------------------------------------------------- cache


def default_cache_dir() -> Path:
    """$GDCORE_CACHE_DIR, else $XDG_CACHE_HOME/gdcore, else ~/.cache/gdcore."""
    if env := os.environ.get("GDCORE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gdcore"


def _source_digest() -> str:
    h = hashlib.sha256(source_digest().encode())
    for dist in ("matplotlib", "mplfonts", "numpy"):
        h.update(f"{dist}={importlib.metadata.version(dist)}\0".encode())
    return h.hexdigest()


def cache_key(name: str, lang: str, digest: str | None = None) -> str:
    """Hash of gdcore's sources, the drawing libraries' versions, the figure and language."""
    digest = digest or _source_digest()
    return hashlib.sha256(f"{digest}\0{name}\0{lang}".encode()).hexdigest()[:20]


def _check_names(names: Iterable[str] | None) -> list[str]:
    chosen = list(FIGURE_NAMES if names is None else names)
    for name in chosen:
        _scenarios.get(name)
    return chosen


def _cache_entry(cache: Path, name: str, lang: str, digest: str) -> Path:
    return cache / f"{name}.{lang}.{cache_key(name, lang, digest)}.svg"


def _figure_bytes(name: str, lang: str, cache: Path, digest: str, use_cache: bool) -> bytes:
    """Figure ``name`` in ``lang``: from the cache when it holds it, else drawn (and stored)."""
    if not use_cache:
        return svg(name, lang).encode()
    cached = _cache_entry(cache, name, lang, digest)
    if cached.is_file():
        return cached.read_bytes()
    data = svg(name, lang).encode()
    _store(cache, cached, data)
    return data


def render(
    out_dir: str | os.PathLike[str],
    lang: str,
    names: Iterable[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> list[Path]:
    """Write ``NAME.LANG.svg`` for each figure (all by default) into ``out_dir``.

    Returns the paths written. A file already holding the right bytes is left
    untouched. Raises ValueError for an unknown name or language and
    FigureError when a figure cannot be drawn correctly.
    """
    check_lang(lang)
    chosen = _check_names(names)
    cache = _cache_path(cache_dir)
    if use_cache:
        _finish_ahead(cache)
    digest = _source_digest() if use_cache else ""
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
        target = out / f"{name}.{lang}.svg"
        if not (target.is_file() and target.read_bytes() == data):
            target.write_bytes(data)
        written.append(target)
    return written


def _cache_path(cache_dir: str | os.PathLike[str] | None) -> Path:
    return Path(cache_dir) if cache_dir is not None else default_cache_dir()


def _store(cache: Path, path: Path, data: bytes) -> None:
    """Write a cache entry atomically and drop older entries of the same figure."""
    cache.mkdir(parents=True, exist_ok=True)
    figure_lang = path.name.rsplit(".", 2)[0]
    for stale in cache.glob(f"{figure_lang}.*.svg"):
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _can_fork() -> bool:
    # Forking a process that runs other threads (mkdocs serve) risks deadlocks.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _draw_groups(
    langs: list[str], names: list[str], cache: Path, digest: str
) -> list[tuple[str, list[str]]]:
    """The figures missing from the cache as (language, names) groups that share one base,
    largest first: the units a parallel render hands out, so that the processes finish
    together and each base is built in one process only."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for lang in langs:
        for name in names:
            if not _cache_entry(cache, name, lang, digest).is_file():
                groups.setdefault(_Base.key(_scenarios.get(name), lang), []).append(name)
    return sorted(((key[0], group) for key, group in groups.items()), key=lambda g: -len(g[1]))


def _compute_runs(names: list[str]) -> None:
    # Every process that draws or describes a figure needs its runs (the α = 2/c frame alone
    # takes 10 000 steps): computed before forking, the workers inherit them.
    for name in names:
        scenario = _scenarios.get(name)
        scenario.runs  # noqa: B018 (cached_property: computing is the point)
        scenario.long_runs  # noqa: B018


def _fill_cache(lang: str, names: list[str], cache: Path) -> None:
    digest = _source_digest()
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

    _ensure_fonts()
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
    cache = _cache_path(cache_dir)
    if use_cache:
        _finish_ahead(cache)
        digest = _source_digest()
        groups = _draw_groups(langs, chosen, cache, digest)
        if jobs > 1 and len(groups) > 1 and _can_fork():
            _finish_drawing(_start_drawing(groups, cache, jobs))
        return [p for lang in langs for p in _write(out_dir, lang, chosen, cache, digest)]
    if jobs > 1 and len(langs) > 1 and _can_fork():
        import matplotlib.backends.backend_svg  # noqa: F401  (imported once, before the fork)

        _ensure_fonts()
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
    cache = _cache_path(cache_dir)
    if cache in _ahead or not _can_fork():
        return False
    groups = _draw_groups(langs, chosen, cache, _source_digest())
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
