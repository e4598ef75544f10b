"""Kind ``fit``: the training set and h(x) at chosen iterates, checked against the run's
recorded θ_k and the data."""

from __future__ import annotations

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
    line_of,
    markers,
    metadata,
    paths,
    plot_areas,
    series,
    window_map,
    write_lecture,
)

from gdcore.yamlfile import DeclarationError

LABELS = """\
    x_label: {zh: 房屋面积（1000 平方英尺）, en: house size (1000 ft²)}
    y_label: {zh: 价格（10 万美元）, en: price ($100k)}
"""


def _figure(name, run, options="", kind="fit"):
    lines = [f"  {name}:", "    cost: J", f"    kind: {kind}", "    series:", "      run:"]
    lines += [f"        {key}: {value}" for key, value in run.items()]
    lines.append('        label: {zh: "α = {run.alpha}", en: "α = {run.alpha}"}')
    lines += [f"    {line}" for line in textwrap(options)]
    lines += ["    title: {zh: 拟合, en: Fit}", "    desc: {zh: 描述, en: A description}"]
    return "\n".join(lines) + "\n"


def textwrap(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


CASES = {
    "houses": (HOUSES, "[theta0, theta1]", {"theta0": "[0, 0]", "alpha": 0.1, "steps": 300}),
    "changed": (
        [[1, 1], [2, 2.5], [3, 2.9], [4, 4.2], [5, 5.1]],
        "[theta0, theta1]",
        {"theta0": "[3, -1]", "alpha": 0.04, "steps": 200},
    ),
    "negative-slope": (
        [[0, 5], [1, 4.1], [2, 3.2], [3, 1.8], [4, 1.1], [5, 0.2], [6, -0.7]],
        "[theta0, theta1]",
        {"theta0": "[0, 0]", "alpha": 0.03, "steps": 300},
    ),
    "one-parameter": (
        [[1, 1.2], [2, 1.9], [3, 3.2], [4, 3.9], [5, 5.2]],
        "[theta1]",
        {"theta0": 0, "alpha": 0.01, "steps": 60},
    ),
}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    out = {}
    for case, (points, parameters, run) in CASES.items():
        folder = tmp_path_factory.mktemp(case)
        options = "iterates: [0, 1, 5, 20, last]\n" + LABELS
        lecture = write_lecture(
            folder, cost_block(points, parameters) + "figures:\n" + _figure("f", run, options)
        )
        out[case] = (lecture, {lang: draw(lecture, "f", lang) for lang in ("en", "zh")})
    return out


@pytest.mark.parametrize("case", CASES)
def test_the_data_points_are_the_affine_image_of_the_training_set(drawn, case):
    points, _, _ = CASES[case]
    text = drawn[case][1]["en"]
    panel = metadata(text)["panels"][0]
    assert panel["points"] == [[float(x), float(y)] for x, y in points]
    drawn_points = markers(group(text, "data-points"))
    assert affine_residual(points, drawn_points) < 1e-3
    (area,) = plot_areas(text)
    to_page, _ = window_map(area, panel["axes"]["x"], panel["axes"]["y"])
    assert np.abs(to_page(points) - drawn_points).max() < 1e-3


@pytest.mark.parametrize("case", CASES)
def test_each_line_is_h_at_the_recorded_iterate(drawn, case):
    """Each drawn line's vertices satisfy y = θ₀ + θ₁x (θ₁x with one parameter) at the θ_k
    that the run recorded for its k, and the lines are the declared iterates."""
    lecture, svgs = drawn[case]
    text = svgs["en"]
    meta = metadata(text)
    panel = meta["panels"][0]
    entry = series(meta, "run")
    n = entry["steps"]
    assert [line["k"] for line in panel["lines"]] == [0, 1, 5, 20, n]
    (area,) = plot_areas(text)
    _, to_data = window_map(area, panel["axes"]["x"], panel["axes"]["y"])
    run = lecture.figures["f"].series[0].run
    for line in panel["lines"]:
        k = line["k"]
        theta = run.theta[k]
        recorded = line["theta"] if isinstance(line["theta"], list) else [line["theta"]]
        assert recorded == list(theta)
        b, m = (theta[0], theta[1]) if len(theta) == 2 else (0.0, theta[0])
        (vertices,) = paths(group(text, f"fit-{k}"))
        x, y = to_data(vertices).T
        span = panel["axes"]["y"][1] - panel["axes"]["y"][0]
        assert np.abs(y - (b + m * x)).max() < 1e-5 * span, k
        # Across the whole window.
        assert x.min() == pytest.approx(panel["axes"]["x"][0], abs=1e-5)
        assert x.max() == pytest.approx(panel["axes"]["x"][1], abs=1e-5)


def test_the_legend_gives_each_line_its_numbers_in_each_language(drawn):
    lecture, svgs = drawn["houses"]
    run = lecture.figures["f"].series[0].run
    n = run.n_steps
    t0, t1 = run.theta[1]
    en, zh = svgs["en"], svgs["zh"]
    from gdcore.text import fmt

    assert f"k = 1: h(x) = {fmt(t0)} + {fmt(t1)}x" in en
    assert f"k = 1：h(x) = {fmt(t0)} + {fmt(t1)}x" in zh
    t0, t1 = run.theta[n]
    assert f"k = {n} (last): h(x) = {fmt(t0)} + {fmt(t1)}x" in en
    # (zh: two lines in the legend, broken after the colon)
    assert f"k = {n}（最后一步）：" in zh and f"h(x) = {fmt(t0)} + {fmt(t1)}x" in zh
    assert "k = 0: h(x) = 0" in en
    assert "training set (6 examples)" in en and "训练集（6 个样本）" in zh
    assert "house size (1000 ft²)" in en and "房屋面积（1000 平方英尺）" in zh


def test_a_negative_slope_reads_as_a_minus(drawn):
    lecture, svgs = drawn["negative-slope"]
    run = lecture.figures["f"].series[0].run
    t0, t1 = run.final_theta
    assert t1 < 0
    from gdcore.text import fmt

    assert f"h(x) = {fmt(t0)} − {fmt(-t1)}x" in svgs["en"]


def test_a_one_parameter_line_goes_through_the_origin(drawn):
    lecture, svgs = drawn["one-parameter"]
    run = lecture.figures["f"].series[0].run
    from gdcore.text import fmt

    assert f"h(x) = {fmt(run.final_theta[0])}x" in svgs["en"]


def test_the_lines_differ_by_dash_pattern_as_well_as_colour(drawn):
    text = drawn["houses"][1]["en"]
    styles = []
    for gid, g in groups(text, "fit-").items():
        (path,) = [p for p in g.iter(f"{SVG}path") if not p.get("id")]
        style = path.get("style")
        dash = re.search(r"stroke-dasharray: ([^;]+)", style)
        colour = re.search(r"stroke: (#[0-9a-f]{6})", style).group(1)
        styles.append((gid, colour, dash.group(1) if dash else "solid"))
    assert len(styles) == 5
    assert len({c for _, c, _ in styles}) == 5
    assert len({d for _, _, d in styles}) == 5, styles


def test_the_default_window_shows_the_data(drawn):
    for case, (points, _, _) in CASES.items():
        panel = metadata(drawn[case][1]["en"])["panels"][0]
        (x_lo, x_hi), (y_lo, y_hi) = panel["axes"]["x"], panel["axes"]["y"]
        for x, y in points:
            assert x_lo < x < x_hi and y_lo < y < y_hi, case


def test_a_stepper_frame_draws_the_line_at_its_iterate(tmp_path):
    body = (
        cost_block(HOUSES)
        + "figures:\n"
        + _figure("walk", {"theta0": "[0, 0]", "alpha": 0.1, "steps": 3}, LABELS)
        + "widgets:\n  stepper:\n    kind: stepper\n    figure: walk\n    words:\n"
        "      start: {zh: 起点, en: Start}\n      middle: {zh: 中间, en: Middle}\n"
        "      last: {zh: 最后, en: Last}\n"
    )
    lecture = write_lecture(tmp_path, body)
    text = draw(lecture, "walk-step-2")
    lines = metadata(text)["panels"][0]["lines"]
    assert [line["k"] for line in lines] == [2]
    assert list(groups(text, "fit-")) == ["fit-2"]


# ---------------------------------------------------------------- bad declarations


def _declare(tmp_path, options, points=HOUSES, parameters="[theta0, theta1]", cost=None, run=None):
    run = run or {"theta0": "[0, 0]", "alpha": 0.1, "steps": 10}
    body = (cost or cost_block(points, parameters)) + "figures:\n" + _figure("f", run, options)
    with pytest.raises(DeclarationError) as caught:
        write_lecture(tmp_path, body)
    return str(caught.value)


def test_an_iterate_beyond_the_run_names_its_line_and_what_to_write(tmp_path):
    message = _declare(tmp_path, "iterates:\n  - 0\n  - 5\n  - 20\n")
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, '- 20')}: "), message
    assert "iterate 20 is beyond the run: series 'run' has 10 step(s)" in message
    assert "write at most 10, or last" in message


