"""The numbers the site's prose states, computed here so that no page types them by hand.

``facts(lang)`` maps a name (``J.coef``, ``alpha-small.alpha``, …) to a :class:`Fact`: the
value written for running text (``7/3``, ``−0.5``) and the same value written for TeX maths
(``\\frac{7}{3}``, ``-0.5``). A page names a fact with a placeholder; the site's build fills
it in (scripts/hooks/prose.py), so changing the training set or a figure's α changes every
page with it. Everything is derived from gdcore's costs and scenarios:

* the lecture's cost from its training set, with exact fractions (``fractions.Fraction``):
  ``train.*`` (the points, m, Σx², y as a multiple of x), ``J.*`` (the closed form
  J(θ1) = a·(θ1 − θ*)², a, θ*, the minimum), ``c`` = J″ and ``one_over_c`` /
  ``two_over_c`` (exact, and ``….approx`` to three significant digits);
* every figure of ``SCENARIOS``: ``NAME.SERIES.FIELD`` (and ``NAME.FIELD`` when the figure
  has one series): ``alpha``, ``theta0``, ``theta1``, ``theta_n``, ``n`` (steps drawn),
  ``slope0``, ``update0`` (|α·J′(θ0)|), ``total_steps`` (steps to converge when run on);
* the α explorer: ``alpha-explorer.theta0``, ``.count``, ``.alpha_min``, ``.alpha_max``,
  ``.total_steps_at_small_alpha`` (steps from its start with the α of ``alpha-small``);
* the two-valley cost: ``wavy.local_min``, ``wavy.global_min``.

The prose's working of J (Σ(θ1·x − y)² = (θ1 − θ*)²·Σx²) assumes every y = θ*·x; another
training set raises ValueError saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from gdcore.costs import LECTURE_COST, WAVY_COST
from gdcore.descent import Run, Status, descend
from gdcore.scenarios import ALPHA_SWEEP, SCENARIOS
from gdcore.text import check_lang, fmt

__all__ = ["Fact", "facts"]


class Fact(NamedTuple):
    """One value, as running text and as TeX."""

    text: str
    tex: str


_LIST = {
    "zh": lambda items: "、".join(items),
    "en": lambda items: ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0],
}


def _exact(x: float) -> Fraction:
    """A float of the training set as the decimal it was written as (1.0 → 1, 0.5 → 1/2)."""
    return Fraction(repr(float(x)))


def _fraction(q: Fraction) -> Fact:
    if q.denominator == 1:
        return Fact(str(q.numerator).replace("-", "−"), str(q.numerator))
    sign, p = ("−", -q) if q < 0 else ("", q)
    tex_sign = "-" if q < 0 else ""
    return Fact(
        f"{sign}{p.numerator}/{p.denominator}",
        rf"{tex_sign}\frac{{{p.numerator}}}{{{p.denominator}}}",
    )


def _number(x: float) -> Fact:
    """A computed float as readers see it (three significant digits) and as TeX."""
    text = fmt(x)
    tex = text.replace("−", "-")
    if "×10" in tex or tex.startswith("10"):
        mantissa, _, power = tex.rpartition("10")
        exponent = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
        tex = (mantissa.replace("×", r" \times ") + f"10^{{{exponent}}}").strip()
    return Fact(text, tex)


def _count(n: int) -> Fact:
    return Fact(str(n), str(n))


def _factor(theta_star: Fraction) -> Fact:
    """(θ1 − θ*) as text and TeX, with the sign of θ* folded in."""
    if theta_star == 0:
        return Fact("θ1", r"\theta_1")
    op, tex_op = ("−", "-") if theta_star > 0 else ("+", "+")
    value = _fraction(abs(theta_star))
    return Fact(f"(θ1 {op} {value.text})", rf"(\theta_1 {tex_op} {value.tex})")


def _lecture_cost(lang: str) -> dict[str, Fact]:
    points = LECTURE_COST.training_set
    if points is None:
        raise ValueError("the lecture's cost has no training set")
    xs = [_exact(x) for x, _ in points]
    ys = [_exact(y) for _, y in points]
    m = len(points)
    sxx = sum(x * x for x in xs)
    theta_star = sum(x * y for x, y in zip(xs, ys, strict=True)) / sxx
    if any(y != theta_star * x for x, y in zip(xs, ys, strict=True)):
        raise ValueError(
            "gdcore.facts: the lecture's working of J assumes every y = θ*·x (a line through "
            f"the origin); the training set {points} is not on one"
        )
    coef = sxx / (2 * m)
    c = sxx / m  # J'' = 2a
    shown = [f"({_fraction(x).text}, {_fraction(y).text})" for x, y in zip(xs, ys, strict=True)]
    shown_tex = [f"({_fraction(x).tex}, {_fraction(y).tex})" for x, y in zip(xs, ys, strict=True)]
    squares = [_fraction(x * x) for x in xs]
    y_of_x = (
        Fact("x", "x^{(i)}")
        if theta_star == 1
        else Fact(f"{_fraction(theta_star).text}·x", rf"{_fraction(theta_star).tex}\,x^{{(i)}}")
    )
    factor = _factor(theta_star)
    a = _fraction(coef)
    out = {
        "train.points": Fact(_LIST[lang](shown), ", ".join(shown_tex)),
        "train.m": _count(m),
        "train.two_m": _count(2 * m),
        "train.x_squares": Fact(
            " + ".join(s.text for s in squares), " + ".join(s.tex for s in squares)
        ),
        "train.sum_x2": _fraction(sxx),
        "train.y_of_x": y_of_x,
        "J.coef": a,
        "J.coef_unreduced": Fact(
            f"{_fraction(sxx).text}/{2 * m}", rf"\frac{{{_fraction(sxx).tex}}}{{{2 * m}}}"
        ),
        "J.min_at": _fraction(theta_star),
        "J.min": _count(0),
        "J.factor": factor,
        "c": _fraction(c),
        "one_over_c": _fraction(1 / c),
        "two_over_c": _fraction(2 / c),
        "one_over_c.approx": _number(float(1 / c)),
        "two_over_c.approx": _number(float(2 / c)),
    }
    if LECTURE_COST.curvature is None or abs(float(c) - LECTURE_COST.curvature) > 1e-9 * float(c):
        raise ValueError(
            f"gdcore.facts: J'' from the training set is {c}, the cost says "
            f"{LECTURE_COST.curvature}"
        )
    return out


def _total_steps(run: Run) -> Fact:
    """Steps to converge, or to leave the plot for good (as the figures' words count them)."""
    return _count(run.n_steps + (run.status is Status.DIVERGED))


def _figures() -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for name, scenario in SCENARIOS.items():
        for series in scenario.series:
            run, long = scenario.runs[series.id], scenario.long_runs[series.id]
            fields = {
                "alpha": _number(run.alpha),
                "theta0": _number(run.theta0),
                "theta1": _number(run.theta[1] if run.n_steps else run.theta0),
                "theta_n": _number(run.final_theta),
                "n": _count(run.n_steps),
                "slope0": _number(run.slope[0]),
                "update0": _number(abs(run.alpha * run.slope[0])),
                "total_steps": _total_steps(long),
            }
            for field, fact in fields.items():
                out[f"{name}.{series.id}.{field}"] = fact
                if len(scenario.series) == 1:
                    out[f"{name}.{field}"] = fact
    return out


def _explorer() -> dict[str, Fact]:
    small = SCENARIOS["alpha-small"].series[0]
    at_small = descend(ALPHA_SWEEP.cost, small.alpha, ALPHA_SWEEP.theta0, ALPHA_SWEEP.long_steps)
    name = ALPHA_SWEEP.name
    return {
        f"{name}.theta0": _number(ALPHA_SWEEP.theta0),
        f"{name}.count": _count(len(ALPHA_SWEEP.alphas)),
        f"{name}.alpha_min": _number(min(ALPHA_SWEEP.alphas)),
        f"{name}.alpha_max": _number(max(ALPHA_SWEEP.alphas)),
        f"{name}.total_steps_at_small_alpha": _total_steps(at_small),
    }


def _wavy() -> dict[str, Fact]:
    g = WAVY_COST.global_minimum
    local = [m for m in WAVY_COST.minima if m != g]
    return {"wavy.local_min": _number(local[0]), "wavy.global_min": _number(g)}


def _check_claims() -> None:
    """What the lecture's prose says about the facts, beyond stating them: a change to the
    scenarios that makes a sentence false fails here, naming the sentence."""
    c = LECTURE_COST.curvature or 0.0
    t_star = LECTURE_COST.global_minimum
    small = SCENARIOS["alpha-small"].series[0]
    large = SCENARIOS["alpha-large"].series[0]
    right, left = SCENARIOS["tangent-slopes"].series
    local = [m for m in WAVY_COST.minima if m != WAVY_COST.global_minimum]
    claims = [
        (
            small.alpha < 1 / c,
            "lecture §3: alpha-small's α is below 1/c (approaches from one side)",
        ),
        (large.alpha > 2 / c, "lecture §3: alpha-large's α is above 2/c (diverges)"),
        (
            ALPHA_SWEEP.theta0 != small.theta0,
            "lecture §3: the explorer's start differs from alpha-small's",
        ),
        (
            right.theta0 > t_star > left.theta0,
            "lecture §2: tangent-slopes starts right and left of the minimum",
        ),
        (
            SCENARIOS["question-local-minimum"].series[0].theta0 == local[0],
            "lecture §4: the question's θ1 starts at the local minimum",
        ),
    ]
    for holds, claim in claims:
        if not holds:
            raise ValueError(f"gdcore.facts: the prose no longer holds: {claim}")


@cache
def facts(lang: str) -> Mapping[str, Fact]:
    """Every fact the prose may name, for ``lang`` (lists are joined the language's way).

    Raises ValueError when the scenarios contradict what the prose says about them.
    """
    check_lang(lang)
    _check_claims()
    return {**_lecture_cost(lang), **_figures(), **_explorer(), **_wavy()}
