"""Lecture 1's statements (the review of issue 12), and its prose's numbers, from gdcore.

- points 1–21 of the review, each as a check that today's corrected text passes and the
  old text failed (its pages: docs/gradient-descent-intuition/);
- the facts its pages name: exact fractions of the training set.

What every page of every lecture must hold (no computed number typed, both languages
parallel, the pages follow a change of the data) is in tests/test_content.py.
"""

from __future__ import annotations

import re

import pytest
from lectures import DOCS, INTUITION, LANGS, languages, lecture

from gdcore.text import fmt
from gdcore.yamlfile import load

L = lecture()
PAGES = ("index", "lecture", "summary")
FILES = {"index": "index", "lecture": f"{INTUITION}/index", "summary": f"{INTUITION}/summary"}
LANG_PREFIX = {"zh": "", "en": "en/"}


def source(page: str, lang: str) -> str:
    return (DOCS / f"{FILES[page]}.{lang}.md").read_text(encoding="utf-8")


def section(markdown: str, anchor: str) -> str:
    """The Markdown of the ``## … { #anchor }`` section, up to the next ``## `` heading."""
    m = re.search(rf"^## .*\{{ #{anchor} \}}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert m, f"no section #{anchor}"
    return m.group(1)


def heading(markdown: str, anchor: str) -> str:
    m = re.search(rf"^## (.*) \{{ #{anchor} \}}$", markdown, re.M)
    assert m, f"no heading #{anchor}"
    return m.group(1)


def paragraphs(markdown: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", markdown) if p.strip()]


# ------------------------------------------------------------ points 1–8 of the review


@pytest.mark.parametrize("lang", LANGS)
def test_point1_which_minimum_is_the_valley_of_the_start_not_the_nearest(lang):
    text = source("summary", lang)
    wrong = {
        "en": "settles in whichever local minimum is nearest to the start",
        "zh": "停在离起点最近的那个局部最小值",
    }[lang]
    right = {"en": "the valley its start lies in", "zh": "起点所在低谷"}[lang]
    assert wrong not in text and right in text
    # and it is not a property of a small α only
    claim = next(p for p in paragraphs(text) if right in p)
    assert {"en": "not only a small $\\alpha$", "zh": "不只是小的"}[lang] in claim


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_point2_alpha_is_not_the_step_size(page, lang):
    text = source(page, lang)
    for wrong in ("is the step size", "sets the step size", "学习率 $\\alpha$ 是步长", "控制步长"):
        assert wrong not in text, f"{page}.{lang}: {wrong!r}"
    assert "学习率决定步长" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_point2_key_points_say_alpha_scales_the_step(lang):
    text = section(source("summary", lang), "two-parts")
    assert {"en": "scales the step", "zh": "缩放步长"}[lang] in text
    assert r"\alpha \left| \frac{d}{d\theta_1} J(\theta_1) \right|" in text


# A paragraph that says gradient descent converges while α stays fixed.
FIXED = {"en": (("fixed",), "converg"), "zh": (("固定", "保持不变"), "收敛")}
QUALIFIED = {"en": "not too large", "zh": "不太大"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("page", "anchor"),
    [
        ("lecture", "answer"),
        ("lecture", "shrinking-steps"),
        ("summary", "near-a-minimum"),
    ],
)
def test_point3_converging_with_a_fixed_alpha_is_qualified(page, anchor, lang):
    said = [
        p
        for p in paragraphs(section(source(page, lang), anchor))
        if any(word in p for word in FIXED[lang][0]) and FIXED[lang][1] in p
    ]
    assert said, f"{page}#{anchor} ({lang}) no longer says it converges with a fixed α"
    for p in said:
        assert QUALIFIED[lang] in p or "2/c" in p, f"{page}#{anchor} ({lang}): {p!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_point3_the_home_page_qualifies_a_fixed_alpha_too(lang):
    """The course's home page says what lecture 1 teaches about a fixed α: qualified."""
    text = section(source("index", lang), "lectures")
    said = [p for p in paragraphs(text) if any(word in p for word in FIXED[lang][0])]
    assert said, f"the home page ({lang}) no longer says what a fixed α does"
    for p in said:
        assert QUALIFIED[lang] in p, f"home ({lang}): {p!r}"


ANSWER_WORDS = ("(A)", "unchanged", "zero", "0", "stays", "不变", "零", "不动")


@pytest.mark.parametrize("lang", LANGS)
def test_point4_section5_heading_does_not_give_the_answer(lang):
    title = heading(source("lecture", lang), "answer")
    assert not [w for w in ANSWER_WORDS if w in title.split(".", 1)[1]], title


@pytest.mark.parametrize("lang", LANGS)
def test_point4_the_answer_stays_behind_the_fold(lang):
    body = section(source("lecture", lang), "answer")
    # A <details> block at the page's top level (not an indented ??? admonition): only
    # there does md_in_html build the figure inside it.
    fold = re.search(
        r'^<details class="[\w -]+"[^>\n]* markdown="1">\n(.*?)^</details>$', body, re.M | re.S
    )
    assert fold, '§5 has no collapsed fold (<details markdown="1">)'
    outside = body.replace(fold.group(0), "")
    assert "(A)" not in outside and "(A)" in fold.group(1)
    assert "{{ figure start-at-minimum }}" in fold.group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_point4_the_question_shows_the_curve_and_the_update_rule(lang):
    body = section(source("lecture", lang), "question")
    before_options = body[: body.index('<div class="gd-quiz"')]
    assert "{{ figure question-local-minimum }}" in before_options
    rule = r"\theta_1 := \theta_1 - \alpha \frac{d}{d\theta_1} J(\theta_1)"
    assert f"$$\n{rule}\n$$" in before_options


@pytest.mark.parametrize("lang", LANGS)
def test_point5_the_valley_depends_on_alpha_too(lang):
    body = section(source("lecture", lang), "answer")
    depends = {"en": "depends on where it starts", "zh": "取决于从哪里出发"}[lang]
    p = next(p for p in paragraphs(body) if depends in p)
    assert r"\alpha" in p.split(depends, 1)[1], p


@pytest.mark.parametrize("lang", LANGS)
def test_point6_stepper_rows_are_iterates_and_steps_go_to_the_next(lang):
    entries = L.widget_entries("step-by-step", lang)["frames"]
    for k, entry in enumerate(entries):
        assert f"k = {k}" in entry["label"], entry["label"]
        if entry["step"]:
            assert f"k = {k + 1}" in entry["label"], "the step is the move to iterate k + 1"
        assert not re.search(r"Step \d|第 \d+ 步", entry["label"]), entry["label"]
    assert {"en": "Start", "zh": "起点"}[lang] in entries[0]["label"]
    words = load(DOCS / "languages" / f"{lang}.yml")["widgets"]
    assert "k + 1" in words["col_step"] and "k" in words["col_k"]


@pytest.mark.parametrize("lang", LANGS)
def test_point7_the_explorer_prose_states_its_start(lang):
    body = section(source("lecture", lang), "learning-rate")
    before = body[: body.index("{{ widget alpha-explorer }}")]
    # The paragraph that introduces the explorer states its start and compares its count.
    [intro] = [p for p in paragraphs(before) if "{{ alpha-explorer.theta0 }}" in p]
    assert r"\theta_1 = {{ alpha-explorer.theta0 }}" in intro
    assert "{{ explorer-at-small-alpha.total_steps }}" in intro
    assert "same starting point" not in body and "同一起点" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_point8_c_is_the_second_derivative_not_a_constant_curvature(lang):
    body = section(source("lecture", lang), "learning-rate")
    assert "constant curvature" not in body and "曲率（二阶导数）为常数" not in body
    box = body[body.index("!!! tip") :]
    assert {"en": "second derivative $c = J''$", "zh": "二阶导数为 $c = J''$"}[lang] in box
    assert {"en": "often called the curvature", "zh": "常把它叫作曲率"}[lang] in box


def test_point13_the_source_links_to_the_post_itself():
    post = "https://kirsten-1.github.io/2025/03/03/%E5%90%B4%E6%81%A9%E8%BE%BEML2-6/"
    for lang in LANGS:
        text = section(source("summary", lang), "sources")
        assert f"<{post}>" in text and "<https://kirsten-1.github.io/>" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_point13_every_key_point_links_to_its_section(lang):
    text = source("summary", lang)
    body = text[text.index("## ") : text.index("{ #sources }")]
    items = re.findall(r"^- (.*?)(?=^- |^## |^!!! |\Z)", body, re.M | re.S)
    assert len(items) >= 10
    for item in items:
        # Its section of the lecture (a link, or a reference: issue 24), or (issue 21 §4)
        # the source it comes from.
        linked = ("](index.md#", "{{ ref section ", "](#sources)")
        assert any(link in item for link in linked), f"a key point without its link: {item[:60]!r}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_point21_no_developer_jargon_in_the_prose(page, lang):
    assert "gdcore" not in source(page, lang)


def test_point16_one_chinese_term_for_the_minimum():
    text = "".join(source(page, "zh") for page in PAGES)
    assert "最低点" not in text
    assert text.count("局部最优点") == 1, "局部最优点 once, as a synonym of 局部最小值"


# ------------------------------------------------------------ facts from the core


def test_facts_are_exact_fractions_of_the_training_set():
    f = L.facts("en")
    assert (f["J.coef"].text, f["J.coef"].tex) == ("7/3", r"\frac{7}{3}")
    assert (f["J.c"].text, f["J.one_over_c"].text, f["J.two_over_c"].text) == (
        "14/3",
        "3/14",
        "3/7",
    )
    assert f["J.one_over_c.approx"].text == fmt(1 / L.costs["J"].curvature)
    assert f["J.points"].text == "(1, 1), (2, 2) and (3, 3)"
    assert L.facts("zh")["J.points"].text == "(1, 1)、(2, 2)、(3, 3)"
    assert f["alpha-small.total_steps"].text == str(
        L.figure("alpha-small").long_runs["run"].n_steps
    )
    assert f["alpha-explorer.theta0"].text == fmt(L.widgets["alpha-explorer"].theta0[0])
    worked = (
        f["tangent-slopes.right.theta0"],
        f["tangent-slopes.right.alpha"],
        f["tangent-slopes.right.slope0"],
        f["tangent-slopes.right.theta1"],
    )
    assert [x.text for x in worked] == ["2.5", "0.1", "7", "1.8"]
    assert f["tangent-slopes.left.slope0"].tex == "-7"
    assert f["tangent-slopes.left.update0"].text == "0.7"


def test_the_working_of_J_is_refused_for_a_training_set_off_a_line(tmp_path):
    """§1 writes J = a·(θ1 − θ*)²: a training set off a line y = θ*·x makes its claim false."""
    from gdcore.lecture import load_lecture
    from gdcore.yamlfile import DeclarationError

    folder = tmp_path / INTUITION
    folder.mkdir()
    text = (DOCS / INTUITION / "lecture.yml").read_text(encoding="utf-8")
    text = text.replace("points: [[1, 1], [2, 2], [3, 3]]", "points: [[1, 1], [2, 2], [3, 4]]")
    (folder / "lecture.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"lecture\.yml:\d+: .*assumes every y = θ\*·x"):
        load_lecture(folder, languages())


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_built_lecture_states_gdcores_numbers(built_site, lang):
    from test_content import typeset_as_text

    page = (built_site / LANG_PREFIX[lang] / INTUITION / "index.html").read_text("utf-8")
    f = L.facts(lang)
    # J's closed form, typeset: "=7/3(θ1−1)2" in its MathML.
    assert f"={f['J.coef'].text}{f['J.factor'].text.replace(' ', '')}2" in typeset_as_text(page)
    answer = re.search(r'<h2 id="answer">(.*?)</h2>', page, re.S).group(1)
    assert not [w for w in ANSWER_WORDS if w in re.sub(r"<[^>]+>", "", answer)[3:]]
    toc = re.search(r'href="#answer"[^>]*>\s*<span class="md-ellipsis">(.*?)</span>', page, re.S)
    assert toc and "(A)" not in toc.group(1) and "0" not in toc.group(1)[2:]
