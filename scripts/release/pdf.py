"""The PDF edition: one PDF per language of the whole site, printed from the built site.

    python -m scripts pdf                   # build the site (strict), then its PDFs
    python -m scripts pdf --site site       # the PDFs of a site already built into site/
    python -m scripts pdf --site site -o DIR   # ... written into DIR instead

Writes ``SITE/pdf/machine-learning-notes.LANG.pdf`` (or PDF_EDITION, with ``{lang}``, the
path the site's footer links) for each language: a title page, a
table of contents with page numbers, then each lecture (its notes, then its key points),
each lecture's exercise and quiz answers gathered in an appendix after it, the page
number and the site's name on every page, the PDF's outline (bookmarks) from the headings.

How: the lecture pages of the built site (their article, as the site serves it: figures
are the site's SVG files, the maths is MathJax's SVG from the build) are put into one HTML
document, links between them turned into links inside the document, and headless
Chromium (the one the browser tests drive) prints it with JavaScript off, so each α
explorer and stepper shows its no-JavaScript frames and table. Figures and formulas stay
vector, text stays text (selectable, searchable), links work. Chinese text uses Noto Sans
CJK SC from the locked ``mplfonts`` package, given to Chromium through a fontconfig file of
its own, so every machine embeds the same font. The table of contents gets its page
numbers from a first printing (``pdftotext`` per page finds each heading); the second
printing is the PDF. Chromium dates the file and names some tagged elements by its
process's DOM node ids: the dates are set to ``SOURCE_DATE_EPOCH`` (else 1980-01-01) and
the names renumbered in document order, so the same sources give the same bytes.

Why Chromium and not WeasyPrint or mkdocs-print-site-plugin: WeasyPrint draws SVG itself
and lays out the page its own way (Material's CSS, MathJax's SVG and our figures would be
a second rendering to check); the print-site plugin adds a combined page to the site but
still needs a browser to make the PDF. Chromium is already what the tests use to look at
the site, so the PDF is the site as a reader's browser draws it.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where in the site each language's PDF goes; the footer links it when PDF_EDITION is set.
PDF_PATH = "pdf/machine-learning-notes.{lang}.pdf"
CHROMIUM = os.environ.get("CHROMIUM", "chromium")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_GLYPHS = re.compile(r'<svg id="MJX-SVG-global-cache"[^>]*><defs>(.*?)</defs></svg>', re.S)
_ANSWER = re.compile(
    r'<details class="(?P<cls>[^"]*\bgd-answer\b[^"]*)">(?P<body>.*?)</details>', re.S
)
_SUMMARY = re.compile(r"<summary>(?P<text>.*?)</summary>", re.S)
_H = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h(?P=level)>', re.S)


@dataclass(frozen=True)
class Words:
    """A language's words for the PDF (docs/languages/LANG.yml, ``site.pdf``)."""

    contents: str
    answers: str
    answer_link: str  # "{n}": the answer's number in the appendix
    built: str  # the title page's note


@dataclass
class Part:
    """One page of the site in the PDF."""

    key: str  # "p3": the prefix of its ids in the document
    url: str  # its URL path in the site, e.g. "en/gradient-descent-intuition/summary/"
    lecture: str
    body: str = ""


def _languages(config: dict) -> list[str]:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = plugin["i18n"]["languages"]
            default = next(x["locale"] for x in langs if x.get("default"))
            return [default, *(x["locale"] for x in langs if x["locale"] != default)]
    raise SystemExit("mkdocs.yml: no i18n plugin: which languages?")


def _lectures(config: dict) -> list[str]:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "notes" in plugin:
            return list(plugin["notes"]["lectures"])
    raise SystemExit("mkdocs.yml: no notes plugin: which lectures?")


def _mkdocs_yml() -> dict:
    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml's own tags (!ENV, !!python/...) are not needed here: read them as null.
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)


