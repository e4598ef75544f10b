"""Gradient descent on one parameter: θ_{k+1} = θ_k − α·J'(θ_k).

Every evaluation raises on numpy overflow or invalid values (underflow is
harmless and ignored) and every value is
checked for finiteness, so a run that blows up is reported as ``diverged``
before any inf, NaN or numpy RuntimeWarning can escape.
"""

from __future__ import annotations

import math
import numbers
import operator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from gdcore.costs import Cost

__all__ = [
    "DEFAULT_TOLERANCE",
    "DIVERGENCE_LIMIT",
    "MAX_STEPS",
    "THETA0_LIMIT",
    "Run",
    "Status",
    "descend",
    "validate",
]

MAX_STEPS = 100_000
"""Ceiling on the number of steps one run may take."""

THETA0_LIMIT = 1e6
"""θ0 must satisfy |θ0| ≤ THETA0_LIMIT."""

DIVERGENCE_LIMIT = 1e8
"""A run whose |θ| passes this is reported as diverged (far before float overflow)."""

DEFAULT_TOLERANCE = 1e-6
"""A run has converged once |J'(θ_k)| ≤ tolerance."""


class Status(StrEnum):
    CONVERGED = "converged"
    STEP_LIMIT = "step-limit"
    DIVERGED = "diverged"


@dataclass(frozen=True)
class Run:
    """The iterates of one run.

    ``theta``, ``J`` and ``slope`` hold k = 0..n (θ_0 included); ``step`` holds
    the n updates α·J'(θ_k), so θ_{k+1} = θ_k − step[k]. ``status`` says how it
    ended: converged (|J'(θ_n)| ≤ tolerance), step-limit, or diverged (θ left
    ±DIVERGENCE_LIMIT or a value stopped being finite; the iterate that would
    have done so is not recorded).
    """

    cost: Cost
    alpha: float
    theta0: float
    tolerance: float
    max_steps: int
    theta: tuple[float, ...]
    J: tuple[float, ...]
    slope: tuple[float, ...]
    step: tuple[float, ...]
    status: Status

    @property
    def n_steps(self) -> int:
        return len(self.step)

    @property
    def final_theta(self) -> float:
        return self.theta[-1]

    @property
    def final_J(self) -> float:
        return self.J[-1]

    @property
    def step_sizes(self) -> tuple[float, ...]:
        return tuple(abs(s) for s in self.step)


def _finite_float(name: str, value: Any, rule: str) -> float:
    """``value`` as a finite float, or ValueError saying ``name must be RULE``.

    Only real numbers qualify (``numbers.Real``: int, float, Fraction, numpy's integers
    and floats). Booleans of any kind (``True``, ``np.True_``) are not numbers here, and
    neither are strings such as ``"0.1"``: parsing text is the command line's job.
    """
    problem = ValueError(f"{name} must be {rule}, got {value!r}")
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise problem
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise problem from None
    if not math.isfinite(x):
        raise problem
    return x


def validate(
    alpha: Any, theta0: Any, steps: Any, tolerance: Any = DEFAULT_TOLERANCE
) -> tuple[float, float, int, float]:
    """Check the inputs of a run; return them as (alpha, theta0, steps, tolerance).

    alpha, theta0 and tolerance must be real numbers (``numbers.Real``; no bool, no
    string), steps an integer (``operator.index``; no bool). Raises ValueError naming the
    parameter and its allowed range.
    """
    alpha_rule = "a finite number > 0"
    a = _finite_float("alpha", alpha, alpha_rule)
    if a <= 0:
        raise ValueError(f"alpha must be {alpha_rule}, got {alpha!r}")
    theta_rule = f"a finite number with |theta0| <= {THETA0_LIMIT:g}"
    t0 = _finite_float("theta0", theta0, theta_rule)
    if abs(t0) > THETA0_LIMIT:
        raise ValueError(f"theta0 must be {theta_rule}, got {theta0!r}")
    steps_problem = ValueError(f"steps must be an integer from 0 to {MAX_STEPS}, got {steps!r}")
    if isinstance(steps, bool):
        raise steps_problem
    try:
        n = operator.index(steps)
    except TypeError:
        raise steps_problem from None
    if not 0 <= n <= MAX_STEPS:
        raise steps_problem
    tol = _finite_float("tolerance", tolerance, "a finite number > 0")
    if tol <= 0:
        raise ValueError(f"tolerance must be a finite number > 0, got {tolerance!r}")
    return a, t0, n, tol


def _evaluate(cost: Cost, theta: float) -> tuple[float, float] | None:
    """(J(θ), J'(θ)) as finite floats, or None where either is not finite.

    Called inside ``_RAISE``: numpy's overflow and invalid results raise rather than warn.
    """
    try:
        j = float(cost.J(theta))
        s = float(cost.dJ(theta))
    except (FloatingPointError, OverflowError, ZeroDivisionError):
        return None
    if not (math.isfinite(j) and math.isfinite(s)):
        return None
    return j, s


# Entered once per run, not per step: a long run takes 10 000 steps.
_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}


def descend(
    cost: Cost,
    alpha: float,
    theta0: float,
    steps: int = 1000,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Run:
    """Run gradient descent from θ0 with a fixed α for at most ``steps`` steps.

    The run takes at least one step when ``steps`` ≥ 1 (so a start at a
    stationary point shows its step of exactly 0) and stops early once
    |J'(θ_k)| ≤ tolerance or it diverges.
    """
    a, t0, n, tol = validate(alpha, theta0, steps, tolerance)
    with np.errstate(**_RAISE):
        first = _evaluate(cost, t0)
        if first is None:
            raise ValueError(f"theta0 = {t0!r} gives a non-finite J or J' for cost {cost.id!r}")
        thetas, js, slopes, updates = [t0], [first[0]], [first[1]], []
        status = Status.CONVERGED if abs(first[1]) <= tol else Status.STEP_LIMIT
        theta, slope = t0, first[1]
        for _ in range(n):
            # Python floats overflow to inf quietly; the check below catches it.
            update = a * slope
            nxt = theta - update
            if not (math.isfinite(update) and math.isfinite(nxt)) or abs(nxt) > DIVERGENCE_LIMIT:
                status = Status.DIVERGED
                break
            values = _evaluate(cost, nxt)
            if values is None:
                status = Status.DIVERGED
                break
            theta, slope = nxt, values[1]
            thetas.append(theta)
            js.append(values[0])
            slopes.append(slope)
            updates.append(update)
            if abs(slope) <= tol:
                status = Status.CONVERGED
                break
        else:
            if n > 0:
                status = Status.STEP_LIMIT
    return Run(
        cost=cost,
        alpha=a,
        theta0=t0,
        tolerance=tol,
        max_steps=n,
        theta=tuple(thetas),
        J=tuple(js),
        slope=tuple(slopes),
        step=tuple(updates),
        status=status,
    )
