"""Issue 21 on the built site: the α explorer's cost-per-iteration panel drawn from the
runs (recomputed here from each SVG's metadata alone), the answers kept out of the search
index and hidden until asked, the quiz without JavaScript, one name for the key points.

The reading of the pages' Markdown is in tests/unit/test_lecture1_teaching.py.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LECTURE = "gradient-descent-intuition"
LANGS = {"zh": "", "en": "en/"}


def _page(site: Path, lang: str, name: str = "") -> str:
    return (site / LANGS[lang] / LECTURE / name / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the cost panel


def _metadata(svg: str) -> dict:
    found = re.search(r'<metadata id="gdcore-data">(.*?)</metadata>', svg, re.S)
    assert found, "every figure records what it plots"
    return json.loads(html.unescape(found[1]))


def _runs_by_hand(series: dict) -> list[float]:
    """J(θ_k) for the series' run, from its training set, α and start only: no gdcore."""
    points = series["cost"]["training_set"]
    m = len(points)
    theta, alpha = series["theta0"], series["alpha"]
    out = []
    for _ in range(series["steps"] + 1):
        out.append(sum((theta * x - y) ** 2 for x, y in points) / (2 * m))
        theta -= alpha * sum((theta * x - y) * x for x, y in points) / m
    return out


def _plot_areas(svg: str) -> list[tuple[float, float, float, float]]:
    """Each panel's plot area (x0, y0, x1, y1) in SVG units, top panel first."""
    out = []
    for d in re.findall(r'<g id="plot-area(?:-\d+)?">\s*<path d="([^"]+)"', svg):
        xs = [float(v) for v in re.findall(r"([\d.]+) [\d.]+", d)]
        ys = [float(v) for v in re.findall(r"[\d.]+ ([\d.]+)", d)]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def _frames(site: Path) -> list[Path]:
    files = sorted((site / LECTURE / "figures").glob("alpha-explorer-*.svg"))
    assert len(files) == 14 * 4, [f.name for f in files]  # 14 α, light and dark, 2 languages
    return files


def test_the_cost_panel_draws_each_frames_run_on_a_log_scale(built_site: Path) -> None:
    rates = {}
    for file in _frames(built_site):
        svg = file.read_text(encoding="utf-8")
        data = _metadata(svg)
        kinds = [p["kind"] for p in data["panels"]]
        assert kinds == ["curve", "cost-per-iteration"], (file.name, kinds)
        panel = data["panels"][1]
        assert panel["scale"] == "log" and panel["y"] == "cost"
        (series,) = data["series"]
        (line,) = panel["lines"]
        assert line["id"] == series["id"]
        by_hand = _runs_by_hand(series)
        # The line goes through every iterate the curve draws, from the start to the last.
        assert line["k"] == list(range(series["steps"] + 1)), file.name
        for k, value in zip(line["k"], line["values"], strict=True):
            assert value == pytest.approx(by_hand[k], rel=1e-9, abs=1e-300), (file.name, k)
        assert line["zero"] == [k for k in line["k"] if by_hand[k] == 0.0], file.name
        # The drawn path: each vertex where (k, log10 J) falls in the panel's window.
        (k_lo, k_hi), (j_lo, j_hi) = panel["axes"]["k"], panel["axes"]["J"]
        assert (k_lo, k_hi, j_lo, j_hi) == (-0.4, 10.4, 1e-14, 100.0), "one window for all"
        x0, y0, x1, y1 = _plot_areas(svg)[1]
        path = re.search(r'<g id="cost-run">\s*<path d="([^"]+)"', svg)
        assert path, file.name
        vertices = [(float(a), float(b)) for a, b in re.findall(r"([\d.]+) ([\d.-]+)", path[1])]
        assert len(vertices) == len(line["k"]), file.name
        for (x, y), k in zip(vertices, line["k"], strict=True):
            j = max(by_hand[k], j_lo)  # exactly 0: on the panel's floor
            fx = (k - k_lo) / (k_hi - k_lo)
            fy = (math.log10(j) - math.log10(j_lo)) / (math.log10(j_hi) - math.log10(j_lo))
            assert x == pytest.approx(x0 + fx * (x1 - x0), abs=0.02), (file.name, k)
            assert y == pytest.approx(y1 - fy * (y1 - y0), abs=0.02), (file.name, k)
        for k in line["zero"]:
            assert f'id="cost-zero-run-{k}"' in svg, "a 0 is marked on the floor"
        # The regime as a rate: log10 J changes by 2·log10|1 − αc| per step.
        points = series["cost"]["training_set"]
        c = sum(x * x for x, _ in points) / len(points)
        factor = abs(1 - series["alpha"] * c)
        if line["zero"] or len(line["k"]) < 2:
            assert factor < 1e-9, file.name
            continue
        logs = [math.log10(v) for v in line["values"]]
        slopes = [b - a for a, b in itertools.pairwise(logs)]
        for slope in slopes:
            assert slope == pytest.approx(2 * math.log10(factor), abs=1e-6), (file.name, slope)
        rates[series["alpha"]] = slopes[0]
    ordered = [rates[a] for a in sorted(rates)]
    falling = [r for a, r in sorted(rates.items()) if a * c < 2 - 1e-9]
    assert all(r < 0 for r in falling), "below 2/c every line falls"
    assert any(abs(r) < 1e-9 for r in ordered), "at 2/c the line is flat"
    assert ordered[-1] > 0, "beyond 2/c it rises"


