"""Kind ``contour``: J(θ₀, θ₁) as labelled level bands with descent paths, checked against
the numbers it claims to draw (its metadata) and recomputed from the cost."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from kindtools import (
    HOUSES,
    SVG,
    affine_residual,
    cost_block,
    draw,
    group,
    groups,
    iterate,
    line_of,
    markers,
    metadata,
    paths,
    plot_areas,
    series,
    window_map,
    write_lecture,
)

from gdcore.costs import squared_error
from gdcore.svgfile import MAX_BYTES
from gdcore.text import fmt
from gdcore.yamlfile import DeclarationError


def _figure(name: str, runs: dict[str, dict], extra: str = "") -> str:
    lines = [f"  {name}:", "    cost: J", "    kind: contour", "    series:"]
    for sid, run in runs.items():
        lines.append(f"      {sid}:")
        for key, value in run.items():
            lines.append(f"        {key}: {value}")
        lines.append(f'        label: {{zh: "α = {{{sid}.alpha}}", en: "α = {{{sid}.alpha}}"}}')
    lines += [f"    {line}" for line in extra.splitlines() if line.strip()]
    lines += ["    title: {zh: 等高线, en: Contours}", "    desc: {zh: 描述, en: A description}"]
    return "\n".join(lines) + "\n"


# Each: the points, the runs (start, α, steps, colours). Changed points, another α, an α
# near 2/λmax (a zigzag), a diverging α (its path leaves the plot), two runs, a long run.
CASES = {
    "houses": (HOUSES, {"run": {"theta0": "[0, 0]", "alpha": 0.1, "steps": 60}}),
    "changed-points": (
        [[1, 1], [2, 2.5], [3, 2.9], [4, 4.2], [5, 5.1]],
        {"run": {"theta0": "[3, -1]", "alpha": 0.05, "steps": 80}},
    ),
    "zigzag": (
        [[0.5, 1.2], [1, 1.4], [1.5, 2.3], [2, 2.2], [2.5, 3.1], [3, 3.3], [3.5, 3.9]],
        {"run": {"theta0": "[-1, 2]", "alpha": 0.25, "steps": 40, "colors": "[orange]"}},
    ),
    "diverging": (
        HOUSES,
        {"run": {"theta0": "[0, 0]", "alpha": 0.35, "steps": 8, "colors": "[red]"}},
    ),
    "two-runs": (
        HOUSES,
        {
            "slow": {"theta0": "[0, 0]", "alpha": 0.05, "steps": 30, "colors": "[blue]"},
            "fast": {"theta0": "[2, 0]", "alpha": 0.2, "steps": 30, "colors": "[magenta]"},
        },
    ),
    "long": (HOUSES, {"run": {"theta0": "[0, 0]", "alpha": 0.1, "steps": 4000}}),
}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Each case's lecture and its figure, drawn in both languages."""
    out = {}
    for case, (points, runs) in CASES.items():
        folder = tmp_path_factory.mktemp(case)
        lecture = write_lecture(folder, cost_block(points) + "figures:\n" + _figure("c", runs))
        out[case] = (lecture, {lang: draw(lecture, "c", lang) for lang in ("en", "zh")})
    return out


@pytest.mark.parametrize("case", CASES)
def test_the_figure_draws_in_both_languages_within_its_budget(drawn, case):
    """Layout checks pass (the render raises otherwise) for every data set, and the file
    stays under its byte budget, a 4000-step run included."""
    _, svgs = drawn[case]
    for text in svgs.values():
        assert len(text.encode()) < MAX_BYTES


