"""How every figure looks: colours, fonts, matplotlib settings.

Shared by all figures (drawing and SVG finishing read it), so an edit here redraws
every figure.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gdcore.errors import FigureError

__all__ = [
    "COLORS",
    "DARK",
    "DASHES",
    "FONT_SIZE",
    "LEGEND_FONT_SIZE",
    "LEVEL_ROLES",
    "MARKERS",
    "PALETTE",
    "SERIES_ROLES",
    "ensure_fonts",
    "rc",
]

PALETTE: dict[str, tuple[str, str]] = {
    # role: (light, dark). The one place a figure colour is declared: the drawing uses the
    # light value, and svgfile.dark_variant() maps each light value to its dark twin.
    # Series colours (Okabe–Ito hues, darkened for white and lightened for the dark page)
    # stay ≥ 3:1 against their background, text ≥ 4.5:1 (tests/test_palette.py).
    "blue": ("#0069b4", "#5ab4ee"),
    "red": ("#b3261e", "#ff8a5c"),
    "green": ("#2a7f3a", "#3cc9a4"),
    "magenta": ("#b0407f", "#ec8fc4"),
    "orange": ("#b06e00", "#f0b042"),
    "curve": ("#37474f", "#cfd8dc"),
    "minimum": ("#546e7a", "#9fb0b9"),
    "global": ("#00695c", "#4fd1bf"),
    "background": ("#ffffff", "#1e2129"),
    "text": ("#263238", "#e6eaed"),
    "tick": ("#455a64", "#c2cbd1"),
    "axis": ("#90a4ae", "#7b8993"),
    "grid": ("#eceff1", "#2e333d"),
    "note-face": ("#fafafa", "#262a33"),
    "note-edge": ("#b0bec5", "#5f6a75"),
    # A contour's filled bands, lowest J first: one hue, lightness only (CIE L* in even
    # steps), so that the order reads the same to every reader, colour-blind included.
    # The lowest band is the background. Light: L* 100 down to 88.6, no darker, or orange
    # (the lightest series colour) falls below 3:1 on the top band; dark: L* 13 up to
    # 36.5, no lighter, for red. Every series colour keeps >= 3:1 on every band and the
    # text >= 4.5:1 (tests/unit/test_palette_levels.py).
    "level-0": ("#ffffff", "#1e2129"),
    "level-1": ("#f7fafd", "#262c32"),
    "level-2": ("#eef5fc", "#2b353e"),
    "level-3": ("#e6f0fa", "#313e4b"),
    "level-4": ("#ddebf8", "#364758"),
    "level-5": ("#d5e6f7", "#3a5063"),
    "level-6": ("#cce1f5", "#3d5970"),
    # The level lines: visible on every band (>= 2.3:1), fainter than any run's path.
    "level-line": ("#7d8fa0", "#8194a8"),
}
SERIES_ROLES: tuple[str, ...] = ("blue", "red", "green", "magenta", "orange")
"""The colour roles a run may use; each also has its own marker shape (MARKERS)."""
TEXT_ROLES: tuple[str, ...] = ("text", "tick")

MARKERS: dict[str, str] = {"blue": "o", "red": "s", "green": "^", "magenta": "D", "orange": "v"}
"""A marker shape per series colour, so that no figure tells two runs apart by colour
alone (red against green is the same colour to many readers)."""
DASHES: dict[str, Any] = {
    "blue": "-",
    "red": (0, (5, 2)),
    "green": (0, (1.5, 1.5)),
    "magenta": (0, (6, 2, 1.5, 2)),
    "orange": (0, (3, 1.5)),
}
"""A line style per series colour, for lines drawn without markers (the fitted lines)."""
LEVEL_ROLES: tuple[str, ...] = tuple(f"level-{i}" for i in range(7))
"""A contour's fill colours, lowest level first."""

COLORS: dict[str, str] = {role: light for role, (light, _) in PALETTE.items()}
"""Each role's light colour: what matplotlib draws with."""

DARK: dict[str, str] = {}
"""Light colour -> its dark twin (lower-case #rrggbb), for svgfile.dark_variant()."""
for _role, (_light, _dark) in PALETTE.items():
    if DARK.setdefault(_light.lower(), _dark.lower()) != _dark.lower():
        raise ValueError(f"colour {_light} has two dark twins in PALETTE")

# Sizes in the figure's own units (pt = SVG user units). The site shows a figure at about
# 1.03–1.1 user units per CSS px on a 375 px phone and at most 1.25 on a desktop, so
# 11.5 gives ≥ 11.8 px text and ≥ 8 px mathtext subscripts (0.7 × 11.5) on a phone.
FONT_SIZE = 12.0
LEGEND_FONT_SIZE = 11.5

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise FigureError("the Chinese font package is missing: pip install mplfonts")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise FigureError(f"font file not found: {path} (reinstall mplfonts)")
    return path


_fonts_ready = False


def ensure_fonts() -> None:
    """Make the Chinese font known to matplotlib (once per process)."""
    global _fonts_ready
    if not _fonts_ready:
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(cjk_font_path()))
        _fonts_ready = True


# Settings that do not change a drawing (matplotlib's own list is private).
_NOT_STYLE = frozenset(
    {
        "backend",
        "backend_fallback",
        "date.epoch",
        "docstring.hardcopy",
        "figure.max_open_warning",
        "figure.raise_window",
        "interactive",
        "savefig.directory",
        "timezone",
        "tk.window_focus",
        "toolbar",
        "webagg.address",
        "webagg.open_in_browser",
        "webagg.port",
        "webagg.port_retries",
    }
)


def _reset_to_defaults() -> dict[str, Any]:
    """matplotlib's own defaults for every setting the user's matplotlibrc, a style or the
    caller changed: a figure must not depend on the machine it is drawn on."""
    import matplotlib

    defaults, current = matplotlib.rcParamsDefault, matplotlib.rcParams
    return {
        key: defaults[key]
        for key in defaults
        if key not in _NOT_STYLE and current.get(key) != defaults[key]
    }


def rc(name: str, lang: str, measure_fonts: Sequence[str]) -> dict[str, Any]:
    """matplotlib settings for figure ``name`` in ``lang``, its text measured with
    ``measure_fonts``: gdcore's own style on top of matplotlib's defaults, whatever the
    user's matplotlibrc says."""
    return {
        **_reset_to_defaults(),
        "svg.fonttype": "none",
        "svg.hashsalt": f"gdcore-{name}-{lang}",  # per figure: ids differ on one page
        "font.family": "sans-serif",
        "font.sans-serif": list(measure_fonts),
        "font.size": FONT_SIZE,
        "mathtext.fontset": "dejavusans",
        # Every colour from the palette, text included: matplotlib leaves black text
        # without a fill, which the dark variant could not map.
        "text.color": COLORS["text"],
        "axes.edgecolor": COLORS["axis"],
        "axes.labelcolor": COLORS["text"],
        "xtick.color": COLORS["tick"],
        "ytick.color": COLORS["tick"],
        "figure.facecolor": COLORS["background"],
        "axes.facecolor": COLORS["background"],
        "legend.facecolor": COLORS["background"],
        "legend.edgecolor": COLORS["note-edge"],
        "path.simplify": True,
    }
