"""Kind ``cost-per-iteration``: J(θ_k) against k, one line per run, as a run is judged
in practice. On a log scale a rate reads as a slope: on a quadratic cost J − J* falls by
(1 − αc)² per step, a straight line; at α = 2/c it is flat; beyond it rises.

Options (``lecture.yml``):

* ``scale: log | linear`` (default log);
* ``y: cost | gap``: J(θ_k) itself, or its height above the minimum, J(θ_k) − J* (on a log
  scale a cost whose minimum is not 0 needs it: J itself flattens out at J*);
* ``window: {k: [lo, hi], J: [lo, hi]}``; default: every iterate, J from the runs' lowest
  value to above their starts (a diverging run leaves the top of the plot: clipped);
* ``legend: false`` leaves the runs' legend to another panel (the α explorer names its
  run above, on the curve);
* ``note``: words per language, as for a curve.

Each line carries its run's marker shape at a few iterates (every iterate of a short run),
so lines differ without colour. A value of exactly 0 (α = 1/c lands on the minimum) has no
place on a log scale: its line ends on the plot's floor, where its marker sits on the axis
with the words "J = 0 exactly" beside it; the metadata lists such iterates as ``zero``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gdcore.declarations import Figure, Panel
from gdcore.plot import (
    PLOT_WIDTH,
    drawn_words,
    label_width,
    left_margin,
    legend_rows,
    legend_words,
    simplify,
    style_axes,
    y_tick_margin,
)
from gdcore.reader import Reader
from gdcore.spec import PanelSpec
from gdcore.style import COLORS, LEGEND_FONT_SIZE, MARKERS
from gdcore.words import Words

NAME = "cost-per-iteration"
PLOT_HEIGHT = 2.0
DIMENSIONS = tuple(range(1, 101))
OPTIONS = ("scale", "y", "window", "legend", "note")

SCALES = ("log", "linear")
YS = ("cost", "gap")
MARKED = 6
"""Marked iterates per line on a run of more than SHORT steps (staggered between lines)."""
SHORT = 12
DECADES = 16
"""At most this many powers of ten on a log scale (a converged run's J reaches 10⁻¹³)."""
TOLERANCE = 0.25  # figure units a simplified line may stray from the exact one
LOG_TICKS = 5
"""At most about this many powers of ten are labelled on a log scale."""


def _left(window: tuple[float, float], log: bool) -> float:
    """The margin left of the plot (inches) that fits its y tick labels (10⁻¹² is 34
    units wide)."""
    if not log:
        return y_tick_margin(window)
    from matplotlib.ticker import LogLocator

    lo, hi = window
    ticks = LogLocator(base=10, numticks=LOG_TICKS).tick_values(lo, hi)
    exponents = [round(math.log10(t)) for t in ticks if lo * 0.999 <= t <= hi * 1.001]
    widths = [label_width("10", superscript=f"{e}".replace("-", "−")) for e in exponents]
    return left_margin(max(widths, default=0.0))


_SYMBOLS = {"cost": r"$J(\theta_k)$", "gap": r"$J(\theta_k) - J^*$"}


@dataclass(frozen=True)
class Options:
    scale: str = "log"
    y: str = "cost"
    k_window: tuple[float, float] | None = None
    J_window: tuple[float, float] | None = None
    legend: bool = True
    note: Mapping[str, str] | None = None


def options(read: Reader) -> Options:
    """The panel's options, as declared (``read`` has only this kind's keys)."""
    window = read.window("window", ("k", "J")) if "window" in read else {}
    scale = read.choice("scale", SCALES, "log")
    if scale == "log" and "J" in window and window["J"][0] <= 0:
        raise read.fail(
            "window",
            f"on a log scale the window's J starts above 0, got {list(window['J'])}; "
            "write J: [1e-6, ...], or scale: linear",
        )
    return Options(
        scale=scale,
        y=read.choice("y", YS, "cost"),
        k_window=window.get("k"),
        J_window=window.get("J"),
        legend=read.boolean("legend", True),
        note=read.text("note", None),
    )


def check(read: Reader, cost: Any, runs: Mapping[str, Any] | None, series: Sequence[str]) -> None:
    """``y: gap`` needs the cost's minimum."""
    if read.data.get("y") == "gap" and cost.global_minimum is None:
        raise read.fail(
            "y", "y: gap needs the cost's minimum J*, and this cost has none known; write y: cost"
        )


def _values(figure: Figure, panel: Panel, series_id: str) -> list[float]:
    """What the line plots at each iterate: J(θ_k), or J(θ_k) − J* (never below 0: a
    rounding error at the minimum is the minimum)."""
    run = figure.series_by_id(series_id).run
    options: Options = panel.options
    if options.y == "cost":
        return list(run.J)
    floor = figure.cost.value(figure.cost.global_minimum)
    return [max(j - floor, 0.0) for j in run.J]


def plot_window(figure: Figure, panel: Panel) -> tuple[tuple[float, float], tuple[float, float]]:
    """The panel's window: as declared, else every iterate and J from the runs' lowest
    value to above their starts. A run that ends dearer than it started (it diverges)
    adds only its start: it leaves the top of the plot."""
    options: Options = panel.options
    lines = [_values(figure, panel, s) for s in panel.series]
    if options.k_window is not None:
        k_window = options.k_window
    else:
        n = max((len(v) - 1 for v in lines), default=0)
        pad = max(0.03 * n, 0.3)
        k_window = (-pad, n + pad)
    if options.J_window is not None:
        return k_window, options.J_window
    tops = [v[0] for v in lines] + [max(v) for v in lines if v[-1] <= v[0]]
    top = max(tops, default=1.0)
    shown = [x for v in lines for x in v if x <= top]
    # A rising run gets room to be seen rising before it leaves the plot.
    rising = any(v[-1] > v[0] for v in lines)
    if options.scale == "log":
        positive = [x for x in shown if x > 0]
        if not positive or top <= 0:
            return k_window, (1e-3, 1.0)
        # At least a factor 2 above the highest start: its marker clear of the top.
        hi = 10.0 ** (math.ceil(math.log10(top) + 0.3) + rising)
        lo = 10.0 ** math.floor(math.log10(min(positive)))
        return k_window, (max(lo, hi / 10.0**DECADES), hi)
    lo = min([0.0, *shown])
    span = max(top - lo, 1e-12)
    return k_window, (lo - 0.05 * span, top + (0.6 if rising else 0.12) * span)


def _marked(n: int, index: int, count: int, k_window: tuple[float, float]) -> list[int]:
    """The iterates of a run of ``n`` steps that get a marker: all those in the window if
    there are at most SHORT + 1; else MARKED + 1 spread over the part in the window,
    shifted for the ``index``-th of ``count`` lines so that two lines' markers do not sit
    on one another."""
    first = max(0, math.ceil(k_window[0]))
    last = min(n, math.floor(k_window[1]))
    if last < first:
        return []
    if last - first <= SHORT:
        return list(range(first, last + 1))
    step = (last - first) / MARKED
    shift = step * index / max(count, 1)
    return sorted({min(last, first + round(j * step + shift)) for j in range(MARKED + 1)})


@dataclass(frozen=True)
class Line:
    """One run's line as drawn: its vertices (simplified), which get a marker, which are 0."""

    id: str
    role: str
    label: str | None
    k: tuple[int, ...]  # the iterates the line goes through
    values: tuple[float, ...]  # what is drawn there (a 0 on a log scale: the floor)
    marked: tuple[int, ...]  # indices into k
    zero: tuple[int, ...]  # iterates whose value is exactly 0 (drawn on the floor)
    zero_label: str | None


@dataclass(frozen=True)
class Base:
    """What the axes are built from: figures with equal bases share one drawing."""

    lang: str
    x_label: str
    y_label: str
    k_window: tuple[float, float]
    J_window: tuple[float, float]
    log: bool
    legend_rows: int


@dataclass(frozen=True)
class Content:
    lines: tuple[Line, ...]
    note: str | None


def _drawn(
    figure: Figure, panel: Panel
) -> list[tuple[str, list[int], list[float], list[int], list[int]]]:
    """Per series: the iterates the line goes through, the values drawn there, the
    marked iterates and the zero ones."""
    import numpy as np

    options: Options = panel.options
    (k_lo, k_hi), (j_lo, j_hi) = plot_window(figure, panel)
    log = options.scale == "log"
    width = PLOT_WIDTH * 72  # (as far as known before drawing: for simplifying only)
    height = PLOT_HEIGHT * 72
    out = []
    for index, series_id in enumerate(panel.series):
        values = _values(figure, panel, series_id)
        n = len(values) - 1
        zero = [k for k, v in enumerate(values) if log and v <= 0]
        marked = _marked(n, index, len(panel.series), (k_lo, k_hi))
        drawn = [j_lo if k in zero else v for k, v in enumerate(values)]
        # Simplified on the page: a long run's straight stretch is two vertices.
        ys = np.log10(drawn) if log else np.asarray(drawn)
        span = (math.log10(j_hi) - math.log10(j_lo)) if log else (j_hi - j_lo)
        y0 = math.log10(j_lo) if log else j_lo
        page = np.column_stack(
            [
                (np.arange(n + 1) - k_lo) / (k_hi - k_lo) * width,
                np.clip((ys - y0) / span * height, -10 * height, 11 * height),
            ]
        )
        keep = sorted(set(simplify(page, TOLERANCE)) | set(marked) | set(zero))
        out.append((series_id, keep, [drawn[k] for k in keep], marked, zero))
    return out


def metadata(figure: Figure, panel: Panel) -> dict[str, Any]:
    options: Options = panel.options
    k_window, J_window = plot_window(figure, panel)
    return {
        "kind": NAME,
        "axes": {"k": list(k_window), "J": list(J_window)},
        "scale": options.scale,
        "y": options.y,
        "series": list(panel.series),
        "lines": [
            {
                "id": sid,
                "k": keep,
                "values": [_values(figure, panel, sid)[k] for k in keep],
                "marked": marked,
                "zero": zero,
            }
            for sid, keep, _, marked, zero in _drawn(figure, panel)
        ],
    }


def iterates(figure: Figure, panel: Panel) -> dict[str, set[int]]:
    """The iterates this panel draws, by series (the metadata records those of a long run)."""
    return {sid: set(keep) for sid, keep, _, _, _ in _drawn(figure, panel)}


def resolve(figure: Figure, panel: Panel, words: Words) -> PanelSpec:
    """The panel in ``words``' language: each run's line, every word filled."""
    from gdcore.text import fill

    lang = words.locale
    options: Options = panel.options
    values = figure.values(words)
    symbol = _SYMBOLS[options.y]
    lines = []
    for sid, keep, drawn, marked, zero in _drawn(figure, panel):
        s = figure.series_by_id(sid)
        label = drawn_words(legend_words(fill(s.label[lang], values))) if options.legend else None
        lines.append(
            Line(
                id=sid,
                role=s.colors[0],
                label=label,
                k=tuple(keep),
                values=tuple(drawn),
                marked=tuple(keep.index(k) for k in marked),
                zero=tuple(zero),
                zero_label=words.figure("exactly_zero", symbol=symbol) if zero else None,
            )
        )
    k_window, J_window = plot_window(figure, panel)
    y_key = "cost_axis" if options.y == "cost" else "gap_axis"
    base = Base(
        lang=lang,
        x_label=drawn_words(words.figure("iteration_axis")),
        y_label=words.figure(y_key, symbol=symbol),
        k_window=k_window,
        J_window=J_window,
        log=options.scale == "log",
        legend_rows=legend_rows([line.label for line in lines if line.label is not None]),
    )
    note = drawn_words(fill(options.note[lang], values)) if options.note is not None else None
    return PanelSpec(
        kind=NAME,
        plot_height=PLOT_HEIGHT,
        legend_rows=base.legend_rows,
        base=base,
        content=Content(tuple(lines), note),
    )


# ---------------------------------------------------------------- drawing


def left(base: Base) -> float:
    """The margin left of the plot (inches) that its y tick labels need."""
    return _left(base.J_window, base.log)


def draw_base(ax: Any, base: Base, panel_bottom: float) -> None:
    """The axes: what frames of one window share."""
    from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

    style_axes(
        ax,
        base.x_label,
        base.y_label,
        base.k_window,
        base.J_window,
        panel_bottom,
        PLOT_HEIGHT,
        y_log=base.log,
    )
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    if base.log:
        # Powers of ten only, a few of them: a rate is read from the slope, and each tick
        # costs bytes.
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=LOG_TICKS))
        ax.yaxis.set_minor_locator(NullLocator())


