"""The site-patches MkDocs plugin: what Material for MkDocs and mkdocs-static-i18n need here.

Each patch is a module of its own, with the why in its doc; this file only wires them to
MkDocs' events, in the order the comments give. State lives on the plugin (MkDocs keeps the
instance across ``mkdocs serve`` rebuilds: it defines ``on_startup``).

========================  =====================================================================
module                    what it patches
========================  =====================================================================
languages.py              each language's settings and words, from LANGUAGES/LANG.yml
links.py                  SITE_URL checked and escaped; the footer's links checked
sources.py                pages that are not UTF-8; pages missing in a language
atomic_site.py            the site folder replaced whole, never half-written or mixed
jieba_dict.py             a small jieba dictionary (Material's Chinese search), same cuts
search_index.py           one search index per language
page_meta.py              <head> per language: hreflang, Open Graph, <html lang>; 404's words
default_404.py            the default language's 404.html at the root
search_dialog.py          Material's search dialog gets an accessible name
no_js_dark.py             a dark page without JavaScript on a dark system
offline.py                the offline copy's Web Worker shim, vendored instead of a CDN
theme_env.py              the theme's Jinja environments, cheaper to make
serve_watch.py            `mkdocs serve` notices a saved file within 0.1 s
csp.py                    a Content-Security-Policy on every page
========================  =====================================================================
"""

from __future__ import annotations

import importlib.metadata
import logging
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from . import csp, links, no_js_dark, offline, page_meta, search_dialog, search_index, upstream
from .atomic_site import SiteSwap
from .config import SitePatchesConfig
from .default_404 import Default404
from .jieba_dict import JiebaDictionary
from .languages import Languages, SiteLanguage
from .serve_watch import poll_faster
from .sources import decode_utf8, markdown_pages, missing_translations
from .theme_env import speed_up

# MkDocs warnings (a strict build fails on them): problems of the site's sources.
log = get_plugin_logger("site-patches")
# Not MkDocs warnings (a line on stderr): a cache that cannot be written must not fail a
# strict build.
cache_log = logging.getLogger("sitebuild.patches")


