"""Gradient descent: properties on quadratics, input checking, no warnings escaping."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdcore.costs import LECTURE_COST, WAVY_COST, quadratic
from gdcore.descent import (
    DIVERGENCE_LIMIT,
    MAX_STEPS,
    THETA0_LIMIT,
    Status,
    descend,
)

curvatures = st.floats(min_value=0.01, max_value=100.0)
minima = st.floats(min_value=-100.0, max_value=100.0)
offsets = st.floats(min_value=0.01, max_value=100.0) | st.floats(min_value=-100.0, max_value=-0.01)


@settings(max_examples=150, deadline=None)
@given(c=curvatures, t_star=minima, offset=offsets, fraction=st.floats(0.05, 1.95))
def test_below_two_over_c_cost_falls_every_step_and_converges(c, t_star, offset, fraction):
    cost = quadratic(c, minimum=t_star)
    run = descend(cost, fraction / c, t_star + offset, steps=MAX_STEPS)
    assert run.status is Status.CONVERGED
    assert abs(run.slope[-1]) <= run.tolerance
    assert all(later < earlier for earlier, later in zip(run.J, run.J[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(c=curvatures, t_star=minima, offset=offsets, factor=st.floats(2.05, 1e6))
def test_above_two_over_c_is_reported_as_diverged_without_warnings(c, t_star, offset, factor):
    cost = quadratic(c, minimum=t_star)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning from numpy fails the test
        run = descend(cost, factor / c, t_star + offset, steps=MAX_STEPS)
    assert run.status is Status.DIVERGED
    assert all(math.isfinite(v) for v in run.theta + run.J + run.slope + run.step)
    assert max(abs(t) for t in run.theta) <= DIVERGENCE_LIMIT


@settings(max_examples=100, deadline=None)
@given(c=curvatures, t_star=minima, alpha=st.floats(1e-6, 1e6))
def test_at_a_stationary_point_the_step_is_exactly_zero(c, t_star, alpha):
    run = descend(quadratic(c, minimum=t_star), alpha, t_star, steps=5)
    assert run.step == (0.0,)
    assert run.theta == (t_star, t_star)
    assert run.status is Status.CONVERGED


@pytest.mark.parametrize("alpha", [0.01, 0.1, 10.0])
def test_start_at_the_wavy_local_minimum_stays_there(alpha):
    local = WAVY_COST.minima[0]
    run = descend(WAVY_COST, alpha, local, steps=3)
    assert run.step[0] == 0.0
    assert run.final_theta == local


def test_iterates_follow_the_update_rule():
    run = descend(LECTURE_COST, 0.1, 3.0, steps=5, tolerance=1e-12)
    for k in range(run.n_steps):
        assert run.slope[k] == LECTURE_COST.dJ(run.theta[k])
        assert run.step[k] == 0.1 * run.slope[k]
        assert run.theta[k + 1] == run.theta[k] - run.step[k]
        assert run.J[k] == LECTURE_COST.J(run.theta[k])
    assert run.status is Status.STEP_LIMIT and run.n_steps == 5


def test_step_limit_zero_takes_no_step():
    run = descend(LECTURE_COST, 0.1, 3.0, steps=0)
    assert run.theta == (3.0,) and run.step == () and run.status is Status.STEP_LIMIT


def test_lecture_boundaries_one_over_c_and_two_over_c():
    c = LECTURE_COST.curvature
    one_step = descend(LECTURE_COST, 1 / c, 3.0, steps=10)
    assert one_step.theta[1] == pytest.approx(1.0) and one_step.status is Status.CONVERGED
    bounce = descend(LECTURE_COST, 2 / c, 3.0, steps=50)
    assert bounce.status is Status.STEP_LIMIT
    assert bounce.theta[-1] == pytest.approx(3.0) and bounce.theta[-2] == pytest.approx(-1.0)


everything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.text(max_size=5),
)


@settings(max_examples=400, deadline=None)
@given(alpha=everything, theta0=everything, steps=everything)
def test_arbitrary_inputs_give_a_run_or_the_documented_value_error(alpha, theta0, steps):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            run = descend(LECTURE_COST, alpha, theta0, steps=steps)
        except ValueError as error:
            assert str(error).split()[0] in {"alpha", "theta0", "steps"}
            assert "must be" in str(error)
            return
    assert isinstance(steps, int) and not isinstance(steps, bool)
    assert math.isfinite(run.alpha) and run.alpha > 0
    assert abs(run.theta0) <= THETA0_LIMIT
    assert all(math.isfinite(v) for v in run.theta + run.J + run.slope + run.step)


@settings(max_examples=300, deadline=None)
@given(
    alpha=st.floats(allow_nan=False, allow_infinity=False, min_value=5e-324),
    theta0=st.floats(min_value=-THETA0_LIMIT, max_value=THETA0_LIMIT),
    steps=st.integers(0, 300),
)
def test_valid_floats_never_leak_inf_nan_or_warnings(alpha, theta0, steps):
    assume(alpha > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for cost in (LECTURE_COST, WAVY_COST):
            run = descend(cost, alpha, theta0, steps=steps)
            assert all(math.isfinite(v) for v in run.theta + run.J + run.slope + run.step)
            assert run.n_steps <= steps


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alpha": 0.0}, r"alpha must be a finite number > 0, got 0\.0"),
        ({"alpha": -1}, r"alpha must be a finite number > 0"),
        ({"alpha": math.nan}, r"alpha must be a finite number > 0, got nan"),
        ({"alpha": math.inf}, r"alpha must be a finite number > 0, got inf"),
        ({"theta0": math.nan}, r"theta0 must be a finite number with \|theta0\| <= 1e\+06"),
        ({"theta0": -math.inf}, r"theta0 must be a finite number"),
        ({"theta0": 2e6}, r"theta0 must be a finite number with \|theta0\| <= 1e\+06"),
        ({"steps": -1}, r"steps must be an integer from 0 to 100000, got -1"),
        ({"steps": 2.0}, r"steps must be an integer from 0 to 100000, got 2\.0"),
        ({"steps": True}, r"steps must be an integer"),
        ({"steps": MAX_STEPS + 1}, r"steps must be an integer from 0 to 100000"),
        ({"tolerance": 0}, r"tolerance must be a finite number > 0"),
    ],
)
def test_bad_input_names_the_parameter_and_its_range(kwargs, message):
    args = {"alpha": 0.1, "theta0": 1.0, "steps": 10} | kwargs
    with pytest.raises(ValueError, match=message):
        descend(LECTURE_COST, **args)


@pytest.mark.parametrize("value", [True, np.True_, np.False_, "0.1", b"0.1", None, [0.1]])
@pytest.mark.parametrize("name", ["alpha", "theta0", "tolerance"])
def test_only_real_numbers_are_numbers(name, value):
    args = {"alpha": 0.1, "theta0": 1.0, "steps": 10} | {name: value}
    with pytest.raises(ValueError, match=rf"^{name} must be a finite number"):
        descend(LECTURE_COST, **args)


@pytest.mark.parametrize("value", [np.float32(0.25), np.int64(1), Fraction(1, 4), 1])
def test_real_numbers_of_any_type_are_accepted(value):
    run = descend(LECTURE_COST, value, value, steps=1, tolerance=value)
    assert (run.alpha, run.theta0, run.tolerance) == (float(value),) * 3


def test_numpy_integer_steps_are_accepted():
    assert descend(LECTURE_COST, 0.1, 2.0, steps=np.int64(3)).n_steps == 3
