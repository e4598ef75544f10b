"""A widget's frames for a page: each frame's figure name, words and numbers.

Two kinds of widget a lecture may declare: a ``sweep`` (the α explorer: one start, a list
of α, a frame each) and a ``stepper`` (a figure once per iterate). A site writes the widget
from these entries; every word and number comes from the lecture's declarations, filled
by gdcore, so the page's script only picks among them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gdcore.declarations import Stepper, Sweep, run_summary
from gdcore.text import fmt, fmt_point
from gdcore.words import Words

__all__ = ["entries"]

Size = Callable[[str], tuple[float, float]]


def _sweep(widget: Sweep, words: Words, size: Size) -> dict[str, Any]:
    lang = words.locale
    frames = []
    for frame in widget.frames:
        series = frame.series[0]
        regime = widget.regime(series.run.alpha)
        frames.append(
            {
                "figure": frame.name,
                "alpha": fmt(series.run.alpha),
                "eq_alpha": widget.regimes[regime].eq_alpha(series.run.alpha),
                "regime": regime,
                "label": frame.fill(frame.title[lang], words),
                "summary": run_summary(series.long_run, words),
                "alt": frame.fill(frame.desc[lang], words),
            }
        )
    # Without JavaScript: the first frame of each regime (far too small, α = 1/c, the
    # first that oscillates, α = 2/c, the first that diverges).
    grid, seen = [], set()
    for k, entry in enumerate(frames):
        if entry["regime"] not in seen:
            seen.add(entry["regime"])
            grid.append(k)
    return {
        "kind": "sweep",
        "frames": frames,
        "start": widget.start_index,
        "grid": grid,
        "sizes": {f["figure"]: size(f["figure"]) for f in frames},
    }


def _stepper(widget: Stepper, words: Words, size: Size) -> dict[str, Any]:
    lang = words.locale
    frames = []
    for frame in widget.frames:
        run = frame.series[0].run
        k = frame.highlight or 0
        frames.append(
            {
                "figure": frame.name,
                "k": str(k),
                "theta": fmt_point(run.theta[k]),
                "slope": fmt_point(run.grad[k]),
                "step": fmt(run.step_sizes[k]) if k < run.n_steps else "",
                "label": frame.fill(frame.title[lang], words),
                "alt": frame.fill(frame.desc[lang], words),
            }
        )
    return {
        "kind": "stepper",
        "frames": frames,
        "sizes": {f["figure"]: size(f["figure"]) for f in frames},
    }


def entries(widget: Sweep | Stepper, words: Words, size: Size) -> dict[str, Any]:
    """The widget's frames in order, in ``words``' language; ``size(name)`` gives a
    frame's size in SVG units."""
    if isinstance(widget, Sweep):
        return _sweep(widget, words, size)
    return _stepper(widget, words, size)