class SitePatchesPlugin(BasePlugin[SitePatchesConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.root = Path(".")
        self.languages: dict[str, SiteLanguage] = {}
        self.language_files = Languages()
        self.jieba = JiebaDictionary()
        self.jieba_problem: str | None = None  # reported once
        self.bytecode_cache = FileSystemBytecodeCache()
        self.default_404 = Default404()
        # The language and the search plugin's index of each build under way, innermost
        # last (static-i18n builds the other languages inside the default one's post-build),
        # kept because static-i18n empties the plugin's index to merge every language.
        self.builds: list[tuple[str, Any]] = []
        self.swap: SiteSwap | None = None
        self.site_dir: str | None = None  # the real site_dir while a swap is under way
        self.depth = 0  # builds under way (static-i18n nests them)
        self.complete = False
        self.failed = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    # ------------------------------------------------------------------ configuration

    # First of all: every plugin must see this build's own site folder.
    @event_priority(1000)
    def _on_config_site_folder(self, config: Any) -> None:
        if self.swap is not None:
            self.depth += 1
            return
        # Only `mkdocs build`: serve has its own folder, --dirty keeps what is there, and
        # gh-deploy publishes site_dir before the plugins' on_shutdown.
        if not self.config.atomic_site or self.command != "build" or self.dirty:
            return
        self.site_dir = config.site_dir
        self.swap = SiteSwap(Path(config.site_dir))
        config.site_dir = str(self.swap.folder)
        self.depth, self.complete, self.failed = 1, False, False

    # Before Material's search on_config (0): it makes a theme environment and reads the
    # jieba dictionaries; and before anything reads site_url.
    @event_priority(100)
    def _on_config_early(self, config: Any) -> None:
        self.root = Path(config.config_file_path).resolve().parent
        links.check_links(config)
        speed_up(config, self.bytecode_cache)
        self.languages = self.language_files.load(
            self.root / self.config.languages, upstream.built_languages(config), self.root
        )
        self._write_jieba_dictionary(config, first=True)

    # After static-i18n's on_config (-100), which applies a language's own settings
    # (site_url among them), and Material's offline plugin's (0), which adds the CDN's shim.
    @event_priority(-150)
    def _on_config_late(self, config: Any) -> None:
        links.check_links(config)
        if upstream.offline_enabled(config):
            offline.use_vendored_shim(config)

    on_config = CombinedEvent(_on_config_site_folder, _on_config_early, _on_config_late)

    def _write_jieba_dictionary(self, config: Any, first: bool) -> None:
        search = upstream.search(config)
        if search is None:
            return
        if first:
            # Relative to mkdocs.yml's folder (the search plugin takes them from the cwd).
            for option in ("jieba_dict", "jieba_dict_user"):
                value = search.config.get(option)
                if value and not Path(value).is_absolute():
                    search.config[option] = str(self.root / value)
            user = search.config.get("jieba_dict_user")
            if user and not Path(user).is_file():
                raise PluginError(
                    f"search.jieba_dict_user: {user} does not exist "
                    "(paths in mkdocs.yml are relative to its folder)"
                )
        dictionary = search.config.get("jieba_dict")
        if not dictionary:
            return
        try:
            self.jieba.write(self.root, Path(dictionary), self.config.jieba_sources)
        except OSError as e:
            if self.jieba_problem is None:
                self.jieba_problem = str(e)
                cache_log.warning(
                    "site-patches: cannot write the jieba dictionary %s (%s): searching with "
                    "jieba's own dictionary (slower, the same words)",
                    dictionary,
                    e.strerror or e,
                )
            search.config["jieba_dict"] = None

    # ------------------------------------------------------------------ the sources

    # After static-i18n's on_files (-100), which leaves each language its own pages.
    @event_priority(-150)
    def on_files(self, files: Any, *, config: Any) -> Any:
        for file in files.documentation_pages():
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(self.root):
                shown = Path(file.abs_src_path).relative_to(self.root).as_posix()
            else:
                shown = file.src_uri
            decode_utf8(file.content_bytes, shown)
        i18n = upstream.i18n(config)
        if upstream.current_language(config) == i18n.default_language:
            docs = Path(config.docs_dir)
            pages = markdown_pages(docs, config.exclude_docs)
            languages = upstream.built_languages(config)
            for name, example in missing_translations(pages, languages, i18n.config.docs_structure):
                shown = (docs / name).relative_to(self.root).as_posix()
                log.warning(
                    f"{shown} is missing: every page needs a file per language "
                    f"({', '.join(languages)}), and {example} has no counterpart"
                )
        return files

    def on_pre_build(self, *, config: Any) -> None:
        search = upstream.search(config, required=True)
        self.builds.append((upstream.current_language(config), search.search_index))

    # ------------------------------------------------------------------ templates

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        env.globals["no_js_dark_css"] = no_js_dark.dark_css(config)
        # Material writes its own version into <meta name="generator">; main.html keeps it.
        env.globals["material_version"] = importlib.metadata.version("mkdocs-material")
        # The footer's words (partials/copyright.html) in the language being built.
        env.globals["site_words"] = self.languages[upstream.current_language(config)]
        return env

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        i18n = upstream.i18n(config)
        lang = upstream.current_language(config)
        context["page_meta"] = page_meta.page_meta(
            config, page, lang, i18n.default_language, self.languages
        )
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        i18n = upstream.i18n(config)
        if template_name == "sitemap.xml":
            context["i18n_default_language"] = i18n.default_language
        elif template_name == "404.html":
            context.update(page_meta.not_found_context(config, i18n, self.languages))
        return context

    # ------------------------------------------------------------------ pages

    def _patched(self, output: str, config: Any, where: str) -> str:
        lang = upstream.current_language(config)
        language = self.languages[lang]
        output = page_meta.with_html_lang(output, language.html_lang, where)
        return search_dialog.name_dialog(output, language.search_dialog)

    def _on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        output = self._patched(output, config, page.file.src_uri)
        lang = upstream.current_language(config)
        default = upstream.i18n(config).default_language
        if lang != default:
            prefix = search_index.language_prefix(lang, default)
            output = search_index.rebased(output, prefix, page.file.src_uri)
        return output

    # Last: the policy hashes the inline scripts of the page as every other plugin left it.
    @event_priority(-1000)
    def _on_post_page_csp(self, output: str, *, page: Any, config: Any) -> str:
        if not self.config.csp:
            return output
        content = set(csp.inline_scripts(page.content or ""))
        if content:
            log.warning(
                f"{page.file.src_uri}: an inline <script> in the page's content; the "
                "Content-Security-Policy blocks it: put it in a file (extra_javascript)"
            )
        scripts = [s for s in csp.inline_scripts(output) if s not in content]
        return self._with_policy(output, scripts, config, page.file.src_uri)

    on_post_page = CombinedEvent(_on_post_page, _on_post_page_csp)

    def _on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if not template_name.endswith(".html"):  # sitemap.xml
            return output_content
        return self._patched(output_content, config, template_name)

    @event_priority(-1000)  # as on_post_page: the theme templates' pages (404.html)
    def _on_post_template_csp(self, output_content: str, *, template_name: str, config: Any) -> str:
        if not self.config.csp or not template_name.endswith(".html"):
            return output_content
        scripts = csp.inline_scripts(output_content)
        return self._with_policy(output_content, scripts, config, template_name)

    on_post_template = CombinedEvent(_on_post_template, _on_post_template_csp)

    def _with_policy(self, output: str, scripts: list[str], config: Any, where: str) -> str:
        if upstream.offline_enabled(config) and offline.SITE_PATH in output:
            frame = offline.frame_script(output)
            if frame is not None:
                scripts = [*scripts, frame]
        try:
            return csp.add_policy(output, map(csp.script_hash, scripts), where)
        except ValueError as e:
            raise PluginError(f"site-patches: {e}") from None

    # ------------------------------------------------------------------ the end of a build

    # Before static-i18n's post-build (-100), where it builds the other languages.
    def _on_post_build(self, *, config: Any) -> None:
        i18n = upstream.i18n(config)
        lang = upstream.current_language(config)
        self.default_404.after_build(Path(config.site_dir), lang, i18n.default_language)
        if upstream.offline_enabled(config):
            offline.copy_shim(Path(config.site_dir))
        if self.command == "serve":  # new words for the next rebuild (a build wrote them first)
            self._write_jieba_dictionary(config, first=False)

    # After static-i18n (-100), which builds the other languages and then merges their
    # entries into the root index, and after the offline plugin (-100), which inlines it.
    @event_priority(-110)
    def _on_post_build_search(self, *, config: Any) -> None:
        if not self.builds:  # a build that started before this plugin was loaded
            return
        lang, index = self.builds.pop()  # the build that ends now (the innermost)
        plugin = upstream.search(config, required=True)
        if not plugin.config.enabled:
            return
        default = upstream.i18n(config).default_language
        prefix = search_index.language_prefix(lang, default)
        settings = self.languages[lang].search
        entries = search_index.language_entries(index.entries, prefix, settings.segmented)
        data = search_index.index_json(dict(plugin.config), entries, settings)
        folder = Path(config.site_dir) / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if upstream.offline_enabled(config):
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")

    # Last: every plugin has written its part of this build.
    @event_priority(-1000)
    def _on_post_build_done(self, *, config: Any) -> None:
        if self.swap is not None:
            self.depth -= 1
            self.complete = self.depth == 0

    on_post_build = CombinedEvent(_on_post_build, _on_post_build_search, _on_post_build_done)

    def on_build_error(self, *, error: Exception) -> None:
        self.builds.clear()
        self.failed = True

    def on_shutdown(self) -> None:
        # The swap waits until here: a strict build fails on its warnings after on_post_build.
        if self.swap is None:
            return
        swap, self.swap = self.swap, None
        if self.complete and not self.failed:
            swap.finish()
        else:
            swap.abandon()

    # ------------------------------------------------------------------ mkdocs serve

    @event_priority(100)  # before any plugin's on_serve watches more paths
    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        return poll_faster(server, config, float(self.config.poll_interval))
