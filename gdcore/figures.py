"""The figures' public entry points, gathered in one place.

A figure goes one way: ``scenarios`` (data) → ``descent`` (runs) → ``text`` (words) →
``spec`` (the resolved figure) → ``draw`` and ``layout`` (matplotlib, checks) →
``svgfile`` (the finished SVG) → ``cache`` → ``render`` (files, in parallel).
"""

from __future__ import annotations

from gdcore.cache import cache_key, default_cache_dir
from gdcore.errors import FigureError
from gdcore.layout import layout_problems
from gdcore.render import (
    FIGURE_NAMES,
    LANGS,
    dark_path,
    figure_files,
    render,
    render_ahead,
    render_all,
    size,
    svg,
)
from gdcore.spec import metadata

__all__ = [
    "FIGURE_NAMES",
    "LANGS",
    "FigureError",
    "cache_key",
    "dark_path",
    "default_cache_dir",
    "figure_files",
    "layout_problems",
    "metadata",
    "render",
    "render_ahead",
    "render_all",
    "size",
    "svg",
]
