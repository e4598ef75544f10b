"""The "notes" plugin: a site's lectures, from gdcore, as one visible pipeline.

What it does, in the order of MkDocs' events:

1. ``on_config``: load the languages' words (``languages``: one LANG.yml each; the languages
   themselves are mkdocs-static-i18n's) and each lecture's declarations
   (``LECTURE/lecture.yml``, through ``gdcore.lecture.load_lecture``, which checks them and
   the claims the prose makes), then start drawing the figures the cache lacks
   (``gdcore.render.render_ahead``), so they draw while MkDocs loads everything else.
2. ``on_files``: add every figure file (light and dark, every language) to the build as
   ``LECTURE/figures/NAME.LANG.svg``; static-i18n then gives each page its language's.
3. ``on_page_markdown``: one parse of the page (``markers.scan``) finds every marker
   ``{{ … }}`` outside code, and ``pages.fill_page`` replaces them all at once: facts,
   figures, widgets, the repository link. The front matter's facts are filled too.
   The numbers of the lecture's figures, equations and sections (``numbering``) come
   from its pages as they are: captions get "Figure N", ``{{ ref KIND NAME }}`` a link
   with the number, a formula's ``\\label{NAME}`` its number (the Markdown extension
   ``numbering.NumberedFormulas``, which this plugin adds, writes it beside the formula).
4. ``on_post_build``: the pages of ``redirects`` (old URLs keep working).

Under ``mkdocs serve`` the plugin object lives for the whole session (it has
``on_startup``): gdcore is re-imported when its sources change (``gdcore.reloaded``) and a
lecture is loaded again when its declarations or the languages change.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import logging
import posixpath
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data
from sitebuild.notes import pages
from sitebuild.notes.config import NotesConfig
from sitebuild.notes.figures import figure_block
from sitebuild.notes.markers import scan
from sitebuild.notes.numbering import (
    NumberedFormulas,
    Numbering,
    number_lecture,
    page_numbers,
    ref_link,
)
from sitebuild.notes.widgets import BUILDERS
from sitebuild.patches import csp

log = logging.getLogger("mkdocs.plugins.notes")

WIDGET_WORDS = (
    "alpha_label",
    "smaller",
    "larger",
    "noscript",
    "previous",
    "next",
    "table_caption",
    "col_k",
    "col_theta",
    "col_slope",
    "col_step",
    "no_step",
)
# A language's words for numbers: "Figure {n}", "Equation ({n})", "Section {n}", and a
# caption with its number, "{label}. {caption}".
REFERENCE_WORDS = ("figure", "equation", "section", "caption")
REDIRECT_SCRIPT = "javascripts/redirect.js"


class NotesPlugin(BasePlugin[NotesConfig]):
    """See the module's docstring."""

    def __init__(self) -> None:
        self.gdcore: ModuleType | None = None
        self.lectures: dict[str, Any] = {}  # name -> gdcore Lecture
        self._loaded: dict[str, tuple[str, Any]] = {}  # name -> (what it was made from, Lecture)
        self.widget_words: dict[str, dict[str, str]] = {}
        self.reference_words: dict[str, dict[str, str]] = {}
        # (lecture, language) -> (the pages' Markdown it was made from, its numbering)
        self._numbered: dict[tuple[str, str], tuple[tuple[str, ...], Numbering]] = {}
        self.languages: dict[str, Any] = {}

    # ------------------------------------------------------------------ set-up

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defined so that MkDocs keeps this object for a whole `mkdocs serve` session: its
        # loaded lectures and gdcore's drawing processes serve every rebuild.
        self.command = command

    def _import(self, config: MkDocsConfig) -> ModuleType:
        """gdcore as its sources are now, from this project (even when not pip-installed)."""
        root = str(Path(config.config_file_path).resolve().parent)
        if sys.path[0] != root:
            sys.path.insert(0, root)
        gdcore = importlib.import_module("gdcore").reloaded()
        for module in ("errors", "lecture", "render", "text", "words", "yamlfile", "facts"):
            importlib.import_module(f"gdcore.{module}")
        return gdcore

    def _langs(self, config: MkDocsConfig) -> list[str]:
        """The site's languages, the default first (mkdocs-static-i18n's), else the theme's."""
        i18n = config.plugins.get("i18n")
        if i18n is None:
            return [config.theme["language"]]
        built = [lang.locale for lang in i18n.config.languages if lang.build]
        default = i18n.default_language
        return [default, *(lang for lang in built if lang != default)]

    def _load(self, config: MkDocsConfig) -> None:
        gd = self.gdcore
        root = Path(config.config_file_path).resolve().parent
        folder = root / self.config.languages
        langs = self._langs(config)
        try:
            self.languages = gd.words.load_languages(folder, langs)
            self.widget_words = {
                lang: self._words(folder / f"{lang}.yml", "widgets", WIDGET_WORDS) for lang in langs
            }
            self.reference_words = {
                lang: self._words(folder / f"{lang}.yml", "references", REFERENCE_WORDS)
                for lang in langs
            }
        except gd.yamlfile.DeclarationError as error:
            raise PluginError(str(error)) from None
        docs = Path(config.docs_dir)
        lectures = {}
        for name in self.config.lectures:
            lecture_folder = docs / name
            if not (lecture_folder / gd.lecture.DECLARATIONS).is_file():
                raise PluginError(
                    f"plugins.notes.lectures: {name!r} is not a lecture: "
                    f"{lecture_folder}/{gd.lecture.DECLARATIONS} does not exist"
                )
            made_from = _digest(
                [
                    gd.source_digest().encode(),
                    (lecture_folder / gd.lecture.DECLARATIONS).read_bytes(),
                    *(Path(w.file).read_bytes() for w in self.languages.values()),
                ]
            )
            known = self._loaded.get(name)
            if known is None or known[0] != made_from:
                shown = posixpath.join(Path(config.docs_dir).name, name)
                try:
                    lecture = gd.lecture.load_lecture(lecture_folder, self.languages, shown)
                except gd.yamlfile.DeclarationError as error:
                    log.debug("lecture failed", exc_info=error)  # the traceback, with --verbose
                    raise PluginError(str(error)) from None
                self._loaded[name] = (made_from, lecture)
            lectures[name] = self._loaded[name][1]
        self.lectures = lectures

    def _words(self, path: Path, section: str, keys: tuple[str, ...]) -> dict[str, str]:
        """A language's words for the plugin's own HTML (``section`` of LANG.yml)."""
        data = self.gdcore.yamlfile.load(path)
        words = data.get(section)
        if not isinstance(words, dict):
            raise PluginError(f"{path}:1: {section}: is missing; add it")
        for key in keys:
            if not isinstance(words.get(key), str):
                raise PluginError(f"{words.where()}: {section}.{key} is missing; add it")
        return dict(words)

    # The first of every plugin: the figures start drawing before MkDocs loads the others'
    # configuration (the search plugin's Chinese dictionary takes a while).
    @event_priority(110)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.gdcore = self._import(config)
        if not any(isinstance(e, NumberedFormulas) for e in config.markdown_extensions):
            config.markdown_extensions.append(NumberedFormulas())
        self._load(config)
        self.gdcore.render.render_ahead(
            list(self.lectures.values()), cache_dir=self.config.cache_dir, jobs=self.config.jobs
        )
        return config

    # ------------------------------------------------------------------ figure files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        gd = self.gdcore
        try:
            made = gd.render.figure_files(
                list(self.lectures.values()), cache_dir=self.config.cache_dir, jobs=self.config.jobs
            )
        except gd.errors.FigureError as error:
            log.debug("figure failed", exc_info=error)  # the traceback, with --verbose
            raise PluginError(str(error)) from None
        # Outside docs_dir as far as static-i18n can tell (it leaves such files as they are,
        # every language's, and pages pick theirs by suffix): a generated file's source path
        # is never read by MkDocs (its content is in memory), but static-i18n compares it
        # with docs_dir.
        outside = Path(config.config_file_path).resolve().parent / ".generated"
        for (lecture, file_name), content in made.items():
            src_uri = f"{lecture}/figures/{file_name}"
            file = File.generated(config, src_uri, content=content)
            file.abs_src_path = str(outside / src_uri)
            files.append(file)
        return files

    # ------------------------------------------------------------------ pages

    def _page_lang(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        return i18n.current_language if i18n is not None else config.theme["language"]

    def _lecture_of(self, src_uri: str) -> Any:
        first = src_uri.split("/", 1)[0]
        return self.lectures.get(first) if "/" in src_uri else None

    def _page(self, page: Any, config: MkDocsConfig, files: Files, markdown: str) -> pages.Page:
        lang = self._page_lang(config)
        lecture = self._lecture_of(page.file.src_uri)
        repository = (config.extra or {}).get("repository") or None
        where = page.file.src_uri
        if lecture is None:
            return pages.Page(where, None, repository, _no_figure, _no_widget)
        gd = self.gdcore

        words = self.reference_words[lang]
        folder = page.file.src_uri.split("/", 1)[0]
        # (A page missing in this language is built from another's file: its name then.)
        here = _language_free(page.file.src_uri.split("/", 1)[1], lang) or _language_free(
            page.file.src_uri.split("/", 1)[1], None
        )
        numbering = self._numbering(folder, lang, files, page, markdown)
        figure_numbers, equation_numbers = page_numbers(numbering, here)

        def figure(name: str, element_id: str, number: str | None) -> str:
            caption = lecture.caption(name, lang)
            if number is not None:
                caption = words["caption"].format(
                    label=words["figure"].format(n=number), caption=caption
                )
            try:
                return figure_block(
                    name,
                    lecture.alt(name, lang),
                    caption,
                    lecture.size(name, lang),
                    element_id,
                )
            except gd.errors.FigureError as error:
                raise PluginError(f"{where}: {error}") from None

        def widget(name: str) -> str:
            data = lecture.widget_entries(name, lang)
            declared = lecture.widgets[name]
            cost = getattr(declared, "cost", None) or declared.figure.cost
            symbols = gd.text.symbols(cost.symbols)
            words = {
                key: value.format(symbol=symbols.theta, slope=symbols.slope)
                for key, value in self.widget_words[lang].items()
            }
            return BUILDERS[data["kind"]](name, data, words)

        return pages.Page(
            where,
            lecture.facts(lang),
            repository,
            figure,
            widget,
            frozenset(lecture.declared),
            frozenset(lecture.widgets),
            figure_numbers,
            equation_numbers,
            lambda kind, name, where: ref_link(numbering, kind, name, here, words, where),
        )

    def _numbering(
        self, folder: str, lang: str, files: Files, page: Any, markdown: str
    ) -> Numbering:
        """The lecture's numbers in ``lang``, from its pages as they are now (this page's
        Markdown as MkDocs read it): the lecture's index page first, the others by name."""
        texts = {}
        for file in files.documentation_pages():
            first, _, rest = file.src_uri.partition("/")
            if first != folder or not rest or "/" in rest:
                continue
            if file is page.file:
                texts[_language_free(rest, lang) or _language_free(rest, None)] = markdown
                continue
            name = _language_free(rest, lang)
            if name is not None:
                texts.setdefault(name, get_data(file.content_string)[0])
        order = sorted(texts, key=lambda name: (name != "index.md", name))
        made_from = tuple(texts[name] for name in order)
        known = self._numbered.get((folder, lang))
        if known is None or known[0] != made_from:
            config = self._config
            numbered = [(name, texts[name], scan(texts[name], config)) for name in order]
            known = (made_from, number_lecture(numbered, f"{self._docs_name}/{folder}"))
            self._numbered[(folder, lang)] = known
        return known[1]

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        self._config = config
        self._docs_name = Path(config.docs_dir).name
        context = self._page(page, config, files, markdown)
        _check_front_matter(page, markdown)
        for key, value in list(page.meta.items()):
            if isinstance(value, str) and "{{" in value:
                page.meta[key] = pages.fill_text(value, context, key)
        if "{{" not in markdown and "figures/" not in markdown and "\\label" not in markdown:
            return markdown
        # MkDocs hands over the Markdown after the front matter: blank lines in its place
        # make every error's line number the source file's.
        source = getattr(page.file, "content_string", "")
        at = source.find(markdown)  # MkDocs strips the whitespace around it too
        pad = "\n" * source.count("\n", 0, at) if at > 0 else ""
        filled = pages.fill_page(pad + markdown, scan(pad + markdown, config), context)
        return filled[len(pad) :]

    # ------------------------------------------------------------------ old URLs

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Old URLs are the published site's; the offline copy (file names, no directory
        # URLs) has no readers with old links.
        if not self.config.redirects or not config.use_directory_urls:
            return
        i18n = config.plugins.get("i18n")
        lang = self._page_lang(config)
        prefix = "" if i18n is None or lang == i18n.default_language else f"{lang}/"
        site = Path(config.site_dir)
        for old, new in self.config.redirects.items():
            old_dir = posixpath.splitext(old)[0]
            old_dir = "" if old_dir in ("index", "") else old_dir
            new_url = _page_url(new)
            depth = len([p for p in (prefix + old_dir).split("/") if p])
            up = "../" * depth
            target = up + prefix + new_url
            stub = site / prefix / old_dir / "index.html"
            if stub.exists():
                raise PluginError(
                    f"plugins.notes.redirects: {old} is still a page of the site; "
                    "remove it or the redirect"
                )
            stub.parent.mkdir(parents=True, exist_ok=True)
            # The site's Content-Security-Policy, as every page has (its script is a file).
            canonical = f"{config.site_url}{prefix}{new_url}" if config.site_url else None
            html_page = _redirect_page(target, up + REDIRECT_SCRIPT, lang, canonical)
            page = csp.add_policy(html_page, [], old)
            stub.write_text(page, encoding="utf-8")


def _language_free(name: str, lang: str | None) -> str | None:
    """``index.en.md`` -> ``index.md`` in English (None in another language; any
    language's with ``lang`` None); a name without a language suffix is every language's."""
    stem, ext = posixpath.splitext(name)
    if ext != ".md":
        return None
    base, dot, suffix = stem.rpartition(".")
    if dot and len(suffix) == 2 and suffix.isalpha():
        return f"{base}.md" if lang is None or suffix == lang else None
    return name


def _page_url(src: str) -> str:
    """The directory URL of page ``src`` (``a/index.md`` -> ``a/``, ``a/b.md`` -> ``a/b/``)."""
    stem = posixpath.splitext(src)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def _redirect_page(target: str, script: str, lang: str, canonical: str | None) -> str:
    """A page that sends the reader on to ``target`` (with the URL's #anchor, by script);
    with ``canonical`` (the new page's absolute URL, when the site has one), search engines
    index the new page."""
    t = html.escape(target, quote=True)
    link = (
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">' if canonical else ""
    )
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={t}">'
        '<meta name="robots" content="noindex">'
        f"{link}"
        f'<script src="{html.escape(script, quote=True)}" data-target="{t}"></script>'
        f'</head><body><p><a href="{t}">{t}</a></p></body></html>\n'
    )


def _no_figure(name: str, element_id: str) -> str:  # pragma: no cover (guarded by names)
    raise PluginError(f"no figure {name!r}")


def _no_widget(name: str) -> str:  # pragma: no cover (guarded by names)
    raise PluginError(f"no widget {name!r}")


def _check_front_matter(page: Any, markdown: str) -> None:
    """An unquoted {{ … }} in the front matter makes YAML drop the whole front matter."""
    source = getattr(page.file, "content_string", "")
    if page.meta or not source.startswith("---"):
        return
    end = source.find("\n---", 3)
    head = source[: end if end > 0 else 0]
    if "{{" in head:
        line = head[: head.index("{{")].count("\n") + 1
        raise PluginError(
            f"{page.file.src_uri}:{line}: a front-matter value with {{{{ … }}}} must be quoted "
            '(title: "… {{ NAME }} …"): unquoted, YAML reads it as a mapping and the whole '
            "front matter is lost"
        )


def _digest(parts: list[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part + b"\0")
    return h.hexdigest()
