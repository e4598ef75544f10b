"""What every figure kind owes a reader, checked on one small lecture with each new kind,
a two-panel figure (fit above contour, as the course draws them side by side) and an α
explorer with the cost per iteration under its curve: the dark twin, text large enough
on a phone, the same bytes every time (in the drawing processes too, and from the cache).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from kindtools import (
    HOUSES,
    SVG,
    colours,
    cost_block,
    draw,
    group,
    metadata,
    plot_areas,
    root,
    text_runs,
    write_lecture,
)

from gdcore.render import figure_files
from gdcore.style import PALETTE
from gdcore.svgfile import MAX_BYTES, dark_variant

RUN = (
    '{theta0: [0, 0], alpha: 0.1, steps: 300, label: {zh: "α = {run.alpha}", '
    'en: "α = {run.alpha}"}}'
)
LABELS = (
    "x_label: {zh: 房屋面积（1000 平方英尺）, en: house size (1000 ft²)}\n"
    "        y_label: {zh: 价格（10 万美元）, en: price ($100k)}"
)
BODY = f"""\
figures:
  contour:
    cost: J
    kind: contour
    series: {{run: {RUN}}}
    title: {{zh: 等高线, en: Contours}}
    desc: {{zh: 描述, en: A description}}
  fit:
    cost: J
    kind: fit
    iterates: [0, 1, 5, 20, last]
    series: {{run: {RUN}}}
    title: {{zh: 拟合, en: Fit}}
    desc: {{zh: 描述, en: A description}}
  rates:
    cost: J
    kind: cost-per-iteration
    y: gap
    series:
      small: {{theta0: [0, 0], alpha: 0.05, steps: 80, colors: [blue], label: {{zh: 小, en: s}}}}
      good: {{theta0: [0, 0], alpha: 0.25, steps: 80, colors: [green], label: {{zh: 好, en: g}}}}
      large: {{theta0: [0, 0], alpha: 0.32, steps: 80, colors: [red], label: {{zh: 大, en: l}}}}
    title: {{zh: 代价, en: Cost}}
    desc: {{zh: 描述, en: A description}}
  both:
    cost: J
    series: {{run: {RUN}}}
    panels:
      - kind: fit
        iterates: [0, 1, 5, 20, last]
        {LABELS}
      - kind: contour
    title: {{zh: 两图, en: Both}}
    desc: {{zh: 描述, en: A description}}
