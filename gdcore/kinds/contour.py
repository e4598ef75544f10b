"""Kind ``contour``: a cost of two parameters as contours of J(θ₀, θ₁), with runs of
gradient descent on it as paths: filled bands between labelled levels, the minimum marked,
each run's iterates as markers joined by a line, an arrow on each marked step.

Options (``lecture.yml``):

* ``window: {theta0: [lo, hi], theta1: [lo, hi]}``; default: the runs' iterates and the
  minimum, padded (a diverging run's iterates past the starts' cost are left out: its path
  leaves the plot, clipped), so changed data still draws;
* ``levels``: how many levels (1 to 6, default 6), chosen as round numbers where J splits
  the window into bands of about equal area (a long, narrow bowl then shows both its
  steep walls and its flat floor); or the values themselves, ``[0.5, 1, 2, 5]``;
* ``markers``: how many iterates of a run get a marker (default 10); a longer run goes on
  as a line through the rest, simplified (the file stays small whatever the run's length).

No ``note``: the bands, labels and paths fill the plot, and a box in it would hide them
(tried: no place passed the layout checks); the update rule goes in a fit panel's note or
the caption.

Everything is computed in :func:`resolve` (the bands' outlines, the labels' places), so the
drawing only draws, and the metadata records what is drawn (window, levels, labels' places,
which iterates are marked, which the line goes through).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from gdcore.declarations import Figure, Panel
from gdcore.errors import FigureError
from gdcore.plot import (
    PLOT_WIDTH,
    drawn_words,
    legend_rows,
    legend_words,
    simplify,
    style_axes,
    y_tick_margin,
)
from gdcore.reader import Reader
from gdcore.spec import PanelSpec
from gdcore.style import COLORS, LEGEND_FONT_SIZE, LEVEL_ROLES, MARKERS
from gdcore.text import fmt, fmt_point
from gdcore.words import Words
from gdcore.yamlfile import List

NAME = "contour"
PLOT_HEIGHT = 2.9
DIMENSIONS = (2,)
OPTIONS = ("window", "levels", "markers")

MAX_LEVELS = len(LEVEL_ROLES) - 1
"""Levels split the plot into one band more than there are levels: one ramp colour each."""
DEFAULT_LEVELS = MAX_LEVELS
DEFAULT_MARKERS = 10
GRID = 80
"""Samples of J per axis; the outlines between them are interpolated, then simplified."""
MARGIN = 0.03
"""How far past the window (a fraction of it) J is sampled: a band's outline along the edge
of the samples then lies outside the plot, and its stroke is clipped away with it."""
TOLERANCE = 0.25
"""How far (figure units) a simplified outline or path may stray from the exact one."""
MARKER_SIZE = 38  # points², as scatter takes it
RING_SIZE = 230
ESCAPE = 4.0
"""An iterate with J above this many times every start's is a diverging run's: the
default window leaves it out, and the path is drawn only until it leaves the plot."""
ARROW_MIN = 16.0  # figure units: a shorter step gets no arrow head, which would hide it
LABEL_SIZE = LEGEND_FONT_SIZE
LABEL_PAD = 0.15  # of the label's font size, round the box that hides the line under it
LABEL_CLEAR = 7.0  # figure units between a label's box and any path point
_UNITS = 72.0


@dataclass(frozen=True)
class Options:
    theta0_window: tuple[float, float] | None = None
    theta1_window: tuple[float, float] | None = None
    levels: int | tuple[float, ...] = DEFAULT_LEVELS
    markers: int = DEFAULT_MARKERS


def options(read: Reader) -> Options:
    """The panel's options, as declared (``read`` has only this kind's keys)."""
    window = read.window("window", ("theta0", "theta1")) if "window" in read else {}
    levels: int | tuple[float, ...] = DEFAULT_LEVELS
    if "levels" in read:
        raw = read.get("levels")
        how = (
            f"levels must be how many (a whole number from 1 to {MAX_LEVELS}) or the values "
            f"of J themselves, increasing ([0.5, 1, 2]; at most {MAX_LEVELS}), got {raw!r}"
        )
        if isinstance(raw, List):
            values = [float(read.number_value(v, "levels", expression=False)) for v in raw]
            ordered = all(a < b for a, b in itertools.pairwise(values))
            if not (1 <= len(values) <= MAX_LEVELS and ordered):
                raise read.fail("levels", how)
            levels = tuple(values)
        elif isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_LEVELS:
            raise read.fail("levels", how)
        else:
            levels = raw
    return Options(
        theta0_window=window.get("theta0"),
        theta1_window=window.get("theta1"),
        levels=levels,
        markers=read.integer("markers", 1, 1000, DEFAULT_MARKERS),
    )


# ---------------------------------------------------------------- geometry


def plot_window(figure: Figure, panel: Panel) -> tuple[tuple[float, float], tuple[float, float]]:
    """The panel's window: as declared, else the iterates and the minimum, padded."""
    options: Options = panel.options
    if options.theta0_window is not None and options.theta1_window is not None:
        return options.theta0_window, options.theta1_window
    runs = [figure.series_by_id(s).run for s in panel.series]
    points = list(figure.cost.minima) if figure.cost is not None else []
    if runs:
        # An iterate far dearer than every start is a diverging run's: the plot shows its
        # first overshoot, then the path leaves it.
        top = ESCAPE * max(run.J[0] for run in runs)
        points += [t for run in runs for t, j in zip(run.theta, run.J, strict=True) if j <= top]
    out = []
    for axis in (0, 1):
        values = [p[axis] for p in points] or [0.0]
        lo, hi = min(values), max(values)
        span = hi - lo
        pad = 0.12 * span if span > 0 else max(0.5, 0.1 * abs(lo))
        out.append((lo - pad, hi + pad))
    declared = (options.theta0_window, options.theta1_window)
    return declared[0] or out[0], declared[1] or out[1]


