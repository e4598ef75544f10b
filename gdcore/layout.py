"""The layout checks on a drawn figure: what a reader could not read or would not see.

A figure with a problem is not written (the render raises FigureError).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["COVER_GIDS", "DATA_GIDS", "layout_problems"]

DATA_GIDS = ("series-", "path-", "data-", "cost-")
"""The SVG ids of the data points (scattered markers, or a line's markers) that a legend,
a note or a label must not hide."""
COVER_GIDS = ("note", "label-")
"""The SVG ids of texts drawn over the plot in a box (a note, a contour's level label, the
words by a point): each hides what is under it."""


def layout_problems(fig: Figure, renderer: Any = None) -> list[str]:
    """Texts that are clipped by the figure edge or overlap another text, and
    data points hidden under the legend or the note box."""
    from matplotlib.collections import PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    fig_box = fig.bbox
    problems: list[str] = []
    boxes: list[tuple[str, Any]] = []
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    in_legend = {id(t) for leg in legends for t in leg.get_texts()}
    for leg in legends:
        boxes.append(("legend", leg.get_window_extent(renderer)))
    # matplotlib keeps tick labels for ticks just outside the view; they are never drawn.
    # Compared in the axis' own scale (log10 on a log axis): an absolute tolerance would
    # count 10⁻¹⁸ as inside a view starting at 10⁻¹⁴.
    hidden_ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            scale = axis.get_transform()
            lo, hi = sorted(scale.transform(list(axis.get_view_interval())))
            for tick in [*axis.majorTicks, *axis.minorTicks]:  # as drawn; no new ticks
                (loc,) = scale.transform([tick.get_loc()])
                if not lo - 1e-9 <= loc <= hi + 1e-9:
                    hidden_ticks.update({id(tick.label1), id(tick.label2)})
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        if id(t) in in_legend or id(t) in hidden_ticks:
            continue
        patch = t.get_bbox_patch()
        box = patch.get_window_extent(renderer) if patch else t.get_window_extent(renderer)
        boxes.append((repr(t.get_text()), box))
    for name, box in boxes:
        if (
            box.x0 < fig_box.x0 - 0.5
            or box.y0 < fig_box.y0 - 0.5
            or box.x1 > fig_box.x1 + 0.5
            or box.y1 > fig_box.y1 + 0.5
        ):
            problems.append(f"{name} is clipped by the figure edge")
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > 0.5 and h > 0.5:
                problems.append(f"{name_a} overlaps {name_b}")
    covers = [("legend", b) for n, b in boxes if n == "legend"]
    for t in fig.findobj(Text):
        gid = t.get_gid() or ""
        if gid.startswith(COVER_GIDS) and t.get_visible():
            patch = t.get_bbox_patch()
            box = patch.get_window_extent(renderer) if patch else t.get_window_extent(renderer)
            covers.append((gid, box))
    for gid, points in _data_points(fig, PathCollection, Line2D):
        for x, y in points:
            for cover, box in covers:
                if box.x0 - 3 <= x <= box.x1 + 3 and box.y0 - 3 <= y <= box.y1 + 3:
                    problems.append(f"a point of {gid} at ({x:.0f}, {y:.0f}) is under the {cover}")
    return problems


def _data_points(fig: Figure, collection: type, line: type) -> list[tuple[str, Any]]:
    """Each data artist's visible marker positions in display units: a scatter's points,
    a line's marked vertices (its ``markevery``), each with the artist's SVG id. A point
    the plot clips (a diverging run's, past the window) is not drawn, so hides nothing."""
    import numpy as np

    out = []
    for artist in fig.findobj(lambda a: isinstance(a, collection | line)):
        gid = artist.get_gid() or ""
        if not gid.startswith(DATA_GIDS):
            continue
        if isinstance(artist, collection):
            points = artist.get_offset_transform().transform(artist.get_offsets())
        elif artist.get_marker() in (None, "None", "", " "):
            continue
        else:
            xy = np.asarray(artist.get_xydata(), dtype=float)
            every = artist.get_markevery()
            if isinstance(every, list | tuple):
                xy = xy[list(every)] if len(every) else xy[:0]
            points = artist.get_transform().transform(xy)
        clip = artist.get_clip_box() if artist.get_clip_on() else None
        if clip is not None:
            points = [
                (x, y)
                for x, y in points
                if clip.x0 - 0.5 <= x <= clip.x1 + 0.5 and clip.y0 - 0.5 <= y <= clip.y1 + 0.5
            ]
        out.append((gid, points))
    return out