"""
NAMES = ("contour", "fit", "rates", "both")


@pytest.fixture(scope="module")
def lecture(tmp_path_factory):
    return write_lecture(tmp_path_factory.mktemp("kinds"), cost_block(HOUSES) + BODY)


@pytest.fixture(scope="module")
def drawn(lecture):
    return {(name, lang): draw(lecture, name, lang) for name in NAMES for lang in ("en", "zh")}


LIGHT = {light.lower() for light, _ in PALETTE.values()}
DARK_COLOURS = {dark.lower() for _, dark in PALETTE.values()}


@pytest.mark.parametrize("name", NAMES)
def test_the_dark_twin_uses_dark_colours_only_and_is_otherwise_the_same(drawn, name):
    for lang in ("en", "zh"):
        light = drawn[name, lang]
        dark = dark_variant(light)
        assert colours(light) <= LIGHT
        assert colours(dark) <= DARK_COLOURS
        assert PALETTE["level-3"][1].lower() in colours(dark) or name in ("fit", "rates")
        strip = re.compile(r"#[0-9a-fA-F]{6}\b")
        assert strip.sub("#", light) == strip.sub("#", dark)


@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_large_enough_on_a_phone(drawn, name):
    """316.8 units shown at about 1.03–1.1 units per CSS px at 375 px: a text run is at
    least 11 units, a sub- or superscript (θ₁'s 1, 10⁻⁶'s −6) at least 8."""
    for lang in ("en", "zh"):
        runs = text_runs(drawn[name, lang])
        assert runs
        for characters, size, script in runs:
            assert size >= (8 if script else 11), (lang, characters, size)
        if name != "fit":  # (θ and 10⁻⁶: the check sees scripts)
            assert any(script for _, _, script in runs)


@pytest.mark.parametrize("name", NAMES)
def test_the_file_is_small_enough(drawn, name):
    for lang in ("en", "zh"):
        assert len(drawn[name, lang].encode()) < MAX_BYTES


def test_two_renders_give_the_same_bytes(lecture, drawn):
    for name in NAMES:
        assert draw(lecture, name, "zh") == drawn[name, "zh"]


def test_the_drawing_processes_give_the_bytes_of_a_serial_render(lecture, tmp_path):
    serial = figure_files([lecture], names=NAMES, use_cache=False, jobs=1)
    parallel = figure_files([lecture], names=NAMES, use_cache=False, jobs=2)
    assert serial == parallel and len(serial) == 2 * 2 * len(NAMES)
    cached = figure_files([lecture], names=NAMES, cache_dir=tmp_path, jobs=1)
    again = figure_files([lecture], names=NAMES, cache_dir=tmp_path, jobs=1)
    assert cached == again == serial


# ---------------------------------------------------------------- two panels of two kinds


def _vertical_extent(element) -> tuple[float, float]:
    """The lowest and highest y an element's texts and markers are placed at."""
    ys = []
    for child in element.iter():
        if child.get("y") is not None and child.tag in (f"{SVG}text", f"{SVG}use"):
            ys.append(float(child.get("y")))
        match = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", child.get("transform", ""))
        if match:
            ys.append(float(match.group(2)))
    return min(ys), max(ys)


def _y_label_centres(text: str) -> list[float]:
    """The vertical centre of each rotated text (a y label), top first."""
    out = []
    for element in root(text).iter():
        transform = element.get("transform", "")
        if "rotate(-90" not in transform:
            continue
        if element.tag == f"{SVG}text":  # plain text, anchored at its middle
            out.append(float(element.get("y")))
        else:  # mathtext: glyphs from the translate point upwards
            y = float(re.search(r"translate\([-\d.]+ ([-\d.]+)\)", transform).group(1))
            end = max(float(s.get("x")) for s in element.iter(f"{SVG}tspan"))
            out.append(y - (end + 6) / 2)
    return sorted(out)


def test_two_panels_each_have_their_legend_above_their_plot_and_their_y_label_beside_it(
    drawn,
):
    for lang in ("en", "zh"):
        text = drawn["both", lang]
        upper, lower = plot_areas(text)
        assert upper[3] < lower[1]  # stacked, fit on top
        assert metadata(text)["panels"][0]["kind"] == "fit"
        first = _vertical_extent(group(text, "legend"))
        second = _vertical_extent(group(text, "legend-2"))
        assert first[0] > 0 and first[1] < upper[1]
        assert upper[3] + 20 < second[0] and second[1] < lower[1]  # under the x axis above
        centres = _y_label_centres(text)
        assert len(centres) == 2
        for centre, (_, top, _, bottom) in zip(centres, (upper, lower), strict=True):
            assert abs(centre - (top + bottom) / 2) < 10, (lang, centre, top, bottom)
        # Both plots line up, whichever needs the wider margin.
        assert upper[0] == pytest.approx(lower[0]) and upper[2] == pytest.approx(lower[2])


def test_a_two_panel_figure_records_both_panels(drawn):
    meta = metadata(drawn["both", "en"])
    fit, contour = meta["panels"]
    assert fit["kind"] == "fit" and contour["kind"] == "contour"
    assert fit["series"] == contour["series"] == ["run"]
    # The fit's last line is the contour path's last iterate.
    (path,) = contour["paths"]
    assert fit["lines"][-1]["k"] == path["line"][-1] == meta["series"][0]["steps"]
    ks = meta["series"][0]["iterates"]
    assert set(path["marked"]) | {line["k"] for line in fit["lines"]} <= set(ks)
    assert np.all(np.diff(ks) > 0)
