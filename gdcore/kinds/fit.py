"""Kind ``fit``: a squared-error cost's training set as points, and the fitted line
h(x) = θ₀ + θ₁x (θ₁x for a one-parameter cost) at chosen iterates of one run, as the
course draws it beside the contour.

Options (``lecture.yml``):

* ``iterates: [0, 1, 5, 20, last]``: the iterates whose line is drawn (``last``: the run's
  final one; an iterate beyond the run is a declaration error at its line); at most five,
  each in its own colour and dash pattern (``colors`` chooses the colours, default from
  red to blue, the last line blue);
* ``x_label``, ``y_label``: the data's names, words per language ("house size (1000 ft²)");
  default the language's ``feature_axis`` and ``target_axis``;
* ``window: {x: [lo, hi], y: [lo, hi]}``; default: the data, padded, and the lines where
  they are near it;
* ``note``: words per language, as for a curve.

A stepper frame (a figure with a ringed iterate k) draws the line at θ_k alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gdcore.declarations import Figure, Panel
from gdcore.errors import FigureError
from gdcore.plot import drawn_words, legend_rows, legend_words, style_axes, y_tick_margin
from gdcore.reader import Reader
from gdcore.spec import PanelSpec, point_value
from gdcore.style import COLORS, DASHES, SERIES_ROLES
from gdcore.text import fmt
from gdcore.words import Words

NAME = "fit"
PLOT_HEIGHT = 2.4
DIMENSIONS = (1, 2)
OPTIONS = ("iterates", "x_label", "y_label", "window", "colors", "note")

LINE_ROLES = ("red", "orange", "magenta", "green", "blue")
"""The lines' colours when none are declared, earliest iterate first: the last n."""
MAX_LINES = len(LINE_ROLES)
DEFAULT_ITERATES: tuple[int | str, ...] = (0, "last")
LAST = "last"


@dataclass(frozen=True)
class Options:
    iterates: tuple[int | str, ...] = DEFAULT_ITERATES
    x_label: Mapping[str, str] | None = None
    y_label: Mapping[str, str] | None = None
    x_window: tuple[float, float] | None = None
    y_window: tuple[float, float] | None = None
    colors: tuple[str, ...] | None = None
    note: Mapping[str, str] | None = None


def _is_iterate(value: Any) -> bool:
    return value == LAST or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def options(read: Reader) -> Options:
    """The panel's options, as declared (``read`` has only this kind's keys)."""
    window = read.window("window", ("x", "y")) if "window" in read else {}
    iterates: tuple[int | str, ...] = DEFAULT_ITERATES
    if "iterates" in read:
        items = read.items("iterates")
        if not 1 <= len(items) <= MAX_LINES:
            raise read.fail(
                "iterates",
                f"iterates lists 1 to {MAX_LINES} iterates (one line each, told apart by "
                f"colour and dash), got {len(items)}",
            )
        for i, value in enumerate(items):
            if not _is_iterate(value):
                raise read.fail_at(
                    items.where(i),
                    f"each iterate is a whole number k ≥ 0 or {LAST} "
                    f"(iterates: [0, 1, 5, {LAST}]), got {value!r}",
                )
        iterates = tuple(items)
    colors = None
    if "colors" in read:
        items = read.items("colors")
        for i, role in enumerate(items):
            if role not in SERIES_ROLES:
                raise read.fail_at(
                    items.where(i),
                    f"colour {role!r} is not a series colour; choose from "
                    f"{', '.join(SERIES_ROLES)}",
                )
        if len(items) != len(iterates):
            raise read.fail(
                "colors", f"colors gives one colour per iterate: {len(iterates)}, got {len(items)}"
            )
        colors = tuple(items)
    return Options(
        iterates=iterates,
        x_label=read.text("x_label", None),
        y_label=read.text("y_label", None),
        x_window=window.get("x"),
        y_window=window.get("y"),
        colors=colors,
        note=read.text("note", None),
    )


