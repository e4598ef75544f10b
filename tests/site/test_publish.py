"""Publishing, in the built sites: page metadata, hreflang, sitemap, the 404 page, the offline
copy. Three builds are read here, each shared by the session (conftest.py):

* ``built_site``: the default, relocatable build (no ``SITE_URL``), which is what local
  builds, the browser tests and pull requests get: no absolute URL anywhere.
* ``published_site``: the build the deploy workflow makes, with ``SITE_URL``, ``REPO_URL``
  and ``OFFLINE_COPY`` set (a project site under a path, like GitHub Pages gives).
* ``offline_zip``: ``python -m scripts offline``, and ``offline_dir``, the zip unzipped.
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from htmltags import Tags
from publishing import (
    LANGS,
    OFFLINE_COPY,
    OG_LOCALE,
    PAGES,
    PDF_EDITION,
    PREFIX,
    REPO_URL,
    SITE_NAMES,
    SITE_PATH,
    SITE_URL,
    front_matter,
    offline_file,
    page_file,
    read_tags,
)
from sitetools import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_description_and_open_graph_in_the_page_language(
    built_site: Path, lang: str, url: str
) -> None:
    page = read_tags(built_site, page_file(PREFIX[lang] + url))
    description = front_matter(lang, url)["description"]
    assert page.meta("description") == [description]  # parsed back: escaped in the HTML
    assert page.meta("og:description") == [description]
    assert page.meta("twitter:description") == [description]
    assert page.meta("og:site_name") == [SITE_NAMES[lang]]
    title = page.meta("og:title")
    assert title == ([SITE_NAMES[lang]] if url == "" else [front_matter(lang, url)["title"]])
    assert page.meta("og:type") == (["website"] if url == "" else ["article"])
    assert page.meta("og:locale") == [OG_LOCALE[lang]]
    other = "en" if lang == "zh" else "zh"
    assert page.meta("og:locale:alternate") == [OG_LOCALE[other]]
    assert page.meta("twitter:card") == ["summary"]


@pytest.mark.slow
def test_relocatable_build_has_no_absolute_url(built_site: Path) -> None:
    """Without SITE_URL: no canonical, hreflang, og:url or sitemap, and only relative links."""
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "sitemap.xml.gz").exists()
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        page = Tags(path.read_text(encoding="utf-8"))
        assert not page.links("canonical"), rel
        assert not [a for a in page.links("alternate") if "hreflang" in a], rel
        assert not page.meta("og:url"), rel
        if rel == "404.html":
            continue  # served for any URL: its links are absolute paths on purpose
        for tag, attrs in page.tags:
            for key in ("href", "src"):
                value = attrs.get(key, "")
                assert not value.startswith("/"), f"{rel}: <{tag} {key}={value!r}>"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_language_switcher_links_the_counterpart_relatively(
    built_site: Path, lang: str, url: str
) -> None:
    rel = page_file(PREFIX[lang] + url)
    page = read_tags(built_site, rel)
    for target in LANGS:
        links = [a["href"] for a in page.all("a") if a.get("hreflang") == target]
        assert links, f"{rel}: no switcher link to {target}"
        expected = posixpath.normpath(PREFIX[target] + url or ".")
        for href in links:
            assert not urlsplit(href).scheme and not href.startswith("/"), (rel, href)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            assert resolved == expected, (rel, href, resolved)


@pytest.mark.slow
def test_footer_has_no_repository_or_download_link_by_default(built_site: Path) -> None:
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-gd-repository" not in text
    assert "data-gd-offline-copy" not in text


# ---------------------------------------------------------------- the 404 page


@pytest.mark.slow
def test_404_page_serves_both_languages_default_first(built_site: Path) -> None:
    text = (built_site / "404.html").read_text(encoding="utf-8")
    page = Tags(text)
    assert re.search(r'<html[^>]*\blang="zh-CN"', text)
    assert "页面未找到" in page.title and "Page not found" in page.title, page.title
    assert page.meta("robots") == ["noindex"]
    sections = [a for a in page.all("section") if "data-prefix" in a]
    assert [(s["lang"], s["data-prefix"]) for s in sections] == [("zh-CN", "/"), ("en", "/en/")]
    homes = {a["hreflang"]: a["href"] for a in page.all("a") if a.get("hreflang")}
    assert homes == {"zh": "/", "en": "/en/"}, homes
    assert text.index("页面未找到") < text.index("Page not found")
    assert page.all("script", src="/javascripts/not-found.js")
    assert (built_site / "javascripts" / "not-found.js").is_file()
    assert not page.links("alternate") and not page.links("canonical")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_canonical_hreflang_and_og_url(published_site: Path, lang: str, url: str) -> None:
    page = read_tags(published_site, page_file(PREFIX[lang] + url))
    own = SITE_URL + PREFIX[lang] + url
    assert [a["href"] for a in page.links("canonical")] == [own]
    assert page.meta("og:url") == [own]
    alternates = {a["hreflang"]: a["href"] for a in page.links("alternate") if "hreflang" in a}
    assert alternates == {
        "zh": SITE_URL + url,
        "en": SITE_URL + "en/" + url,
        "x-default": SITE_URL + url,
    }, alternates
    assert len([a for a in page.links("alternate") if "hreflang" in a]) == 3


@pytest.mark.slow
def test_sitemap_lists_both_languages_with_alternates(published_site: Path) -> None:
    raw = (published_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((published_site / "sitemap.xml.gz").read_bytes()) == raw
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(raw)
    entries = {}
    for url in root.findall("sm:url", ns):
        loc = url.findtext("sm:loc", namespaces=ns)
        entries[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        assert url.find("sm:lastmod", ns) is None, "lastmod would be the build date"
    expected = {SITE_URL + PREFIX[lang] + url for lang in LANGS for url in PAGES}
    assert set(entries) == expected
    for loc, alternates in entries.items():
        url = loc.removeprefix(SITE_URL).removeprefix("en/")
        assert alternates == {
            "zh": SITE_URL + url,
            "en": SITE_URL + "en/" + url,
            "x-default": SITE_URL + url,
        }, loc


@pytest.mark.slow
def test_published_pages_keep_their_links_relative(published_site: Path) -> None:
    """Only canonical/hreflang/og:url are absolute: the pages still work from any host."""
    for path in sorted(published_site.rglob("*.html")):
        rel = path.relative_to(published_site).as_posix()
        if rel == "404.html":
            continue
        page = Tags(path.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            rels = attrs.get("rel", "").split()
            if tag == "link" and ("canonical" in rels or "alternate" in rels):
                continue
            for key in ("href", "src"):
                value = attrs.get(key, "")
                assert not value.startswith("/"), f"{rel}: <{tag} {key}={value!r}>"
                assert not value.startswith(SITE_URL), f"{rel}: <{tag} {key}={value!r}>"


@pytest.mark.slow
def test_published_404_links_and_assets_live_under_the_site_path(published_site: Path) -> None:
    text = (published_site / "404.html").read_text(encoding="utf-8")
    page = Tags(text)
    homes = {a["hreflang"]: a["href"] for a in page.all("a") if a.get("hreflang")}
    assert homes == {"zh": SITE_PATH, "en": SITE_PATH + "en/"}, homes
    sections = [(s["lang"], s["data-prefix"]) for s in page.all("section") if "data-prefix" in s]
    assert sections == [("zh-CN", SITE_PATH), ("en", SITE_PATH + "en/")]
    for attrs in page.links("stylesheet") + page.all("script"):
        url = attrs.get("href") or attrs.get("src")
        if url:
            assert url.startswith(SITE_PATH), url
    assert not [a for a in page.links("alternate") if "hreflang" in a]


@pytest.mark.slow
def test_published_footer_links_the_repository_and_the_offline_copy(
    published_site: Path,
) -> None:
    for lang in LANGS:
        for url in PAGES:
            rel = page_file(PREFIX[lang] + url)
            page = read_tags(published_site, rel)
            repo = [a for a in page.all("a") if "data-gd-repository" in a]
            assert [a["href"] for a in repo] == [REPO_URL], rel
            offline = [a for a in page.all("a") if "data-gd-offline-copy" in a]
            assert len(offline) == 1, rel
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), offline[0]["href"]))
            assert target == OFFLINE_COPY, (rel, offline[0]["href"])
            # The PDF edition, in the page's language (issue 24).
            pdf = [a for a in page.all("a") if "data-gd-pdf-edition" in a]
            assert len(pdf) == 1, rel
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), pdf[0]["href"]))
            assert target == PDF_EDITION.format(lang=lang), (rel, pdf[0]["href"])


# ---------------------------------------------------------------- the offline copy


@pytest.mark.slow
def test_offline_zip_holds_the_site_for_file_urls(offline_zip: Path, offline_dir: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
    assert all(n.startswith("machine-learning-notes/") for n in names)
    for lang in LANGS:
        for url in PAGES:
            # No directory URLs: file:// shows a folder listing for ".../lecture/".
            name = f"{PREFIX[lang]}{offline_file(url)}"
            assert (offline_dir / name).is_file(), name
    assert not (offline_dir / "404.html").exists()
    assert not list(offline_dir.rglob("*.map"))
    # Maths is typeset at build time: no copy of MathJax (about 2 MB) in the zip.
    assert not [n for n in names if "mathjax" in n.lower()], names
    # Each language's own search index, inlined for file:// (site-patches: search_index.py).
    for lang in LANGS:
        index = (offline_dir / PREFIX[lang] / "search" / "search_index.js").read_text("utf-8")
        assert index.startswith("var __index = ")
        docs = json.loads(index.removeprefix("var __index = "))["docs"]
        assert {d["location"].split("#")[0] for d in docs} == {
            offline_file(url) for url in PAGES
        }, lang
    shim = offline_dir / "assets" / "javascripts" / "iframe-worker.js"
    assert (
        shim.read_bytes()
        == (REPO_ROOT / "scripts/sitebuild/patches/vendor/iframe-worker/shim.js").read_bytes()
    )
    for path in offline_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, path
        assert "must-not-leak" not in text, path
        assert "data-gd-offline-copy" not in text, path
        page = Tags(text)
        for tag, attrs in page.tags:
            for key in ("src",) if tag != "link" else ("href",):
                value = attrs.get(key, "")
                assert not re.match(r"(https?:)?//", value), f"{path.name}: <{tag}> {value}"


@pytest.mark.slow
def test_offline_zip_is_deterministic(offline_dir: Path, tmp_path: Path) -> None:
    from scripts.release import offline

    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    offline.write_zip(offline_dir, a)
    os.utime(offline_dir / "index.html", (0, 0))  # file times must not matter
    offline.write_zip(offline_dir, b)
    assert a.read_bytes() == b.read_bytes()
