"""A reasonable change to a lecture's data still draws: the plot window comes from the runs
and the minima, and the legend and note go where the layout checks pass.

Lecture 1's figures are drawn on perturbed training sets (its lecture.yml edited, as an
author would) and with other α values; every one must draw (no FigureError: nothing
clipped, overlapping, hidden or out of the window) and its markers must still be the
affine image of its numbers.
"""

import dataclasses
import functools
import xml.etree.ElementTree as ET

import pytest
from test_figures import _marker_mismatches

from gdcore.kinds.curve import plot_window
from gdcore.lecture import load_lecture
from gdcore.svgfile import figure_svg
from lectures import DOCS, INTUITION, languages, lecture

SOURCE = (DOCS / INTUITION / "lecture.yml").read_text(encoding="utf-8")
POINTS = "points: [[1, 1], [2, 2], [3, 3]]"
PERTURBED = {
    "y scaled by 1.1": "points: [[1, 1.1], [2, 2.2], [3, 3.3]]",
    "(3, 3) -> (2.9, 2.9)": "points: [[1, 1], [2, 2], [2.9, 2.9]]",
    "(3, 3) -> (4, 4)": "points: [[1, 1], [2, 2], [4, 4]]",
    "(2, 2) -> (2, 2.5)": "points: [[1, 1], [2, 2.5], [3, 3]]",
}


def _perturbed(tmp_path_factory, points: str):
    """Lecture 1 with another training set (its claims left out: a perturbed set may make
    a sentence of the prose false, which tests/site/test_prose.py checks)."""
    assert POINTS in SOURCE
    folder = tmp_path_factory.mktemp("lecture") / INTUITION
    folder.mkdir()
    text = SOURCE.replace(POINTS, points).split("\nclaims:\n")[0] + "\n"
    (folder / "lecture.yml").write_text(text, encoding="utf-8")
    return load_lecture(folder, languages())


@pytest.fixture(scope="module", params=PERTURBED, ids=list(PERTURBED))
def perturbed(request, tmp_path_factory):
    return _perturbed(tmp_path_factory, PERTURBED[request.param])


def _draws(lecture, name: str, lang: str) -> None:
    svg = figure_svg(lecture.spec(name, lang))
    assert _marker_mismatches(ET.fromstring(svg.encode())) == []


OF_J = [n for n, f in lecture().declared.items() if f.cost is lecture().costs["J"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", OF_J)
def test_a_changed_training_set_still_draws(perturbed, name, lang):
    _draws(perturbed, name, lang)


@pytest.mark.parametrize("factor", [0.5, 1.5, 3.0])
@pytest.mark.parametrize("name", list(lecture().declared))
def test_another_alpha_still_draws(name, factor, monkeypatch):
    other = _own_lecture()
    figure = other.figure(name)
    series = tuple(dataclasses.replace(s, alpha=s.alpha * factor) for s in figure.series)
    monkeypatch.setitem(other.figures, name, dataclasses.replace(figure, series=series))
    monkeypatch.setattr(other, "_specs", {})  # resolved anew
    _draws(other, name, "en")


@functools.cache
def _own_lecture():
    """Lecture 1, loaded for this module alone: tests change its figures."""
    return load_lecture(DOCS / INTUITION, languages())


def test_the_window_holds_every_iterate_and_both_sides_of_the_bowl(tmp_path_factory):
    other = _perturbed(tmp_path_factory, PERTURBED["(3, 3) -> (4, 4)"])
    figure = other.figure("alpha-small")
    run = figure.runs["run"]
    (t_lo, t_hi), (j_lo, j_hi) = plot_window(figure, figure.panels[0])
    ((m,),) = figure.cost.minima
    thetas = [t for (t,) in run.theta]
    assert t_lo < min(thetas) and max(thetas) < t_hi
    assert t_lo < 2 * m - max(thetas)  # the mirror image of the start: the other side
    assert j_lo < 0 <= min(run.J) and max(run.J) < j_hi


def _update_rule():
    figure = lecture().figure("update-rule")
    (t_lo, t_hi), (j_lo, j_hi) = plot_window(figure, figure.panels[0])
    run = figure.runs["p"]
    # The note's top centre just above the first point, so that it covers it.
    return (
        (run.theta[0][0] - t_lo) / (t_hi - t_lo),
        (run.J[0] - j_lo) / (j_hi - j_lo) + 0.04,
    )


def test_a_note_that_would_hide_a_point_goes_to_the_next_spot(monkeypatch):
    from gdcore import draw

    over_the_point = _update_rule()
    monkeypatch.setattr(draw, "NOTE_SPOTS", (over_the_point, *draw.NOTE_SPOTS))
    tried = []
    place = draw._place
    monkeypatch.setattr(draw, "_place", lambda *a: tried.append(a[3]) or place(*a))
    draw.forget_axes()
    _draws(lecture(), "update-rule", "en")
    assert tried[:2] == [over_the_point, draw.NOTE_SPOTS[1]]


def test_no_placement_that_works_fails_loudly(monkeypatch):
    from gdcore import draw
    from gdcore.errors import FigureError

    monkeypatch.setattr(draw, "NOTE_SPOTS", (_update_rule(),))
    monkeypatch.setattr(draw, "LEGEND_SPOTS", ("above",))
    draw.forget_axes()
    with pytest.raises(FigureError, match="under the note; no placement of the legend"):
        figure_svg(lecture().spec("update-rule", "en"))