@pytest.mark.parametrize("case", CASES)
def test_markers_and_paths_are_the_affine_image_of_the_iterates(drawn, case):
    _, svgs = drawn[case]
    text = svgs["en"]
    meta = metadata(text)
    (panel,) = meta["panels"]
    (area,) = plot_areas(text)
    to_page, _ = window_map(area, panel["axes"]["theta0"], panel["axes"]["theta1"])
    for path in panel["paths"]:
        entry = series(meta, path["id"])
        marked = np.array([iterate(entry, k) for k in path["marked"]])
        drawn_markers = markers(group(text, f"path-{path['id']}"))
        assert len(drawn_markers) == len(marked)
        assert affine_residual(marked, drawn_markers) < 1e-3
        # ... and the map is the one the recorded window says, not any affine map.
        assert np.abs(to_page(marked) - drawn_markers).max() < 1e-3
        line = to_page([iterate(entry, k) for k in path["line"]])
        if len(line) > 1 and np.all((line > 0) & (line < 316.8)):  # (else cut at the edge)
            (vertices,) = paths(group(text, f"path-line-{path['id']}"))
            assert vertices.shape == line.shape
            assert np.abs(vertices - line).max() < 1e-3


def test_a_long_run_is_marked_at_its_first_iterates_and_simplified_after(drawn):
    lecture, svgs = drawn["long"]
    meta = metadata(svgs["en"])
    (path,) = meta["panels"][0]["paths"]
    entry = series(meta, "run")
    assert entry["steps"] > 100 and "iterates" in entry  # recorded where drawn
    assert path["marked"] == list(range(10))
    assert len(path["line"]) < 60 < entry["steps"]
    # The simplified line stays within a fraction of a unit of every iterate it skips.
    run = lecture.figures["c"].series[0].run
    (area,) = plot_areas(svgs["en"])
    panel = meta["panels"][0]
    to_page, _ = window_map(area, panel["axes"]["theta0"], panel["axes"]["theta1"])
    page = to_page(run.theta)
    line = page[path["line"]]
    worst = 0.0
    for a, b, i, j in zip(line[:-1], line[1:], path["line"][:-1], path["line"][1:], strict=True):
        seg = b - a
        for p in page[i:j]:
            length = math.hypot(*seg)
            d = (
                abs(seg[0] * (p - a)[1] - seg[1] * (p - a)[0]) / length
                if length
                else math.hypot(*(p - a))
            )
            worst = max(worst, d)
    assert worst <= 0.3


def _cost(points):
    return squared_error([tuple(p) for p in points], "J", ("theta0", "theta1"))


@pytest.mark.parametrize("case", ["houses", "changed-points", "zigzag"])
def test_each_level_line_is_where_J_has_its_value(drawn, case):
    """Points sampled along each drawn level line (its vertices and eight points on each
    segment), mapped back to (θ₀, θ₁), lie within 0.35 units of the level set: the
    distance |J − level| / |∇J| measured on the page."""
    points, _ = CASES[case]
    cost = _cost(points)
    text = drawn[case][1]["en"]
    panel = metadata(text)["panels"][0]
    (area,) = plot_areas(text)
    x0, top, x1, bottom = area
    xw, yw = panel["axes"]["theta0"], panel["axes"]["theta1"]
    _, to_data = window_map(area, xw, yw)
    sx, sy = (x1 - x0) / (xw[1] - xw[0]), (bottom - top) / (yw[1] - yw[0])
    levels = panel["levels"]
    found = groups(text, "level-")
    assert sorted(found) == [f"level-{i}" for i in range(len(levels))]
    checked = 0
    for i, level in enumerate(levels):
        for ring in paths(found[f"level-{i}"]):
            t = np.linspace(0, 1, 9)[:, None, None]
            samples = (ring[:-1] + t * (ring[1:] - ring[:-1])).reshape(-1, 2)
            inside = (
                (samples[:, 0] > x0 + 1)
                & (samples[:, 0] < x1 - 1)
                & (samples[:, 1] > top + 1)
                & (samples[:, 1] < bottom - 1)
            )
            theta = to_data(samples[inside])
            J = np.asarray(cost.J(theta))
            grad = np.asarray(cost.grad(theta))
            per_unit = np.hypot(grad[:, 0] / sx, grad[:, 1] / sy)
            assert (np.abs(J - level) / per_unit).max() <= 0.35, (case, level)
            checked += int(inside.sum())
    assert checked > 100  # (the lines are nearly straight: few vertices)
    # Every label says its level's value and sits on its line: its box's centre, mapped
    # back, is within a unit of the level set.
    labels = groups(text, "label-level-")
    assert len(labels) >= len(levels) - 1  # at most one level unlabelled
    for gid, g in labels.items():
        level = levels[int(gid.rsplit("-", 1)[1])]
        (written,) = [t.text for t in g.iter(f"{SVG}text")]
        assert written == fmt(level)
        (box,) = paths(g)
        centre = (box.min(axis=0) + box.max(axis=0)) / 2
        theta = to_data([centre])
        J = float(np.asarray(cost.J(theta))[0])
        grad = np.asarray(cost.grad(theta))[0]
        assert abs(J - level) / math.hypot(grad[0] / sx, grad[1] / sy) < 1.0, (gid, J, level)


