"""The PDF edition (issue 24), read back with poppler's tools: every section heading and a
sample of the prose in each language, CJK fonts embedded, no raster image, working links,
the table of contents' page numbers right, the same bytes from two builds.

Needs Chromium and poppler-utils (pdftotext, pdffonts, pdfimages); without them these tests
skip (with CI=true they fail: .ci/run installs both)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lectures import LANGS
from sitetools import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LECTURES = ("gradient-descent-intuition", "gradient-descent-linear-regression")
PREFIX = {"zh": "", "en": "en/"}
TOOLS = ("pdftotext", "pdffonts", "pdfimages", "chromium")


@pytest.fixture(scope="module")
def pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (apt-get install chromium poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _make_pdfs(built_site, tmp_path_factory.mktemp("pdf"))


def _make_pdfs(site: Path, out: Path) -> dict[str, Path]:
    """``python -m scripts pdf`` (its own process: Playwright's sync API cannot run inside
    the event loop the browser tests leave in this one)."""
    proc = subprocess.run(
        [sys.executable, "-m", "scripts", "pdf", "--site", str(site), "--output", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PDF_EDITION"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {path.name.split(".")[-2]: path for path in sorted(out.glob("*.pdf"))}


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _normal(text: str) -> str:
    return " ".join(text.split())


def _plain(fragment: str) -> str:
    """The text of an HTML fragment without its formulas (a formula's text in the PDF is
    its hidden MathML, spelt differently)."""
    fragment = re.sub(
        r'<span class="arithmatex">.*?</mjx-container></span>', " ", fragment, flags=re.S
    )
    return _normal(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_heading_and_prose_of_each_lecture_is_in_the_pdf(pdfs, built_site, lang):
    # -raw: the text in the order Chromium wrote it (pdftotext's own reading order can
    # interleave the lines of justified Chinese text).
    text = _normal(_text(pdfs[lang], "-raw"))
    for lecture in LECTURES:
        page = (built_site / PREFIX[lang] / lecture / "index.html").read_text("utf-8")
        article = page[page.index("<article") : page.index("</article>")]
        headings = [
            _plain(re.sub(r'<a class="headerlink".*?</a>', "", h))
            for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", article, re.S)
        ]
        assert len(headings) >= 8, headings
        for heading in headings:
            assert heading in text, f"{lang}: heading {heading!r} is not in the PDF"
        # A sample of the prose: the paragraphs without formulas or links.
        paragraphs = [
            _plain(p)
            for p in re.findall(r"<p>(.*?)</p>", article, re.S)
            if "arithmatex" not in p and "<a " not in p and len(_plain(p)) > 40
        ]
        assert len(paragraphs) >= 3, lecture
        for paragraph in paragraphs[:: max(1, len(paragraphs) // 5)]:
            words = paragraph[:60] if lang == "zh" else " ".join(paragraph.split()[:8])
            # pdftotext breaks Chinese lines without a space: compare without spaces.
            haystack = text.replace(" ", "") if lang == "zh" else text
            needle = words.replace(" ", "") if lang == "zh" else words
            assert needle in haystack, f"{lang}: {words!r} is not in the PDF"


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_and_chinese_has_its_font(pdfs, lang):
    listing = subprocess.run(
        ["pdffonts", str(pdfs[lang])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts"
    for row in listing:
        # name type encoding emb sub uni: every font embedded.
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row
    if lang == "zh":
        assert any("SimHei" in row for row in listing), listing


@pytest.mark.parametrize("lang", LANGS)
def test_no_raster_image_figures_and_formulas_are_vector(pdfs, lang):
    rows = subprocess.run(
        ["pdfimages", "-list", str(pdfs[lang])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows == [], rows


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_list_the_page_each_heading_is_on(pdfs, lang):
    pages = _text(pdfs[lang], "-layout").split("\f")
    contents = pages[1]
    entries = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", contents, re.M)
    assert len(entries) >= 15, contents
    for title, number in entries:
        on_page = _normal(pages[int(number) - 1])
        assert _normal(title) in on_page, f"{title!r} is not on page {number}"
    # Links: the contents' entries (and the references in the text) are links in the PDF.
    data = pdfs[lang].read_bytes()
    assert data.count(b"/Subtype /Link") >= len(entries), "the contents' entries are not links"


def test_two_builds_give_the_same_bytes(pdfs, built_site, tmp_path):
    again = _make_pdfs(built_site, tmp_path)
    assert sorted(again) == sorted(pdfs) == sorted(LANGS)
    for lang, path in pdfs.items():
        first, second = path.read_bytes(), again[lang].read_bytes()
        if first != second:
            # Where, not the whole file (1 MB of bytes says nothing in a CI log).
            at = next(
                (k for k, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), None
            )
            at = min(len(first), len(second)) if at is None else at
            pytest.fail(
                f"{lang}: the PDFs differ from byte {at} ({len(first)} and {len(second)} "
                f"bytes): {first[max(0, at - 120) : at + 60]!r} != "
                f"{second[max(0, at - 120) : at + 60]!r}"
            )
