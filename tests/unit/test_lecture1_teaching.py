"""Issue 21: lecture 1 says exactly what it means, in both languages.

Each test names the point of the issue it checks. They read the pages' Markdown, the
lecture's declarations and what gdcore computes from them (no site build): the built
site's side (the search index, the quiz without JavaScript) is in
tests/test_lecture1_site.py.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from lectures import DOCS, INTUITION, LANGS, languages, lecture

from gdcore.descent import DEFAULT_TOLERANCE, DIVERGENCE_LIMIT
from gdcore.text import fmt, shown_exactly
from gdcore.yamlfile import load

FOLDER = DOCS / INTUITION
ROOT = DOCS.parent
MARKER = re.compile(r"\{\{\s*([A-Za-z][\w.-]*)\s*\}\}")
HEADING = re.compile(r"^##\s+.*\{\s*#([\w-]+)\s*\}\s*$", re.M)


def page(lang: str, name: str = "index") -> str:
    return (FOLDER / f"{name}.{lang}.md").read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """A page's sections (## … { #anchor }) by anchor."""
    heads = list(HEADING.finditer(text))
    return {
        h[1]: text[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        for i, h in enumerate(heads)
    }


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def sentences(text: str) -> list[str]:
    """Sentences, roughly: split after . ? ! (then a space) and 。？！, and at blank lines."""
    out = []
    for para in paragraphs(text):
        out += [s for s in re.split(r"(?<=[.?!])\s+|(?<=[。？！])", para) if s.strip()]
    return out


def zh_texts() -> dict[str, str]:
    """Every Chinese text of lecture 1: its pages, the zh words of its declarations and
    the figures' and widgets' words of zh.yml."""
    out = {f"{name}.zh.md": page("zh", name) for name in ("index", "summary")}

    def walk(node: object, where: str, take_all: bool) -> None:
        if isinstance(node, str) and take_all:
            out[where] = node
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "zh" and isinstance(value, str):
                    out[f"{where}.zh"] = value
                else:
                    walk(value, f"{where}.{key}", take_all)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]", take_all)

    walk(load(FOLDER / "lecture.yml"), "lecture.yml", take_all=False)
    zh = load(DOCS / "languages" / "zh.yml")
    walk({k: zh[k] for k in ("figures", "widgets")}, "zh.yml", take_all=True)
    return out


# ---------------------------------------------------------------- 1. rounded equalities

ALPHA_IS_DECIMAL = re.compile(r"α\s*=\s*(−?\d+(?:\.\d+)?)(?![\d/])")


