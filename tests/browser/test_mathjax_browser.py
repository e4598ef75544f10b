"""The typeset maths in Chromium: every formula drawn with JavaScript off; at 375×812 no
formula is wider than its container; the glyphs take the text's colour in both palettes."""

from __future__ import annotations

import pytest
from conftest import PAGES, PHONE
from maths_drawn import SHOW_EVERYTHING, maths_problems

WIDTHS = """() => {
  const blockOf = (e) => {
    let p = e.parentElement;
    while (p && getComputedStyle(p).display.startsWith("inline")) p = p.parentElement;
    return p;
  };
  const wide = [];
  for (const m of document.querySelectorAll(".arithmatex")) {
    const svg = m.querySelector("svg");
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    const block = m.tagName === "DIV" ? m : blockOf(m);
    const outer = block.getBoundingClientRect();
    const style = getComputedStyle(block);
    const left = outer.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const right = outer.right - parseFloat(style.paddingRight) -
      parseFloat(style.borderRightWidth);
    const scrolls = m.tagName === "DIV" && m.scrollWidth > m.clientWidth;
    if (scrolls || box.left < left - 0.5 || box.right > right + 0.5) {
      wide.push(`${m.textContent.trim().slice(0, 60)}: ${box.width.toFixed(0)} px in ` +
        `${(right - left).toFixed(0)} px` + (scrolls ? " (scrolls)" : ""));
    }
  }
  return wide;
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_every_formula_is_drawn_without_javascript(open_page, name: str) -> None:
    page = open_page(PAGES[name], viewport=PHONE, java_script_enabled=False)
    maths, problems = maths_problems(page, show_everything=True)
    assert maths["maths"] > 0, maths
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_no_formula_is_wider_than_its_container_on_a_phone(open_page, name: str) -> None:
    page = open_page(PAGES[name], viewport=PHONE)
    page.evaluate(SHOW_EVERYTHING)
    wide = page.evaluate(WIDTHS)
    assert not wide, f"{name} at 375×812, formulas wider than their container:\n  " + (
        "\n  ".join(wide)
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_formulas_take_the_text_colour(open_page, scheme: str) -> None:
    page = open_page("en/gradient-descent-intuition/", viewport=PHONE, color_scheme=scheme)
    colours = page.evaluate(
        """() => [...document.querySelectorAll(".arithmatex > mjx-container > svg")]
          .map((svg) => [
            getComputedStyle(svg.closest(".arithmatex").parentElement).color,
            getComputedStyle(svg.querySelector(":scope > g")).fill,
          ])"""
    )
    assert len(colours) >= 50
    wrong = [c for c in colours if c[0] != c[1]]
    assert not wrong, wrong[:5]
