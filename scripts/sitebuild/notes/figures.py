"""The HTML a lecture's figure becomes in a page: shared by figures and widgets.

The one place that decides what a figure looks like in a page: its light image, its dark
twin, its alt text and caption, both from gdcore (Markdown names a figure and nothing more).
"""

from __future__ import annotations

import html
import re

# Displayed at most 1.25 CSS px per SVG user unit: gdcore's 12-unit text is then 15 px
# on a desktop, and a narrower column (a phone) shrinks the figure to fit (site.css).
MAX_SCALE = 1.25
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def image_markdown(name: str, alt: str, size: tuple[float, float], classes: str = "") -> str:
    """The figure's two images, for the light and the dark palette.

    ``![alt](figures/NAME.svg#only-light){ … }``: static-i18n picks NAME.zh.svg or
    NAME.en.svg for the page's language and MkDocs validates the link, as for any Markdown
    image. Material hides ``#only-light`` images in the dark palette and ``#only-dark`` ones
    in the light palette, whether the reader chose it with the toggle or the system did.

    The dark image (``NAME.dark.LANG.svg``, gdcore's dark twin of the same drawing) sits in
    a ``<template>``, which docs/javascripts/figures.js puts in the page: a lazy image that
    is ``display: none`` is never fetched, but browsers ignore ``loading="lazy"`` when
    JavaScript is off, and without JavaScript Material shows the light palette anyway. So
    every reader downloads one of the two. ``size`` is the figure's (width, height) in SVG
    user units: the width and height attributes reserve the space before the file arrives
    and cap the displayed width.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", alt)
    width, height = (round(v * MAX_SCALE) for v in size)
    attrs = f'width="{width}" height="{height}" loading="lazy" .gd-figure-img'
    if classes:
        attrs += f" .{classes}"
    return (
        f"![{escaped}](figures/{name}.svg#only-light){{ {attrs} }}"
        f'<template class="gd-dark-figure">'
        f"![{escaped}](figures/{name}.dark.svg#only-dark){{ {attrs} }}</template>"
    )


def figure_block(
    name: str, alt: str, caption: str, size: tuple[float, float], element_id: str
) -> str:
    """The <figure> for a figure (Markdown inside md_in_html)."""
    return (
        f'<figure markdown="span" class="gd-figure" id="{element_id}">\n'
        f"{image_markdown(name, alt, size)}\n"
        f"<figcaption>{html.escape(caption, quote=False)}</figcaption>\n"
        "</figure>"
    )
