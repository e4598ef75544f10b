"""A contour's colour map (style.PALETTE's level ramp): readable in both palettes, by
every reader, under every run drawn over it."""

from __future__ import annotations

import itertools

import pytest
from kindtools import CVD, NORMAL, contrast, lab

from gdcore.kinds.contour import band_roles
from gdcore.style import DARK, LEVEL_ROLES, MARKERS, PALETTE, SERIES_ROLES

SIDES = {"light": 0, "dark": 1}
VISION = {"normal": NORMAL, **CVD}


@pytest.mark.parametrize("side", SIDES)
def test_every_series_colour_stands_out_on_every_band(side):
    """A path's markers and line (any series colour, and the minimum's star) keep 3:1
    against every band they may cross; the labels' text 4.5:1."""
    i = SIDES[side]
    for role, level in itertools.product([*SERIES_ROLES, "minimum"], LEVEL_ROLES):
        ratio = contrast(PALETTE[role][i], PALETTE[level][i])
        assert ratio >= 3.0, f"{role} on {level} ({side}): {ratio:.2f}"
    for level in LEVEL_ROLES:
        assert contrast(PALETTE["text"][i], PALETTE[level][i]) >= 4.5, level


@pytest.mark.parametrize("side", SIDES)
def test_the_level_lines_show_on_every_band(side):
    i = SIDES[side]
    for level in LEVEL_ROLES:
        assert contrast(PALETTE["level-line"][i], PALETTE[level][i]) >= 2.0, level


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("side", SIDES)
def test_the_bands_read_in_order_for_every_reader(side, vision):
    """In both palettes the lowest band is the background and each higher one is further
    from it in lightness (CIE L*: darker on the light page, lighter on the dark one), by
    at least 1.5 a step, as a reader with each common colour-vision deficiency sees it:
    the order never depends on hue."""
    i = SIDES[side]
    lightness = [lab(PALETTE[level][i], VISION[vision])[0] for level in LEVEL_ROLES]
    steps = [b - a for a, b in itertools.pairwise(lightness)]
    if side == "light":
        steps = [-s for s in steps]  # darker with J on a light page
    assert min(steps) >= 1.5, (side, vision, [round(s, 2) for s in steps])
    assert lightness[0] == pytest.approx(lab(PALETTE["background"][i], VISION[vision])[0])


def test_the_ramp_has_dark_twins_and_fewer_levels_still_span_it():
    assert all(PALETTE[level][0].lower() in DARK for level in LEVEL_ROLES)
    for count in range(1, len(LEVEL_ROLES)):
        roles = band_roles(count)
        assert len(roles) == count + 1
        assert roles[0] == LEVEL_ROLES[0] and roles[-1] == LEVEL_ROLES[-1]
        assert len(set(roles)) == len(roles)


def test_paths_differ_by_shape_as_well_as_colour():
    assert len(set(MARKERS.values())) == len(SERIES_ROLES)
