"""Reading one mapping of a declaration, each value checked, each error naming its line.

``lecture.yml`` is read through :class:`Reader`: ``read.text("title")`` is words in every
language of the site, ``read.pair("theta")`` two increasing numbers, and so on. A wrong
value raises :class:`DeclarationError` saying where it is, what is wrong and what to
write; an unknown key is refused with the keys that are known (and the nearest one).
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

from gdcore.yamlfile import DeclarationError, List, Map

__all__ = ["DeclarationError", "Reader"]

_MISSING = object()


class Reader:
    """The mapping ``data`` (a declaration of ``what``, e.g. "figure 'my-figure'")."""

    def __init__(self, data: Any, what: str, langs: Sequence[str], where: str = "?") -> None:
        if data is None:
            data = Map()
            data.file, data.line, data.lines = where.rsplit(":", 1)[0], 0, {}
        if not isinstance(data, Map):
            raise DeclarationError(f"{where}: {what} must be a mapping (key: value), got {data!r}")
        self.data = data
        self.what = what
        self.langs = tuple(langs)

    def where(self, key: Any = None) -> str:
        return self.data.where(key)

    def fail(self, key: Any, message: str) -> DeclarationError:
        return DeclarationError(f"{self.where(key)}: {self.what}: {message}")

    def fail_at(self, where: str, message: str) -> DeclarationError:
        """An error at ``where`` (an item's ``FILE:LINE``, from a List's ``where(i)``)."""
        return DeclarationError(f"{where}: {self.what}: {message}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self, allowed: Iterable[str]) -> None:
        """Refuse a key that is not one of ``allowed``, naming the nearest known one."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise self.fail(
                    key, f"unknown key {key!r}{hint}; the keys are: {', '.join(allowed)}"
                )

    def get(self, key: str, default: Any = _MISSING) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise DeclarationError(f"{self.where()}: {self.what}: {key} is missing; add it")
        return default

    def sub(self, key: str, what: str, default: Any = _MISSING) -> Reader:
        """A Reader of the mapping under ``key``."""
        value = self.get(key, None if default is not _MISSING else _MISSING)
        return Reader(value, what, self.langs, self.where(key))

    def string(self, key: str, default: Any = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"{key} must be a non-empty string, got {value!r}")
        return value

    def text(self, key: str, default: Any = _MISSING) -> Any:
        """Words in every language of the site: ``{zh: ..., en: ...}``."""
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        return self.text_value(value, key)

    def text_value(self, value: Any, key: Any) -> dict[str, str]:
        example = ", ".join(f"{lang}: ..." for lang in self.langs)
        if not isinstance(value, Map):
            raise self.fail(key, f"{key} must give words per language ({{{example}}})")
        for lang in value:
            if lang not in self.langs:
                raise DeclarationError(
                    f"{value.where(lang)}: {self.what}: {key} has words for {lang!r}, which "
                    f"is not a language of the site ({', '.join(self.langs)})"
                )
        for lang in self.langs:
            if lang not in value:
                raise self.fail(key, f"{key} has no words for {lang!r}; add {lang}: ...")
            if not isinstance(value[lang], str) or not value[lang].strip():
                raise DeclarationError(
                    f"{value.where(lang)}: {self.what}: {key}.{lang} must be a non-empty string"
                )
        return {lang: value[lang] for lang in self.langs}

    def number(self, key: str, default: Any = _MISSING, expression: bool = True) -> Any:
        """A number, or (``expression``) a string to evaluate later ("1/J.c")."""
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        return self.number_value(value, key, expression)

    def number_value(self, value: Any, key: Any, expression: bool = True) -> Any:
        if isinstance(value, str) and expression and value.strip():
            return value
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            also = ' or an expression over facts such as "1/J.c"' if expression else ""
            raise self.fail(key, f"{key} must be a number{also}, got {value!r}")
        if not math.isfinite(float(value)):
            raise self.fail(key, f"{key} must be a finite number, got {value!r}")
        return value

    def integer(self, key: str, low: int, high: int, default: Any = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"{key} must be an integer from {low} to {high}, got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"{key} must be true or false, got {value!r}")
        return value

    def choice(self, key: str, choices: Sequence[str], default: Any = _MISSING) -> Any:
        value = self.get(key, default)
        if value not in choices:
            raise self.fail(key, f"{key} must be one of {', '.join(choices)}, got {value!r}")
        return value

    def items(self, key: str, default: Any = _MISSING) -> List:
        """A list (its items checked by the caller, with ``where_item``)."""
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, List):
            raise self.fail(key, f"{key} must be a list ([a, b, ...]), got {value!r}")
        return value

    def pair(self, value: Any, key: str) -> tuple[float, float]:
        """Two numbers, the first below the second: [lo, hi]."""
        if not (
            isinstance(value, List)
            and len(value) == 2
            and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)
            and all(math.isfinite(float(v)) for v in value)
            and value[0] < value[1]
        ):
            raise self.fail(key, f"{key} must be [lo, hi], two numbers with lo < hi, got {value!r}")
        return float(value[0]), float(value[1])

    def window(self, key: str, axes: Sequence[str]) -> dict[str, tuple[float, float]]:
        """A plot window: ``{AXIS: [lo, hi], ...}`` for some of ``axes``."""
        sub = self.sub(key, f"{self.what}: {key}", default=None)
        sub.keys(axes)
        return {axis: sub.pair(sub.data[axis], axis) for axis in axes if axis in sub}
