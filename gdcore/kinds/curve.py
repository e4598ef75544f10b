"""Kind ``curve``: a cost of one parameter as a curve J(θ₁), with runs of gradient descent
on it: each iterate a marker, each step an arrow hopping over the curve, optionally the
tangent at the start, the minima as dotted lines, and a note box (the update rule with
its numbers).

Options (``lecture.yml``): ``window: {theta: [lo, hi], J: [lo, hi]}`` (default: derived
from the runs and the minima, so a change to the data still gives a figure that shows it),
``note`` (words per language), ``mark_minima: {global: words}`` (on a cost with several
minima, only the marked ones get a line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gdcore.declarations import Figure, Panel
from gdcore.errors import FigureError
from gdcore.plot import drawn_words, legend_rows, legend_words, style_axes, tangent_halfwidth
from gdcore.reader import Reader
from gdcore.spec import PanelSpec, point_value
from gdcore.style import COLORS, MARKERS
from gdcore.words import Words

NAME = "curve"
PLOT_HEIGHT = 2.7
CURVE_POINTS = 161
"""Samples of J drawn as the cost curve."""
TANGENT_PX = 240  # a tangent's drawn length, in figure units (of 316.8 across)


@dataclass(frozen=True)
class Options:
    theta_window: tuple[float, float] | None = None
    J_window: tuple[float, float] | None = None
    note: Mapping[str, str] | None = None
    mark_minima: Mapping[str, Mapping[str, str]] | None = None


@dataclass(frozen=True)
class MinimumLine:
    """A dotted vertical line at a minimum of J, with its legend words."""

    theta: float
    role: str  # a colour role: "minimum" or "global"
    label: str


@dataclass(frozen=True)
class Base:
    """What a curve's axes are built from: figures with equal bases share one drawing."""

    lang: str
    x_label: str
    y_label: str
    curve_label: str
    theta_window: tuple[float, float]
    J_window: tuple[float, float]
    curve_theta: tuple[float, ...]
    curve_J: tuple[float, ...]
    minima: tuple[MinimumLine, ...]
    legend_rows: int


@dataclass(frozen=True)
class SeriesSpec:
    """One run as drawn: its iterates, a colour role per point, its legend words."""

    id: str
    label: str
    colors: tuple[str, ...]
    tangent: bool
    alpha: float
    theta0: float
    n_steps: int
    theta: tuple[float, ...]
    J: tuple[float, ...]
    slope: tuple[float, ...]
    step: tuple[float, ...]


@dataclass(frozen=True)
class Content:
    series: tuple[SeriesSpec, ...]
    note: str | None
    highlight: int | None


OPTIONS = ("window", "note", "mark_minima")
DIMENSIONS = (1,)
"""The number of parameters of a cost this kind can draw."""


def options(read: Reader) -> Options:
    """The panel's options, as declared (``read`` has only this kind's keys)."""
    window = read.window("window", ("theta", "J")) if "window" in read else {}
    marks = None
    if "mark_minima" in read:
        sub = read.sub("mark_minima", f"{read.what}: mark_minima")
        sub.keys(("global", "minimum"))
        marks = {key: sub.text(key) for key in ("global", "minimum") if key in sub}
    return Options(
        theta_window=window.get("theta"),
        J_window=window.get("J"),
        note=read.text("note", None),
        mark_minima=marks,
    )


def plot_window(figure: Figure, panel: Panel) -> tuple[tuple[float, float], tuple[float, float]]:
    """The panel's window: as declared, else one that shows every iterate of its runs
    and the valley they are in.

    θ spans the iterates and the cost's minima; with a single minimum, also the mirror
    image of the iterates, so that both sides of the bowl show. J spans 0 (or the lowest
    value of J in view) to the highest iterate, with room above for the tangent and the
    note and a margin below for the move drawn along the θ₁ axis.
    """
    options: Options = panel.options
    if options.theta_window is not None and options.J_window is not None:
        return options.theta_window, options.J_window
    cost = figure.cost
    runs = [figure.series_by_id(s).run for s in panel.series]
    thetas = [t[0] for run in runs for t in run.theta]
    minima = [m[0] for m in cost.minima]
    points = thetas + minima
    if len(minima) == 1:
        (m,) = minima
        points += [2 * m - t for t in thetas]
    lo, hi = min(points), max(points)
    pad = max(0.2 * (hi - lo), 0.5)
    theta_window = (lo - pad, hi + pad)
    grid = [theta_window[0] + i * (theta_window[1] - theta_window[0]) / 200 for i in range(201)]
    inner = [t for t in grid if lo <= t <= hi] or grid
    curve = [cost.value((t,)) for t in inner]
    js = [j for run in runs for j in run.J]
    j_lo = min([0.0, *curve, *js])
    # With two minima the hump between them is part of the picture.
    j_hi = max([*js, *(curve if len(minima) > 1 else [])])
    span = max(j_hi - j_lo, 1e-9)
    J_window = (j_lo - 0.08 * span, j_hi + 0.3 * span)
    return options.theta_window or theta_window, options.J_window or J_window


