"""Lecture 2, "Gradient Descent for Linear Regression", in the built site (no browser).

One strict build of the project (``built_site``), plus, where a test says so, a build of a
copy with another training set, a build with SITE_URL set (the sitemap) and the offline
copy (``python -m scripts offline``, the shared fixtures of tests/conftest.py):

- every number of the prose as gdcore computes it, in both languages, as text or typeset
  maths; on a copy with six other houses, every page and every figure follows;
- every figure and explorer frame: a light and a dark file per language, whose metadata is
  an independent numpy recomputation of the runs from the training set;
- a course-notes site: the home page lists both lectures, the navigation and the footer
  go from one lecture to the other in both languages, each language's search index holds
  both lectures and only that language, the old URLs of lecture 1 still lead to it, the
  sitemap and the offline copy hold both lectures;
- maths typeset at build time on every page of the lecture.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from lectures import DOCS, INTUITION, LANGS, languages, lecture
from sitetools import build_failure, build_site, copy_project

from gdcore.lecture import load_lecture

pytestmark = pytest.mark.slow

LR = "gradient-descent-linear-regression"
PREFIX = {"zh": "", "en": "en/"}
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][\w.-]*)\s*\}\}")
OTHER_HOUSES = "[[0.9, 1.7], [1.1, 2.1], [1.6, 2.6], [2.1, 3.1], [2.5, 3.9], [2.8, 4.2]]"
HOUSES = "[[0.8, 1.5], [1.2, 2.3], [1.5, 2.4], [2.0, 3.3], [2.4, 3.5], [3.0, 4.6]]"


def page_of(site: Path, lang: str, path: str) -> str:
    return (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


def article(page: str) -> str:
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def typeset_as_text(page: str) -> str:
    """The page's text, each typeset formula replaced by the text of its MathML (the TeX
    is gone from the HTML): ``\\alpha = 0.2`` reads ``α=0.2``, ``10^{-6}`` reads ``10−6``,
    ``\\frac{1}{6}`` reads ``1/6``."""

    def text(match: re.Match[str]) -> str:
        mathml = re.sub(r"<mfrac><mn>([^<]*)</mn><mn>([^<]*)</mn></mfrac>", r"\1/\2", match[1])
        return re.sub(r"<[^>]+>", "", mathml)  # still escaped: "&lt;" is not a tag

    page = re.sub(
        r"<mjx-container\b.*?<mjx-assistive-mml[^>]*>(.*?)</mjx-assistive-mml></mjx-container>",
        text,
        page,
        flags=re.S,
    )
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def tex_as_read(tex: str) -> str:
    """A fact's TeX as its typeset MathML reads (spaces dropped): ``\\approx -2.64`` reads
    ``≈−2.64``, ``1.02 \\times 10^{4}`` reads ``1.02×104``."""
    out = tex.replace(r"\approx", "≈").replace(r"\times", "×").replace("-", "−")
    out = re.sub(r"\\frac\{([^}]*)\}\{([^}]*)\}", r"\1/\2", out)
    out = re.sub(r"\^\{([^}]*)\}", r"\1", out)
    return re.sub(r"\s+", "", out)


def maths_spans(markdown: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r"\$\$.+?\$\$|(?<![\\$])\$(?![\s$]).+?(?<![\s\\])\$", markdown, re.S)
    ]


def stated(markdown: str, facts) -> tuple[set[str], set[str]]:
    """What the page must show: each placeholder's text (in prose) or TeX as read (maths)."""
    maths = maths_spans(markdown)
    texts, formulas = set(), set()
    for m in PLACEHOLDER.finditer(markdown):
        name = m[1]
        if name == "repository":
            continue
        if any(a <= m.start() < b for a, b in maths):
            formulas.add(tex_as_read(facts[name].tex))
        else:
            texts.add(facts[name].text)
    return texts, formulas


