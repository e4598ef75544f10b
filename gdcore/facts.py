"""The numbers a lecture's prose states, computed so that no page types them by hand.

A fact has a value (an int, an exact Fraction, a float, or a point), the text running
prose shows (``7/3``, ``−0.5``, ``(1.2, 3.4)``) and the TeX maths shows (``\\frac{7}{3}``).
A :class:`FactBook` names every fact of a lecture and computes each one when it is first
asked for, so that a declaration may use another's value (``alpha: my-figure.alpha``)
in any order, and a cycle is reported instead of recursing for ever.

What each thing of a lecture provides (see ``cost_facts`` and ``run_facts``):

* a cost ``C``: ``C.points``, ``C.m``, each example ``C.x.I`` and ``C.y.I`` (I = 1 … m, as
  written) …, exact fractions from its training set or its parameters (decimals as
  written: 0.1 is 1/10); by its kind and number of parameters (``C.c`` on a one-parameter
  squared-error cost, ``C.min_at.0``, ``C.lambda_max.approx`` on a two-parameter one);
* a run ``R`` (a figure's series ``FIG.SERIES``, or ``FIG`` for a figure with one series;
  a declared run): ``R.alpha``, ``R.theta0``, ``R.theta1``, ``R.theta_n``, ``R.n``,
  ``R.slope0``, ``R.update0``, ``R.J0``, ``R.J1``, ``R.J_n``, ``R.total_steps``, the
  rules that end it (``R.tolerance``, ``R.divergence_limit``) and how it ends, for claims
  (``R.converged``, ``R.diverged``) …; on a quadratic cost also
  ``R.rate`` (1 − αλ, what each step multiplies the offset from the minimum by) and
  ``R.steps_predicted`` (the steps that rate needs to meet the stopping rule); a point's
  coordinates as ``R.theta_n.0``, ``R.theta_n.1``; on a squared-error cost, the working of
  its first step example by example (``R.working.error.I``, ``R.working.grad.0``, …: see
  ``start_working``).

Every number fact ``F`` also has the form ``F.eq``: ``= 1.8`` where the shown digits are
the value, ``≈ 0.214`` where they are rounded (TeX ``= 1.8``, ``\approx 0.214``), for
prose that writes a computed result after an equals sign and must stay exact whatever
the data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gdcore.costs import Cost
from gdcore.descent import DIVERGENCE_LIMIT, Run, Status
from gdcore.text import fmt, shown_exactly
from gdcore.words import Words

__all__ = [
    "Fact",
    "FactBook",
    "FactError",
    "cost_facts",
    "number",
    "regime",
    "run_facts",
    "start_working",
]


class FactError(ValueError):
    """A fact cannot be computed (its data does not allow it, or facts depend on each
    other in a circle). The message names the fact."""


@dataclass(frozen=True)
class Fact:
    """One value, as running text and as TeX."""

    text: str
    tex: str
    value: Any = None


# ---------------------------------------------------------------- writing values


def exact(x: float) -> Fraction:
    """A float as the decimal it was written as (1.0 → 1, 0.1 → 1/10)."""
    return Fraction(repr(float(x)))


def fraction(q: Fraction) -> Fact:
    if q.denominator == 1:
        return Fact(str(q.numerator).replace("-", "−"), str(q.numerator), q)
    sign, p = ("−", -q) if q < 0 else ("", q)
    tex_sign = "-" if q < 0 else ""
    return Fact(
        f"{sign}{p.numerator}/{p.denominator}",
        rf"{tex_sign}\frac{{{p.numerator}}}{{{p.denominator}}}",
        q,
    )


def _tex_number(text: str) -> str:
    tex = text.replace("−", "-")
    if "×10" in tex or tex.startswith("10"):
        mantissa, _, power = tex.rpartition("10")
        exponent = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
        tex = (mantissa.replace("×", r" \times ") + f"10^{{{exponent}}}").strip()
    return tex


def number(x: float) -> Fact:
    """A computed float as readers see it (three significant digits) and as TeX."""
    text = fmt(x)
    return Fact(text, _tex_number(text), float(x))


def count(n: int) -> Fact:
    return Fact(str(n), str(n), n)


def point(p: tuple[float, ...]) -> Fact:
    """A point: its one number (one parameter), or ``(a, b)``."""
    if len(p) == 1:
        return number(p[0])
    parts = [number(v) for v in p]
    return Fact(
        "(" + ", ".join(f.text for f in parts) + ")",
        "(" + ", ".join(f.tex for f in parts) + ")",
        tuple(float(v) for v in p),
    )


def approx(value: Fraction | float) -> Fact:
    return number(float(value))


def decimal(x: float) -> Fact:
    """A number of the data as it was written (0.8, 3, −1.5), its value exact (4/5)."""
    q = exact(x)
    text = repr(float(x))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text or "inf" in text or "nan" in text:  # not written as a plain decimal
        return number(x)
    return Fact(text.replace("-", "−"), text, q)


# ---------------------------------------------------------------- what things provide

Provider = Callable[[Words], Fact]
"""Computes one fact, in the words of a language (only lists depend on it)."""


def regime(alpha: float, cost: Cost) -> str:
    """Where α sits against 1/λ and 2/λ, λ the largest eigenvalue of a quadratic cost's
    Hessian (J'' = c with one parameter): the behaviour of gradient descent with it."""
    eigenvalues = cost.eigenvalues
    if eigenvalues is None:
        raise FactError(f"cost {cost.id!r} is not quadratic: α has no regime on it")
    x = alpha * eigenvalues[-1]
    for boundary, at, below in ((1.0, "one-step", "one-side"), (2.0, "bounce", "oscillate")):
        if abs(x - boundary) <= 1e-9:
            return at
        if x < boundary:
            return below
    return "diverge"


def _squared_error_1d(cost: Cost, name: str) -> dict[str, Provider]:
    """J(θ1) = a·(θ1 − θ*)² + J*: its exact working, from the training set's decimals."""
    points = cost.training_set or ()
    xs = [exact(x) for x, _ in points]
    ys = [exact(y) for _, y in points]
    m = len(points)
    sxx = sum(x * x for x in xs)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    syy = sum(y * y for y in ys)
    theta_star = sxy / sxx
    coef = sxx / (2 * m)
    c = exact_curvature(cost)  # J'' = 2a = Σx²/m
    minimum = (syy - sxy * sxy / sxx) / (2 * m)
    on_a_line = all(y == theta_star * x for x, y in zip(xs, ys, strict=True))

    def y_of_x(_: Words) -> Fact:
        if not on_a_line:
            raise FactError(
                f"{name}.y_of_x: the training set {list(points)} is not on one line "
                "y = θ*·x through the origin"
            )
        if theta_star == 1:
            return Fact("x", "x^{(i)}", theta_star)
        q = fraction(theta_star)
        return Fact(f"{q.text}·x", rf"{q.tex}\,x^{{(i)}}", theta_star)

    def factor(_: Words) -> Fact:
        if theta_star == 0:
            return Fact("θ1", r"\theta_1", theta_star)
        op, tex_op = ("−", "-") if theta_star > 0 else ("+", "+")
        value = fraction(abs(theta_star))
        return Fact(f"(θ1 {op} {value.text})", rf"(\theta_1 {tex_op} {value.tex})", theta_star)

    squares = [fraction(x * x) for x in xs]
    return {
        "x_squares": lambda _: Fact(
            " + ".join(s.text for s in squares), " + ".join(s.tex for s in squares), sxx
        ),
        "sum_x2": lambda _: fraction(sxx),
        "y_of_x": y_of_x,
        "coef": lambda _: fraction(coef),
        "coef_unreduced": lambda _: Fact(
            f"{fraction(sxx).text}/{2 * m}",
            rf"\frac{{{fraction(sxx).tex}}}{{{2 * m}}}",
            coef,
        ),
        "min_at": lambda _: fraction(theta_star),
        "min": lambda _: fraction(minimum),
        "factor": factor,
        "c": lambda _: fraction(c),
        "one_over_c": lambda _: fraction(1 / c),
        "two_over_c": lambda _: fraction(2 / c),
        "one_over_c.approx": lambda _: approx(1 / c),
        "two_over_c.approx": lambda _: approx(2 / c),
    }


