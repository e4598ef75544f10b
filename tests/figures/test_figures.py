"""The SVG files: valid, in their language, deterministic, small, and true to the numbers."""

import json
import re
import subprocess
import sys
import textwrap
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lectures import DOCS, INTUITION, LANGS, languages, lecture

from gdcore import cache as render_cache
from gdcore import draw
from gdcore import render as rendering
from gdcore.errors import FigureError
from gdcore.layout import layout_problems
from gdcore.lecture import load_lecture
from gdcore.render import figure_files, render, svg
from gdcore.style import rc
from gdcore.text import fmt, fmt_point

REPO_ROOT = Path(__file__).resolve().parents[2]
L = lecture()
FIGURE_NAMES = tuple(L.figures)


def get(name):
    return L.figure(name)


def fill(text, figure, lang):
    return figure.fill(text, L.languages[lang])


def fresh():
    """A lecture loaded anew: its resolved figures are its own (a test may patch them)."""
    return load_lecture(DOCS / INTUITION, languages())


SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
VARIANTS = {"light": "{name}.{lang}.svg", "dark": "{name}.dark.{lang}.svg"}
"""Every figure ships as two files: for the light and for the dark palette."""
CASES = [(name, lang, variant) for name in FIGURE_NAMES for lang in LANGS for variant in VARIANTS]
# A dark twin is its light file with every colour mapped (tests/test_palette.py checks that
# exactly): only what differs, the colours, is tested on both.
LIGHT = [case for case in CASES if case[2] == "light"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every figure drawn twice, from scratch, into two folders."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or any other warning fails
        render(first, L, use_cache=False)
        render(second, L, use_cache=False)
    return {
        (name, lang, variant): (
            (first / VARIANTS[variant].format(name=name, lang=lang)).read_bytes(),
            (second / VARIANTS[variant].format(name=name, lang=lang)).read_bytes(),
        )
        for name, lang, variant in CASES
    }


def _root(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def _all_text(root: ET.Element) -> str:
    return " ".join(t for el in root.iter() if el.tag != f"{SVG}metadata" for t in [el.text] if t)


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_well_formed_and_identical_over_two_renders(rendered, name, lang, variant):
    first, second = rendered[name, lang, variant]
    _root(first)
    assert first == second


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_title_and_desc_in_the_figure_language(rendered, name, lang, variant):
    root = _root(rendered[name, lang, variant][0])
    scenario = get(name)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    # Filled like the caption (an explorer frame's title names its α): no "{run.alpha}".
    assert title is not None and title.text == fill(scenario.title[lang], scenario, lang)
    assert "{" not in title.text and "}" not in title.text, title.text
    assert desc is not None and desc.text == fill(scenario.desc[lang], scenario, lang)
    assert root.get("role") == "img"
    assert (
        root.get("{http://www.w3.org/XML/1998/namespace}lang") == {"zh": "zh-CN", "en": "en"}[lang]
    )
    run = scenario.runs[scenario.series[0].id]
    for number in (fmt_point(run.theta0), fmt_point(run.final_theta)):
        assert number in desc.text  # where it starts, where it ends up
    # α only where the drawing shows what it does: a move (issue 21: the question's and
    # the start-at-the-minimum figures draw none, and their words name no α).
    moves = any(theta != run.theta0 for theta in run.theta)
    assert (fmt(run.alpha) in desc.text) == moves or moves, desc.text
    words = _all_text(root)
    if lang == "zh":
        assert CJK.search(title.text) and CJK.search(desc.text)
        # (a label with maths is written glyph by glyph, in <tspan>s of its <text>)
        drawn = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
        labels = [text for text in drawn if CJK.search(text)]
        assert labels, "the Chinese figure has no Chinese label"
    else:
        assert not CJK.search(words), CJK.findall(words)


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_text_stays_text_with_a_font_stack_for_the_language(rendered, name, lang, variant):
    data = rendered[name, lang, variant][0].decode()
    assert data.count("<text") >= 10
    assert "DejaVuSans-" not in data  # no glyphs outlined into paths
    # Nor a glyph of a TeX font, which no browser has: mathtext's \prime is the "0" of
    # cmsy10, and a phone would show J0(θ₁) for J′(θ₁).
    assert not re.search(r"font-family: '(cm[a-z]+\d+|STIX[^']*)'", data), re.findall(
        r"font-family: '(cm[a-z]+\d+|STIX[^']*)'", data
    )
    if lang == "zh":
        assert "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC'" in data
        assert "'Microsoft YaHei'" in data


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_small_and_free_of_dates_versions_and_random_ids(rendered, name, lang, variant):
    data = rendered[name, lang, variant][0]
    assert len(data) <= 40_000
    text = data.decode()
    assert "Matplotlib v" not in text and "matplotlib.org" not in text
    assert "<dc:date" not in text and "<dc:creator" not in text


@pytest.mark.parametrize(("name", "lang", "variant"), CASES)
def test_opaque_background_of_its_palette(rendered, name, lang, variant):
    from gdcore.style import PALETTE

    root = _root(rendered[name, lang, variant][0])
    background = root.find(f".//{SVG}g[@id='figure_1']/{SVG}g[@id='patch_1']/{SVG}path")
    colour = PALETTE["background"][variant == "dark"]
    assert background is not None and f"fill: {colour}" in background.get("style")


def _recomputed(series: dict) -> tuple[list[float], list[float]]:
    """θ_k and J(θ_k) of a recorded run of h(x) = θ1·x, recomputed here from the training set
    and the α and θ0 the metadata records: plain floats, the update rule as the course
    writes it, none of gdcore's code."""
    points = series["cost"]["training_set"]
    m = len(points)

    def J(t):
        return sum((t * x - y) ** 2 for x, y in points) / (2 * m)

    def dJ(t):
        return sum((t * x - y) * x for x, y in points) / m

    thetas = [series["theta0"]]
    for _ in range(series["steps"]):
        thetas.append(thetas[-1] - series["alpha"] * dJ(thetas[-1]))
    return thetas, [J(t) for t in thetas]


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_the_metadata_is_the_lectures_data_recomputed(rendered, name, lang, variant):
    root = _root(rendered[name, lang, variant][0])
    stored = json.loads(root.find(f"{SVG}metadata").text)
    assert (stored["lecture"], stored["figure"], stored["lang"]) == (INTUITION, name, lang)
    for series in stored["series"]:
        assert {"id", "cost", "alpha", "theta0", "theta", "J"} <= series.keys()
        if "training_set" not in series["cost"]:
            continue  # the two-valley cost: its runs are checked by tests/unit/test_intuition.py
        assert series["cost"]["training_set"] == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
        thetas, js = _recomputed(series)
        assert series["theta"] == pytest.approx(thetas, rel=1e-12, abs=1e-12)
        assert series["J"] == pytest.approx(js, rel=1e-9, abs=1e-12)


def _plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    path = root.find(f".//{SVG}g[@id='plot-area']/{SVG}path")
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), max(xs), min(ys), max(ys)


def _markers(root: ET.Element, series_id: str) -> list[tuple[float, float]]:
    """The centres of a series' markers: matplotlib writes each as a <use> of one shape,
    or, when that would not be shorter (few points of a simple shape), as a <path> in
    place, whose bounding box is centred on the point (every marker shape is symmetric)."""
    group = root.find(f".//{SVG}g[@id='series-{series_id}']")
    assert group is not None, f"no SVG group for series {series_id}"
    uses = [(float(u.get("x")), float(u.get("y"))) for u in group.iter(f"{SVG}use")]
    if uses:
        return uses
    centres = []
    for path in group.iter(f"{SVG}path"):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        centres.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))
    return centres


