"""The layout checks on a log axis: a tick matplotlib keeps just outside the view (10⁻¹⁸
below a view from 10⁻¹⁴) is never drawn, so it is no layout problem; a drawn label that
leaves the figure still is."""

from __future__ import annotations

from gdcore.layout import layout_problems


def _figure(j_lo: float) -> object:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogLocator

    fig = Figure(figsize=(4.4, 3.0))
    FigureCanvasSVG(fig)
    ax = fig.add_axes((0.2, 0.2, 0.75, 0.7))
    ax.set_yscale("log")
    ax.set_ylim(j_lo, 100.0)
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=5))
    ax.plot([0, 10], [1.0, 1e-6])
    fig.canvas.draw()
    return fig


def test_a_tick_below_a_log_view_is_not_a_clipped_label() -> None:
    fig = _figure(1e-14)
    ticks = [t.get_loc() for t in fig.axes[0].yaxis.majorTicks]
    assert min(ticks) < 1e-14, "matplotlib keeps a tick below the view"
    assert layout_problems(fig) == []


def test_a_label_outside_the_figure_is_still_found() -> None:
    fig = _figure(1e-14)
    fig.axes[0].set_ylabel("far out", labelpad=400)
    fig.canvas.draw()
    assert any("far out" in p and "clipped" in p for p in layout_problems(fig))
