"""What the site needs of each language, from its file ``LANGUAGES/LANG.yml``.

The languages themselves are mkdocs-static-i18n's (``plugins.i18n.languages`` in
mkdocs.yml); everything else a language needs is in one file per language, in the folder
the plugin's ``languages`` option names. This plugin reads its own keys of it (gdcore
reads the figures' and the lists' words from the same files):

    html_lang: zh-CN          # <html lang> of its pages
    og_locale: zh_CN          # Open Graph
    search:                   # Material's search settings for its own index
      lang: [zh]
      separator: '[\\s\\u200b...]+'
      pipeline: [stopWordFilter]
      segmented: true         # keep jieba's U+200B word breaks in its index
    site:
      search_dialog: 搜索     # the search dialog's accessible name
      offline_copy: ...       # the footer's link to the offline copy
      pdf_edition: ...        # the footer's link to the PDF edition
      not_found: {title: ..., heading: ..., text: ..., home: ...}   # the 404 page

Every problem is one line naming the file and line: ``docs/languages/en.yml:12:
site.search_dialog is missing``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

_PIPELINE = ("stemmer", "stopWordFilter", "trimmer")  # what Material's search accepts


@dataclass(frozen=True)
class SearchSettings:
    lang: tuple[str, ...]
    separator: str
    pipeline: tuple[str, ...]
    segmented: bool

    def material(self) -> dict[str, Any]:
        """As Material's search plugin takes them."""
        return {
            "lang": list(self.lang),
            "separator": self.separator,
            "pipeline": list(self.pipeline),
        }


@dataclass(frozen=True)
class NotFoundWords:
    title: str
    heading: str
    text: str
    home: str


@dataclass(frozen=True)
class SiteLanguage:
    """One language's settings and words, as this plugin uses them."""

    code: str
    html_lang: str
    og_locale: str
    search: SearchSettings
    search_dialog: str
    offline_copy: str
    pdf_edition: str
    not_found: NotFoundWords


class _File:
    """A language file's data with the line of every key, for the error messages."""

    def __init__(self, path: Path, shown: str) -> None:
        self.shown = shown
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PluginError(f"{shown}: the language's file is missing") from None
        except UnicodeDecodeError as e:
            raise PluginError(f"{shown}: not UTF-8 (byte {e.start})") from None
        # libyaml's loader where there is one (a tenth of the time); the pure-Python
        # composer only to find the line of a problem, when there is one.
        self._text = text
        self.lines: dict[tuple[str, ...], int] | None = None
        try:
            self.data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise PluginError(f"{shown}:{line}: not valid YAML: {problem}") from None

    def _index(self, node: yaml.Node, path: tuple[str, ...]) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*path, str(key.value))] = key.start_mark.line + 1
                self._index(value, (*path, str(key.value)))

    def error(self, path: tuple[str, ...], problem: str) -> PluginError:
        if self.lines is None:
            self.lines = {}
            node = yaml.compose(self._text, Loader=yaml.SafeLoader)
            if node is not None:
                self._index(node, ())
        for depth in range(len(path), -1, -1):
            if path[:depth] in self.lines:
                line = self.lines[path[:depth]]
                break
        else:
            line = 1
        return PluginError(f"{self.shown}:{line}: {'.'.join(path)} {problem}")

    def get(self, *path: str) -> Any:
        value: Any = self.data
        for depth, key in enumerate(path):
            if not isinstance(value, dict):
                raise self.error(path[:depth], "must be a mapping")
            if key not in value:
                raise self.error(path[: depth + 1], "is missing")
            value = value[key]
        return value

    def text(self, *path: str) -> str:
        value = self.get(*path)
        if not isinstance(value, str) or not value.strip():
            raise self.error(path, f"must be a non-empty string, not {value!r}")
        return value

    def words(self, *path: str) -> tuple[str, ...]:
        value = self.get(*path)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(path, f"must be a list of strings, not {value!r}")
        return tuple(value)


def _search(file: _File) -> SearchSettings:
    separator = file.text("search", "separator")
    try:
        re.compile(separator)
    except re.error as e:
        raise file.error(("search", "separator"), f"is not a regular expression: {e}") from None
    if "|" in separator:  # Material's highlighter splits the separator at "|"
        raise file.error(("search", "separator"), "may not contain '|' (write a [...] class)")
    pipeline = file.words("search", "pipeline") if file.get("search", "pipeline") else ()
    unknown = [step for step in pipeline if step not in _PIPELINE]
    if unknown:
        raise file.error(("search", "pipeline"), f"has unknown steps {unknown}: {_PIPELINE}")
    segmented = file.get("search", "segmented")
    if not isinstance(segmented, bool):
        raise file.error(("search", "segmented"), f"must be true or false, not {segmented!r}")
    return SearchSettings(file.words("search", "lang"), separator, pipeline, segmented)


def load_language(folder: Path, code: str, root: Path) -> SiteLanguage:
    """The settings and words of language ``code``, from ``folder/CODE.yml``; paths in
    messages are shown relative to ``root`` (mkdocs.yml's folder)."""
    path = folder / f"{code}.yml"
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = str(path)
    file = _File(path, shown)
    if not isinstance(file.data, dict):
        raise PluginError(f"{shown}:1: must be a mapping of the language's settings and words")
    locale = file.get("locale")
    if locale != code:
        raise file.error(("locale",), f"is {locale!r}, but the file is the one of {code!r}")
    return SiteLanguage(
        code=code,
        html_lang=file.text("html_lang"),
        og_locale=file.text("og_locale"),
        search=_search(file),
        search_dialog=file.text("site", "search_dialog"),
        offline_copy=file.text("site", "offline_copy"),
        pdf_edition=file.text("site", "pdf_edition"),
        not_found=NotFoundWords(
            *(file.text("site", "not_found", key) for key in ("title", "heading", "text", "home"))
        ),
    )


def load_languages(folder: Path, codes: list[str], root: Path) -> dict[str, SiteLanguage]:
    """Every language of ``codes``, in that order."""
    return {code: load_language(folder, code, root) for code in codes}


class Languages:
    """The languages, read again only when one of their files changed (static-i18n runs
    every on_config once per language, and `mkdocs serve` once per rebuild)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._languages: dict[str, SiteLanguage] = {}

    def load(self, folder: Path, codes: list[str], root: Path) -> dict[str, SiteLanguage]:
        stats = []
        for code in codes:
            try:
                stat = (folder / f"{code}.yml").stat()
                stats.append((code, stat.st_size, stat.st_mtime_ns))
            except OSError:
                stats.append((code, None, None))
        key = (str(folder), str(root), tuple(stats))
        if key != self._key:
            self._languages = load_languages(folder, codes, root)
            self._key = key
        return self._languages
