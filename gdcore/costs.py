"""Cost functions of one parameter, each with its exact derivative.

A :class:`Cost` evaluates on a float or on a numpy array (for plotting). The
constructors below cover the lecture's squared-error cost, a non-convex cost
with a local and a lower global minimum, a plain quadratic (for tests and the
learning-rate boundaries), and any function with its derivative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "COSTS",
    "LECTURE_COST",
    "LECTURE_TRAINING_SET",
    "WAVY_COST",
    "Cost",
    "double_well",
    "from_functions",
    "quadratic",
    "squared_error",
]

Number = float | np.ndarray
Fn = Callable[[Any], Any]


@dataclass(frozen=True)
class Cost:
    """J(θ) and its derivative J'(θ), plus what is known exactly about them.

    ``minima`` lists the θ of each minimum (exact, so that J' is exactly 0
    there), ``global_minimum`` the lowest of them. ``curvature`` is J'' where it
    is constant (a quadratic), else None. ``describe()`` is what a figure
    records as its provenance.
    """

    id: str
    formula: str  # mathtext, shown in figures
    J: Fn = field(repr=False)
    dJ: Fn = field(repr=False)
    minima: tuple[float, ...] = ()
    curvature: float | None = None
    training_set: tuple[tuple[float, float], ...] | None = None
    params: tuple[tuple[str, float], ...] = ()

    @property
    def global_minimum(self) -> float | None:
        if not self.minima:
            return None
        return min(self.minima, key=lambda t: float(self.J(t)))

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.training_set is not None:
            out["training_set"] = [list(p) for p in self.training_set]
        if self.params:
            out["params"] = dict(self.params)
        return out


def _check_id(cost_id: str) -> None:
    if not isinstance(cost_id, str) or not cost_id.strip():
        raise ValueError(f"cost id must be a non-empty string, got {cost_id!r}")


# While a constructor computes what it knows exactly (minima, curvature, the offset of J):
# an overflow raises rather than warns and leaves inf or NaN behind (underflow is harmless).
_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}


def _too_large(what: str) -> ValueError:
    return ValueError(f"{what} are too large: J or J' overflows a float; scale them down")


def squared_error(points: Sequence[tuple[float, float]], cost_id: str) -> Cost:
    """J(θ1) = 1/(2m) Σ (θ1·x_i − y_i)², the cost of h(x) = θ1·x on ``points``."""
    _check_id(cost_id)
    pts = tuple((float(x), float(y)) for x, y in points)
    if not pts:
        raise ValueError("points must hold at least one (x, y) pair")
    if not all(math.isfinite(v) for p in pts for v in p):
        raise ValueError("points must be finite numbers")
    xs = np.array([p[0] for p in pts])
    ys = np.array([p[1] for p in pts])
    m = len(pts)
    try:
        with np.errstate(**_RAISE):
            sxx = float(xs @ xs)
            sxy = float(xs @ ys)
            syy = float(ys @ ys)
    except FloatingPointError:
        raise _too_large("points") from None
    if sxx == 0.0:
        raise ValueError("points need at least one x ≠ 0, or J does not depend on θ1")

    def J(theta: Number) -> Number:
        residual = np.multiply.outer(np.asarray(theta, dtype=float), xs) - ys
        value = (residual**2).sum(axis=-1) / (2 * m)
        return float(value) if np.ndim(value) == 0 else value

    def dJ(theta: Number) -> Number:
        residual = np.multiply.outer(np.asarray(theta, dtype=float), xs) - ys
        value = (residual * xs).sum(axis=-1) / m
        return float(value) if np.ndim(value) == 0 else value

    minimum = sxy / sxx
    # Σy² (2m·J at θ1 = 0) and J, J' at the minimum must be floats, or a run started
    # anywhere near the data would be reported as diverged from its start.
    try:
        with np.errstate(**_RAISE):
            for value in (syy, J(minimum), dJ(minimum)):
                if not math.isfinite(value):
                    raise FloatingPointError
    except FloatingPointError:
        raise _too_large("points") from None
    return Cost(
        id=cost_id,
        formula=r"$J(\theta_1)=\frac{1}{2m}\sum_{i=1}^{m}(\theta_1 x_i-y_i)^2$",
        J=J,
        dJ=dJ,
        minima=(minimum,),
        curvature=sxx / m,
        training_set=pts,
    )


def quadratic(curvature: float, minimum: float = 0.0, floor: float = 0.0) -> Cost:
    """J(θ) = c/2 · (θ − θ*)² + floor: J'' = c everywhere."""
    c, t_star, j0 = float(curvature), float(minimum), float(floor)
    if not (math.isfinite(c) and c > 0):
        raise ValueError(f"curvature must be a finite number > 0, got {curvature!r}")
    if not (math.isfinite(t_star) and math.isfinite(j0)):
        raise ValueError("minimum and floor must be finite numbers")

    def J(theta: Number) -> Number:
        d = np.asarray(theta, dtype=float) - t_star
        value = 0.5 * c * d * d + j0
        return float(value) if np.ndim(value) == 0 else value

    def dJ(theta: Number) -> Number:
        value = c * (np.asarray(theta, dtype=float) - t_star)
        return float(value) if np.ndim(value) == 0 else value

    return Cost(
        id=f"quadratic(c={c!r},min={t_star!r})",
        formula=r"$J(\theta)=\frac{c}{2}(\theta-\theta^*)^2$",
        J=J,
        dJ=dJ,
        minima=(t_star,),
        curvature=c,
        params=(("curvature", c), ("minimum", t_star), ("floor", j0)),
    )


def double_well(
    local_min: float, peak: float, global_min: float, scale: float, floor: float, cost_id: str
) -> Cost:
    """A quartic with J'(θ) = k(θ − a)(θ − b)(θ − d): minima at a and d, a peak at b.

    The minima are exact roots of J', so a run started on one sees a slope of
    exactly 0. ``floor`` is J at ``global_min``; the caller says which minimum
    is the global one and this checks it.
    """
    _check_id(cost_id)
    a, b, d, k = float(local_min), float(peak), float(global_min), float(scale)
    if not all(math.isfinite(v) for v in (a, b, d, k, floor)):
        raise ValueError("double_well parameters must be finite numbers")
    lo, hi = min(a, d), max(a, d)
    if not (lo < b < hi):
        raise ValueError("peak must lie strictly between the two minima")
    if k <= 0:
        raise ValueError(f"scale must be > 0, got {scale!r}")
    s1, s2, s3 = a + b + d, a * b + a * d + b * d, a * b * d

    def poly(theta: Number) -> Number:
        t = np.asarray(theta, dtype=float)
        return k * ((((t / 4 - s1 / 3) * t + s2 / 2) * t - s3) * t)

    try:
        with np.errstate(**_RAISE):
            offset = float(floor) - float(poly(d))
    except FloatingPointError:
        raise _too_large("double_well parameters") from None

    def J(theta: Number) -> Number:
        value = poly(theta) + offset
        return float(value) if np.ndim(value) == 0 else value

    def dJ(theta: Number) -> Number:
        t = np.asarray(theta, dtype=float)
        value = k * (t - a) * (t - b) * (t - d)
        return float(value) if np.ndim(value) == 0 else value

    # J at the minima and the peak (its highest point between them) must be floats.
    try:
        with np.errstate(**_RAISE):
            j_a, j_b, j_d = float(J(a)), float(J(b)), float(J(d))
            if not all(math.isfinite(v) for v in (offset, j_a, j_b, j_d)):
                raise FloatingPointError
    except FloatingPointError:
        raise _too_large("double_well parameters") from None
    if not j_a > j_d:
        raise ValueError("global_min must be the lower of the two minima; swap them")
    return Cost(
        id=cost_id,
        formula=r"$J'(\theta_1)=k(\theta_1-a)(\theta_1-b)(\theta_1-d)$",
        J=J,
        dJ=dJ,
        minima=(a, d),
        params=(("a", a), ("b", b), ("d", d), ("k", k), ("floor", float(floor))),
    )


def from_functions(
    cost_id: str,
    J: Fn,
    dJ: Fn,
    minima: Sequence[float] = (),
    formula: str = r"$J(\theta)$",
) -> Cost:
    """A cost from any function and its derivative (both must accept floats)."""
    _check_id(cost_id)
    if not (callable(J) and callable(dJ)):
        raise ValueError("J and dJ must be callables taking θ and returning a number")
    return Cost(id=cost_id, formula=formula, J=J, dJ=dJ, minima=tuple(float(m) for m in minima))


# The course's toy training set: h(x) = θ1·x fits it exactly at θ1 = 1, where J = 0.
LECTURE_TRAINING_SET: tuple[tuple[float, float], ...] = ((1.0, 1.0), (2.0, 2.0), (3.0, 3.0))
LECTURE_COST: Cost = squared_error(LECTURE_TRAINING_SET, cost_id="lecture")

# The slide of the in-lecture question draws a wavy J with two minima: a local
# one on the left and a lower, global one on the right.
WAVY_COST: Cost = double_well(
    local_min=1.0, peak=2.5, global_min=5.0, scale=0.25, floor=0.5, cost_id="wavy"
)

COSTS: dict[str, Cost] = {c.id: c for c in (LECTURE_COST, WAVY_COST)}
"""The named costs the command line offers."""
