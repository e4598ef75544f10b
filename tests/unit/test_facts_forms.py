"""The facts issue 21 added: a number fact's ``.eq`` form, and what a run provides about
the rules that end it and, on a quadratic, its rate."""

from __future__ import annotations

from fractions import Fraction

import pytest
from lectures import lecture

from gdcore.facts import FactError


def test_eq_says_equals_where_the_digits_are_the_value_and_approx_where_they_round() -> None:
    facts = lecture().facts("en")
    assert facts["tangent-slopes.right.theta1.eq"].text == "= 1.8"
    assert facts["shrinking-steps.theta1.eq"].text == "≈ 2.25"
    assert facts["shrinking-steps.theta1.eq"].tex == r"\approx 2.25"
    assert facts["exercise-one-step.alpha.eq"].text == "≈ 0.214"
    # An exact fraction is never rounded; a count is exact.
    assert facts["J.one_over_c.eq"].text == "= 3/14"
    assert facts["J.one_over_c.eq"].tex == r"= \frac{3}{14}"
    assert facts["alpha-small.total_steps.eq"].text == "= 336"
    assert "J.c.eq" in facts and "J.c.eq.eq" not in facts and "nothing.eq" not in facts
    with pytest.raises(FactError, match=r"J\.points\.eq: J\.points is not a number"):
        facts["J.points.eq"]


def test_a_run_states_its_stopping_rule_cut_off_and_rate() -> None:
    facts = lecture().facts("en")
    assert (facts["alpha-small.tolerance"].text, facts["alpha-small.tolerance"].tex) == (
        "10⁻⁶",
        "10^{-6}",
    )
    assert facts["alpha-small.divergence_limit"].text == "10⁸"
    # 1 − αc exactly, from the training set's decimals: 1 − 0.3 × 14/3 = −2/5.
    assert facts.value("exercise-regime.rate") == Fraction(-2, 5)
    assert facts["exercise-regime.rate"].text == "−0.4"
    assert (
        335 < facts.value("alpha-small.steps_predicted") <= facts.value("alpha-small.total_steps")
    )
    with pytest.raises(FactError, match="not quadratic"):
        facts["exercise-peak.rate"]
    with pytest.raises(FactError, match=r"0 < \|1 − αλ\| < 1"):
        facts["alpha-large.steps_predicted"]
