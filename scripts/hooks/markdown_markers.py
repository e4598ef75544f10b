"""Where a page's Markdown really shows a figure or a widget marker: the parsed document.

Shared by the figures and explorer hooks (not a hook itself; mkdocs.yml does not list it).

A figure ``![](figures/NAME.svg)`` or a marker ``<!-- stepper -->`` written inside code (a
fenced or indented code block, an inline code span) must stay as written, and a figure
written any other way than on a line of its own (a title, a reference, a sentence around
it, raw HTML) must be found to be refused. Text patterns cannot tell these apart; the
Markdown parser can. So :func:`scan` tags every candidate in the text with its index
(``figures/`` becomes ``TAG7/figures/``, ``<!-- stepper -->`` becomes
``<!-- stepper TAG8 -->``), parses the tagged text with the site's own Markdown
extensions, and reads the tags back from the document: an ``<img>`` whose ``src`` carries
tag 7 is an image made from candidate 7, a raw HTML block holding tag 8 is a real marker,
and a candidate that shows up in neither was inside code. The hooks then rewrite only the
lines of the candidates the document says are real, so the page's own conversion by
MkDocs sees the code exactly as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import markdown

# ``figures/`` as a folder name in a path (``figures/``, ``./figures/``, ``../figures/``):
# the hooks decide from the parsed image which of them name the generated figures.
_FIGURES_PATH = re.compile(r"(?<![\w-])figures/")


@dataclass(frozen=True)
class Candidate:
    """One place in the Markdown text: an occurrence of ``figures/`` or of a marker."""

    start: int  # offset of the occurrence in the Markdown
    end: int
    line_start: int  # offsets of the line that holds it (without its newline)
    line_end: int
    line_number: int  # 1-based

    def line(self, text: str) -> str:
        return text[self.line_start : self.line_end]


@dataclass(frozen=True)
class Image:
    """An ``<img>`` of the parsed document whose ``src`` came from a ``figures/`` candidate."""

    candidate: Candidate
    src: str  # as written (the tag removed)
    alt: str
    title: str | None
    alone: bool  # the only content of its paragraph
    raw_html: bool  # written as an HTML <img> tag, not as a Markdown image


@dataclass(frozen=True)
class Marker:
    """A marker comment outside code."""

    candidate: Candidate
    comment: str
    alone: bool  # a raw HTML block of its own (on a line of its own), not inside a sentence


@dataclass(frozen=True)
class Scan:
    images: tuple[Image, ...]
    markers: tuple[Marker, ...]


def _candidate(text: str, start: int, end: int) -> Candidate:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return Candidate(
        start,
        end,
        line_start,
        len(text) if line_end < 0 else line_end,
        text.count("\n", 0, start) + 1,
    )


def _free_tag(text: str) -> str:
    """A tag that occurs nowhere in ``text`` (deterministic: the same page, the same tag)."""
    k = 0
    while f"gdmark{k}x" in text:
        k += 1
    return f"gdmark{k}x"


class _KeepTree(markdown.treeprocessors.Treeprocessor):
    """Keeps the parsed document's root (the last treeprocessor to run)."""

    root: etree.Element | None = None

    def run(self, root: etree.Element) -> None:
        self.root = root


def _parse(text: str, config: Any) -> tuple[etree.Element, list[Any]]:
    """The document tree and raw HTML stash of ``text`` under the site's extensions."""
    md = markdown.Markdown(
        extensions=config.markdown_extensions,
        extension_configs=config.mdx_configs or {},
    )
    keep = _KeepTree(md)
    md.treeprocessors.register(keep, "gd_keep_tree", -1000)
    md.convert(text)
    return keep.root, list(md.htmlStash.rawHtmlBlocks)


# What scan() and in_code() found in this process. Each depends only on the text, what it
# looks for and the Markdown extensions, and parsing is most of a hook's time; under
# `mkdocs serve` a rebuild after an edit parses the edited page again, not every page of
# both languages.
_found: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_FOUND_KEPT = 128

_T = TypeVar("_T")


def _remembered(key: tuple[Any, ...], config: Any, find: Callable[[], _T]) -> _T:
    """``find()``, or what it gave before for ``key`` under the same extensions."""
    # The extensions as configured (their options hold only plain data and functions,
    # whose repr is the same while the process lives).
    key = (*key, repr((config.markdown_extensions, config.mdx_configs)))
    if key in _found:
        _found.move_to_end(key)
        return _found[key]
    found = _found[key] = find()
    if len(_found) > _FOUND_KEPT:
        _found.popitem(last=False)
    return found


def scan(text: str, config: Any, comments: Iterable[str] = ()) -> Scan:
    """The figure images and ``comments`` markers of Markdown ``text`` outside code.

    ``config`` is MkDocs' (its ``markdown_extensions`` and ``mdx_configs`` are used).
    """
    comments = tuple(comments)
    return _remembered(("scan", text, comments), config, lambda: _scan(text, config, comments))


