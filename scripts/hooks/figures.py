"""MkDocs hook: a figure's alt text and caption come from gdcore, not from Markdown.

Markdown names a figure and nothing more: a line ``![](figures/NAME.svg)``. This hook
turns it into a ``<figure>`` whose alt text is the figure's description and whose caption
is its title, in the page's language, as gdcore writes them into the SVG itself; so no
number next to a figure is typed by hand. The same figure shown again on a page gets the
id ``figure-NAME-2`` (then -3, ...).

Which images are figures is read from the parsed page (markdown_markers.scan), so a code
block that shows ``![](figures/NAME.svg)`` stays as written. Any other way of showing a
figure fails the build with a message that says what to write: alt text, a title, a
language suffix (``NAME.zh.svg``), an image inside a sentence, a list item or indented, a
reference-style image, an HTML ``<img>``; so does an unknown name.

It also starts drawing the figures at start-up (``gdcore.figures.render_ahead``), in
gdcore's drawing processes, so that they are drawn while MkDocs loads its plugins and the search
dictionary; scripts/gen_figures.py then waits for them. This hook comes first in
mkdocs.yml's list so that nothing runs before it.
"""

from __future__ import annotations

import html
import importlib
import posixpath
import re
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figure_image import image_markdown
from markdown_markers import Image, replace_lines, scan
from page_language import page_language

# The one way to show a figure: the image alone on its line, without alt text or title.
_FIGURE_LINE = re.compile(r"(?P<indent>[ \t]*)!\[\]\((?P<path>figures/[\w-]+\.svg)\)[ \t]*")
# A reference definition "[label]: figures/NAME.svg".
_REFERENCE = re.compile(r"[ \t]*\[[^\]]+\]:[ \t]*<?figures/")
# What an image of the figures folder may name: a figure, optionally (wrongly) a language.
_FIGURE_PATH = re.compile(r"figures/(?P<name>[\w-]+?)(?:\.(?P<lang>zh|en))?\.svg")

ROOT = Path(__file__).resolve().parents[2]

_text: ModuleType | None = None
_scenarios: ModuleType | None = None
_figures: ModuleType | None = None


def _import_gdcore() -> ModuleType:
    """gdcore from this repository, even when it is not pip-installed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("gdcore")


def on_startup(command: str, dirty: bool) -> None:
    _import_gdcore()
    importlib.import_module("gdcore.figures").render_ahead()


def on_pre_build(config) -> None:
    """Re-import gdcore on every build, so that `mkdocs serve` shows edits to it."""
    global _text, _scenarios, _figures
    _import_gdcore().reloaded()
    _text = importlib.import_module("gdcore.text")
    _scenarios = importlib.import_module("gdcore.scenarios")
    _figures = importlib.import_module("gdcore.figures")


def figure_markdown(name: str, lang: str, element_id: str | None = None) -> str:
    """The <figure> for gdcore figure ``name`` in ``lang`` (Markdown inside md_in_html).

    ``element_id`` defaults to ``figure-NAME``; a page that shows a figure again gives the
    next one another id.
    """
    scenario = _scenarios.get(name)
    alt = _text.fill(scenario.desc[lang], scenario, lang)
    caption = _text.fill(scenario.title[lang], scenario, lang)
    return (
        f'<figure markdown="span" class="gd-figure" id="{element_id or f"figure-{name}"}">\n'
        f"{image_markdown(name, alt, _figures.size(name, lang))}\n"
        f"<figcaption>{html.escape(caption, quote=False)}</figcaption>\n"
        "</figure>"
    )


def _in_figures_folder(src: str, page_uri: str) -> bool:
    """Whether the image ``src`` of page ``page_uri`` points into the generated figures/."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return False
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), parts.path))
    return target.startswith("figures/")


def _problem(image: Image, text: str, lang: str) -> str | None:
    """What is wrong with how ``image`` shows a figure, and what to write instead."""
    path = _FIGURE_PATH.fullmatch(image.src)
    if path is None:
        named = _FIGURE_PATH.search(image.src)
        return (
            f"write ![](figures/{named['name'] if named else 'NAME'}.svg) instead of "
            f"{image.src!r}: figures/ holds gdcore's figures, each shown by its name alone "
            "(the names: `python -m gdcore list`)"
        )
    name, written = path["name"], f"![](figures/{path['name']}.svg)"
    if path["lang"]:
        return (
            f"write {written}, without .{path['lang']}: the build shows the figure in the "
            f"page's language ({name}.{lang}.svg here)"
        )
    if image.raw_html:
        return f"write {written} on a line of its own instead of an HTML <img>"
    if image.alt.strip():
        return f"write {written} without alt text; the alt text and caption come from gdcore"
    if image.title is not None:
        return f"write {written} without a title; the caption comes from gdcore"
    own_line = (
        f"put {written} on a line of its own (nothing else on it, no attributes), with a "
        "blank line before and after: "
        "a figure is a block with its caption, not part of a sentence"
    )
    line = _FIGURE_LINE.fullmatch(image.candidate.line(text))
    if line is None or image.candidate.start != image.candidate.line_start + line.start("path"):
        if _REFERENCE.match(image.candidate.line(text)):
            return f"write {written} on a line of its own, not as a reference-style image"
        return own_line
    if not image.alone:  # e.g. a lazy continuation line of the paragraph before, a list item
        return own_line
    if line["indent"]:
        # md_in_html builds the <figure> only from HTML at the top level of the page.
        return (
            f"write {written} at the start of its line, not indented: inside a list or an "
            "admonition the figure and its caption cannot be built"
        )
    return None


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page_language(config)
    found = scan(markdown, config)
    replacements = {}
    ids: set[str] = set()
    for image in found.images:
        if not _in_figures_folder(image.src, page.file.src_uri):
            continue  # an image of another folder that has "figures/" in its path
        where = f"{page.file.src_uri}:{image.candidate.line_number}"
        problem = _problem(image, markdown, lang)
        if problem:
            raise PluginError(f"{where}: {problem}")
        name = _FIGURE_PATH.fullmatch(image.src)["name"]
        element_id, k = f"figure-{name}", 1
        while element_id in ids:  # shown again (or another figure's id taken): -2, -3, ...
            k += 1
            element_id = f"figure-{name}-{k}"
        ids.add(element_id)
        try:
            block = figure_markdown(name, lang, element_id)
        except ValueError as error:
            raise PluginError(f"{where}: {error}") from None
        replacements[image.candidate] = block
    return replace_lines(markdown, replacements)
