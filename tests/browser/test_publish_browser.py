"""Publishing, in Chromium: the offline copy from ``file://`` (maths, figures, search,
navigation), the 404 page in the reader's language, the published build at its address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from maths_drawn import maths_problems
from publishing import (
    CHROMIUM_TIMEOUT_MS,
    HTML_LANG,
    LANGS,
    PREFIX,
    SITE_PATH,
    SITE_URL,
    not_local,
    open_file_page,
    serve_at_site_url,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_offline_lecture_renders_from_the_file_system(
    browser: Any, offline_dir: Path, lang: str
) -> None:
    page = open_file_page(
        browser, offline_dir / f"{PREFIX[lang]}gradient-descent-intuition/index.html"
    )
    try:
        # Typeset at build time: drawn from the file system with no script and no web font.
        maths, problems = maths_problems(page)
        assert not problems, problems
        assert maths["maths"] >= 10, maths
        fonts = page.evaluate("[...document.fonts].map(f => f.family)")
        assert not [f for f in fonts if f.startswith("MJX")], fonts
        # Figures are lazy-loaded: open the folds (the quiz's explanation holds one), bring
        # each into view, then wait for all of them. (Only the light palette's images are
        # shown; their dark twins stay display: none.)
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        shown = "[...document.querySelectorAll('article img')].filter(i => i.offsetWidth)"
        for img in page.query_selector_all("article img:visible"):
            img.scroll_into_view_if_needed()
        page.wait_for_function(f"() => {shown}.every(i => i.complete)", timeout=CHROMIUM_TIMEOUT_MS)
        images = page.evaluate(f"{shown}.map(i => [i.getAttribute('src'), i.naturalWidth])")
        assert len(images) >= 5, images
        assert all(width > 0 for _, width in images), images
        assert all(src.endswith(f".{lang}.svg#only-light") for src, _ in images), images
        assert not not_local(page.requested), not_local(page.requested)
        assert not page.failed, page.failed
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "learning", "en/gradient-descent-intuition/index.html"),
        ("zh", "学习率", "gradient-descent-intuition/index.html"),
        (
            "zh",
            "梯度下降",
            "gradient-descent-intuition/index.html",
        ),  # in the English list of sources too
    ],
)
def test_offline_search_works_from_the_file_system(
    browser: Any, offline_dir: Path, lang: str, query: str, expected: str
) -> None:
    page = open_file_page(browser, offline_dir / f"{PREFIX[lang]}index.html")
    try:
        page.click("input.md-search__input")
        page.keyboard.type(query, delay=20)
        # Material searches on keyup; CJK text is inserted without key events, and a query
        # typed before the index is loaded is not searched again: a key press re-runs it.
        for _ in range(CHROMIUM_TIMEOUT_MS // 500):
            if page.query_selector(".md-search-result__item a"):
                break
            page.keyboard.press("End")
            page.wait_for_timeout(500)
        hrefs = page.evaluate(
            "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
        )
        target = (offline_dir / expected).as_uri()
        assert any(h.startswith(target) for h in hrefs), hrefs
        # Only pages in the reader's language.
        english = (offline_dir / "en").as_uri() + "/"
        assert all(h.startswith(english) == (lang == "en") for h in hrefs), hrefs
        assert not not_local(page.requested), not_local(page.requested)
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_offline_navigation_and_language_switch(browser: Any, offline_dir: Path) -> None:
    page = open_file_page(browser, offline_dir / "index.html")
    try:
        # The home page's links (nav, buttons, switcher) all lead to files of the copy.
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [h.split("#")[0].split("?")[0] for h in hrefs if h.startswith("file:")]
        assert local, hrefs
        for href in local:
            assert Path(href.removeprefix("file://")).is_file(), href
        with page.expect_navigation(wait_until="load"):
            page.eval_on_selector("a.md-select__link[hreflang=en]", "a => a.click()")
        assert page.url == (offline_dir / "en" / "index.html").as_uri(), page.url
        assert page.evaluate("document.documentElement.lang") == "en"
        page.goto(
            (offline_dir / "en" / "gradient-descent-intuition" / "summary.html").as_uri(),
            wait_until="load",
        )
        with page.expect_navigation(wait_until="load"):
            page.eval_on_selector("a.md-select__link[hreflang=zh]", "a => a.click()")
        assert page.url == (offline_dir / "gradient-descent-intuition" / "summary.html").as_uri(), (
            page.url
        )
        assert not page.errors, page.errors
    finally:
        page.context.close()


# ---------------------------------------------------------------- the 404 page in a browser


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "first", "javascript"),
    [
        ("no/such/page/", "zh", True),
        ("en/no/such/page/", "en", True),
        ("en/gradient-descent-intuition/missing.html", "en", True),
        ("en/no/such/page/", "zh", False),  # without JavaScript: both, 中文 first
    ],
)
def test_404_page_puts_the_reader_language_first(
    browser: Any, served_site: str, path: str, first: str, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        response = page.goto(served_site + path, wait_until="load")
        assert response is not None and response.status == 404
        order = page.evaluate(
            "[...document.querySelectorAll('[data-gd-not-found] section')]"
            ".map(s => [s.lang, s.checkVisibility ? s.checkVisibility() : true])"
        )
        assert order and order[0][0] == HTML_LANG[first], order
        assert sorted(lang for lang, _ in order) == ["en", "zh-CN"], order
        assert all(visible for _, visible in order), order
        assert page.evaluate("document.documentElement.lang") == HTML_LANG[first]
        # Only the page itself is a 404: its styles and scripts load from any depth.
        assert failed == [f"404 {served_site}{path}"], failed
        home = page.get_attribute(f"[data-gd-not-found] a[hreflang={first}]", "href")
        assert home == ("/" if first == "zh" else "/en/"), home
        back = page.goto(served_site.rstrip("/") + home, wait_until="load")
        assert back is not None and back.status == 200
    finally:
        context.close()


# ---------------------------------------------------------------- the published build, in a browser


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "gradient-descent-intuition/",
        "en/gradient-descent-intuition/",
        "en/",
        "gradient-descent-intuition/summary/",
    ],
)
def test_published_site_works_at_its_address(browser: Any, published_site: Path, path: str) -> None:
    """At SITE_URL: nothing fails, nothing leaves the site, and the hreflang links stay.

    In particular Material's JavaScript fetches no sitemap.xml next to the hreflang links
    (javascripts/hreflang.js hides them from it while it looks).
    """
    context = browser.new_context()
    try:
        serve_at_site_url(context, published_site)
        page = context.new_page()
        requested: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0
        )
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(SITE_URL + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        assert not failed, failed
        assert not errors, errors
        assert all(u.startswith(SITE_URL) for u in requested), requested
        hreflang = page.evaluate(
            "[...document.querySelectorAll('link[hreflang]')].map(l => [l.rel, l.hreflang, l.href])"
        )
        lang = "en" if path.startswith("en/") else "zh"
        url = path.removeprefix("en/")
        assert sorted(hreflang) == sorted(
            [
                ["alternate", "zh", SITE_URL + url],
                ["alternate", "en", SITE_URL + "en/" + url],
                ["alternate", "x-default", SITE_URL + url],
            ]
        ), hreflang
        assert page.evaluate("document.documentElement.lang") == HTML_LANG[lang]
        if "lecture" in path:
            maths, problems = maths_problems(page)
            assert not problems, problems
            assert maths["maths"] >= 10, maths
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_published_404_at_any_depth(browser: Any, published_site: Path) -> None:
    context = browser.new_context()
    try:
        serve_at_site_url(context, published_site)
        page = context.new_page()
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0
        )
        missing = SITE_URL + "en/a/b/c/missing.html"
        response = page.goto(missing, wait_until="networkidle")
        assert response is not None and response.status == 404
        assert failed == [f"404 {missing}"], failed  # its styles and scripts all load
        assert page.evaluate("document.documentElement.lang") == "en"
        first = page.get_attribute("[data-gd-not-found] section", "lang")
        assert first == "en"
        home = page.get_attribute("[data-gd-not-found] section[lang=en] a", "href")
        assert home == SITE_PATH + "en/"
        page.click("[data-gd-not-found] section[lang=en] a")
        page.wait_for_load_state("load")
        assert page.url == SITE_URL + "en/"
    finally:
        context.close()