def _squared_error_2d(cost: Cost) -> dict[str, Provider]:
    """h(x) = θ0 + θ1·x: the minimum from the normal equations, exactly, and the Hessian's
    eigenvalues (the largest bounds α: gradient descent converges for α < 2/λmax)."""
    points = cost.training_set or ()
    xs = [exact(x) for x, _ in points]
    ys = [exact(y) for _, y in points]
    m = Fraction(len(points))
    sx, sy = sum(xs), sum(ys)
    sxx = sum(x * x for x in xs)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    theta1 = (m * sxy - sx * sy) / (m * sxx - sx * sx)
    theta0 = (sy - theta1 * sx) / m
    minimum = sum((theta0 + theta1 * x - y) ** 2 for x, y in zip(xs, ys, strict=True)) / (2 * m)
    low, high = cost.eigenvalues or (math.nan, math.nan)
    return {
        "mean_x": lambda _: fraction(sx / m),
        "mean_x2": lambda _: fraction(sxx / m),
        "mean_x.approx": lambda _: approx(sx / m),
        "mean_x2.approx": lambda _: approx(sxx / m),
        "min_at": lambda _: point((float(theta0), float(theta1))),
        "min_at.0": lambda _: fraction(theta0),
        "min_at.1": lambda _: fraction(theta1),
        "min_at.0.approx": lambda _: approx(theta0),
        "min_at.1.approx": lambda _: approx(theta1),
        "min": lambda _: fraction(minimum),
        "min.approx": lambda _: approx(minimum),
        "lambda_max.approx": lambda _: approx(high),
        "lambda_min.approx": lambda _: approx(low),
        "one_over_lambda_max.approx": lambda _: approx(1 / high),
        "two_over_lambda_max.approx": lambda _: approx(2 / high),
    }


