"""What every page of every lecture must hold: its numbers come from gdcore.

- no computed number is typed into a page; every marker of a page fills (each fact it
  names exists and can be computed, each figure and widget is its lecture's);
- the two languages of a page are parallel: the same sections, figures, widgets, facts;
- built: no marker left; the home page links the repository only when one is set;
- on a copy of the project: a figure's α changed in lecture.yml, every page follows; a
  change that makes a sentence false fails the build naming the claim and its line; the
  training set changed, the pages and the figures' words follow.
"""

from __future__ import annotations

import collections
import functools
import html
import re
from pathlib import Path

import pytest
from lectures import DOCS, INTUITION, LANGS, languages, lecture
from sitebuild.notes import numbering, pages
from sitebuild.notes.markers import scan
from sitetools import build_failure, build_site, copy_project

from gdcore.lecture import load_lecture
from gdcore.text import fmt

ROOT = DOCS.parent
LANG_PREFIX = {"zh": "", "en": "en/"}
LECTURES = sorted(p.parent.name for p in DOCS.glob("*/lecture.yml"))
PAGE_FILES = [
    (folder, stem)
    for folder in LECTURES
    for stem in sorted({p.name.split(".")[0] for p in (DOCS / folder).glob("*.md")})
]
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][\w.-]*)\s*\}\}")
FIGURE = re.compile(r"^\{\{ figure ([\w-]+) \}\}$", re.M)
WIDGET = re.compile(r"^\{\{ widget ([\w-]+) \}\}$", re.M)
# Values a page would type by truncating a fact (0.21 for 1/c ≈ 0.214), per lecture.
TRUNCATED = {INTUITION: ("0.21", "0.43")}


def source(folder: str, stem: str, lang: str) -> str:
    return (DOCS / folder / f"{stem}.{lang}.md").read_text(encoding="utf-8")


@functools.cache
def site_config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def distinctive(value: str) -> bool:
    """A value worth looking for when typed by hand: a fraction, a decimal, a power of ten
    (10⁻⁶), a count of 100 or more; not a small integer, which prose writes for itself."""
    return (
        "/" in value
        or "frac" in value
        or "." in value
        or bool(SUPERSCRIPTS & set(value))
        or (value.isascii() and value.isdigit() and int(value) >= 100)
    )


@functools.cache
def _numbering(folder: str, lang: str) -> numbering.Numbering:
    """The lecture's numbers, as the notes plugin numbers its pages (index first)."""
    names = sorted(p.name.split(".")[0] for p in (DOCS / folder).glob(f"*.{lang}.md"))
    names.sort(key=lambda name: name != "index")
    texts = [(f"{n}.md", source(folder, n, lang)) for n in names]
    return numbering.number_lecture(
        [(name, text, scan(text, site_config())) for name, text in texts], folder
    )


def _page(lec, lang, folder, stem):
    numbers = _numbering(folder, lang)
    figures, equations = numbering.page_numbers(numbers, f"{stem}.md")
    words = _reference_words(lang)
    return pages.Page(
        f"{stem}.{lang}.md",
        lec.facts(lang),
        None,
        figure=lambda name, element_id, number=None: f"<figure {name}>",
        widget=lambda name: f"<widget {name}>",
        figure_names=frozenset(lec.declared),
        widget_names=frozenset(lec.widgets),
        figure_numbers=figures,
        equation_numbers=equations,
        ref=lambda kind, name, where: numbering.ref_link(
            numbers, kind, name, f"{stem}.md", words, where
        ),
    )


@functools.cache
def _reference_words(lang: str) -> dict[str, str]:
    import yaml

    return yaml.safe_load((DOCS / "languages" / f"{lang}.yml").read_text("utf-8"))["references"]


def filled(lec, folder: str, stem: str, lang: str, text: str | None = None) -> str:
    """The page's Markdown with its markers filled, as the notes plugin fills it."""
    text = source(folder, stem, lang) if text is None else text
    return pages.fill_page(text, scan(text, site_config()), _page(lec, lang, folder, stem))