def _words(lang: str) -> Words:
    data = yaml.safe_load((REPO_ROOT / "docs" / "languages" / f"{lang}.yml").read_text("utf-8"))
    try:
        pdf = data["site"]["pdf"]
        return Words(pdf["contents"], pdf["answers"], pdf["answer_link"], pdf["built"])
    except (KeyError, TypeError) as missing:
        raise SystemExit(f"docs/languages/{lang}.yml: site.pdf.{missing} is missing") from None


def _pages_of(lecture: str, lang: str) -> list[str]:
    """The lecture's pages (URL paths below the lecture), as the notes plugin orders them."""
    folder = REPO_ROOT / "docs" / lecture
    names = sorted({p.name.split(".")[0] for p in folder.glob(f"*.{lang}.md")})
    names.sort(key=lambda n: n != "index")
    return ["" if n == "index" else f"{n}/" for n in names]


def _resolve(base_url: str, href: str) -> tuple[str, str] | None:
    """(page URL path, anchor) of a relative link ``href`` on page ``base_url``."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
        return None
    path = parts.path
    if not path:
        return base_url, unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(base_url, path))
    joined = "" if joined == "." else joined
    if path.endswith("/") or joined == "":
        joined = joined + "/" if joined and not joined.endswith("/") else joined
    if joined.endswith("index.html"):
        joined = joined[: -len("index.html")]
    return joined, unquote(parts.fragment)


def _file_url(path: Path) -> str:
    return path.resolve().as_uri()


def _part_html(
    part: Part, site: Path, by_url: dict[str, Part], answers: list[str], words: Words
) -> str:
    """The page's article for the document: ids prefixed with the part's key, links
    between the document's pages made internal, images and other links absolute."""
    text = _ARTICLE.search((site / part.url / "index.html").read_text("utf-8"))[1]
    text = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", text, flags=re.S)
    # The dark twin of each figure: only the light palette is printed.
    text = re.sub(r'<template class="gd-dark-figure">.*?</template>', "", text, flags=re.S)

    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{part.key}-{m[1]}"', text)

    def link(match: re.Match[str]) -> str:
        attr, href = match[1], html.unescape(match[2])
        if href.startswith("#MJX-"):
            return match[0]  # a formula's glyph, in the document's glyph cache
        if attr == "src":
            target = urlsplit(href)
            path = posixpath.normpath(posixpath.join(part.url, target.path))
            return f'src="{html.escape(_file_url(site / path), quote=True)}"'
        resolved = _resolve(part.url, href)
        if resolved is None:
            return match[0]  # an external link: kept as it is
        url, anchor = resolved
        if url in by_url:
            inner = by_url[url].key + (f"-{anchor}" if anchor else "")
            return f'href="#{html.escape(inner, quote=True)}"'
        return 'data-gd-print-nolink=""'  # a page of the site not in the PDF (the home page)

    text = re.sub(r'\b(href|src)="([^"]*)"', link, text)

    def answer(match: re.Match[str]) -> str:
        n = len(answers) + 1
        summary = _SUMMARY.search(match["body"])
        label = re.sub(r"<[^>]+>", "", summary["text"]).strip() if summary else ""
        content = _SUMMARY.sub("", match["body"], count=1)
        anchor = f"{part.lecture}--answer-{n}"
        answers.append(
            f'<div class="gd-print-answer" id="{anchor}"><h3>{n}. {html.escape(label)}</h3>'
            f"{content}</div>"
        )
        return (
            f'<p class="gd-print-answer-link"><a href="#{anchor}">'
            f"{html.escape(words.answer_link.format(n=n, label=label))}</a></p>"
        )

    return _ANSWER.sub(answer, text)


