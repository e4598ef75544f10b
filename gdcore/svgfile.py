"""The SVG file of a figure: drawn, checked for layout problems, then finished with a
title, desc, metadata, language and the browser's fonts.

The result is byte-identical for identical specs (no date, no matplotlib version).
"""

from __future__ import annotations

import html
import re

from gdcore.draw import draw_svg
from gdcore.errors import FigureError
from gdcore.layout import layout_problems
from gdcore.spec import FigureSpec
from gdcore.style import DARK

__all__ = ["MAX_BYTES", "dark_variant", "draw_group", "figure_svg", "finish_svg"]

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")

MAX_BYTES = 40_000
"""A figure file larger than this fails the render (the page budget counts on it)."""


def finish_svg(raw: str, spec: FigureSpec) -> str:
    """Add title, desc, metadata and language; swap in the browser font stack."""
    title = html.escape(spec.title, quote=False)
    desc = html.escape(spec.desc, quote=False)
    prefix = f"gd-{spec.name}"
    head = (
        f'<title id="{prefix}-title">{title}</title>\n'
        f'<desc id="{prefix}-desc">{desc}</desc>\n'
        f'<metadata id="gdcore-data">{html.escape(spec.metadata_json, quote=False)}</metadata>\n'
    )
    svg_open = re.search(r"<svg\b[^>]*>", raw)
    if svg_open is None:
        raise FigureError("matplotlib wrote no <svg> element")
    tag = svg_open.group(0)[:-1] + (
        f' role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
        f' xml:lang="{spec.html_lang}" lang="{spec.html_lang}">\n'
    )
    measured = ", ".join(f"'{f}'" for f in spec.measure_fonts) + ", sans-serif"
    body = raw[svg_open.end() :].replace(measured, spec.browser_fonts)
    # matplotlib's XML comment names its version; drop it so an upgrade alone changes nothing.
    head_xml = re.sub(r"<!--.*?-->\n?", "", raw[: svg_open.start()], flags=re.S)
    out = head_xml + tag + head + body
    size = len(out.encode())
    if size > MAX_BYTES:
        raise FigureError(f"the file is {size} bytes, over {MAX_BYTES}", spec.name, spec.lang)
    return out


def figure_svg(spec: FigureSpec) -> str:
    """The finished SVG text of ``spec``: drawn, checked, finished. FigureError naming the
    figure and its language if it cannot be drawn correctly."""
    try:
        raw, problems = draw_svg(spec, layout_problems)
        if problems:
            raise FigureError("; ".join(problems))
        out = finish_svg(raw, spec)
        dark_variant(out)  # every colour declared: the dark twin can be made
        return out
    except FigureError as error:
        raise error.about(spec.name, spec.lang) from error.__cause__


def dark_variant(svg: str) -> str:
    """The same figure for a dark page: every colour replaced by its dark twin in
    style.PALETTE. Exact (each drawn colour is a declared light colour), and cheap: the
    figure is drawn once. FigureError names a colour the palette does not declare."""
    body_at = max(svg.find("</metadata>"), 0)
    body = svg[body_at:]
    unknown = sorted({c.lower() for c in _HEX.findall(body)} - DARK.keys())
    if unknown:
        raise FigureError(f"colours not declared in gdcore.style.PALETTE: {unknown}")
    return svg[:body_at] + _HEX.sub(lambda m: DARK[m.group(0).lower()], body)


def draw_group(specs: list[FigureSpec]) -> list[bytes]:
    """Draw ``specs`` in order (in this process): each figure's SVG bytes."""
    out = []
    for spec in specs:
        try:
            out.append(figure_svg(spec).encode())
        except FigureError:
            raise
        except Exception as error:  # a bug in the drawing: still say which figure
            raise FigureError(f"{type(error).__name__}: {error}", spec.name, spec.lang) from error
    return out
