"""The built site: both languages, figures per language, no other host, MathJax, search.

Everything here reads the output of one strict build (the session fixture ``built_site``
in conftest.py): `mkdocs build --strict` with MkDocs' link and anchor validation on.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from htmltags import Tags
from lectures import INTUITION, lecture
from publishing import HTML_LANG

L = lecture()
FIGURE_NAMES = tuple(L.figures)

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
LANG_PREFIX = {"zh": "", "en": "en/"}
SECTION_IDS = (
    "derivative-term",
    "slope-sign",
    "learning-rate",
    "question",
    "answer",
    "shrinking-steps",
)
SITE_NAMES = {
    "zh": "吴恩达《机器学习》课程笔记",
    "en": "Machine Learning (Andrew Ng) · Course notes",
}
# The home page, each lecture's notes and key points, each lecture's section (its title).
NAV_TITLES = {
    "zh": ("首页", "讲义", "要点", "梯度下降直观感受", "梯度下降的线性回归"),
    "en": (
        "Home",
        "Lecture",
        "Key points",
        "Gradient Descent Intuition",
        "Gradient Descent for Linear Regression",
    ),
}
MATHS_MARKER = 'class="arithmatex"'
# Tag -> attributes holding a URL the browser fetches by itself.
FETCHED = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}


class Page(Tags):
    """The few facts of a built HTML page the tests need."""

    def __init__(self, site: Path, rel: str) -> None:
        self.rel = rel  # e.g. "en/gradient-descent-intuition/index.html"
        self.lang = "en" if rel.startswith("en/") else "zh"
        super().__init__((site / rel).read_text(encoding="utf-8"))

    def fetched_urls(self) -> list[tuple[str, str]]:
        return [(t, a[k]) for t, a in self.tags for k in FETCHED.get(t, ()) if a.get(k)]

    @property
    def has_maths(self) -> bool:
        return MATHS_MARKER in self.html

    def resolve(self, url: str) -> str | None:
        """The site-relative file a relative URL of this page points to (None: not local)."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return self.rel
        if path.startswith("/"):  # root-relative, as in 404.html
            target = posixpath.normpath(path.lstrip("/") or ".")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.rel), path))
        if target == ".":
            return "index.html"
        return posixpath.join(target, "index.html") if path.endswith("/") else target


def site_url_host() -> str | None:
    """The host of mkdocs.yml's site_url, if one is set (the site's own host)."""
    m = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", (REPO_ROOT / "mkdocs.yml").read_text(), re.M)
    return urlsplit(m.group(1)).hostname if m else None


def load(site: Path, rel: str) -> Page:
    assert (site / rel).is_file(), f"{rel} was not built"
    return Page(site, rel)


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Page]:
    """Every HTML page of the site, by site-relative path."""
    found = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert found, "no HTML page built"
    return {rel: Page(built_site, rel) for rel in found}


# Old URLs of lecture 1 (plugins.notes.redirects): pages that send the reader on.
REDIRECTS = {"lecture/": f"{INTUITION}/", "summary/": f"{INTUITION}/summary/"}


def is_redirect(page: Page) -> bool:
    return 'http-equiv="refresh"' in page.html


