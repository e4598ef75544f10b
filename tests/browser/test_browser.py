"""The site as a reader sees it: every page of every lecture in Chromium, both languages,
phone and desktop.

One strict build (``built_site``), served on 127.0.0.1 (``served_site``), one Chromium for
the session (``browser``; see conftest.py), a fresh browser context per case. For every page
in both languages (and the 404 page), at 1280×800 and 375×812, in the light and the dark
palette: every formula drawn (typeset at build time, no MathJax script), every image loaded,
each figure shown in the palette's own file, no request to another host, no failed request
or JavaScript error, no horizontal scrolling, no serious or critical axe finding; with
SCREENSHOTS=1, a screenshot in tests/screenshots/ (git-ignored) to look at.
Then the header's language switcher, the question of section 4 (mouse, keyboard alone,
without JavaScript) and search in both languages.

Without Chromium these tests skip (with CI=true they fail): `apt-get install chromium`.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from conftest import DESKTOP, PHONE
from conftest import PAGES as SITE_PAGES
from maths_drawn import maths_problems
from page_probes import IMAGES, SCROLL, axe_findings, own_host, screenshot
from publishing import HTML_LANG

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Expected(NamedTuple):
    """The least a page holds: formulas drawn, images, figures shown (one file each)."""

    maths: int = 0
    images: int = 0
    figures: int = 0


LR = "gradient-descent-linear-regression"
LECTURE_1 = Expected(maths=50, images=6, figures=5)
LECTURE_2 = Expected(maths=100, images=3, figures=3)  # two figures and the explorer's frame
# name -> (path under the site root, what it holds): every page of both lectures in both
# languages, and a missing one (the 404 page).
PAGES = {
    **{
        name: (path, LECTURE_1 if name.endswith("-lecture") else Expected())
        for name, path in SITE_PAGES.items()
    },
    "zh-lr-notes": (f"{LR}/", LECTURE_2),
    "en-lr-notes": (f"en/{LR}/", LECTURE_2),
    "zh-lr-summary": (f"{LR}/summary/", Expected()),
    "en-lr-summary": (f"en/{LR}/summary/", Expected()),
    "404": ("no-such-page/", Expected()),
}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
# Findings of the stock theme outside the content, accepted on the full page (see README):
# (axe rule, CSS target). None at present: site-patches (search_dialog.py) names Material's
# search dialog, site.css fixes link and footer contrast.
THEME_FINDINGS: set[tuple[str, str]] = set()


# ------------------------------------------------------------------ every page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_sees_it(open_page, served_site, name, viewport, scheme):
    path, expected = PAGES[name]
    url = served_site + path
    page = open_page(path, viewport=VIEWPORTS[viewport], color_scheme=scheme)
    problems: list[str] = []

    body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if body_scheme != SCHEMES[scheme]:
        problems.append(f"palette: body has data-md-color-scheme={body_scheme!r}")

    # Typeset at build time: every formula drawn as SVG, none in error, no MathJax script.
    maths, maths_wrong = maths_problems(page)
    problems += maths_wrong
    if maths["maths"] < expected.maths:
        problems.append(f"only {maths['maths']} formulas, expected {expected.maths} or more")

    images = page.evaluate(IMAGES)
    problems += [f"image not loaded: {i['src']}" for i in images if not i["width"]]
    if len(images) < expected.images:
        problems.append(f"only {len(images)} images, expected {expected.images} or more")
    # Each figure (and widget frame) shown in the palette's own file (figures.js).
    figures = [i for i in images if i["shown"] and "/figures/" in i["src"]]
    if len(figures) < expected.figures:
        problems.append(f"only {len(figures)} figures shown: {[i['src'] for i in figures]}")
    problems += [
        f"a figure of the other palette is shown: {i['src']}"
        for i in figures
        if (".dark." in i["src"]) != (scheme == "dark")
    ]

    scroll = page.evaluate(SCROLL)
    if scroll["scrollWidth"] > scroll["clientWidth"]:
        problems.append(
            f"scrolls sideways: scrollWidth {scroll['scrollWidth']} > "
            f"clientWidth {scroll['clientWidth']}; wide elements: {scroll['wide']}"
        )

    for f in axe_findings(page):
        where = "content" if f["inContent"] else "page"
        if f["inContent"] or (f["rule"], f["target"]) not in THEME_FINDINGS:
            problems.append(
                f"axe ({where}): {f['rule']} [{f['impact']}] {f['target']}: {f['summary']}"
            )

    screenshot(page, f"{name}-{viewport}-{scheme}")

    # After everything above ran (search worker, fonts, images).
    problems += [
        f"request to another host: {u}" for u in page.requested if not own_host(u, served_site)
    ]
    if name == "404" and f"404 {url}" not in page.failed:
        problems.append(f"a missing page is not answered with status 404: {page.failed}")
    failed = [f for f in page.failed if not (name == "404" and f == f"404 {url}")]
    problems += [f"failed request: {f}" for f in failed]
    errors = [e for e in page.errors if not (name == "404" and "404 (Not Found)" in e)]
    problems += [f"JavaScript: {e}" for e in errors]

    assert not problems, f"{url} ({viewport}, {scheme}):\n  " + "\n  ".join(problems)


# ------------------------------------------------------------- language switcher

SWITCHES = [
    ("gradient-descent-intuition/", "en", "en/gradient-descent-intuition/"),
    ("gradient-descent-intuition/summary/", "en", "en/gradient-descent-intuition/summary/"),
    ("en/gradient-descent-intuition/", "zh", "gradient-descent-intuition/"),
    ("en/gradient-descent-intuition/summary/", "zh", "gradient-descent-intuition/summary/"),
]


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize(("start", "lang", "target"), SWITCHES)
def test_language_switcher_opens_the_same_page(open_page, served_site, start, lang, target, device):
    """With the mouse on a desktop (hover the 文A button, click), by touch on a phone (tap)."""
    if device == "phone":
        page = open_page(start, viewport=PHONE, has_touch=True, is_mobile=True)
    else:
        page = open_page(start)
    button = page.locator(".md-header__option .md-select > button")
    link = page.locator(f".md-header .md-select__link[hreflang={lang}]")
    opacity = "getComputedStyle(document.querySelector('.md-header .md-select__inner')).opacity"
    assert page.evaluate(opacity) == "0", "the language list is open before it is asked for"
    button.tap() if device == "phone" else button.hover()
    page.wait_for_function(f"() => {opacity} === '1'")  # Material fades it in
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.tap() if device == "phone" else link.click()
    assert page.url == served_site + target
    assert page.evaluate("document.documentElement.lang") == HTML_LANG[lang]


# ----------------------------------------------------------- the question (section 4)

QUIZ = ".gd-quiz"
CORRECT = "unchanged"
WRONG = ("random", "global", "decrease")


def quiz_state(page) -> dict:
    return page.evaluate(
        """() => {
      const quiz = document.querySelector(".gd-quiz");
      const feedback = quiz.querySelector(".gd-quiz-feedback");
      const why = feedback.querySelector(".gd-quiz-why");
      const verdict = feedback.querySelector(".gd-quiz-verdict");
      return {
        correct: feedback.classList.contains("is-correct"),
        wrong: feedback.classList.contains("is-wrong"),
        verdict: verdict ? verdict.textContent : "",
        why: why && !why.hidden && why.offsetHeight > 0 ? why.dataset.for : null,
        checked: (quiz.querySelector("input:checked") || {}).value || null,
        labelCorrect: quiz.dataset.labelCorrect,
        labelWrong: quiz.dataset.labelWrong,
      };
    }"""
    )


def assert_feedback(page, value: str) -> None:
    page.wait_for_function(
        "v => document.querySelector('.gd-quiz').dataset.answered === v", arg=value
    )
    state = quiz_state(page)
    assert state["checked"] == value, state
    assert state["why"] == value, f"the explanation of {value!r} is not shown: {state}"
    if value == CORRECT:
        assert state["correct"] and not state["wrong"], state
        assert state["verdict"] == state["labelCorrect"], state
    else:
        assert state["wrong"] and not state["correct"], state
        assert state["verdict"] == state["labelWrong"], state


@pytest.mark.parametrize("path", ["gradient-descent-intuition/", "en/gradient-descent-intuition/"])
def test_question_with_the_mouse(open_page, path):
    page = open_page(path)
    quiz = page.locator(QUIZ)
    assert quiz.get_attribute("data-correct") == CORRECT
    for value in (*WRONG, CORRECT):
        quiz.locator(f".gd-quiz-option:has(input[value={value}])").click()
        assert_feedback(page, value)


@pytest.mark.parametrize("path", ["gradient-descent-intuition/", "en/gradient-descent-intuition/"])
def test_question_with_the_keyboard_alone(open_page, path):
    page = open_page(path)
    # Start from the section's heading link, then Tab as a reader would until the focus
    # reaches the radio group.
    page.locator("#question .headerlink, #question + * a").first.focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.gd-quiz input[type=radio]')"):
            break
    else:
        pytest.fail("Tab never reached the question's radio buttons")
    first = page.evaluate("document.activeElement.value")
    assert first == CORRECT, f"Tab lands on option {first!r}, expected the first one"
    assert page.evaluate("!document.activeElement.checked"), "Tab alone must not answer"

    page.keyboard.press("Space")  # choose the focused option (A)
    assert_feedback(page, CORRECT)
    for value in WRONG:  # arrow keys move to the next option and choose it
        page.keyboard.press("ArrowDown")
        assert_feedback(page, value)
    page.keyboard.press("ArrowDown")  # wraps around to (A)
    assert_feedback(page, CORRECT)
    page.keyboard.press("ArrowUp")
    assert_feedback(page, WRONG[-1])


@pytest.mark.parametrize(
    ("path", "answer"),
    [("gradient-descent-intuition/", "(A)"), ("en/gradient-descent-intuition/", "(A)")],
)
def test_question_without_javascript_shows_the_answer_in_details(open_page, path, answer):
    page = open_page(path, java_script_enabled=False)
    details = page.locator(f"{QUIZ} details")
    assert details.count() == 1
    assert details.get_attribute("open") is None, "the answer must start collapsed"
    body = details.locator("> :not(summary)").first
    assert not body.is_visible(), "the answer is visible before the reader opens it"
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    text = details.locator("p").first
    assert text.is_visible()
    assert answer in text.inner_text()
    # Nothing of the quiz's script ran: no verdict, every explanation still hidden.
    assert page.locator(f"{QUIZ} .gd-quiz-feedback").inner_text().strip() == ""
    assert page.locator(f"{QUIZ} .gd-quiz-why:visible").count() == 0


# ------------------------------------------------------------------------ search
# Each language searches its own pages (site-patches: search_index.py).


def search(page, query: str) -> list[dict]:
    """Type ``query`` into Material's search; the result links (href, shown or collapsed)."""
    field = page.locator(".md-search__input")
    field.click()
    field.press_sequentially(query)
    # Typed CJK text arrives as text input without key events; Material searches on keyup,
    # which a reader's input method gives when it commits the word. Press a harmless key.
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__list a").evaluate_all(
        "links => links.map(a => ({href: a.href, visible: a.offsetParent !== null}))"
    )


