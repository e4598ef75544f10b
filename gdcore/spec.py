"""Resolve first, then draw: a scenario and a language become one plain, immutable value.

:func:`resolve` computes the runs and fills every word with its numbers; drawing, the
layout checks, SVG finishing and the cache key read only the :class:`FigureSpec` it
returns. So a figure's trip goes one way (scenario → run → words → drawing → SVG →
cache), and the spec is exactly what a figure's bytes depend on besides the drawing code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gdcore.scenarios import Scenario
from gdcore.text import LABELS, check_lang, fill

__all__ = ["AxesSpec", "FigureSpec", "MinimumLine", "SeriesSpec", "metadata", "resolve"]

CURVE_POINTS = 161
"""Samples of J drawn as the cost curve."""


@dataclass(frozen=True)
class MinimumLine:
    """A dotted vertical line at a minimum of J, with its legend words."""

    theta: float
    role: str  # a colour role: "minimum" or "global"
    label: str


@dataclass(frozen=True)
class AxesSpec:
    """What a figure's axes are built from: figures with equal axes share one drawing."""

    lang: str
    x_label: str
    y_label: str
    curve_label: str
    theta_window: tuple[float, float]
    J_window: tuple[float, float]
    curve_theta: tuple[float, ...]
    curve_J: tuple[float, ...]
    minima: tuple[MinimumLine, ...]
    legend_rows: int  # entries of the legend, which sits above the plot: sets its height


@dataclass(frozen=True)
class SeriesSpec:
    """One run as drawn: its iterates, a colour role per point, its legend words."""

    id: str
    label: str
    colors: tuple[str, ...]
    tangent: bool
    alpha: float
    theta0: float
    n_steps: int
    theta: tuple[float, ...]
    J: tuple[float, ...]
    slope: tuple[float, ...]
    step: tuple[float, ...]


@dataclass(frozen=True)
class FigureSpec:
    """Everything figure ``name`` in ``lang`` shows, words filled and numbers computed."""

    name: str
    lang: str
    axes: AxesSpec
    series: tuple[SeriesSpec, ...]
    note: str | None
    highlight: int | None
    title: str
    desc: str
    metadata_json: str


def metadata(scenario: Scenario, lang: str) -> dict[str, Any]:
    """What the figure plots: the JSON stored in its <metadata> element."""
    return {
        "generator": "gdcore",
        "figure": scenario.name,
        "lang": lang,
        "section": scenario.section,
        "axes": {"theta": list(scenario.theta_window), "J": list(scenario.J_window)},
        "series": [
            {
                "id": s.id,
                "cost": scenario.cost.describe(),
                "alpha": run.alpha,
                "theta0": run.theta0,
                "steps": run.n_steps,
                "status": run.status.value,
                "theta": list(run.theta),
                "J": list(run.J),
            }
            for s in scenario.series
            for run in [scenario.runs[s.id]]
        ],
    }


LEGEND_EMS = 23.0
"""How wide a legend line may be, in ems of its font: about the figure's width."""
_BREAKS = ("：", "；", "，", ": ", "; ", ", ", " ")


def _ems(text: str) -> float:
    """A text's width in ems, roughly: CJK characters are square, others narrower."""
    return sum(1.0 if "\u2e80" <= ch <= "\uffef" else 0.6 for ch in text)


# The words write θ₁ as a reader reads it (captions, alt text); a drawn label writes it
# as the axes do, in matplotlib's maths (the CJK font has no subscript digits, and the
# same symbol must look the same in the legend as on the axis). Longest first.
_DRAWN_MATHS = (("J′(θ₁)", r"$J′(\theta_1)$"), ("J(θ₁)", r"$J(\theta_1)$"), ("θ₁", r"$\theta_1$"))


def drawn_words(text: str) -> str:
    """``text`` as drawn in a figure: its symbols in matplotlib's maths (outside any
    maths it already has)."""
    parts = text.split("$")
    for i in range(0, len(parts), 2):  # the even parts are outside $…$
        for plain, maths in _DRAWN_MATHS:
            parts[i] = parts[i].replace(plain, maths)
    return "$".join(parts)


def legend_words(label: str) -> str:
    """``label`` on one line, or broken in two where it fits: after the punctuation (else
    the space) nearest its middle. The legend sits above the plot, as wide as the figure."""
    if _ems(label) <= LEGEND_EMS or "$" in label:
        return label
    for mark in _BREAKS:
        cuts = [i + len(mark) for i in range(len(label)) if label.startswith(mark, i)]
        fits = [c for c in cuts if max(_ems(label[:c]), _ems(label[c:])) <= LEGEND_EMS]
        if fits:
            cut = min(fits, key=lambda c: abs(_ems(label[:c]) - _ems(label[c:])))
            return label[:cut].rstrip() + "\n" + label[cut:].lstrip()
    return label  # the layout check reports it if it does not fit


def _axes(scenario: Scenario, lang: str, labels: list[str]) -> AxesSpec:
    import numpy as np

    words = LABELS[lang]
    cost = scenario.cost
    lo, hi = scenario.theta_window
    grid = np.linspace(lo, hi, CURVE_POINTS)
    minima = []
    g = cost.global_minimum
    for m in cost.minima:
        if lo <= m <= hi:
            is_global = m == g and len(cost.minima) > 1
            key = "global" if is_global and "global" in scenario.mark_minima else "minimum"
            name = scenario.mark_minima.get(key, {}).get(lang, words["minimum"])
            if key == "minimum" and len(cost.minima) > 1:
                continue  # on a non-convex J only the marked minima get a line
            minima.append(MinimumLine(m, key, rf"{name} $\theta_1 = {m:g}$"))
    return AxesSpec(
        lang=lang,
        x_label=words["x"],
        y_label=words["y"],
        curve_label=words["curve"],
        theta_window=tuple(scenario.theta_window),
        J_window=tuple(scenario.J_window),
        curve_theta=tuple(grid.tolist()),
        curve_J=tuple(np.asarray(cost.J(grid), dtype=float).tolist()),
        minima=tuple(minima),
        legend_rows=sum(1 + label.count("\n") for label in [words["curve"], *labels]) + len(minima),
    )


def resolve(scenario: Scenario, lang: str) -> FigureSpec:
    """``scenario`` in ``lang`` as drawn: runs computed, every word filled."""
    check_lang(lang)
    series = []
    for s in scenario.series:
        run = scenario.runs[s.id]
        series.append(
            SeriesSpec(
                id=s.id,
                # Broken into lines first (the break is measured on the words as read);
                # no replaced symbol spans a line, so each line's maths stays closed.
                label=drawn_words(legend_words(fill(s.label[lang], scenario, lang))),
                colors=tuple(s.colors[min(i, len(s.colors) - 1)] for i in range(len(run.theta))),
                tangent=s.tangent,
                alpha=run.alpha,
                theta0=run.theta0,
                n_steps=run.n_steps,
                theta=tuple(run.theta),
                J=tuple(run.J),
                slope=tuple(run.slope),
                step=tuple(run.step),
            )
        )
    data = json.dumps(
        metadata(scenario, lang), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return FigureSpec(
        name=scenario.name,
        lang=lang,
        axes=_axes(scenario, lang, [s.label for s in series]),
        series=tuple(series),
        note=(
            drawn_words(fill(scenario.note[lang], scenario, lang))
            if scenario.note is not None
            else None
        ),
        highlight=scenario.highlight,
        title=fill(scenario.title[lang], scenario, lang),
        desc=fill(scenario.desc[lang], scenario, lang),
        metadata_json=data,
    )
