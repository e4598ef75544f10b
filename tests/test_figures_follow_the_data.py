"""A reasonable change to the core still draws (issue 14.5): the plot window comes from the
runs and the minima, and the legend and note go where the layout checks pass.

Each lecture scenario is drawn on perturbed training sets and with other α values; every
one must draw (no FigureError: nothing clipped, overlapping, hidden or out of the window)
and its markers must still be the affine image of its numbers.
"""

import dataclasses
import xml.etree.ElementTree as ET

import pytest
from gdcore.scenarios import SCENARIOS, plot_window
from test_figures import _marker_mismatches

from gdcore.costs import LECTURE_COST, LECTURE_TRAINING_SET, squared_error
from gdcore.render import figure_svg
from gdcore.spec import resolve

LECTURE_SCENARIOS = [s for s in SCENARIOS.values() if s.cost is LECTURE_COST]


def _training_set(change):
    return squared_error([change(x, y) for x, y in LECTURE_TRAINING_SET], cost_id="lecture")


PERTURBED = {
    "y scaled by 1.1": _training_set(lambda x, y: (x, 1.1 * y)),
    "(3, 3) -> (2.9, 2.9)": _training_set(lambda x, y: (2.9, 2.9) if x == 3 else (x, y)),
    "(3, 3) -> (4, 4)": _training_set(lambda x, y: (4.0, 4.0) if x == 3 else (x, y)),
    "(2, 2) -> (2, 2.5)": _training_set(lambda x, y: (x, 2.5) if x == 2 else (x, y)),
}


def _redrawn(scenario, **changes):
    """``scenario`` with ``changes``, its plot window derived afresh."""
    return dataclasses.replace(scenario, theta_window=None, J_window=None, **changes)


def _draws(scenario, lang: str) -> None:
    svg = figure_svg(resolve(scenario, lang))
    assert _marker_mismatches(ET.fromstring(svg.encode())) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cost", PERTURBED)
@pytest.mark.parametrize("scenario", LECTURE_SCENARIOS, ids=lambda s: s.name)
def test_a_changed_training_set_still_draws(scenario, cost, lang):
    _draws(_redrawn(scenario, cost=PERTURBED[cost]), lang)


@pytest.mark.parametrize("factor", [0.5, 1.5, 3.0])
@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=lambda s: s.name)
def test_another_alpha_still_draws(scenario, factor):
    series = tuple(dataclasses.replace(s, alpha=s.alpha * factor) for s in scenario.series)
    _draws(_redrawn(scenario, series=series), "en")


def test_the_window_holds_every_iterate_and_both_sides_of_the_bowl():
    cost = PERTURBED["(3, 3) -> (4, 4)"]
    scenario = _redrawn(SCENARIOS["alpha-small"], cost=cost)
    run = scenario.runs["run"]
    (t_lo, t_hi), (j_lo, j_hi) = plot_window(cost, [run])
    (m,) = cost.minima
    assert t_lo < min(run.theta) and max(run.theta) < t_hi
    assert t_lo < 2 * m - max(run.theta)  # the mirror image of the start: the other side
    assert j_lo < 0 <= min(run.J) and max(run.J) < j_hi


def test_a_note_that_would_hide_a_point_goes_to_the_next_spot(monkeypatch):
    from gdcore import draw

    scenario = SCENARIOS["update-rule"]
    (t_lo, t_hi), (j_lo, j_hi) = scenario.theta_window, scenario.J_window
    run = scenario.runs["p"]
    # First choice: the note's top centre just above the first point, so it covers it.
    over_the_point = (
        (run.theta[0] - t_lo) / (t_hi - t_lo),
        (run.J[0] - j_lo) / (j_hi - j_lo) + 0.04,
    )
    monkeypatch.setattr(draw, "NOTE_SPOTS", (over_the_point, *draw.NOTE_SPOTS))
    tried = []
    place = draw._place
    monkeypatch.setattr(draw, "_place", lambda *a: tried.append(a[3]) or place(*a))
    draw.forget_axes()
    _draws(scenario, "en")
    assert tried[:2] == [over_the_point, draw.NOTE_SPOTS[1]]


def test_no_placement_that_works_fails_loudly(monkeypatch):
    from gdcore import draw
    from gdcore.errors import FigureError

    scenario = SCENARIOS["update-rule"]
    run = scenario.runs["p"]
    (t_lo, t_hi), (j_lo, j_hi) = scenario.theta_window, scenario.J_window
    spot = ((run.theta[0] - t_lo) / (t_hi - t_lo), (run.J[0] - j_lo) / (j_hi - j_lo) + 0.04)
    monkeypatch.setattr(draw, "NOTE_SPOTS", (spot,))
    monkeypatch.setattr(draw, "LEGEND_SPOTS", ("above",))
    draw.forget_axes()
    with pytest.raises(FigureError, match="under the note; no placement of the legend"):
        figure_svg(resolve(scenario, "en"))
