"""A lecture's numbered figures, equations and sections, and the ``{{ ref … }}`` links to them.

Numbers are a lecture's, the same in every language (its pages are page for page): its
pages in order (``index.md`` first, then the others by name), each figure a page shows
(``{{ figure NAME }}``) the next figure number, each display formula with ``\\label{NAME}``
the next equation number, each heading with an id whose title starts with a number
(``## 3. The learning rate { #learning-rate }``) that section's number. A page refers to
any of them with ``{{ ref figure NAME }}``, ``{{ ref equation NAME }}`` or
``{{ ref section ID }}``: a link whose words are the number in the page's language
("图 3", "Figure 3"). A reference to a target the lecture does not have fails the build
with the page and the line.

Pure functions of the pages' Markdown (and of the parse ``markers.scan`` makes of it), so
the tests number a lecture as the build does.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.exceptions import PluginError
from sitebuild.notes.markers import Scan, line_of

__all__ = [
    "REF",
    "NumberedFormulas",
    "Numbering",
    "Target",
    "display_maths",
    "figure_markers",
    "number_lecture",
    "page_numbers",
    "ref_link",
]

KINDS = ("figure", "equation", "section")
REF = re.compile(r"ref\s+(?P<kind>[a-z]+)\s+(?P<name>[A-Za-z][\w-]*)")
FIGURE = re.compile(r"figure\s+(?P<name>[A-Za-z][\w-]*)")
LABEL = re.compile(r"\\label\{(?P<name>[^{}]*)\}")
_NAME = re.compile(r"[A-Za-z][\w-]*")
# The TeX of a display formula: $$ … $$ or \[ … \] (arithmatex's block forms).
_DISPLAY = re.compile(r"\$\$(?P<a>.+?)\$\$|\\\[(?P<b>.+?)\\\]", re.S)
# Fenced code: no headings or formulas inside.
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=mark)[ \t]*$", re.M | re.S
)
_HEADING = re.compile(
    r"^#{2,6}[ \t]+(?P<title>.+?)[ \t]*\{[ \t]*#(?P<id>[\w-]+)[^}]*\}[ \t]*$", re.M
)
_SECTION_NUMBER = re.compile(r"(?P<n>\d+(?:\.\d+)*)\.?\s")


@dataclass(frozen=True)
class Target:
    """Something a reference can point at."""

    kind: str  # figure, equation, section
    name: str
    number: str
    page: str  # the page's path in its folder, language-free: "index.md"
    anchor: str  # the element's id on that page


@dataclass(frozen=True)
class Numbering:
    """Every target of one lecture, by (kind, name)."""

    targets: Mapping[tuple[str, str], Target]
    figures_shown: Mapping[str, tuple[str, ...]]  # page -> the number of each figure it shows

    def on_page(self, page: str, kind: str) -> list[Target]:
        """The targets of ``kind`` on ``page``, in the order of the page."""
        return [t for t in self.targets.values() if t.page == page and t.kind == kind]


def _outside_fences(text: str) -> str:
    """``text`` with fenced code blanked (offsets and line numbers kept)."""
    return _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def display_maths(text: str) -> list[tuple[int, int]]:
    """(start, end) of every display formula's TeX in ``text``, outside fenced code."""
    blanked = _outside_fences(text)
    return [
        (m.start("a"), m.end("a")) if m["a"] is not None else (m.start("b"), m.end("b"))
        for m in _DISPLAY.finditer(blanked)
    ]


def figure_markers(found: Scan) -> list[str]:
    """The names of the figures a page shows, in order (markers outside code)."""
    names = []
    for marker in found.markers:
        match = FIGURE.fullmatch(marker.inner or "") if not marker.in_code else None
        if match is not None:
            names.append(match["name"])
    return names


