"""Helpers for the figure kinds' tests: a small lecture written to a temporary folder, its
figures drawn, and the SVG read back (markers, paths, texts, metadata) so that a test can
compare the drawing with the numbers it claims to show.

Everything here reads the SVG as a browser gets it: no matplotlib object is consulted.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from gdcore.lecture import Lecture, load_lecture
from gdcore.render import svg
from gdcore.words import Words, load_languages

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

# Five to seven points of a house-size/price-like example: x in 1000 ft², y in $100k.
HOUSES = [[1.0, 2.0], [1.5, 2.6], [2.0, 3.3], [2.5, 3.6], [3.0, 4.4], [3.5, 4.9]]


@functools.cache
def languages() -> dict[str, Words]:
    return load_languages(ROOT / "docs" / "languages", LANGS)


def write_lecture(folder: Path, body: str) -> Lecture:
    """``body`` (YAML, dedented) as ``folder/lecture.yml`` under a title, loaded."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "title: {zh: 试验, en: Trial}\n" + textwrap.dedent(body)
    (folder / "lecture.yml").write_text(text, encoding="utf-8")
    return load_lecture(folder, languages())


def line_of(folder: Path, needle: str) -> int:
    """The line number of the first line of ``folder/lecture.yml`` containing ``needle``."""
    lines = (folder / "lecture.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def cost_block(points: list[list[float]], parameters: str = "[theta0, theta1]") -> str:
    return textwrap.dedent(
        f"""\
        costs:
          J:
            kind: squared-error
            parameters: {parameters}
            points: {json.dumps(points)}
        """
    )


def draw(lecture: Lecture, name: str, lang: str = "en") -> str:
    """The finished SVG of figure ``name`` (FigureError if its layout checks fail)."""
    return svg(lecture, name, lang)


# ---------------------------------------------------------------- reading an SVG


def root(text: str) -> ET.Element:
    return ET.fromstring(text.encode())


def metadata(text: str) -> dict[str, Any]:
    return json.loads(root(text).find(f"{SVG}metadata").text)


def group(text: str, gid: str) -> ET.Element:
    found = root(text).find(f".//{SVG}g[@id='{gid}']")
    assert found is not None, f"no <g id={gid!r}> in the SVG"
    return found


def groups(text: str, prefix: str) -> dict[str, ET.Element]:
    return {
        g.get("id"): g for g in root(text).iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)
    }


def markers(element: ET.Element) -> np.ndarray:
    """The centre (x, y) of every marker under ``element``, in SVG units: a <use> of a
    defined marker at x, y, or (matplotlib writes short marker paths out in full) a
    <path>, whose bounding box is centred on the point (every marker shape is symmetric
    about its centre's axes)."""
    uses = [[float(u.get("x")), float(u.get("y"))] for u in element.iter(f"{SVG}use")]
    if uses:  # (a line's markers: its own path is the line)
        return np.array(uses).reshape(-1, 2)
    out = []
    for child in element.iter(f"{SVG}path"):
        if not child.get("id"):
            xy = np.array([float(v) for v in _NUMBER.findall(child.get("d", ""))]).reshape(-1, 2)
            out.append(list((xy.min(axis=0) + xy.max(axis=0)) / 2))
    return np.array(out).reshape(-1, 2)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def subpaths(d: str) -> list[np.ndarray]:
    """The vertices of a path's ``d`` (M, L and z only: lines and polygons), per subpath."""
    out: list[list[list[float]]] = []
    for command, args in re.findall(r"([MLz])([^MLz]*)", d):
        numbers = [float(v) for v in _NUMBER.findall(args)]
        if command == "M":
            out.append([])
        if command in "ML":
            out[-1] += [numbers[i : i + 2] for i in range(0, len(numbers), 2)]
    return [np.array(p) for p in out if p]


def paths(element: ET.Element) -> list[np.ndarray]:
    """Every subpath of every <path> directly drawn under ``element`` (not marker defs)."""
    out = []
    for path in element.iter(f"{SVG}path"):
        if path.get("id"):  # a marker's definition, drawn through <use>
            continue
        out += subpaths(path.get("d", ""))
    return out