def inside(panel: Panel) -> Any:
    """For a sweep: whether an iterate (θ, J) lies inside the panel's declared window."""
    options: Options = panel.options
    if options.theta_window is None or options.J_window is None:
        return None
    (t_lo, t_hi), (j_lo, j_hi) = options.theta_window, options.J_window
    return lambda theta, J: t_lo <= theta[0] <= t_hi and j_lo <= J <= j_hi


def metadata(figure: Figure, panel: Panel) -> dict[str, Any]:
    theta_window, J_window = plot_window(figure, panel)
    return {
        "kind": NAME,
        "axes": {"theta": list(theta_window), "J": list(J_window)},
        "series": list(panel.series),
    }


def resolve(figure: Figure, panel: Panel, words: Words) -> PanelSpec:
    """The panel in ``words``' language: runs as drawn, every word filled."""
    import numpy as np

    lang = words.locale
    options: Options = panel.options
    values = figure.values(words)
    series = []
    for series_id in panel.series:
        s = figure.series_by_id(series_id)
        run = s.run
        series.append(
            SeriesSpec(
                id=s.id,
                # Broken into lines first (the break is measured on the words as read);
                # no replaced symbol spans a line, so each line's maths stays closed.
                label=drawn_words(legend_words(_fill(s.label[lang], values))),
                colors=tuple(s.colors[min(i, len(s.colors) - 1)] for i in range(len(run.theta))),
                tangent=s.tangent,
                alpha=run.alpha,
                theta0=run.theta0[0],
                n_steps=run.n_steps,
                theta=tuple(t[0] for t in run.theta),
                J=tuple(run.J),
                slope=tuple(g[0] for g in run.grad),
                step=tuple(u[0] for u in run.step),
            )
        )
    cost = figure.cost
    (lo, hi), J_window = plot_window(figure, panel)
    grid = np.linspace(lo, hi, CURVE_POINTS)
    symbol = cost.symbols[0]
    minima = []
    marks = options.mark_minima or {}
    g = cost.global_minimum
    for (m,) in cost.minima:
        if lo <= m <= hi:
            is_global = (m,) == g and len(cost.minima) > 1
            key = "global" if is_global and "global" in marks else "minimum"
            name = marks.get(key, {}).get(lang, words.figure("minimum"))
            if key == "minimum" and len(cost.minima) > 1:
                continue  # on a non-convex J only the marked minima get a line
            minima.append(MinimumLine(m, key, rf"{name} ${cost.tex_symbols[0]} = {m:g}$"))
    curve_label = drawn_words(words.figure("cost_curve", symbol=f"J({symbol})"))
    labels = [curve_label, *(s.label for s in series)]
    base = Base(
        lang=lang,
        x_label=drawn_words(words.figure("parameter_axis", symbol=symbol)),
        y_label=drawn_words(words.figure("cost_axis", symbol=f"J({symbol})")),
        curve_label=curve_label,
        theta_window=(lo, hi),
        J_window=tuple(J_window),
        curve_theta=tuple(grid.tolist()),
        curve_J=tuple(np.asarray(cost.J(grid[:, np.newaxis]), dtype=float).tolist()),
        minima=tuple(minima),
        legend_rows=legend_rows(labels) + len(minima),
    )
    note = drawn_words(_fill(options.note[lang], values)) if options.note is not None else None
    return PanelSpec(
        kind=NAME,
        plot_height=PLOT_HEIGHT,
        legend_rows=base.legend_rows,
        base=base,
        content=Content(tuple(series), note, figure.highlight),
    )


def _fill(template: str, values: dict[str, Any]) -> str:
    from gdcore.text import fill

    return fill(template, values)


