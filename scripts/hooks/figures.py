"""MkDocs hook: a figure's alt text and caption come from gdcore, not from Markdown.

Markdown names a figure and nothing more: a line ``![](figures/NAME.svg)``. This hook
turns it into a ``<figure>`` whose alt text is the figure's description and whose caption
is its title, in the page's language, as gdcore writes them into the SVG itself; so no
number next to a figure is typed by hand. An unknown name, or alt text written in the
Markdown, fails the build.

It also starts drawing the figures at start-up (``gdcore.figures.render_ahead``), in
forked processes, so that they are drawn while MkDocs loads its plugins and the search
dictionary; scripts/gen_figures.py then waits for them. This hook comes first in
mkdocs.yml's list so that nothing runs before it.
"""

from __future__ import annotations

import html
import importlib
import re
import sys
from pathlib import Path
from types import ModuleType

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figure_image import image_markdown

_FIGURE_LINE = re.compile(
    r"^(?P<indent>[ \t]*)!\[(?P<alt>[^\]]*)\]\(figures/(?P<name>[\w-]+)\.svg\)[ \t]*$", re.M
)

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


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else config.theme["language"]


def figure_markdown(name: str, lang: str) -> str:
    """The <figure> for gdcore figure ``name`` in ``lang`` (Markdown inside md_in_html)."""
    scenario = _scenarios.get(name)
    alt = _text.fill(scenario.desc[lang], scenario, lang)
    caption = _text.fill(scenario.title[lang], scenario, lang)
    return (
        f'<figure markdown="span" class="gd-figure" id="figure-{name}">\n'
        f"{image_markdown(name, alt, _figures.size(name, lang))}\n"
        f"<figcaption>{html.escape(caption, quote=False)}</figcaption>\n"
        "</figure>"
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = _language(config)

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if match["alt"].strip():
            raise PluginError(
                f"{page.file.src_uri}: write ![](figures/{name}.svg) without alt text; "
                "the alt text and caption come from gdcore"
            )
        try:
            block = figure_markdown(name, lang)
        except ValueError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None
        return "\n".join(match["indent"] + line for line in block.splitlines())

    return _FIGURE_LINE.sub(replace, markdown)
