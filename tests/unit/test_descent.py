"""Gradient descent: properties on quadratics (one parameter and several), input checking,
no warnings escaping, and the one-parameter runs exactly as before θ became a vector."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdcore.costs import double_well, quadratic, squared_error
from gdcore.descent import (
    DIVERGENCE_LIMIT,
    MAX_STEPS,
    THETA0_LIMIT,
    Status,
    descend,
)

LECTURE_COST = squared_error([(1, 1), (2, 2), (3, 3)], "J")
WAVY_COST = double_well(1.0, 2.5, 5.0, 0.25, 0.5, "wavy")


def flat(points):
    """One-parameter points as plain numbers."""
    return tuple(p[0] for p in points)


curvatures = st.floats(min_value=0.01, max_value=100.0)
minima = st.floats(min_value=-100.0, max_value=100.0)
offsets = st.floats(min_value=0.01, max_value=100.0) | st.floats(min_value=-100.0, max_value=-0.01)


@settings(max_examples=150, deadline=None)
@given(c=curvatures, t_star=minima, offset=offsets, fraction=st.floats(0.05, 1.95))
def test_below_two_over_c_cost_falls_every_step_and_converges(c, t_star, offset, fraction):
    cost = quadratic(c, minimum=t_star)
    run = descend(cost, fraction / c, t_star + offset, steps=MAX_STEPS)
    assert run.status is Status.CONVERGED
    assert abs(run.grad[-1][0]) <= run.tolerance
    assert all(later < earlier for earlier, later in zip(run.J, run.J[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(c=curvatures, t_star=minima, offset=offsets, factor=st.floats(2.05, 1e6))
def test_above_two_over_c_is_reported_as_diverged_without_warnings(c, t_star, offset, factor):
    cost = quadratic(c, minimum=t_star)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning from numpy fails the test
        run = descend(cost, factor / c, t_star + offset, steps=MAX_STEPS)
    assert run.status is Status.DIVERGED
    assert all(math.isfinite(v) for v in flat(run.theta) + run.J + flat(run.grad) + flat(run.step))
    assert max(abs(t) for t in flat(run.theta)) <= DIVERGENCE_LIMIT


@settings(max_examples=100, deadline=None)
@given(c=curvatures, t_star=minima, alpha=st.floats(1e-6, 1e6))
def test_at_a_stationary_point_the_step_is_exactly_zero(c, t_star, alpha):
    run = descend(quadratic(c, minimum=t_star), alpha, t_star, steps=5)
    assert run.step == ((0.0,),)
    assert run.theta == ((t_star,), (t_star,))
    assert run.status is Status.CONVERGED


@pytest.mark.parametrize("alpha", [0.01, 0.1, 10.0])
def test_start_at_the_wavy_local_minimum_stays_there(alpha):
    (local,) = WAVY_COST.minima[0]
    run = descend(WAVY_COST, alpha, local, steps=3)
    assert run.step[0] == (0.0,)
    assert run.final_theta == (local,)


def test_iterates_follow_the_update_rule():
    run = descend(LECTURE_COST, 0.1, 3.0, steps=5, tolerance=1e-12)
    for k in range(run.n_steps):
        assert run.grad[k] == LECTURE_COST.gradient(run.theta[k])
        assert run.step[k][0] == 0.1 * run.grad[k][0]
        assert run.theta[k + 1][0] == run.theta[k][0] - run.step[k][0]
        assert run.J[k] == LECTURE_COST.value(run.theta[k])
    assert run.status is Status.STEP_LIMIT and run.n_steps == 5


def test_step_limit_zero_takes_no_step():
    run = descend(LECTURE_COST, 0.1, 3.0, steps=0)
    assert run.theta == ((3.0,),) and run.step == () and run.status is Status.STEP_LIMIT


def test_lecture_boundaries_one_over_c_and_two_over_c():
    c = LECTURE_COST.curvature
    one_step = descend(LECTURE_COST, 1 / c, 3.0, steps=10)
    assert one_step.theta[1][0] == pytest.approx(1.0) and one_step.status is Status.CONVERGED
    bounce = descend(LECTURE_COST, 2 / c, 3.0, steps=50)
    assert bounce.status is Status.STEP_LIMIT
    assert bounce.theta[-1][0] == pytest.approx(3.0)
    assert bounce.theta[-2][0] == pytest.approx(-1.0)


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
    assert abs(run.theta0[0]) <= THETA0_LIMIT
    assert all(math.isfinite(v) for v in flat(run.theta) + run.J + flat(run.grad) + flat(run.step))


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
            assert all(
                math.isfinite(v) for v in flat(run.theta) + run.J + flat(run.grad) + flat(run.step)
            )
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
    assert (run.alpha, run.theta0[0], run.tolerance) == (float(value),) * 3


def test_numpy_integer_steps_are_accepted():
    assert descend(LECTURE_COST, 0.1, 2.0, steps=np.int64(3)).n_steps == 3


# ---------------------------------------------------------------- several parameters


def _reference(J, dJ, alpha, theta0, steps, tol=1e-6, limit=1e8):
    """The one-parameter algorithm as the engine ran it before θ became a vector (floats,
    |J'| ≤ tol, |θ| > limit), written again here: the vector engine must give these
    iterates bit for bit."""
    thetas, js, slopes = [theta0], [J(theta0)], [dJ(theta0)]
    for _ in range(steps):
        nxt = thetas[-1] - alpha * slopes[-1]
        if not math.isfinite(nxt) or abs(nxt) > limit:
            return thetas, js, slopes, "diverged"
        thetas.append(nxt)
        js.append(J(nxt))
        slopes.append(dJ(nxt))
        if abs(slopes[-1]) <= tol:
            return thetas, js, slopes, "converged"
    return thetas, js, slopes, "converged" if abs(slopes[0]) <= tol and steps == 0 else "step-limit"


@settings(max_examples=200, deadline=None)
@given(
    alpha=st.floats(0.001, 0.5),
    theta0=st.floats(-5, 5),
    steps=st.integers(0, 400),
    ys=st.lists(st.floats(-3, 3), min_size=3, max_size=3),
)
def test_the_one_parameter_case_is_the_old_algorithm_bit_for_bit(alpha, theta0, steps, ys):
    points = [(1.0, ys[0]), (2.0, ys[1]), (3.0, ys[2])]
    cost = squared_error(points, "t")
    xs, yv = np.array([1.0, 2.0, 3.0]), np.array(ys)

    def J(t):
        return float((((t * xs) - yv) ** 2).sum() / 6)

    def dJ(t):
        return float((((t * xs) - yv) * xs).sum() / 3)

    thetas, js, slopes, status = _reference(J, dJ, alpha, theta0, steps)
    run = descend(cost, alpha, theta0, steps)
    assert flat(run.theta) == tuple(thetas)
    assert tuple(js) == run.J
    assert flat(run.grad) == tuple(slopes)
    assert run.status.value == status or (steps == 0 and run.status.value == "step-limit")


def _bowl(l1, l2, angle):
    """A quadratic bowl whose Hessian has eigenvalues l1, l2 along directions at ``angle``."""
    c, s = math.cos(angle), math.sin(angle)
    R = np.array([[c, -s], [s, c]])
    H = R @ np.diag([l1, l2]) @ R.T
    H = (H + H.T) / 2
    return quadratic(H.tolist(), minimum=[1.0, -2.0]), max(np.linalg.eigvalsh(H))


eigen = st.floats(0.05, 20.0)


@settings(max_examples=40, deadline=None)
@given(
    l1=eigen,
    ratio=st.floats(1.0, 10.0),
    angle=st.floats(0, math.pi),
    fraction=st.floats(0.2, 1.9),
    start=st.tuples(st.floats(-50, 50), st.floats(-50, 50)),
)
def test_a_bowl_converges_for_alpha_below_two_over_its_largest_eigenvalue(
    l1, ratio, angle, fraction, start
):
    # Within MAX_STEPS: the narrow and the wide direction at most 10 times apart, and α not
    # a sliver of 2/λmax (convergence is certain below 2/λmax, but may take for ever).
    l2 = l1 / ratio
    cost, lmax = _bowl(l1, l2, angle)
    assume(math.hypot(start[0] - 1.0, start[1] + 2.0) > 1e-3)
    run = descend(cost, fraction / lmax, start, steps=MAX_STEPS)
    assert run.status is Status.CONVERGED
    assert math.hypot(*run.grad[-1]) <= run.tolerance
    assert run.final_theta == pytest.approx((1.0, -2.0), abs=1e-4 / min(l1, l2))
    assert all(later < earlier for earlier, later in zip(run.J, run.J[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(
    l1=eigen,
    l2=eigen,
    angle=st.floats(0, math.pi),
    factor=st.floats(2.05, 1e4),
    start=st.tuples(st.floats(-50, 50), st.floats(-50, 50)),
)
def test_a_bowl_diverges_for_alpha_above_two_over_its_largest_eigenvalue(
    l1, l2, angle, factor, start
):
    cost, lmax = _bowl(l1, l2, angle)
    # The start must have some component along the steepest direction (else it never grows).
    H = np.array(cost.hessian)
    values, vectors = np.linalg.eigh(H)
    offset = np.array(start) - np.array([1.0, -2.0])
    assume(abs(offset @ vectors[:, -1]) > 1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descend(cost, factor / lmax, start, steps=MAX_STEPS)
    assert run.status is Status.DIVERGED
    assert all(abs(t) <= DIVERGENCE_LIMIT for point in run.theta for t in point)


def test_the_update_is_simultaneous():
    """Both coordinates move by the gradient at the same θ_k (temp0, temp1), not one after
    the other."""
    cost = squared_error([(1.0, 2.0), (2.0, 2.5), (3.0, 4.0)], "s", ("theta0", "theta1"))
    run = descend(cost, 0.1, (0.0, 0.0), steps=3)
    for k in range(3):
        g = cost.gradient(run.theta[k])
        temp0 = run.theta[k][0] - 0.1 * g[0]
        temp1 = run.theta[k][1] - 0.1 * g[1]
        assert run.theta[k + 1] == (temp0, temp1)


@pytest.mark.parametrize(
    ("theta0", "message"),
    [
        (1.0, r"theta0 must be a list of 2 numbers"),
        ("0,1", r"theta0 must be a list of 2 numbers"),
        ([1.0], r"theta0 must have 2 coordinates"),
        ([1.0, math.nan], r"theta0 must be a finite number .* in every coordinate"),
        ([1.0, 2e6], r"in every coordinate"),
        ([1.0, True], r"theta0 must be a finite number"),
    ],
)
def test_a_vector_start_is_checked_coordinate_by_coordinate(theta0, message):
    cost = quadratic([[1.0, 0.0], [0.0, 2.0]])
    with pytest.raises(ValueError, match=message):
        descend(cost, 0.1, theta0, steps=3)
