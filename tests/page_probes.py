"""What the browser tests measure on any page of the site, shared by them: the images as
loaded, sideways scrolling, axe-core's serious findings, requests to other hosts, and the
screenshots to look at (with SCREENSHOTS=1, into tests/screenshots/, git-ignored)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def screenshot(page: Any, name: str) -> None:
    """A full-page screenshot ``tests/screenshots/NAME.png``, for a person to look at, when
    SCREENSHOTS=1 (no test reads it; a long page's PNG costs about 0.7 s to take)."""
    if os.environ.get("SCREENSHOTS", "") in ("", "0"):
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


# Every image, loaded now (lazy ones too): its file, its width as decoded (0: it failed),
# and whether it is laid out (a figure's other-palette twin and hidden frames are not).
IMAGES = """async () => {
  const images = [...document.images];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => {
      img.addEventListener("load", done);
      img.addEventListener("error", done);
    })));
  return images.map((img) => ({src: img.currentSrc || img.src, width: img.naturalWidth,
                               shown: img.getBoundingClientRect().width > 0}));
}"""

SCROLL = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  wide: [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join(".")),
})"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], elementRef: true});
  return result.violations.flatMap((v) => v.nodes.map((n) => ({
    rule: v.id,
    impact: n.impact || v.impact,
    target: n.target.join(" "),
    inContent: !!(n.element && n.element.closest(".md-content")),
    summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 240),
  })));
}"""

SERIOUS = ("serious", "critical")


def axe_findings(page: Any) -> list[dict]:
    """Serious and critical axe-core violations on the whole page, one dict per element.

    axe-core (shipped by axe-playwright-python, so offline) runs once; each finding says
    whether its element lies in the content (``.md-content``): rule, impact, target,
    inContent, summary.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    return [f for f in page.evaluate(AXE_RUN) if f["impact"] in SERIOUS]


def own_host(url: str, base: str) -> bool:
    """Whether the page's request ``url`` stayed on the site served at ``base``."""
    return urlsplit(url).scheme in ("data", "blob") or url.startswith(base)
