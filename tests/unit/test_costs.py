"""Each cost's gradient against a central finite difference; the costs' exact minima."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

from gdcore.costs import double_well, from_functions, quadratic, squared_error

TOY = squared_error([(1, 1), (2, 2), (3, 3)], "J")
WAVY = double_well(1.0, 2.5, 5.0, 0.25, 0.5, "wavy")
HOUSES = squared_error(
    [(1.0, 2.0), (1.5, 2.6), (2.0, 3.4), (2.5, 3.9), (3.0, 4.9)], "houses", ("theta0", "theta1")
)

COSTS_UNDER_TEST = [
    TOY,
    WAVY,
    quadratic(4.0, minimum=-1.5, floor=2.0),
    quadratic([[3.0, 1.0], [1.0, 2.0]], minimum=[0.5, -1.0], floor=1.0),
    squared_error([(0.5, 2.0), (-1.0, 1.0), (4.0, -3.0)], "other-set"),
    HOUSES,
    from_functions("cosine", J=lambda t: np.cos(t[..., 0]), grad=lambda t: -np.sin(t[..., 0:1])),
]
POINTS = [-3.0, -0.7, 0.0, 0.4, 1.0, 2.5, 5.3]


@pytest.mark.parametrize("cost", COSTS_UNDER_TEST, ids=lambda c: c.id)
def test_gradient_matches_central_differences(cost):
    h = 1e-5
    rng = np.random.default_rng(7)
    for _ in range(12):
        theta = rng.choice(POINTS, size=cost.dim)
        grad = cost.gradient(theta)
        for i in range(cost.dim):
            step = np.zeros(cost.dim)
            step[i] = h
            numeric = (cost.value(theta + step) - cost.value(theta - step)) / (2 * h)
            assert grad[i] == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("cost", COSTS_UNDER_TEST, ids=lambda c: c.id)
def test_costs_evaluate_grids_like_points(cost):
    grid = np.stack(np.meshgrid(*[np.linspace(-2, 6, 5)] * cost.dim, indexing="ij"), -1)
    values, grads = cost.J(grid), cost.grad(grid)
    assert values.shape == grid.shape[:-1] and grads.shape == grid.shape
    for index in np.ndindex(grid.shape[:-1]):
        assert values[index] == pytest.approx(cost.value(grid[index]))
        assert tuple(grads[index]) == pytest.approx(cost.gradient(grid[index]))


def test_the_toy_set_is_the_courses():
    assert TOY.training_set == ((1.0, 1.0), (2.0, 2.0), (3.0, 3.0))
    assert TOY.parameters == ("theta1",) and TOY.symbols == ("θ₁",)
    # J(θ1) = 1/(2m) Σ (θ1 x − y)² = (14/6)(θ1 − 1)² on that set
    for theta in (-1.0, 0.0, 2.5):
        expected = sum((theta * x - y) ** 2 for x, y in TOY.training_set) / 6
        assert TOY.value([theta]) == pytest.approx(expected)
        assert TOY.value([theta]) == pytest.approx(7 / 3 * (theta - 1) ** 2)
    assert TOY.minima == ((1.0,),)
    assert TOY.value([1.0]) == 0.0
    assert TOY.curvature == pytest.approx(14 / 3)


def test_linear_regressions_cost_has_the_normal_equations_minimum():
    pts = HOUSES.training_set
    x = np.array([p[0] for p in pts])
    y = np.array([p[1] for p in pts])
    X = np.stack([np.ones_like(x), x], -1)
    expected = np.linalg.solve(X.T @ X, X.T @ y)
    (minimum,) = HOUSES.minima
    assert minimum == pytest.approx(tuple(expected), rel=1e-12)
    assert HOUSES.gradient(minimum) == pytest.approx((0.0, 0.0), abs=1e-12)
    # Its Hessian is the constant (1/m) XᵀX: a bowl, convex, one minimum.
    assert np.array(HOUSES.hessian) == pytest.approx(X.T @ X / len(pts))
    assert all(v > 0 for v in HOUSES.eigenvalues)
    # The partial derivatives as the course writes them.
    theta0, theta1 = 0.3, 1.2
    error = theta0 + theta1 * x - y
    assert HOUSES.gradient([theta0, theta1]) == pytest.approx(
        (error.mean(), (error * x).mean()), rel=1e-12
    )


def test_wavy_cost_has_a_local_and_a_lower_global_minimum_and_a_peak_between():
    (local,), (global_,) = WAVY.minima
    assert WAVY.global_minimum == (global_,)
    assert WAVY.value([local]) > WAVY.value([global_])
    for m in (local, global_, *(p[0] for p in WAVY.maxima)):
        assert WAVY.gradient([m]) == (0.0,)  # exactly: a run started there cannot move
    for m in (local, global_):
        assert WAVY.value([m - 0.1]) > WAVY.value([m]) < WAVY.value([m + 0.1])
    (peak,) = WAVY.maxima[0]
    assert WAVY.value([peak - 0.1]) < WAVY.value([peak]) > WAVY.value([peak + 0.1])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: quadratic(0.0), "curvature must be a finite number > 0"),
        (lambda: quadratic(math.nan), "curvature must be a finite number > 0"),
        (lambda: quadratic([[1.0, 2.0], [2.0, 1.0]]), "positive definite"),
        (lambda: quadratic([[1.0, 0.5], [0.0, 1.0]]), "symmetric"),
        (lambda: quadratic([[1.0, 0.0, 0.0]]), "square matrix"),
        (lambda: squared_error([], "x"), "at least one"),
        (lambda: squared_error([(0.0, 1.0)], "x"), "x ≠ 0"),
        (
            lambda: squared_error([(2.0, 1.0), (2.0, 3.0)], "x", ("theta0", "theta1")),
            "two different x",
        ),
        (lambda: squared_error([(1.0, 1.0)], "x", ("theta0",)), r"parameters must be \[theta1\]"),
        (lambda: squared_error([(1.0, math.inf)], "x"), "finite"),
        (lambda: double_well(1, 0, 5, 1, 0, "x"), "peak must lie strictly between"),
        (lambda: double_well(5, 2.5, 1, 1, 0, "x"), "global_min must be the lower"),
        (lambda: from_functions("f", J=1, grad=abs), "callables"),
        (lambda: squared_error([(1e200, 1e200)], "big"), "points are too large"),
        (lambda: squared_error([(1.0, 1e200)], "big"), "points are too large"),
        (lambda: squared_error([(1e160, 1.0), (1.0, 1e160)], "big"), "points are too large"),
        (lambda: double_well(1e100, 2e100, 3e100, 1, 0, "x"), "parameters are too large"),
        (lambda: double_well(1, 2.5, 5, 1e308, 0, "x"), "parameters are too large"),
        (lambda: from_functions("", J=abs, grad=abs), "cost id"),
    ],
)
def test_bad_cost_parameters_say_what_is_wrong(build, message):
    # The documented ValueError, and nothing else: no RuntimeWarning, no cost with NaN in it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=message):
            build()


def test_the_minimum_of_two_parameters_is_exact_for_decimal_data():
    cost = squared_error([(0.1, 0.3), (0.2, 0.5), (0.3, 0.7)], "d", ("theta0", "theta1"))
    # y = 0.1 + 2x exactly in decimals: the exact solution is (1/10, 2), not a float near it.
    assert cost.minima == ((float(Fraction(1, 10)), 2.0),)
