"""A page's Markdown with its markers replaced: one pass, small pure steps.

``fill_page`` takes the page's text and what one parse found in it (``markers.scan``) and
returns the text MkDocs converts: every fact filled (its TeX inside maths, its text
elsewhere), every figure and widget written out, the repository link built. Each kind
of marker has its own small function from marker to replacement text; they are spliced
into the text at once, so no step shifts another's offsets. Anything wrong fails with
one line naming the page, the line and what to write.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError
from sitebuild.notes.markers import Marker, Scan, line_of
from sitebuild.notes.numbering import LABEL, REF, display_maths

__all__ = ["Page", "fill_page", "fill_text"]

_FACT = re.compile(r"[A-Za-z][\w-]*(?:\.[\w-]+)*")
_BLOCK = re.compile(r"(?P<what>figure|widget)\s+(?P<name>[A-Za-z][\w-]*)")
_REPOSITORY_LINK = re.compile(r"\[(?P<words>[^\]\n]+)\]\(\{\{\s*repository\s*\}\}\)")
_FIGURES_FOLDER = re.compile(r"(?:^|/)figures/(?P<name>[\w-]+?)(?:\.(?:dark\.)?[a-z]{2})?\.svg")

# What the Markdown holds that is not prose, in the order the alternatives are tried:
# fenced code and inline code (left alone: the parse says so too), then maths.
_MATHS = re.compile(
    r"(?P<fence>^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=mark)[ \t]*$)"
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<maths>\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|(?<![\\$])\$(?![\s$]).+?(?<![\s\\])\$)",
    re.M | re.S,
)

WHAT_TO_WRITE = (
    "write {{ NAME }} for a fact (python -m gdcore facts lists them), {{ figure NAME }} or "
    "{{ widget NAME }} alone on a line, {{ ref figure|equation|section NAME }} for a "
    "numbered link, or [words]({{ repository }})"
)


@dataclass(frozen=True)
class Page:
    """What a page's markers are filled from."""

    where: str  # the page's source path, for errors
    facts: Mapping[str, Any] | None  # name -> Fact(text, tex); None: the page has no lecture
    repository: str | None  # REPO_URL, checked by the site's patches
    # (name, element id, its number or None) -> the <figure> block
    figure: Callable[[str, str, str | None], str]
    widget: Callable[[str], str]  # name -> the widget's HTML
    figure_names: frozenset[str] = frozenset()
    widget_names: frozenset[str] = frozenset()
    # Numbers (sitebuild.notes.numbering): each figure's the page shows, in order; each
    # equation label's; and the link of {{ ref KIND NAME }} (kind, name, "page:line").
    figure_numbers: tuple[str, ...] = ()
    equation_numbers: Mapping[str, str] | None = None
    ref: Callable[[str, str, str], str] | None = None


def _maths_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _MATHS.finditer(text) if m["maths"]]


def _fact(marker: Marker, page: Page, in_maths: bool) -> str:
    name = marker.inner or ""
    where = f"{page.where}:{marker.line_number}"
    if page.facts is None:
        raise PluginError(
            f"{where}: {marker.written}: this page is part of no lecture, so it has no facts"
        )
    if name not in page.facts:
        raise PluginError(
            f"{where}: unknown placeholder {marker.written} (see python -m gdcore facts)"
        )
    try:
        fact = page.facts[name]
    except ValueError as error:  # a fact its data cannot give
        raise PluginError(f"{where}: {marker.written}: {error}") from None
    return fact.tex if in_maths else fact.text


def _block(
    marker: Marker, text: str, page: Page, match: re.Match[str], ids: set[str], shown: list[str]
) -> str:
    what, name = match["what"], match["name"]
    where = f"{page.where}:{marker.line_number}"
    written = f"{{{{ {what} {name} }}}}"
    known = page.figure_names if what == "figure" else page.widget_names
    if name not in known:
        listing = ", ".join(sorted(known)) or "none"
        raise PluginError(
            f"{where}: no {what} {name!r} in this page's lecture (its {what}s: {listing})"
        )
    if marker.line(text).rstrip() != marker.written:
        if marker.line(text).strip() == marker.written:
            raise PluginError(
                f"{where}: write {written} at the start of its line, not indented: inside a "
                f"list or an admonition the {what} cannot be built"
            )
        raise PluginError(
            f"{where}: put {written} on a line of its own, with a blank line before and after: "
            f"a {what} is a block, not part of a sentence"
        )
    if not marker.alone:
        raise PluginError(
            f"{where}: put {written} on a line of its own, with a blank line before and after"
        )
    if what == "widget":
        if f"widget:{name}" in ids:
            raise PluginError(f"{where}: {written} appears more than once on this page")
        ids.add(f"widget:{name}")
        return "\n" + page.widget(name) + "\n"
    element_id, k = f"figure-{name}", 1
    while element_id in ids:  # shown again: figure-NAME-2, -3, ...
        k += 1
        element_id = f"figure-{name}-{k}"
    ids.add(element_id)
    number = page.figure_numbers[len(shown)] if len(shown) < len(page.figure_numbers) else None
    shown.append(name)
    return page.figure(name, element_id, number)


