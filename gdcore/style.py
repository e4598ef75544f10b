"""How every figure looks: colours, fonts, matplotlib settings.

Shared by all figures (drawing and SVG finishing read it), so an edit here redraws
every figure.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from gdcore.errors import FigureError

__all__ = ["BROWSER_FONTS", "COLORS", "MEASURE_FONTS", "SVG_LANG", "ensure_fonts", "rc"]

COLORS: dict[str, str] = {
    "curve": "#37474f",
    "blue": "#1565c0",
    "red": "#c62828",
    "green": "#2e7d32",
    "magenta": "#ad1457",
    "orange": "#e65100",
    "minimum": "#546e7a",
    "global": "#00695c",
}

# matplotlib measures text with these; the browser draws it with the stack
# that replaces them in the file (DejaVu Sans is wide, so browser fonts fit).
MEASURE_FONTS = {"zh": ["Noto Sans CJK SC", "DejaVu Sans"], "en": ["DejaVu Sans"]}
BROWSER_FONTS = {
    "zh": "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', "
    "'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif",
    "en": "'DejaVu Sans', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
}
SVG_LANG = {"zh": "zh-CN", "en": "en"}
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


def rc(name: str, lang: str) -> dict[str, Any]:
    """matplotlib settings for figure ``name`` in ``lang``: gdcore's own style on top of
    matplotlib's defaults, whatever the user's matplotlibrc says."""
    return {
        **_reset_to_defaults(),
        "svg.fonttype": "none",
        "svg.hashsalt": f"gdcore-{name}-{lang}",  # per figure: ids differ on one page
        "font.family": "sans-serif",
        "font.sans-serif": MEASURE_FONTS[lang],
        "font.size": 11,
        "mathtext.fontset": "dejavusans",
        "axes.edgecolor": "#90a4ae",
        "axes.labelcolor": "#263238",
        "xtick.color": "#455a64",
        "ytick.color": "#455a64",
        "figure.facecolor": "#ffffff",
        "axes.facecolor": "#ffffff",
        "path.simplify": True,
    }