def _marker_mismatches(root: ET.Element) -> list[str]:
    """Markers that are not the affine image, through the axes box, of (θ_k, J(θ_k))."""
    stored = json.loads(root.find(f"{SVG}metadata").text)
    left, right, top, bottom = _plot_area(root)
    axes = stored["panels"][0]["axes"]
    (t_lo, t_hi), (j_lo, j_hi) = axes["theta"], axes["J"]
    problems = []
    for series in stored["series"]:
        drawn = _markers(root, series["id"])
        expected = [
            (
                left + (t - t_lo) / (t_hi - t_lo) * (right - left),
                bottom - (j - j_lo) / (j_hi - j_lo) * (bottom - top),
            )
            for t, j in zip(series["theta"], series["J"], strict=True)
        ]
        if len(drawn) != len(expected):
            problems.append(f"{series['id']}: {len(drawn)} markers, {len(expected)} iterates")
        for k, ((x, y), (ex, ey)) in enumerate(zip(drawn, expected, strict=False)):
            if abs(x - ex) > 1e-3 or abs(y - ey) > 1e-3:
                problems.append(f"{series['id']}[{k}]: drawn ({x}, {y}), expected ({ex}, {ey})")
    return problems


@pytest.mark.parametrize(("name", "lang", "variant"), LIGHT)
def test_drawn_markers_are_the_recorded_iterates(rendered, name, lang, variant):
    assert _marker_mismatches(_root(rendered[name, lang, variant][0])) == []


