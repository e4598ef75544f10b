"""Lecture 2 as a reader uses it, in Chromium: without JavaScript, by keyboard, mouse and
touch; the α explorer's frames and numbers are gdcore's; the footer and search go from one
lecture to the other. (Every page at both sizes in both palettes, axe-core included, is
tests/browser/test_browser.py's, for both lectures.)

One strict build (``built_site``), served on 127.0.0.1 (``served_site``), one Chromium
(``browser``), a fresh context per case (see tests/conftest.py). With SCREENSHOTS=1,
screenshots go to tests/screenshots/ (git-ignored) to look at. Without Chromium these
tests skip (with CI=true they fail).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from lectures import INTUITION, LANGS, lecture
from maths_drawn import maths_problems
from page_probes import SCROLL, own_host, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LR = "gradient-descent-linear-regression"
PREFIX = {"zh": "", "en": "en/"}
PAGES = {"notes": f"{LR}/", "key-points": f"{LR}/summary/", "home": ""}
# As tests/conftest.py's (not imported: with tests/unit collected too, "conftest" is another)
PHONE = {"width": 375, "height": 812}
SCHEMES = {"light": "default", "dark": "slate"}
EXPLORER = "#alpha-explorer"
SLIDER = "#gd-alpha-explorer-alpha"


def path_of(lang: str, page: str) -> str:
    return PREFIX[lang] + PAGES[page]


# ---------------------------------------------------------------- without JavaScript


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_notes_without_javascript(open_page, served_site, lang, scheme):
    """No script runs: every formula is still drawn (typeset at build time), every figure
    shows its light file, the explorer's controls stay hidden and its grid of frames shows
    one frame per regime with gdcore's words; a dark system still gets a dark page."""
    page = open_page(
        path_of(lang, "notes"), viewport=PHONE, color_scheme=scheme, java_script_enabled=False
    )
    maths, wrong = maths_problems(page)
    assert not wrong and maths["maths"] >= 100, (maths, wrong)
    scroll = page.evaluate(SCROLL)
    assert scroll["scrollWidth"] <= scroll["clientWidth"], scroll
    entries = lecture(LR).widget_entries("alpha-explorer", lang)
    explorer = page.locator(EXPLORER)
    assert not explorer.locator(".gd-explorer-controls").is_visible()
    grid = explorer.locator(".gd-explorer-grid img")
    assert grid.count() == len(entries["grid"])
    # one frame per regime the sweep has, the first of each
    regimes = [entries["frames"][k]["regime"] for k in entries["grid"]]
    assert sorted(regimes) == sorted({f["regime"] for f in entries["frames"]}), regimes
    assert "diverge" in regimes and "one-side" in regimes
    for i, k in enumerate(entries["grid"]):
        img = grid.nth(i)
        img.scroll_into_view_if_needed()
        img.evaluate("(img) => img.decode()")
        assert img.is_visible() and img.evaluate("(img) => img.naturalWidth") > 0
        frame = entries["frames"][k]
        assert f"figures/{frame['figure']}.{lang}.svg" in img.get_attribute("src")
        assert img.get_attribute("alt") == frame["alt"]
    captions = explorer.locator(".gd-explorer-grid figcaption").all_inner_texts()
    for caption, k in zip(captions, entries["grid"], strict=True):
        frame = entries["frames"][k]
        assert frame["label"] in caption and frame["summary"] in caption
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    level = sum(int(v) for v in re.findall(r"\d+", background)[:3])
    assert (level < 150) if scheme == "dark" else (level > 600), background
    screenshot(page, f"lr-notes-{lang}-phone-{scheme}-nojs")
    assert not [u for u in page.requested if not own_host(u, served_site)]
    assert not page.failed


# ---------------------------------------------------------------- the α explorer

STATE = """(sel) => {
  const root = document.querySelector(sel);
  const img = [...root.querySelectorAll("img.gd-widget-img")]
    .find((i) => i.getBoundingClientRect().width > 0);
  const text = (s) => root.querySelector(s).textContent.trim();
  const range = root.querySelector("input[type=range]");
  return {shown: root.getAttribute("data-shown"), value: range.value,
          valuetext: range.getAttribute("aria-valuetext"), output: text(".gd-explorer-value"),
          label: text(".gd-explorer-figure .gd-explorer-label"),
          summary: text(".gd-explorer-figure .gd-explorer-summary"),
          src: img.getAttribute("src"), alt: img.getAttribute("alt"),
          loaded: img.complete && img.naturalWidth > 0};
}"""


