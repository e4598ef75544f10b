"""Each figure of lecture 1 ("Gradient Descent Intuition") shows what its section claims."""

import itertools

import pytest
from lectures import LANGS, lecture

from gdcore.descent import Status
from gdcore.text import fmt

L = lecture()
WORDS = L.languages
COST, WAVY = L.costs["J"], L.costs["wavy"]
SWEEP = L.widgets["alpha-explorer"]
STEPPER = L.widgets["step-by-step"].frames


def get(name):
    return L.figure(name)


def fill(text, figure, lang):
    return figure.fill(text, WORDS[lang])


def flat(points):
    return tuple(p[0] for p in points)


SECTIONS = {
    "update-rule": 1,
    "tangent-slopes": 2,
    "alpha-small": 3,
    "alpha-large": 3,
    "question-local-minimum": 4,
    "start-at-minimum": 5,
    "shrinking-steps": 6,
}


def test_the_figure_names_and_sections_are_fixed():
    assert {name: s.section for name, s in L.declared.items()} == SECTIONS


def test_update_rule_point_has_a_tangent_and_takes_one_step_downhill():
    s = get("update-rule")
    run = s.runs["p"]
    assert s.series[0].tangent
    assert run.n_steps == 1 and run.J[1] < run.J[0]


def test_tangent_slopes_right_is_positive_and_decreases_left_is_negative_and_increases():
    s = get("tangent-slopes")
    right, left = s.runs["right"], s.runs["left"]
    (t_star,) = s.cost.global_minimum
    (r0,), (l0,) = right.theta0, left.theta0
    assert r0 > t_star and right.grad[0][0] > 0 and right.theta[1][0] < r0
    assert l0 < t_star and left.grad[0][0] < 0 and left.theta[1][0] > l0
    assert all(series.tangent for series in s.series)


def test_alpha_small_is_still_far_from_the_minimum_after_the_steps_shown():
    s = get("alpha-small")
    run = s.runs["run"]
    (t_star,) = s.cost.global_minimum
    start_gap = abs(run.theta0[0] - t_star)
    assert run.n_steps >= 5
    assert abs(run.final_theta[0] - t_star) > 0.5 * start_gap  # less than half the way there
    assert all(size < 0.1 * start_gap for size in run.step_sizes)  # every step is tiny
    long = s.long_runs["run"]
    assert long.status is Status.CONVERGED and long.n_steps > 10 * run.n_steps


def test_alpha_large_overshoots_and_moves_further_away_each_step():
    s = get("alpha-large")
    run = s.runs["run"]
    gaps = [t - s.cost.global_minimum[0] for t in flat(run.theta)]
    assert run.n_steps >= 3
    assert all(a * b < 0 for a, b in itertools.pairwise(gaps))  # sign flips
    assert all(abs(b) > abs(a) for a, b in itertools.pairwise(gaps))  # grows
    assert run.alpha > 2 / COST.curvature
    assert s.long_runs["run"].status is Status.DIVERGED


def test_start_at_minimum_stays_put_on_the_local_not_the_global_minimum():
    s = get("start-at-minimum")
    run = s.runs["stay"]
    assert s.cost is WAVY
    assert run.theta0 == WAVY.minima[0] != WAVY.global_minimum
    assert run.grad[0] == (0.0,) and run.step == ((0.0,),)
    assert run.theta == (run.theta0, run.theta0)


def test_the_question_shows_the_two_valleys_and_the_start_without_the_answer():
    s = get("question-local-minimum")
    run = s.runs["start"]
    assert s.cost is WAVY and len(WAVY.minima) == 2
    assert run.theta0 == WAVY.minima[0] != WAVY.global_minimum
    assert run.n_steps == 0 and not s.series[0].tangent, "the question draws no step"
    # The update rule as the figures write it (a \frac's subscripts are too small on a phone).
    rule = r"\theta_1 \colon= \theta_1 - \alpha\,(d/d\theta_1)\,J(\theta_1)"
    note = s.panels[0].options.note
    assert note is not None and rule in note["en"], "the update rule"
    for lang in LANGS:
        words = fill(s.title[lang], s, lang) + fill(s.desc[lang], s, lang)
        words += fill(s.series[0].label[lang], s, lang)
        for answer in ("unchanged", "stays", "slope 0", "不变", "不动", "斜率为 0", "α·0"):
            assert answer not in words, f"the question's words give the answer away: {answer!r}"


