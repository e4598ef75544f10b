"""The words figures use in each language, and numbers written for readers.

Scenario texts are templates; :func:`fill` puts the computed numbers in.
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING

from gdcore.descent import DIVERGENCE_LIMIT, Run, Status

if TYPE_CHECKING:
    from gdcore.scenarios import Scenario

__all__ = [
    "LABELS",
    "check_lang",
    "eq",
    "fill",
    "fmt",
    "outlook",
    "run_summary",
]

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "x": r"参数 $\theta_1$",
        "y": r"代价 $J(\theta_1)$",
        "curve": r"代价函数 $J(\theta_1)$",
        "minimum": "最小值",
        "start": "起点",
        "end": "终点",
        "tangent": "切线",
        "list_sep": "、",
    },
    "en": {
        "x": r"parameter $\theta_1$",
        "y": r"cost $J(\theta_1)$",
        "curve": r"cost $J(\theta_1)$",
        "minimum": "minimum",
        "start": "start",
        "end": "end",
        "tangent": "tangent",
        "list_sep": ", ",
    },
}

_OUTLOOK: dict[str, dict[Status, str]] = {
    "zh": {
        Status.CONVERGED: "一直运行下去，共需 {n} 步才收敛（|J′(θ₁)| ≤ {tol}）。",
        Status.DIVERGED: "继续运行则发散：第 {n} 步后 |θ₁| 将超过 {limit}。",
        Status.STEP_LIMIT: "运行 {n} 步仍未收敛。",
    },
    "en": {
        Status.CONVERGED: "run on, it needs {n} steps in all to converge (|J′(θ₁)| ≤ {tol}).",
        Status.DIVERGED: "run on, it diverges: after step {n} |θ₁| would pass {limit}.",
        Status.STEP_LIMIT: "after {n} steps it has still not converged.",
    },
}
# A run that ends after a single step: said the way one would say it, not "1 steps".
_OUTLOOK_ONE: dict[str, dict[Status, str]] = {
    "zh": {
        Status.CONVERGED: "一直运行下去，1 步即收敛（|J′(θ₁)| ≤ {tol}）。",
        Status.DIVERGED: _OUTLOOK["zh"][Status.DIVERGED],
        Status.STEP_LIMIT: "运行 1 步仍未收敛。",
    },
    "en": {
        Status.CONVERGED: "run on, it converges in a single step (|J′(θ₁)| ≤ {tol}).",
        Status.DIVERGED: "run on, it diverges at once: after the first step |θ₁| would pass "
        "{limit}.",
        Status.STEP_LIMIT: "after a single step it has still not converged.",
    },
}


def check_lang(lang: str) -> str:
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {', '.join(LABELS)}, got {lang!r}")
    return lang


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt(x: float) -> str:
    """A number as a reader wants it: 3 significant digits, no '-0', a real minus sign,
    powers of ten as 2.3×10⁻¹³."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    text = f"{x:.3g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        power = str(int(exp)).translate(_SUPERSCRIPT)
        text = f"10{power}" if mantissa == "1" else f"{mantissa}×10{power}"
    return text.replace("-", "−")


def eq(x: float) -> str:
    """``= 1.8`` where fmt(x) is the value, ``≈ 1`` where it is rounded (x = 1.0019)."""
    shown = float(f"{x:.3g}")
    exact = x == 0 or abs(shown - x) <= 1e-9 * abs(x)
    return f"{'=' if exact else '≈'} {fmt(x)}"


def outlook(run: Run, lang: str) -> str:
    """One sentence on how a run ends when it is allowed MAX_STEPS steps."""
    n = run.n_steps if run.status is not Status.DIVERGED else run.n_steps + 1
    return (_OUTLOOK_ONE if n == 1 else _OUTLOOK)[lang][run.status].format(
        n=n,
        tol=fmt(run.tolerance),
        limit=fmt(DIVERGENCE_LIMIT),
    )


def _series_facts(scenario: Scenario, series_id: str, lang: str) -> SimpleNamespace:
    run = scenario.runs[series_id]
    sep = LABELS[lang]["list_sep"]
    k = scenario.highlight if scenario.highlight is not None else 0
    return SimpleNamespace(
        k=k,
        k_next=k + 1,
        theta_k=fmt(run.theta[k]),
        slope_k=fmt(run.slope[k]),
        step_k=fmt(run.step_sizes[k]) if k < run.n_steps else "",
        alpha=fmt(run.alpha),
        theta0=fmt(run.theta0),
        theta1=fmt(run.theta[1]) if run.n_steps else fmt(run.theta0),
        theta_n=fmt(run.final_theta),
        eq_theta_n=eq(run.final_theta),
        n=run.n_steps,
        steps_drawn=_STEPS_DRAWN[lang](run.n_steps),
        slope0=fmt(run.slope[0]),
        slopes=sep.join(fmt(s) for s in run.slope[: run.n_steps]),
        step_sizes=sep.join(fmt(s) for s in run.step_sizes),
        outlook=outlook(scenario.long_runs[series_id], lang),
    )


_STEPS_DRAWN = {
    "zh": lambda n: f"前 {n} 步" if n > 1 else "这一步",
    "en": lambda n: f"the first {n} steps" if n > 1 else "its one step",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\.([a-z_0-9]+)\}")


def fill(template: str, scenario: Scenario, lang: str) -> str:
    """``template`` with ``{ID.field}`` replaced by the numbers of series ID
    (``{cost.global_min}`` for the cost's global minimum, ``{cost.min_value}`` for J there,
    ``{cost.training_set}`` for its training set). Other braces, such as mathtext's
    ``\\frac{d}{d\\theta}``, are left alone."""
    facts = {s.id: _series_facts(scenario, s.id, lang) for s in scenario.series}
    cost = scenario.cost
    g = cost.global_minimum
    points = cost.training_set or ()
    facts["cost"] = SimpleNamespace(
        global_min=fmt(g) if g is not None else "",
        min_value=fmt(float(cost.J(g))) if g is not None else "",
        training_set=LABELS[lang]["list_sep"].join(f"({fmt(x)}, {fmt(y)})" for x, y in points),
    )

    def value(match: re.Match[str]) -> str:
        owner, name = match.groups()
        if owner not in facts or not hasattr(facts[owner], name):
            raise ValueError(f"unknown placeholder {match.group(0)} in {template!r}")
        return str(getattr(facts[owner], name))

    return _PLACEHOLDER.sub(value, template)


_SUMMARY = {
    "zh": {
        Status.CONVERGED: "{n} 步后收敛 · 最终 θ₁ {theta}，J {J}",
        Status.DIVERGED: "发散：第 {n} 步后 |θ₁| 将超过 {limit} · 此前 θ₁ {theta}，J {J}",
        Status.STEP_LIMIT: "{n} 步后仍未收敛 · θ₁ {theta}，J {J}",
    },
    "en": {
        Status.CONVERGED: "converges in {n} {steps} · final θ₁ {theta}, J {J}",
        Status.DIVERGED: "diverges: after step {n} |θ₁| would pass {limit} · "
        "last θ₁ {theta}, J {J}",
        Status.STEP_LIMIT: "not converged after {n} {steps} · θ₁ {theta}, J {J}",
    },
}


def run_summary(run: Run, lang: str) -> str:
    """One line: how many steps to converge (or that it diverged), the final θ and J."""
    n = run.n_steps + (run.status is Status.DIVERGED)
    template = _SUMMARY[check_lang(lang)][run.status]
    if lang == "zh" and n == 1 and run.status is Status.CONVERGED:
        template = template.replace("{n} 步后收敛", "1 步即收敛")
    return template.format(
        n=n,
        steps="step" if n == 1 else "steps",
        theta=eq(run.final_theta),
        J=eq(run.final_J),
        limit=fmt(DIVERGENCE_LIMIT),
    )