@pytest.mark.parametrize(
    ("path", "query", "section"),
    [
        ("", "学习率", "gradient-descent-intuition/#learning-rate"),
        ("en/", "learning rate", "en/gradient-descent-intuition/#learning-rate"),
    ],
)
def test_search_lists_the_learning_rate_section(open_page, served_site, path, query, section):
    page = open_page(path)
    links = search(page, query)
    want = urlsplit(served_site + section)

    def same_section(href: str) -> bool:
        got = urlsplit(href)  # the result's URL also carries ?h=QUERY, for highlighting
        return got.path == want.path and got.fragment == want.fragment

    hits = [link for link in links if same_section(link["href"])]
    assert hits, f"no result links to {section}: {[link['href'] for link in links]}"
    assert any(h["visible"] for h in hits), f"the result for {section} is collapsed: {hits}"


# Queries whose words occur in both languages' pages: "learning rate" in the Chinese
# lecture too (学习率（learning rate）), 梯度下降 in the English list of sources.
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("", "梯度下降"),
        ("gradient-descent-intuition/", "学习率"),
        ("en/", "learning rate"),
        ("en/gradient-descent-intuition/summary/", "gradient"),
    ],
)
def test_search_lists_only_pages_in_the_reader_language(open_page, served_site, path, query):
    page = open_page(path)
    links = search(page, query)
    english = served_site + "en/"
    hrefs = [link["href"] for link in links]
    assert hrefs, f"no result for {query!r}"
    assert all(h.startswith(served_site) for h in hrefs), hrefs
    if path.startswith("en/"):
        assert all(h.startswith(english) for h in hrefs), f"non-English results: {hrefs}"
    else:
        assert not any(h.startswith(english) for h in hrefs), f"English results: {hrefs}"
    assert not page.errors, page.errors
    assert not page.failed, page.failed