def test_shrinking_steps_have_strictly_smaller_sizes_with_a_fixed_alpha():
    s = get("shrinking-steps")
    run = s.runs["run"]
    sizes = run.step_sizes
    assert len(sizes) >= 3
    assert all(b < a for a, b in itertools.pairwise(sizes))
    slopes = flat(run.grad)
    assert all(abs(b) < abs(a) for a, b in zip(slopes, slopes[1:], strict=False))
    assert s.series[0].colors[:3] == ("magenta", "green", "red")


@pytest.mark.parametrize("name", SECTIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_fills_in_with_numbers_from_the_runs(name, lang):
    s = get(name)
    texts = [s.title[lang], s.desc[lang]] + [series.label[lang] for series in s.series]
    if s.panels[0].options.note:
        texts.append(s.panels[0].options.note[lang])
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
    with pytest.raises(ValueError, match="has no figure 'nope'; its figures: update-rule"):
        get("nope")


def test_alpha_sweep_spans_too_small_to_diverging_with_the_turning_points():
    c = SWEEP.cost.curvature
    alphas = SWEEP.alphas
    assert len(alphas) >= 12 and list(alphas) == sorted(alphas)
    assert 1 / c in alphas and 2 / c in alphas
    regimes = [SWEEP.regime(a) for a in alphas]
    assert regimes[0] == "one-side" and regimes[-1] == "diverge"
    assert {"one-side", "one-step", "oscillate", "bounce", "diverge"} == set(regimes)
    assert [f.name for f in SWEEP.frames] == [f"alpha-explorer-{k:02d}" for k in range(len(alphas))]
    assert all(L.figures[f.name] is f for f in SWEEP.frames)


@pytest.mark.parametrize("frame", SWEEP.frames, ids=lambda f: f.name)
def test_each_alpha_frame_behaves_as_its_regime_says(frame):
    run, long = frame.runs["run"], frame.long_runs["run"]
    (t_star,) = frame.cost.global_minimum
    gaps = [t - t_star for t in flat(long.theta[:20])]
    regime = SWEEP.regime(run.alpha)
    if regime == "one-side":
        assert all(g > 0 for g in gaps) and long.status is Status.CONVERGED
    elif regime == "one-step":
        assert long.n_steps == 1 and long.status is Status.CONVERGED
        assert long.theta[1][0] == pytest.approx(t_star, abs=1e-12)
    elif regime == "oscillate":
        assert any(g < 0 for g in gaps) and long.status is Status.CONVERGED
    elif regime == "bounce":
        assert long.status is Status.STEP_LIMIT
        assert long.theta[-1][0] == pytest.approx(frame.series[0].theta0[0], abs=1e-6)
    else:
        assert long.status is Status.DIVERGED
    assert 1 <= run.n_steps <= SWEEP.shown_steps


def test_stepper_frames_ring_each_iterate_of_shrinking_steps():
    base = get("shrinking-steps").runs["run"]
    assert [f.highlight for f in STEPPER] == list(range(base.n_steps + 1))
    for frame in STEPPER:
        assert frame.runs["run"] == base  # the same run, only the highlight differs
        assert L.figures[frame.name] is frame


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_entries_are_the_numbers_of_the_run(lang):
    run = get("shrinking-steps").runs["run"]
    entries = L.widget_entries("step-by-step", lang)["frames"]
    assert [e["k"] for e in entries] == [str(k) for k in range(run.n_steps + 1)]
    for k, entry in enumerate(entries):
        assert entry["theta"] == fmt(run.theta[k][0]) and entry["slope"] == fmt(run.grad[k][0])
        assert entry["step"] == (fmt(run.alpha * abs(run.grad[k][0])) if k < run.n_steps else "")
        assert entry["theta"] in entry["label"] and entry["theta"] in entry["alt"]


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_entries_summarise_each_long_run(lang):
    entries = L.widget_entries("alpha-explorer", lang)["frames"]
    assert [e["figure"] for e in entries] == [f.name for f in SWEEP.frames]
    for entry, frame in zip(entries, SWEEP.frames, strict=True):
        long = frame.long_runs["run"]
        assert entry["alpha"] == fmt(frame.series[0].alpha)
        assert str(long.n_steps + (long.status is Status.DIVERGED)) in entry["summary"]
        assert fmt(long.final_theta[0]) in entry["summary"]
    converged = "收敛" if lang == "zh" else "converges"
    diverged = "发散" if lang == "zh" else "diverges"
    assert converged in entries[0]["summary"] and diverged in entries[-1]["summary"]