def check(read: Reader, cost: Any, runs: Mapping[str, Any] | None, series: Sequence[str]) -> None:
    """A fit needs a training set, one series, and iterates its run has."""
    if cost.training_set is None:
        raise read.fail(
            "kind",
            "a fit draws the training set of a squared-error cost; give the figure such a "
            "cost (kind: squared-error) or draw this one as a curve or contour",
        )
    if len(series) != 1:
        raise read.fail(
            "kind",
            f"a fit draws the lines of one series; write series: [ID] (one of {', '.join(series)})",
        )
    if runs is None or "iterates" not in read:
        return
    run = runs[series[0]]
    items = read.items("iterates")
    for i, value in enumerate(items):
        if value != LAST and value > run.n_steps:
            raise read.fail_at(
                items.where(i),
                f"iterate {value} is beyond the run: series {series[0]!r} has "
                f"{run.n_steps} step(s) (iterates 0 to {run.n_steps}); write at most "
                f"{run.n_steps}, or {LAST}",
            )


def chosen(figure: Figure, panel: Panel) -> tuple[int, ...]:
    """The iterates whose line the panel draws, in the declared order, each once."""
    run = figure.series_by_id(panel.series[0]).run
    if figure.highlight is not None:
        return (figure.highlight,)
    out: list[int] = []
    options: Options = panel.options
    for value in options.iterates:
        k = run.n_steps if value == LAST else int(value)
        if k > run.n_steps:
            raise FigureError(
                f"iterate {k} is beyond the run of series {panel.series[0]!r} "
                f"({run.n_steps} steps); write at most {run.n_steps}, or {LAST}"
            )
        if k not in out:  # "last" may be one of the numbers already listed
            out.append(k)
    return tuple(out)


def line_of(theta: Sequence[float]) -> tuple[float, float]:
    """(intercept, slope) of h at θ: θ₀ + θ₁x, or θ₁x with one parameter."""
    return (float(theta[0]), float(theta[1])) if len(theta) == 2 else (0.0, float(theta[0]))


def _times_x(size: str) -> str:
    """``size``·x as a reader writes it: 1.3x, and x (not 1x) for a coefficient of 1."""
    return "x" if size == "1" else f"{size}x"


def hypothesis(theta: Sequence[float]) -> str:
    """h(x)'s right-hand side as a reader writes it: 0.42 + 1.3x, 4 − x, 1.3x."""
    b, m = line_of(theta)
    slope = ("−" + _times_x(fmt(-m)) if m < 0 else _times_x(fmt(m))) if m != 0 else ""
    if len(theta) == 1 or b == 0:
        return slope or "0"
    if not slope:
        return fmt(b)
    sign, size = ("−", fmt(-m)) if m < 0 else ("+", fmt(m))
    return f"{fmt(b)} {sign} {_times_x(size)}"


def plot_window(figure: Figure, panel: Panel) -> tuple[tuple[float, float], tuple[float, float]]:
    """The panel's window: as declared, else the data padded, and the drawn lines where
    they pass near the data (a line far off, h = 0 at the start, leaves the plot)."""
    options: Options = panel.options
    points = figure.cost.training_set or ((0.0, 0.0),)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    if options.x_window is not None:
        x_window = options.x_window
    else:
        lo, hi = min(xs), max(xs)
        pad = 0.1 * (hi - lo) if hi > lo else max(0.5, 0.1 * abs(lo))
        x_window = (lo - pad, hi + pad)
    if options.y_window is not None:
        return x_window, options.y_window
    lo, hi = min(ys), max(ys)
    span = hi - lo if hi > lo else max(1.0, abs(lo))
    run = figure.series_by_id(panel.series[0]).run
    near = list(ys)
    for k in chosen(figure, panel):
        b, m = line_of(run.theta[k])
        for x in (min(xs), max(xs)):
            near.append(min(max(b + m * x, lo - span), hi + span))
    lo, hi = min(near), max(near)
    pad = 0.1 * (hi - lo) if hi > lo else 0.5
    return x_window, (lo - pad, hi + pad)


@dataclass(frozen=True)
class FitLine:
    """h(x) at iterate k, drawn across the window."""

    k: int
    theta: tuple[float, ...]
    role: str
    label: str
    start: tuple[float, float]
    end: tuple[float, float]


@dataclass(frozen=True)
class Base:
    """What a fit's axes are built from: figures with equal bases share one drawing."""

    lang: str
    x_label: str
    y_label: str
    x_window: tuple[float, float]
    y_window: tuple[float, float]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    data_label: str
    legend_rows: int


@dataclass(frozen=True)
class Content:
    lines: tuple[FitLine, ...]
    note: str | None