def _scan(text: str, config: Any, comments: tuple[str, ...]) -> Scan:
    found: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "figures") for m in _FIGURES_PATH.finditer(text)
    ]
    for comment in comments:
        found += [(m.start(), m.end(), comment) for m in re.finditer(re.escape(comment), text)]
    if not found:
        return Scan((), ())
    found.sort()
    tag = _free_tag(text)
    pieces, last = [], 0
    for index, (start, end, kind) in enumerate(found):
        pieces.append(text[last:start])
        if kind == "figures":
            pieces.append(f"{tag}{index}/{text[start:end]}")
        else:  # "<!-- stepper -->" -> "<!-- stepper TAG3 -->"
            pieces.append(f"{kind[: -len('-->')].rstrip()} {tag}{index} -->")
        last = end
    pieces.append(text[last:])
    root, stash = _parse("".join(pieces), config)
    candidates = [_candidate(text, start, end) for start, end, _ in found]
    tag_number = re.compile(rf"{tag}(\d+)/?")

    def untagged(value: str) -> str:
        return tag_number.sub("", value)

    images: list[Image] = []
    parents = {child: parent for parent in root.iter() for child in parent}
    for img in root.iter("img"):
        m = tag_number.search(img.get("src", ""))
        if m is None:
            continue
        parent = parents.get(img)
        alone = (
            parent is not None
            and parent.tag == "p"
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (img.tail or "").strip()
        )
        images.append(
            Image(
                candidate=candidates[int(m[1])],
                src=untagged(img.get("src", "")),
                alt=img.get("alt", ""),
                title=img.get("title"),
                alone=alone,
                raw_html=False,
            )
        )
    # Raw HTML is kept aside as text (code blocks too, but their "<" is escaped there).
    blocks = {
        markdown.util.HTML_PLACEHOLDER % i
        for i in range(len(stash))
        for p in root.iter("p")
        if (p.text or "").strip() == markdown.util.HTML_PLACEHOLDER % i and not len(p)
    }
    markers: list[Marker] = []
    for i, raw in enumerate(stash):
        if not isinstance(raw, str):
            continue
        for tag_html in re.findall(r"<img\b[^>]*>", raw, flags=re.I):
            for m in tag_number.finditer(tag_html):
                src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]*)""", tag_html, re.I)
                images.append(
                    Image(
                        candidate=candidates[int(m[1])],
                        src=untagged(src[1]) if src else "",
                        alt="",
                        title=None,
                        alone=False,
                        raw_html=True,
                    )
                )
        for m in re.finditer(rf"<!--\s*([\w-]+)\s+{tag}(\d+)\s*-->", raw):
            candidate = candidates[int(m[2])]
            marker = found[int(m[2])][2]
            whole = raw.strip() == m[0] and markdown.util.HTML_PLACEHOLDER % i in blocks
            markers.append(Marker(candidate, marker, whole))
    images.sort(key=lambda image: image.candidate.start)
    markers.sort(key=lambda marker: marker.candidate.start)
    return Scan(tuple(images), tuple(markers))


def in_code(text: str, config: Any, pattern: re.Pattern[str]) -> frozenset[int]:
    """The start offsets of the matches of ``pattern`` in Markdown ``text`` that the page
    shows as code: in a fenced or indented code block, a code span, or the ``<code>`` of
    a raw HTML block. Such a match must stay as written.

    Found as :func:`scan` finds figures: each match is tagged, the tagged text parsed
    with the site's extensions, and the tags read back from the code of the document.
    """
    starts = [m.start() for m in pattern.finditer(text)]
    if not starts:
        return frozenset()
    return _remembered(
        ("in_code", text, pattern.pattern), config, lambda: _in_code(text, config, starts)
    )


def _in_code(text: str, config: Any, starts: list[int]) -> frozenset[int]:
    tag = _free_tag(text)
    pieces, last = [], 0
    for index, start in enumerate(starts):
        pieces += [text[last:start], f"{tag}{index}"]  # the match itself ends the number
        last = start
    pieces.append(text[last:])
    root, stash = _parse("".join(pieces), config)
    tag_number = re.compile(rf"{tag}(\d+)")
    shown_as_code: set[int] = set()
    for element in root.iter():
        if element.tag in ("code", "pre"):
            for part in element.itertext():
                shown_as_code.update(int(m[1]) for m in tag_number.finditer(part))
    # Fenced blocks (and raw HTML) are kept aside as text: their code is in <code>.
    for raw in stash:
        if isinstance(raw, str):
            for code in re.finditer(r"<code\b.*?</code>", raw, flags=re.S | re.I):
                shown_as_code.update(int(m[1]) for m in tag_number.finditer(code[0]))
    return frozenset(starts[i] for i in shown_as_code)


def replace_lines(text: str, replacements: dict[Candidate, str]) -> str:
    """``text`` with the line of each candidate replaced (one replacement per line)."""
    by_line = {(c.line_start, c.line_end): new for c, new in replacements.items()}
    out, last = [], 0
    for (start, end), new in sorted(by_line.items()):
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)
