"""Cost functions J(θ) of any number of parameters, each with its exact gradient.

θ is a point of Rⁿ. A :class:`Cost` evaluates ``J`` and ``grad`` on an array whose last
axis holds the n parameters (shape ``(..., n)``): one point, or a grid of them for a plot.
``J`` gives shape ``(...)`` and ``grad`` shape ``(..., n)``; a single point gives a float
and a tuple of floats through :meth:`Cost.value` and :meth:`Cost.gradient`.

The constructors: the squared-error cost of linear regression on any training set
(``h(x) = θ1·x`` or ``h(x) = θ0 + θ1·x``), a quadratic bowl of known Hessian, a quartic of one
parameter with a local and a lower global minimum, and any function with its gradient.
With one parameter every constructor computes exactly what the one-parameter engine did
before θ became a vector (the same floating-point operations, so the same iterates).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "PARAMETER_SYMBOLS",
    "Cost",
    "Point",
    "double_well",
    "from_functions",
    "quadratic",
    "squared_error",
]

Point = tuple[float, ...]
"""A point θ of parameter space."""
Fn = Callable[[Any], Any]

PARAMETER_SYMBOLS = {"theta0": "θ₀", "theta1": "θ₁"}
"""How a reader reads each parameter a squared-error cost may have."""
_TEX_SYMBOLS = {"theta0": r"\theta_0", "theta1": r"\theta_1"}


@dataclass(frozen=True)
class Cost:
    """J(θ) and its gradient, plus what is known exactly about them.

    ``parameters`` names the coordinates of θ (``("theta1",)``, ``("theta0", "theta1")``).
    ``minima`` lists each minimum (exact, so that the gradient is exactly 0 there),
    ``maxima`` each maximum (a peak between two valleys). ``hessian`` is J's Hessian where
    it is constant (a quadratic cost), else None. ``describe()`` is what a figure records
    as the cost's provenance.
    """

    id: str
    kind: str
    parameters: tuple[str, ...]
    J: Fn = field(repr=False)
    grad: Fn = field(repr=False)
    minima: tuple[Point, ...] = ()
    maxima: tuple[Point, ...] = ()
    hessian: tuple[Point, ...] | None = None
    training_set: tuple[tuple[float, float], ...] | None = None
    params: tuple[tuple[str, float], ...] = ()
    # (J, ∇J) at one point in plain Python: numpy's per-call cost dominates a run's steps
    # on a small cost (a 10 000-step run of two parameters took 0.5 s through numpy).
    at: Callable[[Point], tuple[float, Point]] | None = field(default=None, repr=False)

    @property
    def dim(self) -> int:
        return len(self.parameters)

    @property
    def symbols(self) -> tuple[str, ...]:
        """The parameters as a reader reads them (θ₁), in figures and words."""
        return tuple(PARAMETER_SYMBOLS.get(p, p) for p in self.parameters)

    @property
    def tex_symbols(self) -> tuple[str, ...]:
        return tuple(_TEX_SYMBOLS.get(p, p) for p in self.parameters)

    @property
    def curvature(self) -> float | None:
        """J'' of a one-parameter quadratic cost (the same everywhere), else None."""
        if self.hessian is None or self.dim != 1:
            return None
        return self.hessian[0][0]

    @property
    def eigenvalues(self) -> tuple[float, ...] | None:
        """The constant Hessian's eigenvalues, smallest first (None if not constant)."""
        if self.hessian is None:
            return None
        if self.dim == 1:
            return (self.hessian[0][0],)
        return tuple(float(v) for v in np.linalg.eigvalsh(np.array(self.hessian)))

    @property
    def global_minimum(self) -> Point | None:
        if not self.minima:
            return None
        return min(self.minima, key=self.value)

    def value(self, theta: Sequence[float]) -> float:
        """J at one point θ."""
        if self.at is not None:
            return self.at(tuple(map(float, theta)))[0]
        return float(self.J(np.asarray(theta, dtype=float)))

    def gradient(self, theta: Sequence[float]) -> Point:
        """∇J at one point θ."""
        if self.at is not None:
            return self.at(tuple(map(float, theta)))[1]
        return tuple(float(g) for g in self.grad(np.asarray(theta, dtype=float)))

    def value_and_gradient(self, theta: Point) -> tuple[float, Point]:
        """(J, ∇J) at one point θ: what each step of a run needs."""
        if self.at is not None:
            return self.at(theta)
        point = np.array(theta)
        return float(self.J(point)), tuple(float(g) for g in self.grad(point))

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.training_set is not None:
            out["training_set"] = [list(p) for p in self.training_set]
        if self.params:
            out["params"] = dict(self.params)
        if self.dim > 1:
            out["parameters"] = list(self.parameters)
        return out