def _document(
    site: Path, lang: str, prefix: str, lectures: list[str], toc_pages: dict[str, int]
) -> str:
    """The print document of language ``lang`` (its pages under ``prefix`` in the site)."""
    words = _words(lang)
    parts: list[Part] = []
    for lecture in lectures:
        for page in _pages_of(lecture, lang):
            parts.append(Part(f"p{len(parts) + 1}", f"{prefix}{lecture}/{page}", lecture))
    by_url = {p.url: p for p in parts}
    home = (site / prefix / "index.html").read_text("utf-8")
    title = html.unescape(re.search(r'<meta property="og:site_name" content="([^"]*)"', home)[1])
    glyphs: dict[str, str] = {}
    body, toc = [], []
    for lecture in lectures:
        answers: list[str] = []
        lecture_parts = [p for p in parts if p.lecture == lecture]
        for part in lecture_parts:
            page_html = (site / part.url / "index.html").read_text("utf-8")
            for defs in _GLYPHS.findall(page_html):
                for glyph in re.finditer(r"<path id=\"([^\"]+)\".*?(?:/>|</path>)", defs, re.S):
                    glyphs.setdefault(glyph[1], glyph[0])
            part.body = _part_html(part, site, by_url, answers, words)
            first = part is lecture_parts[0]
            classes = "gd-print-part gd-print-lecture" if first else "gd-print-part"
            body.append(f'<section class="{classes}" id="{part.key}">{part.body}</section>')
            for h in _H.finditer(part.body):
                level = int(h["level"])
                # The lecture's title and sections; another page of it by its title.
                if level <= (2 if first else 1):
                    text = html.unescape(re.sub(r"<[^>]+>", "", h["text"]).strip())
                    toc.append((level if first else 2, h["id"], text))
        if answers:
            anchor = f"{lecture}--answers"
            heading = f'<h2 id="{anchor}-h">{html.escape(words.answers)}</h2>'
            body.append(
                f'<section class="gd-print-answers" id="{anchor}">{heading}{"".join(answers)}'
                "</section>"
            )
            toc.append((2, f"{anchor}-h", words.answers))
    toc_html = "".join(
        f'<li class="gd-toc-{level}"><a href="#{i}"><span>{html.escape(text)}</span>'
        f'<span class="gd-toc-page">{toc_pages.get(i, "")}</span></a></li>'
        for level, i, text in toc
    )
    # The pages' own <style>s: MathJax's (it hides the formulas' MathML, kept for screen
    # readers) and Material's palette rule.
    styles = "".join(dict.fromkeys(re.findall(r"<style[^>]*>.*?</style>", home, re.S)))
    css = styles + "".join(
        f'<link rel="stylesheet" href="{html.escape(_file_url(site / href))}">'
        for href in _stylesheets(site / prefix / "index.html", prefix)
    )
    glyph_cache = (
        '<svg id="MJX-SVG-global-cache" style="display: none"><defs>'
        f"{''.join(glyphs[g] for g in sorted(glyphs))}</defs></svg>"
    )
    return f"""<!doctype html>
<html lang="{html.escape(re.search(r'<html lang="([^"]+)"', home)[1])}" dir="ltr">
<head><meta charset="utf-8"><title>{html.escape(title)}</title>{css}
</head>
<body class="gd-print-document" data-md-color-scheme="default">
{glyph_cache}
<div class="md-typeset">
<section class="gd-print-title"><h1>{html.escape(title)}</h1>
<p>{html.escape(words.built)}</p></section>
<nav class="gd-print-toc"><h2>{html.escape(words.contents)}</h2><ol>{toc_html}</ol></nav>
{"".join(body)}
</div>
</body></html>
"""


def _stylesheets(page: Path, prefix: str) -> list[str]:
    """The stylesheets the site's pages load, as paths in the site."""
    found = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.read_text("utf-8"))
    return [posixpath.normpath(posixpath.join(prefix, h)) for h in found if "://" not in h]


