"""What every kind of figure draws the same way: the page's geometry, axes, legend words.

Shared by the kinds (``gdcore.kinds``) and the figure assembler (``gdcore.draw``). Only
the Figure API and the SVG canvas: no pyplot, no GUI backend.

The geometry, in inches (72 pt = 72 SVG user units per inch), is composed for a narrow
column: 4.4 in (316.8 units) is shown at about 1.03–1.1 units per CSS px on a 375 px
phone, so FONT_SIZE text reads as it is declared. Each panel has its legend above its
plot, where it can hide nothing, and its height grows with the legend's rows.
"""

from __future__ import annotations

import math
import re
from typing import Any

from gdcore.style import COLORS, FONT_SIZE, LEGEND_FONT_SIZE

__all__ = [
    "BOTTOM",
    "LEFT",
    "LEGEND_EMS",
    "LEGEND_PAD",
    "LEGEND_ROW",
    "PLOT_WIDTH",
    "RIGHT",
    "TICK_CLEARANCE",
    "WIDTH",
    "Y_LABEL_AT",
    "compact",
    "drawn_words",
    "label_width",
    "left_margin",
    "legend_rows",
    "legend_words",
    "panel_height",
    "simplify",
    "style_axes",
    "tangent_halfwidth",
    "y_tick_margin",
]

WIDTH = 4.4
LEFT, RIGHT, BOTTOM = 0.7, 0.14, 0.58
Y_LABEL_AT = 0.04  # the y label's distance from the figure's left edge, whatever the ticks
LEGEND_ROW = LEGEND_FONT_SIZE * 1.5 / 72
LEGEND_PAD = 0.22
TICK_CLEARANCE = 0.09  # between the plot's top and the legend: half a tick label and more
PLOT_WIDTH = WIDTH - LEFT - RIGHT
"""The plot area's width in inches: a kind knows its data-to-page scale before drawing."""


def panel_height(plot_height: float, rows: int) -> float:
    """A panel's height in inches: its plot, the x axis below it, its legend above."""
    return BOTTOM + plot_height + rows * LEGEND_ROW + LEGEND_PAD


def compact(value: float, _position: object = None) -> str:
    """A tick label of at most four characters or so: 0.5, 12, 150, 15k, 2.5M."""
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}".replace("-", "\u2212")


def style_axes(
    ax: Any,
    x_label: str,
    y_label: str,
    x_window: tuple[float, float],
    y_window: tuple[float, float],
    panel_bottom: float,
    plot_height: float,
    x_bins: int = 6,
    y_bins: int = 5,
    y_log: bool = False,
) -> None:
    """The axes every kind shares: limits, labels at fixed places, a light grid, few ticks.

    ``panel_bottom`` is the panel's lowest point in inches from the figure's bottom.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = ax.figure
    width, height = fig.get_figwidth(), fig.get_figheight()
    ax.patch.set_gid("plot-area")
    if y_log:
        ax.set_yscale("log")
    ax.set_xlim(*x_window)
    ax.set_ylim(*y_window)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    # At a fixed place, not pushed left by wide tick labels (and off the figure).
    ax.yaxis.set_label_coords(
        Y_LABEL_AT / width,
        (panel_bottom + BOTTOM + plot_height / 2) / height,
        transform=fig.transFigure,
    )
    ax.yaxis.label.set_verticalalignment("top")
    ax.grid(color=COLORS["grid"], linewidth=0.8)
    # Four to six ticks per axis are plenty to read values off on a phone, and each
    # tick costs drawing time (a label, a tick line, a grid line).
    ax.xaxis.set_major_locator(MaxNLocator(nbins=x_bins, steps=[1, 2, 5, 10]))
    if not y_log:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=y_bins, steps=[1, 2, 5, 10]))
        # A diverging run reaches J in the thousands: "15k" fits the margin, "15000" not.
        ax.yaxis.set_major_formatter(FuncFormatter(compact))
    ax.spines[["top", "right"]].set_visible(False)


LEGEND_EMS = 23.0
"""How wide a legend line may be, in ems of its font: about the figure's width."""
_BREAKS = ("：", "；", "，", ": ", "; ", ", ", " ")


def _ems(text: str) -> float:
    """A text's width in ems, roughly: CJK characters are square, others narrower."""
    return sum(1.0 if "\u2e80" <= ch <= "\uffef" else 0.6 for ch in text)


def legend_words(label: str) -> str:
    """``label`` on one line, or broken in two where it fits: after the punctuation (else
    the space) nearest its middle. The legend sits above the plot, as wide as the figure."""
    if _ems(label) <= LEGEND_EMS or "$" in label:
        return label
    for mark in _BREAKS:
        cuts = [i + len(mark) for i in range(len(label)) if label.startswith(mark, i)]
        fits = [c for c in cuts if max(_ems(label[:c]), _ems(label[c:])) <= LEGEND_EMS]
        if fits:
            cut = min(fits, key=lambda c: abs(_ems(label[:c]) - _ems(label[c:])))
            return label[:cut].rstrip() + "\n" + label[cut:].lstrip()
    return label  # the layout check reports it if it does not fit