def _frame_texts(lang: str) -> list[tuple[str, float, str]]:
    """(where, the frame's α, text) for every word of every α-explorer frame as shown."""
    from sitebuild.notes.widgets import explorer_html

    lec = lecture()
    data = lec.widget_entries("alpha-explorer", lang)
    words = {
        "alpha_label": "α",
        "smaller": "",
        "larger": "",
        "noscript": "",
    }
    html = explorer_html("alpha-explorer", data, words)
    out = []
    for frame, entry in zip(lec.widgets["alpha-explorer"].frames, data["frames"], strict=True):
        alpha = frame.series[0].run.alpha
        spec = lec.spec(frame.name, lang)
        labels = [s.label for p in spec.panels for s in getattr(p.content, "series", ())]
        for key in ("label", "summary", "alt"):
            out.append((f"{frame.name} {key}", alpha, entry[key]))
        # The line above the slider: "Learning rate α = 0.1" (the site writes the value).
        value = entry.get("eq_alpha", "= " + entry["alpha"])
        out.append((f"{frame.name} value line", alpha, f"α {value}"))
        out += [(f"{frame.name} legend", alpha, label.replace("$", "")) for label in labels]
        out.append((f"{frame.name} caption", alpha, lec.caption(frame.name, lang)))
    shown = re.search(r'<output class="gd-explorer-value"[^>]*>([^<]*)</output>', html)
    start = lec.widgets["alpha-explorer"].frames[data["start"]].series[0].run.alpha
    out.append(("the page's value line", start, "α " + shown[1]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_1_no_explorer_frame_writes_a_rounded_alpha_as_an_equality(lang: str) -> None:
    texts = _frame_texts(lang)
    for where, alpha, text in texts:
        for m in ALPHA_IS_DECIMAL.finditer(text):
            assert float(m[1].replace("−", "-")) == alpha, (
                f"{where}: {text!r} writes α = {m[1]}, but α is {alpha!r}: write ≈"
            )
    one_over_c = lecture().facts(lang).value("J.one_over_c")
    named = [t for w, a, t in texts if a == float(one_over_c) and "label" in w]
    assert named and all(f"1/c ≈ {fmt(float(one_over_c))}" in t for t in named), named


@pytest.mark.parametrize("lang", LANGS)
def test_1_the_figures_and_the_prose_write_alpha_exactly(lang: str) -> None:
    lec = lecture()
    for name, figure in lec.declared.items():
        alphas = {s.run.alpha for s in figure.series}
        for text in (lec.caption(name, lang), lec.alt(name, lang)):
            for m in ALPHA_IS_DECIMAL.finditer(text):
                assert float(m[1]) in alphas, (name, text)
    facts = lec.facts(lang)
    for m in re.finditer(r"=\s*\{\{\s*([\w.-]+)\s*\}\}", page(lang)):
        value = facts.value(m[1])
        if isinstance(value, tuple) or m[1].startswith("J."):  # points; exact fractions
            continue
        assert isinstance(value, int | Fraction) or shown_exactly(float(value)), (
            f"= {{{{ {m[1]} }}}} shows {facts[m[1]].text} for {value!r}: write "
            f"{{{{ {m[1]}.eq }}}} (≈ where it rounds)"
        )


# What a figure's words may equate a symbol with: a value of its runs, exactly.
_EQUATED = {
    "theta": re.compile(r"θ₁\s*=\s*(−?\d+(?:\.\d+)?)(?![\d/])"),
    "slope": re.compile(r"J′\(θ₁\)\s*=\s*(−?\d+(?:\.\d+)?)(?![\d/])"),
    "step": re.compile(r"α·\|(?:slope|斜率)\|\s*=\s*(−?\d+(?:\.\d+)?)(?![\d/])"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_1_figure_words_equate_a_symbol_only_with_its_exact_value(lang: str) -> None:
    lec = lecture()
    for name, figure in lec.figures.items():
        runs = [s.run for s in figure.series]
        known = {
            "theta": {t[0] for r in runs for t in r.theta}
            | {m[0] for m in figure.cost.minima + figure.cost.maxima},
            "slope": {g[0] for r in runs for g in r.grad},
            "step": {u for r in runs for u in r.step_sizes},
        }
        spec = lec.spec(name, lang)
        labels = [s.label for p in spec.panels for s in getattr(p.content, "series", ())]
        notes = [p.content.note for p in spec.panels if getattr(p.content, "note", None)]
        texts = [lec.caption(name, lang), lec.alt(name, lang), *labels, *notes]
        for text in texts:
            plain = text.replace("$\\theta_1$", "θ₁").replace("$", "")
            for what, pattern in _EQUATED.items():
                for m in pattern.finditer(plain):
                    shown = float(m[1].replace("−", "-"))
                    assert any(abs(shown - v) <= 1e-12 * max(1, abs(v)) for v in known[what]), (
                        f"{name} ({lang}): {m[0]!r} rounds the value: write ≈"
                    )


# ---------------------------------------------------------------- 2. offset and distance


@pytest.mark.parametrize("lang", LANGS)
def test_2_the_factor_multiplies_the_signed_offset_and_its_size_the_distance(
    lang: str,
) -> None:
    distance = {"en": "distance", "zh": "距离"}[lang]
    box = [s for s in sentences(page(lang)) if "1 - \\alpha c" in s]
    assert box, "the 'how large is too large' box names the factor 1 − αc"
    for s in box:
        if distance in s:
            assert "|1 - \\alpha c|" in s, (
                f"a distance is never multiplied by 1 − αc (it can be negative): {s!r}"
            )
    offset = {"en": "offset", "zh": "偏移"}[lang]
    assert any(offset in s and "\\theta_1 - \\theta^*" in s and distance in s for s in box)


# ---------------------------------------------------------------- 3. the minus of −7

CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC")


@pytest.mark.parametrize("lang", LANGS)
def test_3_a_drawn_negative_number_has_a_real_minus_tight_against_its_digits(lang: str) -> None:
    from gdcore.svgfile import figure_svg

    svg = figure_svg(lecture().spec("tangent-slopes", lang))
    glyph = re.compile(
        r'<tspan x="([\d.]+)"[^>]*font-size: ([\d.]+)px; font-family: \'([^\']+)\'[^>]*>'
        r"([^<]*)</tspan>"
    )
    minuses = 0
    for text in re.findall(r"<text>(.*?)</text>", svg, flags=re.S):
        glyphs = sorted(
            (float(x), float(size), font, ch) for x, size, font, ch in glyph.findall(text)
        )
        for (x, size, font, ch), (x_next, _, _, nxt) in itertools.pairwise(glyphs):
            if ch == "−" and nxt.isdigit():
                minuses += 1
                assert font not in CJK, f"−{nxt} drawn in {font}: a full-width dash"
                assert x_next - x <= 0.9 * size, f"−{nxt}: {x_next - x:.1f} from its digit"
    assert minuses, "the legend draws the slope −7"


# ---------------------------------------------------------------- 4. citations

CITED_TERMS = {
    "en": ("partial derivatives", "neural network", "plateau", "stochastic"),
    "zh": ("偏导数", "神经网络", "随机梯度下降"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_4_every_key_point_cites_a_section_that_says_it(lang: str) -> None:
    lecture_sections = sections(page(lang))
    checked = 0
    for block in paragraphs(page(lang, "summary")):
        for term in CITED_TERMS[lang]:
            if term.lower() not in block.lower():
                continue
            # A link to a section, or a reference to one ({{ ref section ID }}).
            cited = re.findall(r"\(index\.md#([\w-]+)\)|\{\{ ref section ([\w-]+) \}\}", block)
            for anchor in (a or b for a, b in cited):
                checked += 1
                assert term.lower() in lecture_sections[anchor].lower(), (
                    f"the key point naming {term!r} cites #{anchor}, which does not say it: "
                    f"{block[:120]!r}"
                )
    assert checked, "the key points name the terms (and cite sections for them)"
    summary = page(lang, "summary")
    assert {"en": "The summary post adds", "zh": "原总结帖补充说"}[lang] in summary


# ---------------------------------------------------------------- 5. what the lecture says


@pytest.mark.parametrize("lang", LANGS)
def test_5_the_notes_say_where_the_example_and_theta0_equals_0_come_from(lang: str) -> None:
    text = page(lang)
    video = "Cost Function Intuition I"
    for s in sentences(text):
        if "\\theta_0 = 0" in s and "temp" not in s:
            assert video in s, f"θ0 = 0 is set by {video}, not by this lecture: {s!r}"
    intro = next(p for p in paragraphs(text) if "{{ J.points }}" in p)
    assert video in intro, "the training set is named as the earlier video's"
    shrinking = sections(text)["shrinking-steps"]
    first = paragraphs(shrinking)[0]
    assert {"en": "without numbers", "zh": "没有给出数字"}[lang] in first, first
    assert not re.search(r"lecture's example|课上的例子", first), first


# ---------------------------------------------------------------- 6. the rules behind counts


@pytest.mark.parametrize("lang", LANGS)
def test_6_the_stopping_rule_and_cut_off_stand_where_step_counts_first_appear(lang: str) -> None:
    text = page(lang)
    facts = lecture().facts(lang)
    counted = [p for p in paragraphs(text) if re.search(r"\{\{\s*[\w.-]+\.total_steps\s*\}\}", p)]
    explorer = next(p for p in paragraphs(text) if "{{ alpha-explorer.count }}" in p)
    for para in (counted[0], explorer):
        tolerance = re.search(r"\{\{\s*([\w.-]+\.tolerance)\s*\}\}", para)
        limit = re.search(r"\{\{\s*([\w.-]+\.divergence_limit)\s*\}\}", para)
        assert tolerance and limit, f"state |J′| ≤ tolerance and |θ| > limit here: {para[:100]!r}"
        assert facts.value(tolerance[1]) == DEFAULT_TOLERANCE
        assert facts.value(limit[1]) == DIVERGENCE_LIMIT
        assert "|J'(\\theta_1)| \\le {{ " + tolerance[1] in para
        assert "|\\theta_1|" in para
    assert facts["alpha-small.tolerance"].text == "10⁻⁶"
    assert facts["alpha-small.divergence_limit"].text == "10⁸"
    assert facts["alpha-small.tolerance"].tex == "10^{-6}"


# ---------------------------------------------------------------- 7. overshooting


@pytest.mark.parametrize("lang", LANGS)
def test_7_overshooting_is_not_diverging(lang: str) -> None:
    summary = page(lang, "summary")
    large = summary.split({"en": "**$\\alpha$ too large:**", "zh": "**$\\alpha$ 太大："}[lang])[1]
    large = large.split("\n- ")[0]
    for item in re.findall(r"^\s+- (.*)$", large, flags=re.M):
        assert not re.search(r"never settles|cannot converge|无法稳定收敛|无法收敛", item), item
    assert any(
        "1/c" in item and "2/c" in item and re.search(r"still converges|仍然收敛", item)
        for item in re.findall(r"^\s+- (.*)$", large, flags=re.M)
    ), large


# ---------------------------------------------------------------- 8. no need to decrease α


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["index", "summary"])
def test_8_no_need_to_decrease_alpha_comes_with_its_condition(lang: str, name: str) -> None:
    claim = re.compile(r"no need to (?:decrease|lower)|没有必要.{0,12}减小|不需要.{0,12}减小")
    found = [p for p in paragraphs(page(lang, name)) if claim.search(p)]
    assert found
    for para in found:
        assert re.search(r"whole training set|整个训练集", para), para[:120]
        assert re.search(r"[Ss]tochastic gradient descent|随机梯度下降", para), para[:120]


# ---------------------------------------------------------------- 9, 10. qualified claims


@pytest.mark.parametrize("lang", LANGS)
def test_9_the_slope_measures_distance_only_near_a_minimum(lang: str) -> None:
    distance = re.compile(r"how far the minimum|离最小值点?还有多远")
    found = [s for s in sentences(page(lang, "summary")) if distance.search(s)]
    assert found
    for s in found:
        assert re.search(r"only (?:near|there)|只在.{0,8}附近", s), s
    assert any(re.search(r"flat region|平坦区域", s) for s in sentences(page(lang, "summary")))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["index", "summary"])
def test_10_any_cost_function_means_a_differentiable_one_and_a_local_minimum(
    lang: str, name: str
) -> None:
    anyone = re.compile(r"any (?:differentiable )?cost function|任意.{0,4}代价函数")
    found = [s for s in sentences(page(lang, name)) if anyone.search(s)]
    assert found
    for s in found:
        assert re.search(r"differentiable|可导", s), s
        assert re.search(r"local minimum|局部最小值点", s), s


# ---------------------------------------------------------------- 11. too small


@pytest.mark.parametrize("lang", LANGS)
def test_11_too_small_means_many_steps_not_below_one_over_c(lang: str) -> None:
    rate = sections(page(lang))["learning-rate"]
    assert not re.search(r"\(below \$1/c\$|（小于 \$1/c\$", rate)
    assert "{{ just-below-one-over-c.total_steps }}" in rate
    assert "{{ J.one_over_c.approx }}" in rate.split("{{ figure alpha-small }}")[0]
    facts = lecture().facts(lang)
    fast, slow = facts.value("just-below-one-over-c.alpha"), facts.value("alpha-small.alpha")
    assert slow < fast < facts.value("J.one_over_c")
    assert facts.value("just-below-one-over-c.theta0") == facts.value("alpha-small.theta0")
    assert 10 * facts.value("just-below-one-over-c.total_steps") < facts.value(
        "alpha-small.total_steps"
    )


# ---------------------------------------------------------------- 12. parity


def test_12_en_says_local_minimum_where_zh_says_it() -> None:
    assert "optimum" not in page("en")
    for lang, words in (("en", "local minimum"), ("zh", "局部最小值点")):
        why = re.search(
            r'<p class="gd-quiz-why[^"]*" data-for="unchanged"[^>]*>(.*?)</p>', page(lang)
        )
        assert why and words in why[1], (lang, why)
        answer = sections(page(lang))["answer"]
        assert words in answer, lang


def test_12_the_summary_page_has_one_name_in_the_nav_and_on_the_page() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    label = re.search(rf"^\s*- (\S+): {INTUITION}/summary\.md$", config, re.M)
    assert label, "mkdocs.yml's nav lists the key points"
    english = re.search(
        rf"^\s+{re.escape(label[1])}: (.+)$", config.split("nav_translations:")[1], re.M
    )
    assert english, "the English nav translates it"
    for lang, name in (("zh", label[1]), ("en", english[1].strip())):
        text = page(lang, "summary")
        assert re.search(rf"^title: {re.escape(name)}$", text, re.M), (lang, name)
        assert re.search(rf"^# {re.escape(name)}$", text, re.M), (lang, name)
    assert f"[{label[1]}](summary.md)" in page("zh")


@pytest.mark.parametrize("lang", LANGS)
def test_12_an_alt_text_names_an_alpha_only_where_the_figure_moves_with_it(lang: str) -> None:
    lec = lecture()
    for name, figure in lec.declared.items():
        moves = any(any(any(u) for u in s.run.step) for s in figure.series)
        if not moves:
            assert not re.search(r"α\s*=", lec.alt(name, lang)), (name, lec.alt(name, lang))
    assert not any(any(any(u) for u in s.run.step) for s in lec.declared["start-at-minimum"].series)


# ---------------------------------------------------------------- 13. words

# A place, not a value: 最小值点 (the value is 最小值).
_PLACE = re.compile(
    r"(?:朝着?|向|到达?|离|接近|靠近|逼近|越过|落在|停在|留在|位于|跳向|跳到|处在|就是|"
    r"在两侧|两侧|左侧|右侧)[^，。；：、（）]{0,6}?(?:局部|全局)?最小值(?!点)"
    r"|(?:局部|全局)?最小值(?!点)(?:两侧|左侧|右侧|附近|处|上|的方向)"
)
_TRANSLATIONESE = (
    "聚焦滑块",
    "被初始化在",
    "把 θ₁ 朝一个随机方向",
    "直到小得几乎不再移动",
    "朝一个随机方向改变",
)


@pytest.mark.parametrize("where", sorted(zh_texts()))
def test_13_chinese_names_the_place_of_a_minimum_its_point(where: str) -> None:
    text = zh_texts()[where]
    for m in _PLACE.finditer(text):
        raise AssertionError(f"{where}: {m[0]!r} is a place: write 最小值点")
    for phrase in _TRANSLATIONESE:
        assert phrase not in text.replace("\\(\\theta_1\\)", "θ₁").replace("$\\theta_1$", "θ₁"), (
            where,
            phrase,
        )


def test_13_the_drawn_minimum_lines_name_a_place() -> None:
    lec = lecture()
    for name in ("tangent-slopes", "question-local-minimum", "alpha-explorer-00"):
        panel = lec.spec(name, "zh").panels[0]  # the curve
        labels = [m.label for m in panel.base.minima]
        assert labels and all(label.split(" ")[0].endswith("最小值点") for label in labels), labels


def test_13_chinese_says_once_what_buchang_means_here() -> None:
    first = sections(page("zh"))["derivative-term"]
    assert re.search(r"很多中文教材把 \$\\alpha\$ 本身叫作“步长”", first)
    assert "本笔记说的“步长”" in first and "\\alpha \\left| \\frac{d}{d\\theta_1}" in first


# One word per case: oscillate (1/c < α < 2/c), bounce (α = 2/c), overshoot (a step
# landing on the other side); never "jump back and forth".
_OSCILLATION = {
    "zh": {"banned": ("来回跳", "越跳越远"), "bounce": "弹跳"},
    "en": {
        "banned": ("jumping back and forth", "jumps back and forth", "jumps further"),
        "bounce": "bounc",
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_13_one_word_per_oscillation_case(lang: str) -> None:
    words = _OSCILLATION[lang]
    texts = [page(lang), page(lang, "summary")]
    lec = lecture()
    for figure in lec.figures.values():
        texts += [figure.title[lang], figure.desc[lang], *(s.label[lang] for s in figure.series)]
    for regime in lec.widgets["alpha-explorer"].regimes.values():
        texts.append(regime.words[lang])
    for text in texts:
        for banned in words["banned"]:
            assert banned not in text.lower(), (banned, text[:100])
        for s in sentences(text):
            if words["bounce"] in s and "walls" not in s:
                assert re.search(r"2/c|two points|两点|两个点", s), s
    bounce = lec.widgets["alpha-explorer"].regimes["bounce"].words[lang]
    assert words["bounce"] in bounce


def test_13_english_previous_and_next() -> None:
    assert "Next and Previous move from one iterate to the next" not in page("en")
    assert "Next moves to the following iterate and Previous back to the one before" in page("en")


# ---------------------------------------------------------------- anchors, the course


@pytest.mark.parametrize("lang", LANGS)
def test_the_anchors_stay_and_the_lecture_says_where_it_sits(lang: str) -> None:
    text = page(lang)
    assert list(sections(text)) == [
        "derivative-term",
        "slope-sign",
        "learning-rate",
        "question",
        "answer",
        "shrinking-steps",
        "exercises",
    ]
    intro = text.split("## 1.")[0]
    assert "Gradient Descent" in intro and "Gradient Descent For Linear Regression" in intro
    assert (
        "https://www.coursera.org/lecture/machine-learning/gradient-descent-intuition-GFFPB"
        in intro
    )
    assert "https://www.bilibili.com/video/BV1b44y1r7WJ?p=10" in intro


# ---------------------------------------------------------------- the exercises

EXERCISES = ("exercise-update", "exercise-regime", "exercise-steps", "exercise-peak")


def _exercise_blocks(text: str) -> dict[str, tuple[str, str]]:
    """Each exercise's (question, answer): the text before and inside its <details>."""
    part = sections(text)["exercises"]
    heads = list(re.finditer(r"^###\s+.*\{\s*#([\w-]+)\s*\}\s*$", part, re.M))
    out = {}
    for i, h in enumerate(heads):
        body = part[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(part)]
        question, _, rest = body.partition("<details")
        out[h[1]] = (question, "<details" + rest)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_exercises_are_four_answers_hidden_until_asked_every_number_a_fact(lang: str) -> None:
    blocks = _exercise_blocks(page(lang))
    assert tuple(blocks) == EXERCISES
    facts = lecture().facts(lang)
    for name, (question, answer) in blocks.items():
        assert re.match(
            r'<details class="success gd-answer" data-search-exclude="true" markdown="1">\n'
            r"<summary>[^<]+</summary>",
            answer,
        ), name
        assert " open" not in answer.split(">")[0], name
        for text in (question, answer):
            for m in MARKER.finditer(text):
                assert m[1] in facts or m[1] == "repository", (name, m[1])
            prose = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
            prose = MARKER.sub("", re.sub(r"\$[^$]*\$|<[^>]+>|\{ #[\w-]+ \}", "", prose))
            prose = re.sub(r"^#+ .*$|\(\w\)|section \d|第 \d 节", "", prose, flags=re.M)
            assert not re.search(r"\d", re.sub(r"练习 \d|Exercise \d", "", prose)), (
                f"{name}: a number typed into the prose: {prose!r}"
            )


def _by_hand(points: list[tuple[float, float]]) -> dict[str, float]:
    """The exercises' answers, computed here without gdcore, from the training set."""
    m = len(points)
    sxx = sum(x * x for x, _ in points)
    sxy = sum(x * y for x, y in points)
    c, star = sxx / m, sxy / sxx

    def slope(t: float) -> float:
        return sum((t * x - y) * x for x, y in points) / m

    def steps(alpha: float, t: float, tol: float = 1e-6) -> tuple[int, float]:
        for k in range(1, 100_001):
            t -= alpha * slope(t)
            if abs(slope(t)) <= tol:
                return k, t
        raise AssertionError("no convergence")

    out = {"c": c, "star": star}
    out["update.slope0"] = slope(4.0)
    out["update.theta1"] = 4.0 - 0.15 * slope(4.0)
    out["regime.rate"] = 1 - 0.3 * c
    out["regime.theta1"] = 2.0 - 0.3 * slope(2.0)
    out["regime.total_steps"] = steps(0.3, 2.0)[0]
    out["one_step.total_steps"] = steps(1 / c, 2.0)[0]
    out["halving.slope0"] = slope(2.0)
    out["halving.total_steps"] = steps(1 / (2 * c), 2.0)[0]
    return out


def _peak_by_hand(t: float, alpha: float = 0.1) -> tuple[int, float]:
    """The double well of lecture.yml (J' = 0.25(θ − 1)(θ − 2.5)(θ − 5)), run by hand."""

    def slope(t: float) -> float:
        return 0.25 * (t - 1) * (t - 2.5) * (t - 5)

    for k in range(1, 100_001):
        t -= alpha * slope(t)
        if abs(slope(t)) <= 1e-6:
            return k, t
    raise AssertionError("no convergence")


def _check_exercises(lec: object, points: list[tuple[float, float]]) -> None:
    expected = _by_hand(points)
    for lang in LANGS:
        facts = lec.facts(lang)  # type: ignore[attr-defined]
        pairs = {
            "exercise-update.slope0": expected["update.slope0"],
            "exercise-update.theta1": expected["update.theta1"],
            "exercise-regime.theta1": expected["regime.theta1"],
            "exercise-regime.total_steps": expected["regime.total_steps"],
            "exercise-one-step.total_steps": expected["one_step.total_steps"],
            "exercise-halving.slope0": expected["halving.slope0"],
            "exercise-halving.total_steps": expected["halving.total_steps"],
            "J.min_at": expected["star"],
        }
        for name, value in pairs.items():
            assert float(facts.value(name)) == pytest.approx(value, rel=1e-12, abs=1e-12), name
            if name != "J.min_at":  # an exact fraction (1/2), not a decimal
                assert facts[name].text == (fmt(value) if isinstance(value, float) else str(value))
        assert float(facts.value("exercise-regime.rate")) == pytest.approx(expected["regime.rate"])
        assert float(facts.value("exercise-halving.rate")) == pytest.approx(0.5)
        predicted = math.log(1e-6 / abs(expected["halving.slope0"])) / math.log(0.5)
        assert float(facts.value("exercise-halving.steps_predicted")) == pytest.approx(predicted)
        assert math.ceil(predicted) == expected["halving.total_steps"]
        assert facts.value("exercise-peak.slope0") == 0
        assert facts.value("exercise-peak.theta_n") == 2.5
        for side in ("right", "left"):
            start = facts.value(f"exercise-peak-{side}.theta0")
            n, end = _peak_by_hand(start)
            assert facts.value(f"exercise-peak-{side}.total_steps") == n
            assert facts.value(f"exercise-peak-{side}.theta_n") == pytest.approx(end)
        assert round(facts.value("exercise-peak-right.theta_n"), 3) == 5.0
        assert round(facts.value("exercise-peak-left.theta_n"), 3) == 1.0


def test_exercises_answers_equal_an_independent_computation() -> None:
    _check_exercises(lecture(), [(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)])


def test_exercises_follow_a_changed_training_set(tmp_path: Path) -> None:
    from gdcore.lecture import load_lecture

    copy = tmp_path / INTUITION
    shutil.copytree(FOLDER, copy)
    declarations = copy / "lecture.yml"
    text = declarations.read_text(encoding="utf-8")
    assert "points: [[1, 1], [2, 2], [3, 3]]" in text
    declarations.write_text(
        text.replace("points: [[1, 1], [2, 2], [3, 3]]", "points: [[1, 0.5], [2, 1], [3, 1.5]]"),
        encoding="utf-8",
    )
    changed = load_lecture(copy, languages(), "copy")
    points = [(1.0, 0.5), (2.0, 1.0), (3.0, 1.5)]
    _check_exercises(changed, points)
    before, after = lecture().facts("en"), changed.facts("en")
    for name in ("exercise-update.theta1", "exercise-regime.theta1", "J.min_at"):
        assert before[name].text != after[name].text, name
    # The answers as the reader reads them follow: 4 − 0.15 × 16.3 ≈ 1.55, not = 1.9.
    answer = _exercise_blocks(page("en"))["exercise-update"][1]
    shown = MARKER.sub(lambda m: after[m[1]].text, answer)
    assert f"{after['exercise-update.theta1.eq'].text}" in shown
    assert after["exercise-update.slope0.eq"].text.startswith("≈")
    assert after["exercise-update.theta1.eq"].text == f"= {fmt(1.55)}"