@pytest.mark.parametrize(
    ("options", "needle", "says"),
    [
        (
            "iteraets: [0, last]",
            "iteraets",
            r"unknown key 'iteraets' \(did you mean 'iterates'\?\)",
        ),
        ("iterates: [0, first]", "iterates", r"each iterate is a whole number k ≥ 0 or last"),
        ("iterates: [0, 1, 2, 3, 4, 5]", "iterates", r"iterates lists 1 to 5 iterates"),
        ("colors: [red]", "colors", r"colors gives one colour per iterate: 2, got 1"),
        ("colors: [red, teal]", "colors", r"colour 'teal' is not a series colour"),
        ("x_label: house size", "x_label", r"x_label must give words per language"),
        ("window: {x: [0, 4], J: [0, 1]}", "window", r"unknown key 'J'"),
    ],
)
def test_a_bad_option_names_its_line_and_what_to_write(tmp_path, options, needle, says):
    message = _declare(tmp_path, options)
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, needle)}: "), message
    assert re.search(says, message), message


def test_a_fit_needs_a_training_set(tmp_path):
    cost = "costs:\n  J: {kind: quadratic, curvature: 2.0}\n"
    message = _declare(tmp_path, "", cost=cost, run={"theta0": 1, "alpha": 0.1, "steps": 3})
    assert message.startswith(f"{tmp_path}/lecture.yml:{line_of(tmp_path, 'kind: fit')}: ")
    assert "a fit draws the training set of a squared-error cost" in message
