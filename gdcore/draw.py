"""matplotlib: a figure's panels stacked, each drawn by its kind, legends and notes placed.

Only the Figure API and the SVG canvas: no pyplot, no GUI backend. Nothing is placed by
hand: each panel's legend and note go to the first spot (``LEGEND_SPOTS``, ``NOTE_SPOTS``)
where the layout checks pass, so a change to the data does not need hand placement.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import TYPE_CHECKING, Any

from gdcore import kinds
from gdcore.plot import BOTTOM, LEFT, RIGHT, TICK_CLEARANCE, WIDTH, panel_height
from gdcore.spec import FigureSpec, PanelSpec
from gdcore.style import COLORS, FONT_SIZE, LEGEND_FONT_SIZE, ensure_fonts, rc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["LEGEND_SPOTS", "NOTE_SPOTS", "base_key", "draw_svg", "forget_axes"]

# Where a note may go (its top centre, in axes fractions), in order of preference; and
# the legend, above the plot first, else inside it.
NOTE_SPOTS: tuple[tuple[float, float], ...] = (
    (0.5, 0.97),
    (0.3, 0.97),
    (0.7, 0.97),
    (0.28, 0.62),
    (0.72, 0.62),
    (0.5, 0.5),
    (0.3, 0.35),
    (0.7, 0.35),
)
LEGEND_SPOTS: tuple[str, ...] = ("above", "upper right", "upper left", "lower right", "lower left")

LayoutCheck = Callable[["Figure", Any], list[str]]


def _bottoms(panels: tuple[PanelSpec, ...]) -> list[float]:
    """Each panel's lowest point, in inches from the figure's bottom (the first on top)."""
    heights = [panel_height(p.plot_height, p.legend_rows) for p in panels]
    return [sum(heights[i + 1 :]) for i in range(len(panels))]


class _Base:
    """A figure with what several figures share: each panel's base (axes, ticks, labels,
    grid, the curve or the contours). Each figure adds its own artists, is saved, and
    removes them again.

    Building the axes (ticks, their labels and lines) is about 40 % of a figure's time, and
    a widget's frames share theirs, so they are built once per process and language. The
    removal leaves the figure as it was built, so a figure's bytes do not depend on what was
    drawn before it (tests check this).
    """

    def __init__(self, key: tuple[Any, ...]) -> None:
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
        from matplotlib.gridspec import GridSpec

        panels: tuple[PanelSpec, ...] = key
        width = WIDTH
        height = sum(panel_height(p.plot_height, p.legend_rows) for p in panels)
        fig = Figure(figsize=(width, height))
        FigureCanvasSVG(fig)
        # The widest margin any panel's y tick labels need (10⁻¹² on a log scale), for
        # every panel: their plots line up. Asked here, where matplotlib is loaded (the
        # kinds measure ticks with its locators), not while a build resolves its specs.
        left = max(getattr(kinds.get(p.kind), "left", lambda _: LEFT)(p.base) for p in panels)
        self.axes = []
        for panel, bottom in zip(panels, _bottoms(panels), strict=True):
            # Fixed margins rather than a layout engine: as fast and as deterministic, and
            # the layout checks fail the render if a label no longer fits.
            grid = GridSpec(
                1,
                1,
                figure=fig,
                left=left / width,
                right=1 - RIGHT / width,
                bottom=(bottom + BOTTOM) / height,
                top=(bottom + BOTTOM + panel.plot_height) / height,
            )
            ax = fig.add_subplot(grid[0])
            kinds.get(panel.kind).draw_base(ax, panel.base, bottom)
            if self.axes:  # one id per element: the second panel's plot is plot-area-2
                ax.patch.set_gid(f"{ax.patch.get_gid()}-{len(self.axes) + 1}")
            self.axes.append(ax)
        self.fig = fig

    @contextmanager
    def drawing(self, spec: FigureSpec) -> Iterator[Figure]:
        """The figure with ``spec``'s own artists added; removed again on exit."""
        before = [set(map(id, ax.get_children())) for ax in self.axes]
        try:
            for ax, panel in zip(self.axes, spec.panels, strict=True):
                kinds.get(panel.kind).draw(ax, panel)
            yield self.fig
        finally:
            for ax, kept in zip(self.axes, before, strict=True):
                for artist in ax.get_children():
                    if id(artist) not in kept:
                        artist.remove()


_bases: dict[tuple[Any, ...], _Base] = {}


def base_key(spec: FigureSpec) -> tuple[Any, ...]:
    """What a figure's base is built from: each panel's kind, size and base."""
    return tuple(PanelSpec(p.kind, p.plot_height, p.legend_rows, p.base, None) for p in spec.panels)


def _base(spec: FigureSpec) -> _Base:
    key = base_key(spec)
    if key not in _bases:
        _bases[key] = _Base(key)
    return _bases[key]


def forget_axes() -> None:
    """Drop the axes kept for reuse (the next figure builds its own)."""
    _bases.clear()


def _note(panel: PanelSpec) -> str | None:
    find = getattr(kinds.get(panel.kind), "note", None)
    return find(panel) if find is not None else None


def _placements(spec: FigureSpec) -> Iterator[tuple[tuple[str, tuple[float, float] | None], ...]]:
    """For each panel, a (legend spot, note spot) pair; every combination, in order of
    preference (the first panel's choices vary slowest)."""
    per_panel = [
        [
            (legend_at, note_at)
            for legend_at in LEGEND_SPOTS
            for note_at in (NOTE_SPOTS if _note(panel) is not None else (None,))
        ]
        for panel in spec.panels
    ]
    return itertools.product(*per_panel)


