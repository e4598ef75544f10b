"""Kind ``cost-per-iteration``: J(θ_k) against k, checked against the runs' recorded J,
on a log and a linear scale, with a J of exactly 0 and a diverging run."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from kindtools import (
    HOUSES,
    cost_block,
    draw,
    group,
    groups,
    line_of,
    markers,
    metadata,
    paths,
    plot_areas,
    write_lecture,
)

from gdcore.descent import descend
from gdcore.yamlfile import DeclarationError


def _figure(name, runs, options=""):
    lines = [f"  {name}:", "    cost: J", "    kind: cost-per-iteration", "    series:"]
    for sid, run in runs.items():
        lines.append(f"      {sid}:")
        lines += [f"        {key}: {value}" for key, value in run.items()]
        lines.append(f'        label: {{zh: "α = {{{sid}.alpha}}", en: "α = {{{sid}.alpha}}"}}')
    lines += [f"    {line.strip()}" for line in options.splitlines() if line.strip()]
    lines += ["    title: {zh: 代价, en: Cost}", "    desc: {zh: 描述, en: A description}"]
    return "\n".join(lines) + "\n"


def _size(text):
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups()
    return float(width), float(height)


# The linear-regression figure: three α, one too large (2/λmax ≈ 0.307 on HOUSES).
THREE = {
    "slow": {"theta0": "[0, 0]", "alpha": 0.05, "steps": 60, "colors": "[blue]"},
    "good": {"theta0": "[0, 0]", "alpha": 0.25, "steps": 60, "colors": "[green]"},
    "big": {"theta0": "[0, 0]", "alpha": 0.32, "steps": 60, "colors": "[red]"},
}
TOY = "costs:\n  J: {kind: squared-error, parameters: [theta1], points: [[1, 1], [2, 2], [3, 3]]}\n"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    figures = (
        _figure("gap", THREE, "y: gap")
        + _figure("linear", THREE, "scale: linear")
        + _figure(
            "changed",
            {"run": {"theta0": "[4, -2]", "alpha": 0.02, "steps": 500, "colors": "[magenta]"}},
            "y: gap",
        )
    )
    lecture = write_lecture(folder, cost_block(HOUSES) + "figures:\n" + figures)
    toy = write_lecture(
        tmp_path_factory.mktemp("toy"),
        TOY
        + "figures:\n"
        + _figure(
            "exact",
            {
                "land": {"theta0": 2.0, "alpha": "3/14", "steps": 10, "colors": "[green]"},
                "near": {"theta0": 2.0, "alpha": 0.1, "steps": 10, "colors": "[blue]"},
            },
        ),
    )
    out = {}
    for lec, names in ((lecture, ("gap", "linear", "changed")), (toy, ("exact",))):
        for name in names:
            out[name] = (lec, {lang: draw(lec, name, lang) for lang in ("en", "zh")})
    return out


def _check_lines(lecture, name, text, index=0):
    """Each line's vertices and markers are the affine image of (k, log J) (or (k, J)) as
    the recorded window says, at the run's own values (panel ``index`` of the figure)."""
    meta = metadata(text)
    panel = meta["panels"][index]
    log = panel["scale"] == "log"
    area = plot_areas(text)[index]
    x0, top, x1, bottom = area
    (k_lo, k_hi), (j_lo, j_hi) = panel["axes"]["k"], panel["axes"]["J"]

    def page(k, v):
        if log:
            y = (math.log10(v) - math.log10(j_lo)) / (math.log10(j_hi) - math.log10(j_lo))
        else:
            y = (v - j_lo) / (j_hi - j_lo)
        return (x0 + (k - k_lo) / (k_hi - k_lo) * (x1 - x0), bottom - y * (bottom - top))

    figure = lecture.figures[name]
    floor = lecture.costs["J"].value(lecture.costs["J"].global_minimum)
    seen = 0
    for line in panel["lines"]:
        run = figure.series_by_id(line["id"]).run
        expected = [run.J[k] - (floor if panel["y"] == "gap" else 0.0) for k in line["k"]]
        assert line["values"] == pytest.approx([max(v, 0.0) for v in expected], abs=1e-15)
        drawn_paths = paths(group(text, f"cost-{line['id']}"))
        vertices = drawn_paths[0]
        shown = [(k, v) for k, v in zip(line["k"], line["values"], strict=True)]
        want = np.array([page(k, v if v > 0 or not log else j_lo) for k, v in shown])
        # matplotlib cuts a path at the figure's edge, and leaves out markers past it.
        width, height = _size(text)
        visible = (want[:, 0] >= 0) & (want[:, 0] <= width)
        visible &= (want[:, 1] >= 0) & (want[:, 1] <= height)
        if visible.all():
            assert vertices.shape == want.shape
            assert np.abs(vertices - want).max() < 1e-3
        # Markers: at the marked iterates that are not 0 on a log scale, where not clipped.
        marked = want[[line["k"].index(k) for k in line["marked"] if k not in line["zero"]]]
        dots = markers(group(text, f"cost-{line['id']}"))

        # What a reader sees: each marker inside the plot is at a marked iterate, and each
        # marked iterate inside the plot has its marker. (Outside, the plot clips them;
        # matplotlib even adds some where a line crosses the figure's edge.)
        def shown(p):
            return (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= top) & (p[:, 1] <= bottom)

        for dot in dots[shown(dots)]:
            assert np.hypot(*(marked - dot).T).min() < 1e-3
        for point in marked[shown(marked)]:
            assert np.hypot(*(dots - point).T).min() < 1e-3
        seen += int(shown(marked).sum())
    assert seen >= 1
    return panel