def legend_rows(labels: list[str]) -> int:
    """How many rows the legend entries ``labels`` take (a broken label takes two)."""
    return sum(1 + label.count("\n") for label in labels)


# The words write θ₁ as a reader reads it (captions, alt text); a drawn label writes it
# as the axes do, in matplotlib's maths (the CJK font has no subscript digits, and the
# same symbol must look the same in the legend as on the axis). Longest first.
_DRAWN_MATHS = (
    ("J′(θ₁)", r"$J′(\theta_1)$"),
    ("J(θ₀, θ₁)", r"$J(\theta_0, \theta_1)$"),
    ("J(θ₁)", r"$J(\theta_1)$"),
    ("θ₀", r"$\theta_0$"),
    ("θ₁", r"$\theta_1$"),
)


# A negative number written for readers: U+2212, then its digits.
_NEGATIVE = re.compile(r"−(\d+(?:\.\d+)?)")


def drawn_words(text: str) -> str:
    """``text`` as drawn in a figure: its symbols and its negative numbers in matplotlib's
    maths (outside any maths it already has).

    A CJK font's U+2212 is a full-width dash: drawn in the Chinese labels' font, "−7"
    reads "− 7", a binary minus. As maths (``$-7$``) it is drawn as in an English label,
    in DejaVu Sans, the minus a sign set tight against its digits."""
    parts = text.split("$")
    for i in range(0, len(parts), 2):  # the even parts are outside $…$
        for plain, maths in _DRAWN_MATHS:
            parts[i] = parts[i].replace(plain, maths)
        parts[i] = _NEGATIVE.sub(r"$-\1$", parts[i])
    return "$".join(parts)


def tangent_halfwidth(ax: Any, slope: float, length_px: float) -> float:
    """Half-width along x of a segment of ``slope`` whose drawn length is ``length_px``."""
    (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
    px_per_x, px_per_y = abs(x1 - x0), abs(y1 - y0)
    return (length_px / 2) / math.hypot(px_per_x, slope * px_per_y)


def simplify(points: Any, tolerance: float) -> list[int]:
    """The indices of ``points`` (an (n, 2) array in figure units) that a polyline through
    them keeps when no dropped point lies further than ``tolerance`` from it (Douglas and
    Peucker): the first and the last always. A long run's path, a contour line: drawn with
    a few dozen vertices instead of hundreds, so the file stays small, and the same
    indices every time (no randomness, no dependence on the renderer)."""
    import numpy as np

    xy = np.asarray(points, dtype=float)
    n = len(xy)
    if n <= 2:
        return list(range(n))
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = xy[i], xy[j]
        seg = b - a
        inner = xy[i + 1 : j] - a
        length = math.hypot(*seg)
        if length == 0:
            dist = np.hypot(inner[:, 0], inner[:, 1])
        else:
            dist = np.abs(seg[0] * inner[:, 1] - seg[1] * inner[:, 0]) / length
        far = int(np.argmax(dist))
        if dist[far] > tolerance:
            k = i + 1 + far
            keep[k] = True
            stack += [(i, k), (k, j)]
    return [int(i) for i in np.flatnonzero(keep)]


# DejaVu Sans advance widths (ems) of what tick labels are made of; a digit is 0.636.
_ADVANCE = {".": 0.318, ",": 0.318, "−": 0.838, "-": 0.361, "k": 0.579, "M": 0.863, " ": 0.318}
TICK_ROOM = 23.4
"""Figure units between the y label (at Y_LABEL_AT, about 17 units deep with its
subscripts) and the right end of the y tick labels (a tick and its pad, 7 units, left of
the plot) when the margin is LEFT: "0.5" fits, "−0.5" does not."""


def label_width(text: str, size: float = FONT_SIZE, superscript: str = "") -> float:
    """A tick label's width in figure units (``superscript`` drawn at 0.7 of ``size``, as
    mathtext draws 10⁻⁶'s exponent)."""

    def ems(part: str) -> float:
        return sum(_ADVANCE.get(ch, 0.636) for ch in part)

    return ems(text) * size + ems(superscript) * 0.7 * size


def left_margin(widest: float) -> float:
    """The margin left of a plot (inches): LEFT, or as much more as the widest y tick
    label (figure units) needs to clear the y label."""
    extra = widest - TICK_ROOM
    return LEFT if extra <= 0 else math.ceil((LEFT * 72 + extra) / 72 * 100) / 100


def y_tick_margin(window: tuple[float, float], bins: int = 5) -> float:
    """The left margin that fits the y tick labels style_axes draws on ``window``."""
    from matplotlib.ticker import MaxNLocator

    lo, hi = window
    ticks = MaxNLocator(nbins=bins, steps=[1, 2, 5, 10]).tick_values(lo, hi)
    shown = [compact(t) for t in ticks if lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)]
    return left_margin(max((label_width(t) for t in shown), default=0.0))