def assert_frame(page, lang: str, k: int, moved: bool = True) -> None:
    """The explorer shows frame k: slider, image, alt text, words and numbers are gdcore's.
    ``moved``: the reader moved to it (explorer.js then marks it ``data-shown``)."""
    entry = lecture(LR).widget_entries("alpha-explorer", lang)["frames"][k]
    page.wait_for_function(
        """([sel, k, moved]) => { const root = document.querySelector(sel);
             const img = [...root.querySelectorAll("img.gd-widget-img")]
               .find((i) => i.getBoundingClientRect().width > 0);
             const marked = !moved || root.getAttribute("data-shown") === String(k);
             return marked && img && img.complete && img.naturalWidth > 0; }""",
        arg=[EXPLORER, k, moved],
    )
    state = page.evaluate(STATE, EXPLORER)
    assert state["value"] == str(k), state
    assert re.search(rf"(^|/)figures/{entry['figure']}\.(dark\.)?{lang}\.svg", state["src"])
    assert state["loaded"], state
    assert state["alt"] == entry["alt"]
    assert state["label"] == entry["label"] == state["valuetext"]
    assert state["summary"] == entry["summary"]
    assert state["output"] == entry["eq_alpha"]  # "= 0.2" (or "≈ 0.211" for a rounded α)


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_by_keyboard_alone(open_page, served_site, lang):
    page = open_page(path_of(lang, "notes"), viewport=PHONE)
    explorer = page.locator(EXPLORER)
    explorer.scroll_into_view_if_needed()
    entries = lecture(LR).widget_entries("alpha-explorer", lang)
    k = entries["start"]
    assert_frame(page, lang, k, moved=False)
    # From the paragraph before the widget, Tab reaches "−", then the slider.
    explorer.evaluate(
        "(root) => { const p = root.previousElementSibling; p.tabIndex = -1; p.focus(); }"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.delta") == "-1"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == SLIDER[1:]
    page.keyboard.press("ArrowRight")
    assert_frame(page, lang, k + 1)
    page.keyboard.press("End")
    assert_frame(page, lang, len(entries["frames"]) - 1)
    assert entries["frames"][-1]["regime"] == "diverge"
    page.keyboard.press("Home")
    assert_frame(page, lang, 0)
    page.keyboard.press("Tab")  # "+": Enter steps α up
    page.keyboard.press("Enter")
    assert_frame(page, lang, 1)
    assert not [u for u in page.requested if not own_host(u, served_site)]
    assert not page.errors and not page.failed, (page.errors, page.failed)


# ---------------------------------------------------------------- between the lectures


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_leads_from_lecture_1_to_lecture_2_and_back(open_page, served_site, lang):
    page = open_page(f"{PREFIX[lang]}{INTUITION}/summary/")
    nxt = page.locator("a.md-footer__link--next")
    assert lecture(LR).title[lang] in nxt.get_attribute("aria-label")
    with page.expect_navigation():
        nxt.click()
    assert page.url == served_site + path_of(lang, "notes")
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    prev = page.locator("a.md-footer__link--prev")
    assert lecture(INTUITION).title[lang] in prev.get_attribute("aria-label")
    with page.expect_navigation():
        prev.click()
    assert page.url == f"{served_site}{PREFIX[lang]}{INTUITION}/summary/"


@pytest.mark.parametrize(
    ("lang", "query"), [("zh", "批量梯度下降"), ("en", "batch gradient descent")]
)
def test_search_finds_lecture_2_in_the_readers_language(open_page, served_site, lang, query):
    page = open_page(path_of(lang, "home"))
    field = page.locator(".md-search__input")
    field.click()
    field.press_sequentially(query)
    field.press("End")  # Material searches on keyup; typed CJK text sends none
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.locator(".md-search-result__list a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    want = urlsplit(served_site + f"{PREFIX[lang]}{LR}/")
    hits = [h for h in hrefs if urlsplit(h).path == want.path and urlsplit(h).fragment == "batch"]
    assert hits, hrefs
    english = served_site + "en/"
    if lang == "en":
        assert all(h.startswith(english) for h in hrefs), hrefs
    else:
        assert not any(h.startswith(english) for h in hrefs), hrefs
    assert not page.errors
