"""Numbers and symbols written for readers, and templates filled with them.

A figure's words are templates (``{p.slope0}``) filled from the computed runs; a
language's generic sentences (``words``) are ``str.format`` templates (``{n}``, ``{tol}``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

__all__ = [
    "Symbols",
    "eq",
    "fill",
    "fmt",
    "fmt_point",
    "shown_exactly",
    "symbols",
]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt(x: float) -> str:
    """A number as a reader wants it: 3 significant digits, no '-0', a real minus sign,
    powers of ten as 2.3×10⁻¹³."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    text = f"{x:.3g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        power = str(int(exp)).translate(_SUPERSCRIPT)
        text = f"10{power}" if mantissa == "1" else f"{mantissa}×10{power}"
    return text.replace("-", "−")


def fmt_point(point: Sequence[float]) -> str:
    """A point θ: its one number, or ``(a, b)`` with each coordinate as :func:`fmt`."""
    if len(point) == 1:
        return fmt(point[0])
    return "(" + ", ".join(fmt(v) for v in point) + ")"


def shown_exactly(x: float) -> bool:
    """Whether :func:`fmt`'s three significant digits are ``x`` itself (to 1e-9 relative)."""
    shown = float(f"{x:.3g}")
    return x == 0 or abs(shown - x) <= 1e-9 * abs(x)


def eq(x: float | Sequence[float]) -> str:
    """``= 1.8`` where the shown value is the value, ``≈ 1`` where it is rounded (x = 1.0019);
    a point is exact when every coordinate is."""
    point = (x,) if isinstance(x, int | float) else tuple(x)
    sign = "=" if all(map(shown_exactly, point)) else "≈"
    return f"{sign} {fmt_point(point)}"


class Symbols(NamedTuple):
    """How the words write a cost's parameters and what is computed from them."""

    theta: str  # θ₁, or (θ₀, θ₁)
    J: str  # J(θ₁)
    slope: str  # J′(θ₁), or ∇J(θ₀, θ₁)
    gradient: str  # |J′(θ₁)|, or ‖∇J(θ₀, θ₁)‖: what the stopping rule bounds
    size: str  # |θ₁|, or max(|θ₀|, |θ₁|): what the divergence cut-off bounds


def symbols(parameter_symbols: Sequence[str]) -> Symbols:
    """The symbols of a cost whose parameters read ``parameter_symbols`` (θ₁ or θ₀, θ₁)."""
    if len(parameter_symbols) == 1:
        (p,) = parameter_symbols
        return Symbols(p, f"J({p})", f"J′({p})", f"|J′({p})|", f"|{p}|")
    args = ", ".join(parameter_symbols)
    sizes = ", ".join(f"|{p}|" for p in parameter_symbols)
    return Symbols(f"({args})", f"J({args})", f"∇J({args})", f"‖∇J({args})‖", f"max({sizes})")


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\.([A-Za-z_0-9]+)\}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{OWNER.FIELD}`` replaced by ``values[OWNER].FIELD`` (an
    object's attribute, or a mapping's key). Other braces, such as mathtext's
    ``\\frac{d}{d\\theta}``, are left alone. ValueError names an unknown placeholder."""

    def value(match: re.Match[str]) -> str:
        owner, name = match.groups()
        source = values.get(owner)
        found = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
        if found is None:
            raise ValueError(f"unknown placeholder {match.group(0)} in {template!r}")
        return str(found)

    return _PLACEHOLDER.sub(value, template)