@pytest.mark.parametrize(("folder", "stem"), PAGE_FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_computed_number_is_typed_by_hand(folder, stem, lang):
    lec = lecture(folder)
    text = PLACEHOLDER.sub(" ", source(folder, stem, lang))
    text = re.sub(r"https?://\S+", " ", text)  # a video's URL has digits of its own
    book = lec.facts(lang)
    values = set()
    for name in book:
        try:
            fact = book[name]
        except ValueError:
            continue  # a fact this lecture's data cannot give: no page may name it
        values |= {v for v in (fact.text, fact.tex) if distinctive(v)}
    values |= set(TRUNCATED.get(folder, ()))
    for cost in lec.costs.values():
        for x, y in cost.training_set or ():
            values |= {f"({fmt(x)},{fmt(y)})", f"({fmt(x)}, {fmt(y)})"}
    typed = sorted(v for v in values if re.search(rf"(?<![\w.]){re.escape(v)}(?![\w.])", text))
    assert not typed, f"{folder}/{stem}.{lang}.md types gdcore's numbers by hand: {typed}"


@pytest.mark.parametrize(("folder", "stem"), PAGE_FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_marker_of_a_page_fills(folder, stem, lang):
    out = filled(lecture(folder), folder, stem, lang)
    outside_code = re.sub(r"```.*?```|`[^`\n]*`", "", out, flags=re.S)
    assert "{{" not in outside_code


@pytest.mark.parametrize(("folder", "stem"), [*PAGE_FILES, ("", "index")])
def test_the_two_languages_are_parallel(folder, stem):
    path = DOCS / folder if folder else DOCS
    zh, en = ((path / f"{stem}.{lang}.md").read_text(encoding="utf-8") for lang in ("zh", "en"))

    def anchors(text):
        return re.findall(r"\{ #([\w-]+) \}", text)

    def numbers(text):
        return collections.Counter(PLACEHOLDER.findall(text))

    assert anchors(zh) == anchors(en)
    assert FIGURE.findall(zh) == FIGURE.findall(en)
    assert WIDGET.findall(zh) == WIDGET.findall(en)
    assert numbers(zh) == numbers(en), numbers(zh) - numbers(en) or numbers(en) - numbers(zh)


def test_every_lecture_of_the_docs_is_in_the_site():
    configured = site_config().plugins["notes"].config.lectures
    assert sorted(configured) == LECTURES


# ------------------------------------------------------------ the built site


def typeset_as_text(page: str) -> str:
    """``page`` with each formula MathJax typeset at build time replaced by the text of its
    assistive MathML (the TeX is gone from the HTML): ``\\alpha = 0.02`` reads
    ``α=0.02``, ``\\frac{7}{3}`` reads ``7/3``, ``(\\theta_1 - 1)^2`` reads ``(θ1−1)2``."""

    def text(match: re.Match[str]) -> str:
        mathml = re.sub(r"<mfrac><mn>([^<]*)</mn><mn>([^<]*)</mn></mfrac>", r"\1/\2", match[1])
        return html.unescape(re.sub(r"<[^>]+>", "", mathml))

    return re.sub(
        r"<mjx-container\b.*?<mjx-assistive-mml[^>]*>(.*?)</mjx-assistive-mml></mjx-container>",
        text,
        page,
        flags=re.S,
    )


@pytest.mark.slow
def test_no_marker_is_left_in_a_built_page(built_site):
    for path in sorted(built_site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        outside_code = re.sub(r"<code\b.*?</code>", "", page, flags=re.S)
        assert "{{" not in outside_code, path


@pytest.mark.slow
def test_built_home_links_the_repository_only_when_set(built_site):
    for lang in LANGS:
        page = (built_site / LANG_PREFIX[lang] / "index.html").read_text("utf-8")
        article = page.split("<article", 1)[1]
        assert "gdcore" not in re.sub(r"<[^>]+>", "", article)
        assert "{{ repository }}" not in page
        assert "github.com" not in article


# ------------------------------------------------------------ on a copy of the project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} not found once"
    path.write_text(text.replace(old, new), encoding="utf-8")


ALPHA_SMALL = re.compile(r"(\n  alpha-small:\n.*?\n +alpha: )0\.01\n", re.S)
ALPHA_LARGE = re.compile(r"(\n  alpha-large:\n.*?\n +alpha: )0\.5\n", re.S)


def _sub(path: Path, pattern: re.Pattern[str], new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert pattern.search(text), f"{path.name}: {pattern.pattern!r}"
    path.write_text(pattern.sub(rf"\g<1>{new}\n", text, count=1), encoding="utf-8")


@pytest.mark.slow
def test_every_page_follows_a_figures_alpha_changed(tmp_path):
    project = copy_project(tmp_path / "project")
    declarations = project / "docs" / INTUITION / "lecture.yml"
    _sub(declarations, ALPHA_SMALL, "0.02")
    site = tmp_path / "site"
    proc = build_site(site, project=project)
    assert build_failure(proc) is None, build_failure(proc)
    changed = load_lecture(declarations.parent, languages())
    total = changed.facts("en")["alpha-small.total_steps"].text
    assert total != lecture().facts("en")["alpha-small.total_steps"].text
    for lang in LANGS:
        page = typeset_as_text((site / LANG_PREFIX[lang] / INTUITION / "index.html").read_text())
        learning = page[page.index('id="learning-rate"') : page.index('id="question"')]
        assert "α=0.02" in learning and total in learning
        assert lecture().facts(lang)["alpha-small.total_steps"].text not in learning  # 336
        assert "α=0.01" not in learning.split('class="gd-explorer"')[0]


@pytest.mark.slow
def test_the_build_names_a_sentence_the_data_makes_false(tmp_path):
    project = copy_project(tmp_path / "project")
    _sub(project / "docs" / INTUITION / "lecture.yml", ALPHA_LARGE, "0.3")
    proc = build_site(tmp_path / "site", project=project)
    assert proc.returncode != 0
    errors = [line for line in (proc.stdout + proc.stderr).splitlines() if "ERROR" in line]
    assert len(errors) == 1, proc.stdout + proc.stderr
    assert re.search(
        r"lecture\.yml:\d+: claim \d+: the prose no longer holds: §3: alpha-large's α is above "
        r"2/c \(diverges\) \(alpha-large\.alpha > J\.two_over_c is false: alpha-large\.alpha = "
        r"0\.3, J\.two_over_c = 3/7\)",
        errors[0],
    ), errors[0]


def test_the_pages_and_figure_texts_follow_the_training_set(tmp_path):
    """(1,1), (2,2), (2.8,2.8): every page's numbers and every figure's words follow.

    The point moves so little that every claim of the prose still holds (c = J'' stays
    between 4 and 5: alpha-small and the fast run below 1/c, alpha-large above 2/c), so
    the lecture loads; a change that breaks a claim fails, as another test shows."""
    from fractions import Fraction

    folder = tmp_path / INTUITION
    folder.mkdir()
    text = (DOCS / INTUITION / "lecture.yml").read_text(encoding="utf-8")
    (folder / "lecture.yml").write_text(
        text.replace("points: [[1, 1], [2, 2], [3, 3]]", "points: [[1, 1], [2, 2], [2.8, 2.8]]"),
        encoding="utf-8",
    )
    changed = load_lecture(folder, languages())
    # J(θ1) = (Σx²/2m)(θ1 − 1)² with Σx² = 1 + 4 + 7.84, worked out here by hand.
    sxx = 1 + 4 + Fraction(784, 100)
    coef, c = sxx / 6, sxx / 3
    for lang in LANGS:
        page = filled(changed, INTUITION, "index", lang)
        assert rf"= \frac{{{coef.numerator}}}{{{coef.denominator}}} (\theta_1 - 1)^2" in page
        assert rf"c = J'' = \frac{{{c.numerator}}}{{{c.denominator}}}" in page
        assert r"\frac{7}{3}" not in page and r"\frac{14}{3}" not in page
        # the training set as written (J.points: decimals, as the figures' words show it)
        assert "(2.8, 2.8)" in page and "(14/5, 14/5)" not in page and "(3, 3)" not in page
        descriptions = [changed.alt(name, lang) for name in changed.figures]
        for desc in descriptions:
            if "(1, 1)" in desc:
                assert "(2.8, 2.8)" in desc and "(3, 3)" not in desc, desc
        assert sum("(2.8, 2.8)" in d for d in descriptions) >= 5