def test_the_cost_panel_is_readable_on_a_phone(built_site: Path) -> None:
    """On a 375 px phone the figure is shown about 1.08 px per SVG unit: its texts are at
    least 11 px and the panel's plot at least 150 px tall."""
    svg = (built_site / LECTURE / "figures" / "alpha-explorer-04.en.svg").read_text("utf-8")
    width = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg)[1])
    scale = (375 - 2 * 16) / width  # Material's content padding on a phone
    _, y0, _, y1 = _plot_areas(svg)[1]
    assert (y1 - y0) * scale >= 150
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert min(sizes) * scale >= 8, "subscripts included"
    big = [s for s in sizes if s >= 11]
    assert big and min(big) * scale >= 11


# ---------------------------------------------------------------- answers and search


class _Answers(HTMLParser):
    """The text of every element whose class names gd-answer, maths left out."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.answers: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, answer, maths)
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        answer = "gd-answer" in (a.get("class") or "").split()
        maths = tag in ("svg", "math", "mjx-container") or "arithmatex" in (a.get("class") or "")
        if tag in ("img", "input", "br", "hr", "meta", "link", "use", "path"):
            return
        self._stack.append((tag, answer, maths))
        if answer:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in (name for name, _, _ in self._stack):
            return  # a void element (<path/>, <img>) or a stray end tag
        while self._stack:
            name, answer, _ = self._stack.pop()
            if answer:
                self.answers.append(" ".join("".join(self._text).split()))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        inside = any(a for _, a, _ in self._stack)
        maths = any(m for _, _, m in self._stack)
        if inside and not maths:
            self._text.append(data)


def _index_text(site: Path, lang: str) -> str:
    data = json.loads((site / LANGS[lang] / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in data["docs"])
    return " ".join(re.sub(r"<[^>]+>", " ", text.replace("\u200b", "")).split())


@pytest.mark.parametrize("lang", LANGS)
def test_no_answer_reaches_the_search_index(built_site: Path, lang: str) -> None:
    answers = _Answers(_page(built_site, lang)).answers
    # The quiz's four explanations and its answer, §5's explanation, four exercises.
    assert len(answers) == 4 + 1 + 1 + 4, len(answers)
    index = _index_text(built_site, lang)
    for answer in answers:
        pieces = [p.strip() for p in re.split(r"[.:;。：；！？?!，,]", answer)]
        # Long enough to be the answer's own words, not a phrase any page uses.
        pieces = [p for p in pieces if len(p) >= {"zh": 8, "en": 20}[lang]]
        assert pieces, answer
        for piece in pieces:
            assert piece not in index, f"the search index holds an answer: {piece!r}"
    for giveaway in ("答案是", "正确答案", "The answer is", "Answer: (A)"):
        assert giveaway not in index
    # The questions are still found.
    question = {"zh": "执行一步梯度下降后会怎样", "en": "What will one step of gradient descent do"}
    assert question[lang] in index


@pytest.mark.parametrize("lang", LANGS)
def test_answers_are_hidden_until_asked_and_the_quiz_says_so_without_javascript(
    built_site: Path, lang: str
) -> None:
    page = _page(built_site, lang)
    exercises = page.split('id="exercises"')[1]
    details = re.findall(r"<details([^>]*)>", exercises)
    assert len(details) == 4 and all(" open" not in d and "gd-answer" in d for d in details)
    quiz = re.search(r'<div class="gd-quiz".*?</details>', page, re.S)[0]
    summary = re.search(r"<details[^>]*>\s*<summary>([^<]+)</summary>", quiz)[1]
    note = re.search(r"<noscript><p[^>]*>(.*?)</p></noscript>", quiz, re.S)
    assert note and summary in note[1], "without JavaScript the quiz says where the answer is"


def test_the_key_points_have_one_name_in_the_nav_and_on_the_page(built_site: Path) -> None:
    for lang in LANGS:
        page = _page(built_site, lang, "summary")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]
        h1 = html.unescape(re.sub(r"<a [^>]*headerlink.*?</a>|<[^>]+>", "", h1)).strip()
        lecture = _page(built_site, lang)
        nav = re.findall(
            r'<a href="summary/" class="md-nav__link">\s*<span[^>]*>\s*([^<]+?)\s*<', lecture
        )
        assert nav and all(n == h1 for n in nav), (lang, h1, nav)