@pytest.mark.parametrize("name", ["gap", "linear", "changed"])
def test_the_lines_are_the_runs_values(drawn, name):
    lecture, svgs = drawn[name]
    _check_lines(lecture, name, svgs["en"])


def test_a_diverging_run_leaves_the_top_of_the_window_clipped(drawn):
    _lecture, svgs = drawn["gap"]
    panel = metadata(svgs["en"])["panels"][0]
    big = next(line for line in panel["lines"] if line["id"] == "big")
    j_hi = panel["axes"]["J"][1]
    assert max(big["values"]) > 100 * j_hi  # far above the window, still drawn (clipped)
    starts = [line["values"][0] for line in panel["lines"]]
    assert all(s < j_hi / 2 for s in starts)  # every start shows, clear of the top


def test_a_cost_of_exactly_zero_is_drawn_on_the_floor_and_said(drawn):
    """α = 1/c on the toy cost lands on the minimum: J(θ₁) = 0, which a log scale cannot
    draw. Its marker sits on the plot's floor, with the words beside it."""
    lecture, svgs = drawn["exact"]
    run = lecture.figures["exact"].series_by_id("land").run
    assert run.J[1] == 0.0 and run.n_steps == 1
    panel = _check_lines(lecture, "exact", svgs["en"])
    land = next(line for line in panel["lines"] if line["id"] == "land")
    assert land["zero"] == [1]
    (area,) = plot_areas(svgs["en"])
    ((_x, y),) = markers(group(svgs["en"], "cost-zero-land-1"))
    assert y == pytest.approx(area[3], abs=1e-3)  # the floor
    assert "= 0 exactly" in svgs["en"] and "恰好为 0" in svgs["zh"]
    (words,) = groups(svgs["en"], "label-zero-land-").values()
    assert words is not None


def test_on_a_log_scale_a_quadratic_cost_falls_on_a_straight_line(drawn):
    """The rate shows as a slope: log J(θ_k) of the toy cost at α = 0.1 is affine in k,
    slope 2·log10|1 − αc| (c = 14/3), and the line is drawn with its two ends only."""
    _lecture, svgs = drawn["exact"]
    panel = metadata(svgs["en"])["panels"][0]
    near = next(line for line in panel["lines"] if line["id"] == "near")
    slope = np.diff(np.log10(near["values"])) / np.diff(near["k"])
    assert slope == pytest.approx(2 * math.log10(abs(1 - 0.1 * 14 / 3)), rel=1e-6)


def test_gap_is_J_above_its_minimum(drawn):
    lecture, _ = drawn["gap"]
    cost = lecture.costs["J"]
    run = descend(cost, 0.25, (0.0, 0.0), 60)
    panel = metadata(drawn["gap"][1]["en"])["panels"][0]
    good = next(line for line in panel["lines"] if line["id"] == "good")
    floor = cost.value(cost.global_minimum)
    assert floor > 0
    assert good["values"] == pytest.approx([max(run.J[k] - floor, 0) for k in good["k"]])