def _fontconfig(tmp: Path) -> Path:
    """A fontconfig file that adds the locked packages' fonts to the system's: DejaVu Sans
    (matplotlib's) for Latin, SimHei (mplfonts') for Chinese. Both TrueType: Chromium
    embeds TrueType fonts as named CID fonts (OpenType CFF ones become unnamed Type 3)."""
    import matplotlib
    import mplfonts

    dirs = [
        Path(matplotlib.__file__).resolve().parent / "mpl-data" / "fonts" / "ttf",
        Path(mplfonts.__file__).resolve().parent / "fonts",
    ]
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "".join(f"  <dir>{html.escape(str(d))}</dir>\n" for d in dirs)
        + f"  <cachedir>{html.escape(str(tmp / 'fontcache'))}</cachedir>\n"
        "</fontconfig>\n",
        "utf-8",
    )
    return conf


def _print(document: Path, output: Path, title: str, fonts: Path) -> None:
    """Chromium prints ``document`` (JavaScript off) to ``output``."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which(CHROMIUM)
    if executable is None:
        raise SystemExit(f"pdf: no {CHROMIUM} to print with (apt-get install chromium)")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
    header = (
        '<div style="width:100%;font-size:7pt;color:#666;padding:0 15mm;display:flex;'
        "font-family:'DejaVu Sans','SimHei',sans-serif;justify-content:space-between\">"
        f'<span>{html.escape(title)}</span><span class="pageNumber"></span></div>'
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, env=env)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.goto(document.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(
                path=str(output),
                format="A4",
                margin={"top": "18mm", "bottom": "16mm", "left": "15mm", "right": "15mm"},
                display_header_footer=True,
                header_template=header,
                footer_template="<span></span>",
                print_background=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()


def _heading_pages(pdf: Path, document_html: str) -> dict[str, int]:
    """The page of each table-of-contents entry, from the printed PDF's text."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    entries = re.findall(
        r'<li class="gd-toc-\d"><a href="#([^"]+)"><span>(.*?)</span>', document_html
    )

    def normal(text: str) -> str:
        return " ".join(html.unescape(text).split())

    # The table of contents lists every entry first: the body starts after the page that
    # holds its last entry.
    last = normal(entries[-1][1]) if entries else ""
    start = next((k + 1 for k, page in enumerate(pages) if last in normal(page)), 1)
    found = {}
    for anchor, label in entries:
        wanted = normal(label)
        for k in range(start, len(pages)):
            if wanted in normal(pages[k]):
                found[anchor] = k + 1
                start = k
                break
    return found


