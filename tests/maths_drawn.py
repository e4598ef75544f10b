"""The formulas of a page as Chromium draws them: shared by the browser tests.

The maths is typeset at build time (the mathjax-svg plugin, scripts/sitebuild/mathjax):
every ``.arithmatex``
element must hold MathJax's ``<mjx-container>`` with an SVG that is drawn (a box larger than
MathJax's 1 px minimum, and glyphs whose references resolve), plus MathML for screen
readers; and no MathJax script may be on the page. Works with JavaScript disabled too
(Playwright's ``evaluate`` runs outside the page's own scripts).
"""

from __future__ import annotations

from typing import Any

# Unhides the quiz's explanations and opens <details>, so that every formula is laid out.
SHOW_EVERYTHING = """() => {
  document.querySelectorAll("[hidden]").forEach((e) => { e.hidden = false; });
  document.querySelectorAll("details").forEach((e) => { e.open = true; });
}"""

MATHS_AS_DRAWN = """() => {
  const maths = [...document.querySelectorAll(".arithmatex")];
  const svgOf = (m) => m.querySelector(":scope > mjx-container[jax='SVG'] > svg");
  const shown = (e) => e.getClientRects().length > 0;
  const drawn = (m) => {
    const svg = svgOf(m);
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    const ink = svg.querySelector(":scope > g").getBBox();
    return box.width > 1 && box.height > 1 && ink.width > 0 && ink.height > 0;
  };
  const describe = (m) => m.textContent.trim().slice(0, 80);
  const refs = [...document.querySelectorAll(".arithmatex use")]
    .map((u) => u.getAttribute("xlink:href") || u.getAttribute("href"));
  return {
    maths: maths.length,
    typeset: maths.filter(svgOf).length,
    mathml: maths.filter((m) => m.querySelector("mjx-assistive-mml > math")).length,
    shown: maths.filter(shown).length,
    drawn: maths.filter((m) => shown(m) && drawn(m)).length,
    notDrawn: maths.filter((m) => shown(m) && !drawn(m)).slice(0, 5).map(describe),
    untypeset: maths.filter((m) => !svgOf(m)).slice(0, 5).map(describe),
    errors: document.querySelectorAll("mjx-merror, [data-mml-node='merror']").length,
    missingGlyphs: [...new Set(refs.filter((r) => !r || !document.getElementById(r.slice(1))))]
      .slice(0, 5),
    mathjax: typeof window.MathJax !== "undefined" ||
      [...document.scripts].some((s) => /mathjax/i.test(s.src)),
  };
}"""


def maths_problems(page: Any, *, show_everything: bool = False) -> tuple[dict, list[str]]:
    """The page's formulas as drawn (MATHS_AS_DRAWN's result), and what is wrong with them."""
    if show_everything:
        page.evaluate(SHOW_EVERYTHING)
    maths = page.evaluate(MATHS_AS_DRAWN)
    problems = []
    if maths["mathjax"]:
        problems.append("the page loads MathJax: maths is typeset at build time")
    if maths["typeset"] != maths["maths"]:
        problems.append(
            f"{maths['typeset']} of {maths['maths']} formulas typeset; "
            f"not typeset: {maths['untypeset']}"
        )
    if maths["mathml"] != maths["maths"]:
        problems.append(f"only {maths['mathml']} of {maths['maths']} formulas carry MathML")
    if maths["drawn"] != maths["shown"]:
        problems.append(
            f"{maths['drawn']} of {maths['shown']} shown formulas drawn; "
            f"not drawn: {maths['notDrawn']}"
        )
    if show_everything and maths["shown"] != maths["maths"]:
        problems.append(f"only {maths['shown']} of {maths['maths']} formulas laid out")
    if maths["errors"]:
        problems.append(f"{maths['errors']} formulas in error (merror)")
    if maths["missingGlyphs"]:
        problems.append(f"glyphs referenced but not on the page: {maths['missingGlyphs']}")
    return maths, problems