def test_the_marker_check_catches_drawing_and_numbers_drifting_apart(monkeypatch):
    """Record iterates that differ from what was drawn: the check must notice."""
    import gdcore.lecture

    real = gdcore.lecture._series_metadata

    def drifted(figure):
        data = real(figure)
        data[0]["theta"][1] += 0.01
        return data

    monkeypatch.setattr(gdcore.lecture, "_series_metadata", drifted)
    mismatches = _marker_mismatches(_root(svg(fresh(), "shrinking-steps", "en").encode()))
    assert len(mismatches) == 1 and mismatches[0].startswith("run[1]: drawn")


def test_layout_check_reports_overlapping_and_clipped_labels():
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "first label", transform=ax.transAxes)
    ax.text(0.52, 0.5, "second label", transform=ax.transAxes)
    fig.text(0.95, 0.5, "runs off the edge")
    fig.draw_without_rendering()
    problems = layout_problems(fig)
    assert "'first label' overlaps 'second label'" in problems
    assert "'runs off the edge' is clipped by the figure edge" in problems


def narrowed(lecture, name="alpha-large"):
    """``lecture`` with figure ``name`` drawn in a window too narrow for its run."""
    import dataclasses

    figure = lecture.figure(name)
    panel = figure.panels[0]
    options = dataclasses.replace(panel.options, theta_window=(0.0, 2.0))
    lecture.figures[name] = dataclasses.replace(
        figure, panels=(dataclasses.replace(panel, options=options),)
    )
    return lecture


def test_a_figure_whose_run_leaves_the_window_fails_loudly():
    with pytest.raises(FigureError, match="leaves the plot window"):
        svg(narrowed(fresh()), "alpha-large", "en")


def test_bad_names_and_languages_are_value_errors(tmp_path):
    with pytest.raises(ValueError, match="has no figure 'nope'"):
        render(tmp_path, L, ["en"], ["nope"])
    with pytest.raises(ValueError, match="lang must be one of zh, en, got 'fr'"):
        render(tmp_path, L, ["fr"])


