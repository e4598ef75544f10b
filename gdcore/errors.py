"""The error a figure that cannot be drawn correctly raises."""

from __future__ import annotations

__all__ = ["FigureError"]


class FigureError(RuntimeError):
    """A figure could not be drawn correctly (layout, size, fonts, data)."""