def _roles(options: Options, count: int) -> tuple[str, ...]:
    if options.colors is not None and len(options.colors) >= count:
        return options.colors[:count]
    return LINE_ROLES[-count:]


def _lines(figure: Figure, panel: Panel) -> list[tuple[int, tuple[float, ...], str, Any, Any]]:
    options: Options = panel.options
    run = figure.series_by_id(panel.series[0]).run
    ks = chosen(figure, panel)
    if figure.highlight is not None:
        # A stepper frame: the series' own colour at k, as its marker on the contour.
        s = figure.series_by_id(panel.series[0])
        roles: tuple[str, ...] = (s.colors[min(ks[0], len(s.colors) - 1)],)
    else:
        roles = _roles(options, len(ks))
    (x_lo, x_hi), _ = plot_window(figure, panel)
    out = []
    for k, role in zip(ks, roles, strict=True):
        b, m = line_of(run.theta[k])
        out.append((k, run.theta[k], role, (x_lo, b + m * x_lo), (x_hi, b + m * x_hi)))
    return out


def metadata(figure: Figure, panel: Panel) -> dict[str, Any]:
    x_window, y_window = plot_window(figure, panel)
    return {
        "kind": NAME,
        "axes": {"x": list(x_window), "y": list(y_window)},
        "series": list(panel.series),
        "points": [list(p) for p in figure.cost.training_set or ()],
        "lines": [
            {"k": k, "theta": point_value(theta), "role": role, "from": list(a), "to": list(b)}
            for k, theta, role, a, b in _lines(figure, panel)
        ],
    }


def iterates(figure: Figure, panel: Panel) -> dict[str, set[int]]:
    """The iterates this panel draws, by series (the metadata records those of a long run)."""
    return {panel.series[0]: set(chosen(figure, panel))}


def resolve(figure: Figure, panel: Panel, words: Words) -> PanelSpec:
    """The panel in ``words``' language: the data, the lines, every word filled."""
    from gdcore.text import fill

    lang = words.locale
    options: Options = panel.options
    run = figure.series_by_id(panel.series[0]).run
    values = figure.values(words)
    lines = []
    for k, theta, role, a, b in _lines(figure, panel):
        key = "fit_line_last" if k == run.n_steps else "fit_line"
        label = words.figure(key, k=k, h=hypothesis(theta))
        lines.append(FitLine(k, theta, role, drawn_words(legend_words(label)), a, b))
    points = figure.cost.training_set or ()
    data_label = drawn_words(legend_words(words.figure("training_set", m=len(points))))
    x_label = options.x_label[lang] if options.x_label else words.figure("feature_axis")
    y_label = options.y_label[lang] if options.y_label else words.figure("target_axis")
    x_window, y_window = plot_window(figure, panel)
    base = Base(
        lang=lang,
        x_label=drawn_words(x_label),
        y_label=drawn_words(y_label),
        x_window=x_window,
        y_window=y_window,
        xs=tuple(p[0] for p in points),
        ys=tuple(p[1] for p in points),
        data_label=data_label,
        legend_rows=legend_rows([data_label, *(line.label for line in lines)]),
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
    return y_tick_margin(base.y_window)


def draw_base(ax: Any, base: Base, panel_bottom: float) -> None:
    """The axes and the training set: what frames of one window share."""
    style_axes(
        ax, base.x_label, base.y_label, base.x_window, base.y_window, panel_bottom, PLOT_HEIGHT
    )
    points = ax.scatter(
        base.xs,
        base.ys,
        s=44,
        marker="x",  # the course's crosses
        c=COLORS["curve"],
        linewidths=1.8,
        zorder=5,
        label=base.data_label,
    )
    points.set_gid("data-points")


def draw(ax: Any, spec: PanelSpec) -> None:
    """Add the fitted lines: a colour and a dash pattern each."""
    content: Content = spec.content
    for line in content.lines:
        (drawn,) = ax.plot(
            [line.start[0], line.end[0]],
            [line.start[1], line.end[1]],
            color=COLORS[line.role],
            ls=DASHES[line.role],
            lw=1.9,
            zorder=4,
            label=line.label,
        )
        drawn.set_gid(f"fit-{line.k}")


def note(spec: PanelSpec) -> str | None:
    return spec.content.note
