"""Printing a page of the site (issue 24): Chromium with print media emulated, as its print
preview lays the page out. No navigation, header, footer, search or palette toggle; the
light palette even when the reader's is dark; figures, formulas and boxes kept whole;
an external link followed by its address."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = (
    "gradient-descent-intuition/",
    "gradient-descent-intuition/summary/",
    "gradient-descent-linear-regression/",
    "en/gradient-descent-intuition/",
    "en/gradient-descent-linear-regression/",
    "en/gradient-descent-linear-regression/summary/",
)
HIDDEN = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
    "[data-md-component=palette]",
    ".headerlink",
)
WHOLE = "figure, .gd-equation, div.arithmatex, .admonition, details, table"

IN_PRINT = """([hidden, whole]) => {
  const shown = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0
    && getComputedStyle(e).visibility !== "hidden"; };
  const visible = hidden.filter((s) => [...document.querySelectorAll(s)].some(shown));
  const inContent = ".md-content " + whole.split(", ").join(", .md-content ");
  const split = [...document.querySelectorAll(inContent)]
    .filter((e) => shown(e) && getComputedStyle(e).breakInside !== "avoid")
    .map((e) => e.tagName + "." + e.className);
  const images = [...document.querySelectorAll(".md-content img")].filter(shown)
    .map((img) => img.currentSrc.split("/").pop());
  const external = [...document.querySelectorAll(".md-content a[href^='http']")].filter(shown)
    .map((a) => [a.href, getComputedStyle(a, "::after").content]);
  return {visible, split, images, external};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_a_printed_page_is_a_clean_light_document(open_page, path, scheme):
    page = open_page(path, color_scheme=scheme)
    page.emulate_media(media="print", color_scheme=scheme)
    page.evaluate("document.querySelectorAll('img').forEach((i) => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(IN_PRINT, [list(HIDDEN), WHOLE])
    assert found["visible"] == [], found["visible"]
    assert found["split"] == [], found["split"]
    if "summary" not in path:  # the key points pages have no figures
        assert found["images"], "no figure printed"
    for name in found["images"]:
        assert ".dark." not in name and name.endswith("#only-light"), name
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    for href, after in found["external"]:
        assert href.split("#")[0].rstrip("/") in after or href in after, (href, after)