def assert_states_the_facts(site: Path, docs: Path, lec) -> None:
    for lang in LANGS:
        facts = lec.facts(lang)
        for page, path in (("index", LR), ("summary", f"{LR}/summary")):
            markdown = (docs / LR / f"{page}.{lang}.md").read_text(encoding="utf-8")
            built = article(page_of(site, lang, path))
            assert "{{" not in built
            read = typeset_as_text(built)
            flat = re.sub(r"\s+", "", read)
            texts, formulas = stated(markdown, facts)
            missing = [t for t in texts if t not in read]
            missing += [f for f in formulas if f not in flat]
            assert not missing, f"{lang} {page}: not in the built page: {missing}"


# ---------------------------------------------------------------- numbers and figures


def test_the_built_pages_state_gdcores_numbers(built_site):
    assert_states_the_facts(built_site, DOCS, lecture(LR))


def metadata(svg: str) -> dict:
    m = re.search(r"<metadata[^>]*>(.*?)</metadata>", svg, re.S)
    assert m, "no <metadata>"
    return json.loads(html.unescape(m[1]))


def numpy_run(points, alpha, start, steps):
    pts = np.array(points, dtype=float)
    X = np.column_stack([np.ones(len(pts)), pts[:, 0]])
    y = pts[:, 1]
    theta = np.array(start, dtype=float)
    thetas, costs = [theta.copy()], [float((X @ theta - y) @ (X @ theta - y) / (2 * len(y)))]
    for _ in range(steps):
        g = X.T @ (X @ theta - y) / len(y)
        if np.linalg.norm(g) <= 1e-6:
            break
        theta = theta - alpha * g
        if np.max(np.abs(theta)) > 1e8:
            break
        thetas.append(theta.copy())
        costs.append(float((X @ theta - y) @ (X @ theta - y) / (2 * len(y))))
    return np.array(thetas), np.array(costs)


def assert_figures_follow(site: Path, docs: Path) -> int:
    """Every figure file of the lecture exists, light and dark, in both languages, and
    what its metadata says it plots is numpy's run on the lecture.yml it was built from."""
    declared = yaml.safe_load((docs / LR / "lecture.yml").read_text(encoding="utf-8"))
    points = declared["costs"]["J"]["points"]
    lec = load_lecture(docs / LR, languages(), f"docs/{LR}")
    checked = 0
    for name, figure in lec.figures.items():
        for lang in LANGS:
            for file in (f"{name}.{lang}.svg", f"{name}.dark.{lang}.svg"):
                assert (site / LR / "figures" / file).is_file(), file
            svg = (site / LR / "figures" / f"{name}.{lang}.svg").read_text(encoding="utf-8")
            data = metadata(svg)
            assert data["lecture"] == LR and data["figure"] == name and data["lang"] == lang
            assert len(data["series"]) == len(figure.series)
            for series, declared_series in zip(data["series"], figure.series, strict=True):
                assert series["cost"]["training_set"] == [list(map(float, p)) for p in points]
                thetas, costs = numpy_run(
                    points, series["alpha"], series["theta0"], series["steps"]
                )
                assert len(thetas) == series["steps"] + 1
                # A long run is recorded at the iterates its panels draw (the file's budget).
                ks = series.get("iterates", list(range(len(thetas))))
                assert ks[0] == 0 and ks[-1] == series["steps"]
                thetas, costs = thetas[ks], costs[ks]
                assert series["alpha"] == declared_series.alpha
                np.testing.assert_allclose(np.array(series["theta"]), thetas, rtol=1e-10)
                np.testing.assert_allclose(np.array(series["J"]), costs, rtol=1e-10)
            checked += 1
    return checked


def test_every_figure_is_numpys_run_on_the_training_set(built_site):
    checked = assert_figures_follow(built_site, DOCS)
    assert checked == 2 * len(lecture(LR).figures)