def cost_facts(cost: Cost, name: str) -> dict[str, Provider]:
    """The facts cost ``name`` provides, by field (``points``, ``c``, ``local_min`` …)."""
    out: dict[str, Provider] = {}
    if cost.training_set is not None:
        pts = cost.training_set
        fracs = [(decimal(x), decimal(y)) for x, y in pts]

        def points(words: Words) -> Fact:
            shown = [f"({x.text}, {y.text})" for x, y in fracs]
            return Fact(
                words.join(shown),
                ", ".join(f"({x.tex}, {y.tex})" for x, y in fracs),
                tuple(pts),
            )

        out["points"] = points
        # Each example as written, numbered as the course numbers them: x⁽¹⁾ is C.x.1.
        for i, (x, y) in enumerate(fracs, start=1):
            out[f"x.{i}"] = lambda _, x=x: x
            out[f"y.{i}"] = lambda _, y=y: y
        out["m"] = lambda _: count(len(pts))
        out["two_m"] = lambda _: count(2 * len(pts))
        if cost.dim == 1:
            out.update(_squared_error_1d(cost, name))
        else:
            out.update(_squared_error_2d(cost))
    elif cost.kind == "double-well":
        g = cost.global_minimum
        local = [m for m in cost.minima if m != g]
        out["local_min"] = lambda _: number(local[0][0])
        out["global_min"] = lambda _: number(g[0]) if g else count(0)
        out["peak"] = lambda _: number(cost.maxima[0][0])
    elif cost.hessian is not None and cost.dim == 1:
        c = exact(cost.hessian[0][0])
        out["c"] = lambda _: fraction(c)
        out["one_over_c"] = lambda _: fraction(1 / c)
        out["two_over_c"] = lambda _: fraction(2 / c)
    return out


def _decimal(q: Fraction, most: int = 4) -> str | None:
    """``q`` written exactly as a decimal of at most ``most`` places (−15.85), else None."""
    for places in range(most + 1):
        scaled = abs(q) * 10**places
        if scaled.denominator == 1:
            digits = str(scaled.numerator).rjust(places + 1, "0")
            text = digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
            return ("-" if q < 0 else "") + text
    return None


def _written(q: Fraction) -> Fact:
    """An exact value worked out from the data: as a decimal when it has one of at most
    four decimal places (−15.85), else rounded as computed numbers are (−2.64)."""
    text = _decimal(q)
    if text is None:
        return approx(q)
    return Fact(text.replace("-", "−"), text, q)