def number_lecture(pages: Iterable[tuple[str, str, Scan]], where: str) -> Numbering:
    """Number the targets of a lecture's ``pages``: (page path in its folder, Markdown, its
    scan), in the lecture's order. ``where``: the folder, for errors."""
    targets: dict[tuple[str, str], Target] = {}
    figures = equations = 0

    def add(target: Target, page: str, line: int) -> None:
        key = (target.kind, target.name)
        if key in targets:
            first = targets[key]
            raise PluginError(
                f"{where}/{page}:{line}: {target.kind} {target.name!r} is defined twice in this "
                f"lecture (first in {first.page}); give each its own name"
            )
        targets[key] = target

    figures_shown: dict[str, tuple[str, ...]] = {}
    for page, text, found in pages:
        numbers = []
        for name in figure_markers(found):
            figures += 1
            numbers.append(str(figures))
            if ("figure", name) not in targets:
                # A figure shown twice is referred to at its first showing.
                targets[("figure", name)] = Target(
                    "figure", name, str(figures), page, f"figure-{name}"
                )
        for start, end in display_maths(text):
            labels = list(LABEL.finditer(text, start, end))
            if len(labels) > 1:
                raise PluginError(
                    f"{where}/{page}:{line_of(text, labels[1].start())}: one \\label per formula"
                )
            for label in labels:
                name = label["name"]
                line = line_of(text, label.start())
                if not _NAME.fullmatch(name):
                    raise PluginError(
                        f"{where}/{page}:{line}: \\label{{{name}}}: a label is a name of letters, "
                        "digits and '-', starting with a letter"
                    )
                equations += 1
                add(Target("equation", name, str(equations), page, f"eq-{name}"), page, line)
        for heading in _HEADING.finditer(_outside_fences(text)):
            number = _SECTION_NUMBER.match(heading["title"])
            if number is not None:
                target = Target("section", heading["id"], number["n"], page, heading["id"])
                add(target, page, line_of(text, heading.start()))
        figures_shown[page] = tuple(numbers)
    return Numbering(targets, figures_shown)


def ref_link(
    numbering: Numbering | None,
    kind: str,
    name: str,
    here: str,
    words: Mapping[str, str],
    where: str,
) -> str:
    """The Markdown link of ``{{ ref KIND NAME }}`` on page ``here`` (its path in the
    lecture's folder); ``where`` ("page:line") for errors."""
    if kind not in KINDS:
        raise PluginError(
            f"{where}: {{{{ ref {kind} {name} }}}}: refer to a figure, an equation or a section "
            "({{ ref figure NAME }}, {{ ref equation NAME }}, {{ ref section ID }})"
        )
    if numbering is None:
        raise PluginError(f"{where}: {{{{ ref {kind} {name} }}}}: this page is part of no lecture")
    target = numbering.targets.get((kind, name))
    if target is None:
        known = sorted(n for k, n in numbering.targets if k == kind)
        how = {
            "figure": "a figure the lecture shows ({{ figure NAME }})",
            "equation": "a display formula with \\label{NAME}",
            "section": "a numbered heading with { #ID }",
        }[kind]
        raise PluginError(
            f"{where}: {{{{ ref {kind} {name} }}}}: the lecture has no {kind} {name!r}; a "
            f"reference names {how} (its {kind}s: {', '.join(known) or 'none'})"
        )
    text = words[kind].format(n=target.number)
    if target.page == here:
        href = f"#{target.anchor}"
    else:
        href = posixpath.relpath(target.page, posixpath.dirname(here) or ".") + f"#{target.anchor}"
    return f"[{text}]({href})"


# \tag{N} then \label{NAME} at the end of a formula's TeX: what the page step wrote.
_NUMBERED = re.compile(r"\s*\\tag\{(?P<n>[^{}]+)\}\s*\\label\{(?P<name>[^{}]*)\}")


class _NumberedFormulas(Treeprocessor):
    """Each numbered display formula (arithmatex's ``<div class="arithmatex">`` with
    ``\\tag{N}\\label{NAME}``, which the page step wrote) becomes
    ``<div class="gd-equation" id="eq-NAME">``: the formula without them and its number
    "(N)" as text beside it (site.css puts it below where both do not fit), so it is
    selected, searched and printed as text. Before MkDocs collects the
    page's anchors, so a link to ``#eq-NAME`` is checked like any other."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for k, child in enumerate(list(parent)):
                if child.tag != "div" or child.get("class") != "arithmatex" or not child.text:
                    continue
                found = _NUMBERED.search(child.text)
                if found is None:
                    continue
                wrapper = etree.Element(
                    "div", {"class": "gd-equation", "id": f"eq-{found['name']}"}
                )
                wrapper.tail, child.tail = child.tail, None
                formula = etree.SubElement(wrapper, "div", {"class": "arithmatex"})
                formula.text = AtomicString(child.text[: found.start()] + child.text[found.end() :])
                number = etree.SubElement(wrapper, "span", {"class": "gd-equation-number"})
                number.text = f"({found['n']})"
                parent.remove(child)
                parent.insert(k, wrapper)


class NumberedFormulas(Extension):
    """The Markdown extension of :class:`_NumberedFormulas` (the notes plugin adds it)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the block parser (arithmatex), before MkDocs' anchors (5) and toc (5).
        md.treeprocessors.register(_NumberedFormulas(md), "gd_numbered_formulas", 10)


def page_numbers(numbering: Numbering | None, page: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """What fill_page numbers on ``page``: the number of each figure it shows, in order,
    and each equation label's number."""
    if numbering is None:
        return (), {}
    equations = {t.name: t.number for t in numbering.on_page(page, "equation")}
    return numbering.figures_shown.get(page, ()), equations
