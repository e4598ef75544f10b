"""The kinds of figure panel gdcore draws, one module each, registered by name.

A kind module provides:

* ``NAME`` (what ``lecture.yml`` writes: ``kind: curve``), ``PLOT_HEIGHT`` (inches),
  ``DIMENSIONS`` (the numbers of parameters of the costs it can draw) and ``OPTIONS`` (the
  keys of its own options);
* ``options(read) -> Options``: its options, read and checked from the declaration;
* ``resolve(figure, panel, words) -> PanelSpec``: the panel in one language, every number
  computed and every word filled (``base``: what figures sharing axes share);
* ``metadata(figure, panel) -> dict``: what the panel plots, for the SVG's <metadata>;
* ``draw_base(ax, base, panel_bottom)`` and ``draw(ax, spec)``: matplotlib;
* optionally ``note(spec)`` (a note box to place, or None), ``inside(panel)`` (for a
  sweep: whether an iterate stays in the declared window) and ``check(read, cost, runs,
  series)`` (what only the cost and the runs can tell, such as an iterate beyond a run:
  ``runs`` maps the panel's series to their runs, or is None for a sweep, whose runs come
  with its frames; raise ``read.fail(key, ...)`` to name the option's line).
"""

from __future__ import annotations

from types import ModuleType

from gdcore.kinds import contour, cost_per_iteration, curve, fit

__all__ = ["KINDS", "get"]

KINDS: dict[str, ModuleType] = {
    kind.NAME: kind for kind in (curve, contour, fit, cost_per_iteration)
}
"""Every kind, by name."""


def get(name: str) -> ModuleType:
    """The kind called ``name``; ValueError naming the kinds if there is none."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; the kinds are: {', '.join(KINDS)}") from None
