"""What a typeset formula may put into a page: MathJax's own SVG and MathML, nothing else.

MathJax's TeX packages that pass markup through are left out of typeset_maths.js and its
``ui/safe`` filter runs on the rest, but neither is the last word: ``ui/safe`` lets
``cursor: url(...)``, ``java<TAB>script:`` and ``//host`` links through, ``\\color`` takes
``url(...)`` as a colour, and MathJax's serializer writes attribute values without escaping
quotes. So the HTML each formula would add is parsed here, as a browser's tokenizer
reads it, and checked against what MathJax's SVG and MathML output holds:

* elements: MathJax's containers, the SVG shapes it draws with, and MathML (no ``<a>``,
  ``<title>``, ``<style>``, ``<script>``, ``<foreignObject>``, ``<image>``, ``maction``…), in
  one balanced tree;
* attributes: no event handler (``on…``), no ``id``, classes only MathJax's own
  (``MathJax``, ``mjx-…``), references only to the page's glyphs (``#MJX-…`` on ``<use>``),
  and no value that loads or runs anything (``url(``, ``image-set(``, ``@import``, CSS
  escapes, ``javascript:``/``data:`` even with blanks inside);
* no comments, declarations or processing instructions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ELEMENT_NAMES = """
    mjx-container mjx-assistive-mml
    svg g path use rect text line polyline polygon ellipse circle
    math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom
    menclose msub msup msubsup munder mover munderover mmultiscripts mprescripts none
    mtable mtr mtd mlabeledtr semantics annotation
"""
ELEMENTS = frozenset(_ELEMENT_NAMES.split())
_GLYPH_REFERENCE = re.compile(r"#MJX-[A-Za-z0-9_.-]+")
_CLASS = re.compile(r"MathJax|mjx-[A-Za-z0-9_.-]+")
# Anything that makes CSS or SVG fetch or run something, looked for with blanks removed.
_LOADS = re.compile(r"url\(|image(-set)?\(|cross-fade\(|element\(|src\(|@import|expression\(")
_SCHEME = re.compile(r"(javascript|vbscript|data|file):")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None
        self.stack: list[str] = []
        self.roots = 0

    def _refuse(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            article = "an" if tag[0] in "aeiou" else "a"
            self._refuse(f"{article} <{tag}> element")
            return
        if not self.stack:
            self.roots += 1
        for name, value in attrs:
            problem = attribute_problem(tag, name, value or "")
            if problem:
                self._refuse(problem)
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._refuse(f"an unbalanced </{tag}>")
            return
        self.stack.pop()

    def handle_comment(self, data: str) -> None:
        self._refuse("an HTML comment")

    def handle_decl(self, decl: str) -> None:
        self._refuse("a <!...> declaration")

    def unknown_decl(self, data: str) -> None:
        self._refuse("a <![...]> section")

    def handle_pi(self, data: str) -> None:
        self._refuse("a <?...> processing instruction")


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    """Why the attribute ``name="value"`` of a ``<tag>`` may not be in the page (None: it may)."""
    shown = f'{name}="{value[:60]}"'
    if name.startswith("on"):
        return f"an event attribute {shown}"
    if name == "id":
        return f"an id ({shown})"
    if name == "class":
        if not all(_CLASS.fullmatch(c) for c in value.split()):
            return f"a class of its own ({shown})"
        return None
    if name in ("href", "xlink:href", "src", "action", "formaction", "xml:base"):
        if tag == "use" and name in ("href", "xlink:href") and _GLYPH_REFERENCE.fullmatch(value):
            return None
        return f"a link ({shown})"
    squeezed = _BLANKS.sub("", value).lower()
    if "\\" in value and (name == "style" or "(" in value):
        return f"a CSS escape ({shown})"
    if _LOADS.search(squeezed):
        return f"a value that loads something ({shown})"
    if _SCHEME.search(squeezed):
        return f"a value with a URL scheme ({shown})"
    return None


def output_problem(html: str) -> str | None:
    """What in a formula's HTML may not go into a page (None: nothing)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if reader.problem is None and (reader.stack or reader.roots != 1):
        reader.problem = "markup that is not one closed <mjx-container>"
    return reader.problem