class _Screen:
    """Data coordinates to figure units inside the plot area (0, 0 at its lower left): a
    kind knows the page scale before anything is drawn."""

    def __init__(
        self, x_window: tuple[float, float], y_window: tuple[float, float], width: float
    ) -> None:
        self.x0, self.y0 = x_window[0], y_window[0]
        self.width, self.height = width, PLOT_HEIGHT * _UNITS
        self.sx = self.width / (x_window[1] - x_window[0])
        self.sy = self.height / (y_window[1] - y_window[0])

    def __call__(self, points: Any) -> Any:
        import numpy as np

        p = np.asarray(points, dtype=float).reshape(-1, 2)
        return np.column_stack([(p[:, 0] - self.x0) * self.sx, (p[:, 1] - self.y0) * self.sy])

    def back(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x / self.sx, self.y0 + y / self.sy


def _clean(x: float) -> float:
    """A rounded level without its float dust (0.30000000000000004 -> 0.3)."""
    return float(f"{x:.10g}")


def round_level(target: float, tolerance: float, above: float) -> float:
    """The roundest number (fewest significant digits, 5s and 2s before others) within
    ``tolerance`` of ``target`` and greater than ``above``."""
    if target == 0 or tolerance <= 0:
        return target
    top = math.floor(math.log10(abs(target))) + 1
    for exponent in range(top, top - 15, -1):
        for mantissa in (10, 5, 2, 1):
            step = mantissa * 10.0**exponent
            candidate = _clean(round(target / step) * step)
            if abs(candidate - target) <= tolerance and candidate > above:
                return candidate
    return target


def choose_levels(inside: Any, floor: float, count: int) -> tuple[float, ...]:
    """``count`` round levels of J, each above ``floor`` (the minimum of J), below which J
    (sampled ``inside`` the window) lies on (i / (count + 1))² of the window: 2 %, 8 %, …,
    73 % for six. In a round bowl that spaces the contours evenly (a region's area grows
    like its level); in a long, narrow valley the small ones close round the minimum, so
    its flat floor shows as well as its steep walls (equal shares would spend every level
    on the walls).
    """
    import numpy as np

    values = np.sort(np.asarray(inside, dtype=float).ravel())
    shares = [(i / (count + 1)) ** 2 for i in range(1, count + 1)]
    targets = [float(np.quantile(values, share)) for share in shares]
    out: list[float] = []
    for i, target in enumerate(targets):
        below = out[-1] if out else floor
        nxt = targets[i + 1] if i + 1 < count else float(values[-1])
        room = min(target - below, nxt - target)
        level = round_level(target, 0.3 * room, below)
        if level > below and (not out or level > out[-1]):
            out.append(level)
    return tuple(out)


@dataclass(frozen=True)
class Region:
    """Where J < ``level`` in the sampled window: its outline's rings (data coordinates,
    each ring closed, its first vertex at the index in ``starts``)."""

    level: float
    role: str  # the band's colour (the band just below the level)
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    starts: tuple[int, ...]


@dataclass(frozen=True)
class Label:
    """A level's value written on its line: centre (figure units in the plot), angle
    (degrees), the colour of the band it is boxed in."""

    level: int
    text: str
    x: float
    y: float
    angle: float
    role: str


@dataclass(frozen=True)
class PathSpec:
    """One run as drawn on the contours."""

    id: str
    label: str
    colors: tuple[str, ...]  # one colour role per marked iterate
    marked: tuple[tuple[float, float], ...]  # the first iterates: a marker each
    line: tuple[tuple[float, float], ...]  # the whole path, simplified
    line_iterates: tuple[int, ...]  # the iterate each vertex of ``line`` is
    arrows: tuple[int, ...]  # the steps k (θ_k → θ_k+1) that get an arrow head


@dataclass(frozen=True)
class Highlight:
    """A stepper frame's iterate k: ringed, its step drawn bold."""

    series: str
    k: int
    x: float
    y: float
    role: str


@dataclass(frozen=True)
class Base:
    """What a contour's axes are built from: figures with equal bases share one drawing."""

    lang: str
    x_label: str
    y_label: str
    x_window: tuple[float, float]
    y_window: tuple[float, float]
    levels: tuple[float, ...]
    regions: tuple[Region, ...]  # highest level first: each drawn over the previous
    top_role: str  # the band above the highest level: the plot's own background
    minimum: tuple[float, float] | None
    minimum_label: str
    legend_rows: int


@dataclass(frozen=True)
class Content:
    paths: tuple[PathSpec, ...]
    highlight: Highlight | None


@dataclass(frozen=True)
class _Layout:
    """Everything computed about a panel, language aside (shared by resolve and metadata)."""

    window: tuple[tuple[float, float], tuple[float, float]]
    levels: tuple[float, ...]
    regions: tuple[Region, ...]
    top_role: str
    paths: tuple[tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]], ...]