def start_working(run: Callable[[], Run], cost: Cost) -> dict[str, Provider]:
    """The working of a run's first step on a squared-error cost, example by example, as
    a reader would do it by hand (exact, from the decimals written; I = 1 … m, j = 0 … n−1):

    ``working.h.I`` = h(x⁽ⁱ⁾) at the start θ_0, ``working.error.I`` = h(x⁽ⁱ⁾) − y⁽ⁱ⁾,
    ``working.error_x.I`` = (h(x⁽ⁱ⁾) − y⁽ⁱ⁾)·x⁽ⁱ⁾, their sums ``working.error_sum`` and
    ``working.error_x_sum``; the gradient ``working.grad.j`` (a sum over m) and the
    first iterate ``working.theta1.j`` = θ_j − α·∂J/∂θ_j. Each is shown exactly where it
    has at most four decimal places (so its ``.eq`` form says ``=``), else rounded (``≈``)."""
    points = cost.training_set or ()
    m = len(points)

    def rows() -> list[tuple[Fraction, Fraction, Fraction]]:
        theta = dict(zip(cost.parameters, (exact(t) for t in run().theta0), strict=True))
        out = []
        for x, y in points:
            h = theta.get("theta0", Fraction(0)) + theta.get("theta1", Fraction(0)) * exact(x)
            out.append((h, h - exact(y), (h - exact(y)) * exact(x)))
        return out

    def sums() -> tuple[Fraction, Fraction]:
        r = rows()
        return sum((row[1] for row in r), Fraction(0)), sum((row[2] for row in r), Fraction(0))

    def gradient() -> list[Fraction]:
        # ∂J/∂θ0 = Σ error / m; ∂J/∂θ1 = Σ error·x / m (in the order of the parameters).
        error_sum, error_x_sum = sums()
        by_name = {"theta0": error_sum / m, "theta1": error_x_sum / m}
        return [by_name[p] for p in cost.parameters]

    def next_theta() -> list[Fraction]:
        alpha = exact(run().alpha)
        start = [exact(t) for t in run().theta0]
        return [t - alpha * g for t, g in zip(start, gradient(), strict=True)]

    out: dict[str, Provider] = {}

    def add(name: str, value: Callable[[], Fraction]) -> None:
        out[f"working.{name}"] = lambda _: _written(value())

    for i in range(m):
        add(f"h.{i + 1}", lambda i=i: rows()[i][0])
        add(f"error.{i + 1}", lambda i=i: rows()[i][1])
        add(f"error_x.{i + 1}", lambda i=i: rows()[i][2])
    add("error_sum", lambda: sums()[0])
    add("error_x_sum", lambda: sums()[1])
    for j in range(cost.dim):
        add(f"grad.{j}", lambda j=j: gradient()[j])
        add(f"theta1.{j}", lambda j=j: next_theta()[j])
    return out


def _status_is(run: Run, status: Status) -> Fact:
    return Fact(run.status.value, run.status.value, run.status is status)


def exact_curvature(cost: Cost) -> Fraction | float:
    """λ, the largest eigenvalue of a quadratic cost's Hessian (J'' = c with one parameter):
    exact for a one-parameter squared error (from its training set's decimals, as ``C.c``)
    and for a one-parameter quadratic (as declared); a float otherwise. FactError if the
    cost is not quadratic."""
    eigenvalues = cost.eigenvalues
    if eigenvalues is None:
        raise FactError(
            f"cost {cost.id!r} is not quadratic: its Hessian is not constant, so a step has "
            "no one factor 1 − αλ"
        )
    if cost.dim == 1 and cost.training_set is not None:
        xs = [exact(x) for x, _ in cost.training_set]
        return sum(x * x for x in xs) / len(xs)
    if cost.dim == 1:
        return exact(eigenvalues[0])
    return eigenvalues[-1]


def _rate(run: Run) -> Fraction | float:
    """1 − αλ: on a quadratic cost each step multiplies the offset from the minimum along
    λ's direction (the offset θ1 − θ* with one parameter) by this factor."""
    return 1 - exact(run.alpha) * exact_curvature(run.cost)


def _steps_predicted(run: Run) -> Fact:
    """k with |rate|^k·‖∇J(θ0)‖ = tolerance: on a one-parameter quadratic the run meets its
    stopping rule at the first whole number of steps at or above it."""
    if run.dim != 1:
        raise FactError("steps_predicted is for a cost of one parameter")
    rate = abs(float(_rate(run)))
    start = abs(run.grad[0][0])
    if not 0 < rate < 1 or start <= run.tolerance:
        raise FactError(
            "steps_predicted needs 0 < |1 − αλ| < 1 and a start that does not already meet "
            f"the stopping rule (|1 − αλ| = {fmt(rate)}, slope {fmt(start)})"
        )
    return number(math.log(run.tolerance / start) / math.log(rate))


def _rate_fact(run: Run) -> Fact:
    rate = _rate(run)
    shown = number(float(rate))
    return Fact(shown.text, shown.tex, rate)


def _total_steps(run: Run) -> int:
    """Steps to converge, or to leave the plot for good (as the figures' words count them)."""
    return run.n_steps + (run.status is Status.DIVERGED)


