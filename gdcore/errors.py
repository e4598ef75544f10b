"""The error a figure that cannot be drawn correctly raises."""

from __future__ import annotations

__all__ = ["FigureError"]


class FigureError(RuntimeError):
    """A figure could not be drawn correctly (layout, size, fonts, data).

    ``figure`` and ``lang`` name it once known; ``str()`` then reads
    ``figure 'NAME' (LANG): CAUSE`` — one line that says which figure and why.
    """

    def __init__(self, cause: str, figure: str | None = None, lang: str | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.figure = figure
        self.lang = lang

    def __str__(self) -> str:
        if self.figure is None:
            return self.cause
        return f"figure {self.figure!r} ({self.lang}): {self.cause}"

    def about(self, figure: str, lang: str) -> FigureError:
        """This error, naming ``figure`` in ``lang`` if it does not name one yet."""
        if self.figure is not None:
            return self
        named = FigureError(self.cause, figure, lang)
        named.__cause__, named.__traceback__ = self.__cause__, self.__traceback__
        return named
