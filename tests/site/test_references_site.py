"""Numbered figures, equations and sections in the built site (issue 24): every reference
a lecture's pages make links to an element that exists and carries the number the link
shows, in both languages; numbers restart with each lecture; a dangling reference fails
the build with the page and the line."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest
from lectures import LANGS
from sitetools import build_site, copy_project

pytestmark = pytest.mark.slow

LECTURES = ("gradient-descent-intuition", "gradient-descent-linear-regression")
PREFIX = {"zh": "", "en": "en/"}
WORDS = {
    "zh": {"figure": r"图 (\d+)", "equation": r"式 \((\d+)\)", "section": r"第 (\d+) 节"},
    "en": {
        "figure": r"Figure (\d+)",
        "equation": r"Equation \((\d+)\)",
        "section": r"Section (\d+)",
    },
}
LINK = re.compile(r'<a href="(?P<href>[^"#]*)#(?P<id>[\w-]+)">(?P<text>[^<]+)</a>')


def _page(site: Path, lang: str, lecture: str, page: str) -> str:
    return (site / PREFIX[lang] / lecture / page / "index.html").read_text("utf-8")


def _element(page_html: str, element_id: str) -> str:
    """The text from the element with ``element_id`` to the end of its first line of text."""
    at = page_html.index(f'id="{element_id}"')
    return page_html[at : at + 20000]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lecture", LECTURES)
def test_every_reference_shows_the_number_of_what_it_links_to(built_site, lecture, lang):
    checked = {"figure": 0, "equation": 0, "section": 0}
    for page in ("", "summary/"):
        here = _page(built_site, lang, lecture, page)
        for link in LINK.finditer(here):
            text = html.unescape(link["text"])
            kind = next((k for k, w in WORDS[lang].items() if re.fullmatch(w, text)), None)
            if kind is None:
                continue
            number = re.fullmatch(WORDS[lang][kind], text)[1]
            target_page = posixpath.normpath(posixpath.join(page, link["href"])) + "/"
            target_page = "" if target_page in ("./", "/") else target_page
            target = _element(_page(built_site, lang, lecture, target_page), link["id"])
            if kind == "figure":
                caption = re.search(r"<figcaption>(.*?)</figcaption>", target, re.S)[1]
                assert re.match(WORDS[lang]["figure"], html.unescape(caption))[1] == number
            elif kind == "equation":
                shown = re.search(r'<span class="gd-equation-number">\((\d+)\)</span>', target)
                assert shown[1] == number, (text, link["id"])
            else:
                heading = re.sub(r"<[^>]+>", "", target[target.index(">") + 1 :].split("</h", 1)[0])
                assert heading.strip().startswith(f"{number}."), (text, heading)
            checked[kind] += 1
    # Each lecture's pages refer to sections and equations (lecture 1's key points page
    # to its sections; both lectures' prose to their update rules).
    assert checked["section"] >= 5 and checked["equation"] >= 1, checked


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_restart_with_each_lecture(built_site, lang):
    for lecture in LECTURES:
        page = _page(built_site, lang, lecture, "")
        captions = re.findall(
            r'<figure class="gd-figure" id="[^"]+">.*?<figcaption>(.*?)<', page, re.S
        )
        numbers = [int(re.match(WORDS[lang]["figure"], html.unescape(c))[1]) for c in captions]
        assert numbers == list(range(1, len(numbers) + 1)), (lecture, numbers)
        equations = re.findall(r'<span class="gd-equation-number">\((\d+)\)</span>', page)
        assert [int(n) for n in equations] == list(range(1, len(equations) + 1)), lecture
        assert equations, f"{lecture}: no numbered formula"


def test_a_dangling_reference_fails_the_build_with_its_page_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "gradient-descent-intuition" / "summary.zh.md"
    text = page.read_text("utf-8") + "\n\n见 {{ ref figure no-such-figure }}。\n"
    page.write_text(text, "utf-8")
    line = text.count("\n", 0, text.index("{{ ref figure no-such")) + 1
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0
    errors = [s for s in (proc.stdout + proc.stderr).splitlines() if "no-such-figure" in s]
    assert errors, proc.stdout + proc.stderr
    assert f"gradient-descent-intuition/summary.zh.md:{line}: " in errors[0], errors[0]
    assert "the lecture has no figure 'no-such-figure'" in errors[0]
