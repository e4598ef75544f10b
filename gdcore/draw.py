"""matplotlib: a figure's axes, curve, runs, note and legend, drawn from its FigureSpec.

Only the Figure API and the SVG canvas: no pyplot, no GUI backend.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import TYPE_CHECKING, Any

from gdcore.errors import FigureError
from gdcore.spec import AxesSpec, FigureSpec
from gdcore.style import COLORS, ensure_fonts, rc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_svg", "forget_axes"]

LayoutCheck = Callable[["Figure", Any], list[str]]


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

    def __init__(self, spec: AxesSpec) -> None:
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        fig = Figure(figsize=(6.4, 4.2))
        # Fixed margins rather than a layout engine: as fast and as deterministic, and
        # layout_problems() fails the render if a label no longer fits.
        fig.subplots_adjust(left=0.105, right=0.985, bottom=0.125, top=0.975)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ax.patch.set_gid("plot-area")
        lo, hi = spec.theta_window
        ax.set_xlim(lo, hi)
        ax.set_ylim(*spec.J_window)
        ax.set_xlabel(spec.x_label)
        ax.set_ylabel(spec.y_label)
        ax.grid(color="#eceff1", linewidth=0.8)
        # Five or six ticks per axis are plenty to read values off, and each tick costs
        # drawing time (a label, a tick line, a grid line).
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.spines[["top", "right"]].set_visible(False)

        (curve,) = ax.plot(
            spec.curve_theta, spec.curve_J, color=COLORS["curve"], lw=2, label=spec.curve_label
        )
        curve.set_gid("cost-curve")
        for m in spec.minima:
            ax.axvline(m.theta, color=COLORS[m.role], ls=":", lw=1.4, label=m.label)
        self.fig, self.ax = fig, ax

    @contextmanager
    def drawing(self, spec: FigureSpec) -> Iterator[Figure]:
        """The figure with ``spec``'s own artists added; removed again on exit."""
        ax = self.ax
        before = set(map(id, ax.get_children()))
        try:
            _draw_figure(ax, spec)
            yield self.fig
        finally:
            for artist in ax.get_children():
                if id(artist) not in before:
                    artist.remove()


_bases: dict[AxesSpec, _Base] = {}


def _base(spec: AxesSpec) -> _Base:
    if spec not in _bases:
        _bases[spec] = _Base(spec)
    return _bases[spec]


def forget_axes() -> None:
    """Drop the axes kept for reuse (the next figure builds its own)."""
    _bases.clear()


def _draw_figure(ax: Any, spec: FigureSpec) -> None:
    """Add what is ``spec``'s own to the base's axes: runs, the note, the legend."""
    import numpy as np
    from matplotlib.patches import FancyArrowPatch

    lo, hi = spec.axes.theta_window
    J_window = spec.axes.J_window
    for series in spec.series:
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
            w = _tangent_halfwidth(ax, s0, 150)
            tx = np.array([series.theta0 - w, series.theta0 + w])
            (tline,) = ax.plot(
                tx, series.J[0] + s0 * (tx - series.theta0), color=main, lw=1.3, ls="--"
            )
            tline.set_gid(f"tangent-{series.id}")
        for k in range(series.n_steps if not series.tangent else 0):
            start, end = (series.theta[k], series.J[k]), (series.theta[k + 1], series.J[k + 1])
            if start == end:
                continue
            # arc3 puts its control point at mid + rad·(dy, −dx): this sign lifts every
            # hop above its chord, like a jump over the curve.
            bend = -0.3 if series.theta[k + 1] > series.theta[k] else 0.3
            current = spec.highlight == k
            arrow = FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=14 if current else 11,
                color=colors[k],
                lw=2.6 if current else 1.3,
                alpha=0.35 if spec.highlight is not None and not current else 1.0,
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
            s=44,
            c=colors,
            edgecolors="#ffffff",
            linewidths=1.0,
            zorder=5,
            label=series.label,
        )
        points.set_gid(f"series-{series.id}")
        if spec.highlight is not None and series is spec.series[0]:
            k = spec.highlight
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

    if spec.note is not None:
        ax.text(
            *spec.note_at,
            spec.note,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=11,
            linespacing=1.6,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fafafa", "ec": "#b0bec5"},
            zorder=6,
        ).set_gid("note")
    legend = ax.legend(loc=spec.legend_at, fontsize=9.5, framealpha=0.95, borderaxespad=0.6)
    legend.set_gid("legend")
    legend.set_zorder(7)


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


def draw_svg(spec: FigureSpec, check: LayoutCheck) -> tuple[str, list[str]]:
    """matplotlib's SVG text of ``spec``, and its problems: what ``check`` finds on the
    drawn figure, and any warning matplotlib gave while drawing."""
    import matplotlib

    ensure_fonts()
    with (
        warnings.catch_warnings(record=True) as caught,
        matplotlib.rc_context(rc(spec.name, spec.lang)),
        _shared_text_to_path(),
    ):
        warnings.simplefilter("always")
        try:
            base = _base(spec.axes)
            with base.drawing(spec) as fig:
                problems: list[str] = []
                # Check the layout with the renderer that writes the file: same
                # measurements, and the text metrics it already computed are reused.
                connection = fig.canvas.mpl_connect(
                    "draw_event",
                    lambda event: problems.extend(check(fig, event.renderer)),
                )
                buf = StringIO()
                try:
                    fig.savefig(
                        buf,
                        format="svg",
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                    )
                finally:
                    fig.canvas.mpl_disconnect(connection)
        except BaseException:
            # A base that failed half-way is not reused.
            _bases.pop(spec.axes, None)
            raise
    problems += [f"warning while drawing: {w.message}" for w in caught]
    return buf.getvalue(), problems
