"""What the publishing tests share: the published build's settings, the pages of each
language, and helpers to read and open them (tests/site/test_publish.py, the offline copy's,
the CSP's and the browser tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from htmltags import Tags
from sitetools import REPO_ROOT

SITE_URL = "https://example.org/gradient-descent-intuition/"
SITE_PATH = urlsplit(SITE_URL).path
REPO_URL = "https://github.com/example/gradient-descent-intuition"
OFFLINE_COPY = "gradient-descent-intuition-offline.zip"
PDF_EDITION = "pdf/machine-learning-notes.{lang}.pdf"  # as the deploy workflow sets it

LANGS = ("zh", "en")
PREFIX = {"zh": "", "en": "en/"}
# Site-relative directory URLs, per language, and the page each is built from.
PAGES = (
    "",
    "gradient-descent-intuition/",
    "gradient-descent-intuition/summary/",
    "gradient-descent-linear-regression/",
    "gradient-descent-linear-regression/summary/",
)
SOURCES = {
    "": "index",
    "gradient-descent-intuition/": "gradient-descent-intuition/index",
    "gradient-descent-intuition/summary/": "gradient-descent-intuition/summary",
    "gradient-descent-linear-regression/": "gradient-descent-linear-regression/index",
    "gradient-descent-linear-regression/summary/": "gradient-descent-linear-regression/summary",
}
OG_LOCALE = {"zh": "zh_CN", "en": "en_US"}


def offline_file(url: str) -> str:
    """The file of a page in the offline copy (no directory URLs): a folder's index page is
    FOLDER/index.html, another page PAGE.html."""
    if SOURCES[url].split("/")[-1] == "index":
        return f"{url}index.html"
    return f"{url.rstrip('/')}.html"


HTML_LANG = {"zh": "zh-CN", "en": "en"}  # docs/languages/LANG.yml: html_lang
SITE_NAMES = {
    "zh": "吴恩达《机器学习》课程笔记",
    "en": "Machine Learning (Andrew Ng) · Course notes",
}
CHROMIUM_TIMEOUT_MS = 20_000


def page_file(url: str) -> str:
    """A site-relative directory URL -> the file MkDocs wrote."""
    return f"{url}index.html"


def read_tags(site: Path, rel: str) -> Tags:
    path = site / rel
    assert path.is_file(), f"{rel} was not built"
    return Tags(path.read_text(encoding="utf-8"))


def front_matter(lang: str, url: str) -> dict[str, Any]:
    text = (REPO_ROOT / "docs" / f"{SOURCES[url]}.{lang}.md").read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert m, f"{SOURCES[url]}.{lang}.md has no front matter"
    return yaml.safe_load(m.group(1))


def open_file_page(browser: Any, path: Path, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
    page = context.new_page()
    page.requested, page.failed, page.errors = [], [], []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("requestfailed", lambda r: page.failed.append(f"{r.failure} {r.url}"))
    page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: page.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.goto(path.as_uri(), wait_until="load")
    return page


def not_local(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("file:", "data:", "blob:", "about:"))]


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".zip": "application/zip",
}


def serve_at_site_url(context: Any, site: Path) -> None:
    """Answer every request of ``context`` for SITE_URL from ``site``, like GitHub Pages would
    (index.html for a directory, 404.html with status 404 for anything else)."""

    def handle(route: Any) -> None:
        url = route.request.url.split("#")[0].split("?")[0]
        target = site / url.removeprefix(SITE_URL) if url.startswith(SITE_URL) else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is not None and target.is_file():
            content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            route.fulfill(status=200, body=target.read_bytes(), content_type=content_type)
        else:
            body = (site / "404.html").read_bytes()
            route.fulfill(status=404, body=body, content_type=CONTENT_TYPES[".html"])

    context.route("**/*", handle)