def _check_id(cost_id: str) -> None:
    if not isinstance(cost_id, str) or not cost_id.strip():
        raise ValueError(f"cost id must be a non-empty string, got {cost_id!r}")


# While a constructor computes what it knows exactly (minima, curvature, the offset of J):
# an overflow raises rather than warns and leaves inf or NaN behind (underflow is harmless).
_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}


def _too_large(what: str) -> ValueError:
    return ValueError(f"{what} are too large: J or its gradient overflows a float; scale them down")


def _scalar(value: Any) -> Any:
    return float(value) if np.ndim(value) == 0 else value


def _exact(x: float) -> Fraction:
    """A float as the decimal it was written as (1.0 → 1, 0.1 → 1/10)."""
    return Fraction(repr(float(x)))


SQUARED_ERROR_PARAMETERS = (("theta1",), ("theta0", "theta1"))
"""The hypotheses a squared-error cost knows: h(x) = θ1·x, and h(x) = θ0 + θ1·x."""


def squared_error(
    points: Sequence[tuple[float, float]],
    cost_id: str,
    parameters: Sequence[str] = ("theta1",),
) -> Cost:
    """J(θ) = 1/(2m) Σ (h(x_i) − y_i)², the cost of h on ``points``.

    ``parameters`` ``("theta1",)``: h(x) = θ1·x (θ0 fixed at 0, one parameter);
    ``("theta0", "theta1")``: h(x) = θ0 + θ1·x, linear regression's two parameters.
    """
    _check_id(cost_id)
    parameters = tuple(parameters)
    if parameters not in SQUARED_ERROR_PARAMETERS:
        raise ValueError(
            f"parameters must be [theta1] (h(x) = θ1·x) or [theta0, theta1] "
            f"(h(x) = θ0 + θ1·x), got {list(parameters)}"
        )
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
    at = None
    if parameters == ("theta1",):
        if sxx == 0.0:
            raise ValueError("points need at least one x ≠ 0, or J does not depend on θ1")

        # The one-parameter cost exactly as it always was: the same operations, bit for bit.
        def J(theta: Any) -> Any:
            residual = np.multiply.outer(np.asarray(theta, dtype=float)[..., 0], xs) - ys
            return _scalar((residual**2).sum(axis=-1) / (2 * m))

        def grad(theta: Any) -> Any:
            residual = np.multiply.outer(np.asarray(theta, dtype=float)[..., 0], xs) - ys
            return ((residual * xs).sum(axis=-1) / m)[..., np.newaxis]

        minima: tuple[Point, ...] = ((sxy / sxx,),)
        hessian: tuple[Point, ...] = ((sxx / m,),)
    else:
        # h(x) = θ0 + θ1·x: the normal equations, solved exactly from the decimals given.
        ex = [_exact(x) for x, _ in pts]
        ey = [_exact(y) for _, y in pts]
        fm = Fraction(m)
        sx, sy = sum(ex), sum(ey)
        fxx = sum(x * x for x in ex)
        fxy = sum(x * y for x, y in zip(ex, ey, strict=True))
        det = fm * fxx - sx * sx
        if det == 0:
            raise ValueError(
                "points need at least two different x, or θ0 and θ1 cannot both be fitted"
            )
        theta1 = (fm * fxy - sx * sy) / det
        theta0 = (sy - theta1 * sx) / fm

        def J(theta: Any) -> Any:
            t = np.asarray(theta, dtype=float)
            residual = t[..., 0, np.newaxis] + np.multiply.outer(t[..., 1], xs) - ys
            return _scalar((residual**2).sum(axis=-1) / (2 * m))

        def grad(theta: Any) -> Any:
            t = np.asarray(theta, dtype=float)
            residual = t[..., 0, np.newaxis] + np.multiply.outer(t[..., 1], xs) - ys
            return np.stack([residual.sum(axis=-1) / m, (residual * xs).sum(axis=-1) / m], -1)

        pairs = tuple(zip(xs.tolist(), ys.tolist(), strict=True))

        def at(theta: Point) -> tuple[float, Point]:
            t0, t1 = theta
            se = s0 = s1 = 0.0
            for x, y in pairs:
                r = t0 + t1 * x - y
                se += r * r
                s0 += r
                s1 += r * x
            return se / (2 * m), (s0 / m, s1 / m)

        minima = ((float(theta0), float(theta1)),)
        mean_x = float(sx / fm)
        hessian = ((1.0, mean_x), (mean_x, float(fxx / fm)))
    # Σy² (2m·J at θ = 0) and J, ∇J at the minimum must be floats, or a run started
    # anywhere near the data would be reported as diverged from its start.
    try:
        with np.errstate(**_RAISE):
            at_min = np.array(minima[0])
            for value in (syy, float(J(at_min)), *map(float, grad(at_min))):
                if not math.isfinite(value):
                    raise FloatingPointError
    except FloatingPointError:
        raise _too_large("points") from None
    return Cost(
        id=cost_id,
        kind="squared-error",
        parameters=parameters,
        J=J,
        grad=grad,
        minima=tuple(tuple(float(v) for v in p) for p in minima),
        hessian=hessian,
        training_set=pts,
        at=at if parameters != ("theta1",) else None,
    )


