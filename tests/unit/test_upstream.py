"""What each patch of site-patches assumes of Material for MkDocs, mkdocs-static-i18n and
MkDocs, checked against the installed versions: each test fails when the upstream behaviour
a patch is written for changes (then the patch needs a look, or is no longer needed).

Patches with such a test elsewhere: theme_env (tests/unit/test_theme_env.py: MkDocs' listing
of a theme's files), serve_watch (test_serve_watch.py: MkDocs polls every 0.5 s), no_js_dark
(test_no_js_dark_rules.py: Material's palette stylesheet), page_meta's copy of Material's
site_meta block (tests/site/test_publish.py), the CSP (tests/site/test_csp_pages.py and
tests/browser/test_csp_browser.py: the inline scripts Material writes).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import SimpleNamespace

import material
import pytest
from material.plugins.offline.plugin import OfflinePlugin
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.structure.files import File
from mkdocs_static_i18n.plugin import I18n
from sitebuild.patches import offline, search_dialog
from sitebuild.patches.plugin import SitePatchesPlugin

TEMPLATES = Path(material.__file__).parent / "templates"


def bundle() -> str:
    (path,) = (TEMPLATES / "assets" / "javascripts").glob("bundle.*.min.js")
    return path.read_text(encoding="utf-8")


def test_search_index_static_i18n_merges_every_language_after_building_them() -> None:
    """search_index.py: static-i18n builds the other languages in its post-build (-100)
    and then merges every language's entries into one index; ours is written at -110."""
    assert I18n.on_post_build.mkdocs_priority == -100
    source = inspect.getsource(I18n.on_post_build)
    assert source.index("build(config") < source.index("self.reconfigure_search_index(config)")
    assert SitePatchesPlugin._on_post_build_search.mkdocs_priority < -100


def test_search_index_material_fetches_the_index_relative_to_the_configs_base() -> None:
    """search_index.py rebases __config's base: Material fetches search/search_index.json
    (search_index.js offline) relative to it."""
    code = bundle()
    assert re.search(r'new URL\("search/search_index\.json",\w+\.base\)', code)
    assert re.search(r'"search/search_index\.js",\w+\.base\)', code)


def test_jieba_dict_material_segments_han_runs_with_zero_width_spaces() -> None:
    """jieba_dict.py: Material's search segments each Han run with jieba (jieba_dict,
    jieba_dict_user options), joining the words with U+200B and leaving the rest alone."""
    jieba = pytest.importorskip("jieba")
    options = {key for key, _ in SearchPlugin.config_class._schema}
    assert {"jieba_dict", "jieba_dict_user"} <= options
    words = "\u200b".join(jieba.cut("吴恩达讲梯度下降"))
    assert "\u200b" in words
    assert SearchIndex()._segment_chinese("吴恩达讲梯度下降（Andrew Ng）") == (
        f"{words}\u200b（Andrew Ng）"  # the bracket stays on Andrew: separators must split it
    )


def test_jieba_dict_material_reads_the_dictionaries_relative_to_the_working_directory() -> None:
    source = inspect.getsource(SearchPlugin.on_config)
    assert "os.path.normpath(self.config.jieba_dict)" in source
    assert "jieba.set_dictionary(path)" in source


def test_default_404_every_language_build_writes_404_html_at_the_root(tmp_path) -> None:
    """default_404.py: each language's build writes the theme's 404.html into the same site
    folder (static-i18n moves only the pages), after the default one's post-build (ours: 0)."""
    assert SitePatchesPlugin._on_post_build.__dict__.get("mkdocs_priority", 0) > -100
    source = inspect.getsource(I18n.on_post_build)
    assert "for locale in self.build_languages" in source


def test_search_dialog_material_writes_the_dialog_without_a_name() -> None:
    template = (TEMPLATES / "partials" / "search.html").read_text(encoding="utf-8")
    assert search_dialog.DIALOG in template
    assert "aria-label" not in template.split(search_dialog.DIALOG, 1)[1].split(">", 1)[0]


def test_offline_material_adds_the_shim_from_a_cdn() -> None:
    plugin = OfflinePlugin()
    plugin.config = SimpleNamespace(enabled=True)
    config = SimpleNamespace(use_directory_urls=True, extra={})
    plugin.on_config(config)
    assert config.extra["polyfills"] == ["https://unpkg.com/iframe-worker/shim"]
    offline.use_vendored_shim(config)
    assert config.extra["polyfills"] == [offline.SITE_PATH]
    assert SitePatchesPlugin._on_config_late.mkdocs_priority < 0  # after Material's (0)


def test_offline_the_vendored_shim_writes_the_frame_script_we_hash() -> None:
    """The shim writes an inline script into its worker's frame (which inherits the page's
    CSP): frame_script rebuilds it from the shim's own source, with the worker's URL."""
    shim = offline.SHIM.read_text(encoding="utf-8")
    assert "document.write(`<html><body><script>postMessage=${" in shim
    page = '<script id="__config" type="application/json">{"search": "../w.js"}</script>'
    script = offline.frame_script(page)
    assert script.startswith("postMessage=function ") and "${" not in script
    post, load = re.findall(r"=(function \w+\(.*?\}(?=;))", script)[:2]
    assert post in shim and load in shim
    assert script.endswith('{filename:"../w.js",error}))})')


def test_links_material_writes_the_404_pages_base_url_raw_into_a_script() -> None:
    """links.py escapes SITE_URL's path because Material's inline script interpolates
    base_url (site_url's path, on 404.html) without escaping it."""
    template = (TEMPLATES / "partials" / "javascripts" / "base.html").read_text("utf-8")
    assert '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)' in template


def test_sources_mkdocs_fails_on_a_page_that_is_not_utf8_with_a_traceback(tmp_path) -> None:
    """sources.py reads every page first: MkDocs' own read raises UnicodeDecodeError."""
    (tmp_path / "page.md").write_bytes(b"\xff")
    file = File("page.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    with pytest.raises(UnicodeDecodeError):
        file.content_string  # noqa: B018


def test_sources_static_i18n_falls_back_to_the_default_language_silently() -> None:
    """sources.py warns about a page missing in a language: static-i18n (fallback_to_default)
    would build the default language's page in its place without a word."""
    from mkdocs_static_i18n.config import I18nPluginConfig

    options = dict(I18nPluginConfig._schema)
    assert options["fallback_to_default"].default is True