def test_cache_serves_unchanged_figures_and_redraws_after_a_source_change(tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "out"
    first, _dark = render(out, L, ["en"], ["alpha-small"], cache_dir=cache)
    original = first.read_bytes()

    def no_drawing(specs):
        raise AssertionError("drew a figure that is in the cache")

    monkeypatch.setattr(rendering, "draw_group", no_drawing)
    assert render(out, L, ["en"], ["alpha-small"], cache_dir=cache)[0].read_bytes() == original

    drawn = []
    monkeypatch.setattr(
        rendering, "draw_group", lambda specs: [drawn.append(s.name) or b"<svg/>" for s in specs]
    )
    monkeypatch.setattr(rendering, "_dark", lambda light: light)
    monkeypatch.setattr(render_cache, "drawing_digest", lambda: "drawing code changed")
    render(out, L, ["en"], ["alpha-small"], cache_dir=cache, jobs=1)  # drawn here, patched
    assert drawn == ["alpha-small"]
    stale = list(cache.glob(f"{INTUITION}.alpha-small.en.*.svg"))
    assert len(stale) == 1  # the stale entry is gone


def _case(path: Path) -> tuple[str, str, str]:
    """(name, lang, variant) of a rendered file's path."""
    name, lang, _ = path.name.rsplit(".", 2)
    if name.endswith(".dark"):
        return name.removesuffix(".dark"), lang, "dark"
    return name, lang, "light"


def test_render_all_in_parallel_gives_the_same_bytes(rendered, tmp_path):
    paths = render(tmp_path, L, use_cache=False, jobs=2)
    assert len(paths) == len(CASES)
    for path in paths:
        assert path.read_bytes() == rendered[_case(path)][0]


def test_figure_files_are_the_files_render_all_writes(rendered, tmp_path):
    """The site build takes the files as bytes (figure_files); the CLI writes them."""
    cache = tmp_path / "cache"
    names = ["alpha-small", "update-rule"]
    files = figure_files([L], ["zh", "en"], names, cache_dir=cache)
    assert sorted(files) == sorted(
        (INTUITION, f"{name}.{variant}{lang}.svg")
        for name in names
        for lang in ("zh", "en")
        for variant in ("", "dark.")
    )
    for (_, file_name), content in files.items():
        assert content == rendered[_case(tmp_path / file_name)][0]
    # Asked again (as every rebuild under `mkdocs serve` does): the same bytes, from the cache.
    assert figure_files([L], ["zh", "en"], names, cache_dir=cache) == files


@pytest.mark.parametrize(
    ("name", "lang"),
    [("alpha-explorer-06", "en"), ("alpha-explorer-13", "zh"), ("shrinking-steps-step-3", "zh")],
)
def test_a_figure_does_not_depend_on_what_was_drawn_before_it(rendered, name, lang):
    """Figures with the same axes (the explorer's frames, the stepper's) are drawn on one
    reused matplotlib figure: nothing a figure adds may stay for the next one. In
    ``rendered`` these were drawn after others on the same axes; here on new ones."""
    draw.forget_axes()
    assert svg(L, name, lang).encode() == rendered[name, lang, "light"][0]


def _fresh_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter, so that what it patches stays in that process and
    gdcore starts its drawing processes afresh."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# Fails the run if a figure is drawn in the parent process rather than in a worker.
_ONLY_WORKERS_DRAW = """
    import os, sys
    sys.path.insert(0, "tests")
    from gdcore import render, svgfile
    from lectures import lecture
    L = lecture()
    parent, draw = os.getpid(), svgfile.figure_svg
    def figure_svg(spec):
        assert os.getpid() != parent, f"{spec.name} was drawn in the parent process"
        return draw(spec)
    svgfile.figure_svg = figure_svg
"""


def _same_as_rendered(paths: list[Path], rendered) -> None:
    assert len(paths) == len(CASES)
    for path in paths:
        assert path.read_bytes() == rendered[_case(path)][0], path.name


def test_a_parallel_render_through_the_cache_gives_the_same_bytes(rendered, tmp_path):
    code = (
        _ONLY_WORKERS_DRAW
        + """
    paths = render.render(sys.argv[1], L, cache_dir=sys.argv[2])
    print(len(paths))
    """
    )
    proc = _fresh_python(code, str(tmp_path / "out"), str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    _same_as_rendered(sorted((tmp_path / "out").glob("*.svg")), rendered)


def test_render_ahead_draws_in_the_background_and_render_all_waits_for_it(rendered, tmp_path):
    code = (
        _ONLY_WORKERS_DRAW
        + """
    out, cache = sys.argv[1], sys.argv[2]
    assert render.render_ahead([L], cache_dir=cache)
    assert not render.render_ahead([L], cache_dir=cache)  # one at a time per cache
    render.render(out, L, cache_dir=cache)
    assert not render.render_ahead([L], cache_dir=cache)  # nothing left to draw
    """
    )
    proc = _fresh_python(code, str(tmp_path / "out"), str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    _same_as_rendered(sorted((tmp_path / "out").glob("*.svg")), rendered)


def test_an_error_in_a_background_render_fails_the_render_that_waits_for_it(tmp_path):
    code = """
    import sys
    sys.path[:0] = ["tests", "tests/figures"]
    from gdcore import render
    from gdcore.errors import FigureError
    from lectures import lecture
    from test_figures import narrowed
    L = narrowed(lecture())
    assert render.render_ahead([L], cache_dir=sys.argv[2])
    try:
        render.render(sys.argv[1], L, cache_dir=sys.argv[2])
    except FigureError as error:
        sys.exit(f"FigureError: {error}")
    """
    proc = _fresh_python(code, str(tmp_path / "out"), str(tmp_path / "cache"))
    assert proc.returncode == 1
    assert re.search(
        r"FigureError: figure 'alpha-large' \((zh|en)\): series 'run' leaves the plot window",
        proc.stderr,
    ), proc.stderr


def test_render_ahead_returns_before_the_drawing_processes_have_started(tmp_path):
    """On a cold cache the caller goes on at once (the fork server takes about 0.5 s to
    import matplotlib); what the submitting thread raises, render_all raises."""
    code = """
    import sys, threading
    sys.path.insert(0, "tests")
    from gdcore import render
    from lectures import lecture
    L = lecture()
    release = threading.Event()
    submitted = []

    def slow_submit(specs, jobs):
        release.wait()
        submitted.append(len(specs))
        raise OSError("the drawing processes could not start")

    render._submit = slow_submit
    assert render.render_ahead([L], cache_dir=sys.argv[2])  # returned, although blocked
    assert submitted == []
    release.set()
    try:
        render.render(sys.argv[1], L, cache_dir=sys.argv[2])
    except OSError as error:
        assert submitted == [2 * len(L.figures)], submitted
        sys.exit(f"OSError: {error}")
    """
    proc = _fresh_python(code, str(tmp_path / "out"), str(tmp_path / "cache"))
    assert proc.returncode == 1, proc.stderr
    assert "OSError: the drawing processes could not start" in proc.stderr, proc.stderr


TANGENT_CASES = [
    (name, lang)
    for name in FIGURE_NAMES
    for lang in LANGS
    if any(series.tangent for series in get(name).series)
]


@pytest.mark.parametrize(("name", "lang"), TANGENT_CASES)
def test_a_tangent_can_be_told_from_the_curve_and_its_legend_entry_shows_it(name, lang):
    """A tangent drawn short on a steep curve lies on it: the reader sees no tangent. Where
    it ends inside the plot it must stand clear of the curve, and the run's legend entry
    shows the dashed line with the run's marker."""
    import matplotlib
    import numpy as np

    spec = L.spec(name, lang)
    panel = spec.panels[0]
    lo, hi = panel.base.J_window
    draw.forget_axes()  # axes of its own, built as draw_svg builds them, and not kept
    with (
        matplotlib.rc_context(rc(spec.name, spec.lang, spec.measure_fonts)),
        draw._base(spec).drawing(spec) as fig,
    ):
        ax = fig.axes[0]
        draw._place(ax, panel, "above", None)
        tangents = [
            line for line in ax.get_lines() if (line.get_gid() or "").startswith("tangent-")
        ]
        assert len(tangents) == sum(series.tangent for series in panel.content.series)
        for line in tangents:
            thetas, js = (np.asarray(values, dtype=float) for values in line.get_data())
            on_curve = np.interp(thetas, panel.base.curve_theta, panel.base.curve_J)
            ends = ax.transData.transform(np.c_[thetas, js])
            under = ax.transData.transform(np.c_[thetas, on_curve])
            inside = (js >= lo) & (js <= hi)
            assert inside.any(), f"{line.get_gid()}: no end inside the plot"
            gaps = np.abs(ends[:, 1] - under[:, 1])[inside]
            assert gaps.min() >= 8, f"{line.get_gid()} ends {gaps.min():.1f} units from the curve"
        legend_lines = ax.get_legend().get_lines()
        for line in tangents:
            assert any(
                handle.get_color() == line.get_color() and handle.get_linestyle() == "--"
                for handle in legend_lines
            ), f"{line.get_gid()} is not in the legend"
        draw._unplace(ax)
    draw.forget_axes()
