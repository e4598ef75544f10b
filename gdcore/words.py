"""A language's generic words: what gdcore reads of ``LANG.yml``.

A site keeps one file per language (``docs/languages/LANG.yml``) holding every generic word
of that language; gdcore reads the parts it draws with (the locale, how lists are written,
the fonts, the ``figures`` sentences) and checks them, each error naming the file and the
line. The rest of the file belongs to whoever else reads it (the site's plugins).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gdcore.yamlfile import DeclarationError, List, Map, load

__all__ = ["Words", "load_language", "load_languages"]

# The figures' sentences: key -> the placeholders its template may use.
_RUN = ("n", "tol", "limit", "gradient", "size")
_SUMMARY = ("n", "symbol", "theta", "J", "limit", "size")
FIGURE_WORDS: dict[str, tuple[str, ...]] = {
    "parameter_axis": ("symbol",),
    "cost_axis": ("symbol",),
    "cost_curve": ("symbol",),
    "iteration_axis": (),
    "feature_axis": (),
    "target_axis": (),
    "gap_axis": ("symbol",),
    "minimum": (),
    "minimum_point": ("symbols", "point"),
    "training_set": ("m",),
    "fit_line": ("k", "h"),
    "fit_line_last": ("k", "h"),
    "exactly_zero": ("symbol",),
    "colon": (),
    "sentence_end": (),
    "steps_drawn.one": (),
    "steps_drawn.many": ("n",),
    **{
        f"outlook.{status}{one}": _RUN
        for status in ("converged", "diverged", "step-limit")
        for one in ("", "_one")
    },
    **{
        f"summary.{status}{one}": _SUMMARY
        for status in ("converged", "diverged", "step-limit")
        for one in ("", "_one")
    },
}
"""What ``figures:`` holds (a dotted key is nested): each key, with its placeholders."""
OPTIONAL_FIGURE_WORDS: frozenset[str] = frozenset()
"""Keys a language file may leave out (none: every kind's words are needed)."""


@dataclass(frozen=True)
class Words:
    """What gdcore reads of one language's file."""

    locale: str
    html_lang: str
    list_separator: str
    list_and: str
    measure_fonts: tuple[str, ...]
    browser_fonts: str
    figures: Mapping[str, str]  # FIGURE_WORDS' keys (dotted) -> template
    file: str

    def figure(self, key: str, **values: Any) -> str:
        """The ``figures`` sentence ``key`` with ``values`` filled in."""
        return self.figures[key].format(**values)

    def join(self, items: list[str]) -> str:
        """A list in running text: "a, b and c" (en), "a、b、c" (zh)."""
        if len(items) <= 1:
            return "".join(items)
        return self.list_separator.join(items[:-1]) + self.list_and + items[-1]


def _get(data: Map, dotted: str) -> tuple[Any, str]:
    """The value at ``dotted`` (a.b.c) and where it is written; KeyError if absent."""
    node: Any = data
    where = data.where()
    for part in dotted.split("."):
        if not isinstance(node, Map) or part not in node:
            raise KeyError(dotted)
        where = node.where(part)
        node = node[part]
    return node, where


def _parent_where(data: Map, dotted: str) -> str:
    """Where the nearest written parent of ``dotted`` is (``figures:``'s line): where the
    missing key goes."""
    node: Any = data
    where = data.where()
    for part in dotted.split(".")[:-1]:
        if not isinstance(node, Map) or part not in node:
            break
        where = node.where(part)
        node = node[part]
    return where


def _string(data: Map, dotted: str, allowed: Iterable[str] | None = None) -> str:
    try:
        value, where = _get(data, dotted)
    except KeyError:
        raise DeclarationError(
            f"{_parent_where(data, dotted)}: {dotted} is missing; add it"
        ) from None
    if not isinstance(value, str) or not value:
        raise DeclarationError(f"{where}: {dotted} must be a non-empty string, got {value!r}")
    if allowed is not None:
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        except ValueError as error:
            raise DeclarationError(
                f"{where}: {dotted}: {error} (write {{{{ and }}}} for a literal brace)"
            ) from None
        unknown = sorted(fields - set(allowed))
        if unknown:
            known = ", ".join(f"{{{a}}}" for a in allowed) or "none"
            raise DeclarationError(
                f"{where}: {dotted} uses {', '.join(f'{{{u}}}' for u in unknown)}; "
                f"it may use {known}"
            )
    return value


def load_language(path: str | Path, shown: str | None = None) -> Words:
    """The words of the language file ``path`` (``LANG.yml``), checked."""
    shown = shown or str(path)
    data = load(path, shown)
    if not isinstance(data, Map):
        raise DeclarationError(f"{shown}:1: a language file is a mapping (locale: ..., ...)")
    locale = _string(data, "locale")
    if locale != Path(path).stem:
        raise DeclarationError(
            f"{data.where('locale')}: locale is {locale!r} but the file is {Path(path).name}; "
            "name the file after its locale"
        )
    fonts, where = (data.get("fonts"), data.where("fonts"))
    measure = fonts.get("measure") if isinstance(fonts, Map) else None
    if not (isinstance(measure, List) and measure and all(isinstance(f, str) for f in measure)):
        raise DeclarationError(f"{where}: fonts.measure must be a list of font names")
    figures = {}
    for key, allowed in FIGURE_WORDS.items():
        try:
            _get(data, f"figures.{key}")
        except KeyError:
            if key in OPTIONAL_FIGURE_WORDS:
                continue
        figures[key] = _string(data, f"figures.{key}", allowed)
    return Words(
        locale=locale,
        html_lang=_string(data, "html_lang"),
        list_separator=_string(data, "list_separator"),
        list_and=_string(data, "list_and"),
        measure_fonts=tuple(measure),
        browser_fonts=_string(data, "fonts.browser"),
        figures=figures,
        file=shown,
    )


def load_languages(folder: str | Path, langs: Iterable[str]) -> dict[str, Words]:
    """Each language of ``langs`` from ``folder/LANG.yml``, in that order."""
    folder = Path(folder)
    out = {}
    for lang in langs:
        path = folder / f"{lang}.yml"
        if not path.is_file():
            raise DeclarationError(
                f"{path}: no words for the language {lang!r}; add {path.name} "
                "(copy another language's file and translate it)"
            )
        out[lang] = load_language(path)
    return out