def _gid(name: str, index: int) -> str:
    """The SVG id of a panel's legend or note: ``legend``, then ``legend-2``, ... (ids are
    unique in a file)."""
    return name if index == 0 else f"{name}-{index + 1}"


def _place(
    ax: Any,
    panel: PanelSpec,
    legend_at: str,
    note_at: tuple[float, float] | None,
    index: int = 0,
) -> None:
    """Add the note at ``note_at`` and the legend at ``legend_at`` (see LEGEND_SPOTS) to
    the ``index``-th panel."""
    note = _note(panel)
    if note is not None and note_at is not None:
        ax.text(
            *note_at,
            note,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=FONT_SIZE,
            linespacing=1.5,
            bbox={
                "boxstyle": "round,pad=0.35",
                "fc": COLORS["note-face"],
                "ec": COLORS["note-edge"],
            },
            zorder=6,
        ).set_gid(_gid("note", index))
    # A run drawn with its tangent shows both in its legend entry: the dashed line is
    # then named (tangent slope = ...), not left for the reader to guess.
    tangents = {
        line.get_gid().removeprefix("tangent-"): line
        for line in ax.get_lines()
        if (line.get_gid() or "").startswith("tangent-")
    }
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    handles = [
        (tangents[run], handle)
        if (run := (handle.get_gid() or "").removeprefix("series-")) in tangents
        else handle
        for handle in handles
    ]
    style = {
        "handles": handles,
        "labels": labels,
        "fontsize": LEGEND_FONT_SIZE,
        "handlelength": 1.6,
        "handletextpad": 0.5,
    }
    if legend_at == "above":
        fig = ax.figure
        # From the figure's left edge (the y label is below it), just above the plot.
        legend = ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.01, ax.get_position().y1 + TICK_CLEARANCE / fig.get_figheight()),
            bbox_transform=fig.transFigure,
            frameon=False,
            borderaxespad=0.1,
            borderpad=0.2,
            labelspacing=0.5,
            **style,
        )
    else:
        legend = ax.legend(loc=legend_at, framealpha=0.95, borderaxespad=0.5, **style)
    legend.set_gid(_gid("legend", index))
    legend.set_zorder(7)


def _moves_fix(problem: str, spec: FigureSpec) -> bool:
    """Whether moving a legend or a note could solve ``problem`` (the layout checks name
    the legend "legend" and a note by its text)."""
    notes = [n for n in map(_note, spec.panels) if n is not None]
    return "legend" in problem or "note" in problem or any(repr(n) in problem for n in notes)


def _unplace(ax: Any) -> None:
    for artist in ax.get_children():
        if (artist.get_gid() or "").startswith("note") or artist is ax.get_legend():
            artist.remove()
    ax.legend_ = None


_text_to_paths: dict[tuple[str, ...], Any] = {}


@contextmanager
def _shared_text_to_path(fonts: tuple[str, ...]) -> Iterator[None]:
    """Let every renderer made while drawing use one TextToPath per measuring font list.

    matplotlib gives each renderer its own TextToPath, and with it an empty mathtext
    cache, so each figure would parse the same axis labels again: sharing one instance
    saves about a third of the drawing time. One per language's fonts, not one for all:
    the cache keys a layout by the generic family ("sans-serif"), not by the fonts it
    resolves to, so a text laid out for Chinese figures (\\mathdefault{10^{-5}} in Noto
    Sans CJK) was reused in an English one drawn later by the same process, and a
    figure's bytes depended on what its process had drawn before.
    """
    import matplotlib.text

    original = matplotlib.text.TextToPath
    shared = _text_to_paths.get(fonts)
    if shared is None:
        shared = _text_to_paths[fonts] = original()
    matplotlib.text.TextToPath = lambda: shared
    try:
        yield
    finally:
        matplotlib.text.TextToPath = original


def draw_svg(spec: FigureSpec, check: LayoutCheck) -> tuple[str, list[str]]:
    """matplotlib's SVG text of ``spec``, and its problems: what ``check`` finds on the
    drawn figure, and any warning matplotlib gave while drawing."""
    import matplotlib

    ensure_fonts()
    with (
        warnings.catch_warnings(record=True) as caught,
        matplotlib.rc_context(rc(spec.name, spec.lang, spec.measure_fonts)),
        _shared_text_to_path(tuple(spec.measure_fonts)),
    ):
        warnings.simplefilter("always")
        try:
            base = _base(spec)
            with base.drawing(spec) as fig:
                first: list[str] | None = None
                problems: list[str] = []
                for placement in _placements(spec):
                    for index, (ax, panel, (legend_at, note_at)) in enumerate(
                        zip(base.axes, spec.panels, placement, strict=True)
                    ):
                        _place(ax, panel, legend_at, note_at, index)
                    problems = []
                    # Check the layout with the renderer that writes the file: same
                    # measurements, and the text metrics it already computed are reused.
                    connection = fig.canvas.mpl_connect(
                        "draw_event",
                        lambda event, found=problems: found.extend(check(fig, event.renderer)),
                    )
                    buf = StringIO()
                    try:
                        fig.savefig(
                            buf,
                            format="svg",
                            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                        )
                    finally:
                        fig.canvas.mpl_disconnect(connection)
                    if not problems:
                        break
                    first = problems if first is None else first
                    for ax in base.axes:
                        _unplace(ax)
                    if not any(_moves_fix(p, spec) for p in problems):
                        problems = first  # no other placement can help
                        break
                else:
                    problems = [*(first or []), "no placement of the legend and note passes"]
        except BaseException:
            # A base that failed half-way is not reused.
            _bases.pop(base_key(spec), None)
            raise
    problems += [f"warning while drawing: {w.message}" for w in caught]
    return buf.getvalue(), problems
