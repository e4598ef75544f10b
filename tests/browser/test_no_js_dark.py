"""Without JavaScript, a reader whose system is dark gets a dark page that reads well
(site-patches: no_js_dark.py); with JavaScript, Material's palette and toggle decide alone.

The pages as such a reader's phone shows them (the rules themselves:
tests/unit/test_no_js_dark_rules.py).
"""

from __future__ import annotations

import re

import pytest
from conftest import PAGES, PHONE

# ------------------------------------------------------------------ in the browser


def _rgba(css_colour: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)]
    return values[0] / 255, values[1] / 255, values[2] / 255, values[3] if len(values) > 3 else 1.0


def _luminance(css_colour: str | tuple[float, float, float, float]) -> float:
    """Relative luminance (WCAG) of a computed ``rgb(…)``/``rgba(…)`` colour."""
    r, g, b, _ = _rgba(css_colour) if isinstance(css_colour, str) else css_colour

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


_COLOURS = """() => {
  const body = getComputedStyle(document.body);
  const text = getComputedStyle(document.querySelector(".md-content .md-typeset p"));
  return [body.backgroundColor, text.color];
}"""

# Text a reader reads, each with the background behind it (axe cannot run without
# JavaScript: it needs timers). Links and headings have colours of their own.
_TEXTS = """() => {
  const out = [];
  for (const sel of [".md-typeset p", ".md-typeset a:not(.headerlink)", ".md-typeset h1",
                     ".md-typeset h2", ".md-typeset li", ".md-typeset figcaption"]) {
    const el = document.querySelector(".md-content " + sel);
    if (!el) continue;
    let back = el, bg = "rgba(0, 0, 0, 0)";
    while (back && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) {
      bg = getComputedStyle(back).backgroundColor; back = back.parentElement;
    }
    out.push([sel, getComputedStyle(el).color, bg]);
  }
  return out;
}"""


def _contrast(text: str, behind: str) -> float:
    """WCAG contrast of ``text`` (its alpha blended over ``behind``) against ``behind``."""
    *fg, alpha = _rgba(text)
    *bg, _ = _rgba(behind)
    seen = (*(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True)), 1.0)
    hi, lo = sorted((_luminance(seen), _luminance(behind)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_a_dark_system_without_javascript_gets_a_dark_page_that_reads_well(open_page, name):
    page = open_page(PAGES[name], viewport=PHONE, color_scheme="dark", java_script_enabled=False)
    background, text = page.evaluate(_COLOURS)
    assert _luminance(background) < 0.05 and _luminance(text) > 0.5, (background, text)
    for selector, colour, behind in page.evaluate(_TEXTS):
        assert _contrast(colour, behind) >= 4.5, (selector, colour, behind)
    # The figures: the light files (their dark twins need JavaScript), shown.
    for img in page.query_selector_all(".md-content figure img.gd-figure-img"):
        assert img.get_attribute("src").endswith("#only-light")
        assert img.evaluate("(e) => getComputedStyle(e).display") != "none"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("scheme", "javascript"), [("light", False), ("dark", True)])
def test_the_style_changes_nothing_else(open_page, scheme, javascript):
    """A light system without JavaScript keeps the light page; with JavaScript, a dark
    system whose reader picked the light palette (Material's toggle) gets it."""
    page = open_page(
        "gradient-descent-intuition/",
        viewport=PHONE,
        color_scheme=scheme,
        java_script_enabled=javascript,
    )
    if javascript:
        page.click("label.md-header__button[for^='__palette']:visible")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    background, _ = page.evaluate(_COLOURS)
    assert _luminance(background) > 0.9, background