def draw(ax: Any, spec: PanelSpec) -> None:
    """Add each run's line, its markers, and the words by a value a log scale cannot show."""
    base: Base = spec.base
    content: Content = spec.content
    k_lo, k_hi = base.k_window
    for line in content.lines:
        color = COLORS[line.role]
        zero_at = {line.k.index(k) for k in line.zero}
        (drawn,) = ax.plot(
            line.k,
            line.values,
            color=color,
            lw=1.7,
            marker=MARKERS[line.role],
            markevery=[i for i in line.marked if i not in zero_at],
            markersize=6,
            markeredgecolor=COLORS["background"],
            markeredgewidth=0.8,
            solid_joinstyle="round",
            zorder=4,
            label=line.label if line.label is not None else "_nolegend_",
        )
        drawn.set_gid(f"cost-{line.id}")
        for k in line.zero:
            # On the plot's floor, over the axis (not clipped by it): it is not a value
            # of J but where J went, below every power of ten.
            point = ax.scatter(
                [k],
                [base.J_window[0]],
                s=40,
                marker=MARKERS[line.role],
                c=color,
                edgecolors=COLORS["background"],
                linewidths=0.8,
                clip_on=False,
                zorder=6,
            )
            point.set_gid(f"cost-zero-{line.id}-{k}")
            right = k > (k_lo + k_hi) / 2
            ax.annotate(
                line.zero_label,
                xy=(k, base.J_window[0]),
                xytext=(-7 if right else 7, 6),
                textcoords="offset points",
                ha="right" if right else "left",
                va="bottom",
                fontsize=LEGEND_FONT_SIZE,
                color=COLORS["text"],
                bbox={"boxstyle": "round,pad=0.2", "fc": COLORS["background"], "ec": "none"},
                zorder=6,
            ).set_gid(f"label-zero-{line.id}-{k}")


def note(spec: PanelSpec) -> str | None:
    return spec.content.note
