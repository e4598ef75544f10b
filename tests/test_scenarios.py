"""Each scenario shows what its section of the lecture claims."""

import itertools

import pytest

from gdcore.costs import LECTURE_COST, WAVY_COST
from gdcore.descent import Status
from gdcore.scenarios import LANGS, SCENARIOS, get
from gdcore.text import fill

FIGURES = {
    "update-rule": 1,
    "tangent-slopes": 2,
    "alpha-small": 3,
    "alpha-large": 3,
    "start-at-minimum": 5,
    "shrinking-steps": 6,
}


def test_the_figure_names_and_sections_are_fixed():
    assert {name: s.section for name, s in SCENARIOS.items()} == FIGURES


def test_update_rule_point_has_a_tangent_and_takes_one_step_downhill():
    s = get("update-rule")
    run = s.runs["p"]
    assert s.series[0].tangent
    assert run.n_steps == 1 and run.J[1] < run.J[0]


def test_tangent_slopes_right_is_positive_and_decreases_left_is_negative_and_increases():
    s = get("tangent-slopes")
    right, left = s.runs["right"], s.runs["left"]
    t_star = s.cost.global_minimum
    assert right.theta0 > t_star and right.slope[0] > 0 and right.theta[1] < right.theta0
    assert left.theta0 < t_star and left.slope[0] < 0 and left.theta[1] > left.theta0
    assert all(series.tangent for series in s.series)


def test_alpha_small_is_still_far_from_the_minimum_after_the_steps_shown():
    s = get("alpha-small")
    run = s.runs["run"]
    t_star = s.cost.global_minimum
    start_gap = abs(run.theta0 - t_star)
    assert run.n_steps >= 5
    assert abs(run.final_theta - t_star) > 0.5 * start_gap  # less than half the way there
    assert all(abs(step) < 0.1 * start_gap for step in run.step)  # every step is tiny
    long = s.long_runs["run"]
    assert long.status is Status.CONVERGED and long.n_steps > 10 * run.n_steps


def test_alpha_large_overshoots_and_moves_further_away_each_step():
    s = get("alpha-large")
    run = s.runs["run"]
    gaps = [t - s.cost.global_minimum for t in run.theta]
    assert run.n_steps >= 3
    assert all(a * b < 0 for a, b in itertools.pairwise(gaps))  # sign flips
    assert all(abs(b) > abs(a) for a, b in itertools.pairwise(gaps))  # grows
    assert run.alpha > 2 / LECTURE_COST.curvature
    assert s.long_runs["run"].status is Status.DIVERGED


def test_start_at_minimum_stays_put_on_the_local_not_the_global_minimum():
    s = get("start-at-minimum")
    run = s.runs["stay"]
    assert s.cost is WAVY_COST
    assert run.theta0 == WAVY_COST.minima[0] != WAVY_COST.global_minimum
    assert run.slope[0] == 0.0 and run.step == (0.0,)
    assert run.theta == (run.theta0, run.theta0)


def test_shrinking_steps_have_strictly_smaller_sizes_with_a_fixed_alpha():
    s = get("shrinking-steps")
    run = s.runs["run"]
    sizes = run.step_sizes
    assert len(sizes) >= 3
    assert all(b < a for a, b in itertools.pairwise(sizes))
    assert all(abs(b) < abs(a) for a, b in zip(run.slope, run.slope[1:], strict=False))
    assert s.series[0].colors[:3] == ("magenta", "green", "red")


@pytest.mark.parametrize("name", FIGURES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_fills_in_with_numbers_from_the_runs(name, lang):
    s = get(name)
    texts = [s.title[lang], s.desc[lang]] + [series.label[lang] for series in s.series]
    if s.note:
        texts.append(s.note[lang])
    for text in texts:
        filled = fill(text, s, lang)
        assert "{" not in filled.replace(r"\frac{d}{d\theta_1}", "")


def test_desc_numbers_come_from_the_computation():
    s = get("shrinking-steps")
    run = s.runs["run"]
    desc = fill(s.desc["en"], s, "en")
    assert f"{run.step_sizes[0]:.3g}" in desc
    assert f"α = {run.alpha:g}" in desc


def test_unknown_figure_lists_the_names():
    with pytest.raises(ValueError, match="unknown figure 'nope'; choose from: update-rule"):
        get("nope")
