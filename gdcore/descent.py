"""Gradient descent with a fixed learning rate: θ_{k+1} = θ_k − α·∇J(θ_k).

θ has as many coordinates as the cost has parameters; every coordinate is updated from
the same θ_k (the simultaneous update). Every evaluation raises on numpy overflow or
invalid values (underflow is harmless and ignored) and every value is checked for
finiteness, so a run that blows up is reported as ``diverged`` before any inf, NaN or
numpy RuntimeWarning can escape. With one parameter the arithmetic is exactly that of
the one-parameter engine before θ became a vector: the same iterates, bit for bit.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from gdcore.costs import Cost, Point

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
"""Every coordinate of θ0 must satisfy |θ0_j| ≤ THETA0_LIMIT."""

DIVERGENCE_LIMIT = 1e8
"""A run with a coordinate |θ_j| past this is reported as diverged (far before overflow)."""

DEFAULT_TOLERANCE = 1e-6
"""A run has converged once ‖∇J(θ_k)‖ ≤ tolerance (|J'(θ_k)| with one parameter)."""


class Status(StrEnum):
    CONVERGED = "converged"
    STEP_LIMIT = "step-limit"
    DIVERGED = "diverged"


@dataclass(frozen=True)
class Run:
    """The iterates of one run.

    ``theta``, ``J`` and ``grad`` hold k = 0..n (θ_0 included); ``step`` holds the n
    updates α·∇J(θ_k), so θ_{k+1} = θ_k − step[k]. Points are tuples with one float per
    parameter. ``status`` says how it ended: converged (‖∇J(θ_n)‖ ≤ tolerance),
    step-limit, or diverged (a coordinate left ±DIVERGENCE_LIMIT or a value stopped being
    finite; the iterate that would have done so is not recorded).
    """

    cost: Cost
    alpha: float
    theta0: Point
    tolerance: float
    max_steps: int
    theta: tuple[Point, ...]
    J: tuple[float, ...]
    grad: tuple[Point, ...]
    step: tuple[Point, ...]
    status: Status

    @property
    def dim(self) -> int:
        return len(self.theta0)

    @property
    def n_steps(self) -> int:
        return len(self.step)

    @property
    def final_theta(self) -> Point:
        return self.theta[-1]

    @property
    def final_J(self) -> float:
        return self.J[-1]

    @property
    def step_sizes(self) -> tuple[float, ...]:
        """‖α·∇J(θ_k)‖: how far each step moves θ (|α·J'(θ_k)| with one parameter)."""
        return tuple(math.hypot(*s) for s in self.step)

    @property
    def gradient_norms(self) -> tuple[float, ...]:
        return tuple(math.hypot(*g) for g in self.grad)


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


def _start(theta0: Any, dim: int) -> Point:
    """θ0 as a point with ``dim`` coordinates: a real number with one parameter, else a
    sequence of ``dim`` real numbers."""
    theta_rule = f"a finite number with |theta0| <= {THETA0_LIMIT:g}"
    if dim == 1:
        values = [_finite_float("theta0", theta0, theta_rule)]
    else:
        if isinstance(theta0, str | bytes) or not isinstance(theta0, Sequence | np.ndarray):
            raise ValueError(
                f"theta0 must be a list of {dim} numbers (one per parameter), got {theta0!r}"
            )
        if len(theta0) != dim:
            raise ValueError(
                f"theta0 must have {dim} coordinates (one per parameter), "
                f"got {len(theta0)}: {list(theta0)!r}"
            )
        theta_rule += " in every coordinate"
        values = [_finite_float("theta0", t, theta_rule) for t in theta0]
    if any(abs(t) > THETA0_LIMIT for t in values):
        raise ValueError(f"theta0 must be {theta_rule}, got {theta0!r}")
    return tuple(values)


def validate(
    alpha: Any, theta0: Any, steps: Any, tolerance: Any = DEFAULT_TOLERANCE, dim: int = 1
) -> tuple[float, Point, int, float]:
    """Check the inputs of a run; return them as (alpha, theta0, steps, tolerance).

    alpha and tolerance must be real numbers (``numbers.Real``; no bool, no string),
    theta0 a real number (one parameter) or a sequence of ``dim`` of them, steps an integer
    (``operator.index``; no bool). Raises ValueError naming the parameter and its range.
    """
    alpha_rule = "a finite number > 0"
    a = _finite_float("alpha", alpha, alpha_rule)
    if a <= 0:
        raise ValueError(f"alpha must be {alpha_rule}, got {alpha!r}")
    t0 = _start(theta0, dim)
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


def _evaluate(cost: Cost, theta: Point) -> tuple[float, Point] | None:
    """(J(θ), ∇J(θ)) as finite floats, or None where one is not finite.

    Called inside ``_RAISE``: numpy's overflow and invalid results raise rather than warn.
    """
    try:
        j, g = cost.value_and_gradient(theta)
    except (FloatingPointError, OverflowError, ZeroDivisionError):
        return None
    if not (math.isfinite(j) and all(map(math.isfinite, g))):
        return None
    return j, g


# Entered once per run, not per step: a long run takes 10 000 steps.
_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}


def descend(
    cost: Cost,
    alpha: float,
    theta0: float | Sequence[float],
    steps: int = 1000,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Run:
    """Run gradient descent from θ0 with a fixed α for at most ``steps`` steps.

    The run takes at least one step when ``steps`` ≥ 1 (so a start at a stationary point
    shows its step of exactly 0) and stops early once ‖∇J(θ_k)‖ ≤ tolerance or it
    diverges.
    """
    a, t0, n, tol = validate(alpha, theta0, steps, tolerance, cost.dim)
    with np.errstate(**_RAISE):
        first = _evaluate(cost, t0)
        if first is None:
            shown = t0[0] if len(t0) == 1 else list(t0)
            raise ValueError(
                f"theta0 = {shown!r} gives a non-finite J or gradient for cost {cost.id!r}"
            )
        thetas, js, grads, updates = [t0], [first[0]], [first[1]], []
        status = Status.CONVERGED if math.hypot(*first[1]) <= tol else Status.STEP_LIMIT
        theta, grad = t0, first[1]
        for _ in range(n):
            # Python floats overflow to inf quietly; the check below catches it.
            update = tuple(a * g for g in grad)
            nxt = tuple(t - u for t, u in zip(theta, update, strict=True))
            if not all(map(math.isfinite, update + nxt)) or max(map(abs, nxt)) > DIVERGENCE_LIMIT:
                status = Status.DIVERGED
                break
            values = _evaluate(cost, nxt)
            if values is None:
                status = Status.DIVERGED
                break
            theta, grad = nxt, values[1]
            thetas.append(theta)
            js.append(values[0])
            grads.append(grad)
            updates.append(update)
            if math.hypot(*grad) <= tol:
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
        grad=tuple(grads),
        step=tuple(updates),
        status=status,
    )
