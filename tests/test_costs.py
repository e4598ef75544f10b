"""Each cost's derivative against a central finite difference, and the lecture's facts."""

import math
import warnings

import numpy as np
import pytest

from gdcore.costs import (
    COSTS,
    LECTURE_COST,
    WAVY_COST,
    double_well,
    from_functions,
    quadratic,
    squared_error,
)

COSTS_UNDER_TEST = [
    LECTURE_COST,
    WAVY_COST,
    quadratic(4.0, minimum=-1.5, floor=2.0),
    squared_error([(0.5, 2.0), (-1.0, 1.0), (4.0, -3.0)], cost_id="other-set"),
    from_functions("cosine", J=np.cos, dJ=lambda t: -np.sin(t)),
]


@pytest.mark.parametrize("cost", COSTS_UNDER_TEST, ids=lambda c: c.id)
@pytest.mark.parametrize("theta", [-3.0, -0.7, 0.0, 0.4, 1.0, 2.5, 5.3])
def test_derivative_matches_central_difference(cost, theta):
    h = 1e-5
    numeric = (cost.J(theta + h) - cost.J(theta - h)) / (2 * h)
    assert cost.dJ(theta) == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("cost", COSTS_UNDER_TEST, ids=lambda c: c.id)
def test_costs_evaluate_arrays_like_floats(cost):
    grid = np.linspace(-2, 6, 9)
    assert np.allclose(cost.J(grid), [cost.J(float(t)) for t in grid])
    assert np.allclose(cost.dJ(grid), [cost.dJ(float(t)) for t in grid])


def test_lecture_cost_is_the_course_toy_set():
    assert LECTURE_COST.training_set == ((1.0, 1.0), (2.0, 2.0), (3.0, 3.0))
    # J(θ1) = 1/(2m) Σ (θ1 x − y)² = (14/6)(θ1 − 1)² on that set
    for theta in (-1.0, 0.0, 2.5):
        expected = sum((theta * x - y) ** 2 for x, y in LECTURE_COST.training_set) / 6
        assert LECTURE_COST.J(theta) == pytest.approx(expected)
        assert LECTURE_COST.J(theta) == pytest.approx(7 / 3 * (theta - 1) ** 2)
    assert LECTURE_COST.minima == (1.0,)
    assert LECTURE_COST.J(1.0) == 0.0
    assert LECTURE_COST.curvature == pytest.approx(14 / 3)


def test_wavy_cost_has_a_local_and_a_lower_global_minimum():
    local, global_ = WAVY_COST.minima
    assert WAVY_COST.global_minimum == global_
    assert WAVY_COST.J(local) > WAVY_COST.J(global_)
    for m in (local, global_):
        assert WAVY_COST.dJ(m) == 0.0  # exactly: a run started there cannot move
        assert WAVY_COST.J(m - 0.1) > WAVY_COST.J(m) < WAVY_COST.J(m + 0.1)
    grid = np.linspace(local, global_, 401)
    assert WAVY_COST.J(grid).max() > WAVY_COST.J(local)  # a hill between the two


def test_registry_names_the_costs():
    assert COSTS == {"lecture": LECTURE_COST, "wavy": WAVY_COST}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: quadratic(0.0), "curvature must be a finite number > 0"),
        (lambda: quadratic(math.nan), "curvature must be a finite number > 0"),
        (lambda: squared_error([], cost_id="x"), "at least one"),
        (lambda: squared_error([(0.0, 1.0)], cost_id="x"), "x ≠ 0"),
        (lambda: squared_error([(1.0, math.inf)], cost_id="x"), "finite"),
        (lambda: double_well(1, 0, 5, 1, 0, cost_id="x"), "peak must lie strictly between"),
        (lambda: double_well(5, 2.5, 1, 1, 0, cost_id="x"), "global_min must be the lower"),
        (lambda: from_functions("f", J=1, dJ=abs), "callables"),
        (lambda: squared_error([(1e200, 1e200)], "big"), "points are too large"),
        (lambda: squared_error([(1.0, 1e200)], "big"), "points are too large"),
        (lambda: squared_error([(1e160, 1.0), (1.0, 1e160)], "big"), "points are too large"),
        (lambda: double_well(1e100, 2e100, 3e100, 1, 0, "x"), "parameters are too large"),
        (lambda: double_well(1, 2.5, 5, 1e308, 0, "x"), "parameters are too large"),
        (lambda: from_functions("", J=abs, dJ=abs), "cost id"),
    ],
)
def test_bad_cost_parameters_say_what_is_wrong(build, message):
    # The documented ValueError, and nothing else: no RuntimeWarning, no cost with NaN in it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=message):
            build()
