"""The figures' colours: declared once (gdcore.style.PALETTE), readable on their own
background in both palettes, and telling runs apart without relying on colour alone."""

import re

import pytest

from gdcore.errors import FigureError
from gdcore.render import svg
from gdcore.style import DARK, MARKERS, PALETTE, SERIES_ROLES, TEXT_ROLES
from gdcore.svgfile import dark_variant
from lectures import lecture

L = lecture()
FIGURES = L.figures

LIGHT, DARK_SIDE = 0, 1
LINE_ROLES = (*SERIES_ROLES, "curve", "minimum", "global")


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("side", [LIGHT, DARK_SIDE], ids=["light", "dark"])
def test_text_and_series_colours_stand_out_from_the_background(side):
    background = PALETTE["background"][side]
    for role in TEXT_ROLES:
        assert contrast(PALETTE[role][side], background) >= 4.5, role
    for role in LINE_ROLES:
        assert contrast(PALETTE[role][side], background) >= 3.0, role


@pytest.mark.parametrize("side", [LIGHT, DARK_SIDE], ids=["light", "dark"])
def test_the_dark_palette_is_dark_and_the_light_one_light(side):
    background = luminance(PALETTE["background"][side])
    assert background > 0.8 if side == LIGHT else background < 0.05


# Machado, Oliveira & Fernandes (2009), severity 1.0: linear-RGB simulation matrices.
CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(hex_colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_difference(a: str, b: str, matrix) -> float:
    """CIE76 ΔE between ``a`` and ``b`` as a reader with this colour-vision deficiency
    sees them (about 10 is a clear difference between small marks)."""
    labs = []
    for colour in (a, b):
        rgb = _linear(colour)
        labs.append(_lab([sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix]))
    return sum((p - q) ** 2 for p, q in zip(*labs, strict=True)) ** 0.5


def _series_roles(scenario) -> list[str]:
    return [s.colors[0] for s in scenario.series]


@pytest.mark.parametrize("side", [LIGHT, DARK_SIDE], ids=["light", "dark"])
@pytest.mark.parametrize("deficiency", CVD)
def test_runs_in_one_figure_differ_for_colour_blind_readers(deficiency, side):
    """Two runs drawn together differ in marker shape, and their colours stay apart under
    the common colour-vision deficiencies (so not red against green alone)."""
    pairs = set()
    for scenario in FIGURES.values():
        roles = _series_roles(scenario)
        assert len({MARKERS[r] for r in roles}) == len(roles), scenario.name
        pairs.update((a, b) for a in roles for b in roles if a < b)
    # Every pair of series colours, not only those drawn together today.
    pairs.update((a, b) for a in SERIES_ROLES for b in SERIES_ROLES if a < b)
    for a, b in sorted(pairs):
        diff = seen_difference(PALETTE[a][side], PALETTE[b][side], CVD[deficiency])
        assert diff >= 10, f"{a} and {b} under {deficiency}: ΔE {diff:.1f}"


def test_series_markers_are_all_different():
    assert len(set(MARKERS.values())) == len(MARKERS) and set(MARKERS) == set(SERIES_ROLES)


def test_the_dark_twin_uses_only_dark_colours_and_is_otherwise_the_same():
    light = svg(L, "tangent-slopes", "en")
    dark = dark_variant(light)
    colours = set(re.findall(r"#[0-9a-f]{6}\b", dark.split("</metadata>")[1]))
    assert colours <= {d for _, d in PALETTE.values()}
    assert PALETTE["background"][1] in colours
    # Only the colours changed: the same shapes, words and numbers.
    strip = re.compile(r"#[0-9a-f]{6}\b")
    assert strip.sub("#", light) == strip.sub("#", dark)
    assert set(DARK) == {light for light, _ in PALETTE.values()}


def test_an_undeclared_colour_fails_the_dark_twin_by_name():
    light = svg(L, next(iter(L.declared)), "en")
    with pytest.raises(FigureError, match=r"not declared in gdcore.style.PALETTE: \['#123456'\]"):
        dark_variant(light.replace("</svg>", '<path style="fill: #123456"/></svg>'))
