"""Resolve first, then draw: a figure in one language becomes one plain, immutable value.

``gdcore.lecture`` resolves a declared figure (its runs computed, every word filled) into
a :class:`FigureSpec`; drawing, the layout checks, SVG finishing and the cache key read
only that. So a figure's trip goes one way (declaration → runs → words → drawing → SVG →
cache), and the spec is exactly what a figure's bytes depend on besides the drawing code.

A figure has one or more panels, stacked from top to bottom. A panel's spec has two parts:
``base``, what frames that share axes share (drawn once, reused), and ``content``, what
this figure adds; both are frozen values of the panel's kind (``gdcore.kinds``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gdcore.plot import WIDTH, panel_height

__all__ = ["FigureSpec", "PanelSpec", "figure_size", "metadata_json", "point_value"]


@dataclass(frozen=True)
class PanelSpec:
    """One panel as drawn: its kind, what it shares with other figures, what is its own."""

    kind: str
    plot_height: float  # inches; the panel is this plus its legend's rows and the x axis
    legend_rows: int  # the legend sits above the plot: sets the panel's height
    base: Any  # hashable: figures with equal bases share one drawing of it
    content: Any


@dataclass(frozen=True)
class FigureSpec:
    """Everything figure ``name`` in ``lang`` shows, words filled and numbers computed."""

    lecture: str
    name: str
    lang: str
    html_lang: str
    measure_fonts: tuple[str, ...]
    browser_fonts: str
    panels: tuple[PanelSpec, ...]
    title: str
    desc: str
    metadata_json: str


def point_value(point: tuple[float, ...]) -> float | list[float]:
    """A point as the metadata records it: a number with one parameter, else a list."""
    return point[0] if len(point) == 1 else list(point)


def metadata_json(data: dict[str, Any]) -> str:
    """What a figure plots, as the JSON of its <metadata> element (sorted, compact)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def figure_size(spec: FigureSpec) -> tuple[float, float]:
    """Width and height in inches: the panels stacked, each with its legend and x axis."""
    return WIDTH, sum(panel_height(p.plot_height, p.legend_rows) for p in spec.panels)