def test_levels_are_round_numbers_lowest_first_and_both_directions_of_the_bowl_show(drawn):
    """A long, narrow bowl: the levels read as round numbers (at most two significant
    digits), increase, lie inside the window's range of J, and cross the window both
    across the valley (its steep walls) and along it (its flat floor)."""
    points, _ = CASES["houses"]
    cost = _cost(points)
    panel = metadata(drawn["houses"][1]["en"])["panels"][0]
    levels = panel["levels"]
    assert len(levels) == 6 and levels == sorted(levels)
    for level in levels:
        assert len(re.sub(r"[^0-9]", "", f"{level:.10g}").strip("0")) <= 2, level
    xw, yw = panel["axes"]["theta0"], panel["axes"]["theta1"]
    grid = np.stack(np.meshgrid(np.linspace(*xw, 80), np.linspace(*yw, 80)), -1)
    J = cost.J(grid)
    assert J.min() < levels[0] and levels[-1] < J.max()
    # Along each eigenvector of the Hessian through the minimum, in page units.
    minimum = np.array(cost.global_minimum)
    values, vectors = np.linalg.eigh(np.array(cost.hessian))
    assert values[1] / values[0] > 20  # a long, narrow bowl indeed
    scale = np.array([xw[1] - xw[0], yw[1] - yw[0]])
    for direction in vectors.T:
        t = np.linspace(-3, 3, 4001)[:, None]
        line = minimum + t * direction * scale
        inside = np.all((line >= [xw[0], yw[0]]) & (line <= [xw[1], yw[1]]), axis=1)
        along = cost.J(line[inside])
        crossed = sum(1 for level in levels if along.max() > level)
        assert crossed >= 2, (direction, crossed)


def test_the_default_window_shows_every_iterate_and_the_minimum(drawn):
    for case in ("houses", "changed-points", "zigzag", "two-runs"):
        meta = metadata(drawn[case][1]["en"])
        panel = meta["panels"][0]
        xw, yw = panel["axes"]["theta0"], panel["axes"]["theta1"]
        points = [t for s in meta["series"] for t in s["theta"]] + [panel["minimum"]]
        for x, y in points:
            assert xw[0] < x < xw[1] and yw[0] < y < yw[1], case


def test_a_diverging_path_leaves_the_window_clipped(drawn):
    meta = metadata(drawn["diverging"][1]["en"])
    panel = meta["panels"][0]
    xw = panel["axes"]["theta0"]
    thetas = series(meta, "run")["theta"]
    assert any(not xw[0] <= t[0] <= xw[1] for t in thetas)  # it does leave
    assert xw[0] <= thetas[0][0] <= xw[1]  # from inside
    # Its path stops at the first iterate outside: later steps would cross the plot again.
    (path,) = panel["paths"]
    yw = panel["axes"]["theta1"]
    inside = [xw[0] <= t[0] <= xw[1] and yw[0] <= t[1] <= yw[1] for t in thetas]
    last = path["line"][-1]
    assert not inside[last] and all(inside[:last]) and last < len(thetas) - 1