def _refuse_figure_images(found: Scan, page: Page) -> None:
    """The generated figures are shown by name, never as an image of figures/."""
    for image in found.images:
        named = _FIGURES_FOLDER.search(image.src)
        if named is None:
            continue
        how = "an HTML <img>" if image.raw_html else "an image"
        raise PluginError(
            f"{page.where}:{image.line_number}: write {{{{ figure {named['name']} }}}} alone on "
            f"a line instead of {how} of {image.src!r}: the build writes the figure, its alt "
            "text and caption from gdcore"
        )


def _labels(text: str, maths: list[tuple[int, int]], page: Page) -> list[tuple[int, int, str]]:
    """Each display formula's ``\\label{NAME}`` gets ``\\tag{N}``, its number, before it."""
    display = display_maths(text)
    out = []
    for start, end in maths:
        for label in LABEL.finditer(text, start, end):
            where = f"{page.where}:{line_of(text, label.start())}"
            if not any(a <= label.start() < b for a, b in display):
                raise PluginError(
                    f"{where}: {label[0]} in inline maths: only a display formula ($$ … $$) "
                    "is numbered"
                )
            number = (page.equation_numbers or {}).get(label["name"])
            if number is None:
                raise PluginError(f"{where}: {label[0]}: this page is part of no lecture")
            # Kept for the Markdown step after it (numbering.NumberedFormulas), which takes
            # both out of the TeX and gives the formula its id and its number as text.
            out.append((label.start(), label.start(), f"\\tag{{{number}}}"))
    return out


def fill_page(text: str, found: Scan, page: Page) -> str:
    """``text`` with every marker of ``found`` outside code replaced (see the module)."""
    _refuse_figure_images(found, page)
    maths = _maths_spans(text)
    links = {m.start(): m for m in _REPOSITORY_LINK.finditer(text)}
    link_markers = {m.start() + m[0].index("{{"): m for m in links.values()}
    replacements: list[tuple[int, int, str]] = _labels(text, maths, page)
    ids: set[str] = set()
    shown: list[str] = []
    for marker in found.markers:
        if marker.in_code:
            continue
        where = f"{page.where}:{marker.line_number}"
        inner = marker.inner
        if inner is None:
            raise PluginError(f"{where}: {marker.written!r} has no closing }}}}; {WHAT_TO_WRITE}")
        if marker.start in link_markers:
            link = link_markers[marker.start]
            words = link["words"]
            if page.repository:
                built = f'<a href="{html.escape(page.repository, quote=True)}">{words}</a>'
            else:
                built = words
            replacements.append((link.start(), link.end(), built))
            continue
        if inner == "repository":
            raise PluginError(
                f"{where}: {marker.written} is a link target: write [words]({{{{ repository }}}})"
            )
        block = _BLOCK.fullmatch(inner)
        if block is not None:
            replacements.append(
                (marker.line_start, marker.line_end, _block(marker, text, page, block, ids, shown))
            )
            continue
        ref = REF.fullmatch(inner)
        if ref is not None:
            if any(a <= marker.start < b for a, b in maths):
                raise PluginError(f"{where}: {marker.written} is a link: write it outside maths")
            if page.ref is None:
                raise PluginError(f"{where}: {marker.written}: this page is part of no lecture")
            link = page.ref(ref["kind"], ref["name"], where)
            replacements.append((marker.start, marker.end, link))
            continue
        if _FACT.fullmatch(inner):
            in_maths = any(a <= marker.start < b for a, b in maths)
            replacements.append((marker.start, marker.end, _fact(marker, page, in_maths)))
            continue
        raise PluginError(f"{where}: {marker.written} is not a marker; {WHAT_TO_WRITE}")
    out, last = [], 0
    for start, end, new in sorted(replacements):
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)


_IN_TEXT = re.compile(r"\{\{(?P<inner>[^\n]*?)\}\}|\{\{")


def fill_text(value: str, page: Page, key: str) -> str:
    """A front-matter value (title, description) with its facts filled, as text."""

    def fact(match: re.Match[str]) -> str:
        inner = (match["inner"] or "").strip()
        if match["inner"] is None or not _FACT.fullmatch(inner) or inner == "repository":
            raise PluginError(
                f"{page.where}: front matter {key}: {match[0]!r} is not a fact; "
                "write {{ NAME }}"
            )
        if page.facts is None or inner not in page.facts:
            raise PluginError(f"{page.where}: front matter {key}: unknown placeholder {match[0]}")
        return page.facts[inner].text

    return _IN_TEXT.sub(fact, value)