def test_every_line_has_markers_with_its_own_shape(drawn):
    _, svgs = drawn["gap"]
    text = svgs["en"]
    shapes = set()
    for sid in THREE:
        g = group(text, f"cost-{sid}")
        defs = [p.get("d") for p in g.iter() if p.tag.endswith("path") and p.get("id")]
        assert len(markers(g)) >= 5
        shapes.add(defs[0] if defs else None)
    assert len(shapes) == 3


# ---------------------------------------------------------------- as a sweep's second panel


EXPLORER = """\
widgets:
  explorer:
    kind: sweep
    cost: J
    theta0: 2.0
    alphas: [0.05, 0.1, "1/J.c", 0.3, "2/J.c", 0.5]
    start: 0.1
    panels:
      - kind: curve
        window: {theta: [-2.2, 4.2], J: [-1.0, 26.0]}
      - kind: cost-per-iteration
        legend: false
        window: {k: [-0.4, 10.4], J: [1.0e-12, 100]}
    title: {zh: "α = {run.alpha}：{regime.words}", en: "α = {run.alpha}: {regime.words}"}
    desc: {zh: "{run.outlook}", en: "{run.outlook}"}
    regimes:
      one-side: {color: blue, words: {zh: 一侧, en: one side}}
      one-step: {color: green, alpha_is: " = 1/c", words: {zh: 一步, en: one step}}
      oscillate: {color: orange, words: {zh: 振荡, en: oscillates}}
      bounce: {color: magenta, alpha_is: " = 2/c", words: {zh: 来回跳, en: bounces}}
      diverge: {color: red, words: {zh: 发散, en: diverges}}
"""


def test_under_the_curve_in_an_explorer_frame(tmp_path):
    """The α explorer's frames with the cost per iteration under the curve: one line
    each, no second legend, the two plots' left edges aligned, and the four regimes as
    rates: falling, at once to 0 (α = 1/c), flat (2/c), rising."""
    lecture = write_lecture(tmp_path, TOY + EXPLORER)
    rates = {}
    for k, frame in enumerate(lecture.widgets["explorer"].frames):
        text = draw(lecture, frame.name)
        upper, lower = plot_areas(text)
        assert upper[0] == pytest.approx(lower[0]) and upper[2] == pytest.approx(lower[2])
        assert list(groups(text, "legend")) == ["legend"]  # the curve's only
        (line,) = metadata(text)["panels"][1]["lines"]
        values = line["values"]
        rates[k] = (values[-1] / values[0]) if values[-1] > 0 else 0.0
        _check_lines(lecture, frame.name, text, index=1)
    assert rates[0] < 1 and rates[1] < 1  # falling
    assert rates[2] == 0.0  # 1/c: exactly 0 after one step
    assert rates[4] == pytest.approx(1.0)  # 2/c: flat
    assert rates[5] > 1  # rising


# ---------------------------------------------------------------- bad declarations


@pytest.mark.parametrize(
    ("options", "needle", "says"),
    [
        ("scale: logarithmic", "scale", r"scale must be one of log, linear, got 'logarithmic'"),
        ("y: excess", "y:", r"y must be one of cost, gap, got 'excess'"),
        (
            "window: {k: [0, 10], J: [0, 10]}",
            "window",
            r"on a log scale the window's J starts above 0",
        ),
        ("legend: no", "legend", r"legend must be true or false"),
        ("scael: log", "scael", r"unknown key 'scael' \(did you mean 'scale'\?\)"),
    ],
)
def test_a_bad_option_names_its_line_and_what_to_write(tmp_path, options, needle, says):
    runs = {"run": {"theta0": "[0, 0]", "alpha": 0.1, "steps": 10}}
    with pytest.raises(DeclarationError) as caught:
        write_lecture(tmp_path, cost_block(HOUSES) + "figures:\n" + _figure("c", runs, options))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, needle)}: "), message
    assert re.search(says, message), message


def test_a_declared_window_gets_its_markers_inside_it(tmp_path):
    """A 300-step run shown over k = 0 to 30: its markers are spread over what shows."""
    runs = {"run": {"theta0": "[0, 0]", "alpha": 0.1, "steps": 300}}
    options = "scale: linear\nwindow: {k: [0, 30]}"
    lecture = write_lecture(
        tmp_path, cost_block(HOUSES) + "figures:\n" + _figure("c", runs, options)
    )
    (line,) = metadata(draw(lecture, "c"))["panels"][0]["lines"]
    assert len(line["marked"]) >= 5 and all(0 <= k <= 30 for k in line["marked"])
