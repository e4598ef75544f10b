"""Every page works under its Content-Security-Policy, and an injected inline script does not
run (site-patches: csp.py): the served site (both languages, the 404 page), the published
build at its address, and the offline copy from file://, in Chromium.

The browser reports every violation as a ``securitypolicyviolation`` event, listened for
from before the page's first script; each page is used as a reader would (search typed and
answered, folds opened, the palette toggled) before the violations are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PAGES, page_at
from publishing import SITE_URL, serve_at_site_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`.trim());
});
"""
INJECT = """() => new Promise((done) => {
  const script = document.createElement("script");
  script.textContent = "window.__injected = true";
  document.body.append(script);
  setTimeout(() => done(window.__injected === true), 200);
})"""


def use_the_page(page: Any, query: str) -> None:
    """Search, open the folds, switch the palette: most of what Material's scripts do."""
    field = page.locator(".md-search__input")
    field.click()
    field.press_sequentially(query)
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    page.keyboard.press("Escape")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    toggle = page.locator("label.md-header__button[for^='__palette']:visible")
    if toggle.count():
        toggle.first.click()
    page.wait_for_timeout(300)


def violations_then_injection(page: Any) -> tuple[list[str], bool, list[str]]:
    before = page.evaluate("window.__violations.slice()")
    ran = page.evaluate(INJECT)
    after = page.evaluate("window.__violations.slice()")
    return before, ran, after[len(before) :]


def check(page: Any, query: str) -> None:
    use_the_page(page, query)
    before, ran, injected = violations_then_injection(page)
    assert before == [], f"{page.url}: violations of the policy: {before}"
    assert not ran, f"{page.url}: an injected inline script ran"
    assert injected and injected[0].startswith("script-src"), injected


QUERIES = {"zh": "学习率", "en": "learning"}


@pytest.mark.parametrize("name", [*PAGES, "404"])
def test_every_served_page_works_under_its_policy(browser: Any, served_site: str, name) -> None:
    path = PAGES.get(name, "no/such/page/")
    with page_at(browser) as page:
        page.add_init_script(LISTEN)
        page.goto(served_site + path, wait_until="load")
        check(page, QUERIES["en" if path.startswith("en/") else "zh"])
        errors = [e for e in page.errors if "404 (Not Found)" not in e and "__injected" not in e]
        assert not [e for e in errors if "Content Security Policy" not in e], errors


@pytest.mark.parametrize("path", ["", "en/gradient-descent-intuition/", "en/no/such/page.html"])
def test_the_published_site_works_under_its_policy(
    browser: Any, published_site: Path, path: str
) -> None:
    context = browser.new_context()
    try:
        serve_at_site_url(context, published_site)
        page = context.new_page()
        page.add_init_script(LISTEN)
        page.goto(SITE_URL + path, wait_until="networkidle")
        check(page, QUERIES["en" if path.startswith("en/") else "zh"])
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "lang"), [("index.html", "zh"), ("en/gradient-descent-intuition/index.html", "en")]
)
def test_the_offline_copy_works_under_its_policy(
    browser: Any, offline_dir: Path, path: str, lang: str
) -> None:
    """Search runs in the Web Worker shim's frame, whose inline script the policy hashes."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(LISTEN)
        page.goto((offline_dir / path).as_uri(), wait_until="load")
        check(page, QUERIES[lang])
    finally:
        context.close()