def band_roles(count: int) -> list[str]:
    """The ramp colour of each of the ``count + 1`` bands, lowest first: spread over the
    whole ramp, so that fewer levels still go from the lightest to the darkest band."""
    last = len(LEVEL_ROLES) - 1
    return [LEVEL_ROLES[round(j * last / count)] for j in range(count + 1)]


def _sample(figure: Figure, window: tuple[tuple[float, float], tuple[float, float]]) -> Any:
    import numpy as np

    (x_lo, x_hi), (y_lo, y_hi) = window
    mx, my = MARGIN * (x_hi - x_lo), MARGIN * (y_hi - y_lo)
    x = np.linspace(x_lo - mx, x_hi + mx, GRID)
    y = np.linspace(y_lo - my, y_hi + my, GRID)
    X, Y = np.meshgrid(x, y)
    with np.errstate(all="ignore"):
        Z = np.asarray(figure.cost.J(np.stack([X, Y], axis=-1)), dtype=float)
    if not np.all(np.isfinite(Z)):
        raise FigureError(
            f"J is not a finite number everywhere in the window {list(window)}; make it smaller"
        )
    return x, y, Z


def _project(cost: Any, points: Any, level: float) -> Any:
    """``points`` moved onto the level set J = ``level`` (two Newton steps along ∇J)."""
    import numpy as np

    out = np.array(points, dtype=float)
    with np.errstate(all="ignore"):
        for _ in range(2):
            if not len(out):
                break
            g = np.asarray(cost.grad(out), dtype=float).reshape(-1, 2)
            norm = (g * g).sum(axis=1)
            step = (np.asarray(cost.J(out), dtype=float).reshape(-1) - level) / norm
            moved = out - step[:, None] * g
            ok = np.isfinite(moved).all(axis=1) & (norm > 0)
            out[ok] = moved[ok]
    return out