def test_a_changed_training_set_changes_the_levels_window_and_paths(drawn):
    a = metadata(drawn["houses"][1]["en"])["panels"][0]
    b = metadata(drawn["changed-points"][1]["en"])["panels"][0]
    assert a["levels"] != b["levels"] and a["axes"] != b["axes"] and a["minimum"] != b["minimum"]


def test_the_minimum_is_marked_with_its_own_legend_entry_in_each_language(drawn):
    lecture, svgs = drawn["houses"]
    minimum = lecture.costs["J"].global_minimum
    star = markers(group(svgs["en"], "cost-minimum"))
    panel = metadata(svgs["en"])["panels"][0]
    (area,) = plot_areas(svgs["en"])
    to_page, _ = window_map(area, panel["axes"]["theta0"], panel["axes"]["theta1"])
    assert np.abs(star - to_page([minimum])).max() < 1e-3
    assert "minimum at (0.87, 1.15)" in svgs["en"]
    assert "最小值点 (0.87, 1.15)" in svgs["zh"]


# ---------------------------------------------------------------- a stepper frame


def test_a_stepper_frame_rings_its_iterate(tmp_path):
    body = (
        cost_block(HOUSES)
        + "figures:\n"
        + _figure("walk", {"run": {"theta0": "[0, 0]", "alpha": 0.1, "steps": 4}})
        + textwrap_widget()
    )
    lecture = write_lecture(tmp_path, body)
    for k in (0, 2, 4):
        text = draw(lecture, f"walk-step-{k}")
        meta = metadata(text)
        panel = meta["panels"][0]
        (area,) = plot_areas(text)
        to_page, _ = window_map(area, panel["axes"]["theta0"], panel["axes"]["theta1"])
        ring = markers(group(text, f"highlight-run-{k}"))
        assert np.abs(ring - to_page([series(meta, "run")["theta"][k]])).max() < 1e-3


def textwrap_widget() -> str:
    return (
        "widgets:\n"
        "  stepper:\n"
        "    kind: stepper\n"
        "    figure: walk\n"
        "    words:\n"
        "      start: {zh: 起点, en: Start}\n"
        "      middle: {zh: 中间, en: Middle}\n"
        "      last: {zh: 最后, en: Last}\n"
    )


# ---------------------------------------------------------------- bad declarations


def _declare(tmp_path, extra: str, parameters: str = "[theta0, theta1]"):
    body = (
        cost_block(HOUSES, parameters)
        + "figures:\n"
        + _figure(
            "c",
            {
                "run": {
                    "theta0": "[0, 0]" if "theta0" in parameters else 1,
                    "alpha": 0.1,
                    "steps": 3,
                }
            },
            extra,
        )
    )
    with pytest.raises(DeclarationError) as caught:
        write_lecture(tmp_path, body)
    return str(caught.value)


@pytest.mark.parametrize(
    ("extra", "needle", "says"),
    [
        ("levles: 4", "levles", r"unknown key 'levles' \(did you mean 'levels'\?\)"),
        ("levels: 9", "levels", r"levels must be how many \(a whole number from 1 to 6\)"),
        ("levels: [2, 1]", "levels", r"or the values of J themselves, increasing"),
        ("markers: 0", "markers", r"markers must be an integer from 1 to 1000"),
        ("window: {theta0: [1, 0]}", "window", r"theta0 must be \[lo, hi\]"),
        ("window: {theta: [0, 1]}", "window", r"unknown key 'theta'"),
        ("note: {zh: 注, en: a note}", "note", r"unknown key 'note'"),  # (no room for one)
    ],
)
def test_a_bad_option_names_its_line_and_what_to_write(tmp_path, extra, needle, says):
    message = _declare(tmp_path, extra)
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, needle)}: "), message
    assert re.search(says, message), message


def test_a_contour_of_a_one_parameter_cost_says_which_kinds_draw_it(tmp_path):
    message = _declare(tmp_path, "", parameters="[theta1]")
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, 'kind: contour')}: ")
    assert "a contour draws costs of 2 parameter(s); this cost has 1" in message
    assert "write kind: curve or fit or cost-per-iteration" in message