def series_metadata(figure: Figure) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "cost": s.cost.describe(),
            "alpha": run.alpha,
            "theta0": point_value(run.theta0),
            "steps": run.n_steps,
            "status": run.status.value,
            "theta": [point_value(t) for t in run.theta],
            "J": list(run.J),
        }
        for s in figure.series
        for run in [s.run]
    ]


# ---------------------------------------------------------------- drawing


def draw_base(ax: Any, base: Base, panel_bottom: float) -> None:
    """The axes, the cost curve and the minima: what frames of one window share."""
    style_axes(
        ax,
        base.x_label,
        base.y_label,
        base.theta_window,
        base.J_window,
        panel_bottom,
        PLOT_HEIGHT,
    )
    (curve,) = ax.plot(
        base.curve_theta, base.curve_J, color=COLORS["curve"], lw=2, label=base.curve_label
    )
    curve.set_gid("cost-curve")
    for m in base.minima:
        ax.axvline(m.theta, color=COLORS[m.role], ls=":", lw=1.4, label=m.label)


def draw(ax: Any, spec: PanelSpec) -> None:
    """Add what is the figure's own to the base's axes: its runs."""
    import numpy as np
    from matplotlib.patches import FancyArrowPatch

    base: Base = spec.base
    content: Content = spec.content
    lo, hi = base.theta_window
    J_window = base.J_window
    for series in content.series:
        colors = [COLORS[role] for role in series.colors]
        main = colors[0]
        thetas, js = np.array(series.theta), np.array(series.J)
        outside = (thetas < lo) | (thetas > hi) | (js < J_window[0]) | (js > J_window[1])
        if outside.any():
            raise FigureError(
                f"series {series.id!r} leaves the plot window at theta={thetas[outside].tolist()}"
            )
        if series.tangent:
            s0 = series.slope[0]
            # Long enough to leave the curve visibly on both sides: a short one lies on a
            # steep curve and cannot be told from it. Clipped by the plot like the curve.
            w = tangent_halfwidth(ax, s0, TANGENT_PX)
            tx = np.array([series.theta0 - w, series.theta0 + w])
            (tline,) = ax.plot(
                tx,
                series.J[0] + s0 * (tx - series.theta0),
                color=main,
                lw=1.8,
                ls=(0, (5, 2.5)),
                zorder=3,  # over the cost curve where the two meet
            )
            tline.set_gid(f"tangent-{series.id}")
        for k in range(series.n_steps if not series.tangent else 0):
            start, end = (series.theta[k], series.J[k]), (series.theta[k + 1], series.J[k + 1])
            if start == end:
                continue
            # arc3 puts its control point at mid + rad·(dy, −dx): this sign lifts every
            # hop above its chord, like a jump over the curve.
            bend = -0.3 if series.theta[k + 1] > series.theta[k] else 0.3
            current = content.highlight == k
            arrow = FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=14 if current else 11,
                color=colors[k],
                lw=2.6 if current else 1.3,
                alpha=0.35 if content.highlight is not None and not current else 1.0,
                shrinkA=5,
                shrinkB=5,
                connectionstyle=f"arc3,rad={bend if abs(series.step[k]) > 0.3 else 0}",
                zorder=4,
            )
            arrow.set_gid(f"step-{series.id}-{k}")
            # add_artist, not add_patch: the limits are fixed, so the arrow's path need
            # not be computed a second time just to grow the data limits.
            ax.add_artist(arrow)
        if series.tangent and series.n_steps and series.theta[1] != series.theta[0]:
            # The move itself, drawn along the θ1 axis.
            y = J_window[0] + 0.05 * (J_window[1] - J_window[0])
            ax.add_artist(
                FancyArrowPatch(
                    (series.theta[0], y),
                    (series.theta[1], y),
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
            s=46,
            c=colors,
            # A shape per series (by its first colour): colour is never the only difference
            # between two runs (red against green is one colour to many readers).
            marker=MARKERS[series.colors[0]],
            edgecolors=COLORS["background"],
            linewidths=1.0,
            zorder=5,
            label=series.label,
        )
        points.set_gid(f"series-{series.id}")
        if content.highlight is not None and series is content.series[0]:
            k = content.highlight
            ring = ax.scatter(
                [series.theta[k]],
                [series.J[k]],
                s=260,
                facecolors="none",
                edgecolors=colors[k],
                linewidths=2.2,
                zorder=6,
            )
            ring.set_gid(f"highlight-{series.id}-{k}")


def note(spec: PanelSpec) -> str | None:
    return spec.content.note