def _onto_level(
    cost: Any, ring: Any, level: float, edges: tuple[float, ...], screen: _Screen
) -> Any:
    """``ring`` on the level set J = ``level``: its vertices projected onto it, and points
    added where a chord strays from it by more than TOLERANCE on the page. Marching squares
    interpolates J linearly between samples, which puts a vertex up to a unit off where J
    is nearly flat, and cuts the tip of a narrow contour short. Vertices on the sampled
    area's edge (the outline closing the region outside the plot) stay."""
    import numpy as np

    x_lo, x_hi, y_lo, y_hi = edges

    def inner(p: Any) -> Any:
        return (p[:, 0] > x_lo) & (p[:, 0] < x_hi) & (p[:, 1] > y_lo) & (p[:, 1] < y_hi)

    out = ring.copy()
    on = inner(out)
    out[on] = _project(cost, out[on], level)
    for _ in range(4):  # each round halves the chords that stray
        a, b = out[:-1], out[1:]
        both = inner(a) & inner(b)
        mid = (a[both] + b[both]) / 2
        if not len(mid):
            break
        moved = _project(cost, mid, level)
        far = np.hypot(*(screen(moved) - screen(mid)).T) > TOLERANCE
        if not far.any():
            break
        at = np.flatnonzero(both)[far] + 1
        out = np.insert(out, at, moved[far], axis=0)
    return out


def _rings(
    polygons: Any, screen: _Screen, cost: Any, level: float, edges: tuple[float, ...]
) -> tuple[list[float], list[float], list[int]]:
    """contourpy's filled polygons as rings of vertices on the level set, each simplified
    on the page."""
    import numpy as np

    xs: list[float] = []
    ys: list[float] = []
    starts: list[int] = []
    points_list, offsets_list = polygons
    for points, offsets in zip(points_list, offsets_list, strict=True):
        for a, b in itertools.pairwise(offsets):
            ring = np.asarray(points[a:b], dtype=float)
            if len(ring) < 3:
                continue
            ring = _onto_level(cost, ring, level, edges, screen)
            keep = simplify(screen(ring), TOLERANCE)
            if len(keep) < 3:
                continue
            starts.append(len(xs))
            xs += ring[keep, 0].tolist()
            ys += ring[keep, 1].tolist()
    return xs, ys, starts