def lang_pages(pages: dict[str, Page], lang: str) -> list[Page]:
    """The pages of ``lang`` (not the 404 page, not the old URLs that redirect)."""
    return [
        p for rel, p in pages.items() if p.lang == lang and rel != "404.html" and not is_redirect(p)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_old_urls_of_lecture_1_send_the_reader_to_its_pages(pages, lang) -> None:
    """Its pages moved into its folder (docs/gradient-descent-intuition/): the old URLs
    stay, as pages with a refresh, a canonical link and a script that keeps the #anchor."""
    stubs = {rel for rel, p in pages.items() if is_redirect(p)}
    assert stubs == {
        f"{prefix}{old}index.html" for prefix in LANG_PREFIX.values() for old in REDIRECTS
    }
    for old, new in REDIRECTS.items():
        stub = pages[f"{LANG_PREFIX[lang]}{old}index.html"]
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', stub.html)[1]
        assert stub.resolve(refresh) == f"{LANG_PREFIX[lang]}{new}index.html"
        assert f"{LANG_PREFIX[lang]}{new}index.html" in pages
        [script] = [a for t, a in stub.tags if t == "script"]
        assert stub.resolve(script["src"]) == "javascripts/redirect.js"
        assert script["data-target"] == refresh
        assert '<meta name="robots" content="noindex">' in stub.html


# ----------------------------------------------------------------- structure


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_has_home_lecture_and_summary(built_site: Path, lang: str) -> None:
    prefix = LANG_PREFIX[lang]
    for page in (
        "index.html",
        "gradient-descent-intuition/index.html",
        "gradient-descent-intuition/summary/index.html",
    ):
        p = load(built_site, prefix + page)
        assert re.search(rf'<html[^>]*\blang="{HTML_LANG[lang]}"', p.html), f"{p.rel}: html lang"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lecture_has_its_six_sections(built_site: Path, lang: str) -> None:
    p = load(built_site, LANG_PREFIX[lang] + "gradient-descent-intuition/index.html")
    missing = [i for i in SECTION_IDS if i not in p.ids]
    assert not missing, f"{p.rel} lacks the sections {missing}"
    headings = [a.get("id") for t, a in p.tags if t == "h2"]
    assert [h for h in headings if h in SECTION_IDS] == list(SECTION_IDS), headings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_site_name_and_nav_titles_per_language(built_site: Path, lang: str) -> None:
    p = load(built_site, LANG_PREFIX[lang] + "gradient-descent-intuition/index.html")
    assert SITE_NAMES[lang] in p.title, p.title
    for title in NAV_TITLES[lang]:
        assert re.search(rf'class="md-ellipsis">\s*{re.escape(title)}\s*<', p.html), title
    other = "en" if lang == "zh" else "zh"
    assert not re.search(rf'class="md-ellipsis">\s*{NAV_TITLES[other][2]}\s*<', p.html)


@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh")])
def test_language_switcher_stays_on_the_page(built_site: Path, lang: str, other: str) -> None:
    for page in (
        "gradient-descent-intuition/index.html",
        "gradient-descent-intuition/summary/index.html",
    ):
        p = load(built_site, LANG_PREFIX[lang] + page)
        links = [a["href"] for a in p.all("a") if a.get("hreflang") == other]
        assert links, f"{p.rel}: no language switcher link to {other}"
        assert {p.resolve(h) for h in links} == {LANG_PREFIX[other] + page}, links


def test_root_404_page_is_in_the_default_language(built_site: Path) -> None:
    p = load(built_site, "404.html")
    assert re.search(r'<html[^>]*\blang="zh-CN"', p.html), "404.html is not the 中文 one"
    assert SITE_NAMES["zh"] in p.title, p.title


def test_light_and_dark_palettes_with_a_toggle(built_site: Path) -> None:
    p = load(built_site, "index.html")
    schemes = {a.get("data-md-color-scheme") for a in p.all("input")}
    assert {"default", "slate"} <= schemes, schemes
    assert 'data-md-color-media="(prefers-color-scheme: dark)"' in p.html


# ----------------------------------------------------------------- figures


def test_every_local_resource_resolves(built_site: Path, pages: dict[str, Page]) -> None:
    broken = []
    for p in pages.values():
        for tag, url in p.fetched_urls():
            if tag == "link" and not url:
                continue
            target = p.resolve(url)
            if target is not None and not (built_site / target).is_file():
                broken.append(f"{p.rel}: <{tag}> {url}")
    assert not broken, "\n".join(broken)


def test_every_img_resolves_and_has_alt(built_site: Path, pages: dict[str, Page]) -> None:
    n = 0
    for p in pages.values():
        for img in p.all("img"):
            src = img.get("src", "")
            target = p.resolve(src)
            assert target is not None, f"{p.rel}: <img src={src!r}> is not a file of the site"
            assert (built_site / target).is_file(), f"{p.rel}: <img src={src!r}> does not resolve"
            assert img.get("alt", "").strip(), f"{p.rel}: <img src={src!r}> has no alt text"
            n += 1
    assert n >= 2 * len(L.declared), f"only {n} images on the whole site"


def figure_metadata(svg_file: Path) -> dict:
    """The JSON gdcore stores in a figure's <metadata> element."""
    m = re.search(r"<metadata[^>]*>(.*?)</metadata>", svg_file.read_text(encoding="utf-8"), re.S)
    assert m, f"{svg_file.name}: no <metadata>"
    return json.loads(html.unescape(m.group(1)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_figures_of_their_own_language(
    built_site: Path, pages: dict[str, Page], lang: str
) -> None:
    used = set()
    for p in lang_pages(pages, lang):
        for img in p.all("img"):
            target = p.resolve(img["src"]) or ""
            if posixpath.dirname(target) != f"{INTUITION}/figures":
                continue
            name = posixpath.basename(target)
            assert name.endswith(f".{lang}.svg"), f"{p.rel} ({lang}) shows {name}"
            data = figure_metadata(built_site / target)
            assert data.get("lang") == lang, f"{name}: metadata lang {data.get('lang')!r}"
            used.add(name.removesuffix(f".{lang}.svg").removesuffix(".dark"))
    lecture = load(built_site, LANG_PREFIX[lang] + "gradient-descent-intuition/index.html")
    assert any("figures/" in i.get("src", "") for i in lecture.all("img")), "no lecture figure"
    assert used <= set(FIGURE_NAMES), used - set(FIGURE_NAMES)


def test_both_languages_show_the_same_figures(pages: dict[str, Page]) -> None:
    def names(lang: str) -> set[str]:
        out = set()
        for p in lang_pages(pages, lang):
            for img in p.all("img"):
                target = p.resolve(img["src"]) or ""
                if posixpath.dirname(target) == f"{INTUITION}/figures":
                    out.add(posixpath.basename(target).rsplit(".", 2)[0])
        return out

    assert names("zh") == names("en")


def test_every_figure_is_built_in_both_languages(built_site: Path) -> None:
    for name in FIGURE_NAMES:
        for lang in LANG_PREFIX:
            assert (built_site / INTUITION / "figures" / f"{name}.{lang}.svg").is_file(), name


def test_no_figure_or_mathjax_file_is_committed() -> None:
    docs = REPO_ROOT / "docs"
    assert not (docs / "figures").exists(), "docs/figures/ exists: figures are generated"
    assert not list(docs.rglob("*.svg")), "an SVG is in docs/: figures are generated"
    assert not list(docs.rglob("tex-*.js")), "MathJax runs at build time from its package"


# ----------------------------------------------------------------- other hosts


def test_no_request_to_another_host(pages: dict[str, Page]) -> None:
    own = site_url_host()
    offsite = []
    for p in pages.values():
        for tag, url in p.fetched_urls():
            parts = urlsplit(url)
            absolute = url.startswith("//") or parts.scheme in ("http", "https")
            if absolute and (own is None or parts.hostname != own):
                offsite.append(f"{p.rel}: <{tag}> {url}")
    assert not offsite, "\n".join(offsite)


def test_no_google_fonts_or_cdn_in_the_site_css(built_site: Path) -> None:
    for css in ("stylesheets/site.css", "stylesheets/quiz.css"):
        path = built_site / css
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
            assert "@import" not in text, css


# ----------------------------------------------------------------- MathJax
# The maths is typeset at build time: tests/test_maths.py checks every formula of every page.


def test_no_page_loads_mathjax(built_site: Path, pages: dict[str, Page]) -> None:
    for p in pages.values():
        scripts = [s["src"] for s in p.all("script") if s.get("src")]
        assert not [s for s in scripts if "mathjax" in s.lower()], f"{p.rel}: {scripts}"
    assert not [p for p in built_site.rglob("*") if "mathjax" in p.name.lower()]
    with_maths = [p.rel for p in pages.values() if p.has_maths]
    assert (
        "gradient-descent-intuition/index.html" in with_maths
        and "en/gradient-descent-intuition/index.html" in with_maths
    )


# ----------------------------------------------------------------- search
# One index per language (site-patches: search_index.py): 中文 at search/, English at
# en/search/, each with locations relative to its language's root.


@pytest.fixture(scope="module")
def search_indexes(built_site: Path) -> dict[str, dict]:
    return {
        lang: json.loads(
            (built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
        )
        for lang, prefix in LANG_PREFIX.items()
    }


def tokens(doc: dict, separator: re.Pattern[str]) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")
    return {t.lower() for t in separator.split(text) if t}


def test_search_separator_splits_chinese_on_zero_width_space(search_indexes) -> None:
    separator = search_indexes["zh"]["config"]["separator"]
    assert re.fullmatch(separator, "\u200b"), separator


def test_each_language_has_its_own_search_index(search_indexes, pages) -> None:
    for lang, index in search_indexes.items():
        assert index["config"]["lang"] == [lang], index["config"]
        # Every page of the language, and nothing else (locations relative to its root).
        indexed = {d["location"].split("#")[0] for d in index["docs"]}
        built = {
            p.rel.removeprefix(LANG_PREFIX[lang]).removesuffix("index.html")
            for p in lang_pages(pages, lang)
        }
        assert indexed == built, (lang, sorted(indexed), sorted(built))
    english = json.dumps(search_indexes["en"], ensure_ascii=False)
    assert "\u200b" not in english, "jieba's word breaks in the English index"
    assert "\u200b" not in json.dumps(search_indexes["en"]["config"])


def test_search_index_holds_segmented_chinese(search_indexes) -> None:
    separator = re.compile(search_indexes["zh"]["config"]["separator"])
    docs = search_indexes["zh"]["docs"]
    assert any("\u200b学习率\u200b" in d["text"] for d in docs), "学习率 is not a segmented word"
    section = [d for d in docs if d["location"] == "gradient-descent-intuition/#learning-rate"]
    assert section, "no search entry for the Chinese learning-rate section"
    assert "学习率" in tokens(section[0], separator)


def test_search_index_has_the_english_learning_rate_section(search_indexes) -> None:
    separator = re.compile(search_indexes["en"]["config"]["separator"])
    section = [
        d
        for d in search_indexes["en"]["docs"]
        if d["location"] == "gradient-descent-intuition/#learning-rate"
    ]
    assert section, "no search entry for the English learning-rate section"
    assert {"learning", "rate"} <= tokens(section[0], separator)


def test_pages_search_their_own_language(pages) -> None:
    """Material fetches search/search_index.json relative to the ``base`` of a page's
    ``__config``: the English pages' base is the English root."""
    for lang in LANG_PREFIX:
        for page in lang_pages(pages, lang):
            m = re.search(
                r'<script id="__config" type="application/json">(.*?)</script>', page.html, re.S
            )
            assert m, f"{page.rel}: no __config"
            base = json.loads(m.group(1))["base"]
            root = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), base))
            assert root == (LANG_PREFIX[lang].rstrip("/") or "."), (page.rel, base)
            assert base.endswith("/") or lang == "zh", (page.rel, base)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_lecture_figure_sits_in_its_section_with_alt_and_caption(built_site, lang):
    page = (built_site / LANG_PREFIX[lang] / INTUITION / "index.html").read_text("utf-8")
    starts = [page.index(f'id="{sid}"') for sid in SECTION_IDS] + [len(page)]
    shown = re.findall(r'<figure class="gd-figure" id="figure-([\w-]+)"', page)
    for name, scenario in L.declared.items():
        k = scenario.section - 1
        body = page[starts[k] : starts[k + 1]]
        img = re.search(rf'<img[^>]*src="[^"]*figures/{name}\.{lang}\.svg#only-light"[^>]*>', body)
        assert img, f"{name} is not in section {scenario.section} ({SECTION_IDS[k]}) of {lang}"
        alt = html.unescape(re.search(r'alt="([^"]*)"', img.group(0)).group(1))
        assert alt == L.alt(name, lang), f"{name}: alt is not gdcore's"
        # Right after the image: its dark-palette twin (in a <template>), then the caption.
        dark = re.match(
            r'\s*<template class="gd-dark-figure">(<img[^>]*>)</template>', body[img.end() :]
        )
        assert dark, f"{name}: no dark-palette twin right after the image"
        assert f"figures/{name}.dark.{lang}.svg#only-dark" in dark.group(1)
        assert html.unescape(re.search(r'alt="([^"]*)"', dark.group(1)).group(1)) == alt
        caption = re.match(
            r"\s*<figcaption>(.*?)</figcaption>", body[img.end() + dark.end() :], re.S
        )
        assert caption, f"{name}: no caption right after the image"
        # Numbered in the order the page shows its figures (issue 24): "图 3　…", "Figure 3. …".
        number = shown.index(name) + 1
        assert html.unescape(caption.group(1)) == NUMBERED_CAPTION[lang].format(
            n=number, caption=L.caption(name, lang)
        )


NUMBERED_CAPTION = {"zh": "图 {n}　{caption}", "en": "Figure {n}. {caption}"}


# Issue 22 #12: a word the page shows is a word of its language's index, whatever
# punctuation (half-width or full-width) stands next to it.
WORD = re.compile(r"[^\W_\u3400-\u9fff]+")  # letters and digits, Han left to jieba
NOT_TEXT = {"script", "style", "template", "svg", "mjx-container"}


class ShownText(HTMLParser):
    """The text of a page's <article> a reader sees and search indexes: not its scripts,
    styles, templates, maths, nor what Material's search leaves out by design
    (``data-search-exclude``: the widgets, whose every number search would list)."""

    def __init__(self, page_html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, left out)
        self._article = 0
        self.feed(page_html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "br", "hr", "input", "meta", "link", "source", "wbr", "use", "path"):
            return
        left_out = tag in NOT_TEXT or any(k == "data-search-exclude" for k, _ in attrs)
        self._stack.append((tag, left_out))
        self._article += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            top, _ = self._stack.pop()
            self._article -= top == "article"
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._article and not any(left_out for _, left_out in self._stack):
            self.text.append(data)


def shown_words(page_html: str) -> set[str]:
    """The non-Han words a reader sees in a page's article."""
    return {w.lower() for w in WORD.findall(" ".join(ShownText(page_html).text))}


def indexed_words(index: dict) -> set[str]:
    """The words of an index as Material's search makes them: the text outside tags, split at
    the index's own separator (Material's tokenizer, lowercased)."""
    separator = re.compile(index["config"]["separator"])
    words = set()
    for doc in index["docs"]:
        for field in ("title", "text"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", doc[field]))
            words |= {w.lower() for w in separator.split(text) if w}
    return words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_word_a_page_shows_is_a_word_of_its_search_index(
    built_site: Path, search_indexes, lang: str
) -> None:
    words = indexed_words(search_indexes[lang])
    for name in ("index.html", f"{INTUITION}/index.html", f"{INTUITION}/summary/index.html"):
        page = (built_site / LANG_PREFIX[lang] / name).read_text(encoding="utf-8")
        shown = shown_words(page)
        missing = sorted(shown - words)
        assert not missing, f"{lang} {name}: shown but not searchable as words: {missing[:20]}"
    if lang == "zh":  # the cases of the issue: （Andrew Ng）, （Gradient Descent Intuition）
        assert {"andrew", "ng", "gradient", "descent", "intuition", "learning"} <= words