def fixed_dates(data: bytes) -> bytes:
    """Chromium's creation and modification dates -> SOURCE_DATE_EPOCH (or 1980-01-01)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800") or 315532800)
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    return re.sub(rb"\((D:\d{14}[^)]*)\)", lambda m: b"(" + stamp.encode() + b")", data)


_NODE_NAME = re.compile(rb"\(node(\d{8})\)")
_ID_TREE_LEAF = re.compile(rb"/Limits \[(\(node\d{8}\)) (\(node\d{8}\))\]\n/Names \[([^\]]*)\]")


def fixed_node_ids(data: bytes) -> bytes:
    """The PDF ``data`` with the structure tree's element names renumbered by the
    element's object number.

    Why: Chromium names a tagged element that others refer to (a table's header cell,
    which its data cells list in /Headers) by the DOM node's id in the browser's process,
    a counter whose value depends on what that process did before, so two printings of
    the same document name them differently. Object numbers follow the document. The
    names keep their length (8 digits) and the IDTree stays sorted, so the file's layout
    and its cross-reference table do not move."""
    if b"/IDTree" not in data:
        if _NODE_NAME.search(data):
            raise SystemExit("pdf: element names (nodeNNNNNNNN) but no /IDTree to read")
        return data
    leaves = list(_ID_TREE_LEAF.finditer(data))
    if len(leaves) != 1:
        raise SystemExit(f"pdf: the structure's IDTree has {len(leaves)} leaves, expected one")
    leaf = leaves[0]
    entries = re.findall(rb"\((node\d{8})\) (\d+) 0 R", leaf[3])
    if b" ".join(b"(%s) %s 0 R" % e for e in entries) != leaf[3]:
        raise SystemExit("pdf: the structure's IDTree is not a list of (name) N 0 R")
    numbers = sorted({int(n) for _, n in entries})
    if len(numbers) != len(entries) or len({name for name, _ in entries}) != len(entries):
        raise SystemExit("pdf: the structure's IDTree names an element twice")
    rank = {n: k + 1 for k, n in enumerate(numbers)}
    renamed = {name: b"node%08d" % rank[int(n)] for name, n in entries}
    names = b" ".join(b"(%s) %d 0 R" % (b"node%08d" % rank[n], n) for n in numbers)
    first, last = b"node%08d" % 1, b"node%08d" % len(numbers)
    tree = b"/Limits [(%s) (%s)]\n/Names [%s]" % (first, last, names)
    if len(tree) != len(leaf[0]):  # the same length, so that every offset after it holds
        raise SystemExit("pdf: the renumbered IDTree would move the file's objects")

    def rename(match: re.Match[bytes]) -> bytes:
        name = b"node" + match[1]
        if name not in renamed:
            raise SystemExit(f"pdf: element name {name.decode()} is not in the IDTree")
        return b"(" + renamed[name] + b")"

    head, tail = data[: leaf.start()], data[leaf.end() :]
    return _NODE_NAME.sub(rename, head) + tree + _NODE_NAME.sub(rename, tail)


def make_pdfs(site: Path, output: Path | None = None) -> list[Path]:
    """The PDF of each language of the built ``site``, at PDF_EDITION (else PDF_PATH) in
    the site, or in the folder ``output``."""
    where = os.environ.get("PDF_EDITION") or PDF_PATH
    if where.startswith("/") or ".." in Path(where).parts or "{lang}" not in where:
        raise SystemExit(f"pdf: PDF_EDITION={where!r}: a path in the site, with {{lang}}")
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdf: pdftotext not found (it is in Debian's poppler-utils)")
    config = _mkdocs_yml()
    lectures = _lectures(config)
    made = []
    with tempfile.TemporaryDirectory(prefix="gd-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        fonts = _fontconfig(tmp)
        languages = _languages(config)
        for lang in languages:
            prefix = "" if lang == languages[0] else f"{lang}/"
            relative = where.format(lang=lang)
            target = (output / Path(relative).name) if output else site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            document = tmp / f"print.{lang}.html"
            first = _document(site, lang, prefix, lectures, {})
            title = html.unescape(re.search(r"<title>(.*?)</title>", first)[1])
            document.write_text(first, "utf-8")
            draft = tmp / f"draft.{lang}.pdf"
            _print(document, draft, title, fonts)
            pages = _heading_pages(draft, first)
            final = _document(site, lang, prefix, lectures, pages)
            document.write_text(final, "utf-8")
            partial = target.with_name(target.name + ".partial")
            _print(document, partial, title, fonts)
            again = _heading_pages(partial, final)
            if again != pages:
                raise SystemExit(f"pdf: {lang}: the table of contents moved the pages it lists")
            partial.write_bytes(fixed_node_ids(fixed_dates(partial.read_bytes())))
            partial.replace(target)
            made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts pdf", description="Build the PDF edition of the site."
    )
    parser.add_argument(
        "--site", type=Path, help="a site already built (default: build one into site/)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write the PDFs into this folder instead of the site (file names as in the site)",
    )
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        site = REPO_ROOT / "site"
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        subprocess.run(cmd, cwd=REPO_ROOT, check=True)
    for pdf in make_pdfs(site.resolve(), args.output.resolve() if args.output else None):
        print(f"{pdf}: {pdf.stat().st_size / 1e6:.1f} MB")
    return 0