def run_facts(run: Callable[[], Run], long_run: Callable[[], Run]) -> dict[str, Provider]:
    """The facts a run provides, by field. ``run`` is the run as shown (its declared
    steps), ``long_run`` the same start and α run on until it converges or diverges."""

    def first_step(field: Callable[[Run], Any]) -> Provider:
        def provide(_: Words) -> Fact:
            r = run()
            return field(r)

        return provide

    out: dict[str, Provider] = {
        "alpha": first_step(lambda r: number(r.alpha)),
        "theta0": first_step(lambda r: point(r.theta0)),
        "theta1": first_step(lambda r: point(r.theta[1] if r.n_steps else r.theta0)),
        "theta_n": first_step(lambda r: point(r.final_theta)),
        "n": first_step(lambda r: count(r.n_steps)),
        "slope0": first_step(lambda r: point(r.grad[0])),
        "update0": first_step(lambda r: number(math.hypot(*(r.alpha * g for g in r.grad[0])))),
        "J0": first_step(lambda r: number(r.J[0])),
        "J1": first_step(lambda r: number(r.J[1] if r.n_steps else r.J[0])),
        "J_n": first_step(lambda r: number(r.final_J)),
        "total_steps": lambda _: count(_total_steps(long_run())),
        "status": lambda _: Fact(long_run().status.value, long_run().status.value),
        "tolerance": first_step(lambda r: number(r.tolerance)),
        "divergence_limit": lambda _: number(DIVERGENCE_LIMIT),
        "rate": first_step(_rate_fact),
        "steps_predicted": first_step(_steps_predicted),
        # For claims ("holds: R.diverged"): whether the long run ends so.
        "converged": lambda _: _status_is(long_run(), Status.CONVERGED),
        "diverged": lambda _: _status_is(long_run(), Status.DIVERGED),
    }
    return out


# ---------------------------------------------------------------- the book

EQ = ".eq"
"""The suffix of a number fact's "= value" / "≈ value" form."""


def eq_form(name: str, fact: Fact) -> Fact:
    """Fact ``name`` written after an equals sign: ``= 1.8``, or ``≈ 0.214`` where its text
    rounds its value (an exact fraction such as ``3/14`` is never rounded)."""
    value = fact.value
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise FactError(f"{name}{EQ}: {name} is not a number ({fact.text})")
    rounded = fact.text == fmt(float(value)) and not shown_exactly(float(value))
    sign, tex_sign = ("≈", r"\approx") if rounded else ("=", "=")
    return Fact(f"{sign} {fact.text}", f"{tex_sign} {fact.tex}", value)


class FactBook(Mapping[str, Fact]):
    """Every fact of a lecture in one language: name -> Fact, each computed when first
    asked for. ``providers`` is shared by the languages of a lecture (``for_words``)."""

    def __init__(self, providers: dict[str, Provider], words: Words, memo: dict | None = None):
        self._providers = providers
        self._words = words
        self._memo: dict[tuple[str, str], Fact] = {} if memo is None else memo
        self._computing: list[str] = []

    def for_words(self, words: Words) -> FactBook:
        """The same facts in another language (computed values are shared)."""
        return FactBook(self._providers, words, self._memo)

    def __getitem__(self, name: str) -> Fact:
        key = (name, self._words.locale)
        known = self._memo.get(key)
        if known is not None:
            return known
        base = self._eq_base(name)
        if base is not None:
            fact = eq_form(base, self[base])
            self._memo[key] = fact
            return fact
        provider = self._providers[name]  # KeyError: no such fact
        if name in self._computing:
            chain = " → ".join([*self._computing[self._computing.index(name) :], name])
            raise FactError(f"facts depend on each other in a circle: {chain}")
        self._computing.append(name)
        try:
            fact = provider(self._words)
        finally:
            self._computing.pop()
        self._memo[key] = fact
        return fact

    def value(self, name: str) -> Any:
        """The fact's value (the same in every language)."""
        return self[name].value

    def __iter__(self) -> Iterator[str]:
        return iter(self._providers)

    def __len__(self) -> int:
        return len(self._providers)

    def _eq_base(self, name: str) -> str | None:
        """The declared fact whose ``.eq`` form ``name`` is, if it is one."""
        if name in self._providers or not name.endswith(EQ):
            return None
        base = name[: -len(EQ)]
        return base if base in self._providers else None

    def __contains__(self, name: object) -> bool:
        """A declared fact, or the ``.eq`` form of one."""
        return name in self._providers or (
            isinstance(name, str) and self._eq_base(name) is not None
        )