def plot_areas(text: str) -> list[tuple[float, float, float, float]]:
    """Each panel's plot rectangle (x0, y0 top, x1, y1 bottom) in SVG units, top panel first."""
    out = []
    for g in groups(text, "plot-area").values():
        (rect,) = paths(g)
        xs, ys = rect[:, 0], rect[:, 1]
        out.append((xs.min(), ys.min(), xs.max(), ys.max()))
    return sorted(out, key=lambda r: r[1])


def window_map(
    area: tuple[float, float, float, float],
    x_window: list[float],
    y_window: list[float],
    y_log: bool = False,
):
    """Data (x, y) to SVG units, as the metadata's window and the plot rectangle say."""
    x0, top, x1, bottom = area

    def to_page(points: Any) -> np.ndarray:
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        y = np.log10(p[:, 1]) if y_log else p[:, 1]
        y_lo, y_hi = np.log10(y_window) if y_log else np.asarray(y_window, dtype=float)
        return np.column_stack(
            [
                x0 + (p[:, 0] - x_window[0]) / (x_window[1] - x_window[0]) * (x1 - x0),
                bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top),
            ]
        )

    def to_data(points: Any) -> np.ndarray:
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        y_lo, y_hi = np.log10(y_window) if y_log else np.asarray(y_window, dtype=float)
        y = y_lo + (bottom - p[:, 1]) / (bottom - top) * (y_hi - y_lo)
        return np.column_stack(
            [
                x_window[0] + (p[:, 0] - x0) / (x1 - x0) * (x_window[1] - x_window[0]),
                10**y if y_log else y,
            ]
        )

    return to_page, to_data


def affine_residual(data: Any, page: Any) -> float:
    """The largest residual (SVG units) of the best map page = a·data + b, fitted for x
    and y separately (axes are scaled and shifted, never turned): 0 when the drawing is
    an exact affine image of the data."""
    data = np.asarray(data, dtype=float).reshape(-1, 2)
    page = np.asarray(page, dtype=float).reshape(-1, 2)
    worst = 0.0
    for axis in (0, 1):
        A = np.column_stack([data[:, axis], np.ones(len(data))])
        coef, *_ = np.linalg.lstsq(A, page[:, axis], rcond=None)
        worst = max(worst, float(np.abs(A @ coef - page[:, axis]).max()))
    return worst


def series(meta: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in meta["series"] if s["id"] == sid)


def iterate(entry: dict[str, Any], k: int, field: str = "theta") -> Any:
    """Iterate k's value in a series' metadata (a long run records only some iterates)."""
    ks = entry.get("iterates", range(len(entry[field])))
    return entry[field][list(ks).index(k)]


# ---------------------------------------------------------------- texts and colours


def text_runs(text: str) -> list[tuple[str, float, bool]]:
    """Every run of text drawn: (its characters, font size in SVG units, whether it is a
    sub- or superscript, i.e. off its text's baseline)."""
    out = []
    size_of = re.compile(r"font-size:\s*([\d.]+)px")
    for element in root(text).iter(f"{SVG}text"):
        spans = list(element.iter(f"{SVG}tspan"))
        if not spans:
            size = size_of.search(element.get("style", ""))
            if element.text and element.text.strip() and size:
                out.append((element.text, float(size.group(1)), False))
            continue
        baseline = Counter(s.get("y") for s in spans).most_common(1)[0][0]
        for s in spans:
            size = size_of.search(s.get("style", ""))
            if s.text and s.text.strip() and size:
                out.append((s.text, float(size.group(1)), s.get("y") != baseline))
    return out


def colours(text: str) -> set[str]:
    body = text.split("</metadata>", 1)[1]
    return {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", body)}


# ---------------------------------------------------------------- colour science

# Machado, Oliveira & Fernandes (2009), severity 1.0: linear-RGB simulation matrices
# (as in tests/test_palette.py).
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
NORMAL = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def linear_rgb(hex_colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    r, g, b = linear_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lab(hex_colour: str, matrix=NORMAL) -> tuple[float, float, float]:
    """CIE L*a*b* of a colour as a reader with the colour vision ``matrix`` sees it."""
    rgb = linear_rgb(hex_colour)
    r, g, b = (
        min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0.0), 1.0) for row in matrix
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
