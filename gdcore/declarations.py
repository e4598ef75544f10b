"""What a lecture declares, once loaded and checked: figures, their runs and panels, widgets.

These are plain, immutable values made by ``gdcore.lecture`` from ``lecture.yml``. Each
remembers where it was declared (``where``: ``FILE:LINE``) so that a problem found later
(a figure that cannot be drawn, a placeholder its words misspell) still names the line.
A figure's words are templates filled from its runs (:meth:`Figure.values`), so no number
in a figure's text is typed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from gdcore.costs import Cost, Point
from gdcore.descent import DIVERGENCE_LIMIT, MAX_STEPS, Run, Status, descend
from gdcore.facts import regime
from gdcore.text import eq, fill, fmt, fmt_point, symbols
from gdcore.words import Words

__all__ = [
    "Figure",
    "Panel",
    "Series",
    "Stepper",
    "Sweep",
    "Text",
    "outlook",
    "run_summary",
]

Text = Mapping[str, str]
"""One string per language."""


def start(point: Point) -> float | Point:
    """θ0 as ``descend`` takes it: a number with one parameter, else the point."""
    return point[0] if len(point) == 1 else point


@dataclass(frozen=True)
class Series:
    """One run of gradient descent shown in a figure.

    ``id`` names the run in the figure's words (``{ID.alpha}``), its metadata and the SVG
    element that holds its markers. ``colors`` gives one colour role per drawn point (the
    last repeats); ``tangent`` draws the tangent at θ0 (one parameter).
    """

    id: str
    cost: Cost
    theta0: Point
    alpha: float
    steps: int
    label: Text
    colors: tuple[str, ...] = ("blue",)
    tangent: bool = False
    long_steps: int = MAX_STEPS
    where: str = "?"

    @cached_property
    def run(self) -> Run:
        return descend(self.cost, self.alpha, start(self.theta0), self.steps)

    @cached_property
    def long_run(self) -> Run:
        """The same start and α run on until it converges, diverges or hits long_steps."""
        if self.long_steps == self.steps:
            return self.run
        return descend(self.cost, self.alpha, start(self.theta0), self.long_steps)


@dataclass(frozen=True)
class Panel:
    """One plot of a figure: its kind, the series it draws and the kind's own options."""

    kind: str
    series: tuple[str, ...]
    options: Any  # the kind's frozen options (see gdcore.kinds)
    where: str = "?"


@dataclass(frozen=True)
class Figure:
    """A figure of a lecture: runs, one or more panels, and its words in each language."""

    lecture: str
    name: str
    series: tuple[Series, ...]
    panels: tuple[Panel, ...]
    title: Text
    desc: Text
    cost: Cost | None = None
    cost_about: Text | None = None  # how the words name the cost ({cost.about})
    section: int | None = None
    highlight: int | None = None  # a stepper frame: the iterate k that is ringed
    where: str = "?"

    @property
    def runs(self) -> dict[str, Run]:
        """Each series' run as shown: its id to its Run."""
        return {s.id: s.run for s in self.series}

    @property
    def long_runs(self) -> dict[str, Run]:
        return {s.id: s.long_run for s in self.series}

    def series_by_id(self, series_id: str) -> Series:
        for s in self.series:
            if s.id == series_id:
                return s
        raise KeyError(series_id)

    def values(self, words: Words) -> dict[str, Any]:
        """What the figure's word templates may name: ``{ID.FIELD}`` for each series,
        ``{cost.FIELD}`` for its cost."""
        out: dict[str, Any] = {s.id: _series_values(self, s, words) for s in self.series}
        out["cost"] = _cost_values(self, words)
        return out

    def fill(self, template: str, words: Words) -> str:
        """``template`` (a word of this figure) with its numbers filled in."""
        return fill(template, self.values(words))


def _cost_values(figure: Figure, words: Words) -> SimpleNamespace:
    cost = figure.cost
    if cost is None:
        return SimpleNamespace()
    g = cost.global_minimum
    points = cost.training_set or ()
    values = SimpleNamespace(
        global_min=fmt_point(g) if g is not None else "",
        min_value=fmt(cost.value(g)) if g is not None else "",
        training_set=words.list_separator.join(f"({fmt(x)}, {fmt(y)})" for x, y in points),
    )
    if figure.cost_about is not None:
        values.about = fill(figure.cost_about[words.locale], {"cost": values})
    return values


def outlook(run: Run, words: Words) -> str:
    """One sentence on how a run ends when it is allowed its long run's steps."""
    n = run.n_steps if run.status is not Status.DIVERGED else run.n_steps + 1
    key = f"outlook.{run.status.value}" + ("_one" if n == 1 else "")
    s = symbols(run.cost.symbols)
    return words.figure(
        key,
        n=n,
        tol=fmt(run.tolerance),
        limit=fmt(DIVERGENCE_LIMIT),
        gradient=s.gradient,
        size=s.size,
    )


def run_summary(run: Run, words: Words) -> str:
    """One line: how many steps to converge (or that it diverged), the final θ and J."""
    n = run.n_steps + (run.status is Status.DIVERGED)
    key = f"summary.{run.status.value}" + ("_one" if n == 1 else "")
    s = symbols(run.cost.symbols)
    return words.figure(
        key,
        n=n,
        symbol=s.theta,
        theta=eq(run.final_theta),
        J=eq(run.final_J),
        limit=fmt(DIVERGENCE_LIMIT),
        size=s.size,
    )