@pytest.mark.parametrize("lang", LANGS)
def test_every_image_of_the_lecture_is_a_file_of_the_site(built_site, lang):
    for path in (LR, f"{LR}/summary"):
        page = page_of(built_site, lang, path)
        sources = re.findall(r'<img [^>]*src="([^"#]+)', page)
        for src in sources:
            assert (built_site / PREFIX[lang] / path / src).resolve().is_file(), src
    page = page_of(built_site, lang, LR)
    shown = {
        re.search(r"figures/([\w-]+?)(?:\.dark)?\.\w\w\.svg", s)[1]
        for s in re.findall(r'src="([^"]+\.svg)', page)
    }
    assert {"descent-path", "cost-history"} <= shown


@pytest.fixture(scope="module")
def other_houses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project with six other houses in lecture 2's training set, built."""
    tmp = tmp_path_factory.mktemp("other-houses")
    project = copy_project(tmp / "project")
    path = project / "docs" / LR / "lecture.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(HOUSES) == 1
    path.write_text(text.replace(HOUSES, OTHER_HOUSES), encoding="utf-8")
    site = tmp / "site"
    proc = build_site(site, project=project)
    failure = build_failure(proc)
    if failure:
        pytest.fail(failure, pytrace=False)
    return project, site


def test_another_training_set_every_page_and_figure_follows(other_houses, built_site):
    project, site = other_houses
    changed = load_lecture(project / "docs" / LR, languages(), f"docs/{LR}")
    assert_states_the_facts(site, project / "docs", changed)
    assert assert_figures_follow(site, project / "docs") == 2 * len(changed.figures)
    before, after = lecture(LR).facts("en"), changed.facts("en")
    for lang in LANGS:
        old = typeset_as_text(article(page_of(built_site, lang, LR)))
        new = typeset_as_text(article(page_of(site, lang, LR)))
        for name in ("descent-path.working.error_x_sum", "J.lambda_max.approx"):
            assert before[name].text in old and after[name].text in re.sub(r"\s", "", new)
            assert before[name].text != after[name].text
        assert f" {before['descent-path.total_steps'].text} " not in new
        assert f" {after['descent-path.total_steps'].text} " in new


# ---------------------------------------------------------------- a course-notes site


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_lists_and_links_both_lectures(built_site, lang):
    home = article(page_of(built_site, lang, ""))
    for name in (INTUITION, LR):
        assert f'id="{name}"' in home
        assert lecture(name).title[lang] in html.unescape(home)
        for target in (f"{name}/", f"{name}/summary/"):
            assert f'href="{target}"' in home, target
            assert (built_site / PREFIX[lang] / target / "index.html").is_file()


