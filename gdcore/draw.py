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
from gdcore.style import COLORS, FONT_SIZE, LEGEND_FONT_SIZE, MARKERS, ensure_fonts, rc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_svg", "figure_size", "forget_axes"]

# The figure's layout, in inches (72 pt = 72 SVG user units per inch). Composed for a
# narrow column: 4.4 in (316.8 units) is shown at about 1.03–1.1 units per CSS px on a
# 375 px phone, so FONT_SIZE text reads as it is declared; the legend sits above the plot,
# where it can hide nothing, and its height grows with its rows.
WIDTH = 4.4
PLOT_HEIGHT = 2.7
LEFT, RIGHT, BOTTOM = 0.7, 0.14, 0.58
Y_LABEL_AT = 0.04  # the y label's distance from the figure's left edge, whatever the ticks
LEGEND_ROW = LEGEND_FONT_SIZE * 1.5 / 72
LEGEND_PAD = 0.22
TICK_CLEARANCE = 0.09  # between the plot's top and the legend: half a tick label and more
TANGENT_PX = 240  # a tangent's drawn length, in figure units (of 316.8 across)

# Where the note may go (its top centre, in axes fractions), in order of preference; and
# the legend, above the plot first, else inside it. The first placement that passes the
# layout checks is drawn (14.5: a change to the data must not need hand placement).
NOTE_SPOTS: tuple[tuple[float, float], ...] = (
    (0.5, 0.97),
    (0.3, 0.97),
    (0.7, 0.97),
    (0.28, 0.62),
    (0.72, 0.62),
    (0.5, 0.5),
    (0.3, 0.35),
    (0.7, 0.35),
)
LEGEND_SPOTS: tuple[str, ...] = ("above", "upper right", "upper left", "lower right", "lower left")


def _compact(value: float, _position: object = None) -> str:
    """A tick label of at most four characters or so: 0.5, 12, 150, 15k, 2.5M."""
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}".replace("-", "\u2212")


def figure_size(legend_rows: int) -> tuple[float, float]:
    """Width and height in inches of a figure whose legend has ``legend_rows`` rows."""
    return WIDTH, BOTTOM + PLOT_HEIGHT + legend_rows * LEGEND_ROW + LEGEND_PAD


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
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        width, height = figure_size(spec.legend_rows)
        fig = Figure(figsize=(width, height))
        # Fixed margins rather than a layout engine: as fast and as deterministic, and
        # layout_problems() fails the render if a label no longer fits.
        fig.subplots_adjust(
            left=LEFT / width,
            right=1 - RIGHT / width,
            bottom=BOTTOM / height,
            top=(BOTTOM + PLOT_HEIGHT) / height,
        )
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ax.patch.set_gid("plot-area")
        lo, hi = spec.theta_window
        ax.set_xlim(lo, hi)
        ax.set_ylim(*spec.J_window)
        ax.set_xlabel(spec.x_label)
        ax.set_ylabel(spec.y_label)
        # At a fixed place, not pushed left by wide tick labels (and off the figure).
        ax.yaxis.set_label_coords(
            Y_LABEL_AT / width, (BOTTOM + PLOT_HEIGHT / 2) / height, transform=fig.transFigure
        )
        ax.yaxis.label.set_verticalalignment("top")
        ax.grid(color=COLORS["grid"], linewidth=0.8)
        # Four to six ticks per axis are plenty to read values off on a phone, and each
        # tick costs drawing time (a label, a tick line, a grid line).
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        # A diverging run reaches J in the thousands: "15k" fits the margin, "15000" not.
        ax.yaxis.set_major_formatter(FuncFormatter(_compact))
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
            # Long enough to leave the curve visibly on both sides: a short one lies on a
            # steep curve and cannot be told from it. Clipped by the plot like the curve.
            w = _tangent_halfwidth(ax, s0, TANGENT_PX)
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


def _placements(spec: FigureSpec) -> Iterator[tuple[str, tuple[float, float] | None]]:
    """(legend spot, note spot) pairs, in order of preference."""
    for legend_at in LEGEND_SPOTS:
        for note_at in NOTE_SPOTS if spec.note is not None else (None,):
            yield legend_at, note_at


def _place(ax: Any, spec: FigureSpec, legend_at: str, note_at: tuple[float, float] | None) -> None:
    """Add the note at ``note_at`` and the legend at ``legend_at`` (see LEGEND_SPOTS)."""
    if spec.note is not None and note_at is not None:
        ax.text(
            *note_at,
            spec.note,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=FONT_SIZE,
            linespacing=1.5,
            bbox={
                "boxstyle": "round,pad=0.35",
                "fc": COLORS["note-face"],
                "ec": COLORS["note-edge"],
            },
            zorder=6,
        ).set_gid("note")
    # A run drawn with its tangent shows both in its legend entry: the dashed line is
    # then named (tangent slope = ...), not left for the reader to guess.
    tangents = {
        line.get_gid().removeprefix("tangent-"): line
        for line in ax.get_lines()
        if (line.get_gid() or "").startswith("tangent-")
    }
    handles, labels = ax.get_legend_handles_labels()
    handles = [
        (tangents[run], handle)
        if (run := (handle.get_gid() or "").removeprefix("series-")) in tangents
        else handle
        for handle in handles
    ]
    style = {
        "handles": handles,
        "labels": labels,
        "fontsize": LEGEND_FONT_SIZE,
        "handlelength": 1.6,
        "handletextpad": 0.5,
    }
    if legend_at == "above":
        fig = ax.figure
        # From the figure's left edge (the y label is below it), just above the plot.
        legend = ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.01, ax.get_position().y1 + TICK_CLEARANCE / fig.get_figheight()),
            bbox_transform=fig.transFigure,
            frameon=False,
            borderaxespad=0.1,
            borderpad=0.2,
            labelspacing=0.5,
            **style,
        )
    else:
        legend = ax.legend(loc=legend_at, framealpha=0.95, borderaxespad=0.5, **style)
    legend.set_gid("legend")
    legend.set_zorder(7)


def _moves_fix(problem: str, spec: FigureSpec) -> bool:
    """Whether moving the legend or the note could solve ``problem`` (layout_problems names
    the legend "legend" and the note by its text)."""
    return (
        "legend" in problem
        or "note" in problem
        or (spec.note is not None and repr(spec.note) in problem)
    )


def _unplace(ax: Any) -> None:
    for artist in ax.get_children():
        if artist.get_gid() == "note" or artist is ax.get_legend():
            artist.remove()
    ax.legend_ = None


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
                first: list[str] | None = None
                problems: list[str] = []
                for legend_at, note_at in _placements(spec):
                    _place(fig.axes[0], spec, legend_at, note_at)
                    problems = []
                    # Check the layout with the renderer that writes the file: same
                    # measurements, and the text metrics it already computed are reused.
                    connection = fig.canvas.mpl_connect(
                        "draw_event",
                        lambda event, found=problems: found.extend(check(fig, event.renderer)),
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
                    if not problems:
                        break
                    first = problems if first is None else first
                    _unplace(fig.axes[0])
                    if not any(_moves_fix(p, spec) for p in problems):
                        problems = first  # no other placement can help
                        break
                else:
                    problems = [*(first or []), "no placement of the legend and note passes"]
        except BaseException:
            # A base that failed half-way is not reused.
            _bases.pop(spec.axes, None)
            raise
    problems += [f"warning while drawing: {w.message}" for w in caught]
    return buf.getvalue(), problems