def _label_box(text: str) -> tuple[float, float]:
    """A level label's box (width, height) in figure units, estimated from DejaVu Sans's
    advance widths: a label is a number, drawn in the figures' Latin font."""
    widths = {".": 0.318, "−": 0.838, "×": 0.838, "⁻": 0.45, " ": 0.318}
    ems = sum(widths.get(ch, 0.4 if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" else 0.636) for ch in text)
    pad = 2 * LABEL_PAD * LABEL_SIZE
    return ems * LABEL_SIZE + pad, 1.17 * LABEL_SIZE + pad


def _along(line: Any, spacing: float) -> tuple[Any, Any]:
    """Points every ``spacing`` units along a polyline (figure units), with the line's
    direction there (degrees, turned to read upright)."""
    import numpy as np

    seg = np.diff(line, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    total = float(lengths.sum())
    if total < spacing:
        return np.empty((0, 2)), np.empty(0)
    cum = np.concatenate([[0.0], np.cumsum(lengths)])
    at = np.arange(spacing / 2, total, spacing)
    x = np.interp(at, cum, line[:, 0])
    y = np.interp(at, cum, line[:, 1])
    # The direction over about a label's width, not one segment: a steadier angle.
    ahead = (
        np.interp(np.minimum(at + 10, total), cum, line[:, 0]),
        np.interp(np.minimum(at + 10, total), cum, line[:, 1]),
    )
    behind = (
        np.interp(np.maximum(at - 10, 0), cum, line[:, 0]),
        np.interp(np.maximum(at - 10, 0), cum, line[:, 1]),
    )
    angle = np.degrees(np.arctan2(ahead[1] - behind[1], ahead[0] - behind[0]))
    angle = (angle + 90) % 180 - 90  # upright: within (−90°, 90°]
    return np.column_stack([x, y]), angle


def place_labels(
    levels: tuple[float, ...],
    lines: list[list[Any]],
    roles: list[str],
    obstacles: Any,
    width: float,
    height: float,
) -> tuple[Label, ...]:
    """Each level's label on its line (``lines[i]``: polylines in figure units, the plot's
    lower left at 0, 0): inside the plot, clear of every path point and the minimum
    (``obstacles``), not on another label, and as far from both as the line allows. A
    level whose line has no such place stays unlabelled (its neighbours' labels read)."""
    import numpy as np

    placed: list[tuple[float, float, float, float]] = []  # centre, half extents
    out = []
    for i, level in enumerate(levels):
        text = fmt(level)
        w, h = _label_box(text)
        best: tuple[tuple[float, ...], float, float, float] | None = None
        for line in lines[i]:
            points, angles = _along(line, 4.0)
            if not len(points):
                continue
            a = np.radians(angles)
            hw = (w * np.abs(np.cos(a)) + h * np.abs(np.sin(a))) / 2
            hh = (w * np.abs(np.sin(a)) + h * np.abs(np.cos(a))) / 2
            px, py = points[:, 0], points[:, 1]
            ok = (px - hw >= 2) & (px + hw <= width - 2)
            ok &= (py - hh >= 2) & (py + hh <= height - 2)
            for cx, cy, chw, chh in placed:
                ok &= (np.abs(px - cx) >= hw + chw + 4) | (np.abs(py - cy) >= hh + chh + 4)
            if len(obstacles):
                dx = np.maximum(np.abs(obstacles[None, :, 0] - px[:, None]) - hw[:, None], 0)
                dy = np.maximum(np.abs(obstacles[None, :, 1] - py[:, None]) - hh[:, None], 0)
                clear = np.hypot(dx, dy).min(axis=1)
            else:
                clear = np.full(len(px), 1e9)
            ok &= clear >= LABEL_CLEAR
            if placed:
                centres = np.array([(c[0], c[1]) for c in placed])
                apart = np.hypot(
                    centres[None, :, 0] - px[:, None], centres[None, :, 1] - py[:, None]
                ).min(axis=1)
            else:
                apart = np.full(len(px), 1e9)
            for j in np.flatnonzero(ok):
                score = (min(clear[j], 24.0), min(apart[j], 70.0), -abs(angles[j]))
                if best is None or score > best[0]:
                    best = (score, float(px[j]), float(py[j]), float(angles[j]))
        if best is None:
            continue
        _, cx, cy, angle = best
        r = math.radians(angle)
        placed.append(
            (
                cx,
                cy,
                (w * abs(math.cos(r)) + h * abs(math.sin(r))) / 2,
                (w * abs(math.sin(r)) + h * abs(math.cos(r))) / 2,
            )
        )
        out.append(Label(i, text, cx, cy, round(angle, 2), roles[i]))
    return tuple(out)


def _path_points(screen_points: Any, spacing: float = 3.0) -> Any:
    """Points along a path (its vertices and its segments every ``spacing`` units): what
    a label must keep clear of."""
    import numpy as np

    out = [screen_points]
    for a, b in itertools.pairwise(screen_points):
        n = int(math.hypot(*(b - a)) // spacing)
        if n > 1:
            t = np.linspace(0, 1, n + 1)[1:-1, None]
            out.append(a + t * (b - a))
    return np.concatenate(out) if out else np.empty((0, 2))


def _escape(run: Any, window: Any, top: float) -> int:
    """How many iterates of ``run`` are drawn: all, or up to the first that leaves the
    window dearer than ``top`` (ESCAPE × every start's J). A diverging run leaves the
    plot there; each later step would cross it again, wider each time, a bundle of lines
    that shows nothing more."""
    (x_lo, x_hi), (y_lo, y_hi) = window
    for k, (theta, cost) in enumerate(zip(run.theta, run.J, strict=True)):
        outside = not (x_lo <= theta[0] <= x_hi and y_lo <= theta[1] <= y_hi)
        if outside and cost > top:
            return k + 1  # (its segment from the last one inside leaves the plot)
    return len(run.theta)


def _path_iterates(run: Any, marked: int, screen: _Screen, n: int) -> tuple[tuple[int, ...], ...]:
    """Which of a run's first ``n`` iterates its drawing uses: the marked ones, the line's
    vertices, the steps with an arrow head."""
    import numpy as np

    shown = min(marked, n)
    points = screen(run.theta[:n])
    rest = simplify(points[shown - 1 :], TOLERANCE) if n > shown else []
    line = list(range(shown)) + [shown - 1 + i for i in rest[1:]]
    arrows = []
    for k in range(shown - 1):
        a, b = points[k], points[k + 1]
        if np.all(np.isfinite([a, b])) and math.hypot(*(b - a)) >= ARROW_MIN:
            arrows.append(k)
    return tuple(range(shown)), tuple(line), tuple(arrows)


_layouts: dict[tuple[int, int], tuple[Figure, Panel, _Layout]] = {}


def _layout(figure: Figure, panel: Panel) -> _Layout:
    """The panel's geometry, computed once per figure and panel (resolve and metadata
    both need it; a figure is immutable)."""
    import numpy as np
    from contourpy import FillType, contour_generator

    key = (id(figure), id(panel))
    known = _layouts.get(key)
    if known is not None and known[0] is figure and known[1] is panel:
        return known[2]
    options: Options = panel.options
    window = plot_window(figure, panel)
    # The page scale, as far as it is known before drawing (a wider margin for long tick
    # labels narrows the plot a little): it sets only how closely outlines and paths are
    # simplified. The labels are placed on the axes as drawn.
    screen = _Screen(*window, PLOT_WIDTH * _UNITS)
    x, y, Z = _sample(figure, window)
    inner = np.s_[1:-1, 1:-1]  # the samples inside the window (the margin's are outside)
    cost = figure.cost
    floor = cost.value(cost.global_minimum) if cost.global_minimum else float(Z.min())
    if isinstance(options.levels, tuple):
        levels = options.levels
    else:
        levels = choose_levels(Z[inner], floor, options.levels)
    roles = band_roles(len(levels))
    gen = contour_generator(x, y, Z, fill_type=FillType.OuterOffset)
    regions = []
    low = float(Z.min()) - 1.0
    edges = (float(x[0]), float(x[-1]), float(y[0]), float(y[-1]))
    for i, level in enumerate(levels):
        xs, ys, starts = _rings(gen.filled(low, level), screen, cost, level, edges)
        regions.append(Region(level, roles[i], tuple(xs), tuple(ys), tuple(starts)))
    paths = []
    runs = [figure.series_by_id(series_id).run for series_id in panel.series]
    top = ESCAPE * max((run.J[0] for run in runs), default=math.inf)
    for series_id, run in zip(panel.series, runs, strict=True):
        n = _escape(run, window, top)
        marked, line, arrows = _path_iterates(run, options.markers, screen, n)
        paths.append((series_id, marked, line, arrows))
    layout = _Layout(
        window=window,
        levels=tuple(levels),
        regions=tuple(reversed(regions)),
        top_role=roles[-1],
        paths=tuple(paths),
    )
    if len(_layouts) > 256:  # a long build: keep memory bounded
        _layouts.clear()
    _layouts[key] = (figure, panel, layout)
    return layout


def inside(panel: Panel) -> Any:
    """For a sweep: whether an iterate lies inside the panel's declared window."""
    options: Options = panel.options
    if options.theta0_window is None or options.theta1_window is None:
        return None
    (a_lo, a_hi), (b_lo, b_hi) = options.theta0_window, options.theta1_window
    return lambda theta, J: a_lo <= theta[0] <= a_hi and b_lo <= theta[1] <= b_hi


def metadata(figure: Figure, panel: Panel) -> dict[str, Any]:
    layout = _layout(figure, panel)
    minimum = figure.cost.global_minimum
    return {
        "kind": NAME,
        "axes": {"theta0": list(layout.window[0]), "theta1": list(layout.window[1])},
        "levels": list(layout.levels),
        "minimum": list(minimum) if minimum is not None else None,
        "series": list(panel.series),
        "paths": [
            {"id": sid, "marked": list(marked), "line": list(line), "arrows": list(arrows)}
            for sid, marked, line, arrows in layout.paths
        ],
    }


def resolve(figure: Figure, panel: Panel, words: Words) -> PanelSpec:
    """The panel in ``words``' language: bands, labels and paths computed, words filled."""
    from gdcore.text import fill

    lang = words.locale
    layout = _layout(figure, panel)
    values = figure.values(words)
    cost = figure.cost
    symbols = cost.symbols
    minimum = cost.global_minimum
    minimum_label = ""
    if minimum is not None:
        minimum_label = drawn_words(
            legend_words(
                words.figure(
                    "minimum_point",
                    symbols=f"({', '.join(symbols)})",
                    point=fmt_point(minimum),
                )
            )
        )
    paths = []
    for series_id, marked, line, arrows in layout.paths:
        s = figure.series_by_id(series_id)
        run = s.run
        paths.append(
            PathSpec(
                id=s.id,
                label=drawn_words(legend_words(fill(s.label[lang], values))),
                colors=tuple(s.colors[min(k, len(s.colors) - 1)] for k in marked),
                marked=tuple((run.theta[k][0], run.theta[k][1]) for k in marked),
                line=tuple((run.theta[k][0], run.theta[k][1]) for k in line),
                line_iterates=line,
                arrows=arrows,
            )
        )
    highlight = None
    if figure.highlight is not None and panel.series:
        s = figure.series_by_id(panel.series[0])
        k = figure.highlight
        theta = s.run.theta[k]
        role = s.colors[min(k, len(s.colors) - 1)]
        highlight = Highlight(s.id, k, theta[0], theta[1], role)
    labels = [minimum_label] if minimum is not None else []
    labels += [p.label for p in paths]
    base = Base(
        lang=lang,
        x_label=drawn_words(words.figure("parameter_axis", symbol=symbols[0])),
        y_label=drawn_words(words.figure("parameter_axis", symbol=symbols[1])),
        x_window=layout.window[0],
        y_window=layout.window[1],
        levels=layout.levels,
        regions=layout.regions,
        top_role=layout.top_role,
        minimum=(minimum[0], minimum[1]) if minimum is not None else None,
        minimum_label=minimum_label,
        legend_rows=legend_rows(labels),
    )
    return PanelSpec(
        kind=NAME,
        plot_height=PLOT_HEIGHT,
        legend_rows=base.legend_rows,
        base=base,
        content=Content(tuple(paths), highlight),
    )


# ---------------------------------------------------------------- drawing


def left(base: Base) -> float:
    """The margin left of the plot (inches) that its y tick labels need."""
    return y_tick_margin(base.y_window)


def _plot_units(ax: Any) -> Any:
    """Figure units (points) from the plot's lower left corner, to display (at the
    figure's dpi now)."""
    from matplotlib.transforms import Affine2D

    scale = ax.figure.dpi / _UNITS
    return Affine2D().scale(scale).translate(ax.bbox.x0, ax.bbox.y0)


def _size(ax: Any) -> tuple[float, float]:
    """The plot's width and height in figure units."""
    return (
        ax.bbox.width * _UNITS / ax.figure.dpi,
        ax.bbox.height * _UNITS / ax.figure.dpi,
    )


def _labels(ax: Any, base: Base, content: Content) -> tuple[Label, ...]:
    """The level labels, placed on the axes as drawn (their size and place are known
    before any renderer: fixed margins), clear of this figure's paths."""
    import numpy as np

    to_units = ax.transData + _plot_units(ax).inverted()

    def units(points: Any) -> Any:
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        with np.errstate(all="ignore"):
            return to_units.transform(p) if len(p) else p

    lines = []
    for region in reversed(base.regions):  # lowest level first
        ends = [*region.starts[1:], len(region.xs)]
        lines.append(
            [
                units(np.column_stack([region.xs[a:b], region.ys[a:b]]))
                for a, b in zip(region.starts, ends, strict=True)
            ]
        )
    obstacles = [units([base.minimum])] if base.minimum is not None else []
    for path in content.paths:
        for part in (path.marked, path.line):
            drawn = units(part)
            drawn = drawn[np.all(np.isfinite(drawn) & (np.abs(drawn) < 1e5), axis=1)]
            obstacles.append(_path_points(drawn))
    found = np.concatenate(obstacles) if obstacles else np.empty((0, 2))
    roles = [region.role for region in reversed(base.regions)] + [base.top_role]
    width, height = _size(ax)
    return place_labels(base.levels, lines, roles[1:], found, width, height)


def draw_base(ax: Any, base: Base, panel_bottom: float) -> None:
    """The axes, the bands with their level lines, the minimum: what frames share."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    style_axes(
        ax, base.x_label, base.y_label, base.x_window, base.y_window, panel_bottom, PLOT_HEIGHT
    )
    # The level lines are the grid here: a grid over the bands would only blur them.
    ax.grid(False)
    ax.patch.set_facecolor(COLORS[base.top_role])
    for i, region in enumerate(base.regions):
        if not region.starts:
            continue
        vertices = list(zip(region.xs, region.ys, strict=True))
        codes = []
        ends = [*region.starts[1:], len(vertices)]
        for a, b in zip(region.starts, ends, strict=True):
            codes += [Path.MOVETO] + [Path.LINETO] * (b - a - 2) + [Path.CLOSEPOLY]
        # One path per level, filled with the band below the level and stroked with the
        # level line: each outline is written once (bands with holes would write it twice).
        patch = PathPatch(
            Path(vertices, codes),
            facecolor=COLORS[region.role],
            edgecolor=COLORS["level-line"],
            linewidth=0.8,
            zorder=1 + 0.01 * i,
        )
        patch.set_gid(f"level-{len(base.regions) - 1 - i}")
        ax.add_artist(patch)
    if base.minimum is not None:
        star = ax.scatter(
            [base.minimum[0]],
            [base.minimum[1]],
            s=160,
            marker="*",
            c=COLORS["minimum"],
            edgecolors=COLORS["background"],
            linewidths=0.8,
            zorder=4.5,  # over a path's line, under its markers
            label=base.minimum_label,
        )
        star.set_gid("cost-minimum")


def draw(ax: Any, spec: PanelSpec) -> None:
    """Add what is the figure's own: the level labels (placed clear of its paths), the
    paths, a stepper's ring."""
    from matplotlib.patches import FancyArrowPatch

    base: Base = spec.base
    content: Content = spec.content
    width, height = _size(ax)
    for label in _labels(ax, base, content):
        ax.text(
            label.x / width,
            label.y / height,
            label.text,
            # In axes fractions: savefig redraws at the SVG's 72 dpi, and a transform
            # frozen at the figure's own dpi would put the label elsewhere.
            transform=ax.transAxes,
            fontsize=LABEL_SIZE,
            color=COLORS["text"],
            rotation=label.angle,
            rotation_mode="anchor",
            ha="center",
            va="center",
            bbox={
                "boxstyle": f"round,pad={LABEL_PAD}",
                "fc": COLORS[label.role],
                "ec": "none",
            },
            zorder=3,
        ).set_gid(f"label-level-{label.level}")
    highlight = content.highlight
    for path in content.paths:
        colors = [COLORS[role] for role in path.colors]
        main = colors[0]
        faded = highlight is not None and highlight.series == path.id
        if len(path.line) > 1:
            xs, ys = zip(*path.line, strict=True)
            (line,) = ax.plot(
                xs,
                ys,
                color=main,
                lw=1.2,
                alpha=0.45 if faded else 1.0,
                solid_joinstyle="round",
                zorder=4,
            )
            line.set_gid(f"path-line-{path.id}")
        for k in path.arrows:
            current = faded and highlight is not None and highlight.k == k
            arrow = FancyArrowPatch(
                path.marked[k],
                path.marked[k + 1],
                arrowstyle="-|>",
                mutation_scale=13 if current else 10,
                color=colors[k],
                lw=2.4 if current else 1.2,
                alpha=0.45 if faded and not current else 1.0,
                shrinkA=4,
                shrinkB=4.5,
                zorder=4,
            )
            arrow.set_gid(f"step-{path.id}-{k}")
            ax.add_artist(arrow)
        xs, ys = zip(*path.marked, strict=True)
        points = ax.scatter(
            xs,
            ys,
            s=MARKER_SIZE,
            c=colors,
            marker=MARKERS[path.colors[0]],
            edgecolors=COLORS["background"],
            linewidths=0.9,
            zorder=5,
            label=path.label,
        )
        points.set_gid(f"path-{path.id}")
    if highlight is not None:
        ring = ax.scatter(
            [highlight.x],
            [highlight.y],
            s=RING_SIZE,
            facecolors="none",
            edgecolors=COLORS[highlight.role],
            linewidths=2.2,
            zorder=6,
        )
        ring.set_gid(f"highlight-{highlight.series}-{highlight.k}")


def iterates(figure: Figure, panel: Panel) -> dict[str, set[int]]:
    """The iterates this panel draws, by series (the metadata records those of a long run)."""
    layout = _layout(figure, panel)
    out = {sid: set(marked) | set(line) for sid, marked, line, _ in layout.paths}
    if figure.highlight is not None and panel.series:
        out[panel.series[0]].add(figure.highlight)
    return out