def quadratic(
    curvature: float | Sequence[Sequence[float]],
    minimum: float | Sequence[float] = 0.0,
    floor: float = 0.0,
    parameters: Sequence[str] | None = None,
) -> Cost:
    """J(θ) = ½ (θ − θ*)ᵀ H (θ − θ*) + floor: a bowl with Hessian H everywhere.

    ``curvature`` is c = J'' (a number: one parameter) or the symmetric, positive definite
    Hessian H (a matrix); ``minimum`` is θ*.
    """
    j0 = float(floor)
    if not math.isfinite(j0):
        raise ValueError("minimum and floor must be finite numbers")
    if np.ndim(curvature) == 0:
        c, t_star = float(curvature), float(minimum)  # type: ignore[arg-type]
        if not (math.isfinite(c) and c > 0):
            raise ValueError(f"curvature must be a finite number > 0, got {curvature!r}")
        if not math.isfinite(t_star):
            raise ValueError("minimum and floor must be finite numbers")

        def J(theta: Any) -> Any:
            d = np.asarray(theta, dtype=float)[..., 0] - t_star
            return _scalar(0.5 * c * d * d + j0)

        def grad(theta: Any) -> Any:
            return (c * (np.asarray(theta, dtype=float)[..., 0] - t_star))[..., np.newaxis]

        return Cost(
            id=f"quadratic(c={c!r},min={t_star!r})",
            kind="quadratic",
            parameters=tuple(parameters or ("theta",)),
            J=J,
            grad=grad,
            minima=((t_star,),),
            hessian=((c,),),
            params=(("curvature", c), ("minimum", t_star), ("floor", j0)),
        )
    H = np.array(curvature, dtype=float)
    n = H.shape[0] if H.ndim == 2 else 0
    if H.ndim != 2 or H.shape != (n, n) or n < 1:
        raise ValueError(f"the Hessian must be a square matrix, got {curvature!r}")
    if not np.all(np.isfinite(H)) or not np.allclose(H, H.T, rtol=0, atol=0):
        raise ValueError("the Hessian must be a finite, symmetric matrix")
    if float(np.linalg.eigvalsh(H)[0]) <= 0:
        raise ValueError("the Hessian must be positive definite (a bowl with one minimum)")
    star = np.broadcast_to(np.asarray(minimum, dtype=float), (n,)).copy()
    if not np.all(np.isfinite(star)):
        raise ValueError("minimum and floor must be finite numbers")

    def Jn(theta: Any) -> Any:
        d = np.asarray(theta, dtype=float) - star
        return _scalar(0.5 * np.einsum("...i,ij,...j->...", d, H, d) + j0)

    def gradn(theta: Any) -> Any:
        d = np.asarray(theta, dtype=float) - star
        return np.einsum("ij,...j->...i", H, d)

    rows, centre = H.tolist(), star.tolist()

    def at(theta: Point) -> tuple[float, Point]:
        d = [t - s for t, s in zip(theta, centre, strict=True)]
        g = tuple(sum(h * v for h, v in zip(row, d, strict=True)) for row in rows)
        return 0.5 * sum(a * b for a, b in zip(d, g, strict=True)) + j0, g

    return Cost(
        id=f"quadratic(H={H.tolist()!r},min={star.tolist()!r})",
        kind="quadratic",
        parameters=tuple(parameters or (f"theta{i}" for i in range(n))),
        J=Jn,
        grad=gradn,
        minima=(tuple(float(v) for v in star),),
        hessian=tuple(tuple(float(v) for v in row) for row in H),
        params=(("floor", j0),),
        at=at,
    )


