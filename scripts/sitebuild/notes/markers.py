"""Where a page's Markdown really holds a marker ``{{ … }}``: one parse of the page.

Every marker a page writes belongs to one family, ``{{ … }}`` (see the README): a fact
``{{ J.coef }}``, a figure ``{{ figure NAME }}``, a widget ``{{ widget NAME }}``, the link
target ``{{ repository }}``. Written inside code (a fenced or indented code block, a code
span, an HTML block's ``<code>``) a marker stays as written; a figure or a widget must be
alone on its line, not indented. Text patterns cannot tell these apart; the Markdown
parser can. So :func:`scan` tags every ``{{`` of the text with its index (``{{`` becomes
``gdmark7x{{``), parses the tagged text once with the site's own Markdown extensions, and
reads the tags back from the document: tag 7 inside ``<code>`` is code, tag 7 as the whole
text of a paragraph is a block. The page's own conversion by MkDocs then sees the text
with every marker replaced (code exactly as written).

The same parse finds the images a page shows, so that an image of the generated
``figures/`` folder (the old way to show a figure) is refused with what to write instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import markdown

__all__ = ["Image", "Marker", "Scan", "scan"]

# A marker on one line; an unclosed "{{" is a marker too (and an error outside code).
_MARKER = re.compile(r"\{\{(?P<inner>[^\n]*?)\}\}|\{\{(?P<open>[^\n]*)")


@dataclass(frozen=True)
class Marker:
    """One ``{{ … }}`` of the page."""

    start: int  # offsets in the Markdown
    end: int
    line_start: int  # offsets of the line that holds it (without its newline)
    line_end: int
    line_number: int  # 1-based
    written: str  # as written: "{{ figure update-rule }}"
    inner: str | None  # what is between the braces, stripped; None: no closing "}}"
    in_code: bool  # shown as code: left as written
    alone: bool  # the whole text of a paragraph (a block of its own)

    def line(self, text: str) -> str:
        return text[self.line_start : self.line_end]


@dataclass(frozen=True)
class Image:
    """An image of the parsed document (Markdown or raw HTML), outside code."""

    src: str
    line_number: int
    raw_html: bool


@dataclass(frozen=True)
class Scan:
    markers: tuple[Marker, ...]
    images: tuple[Image, ...]


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


# What scan() found in this process, by the text and the Markdown extensions: parsing is
# most of a page's time here, and under `mkdocs serve` a rebuild after an edit parses the
# edited page again, not every page of every language.
_found: OrderedDict[tuple[str, str], Scan] = OrderedDict()
_FOUND_KEPT = 128


def scan(text: str, config: Any) -> Scan:
    """The markers and images of Markdown ``text`` (``config``: MkDocs' configuration,
    whose ``markdown_extensions`` and ``mdx_configs`` are used)."""
    # The extensions as configured (their options hold only plain data and functions,
    # whose repr is the same while the process lives).
    key = (text, repr((config.markdown_extensions, config.mdx_configs)))
    if key in _found:
        _found.move_to_end(key)
        return _found[key]
    found = _found[key] = _scan(text, config)
    if len(_found) > _FOUND_KEPT:
        _found.popitem(last=False)
    return found


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def _scan(text: str, config: Any) -> Scan:
    matches = list(_MARKER.finditer(text))
    has_images = "figures/" in text
    if not matches and not has_images:
        return Scan((), ())
    tag = _free_tag(text)
    pieces, last = [], 0
    for index, m in enumerate(matches):
        pieces += [text[last : m.start()], f"{tag}{index}x"]
        last = m.start()
    pieces.append(text[last:])
    root, stash = _parse("".join(pieces), config)
    tag_number = re.compile(rf"{tag}(\d+)x")

    in_code: set[int] = set()
    alone: set[int] = set()
    for element in root.iter():
        if element.tag in ("code", "pre"):
            for part in element.itertext():
                in_code.update(int(n) for n in tag_number.findall(part))
        if element.tag == "p" and not len(element):
            found = tag_number.findall(element.text or "")
            if len(found) == 1:
                i = int(found[0])
                rest = (element.text or "").replace(f"{tag}{i}x", "", 1).strip()
                if rest == matches[i][0].strip():
                    alone.add(i)
    images: list[Image] = []
    for img in root.iter("img"):
        src = tag_number.sub("", img.get("src", ""))
        images.append(Image(src, _image_line(text, src), raw_html=False))
    # Raw HTML is kept aside as text (code blocks too, but their "<" is escaped there).
    for raw in stash:
        if not isinstance(raw, str):
            continue
        for code in re.finditer(r"<code\b.*?</code>", raw, flags=re.S | re.I):
            in_code.update(int(n) for n in tag_number.findall(code[0]))
        for tag_html in re.findall(r"<img\b[^>]*>", raw, flags=re.I):
            src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]*)""", tag_html, re.I)
            value = tag_number.sub("", src[1]) if src else ""
            images.append(Image(value, _image_line(text, value), raw_html=True))
    markers = []
    for index, m in enumerate(matches):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        inner = m["inner"]
        markers.append(
            Marker(
                start=m.start(),
                end=m.end(),
                line_start=line_start,
                line_end=len(text) if line_end < 0 else line_end,
                line_number=line_of(text, m.start()),
                written=m[0],
                inner=inner.strip() if inner is not None else None,
                in_code=index in in_code,
                alone=index in alone,
            )
        )
    return Scan(tuple(markers), tuple(images))


def _image_line(text: str, src: str) -> int:
    at = text.find(src) if src else -1
    return line_of(text, at) if at >= 0 else 1