def _series_values(figure: Figure, series: Series, words: Words) -> SimpleNamespace:
    run = series.run
    sep = words.list_separator
    k = figure.highlight if figure.highlight is not None else 0
    steps_drawn = (
        words.figure("steps_drawn.many", n=run.n_steps)
        if run.n_steps > 1
        else words.figure("steps_drawn.one")
    )
    theta1 = run.theta[1] if run.n_steps else run.theta0
    # An eq_FIELD is FIELD after its sign: "= 1.8", or "≈ 2.24" where the digits round it.
    return SimpleNamespace(
        k=k,
        k_next=k + 1,
        theta_k=fmt_point(run.theta[k]),
        eq_theta_k=eq(run.theta[k]),
        slope_k=fmt_point(run.grad[k]),
        step_k=fmt(run.step_sizes[k]) if k < run.n_steps else "",
        eq_step_k=eq(run.step_sizes[k]) if k < run.n_steps else "",
        alpha=fmt(run.alpha),
        eq_alpha=eq(run.alpha),
        theta0=fmt_point(run.theta0),
        theta1=fmt_point(theta1),
        eq_theta1=eq(theta1),
        theta_n=fmt_point(run.final_theta),
        eq_theta_n=eq(run.final_theta),
        n=run.n_steps,
        steps_drawn=steps_drawn,
        slope0=fmt_point(run.grad[0]),
        eq_slope0=eq(run.grad[0]),
        slopes=sep.join(fmt_point(g) for g in run.grad[: run.n_steps]),
        step_sizes=sep.join(fmt(s) for s in run.step_sizes),
        J0=fmt(run.J[0]),
        J_n=fmt(run.final_J),
        eq_J0=eq(run.J[0]),
        eq_J_n=eq(run.final_J),
        outlook=outlook(series.long_run, words),
    )


# ---------------------------------------------------------------- widgets


@dataclass(frozen=True)
class Regime:
    """How a sweep's frame with α in this regime looks and reads."""

    color: str
    alpha_is: str  # the exact name of the α where this regime is one value: "1/c" ("" if none)
    words: Text

    def eq_alpha(self, alpha: float) -> str:
        """``= 1/c ≈ 0.214`` for α named exactly, else ``= 0.1`` (or ``≈ 0.333`` where the
        shown digits are rounded): never a rounded value written as an equality."""
        return f"= {self.alpha_is} {eq(alpha)}" if self.alpha_is else eq(alpha)


@dataclass(frozen=True)
class Sweep:
    """One start on one cost, run with each α of a list: the α explorer's frames.

    Every frame is an ordinary Figure named ``NAME-KK`` (KK = 00, 01, …), drawn and checked
    like any other. A frame shows at most ``shown_steps`` steps, and only those whose
    iterates stay inside the (shared) plot window of its first panel, so frames compare at
    a glance.
    """

    lecture: str
    name: str
    cost: Cost
    cost_about: Text | None
    theta0: Point
    alphas: tuple[float, ...]
    start: float
    panels: tuple[Panel, ...]
    title: Text
    desc: Text
    regimes: Mapping[str, Regime]
    section: int | None = None
    shown_steps: int = 10
    long_steps: int = 10_000
    where: str = "?"
    inside: Any = field(default=None, compare=False, repr=False)  # kinds' window test

    def regime(self, alpha: float) -> str:
        return regime(alpha, self.cost)

    @property
    def start_index(self) -> int:
        """The frame shown first: the sweep's α nearest to ``start``."""
        return min(range(len(self.alphas)), key=lambda k: abs(self.alphas[k] - self.start))

    def _steps_inside(self, alpha: float) -> int:
        run = descend(self.cost, alpha, start(self.theta0), self.shown_steps)
        if self.inside is None:
            return run.n_steps
        inside = [self.inside(t, j) for t, j in zip(run.theta, run.J, strict=True)]
        return inside.index(False) - 1 if False in inside else run.n_steps

    @cached_property
    def frames(self) -> tuple[Figure, ...]:
        out = []
        for k, alpha in enumerate(self.alphas):
            name = self.regime(alpha)
            shown = self.regimes[name]

            def regime_words(texts: Text, shown: Regime = shown, alpha: float = alpha) -> Text:
                return {
                    lang: text.replace("{regime.eq_alpha}", shown.eq_alpha(alpha)).replace(
                        "{regime.words}", shown.words[lang]
                    )
                    for lang, text in texts.items()
                }

            title = regime_words(self.title)
            out.append(
                Figure(
                    lecture=self.lecture,
                    name=f"{self.name}-{k:02d}",
                    section=self.section,
                    cost=self.cost,
                    cost_about=self.cost_about,
                    series=(
                        Series(
                            id="run",
                            cost=self.cost,
                            theta0=self.theta0,
                            alpha=alpha,
                            steps=self._steps_inside(alpha),
                            colors=(shown.color,),
                            long_steps=self.long_steps,
                            label=title,
                            where=self.where,
                        ),
                    ),
                    panels=self.panels,
                    title=title,
                    desc=regime_words(self.desc),
                    where=self.where,
                )
            )
        return tuple(out)


@dataclass(frozen=True)
class Stepper:
    """A figure once per iterate k, with θ_k ringed and the step from it in bold."""

    name: str
    figure: Figure
    words: Mapping[str, Text]  # "start", "middle", "last" -> words per language
    sentence_end: Text  # between a frame's own words and the figure's description
    where: str = "?"

    @cached_property
    def frames(self) -> tuple[Figure, ...]:
        run = self.figure.series[0].run

        def which(k: int) -> str:
            return "last" if k == run.n_steps else "start" if k == 0 else "middle"

        return tuple(
            replace(
                self.figure,
                name=f"{self.figure.name}-step-{k}",
                highlight=k,
                title={lang: self.words[which(k)][lang] for lang in self.figure.title},
                desc={
                    lang: self.words[which(k)][lang]
                    + self.sentence_end[lang]
                    + self.figure.desc[lang]
                    for lang in self.figure.desc
                },
            )
            for k in range(run.n_steps + 1)
        )