def footer(page: str) -> dict[str, tuple[str, str]]:
    out = {}
    for m in re.finditer(
        r'<a href="([^"]*)" class="md-footer__link md-footer__link--(prev|next)" '
        r'aria-label="([^"]*)"',
        page,
    ):
        out[m[2]] = (m[1], html.unescape(m[3]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_navigation_and_the_footer_go_from_one_lecture_to_the_other(built_site, lang):
    t1, t2 = lecture(INTUITION).title[lang], lecture(LR).title[lang]
    order = ["", INTUITION, f"{INTUITION}/summary", LR, f"{LR}/summary"]
    for i, path in enumerate(order):
        page = page_of(built_site, lang, path)
        sidebar = page.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
        assert t1 in html.unescape(sidebar) and t2 in html.unescape(sidebar), path
        links = footer(page)
        here = built_site / PREFIX[lang] / path
        if i > 0:
            target = (here / links["prev"][0]).resolve()
            assert target == (built_site / PREFIX[lang] / order[i - 1]).resolve(), path
        if i + 1 < len(order):
            target = (here / links["next"][0]).resolve()
            assert target == (built_site / PREFIX[lang] / order[i + 1]).resolve(), path
        else:
            assert "next" not in links
    # From lecture 1's key points on, the footer names the lecture it leads to.
    assert t2 in footer(page_of(built_site, lang, f"{INTUITION}/summary"))["next"][1]
    assert t1 in footer(page_of(built_site, lang, LR))["prev"][1]


@pytest.mark.parametrize("lang", LANGS)
def test_each_lecture_links_the_other_at_its_end(built_site, lang):
    first = article(page_of(built_site, lang, INTUITION))
    second = article(page_of(built_site, lang, LR))
    # Lecture 1 says which lecture comes next where its notes end (before its exercises).
    next_lecture = {"en": "The next lecture", "zh": "下一讲"}[lang]
    said = [p for p in re.findall(r"<p>.*?</p>", first, re.S) if next_lecture in p]
    assert said and all(f'href="../{LR}/"' in p for p in said), said
    assert f'href="../{INTUITION}/"' in second.rsplit("<h2", 1)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_searches_both_lectures_and_only_its_own(built_site, lang):
    index = json.loads((built_site / PREFIX[lang] / "search" / "search_index.json").read_text())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    for name in (INTUITION, LR):
        assert f"{name}/" in pages and f"{name}/summary/" in pages, sorted(pages)
    titles = " ".join(doc["title"] for doc in index["docs"])
    other = "en" if lang == "zh" else "zh"
    assert lecture(LR).title[lang] in titles.replace("\u200b", "")
    assert lecture(LR).title[other] not in titles.replace("\u200b", "")
    sections = [d for d in index["docs"] if d["location"].startswith(f"{LR}/#")]
    anchors = {d["location"].split("#")[1] for d in sections}
    assert {"derivatives", "algorithm", "bowl", "at-work", "batch", "normal-equation"} <= anchors


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_1s_old_urls_still_lead_to_it(built_site, lang):
    for old, new in (("lecture", INTUITION), ("summary", f"{INTUITION}/summary")):
        stub = (built_site / PREFIX[lang] / old / "index.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', stub)[1]
        assert ((built_site / PREFIX[lang] / old) / target).resolve() == (
            built_site / PREFIX[lang] / new
        ).resolve()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", [LR, f"{LR}/summary"])
def test_the_maths_is_typeset_at_build_time(built_site, lang, path):
    page = page_of(built_site, lang, path)
    body = article(page)
    spans = re.findall(r'<(?:span|div) class="arithmatex">(.*?)</(?:span|div)>', body, re.S)
    blocks = body.count('class="arithmatex"')
    assert blocks >= (20 if path == LR else 5)
    assert body.count("<mjx-container") >= blocks
    assert "mjx-merror" not in body and r"\(" not in body and r"\[" not in body
    assert not re.search(r"<script[^>]+mathjax", page, re.I)
    assert all("<mjx-container" in span for span in spans)


# ---------------------------------------------------------------- sitemap, offline copy


def test_the_sitemap_lists_both_lectures_in_both_languages(published_site):
    from publishing import SITE_URL

    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        for path in (INTUITION, f"{INTUITION}/summary", LR, f"{LR}/summary"):
            assert f"<loc>{SITE_URL}{PREFIX[lang]}{path}/</loc>" in sitemap, (lang, path)


def test_the_offline_copy_holds_both_lectures(offline_dir):
    root = offline_dir
    for lang in LANGS:
        # Offline, pages are files (file:// lists a folder instead of opening index.html).
        for path in (f"{INTUITION}/index", f"{INTUITION}/summary", f"{LR}/index", f"{LR}/summary"):
            assert (root / PREFIX[lang] / f"{path}.html").is_file(), path
        page = (root / PREFIX[lang] / LR / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:]+)"', article(page)):
            if href.endswith("/"):
                pytest.fail(f"a directory link in the offline copy: {href}")
            assert (root / PREFIX[lang] / LR / href).resolve().exists(), href
        script = (root / PREFIX[lang] / "search" / "search_index.js").read_text(encoding="utf-8")
        assert f"{LR}/index.html" in script
    home = (root / "index.html").read_text(encoding="utf-8")
    assert f'href="{LR}/index.html"' in home
    figures = list((root / LR / "figures").glob("*.svg"))
    assert len(figures) == 4 * len(lecture(LR).figures)