def double_well(
    local_min: float, peak: float, global_min: float, scale: float, floor: float, cost_id: str
) -> Cost:
    """A quartic in θ1 with J'(θ1) = k(θ1 − a)(θ1 − b)(θ1 − d): minima at a and d, a peak at b.

    The minima and the peak are exact roots of J', so a run started on one sees a slope of
    exactly 0. ``floor`` is J at ``global_min``; the caller says which minimum is the
    global one and this checks it.
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

    def poly(t: Any) -> Any:
        return k * ((((t / 4 - s1 / 3) * t + s2 / 2) * t - s3) * t)

    try:
        with np.errstate(**_RAISE):
            offset = float(floor) - float(poly(np.asarray(d, dtype=float)))
    except FloatingPointError:
        raise _too_large("double_well parameters") from None

    def J(theta: Any) -> Any:
        return _scalar(poly(np.asarray(theta, dtype=float)[..., 0]) + offset)

    def grad(theta: Any) -> Any:
        t = np.asarray(theta, dtype=float)[..., 0]
        return (k * (t - a) * (t - b) * (t - d))[..., np.newaxis]

    # J at the minima and the peak (its highest point between them) must be floats.
    try:
        with np.errstate(**_RAISE):
            j_a, j_b, j_d = (float(J(np.array([t]))) for t in (a, b, d))
            if not all(math.isfinite(v) for v in (offset, j_a, j_b, j_d)):
                raise FloatingPointError
    except FloatingPointError:
        raise _too_large("double_well parameters") from None
    if not j_a > j_d:
        raise ValueError("global_min must be the lower of the two minima; swap them")
    return Cost(
        id=cost_id,
        kind="double-well",
        parameters=("theta1",),
        J=J,
        grad=grad,
        minima=((a,), (d,)),
        maxima=((b,),),
        params=(("a", a), ("b", b), ("d", d), ("k", k), ("floor", float(floor))),
    )


def from_functions(
    cost_id: str,
    J: Fn,
    grad: Fn,
    minima: Sequence[float | Sequence[float]] = (),
    parameters: Sequence[str] = ("theta",),
) -> Cost:
    """A cost from any function and its gradient, each taking θ as an array (..., n)."""
    _check_id(cost_id)
    if not (callable(J) and callable(grad)):
        raise ValueError("J and grad must be callables taking θ and returning numbers")
    points = tuple(tuple(float(v) for v in np.atleast_1d(m)) for m in minima)
    return Cost(
        id=cost_id, kind="function", parameters=tuple(parameters), J=J, grad=grad, minima=points
    )
