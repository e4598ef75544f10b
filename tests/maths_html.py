"""Reading the typeset formulas of an HTML page (shared by the maths tests)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Maths(HTMLParser):
    """What a built page holds: its arithmatex elements and what is inside each one."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []  # {"tags": [...], "text": "..."} per arithmatex element
        self.ids: list[str] = []
        self.uses: list[str] = []
        self.caches = 0
        self.styles = 0
        self._stack: list[str] = []
        self._inside: int | None = None  # depth of the arithmatex element we are in
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        self.caches += a.get("id") == "MJX-SVG-global-cache"
        self.styles += tag == "style" and a.get("id") == "MJX-SVG-styles"
        if tag == "use":
            self.uses.append(a.get("xlink:href") or a.get("href", ""))
        in_code = "code" in self._stack or "pre" in self._stack  # shown as written: not maths
        if self._inside is None and not in_code and "arithmatex" in a.get("class", "").split():
            self.elements.append({"tags": [], "text": ""})
            self._inside = len(self._stack)
        elif self._inside is not None:
            self.elements[-1]["tags"].append(tag)
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop() == tag:
                break
        if self._inside is not None and len(self._stack) <= self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self.elements[-1]["text"] += data


def typeset_problems(page_html: str) -> list[str]:
    """What is wrong with the formulas of a built page (empty: all typeset as they should)."""
    maths = Maths(page_html)
    problems = []
    for element in maths.elements:
        tags = element["tags"]
        shown = " ".join(element["text"].split())[:60]
        if not tags or tags[0] != "mjx-container" or "svg" not in tags:
            problems.append(f"not typeset as SVG: {shown!r}")
        if "mjx-assistive-mml" not in tags or "math" not in tags:
            problems.append(f"no MathML for screen readers: {shown!r}")
        if re.search(r"\\[()\[\]]", element["text"]):
            problems.append(f"TeX left in the page: {shown!r}")
    if maths.elements:
        if maths.caches != 1 or maths.styles != 1:
            problems.append(f"{maths.caches} glyph caches and {maths.styles} MathJax styles")
        missing = sorted({u for u in maths.uses if u[1:] not in maths.ids})
        if missing:
            problems.append(f"glyphs used but not on the page: {missing[:5]}")
        twice = sorted({i for i in maths.ids if maths.ids.count(i) > 1})
        if twice:
            problems.append(f"ids on the page twice: {twice[:5]}")
    elif maths.caches or maths.styles:
        problems.append("a glyph cache or MathJax's styles on a page without maths")
    return problems