@pytest.mark.parametrize(
    ("path", "query", "section"),
    [
        ("", "学习率", "gradient-descent-intuition/#learning-rate"),
        ("en/", "learning rate", "en/gradient-descent-intuition/#learning-rate"),
    ],
)
def test_search_result_opens_the_section_with_the_words_highlighted(
    open_page, served_site, path, query, section
):
    page = open_page(path)
    search(page, query)
    want = urlsplit(served_site + section)
    link = page.locator(
        f'.md-search-result__list a[href*="{want.path}"][href$="#{want.fragment}"]'
    ).first
    with page.expect_navigation():
        link.click()
    got = urlsplit(page.url)
    assert (got.path, got.fragment) == (want.path, want.fragment), page.url
    assert "h=" in got.query, f"no highlight parameter in {page.url}"
    page.locator("article mark[data-md-highlight]").first.wait_for()
    # textContent, not innerText: a mark inside a closed fold (§5's explanation) is not
    # rendered, and its innerText is empty.
    marked = page.locator("article mark[data-md-highlight]").all_text_contents()
    # Material marks the words of the query it matched (for 学习率 its query segmentation
    # matches 学习), each one in its own language's separator.
    assert all(m.strip() and m.strip().lower() in query for m in marked), marked
    # Marked in the section the result named, too.
    assert page.locator(f"#{want.fragment} ~ * mark[data-md-highlight]").count(), section
    assert not page.errors, page.errors
