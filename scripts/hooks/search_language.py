"""MkDocs hook: each language searches its own pages.

mkdocs-static-i18n 1.3.1 builds every language in one run and merges them all into one
search index at the site root, and Material's search loads ``search/search_index.json``
relative to ``config.base`` (the site root) on every page: an English reader searching
"learning rate" got the Chinese pages too. This hook gives every language its own index:

* At the end of each language's build it writes that language's index from the entries
  Material's search plugin made for that build (static-i18n merges them only afterwards):
  中文, the default language, at ``search/search_index.json``, English at
  ``en/search/search_index.json`` with locations relative to ``en/``. In the offline copy
  (Material's ``offline`` plugin) also ``search_index.js`` beside each, for ``file://``.
* Each index carries its language's search settings (``SEARCH`` below). Material's plugin
  segments every Han run with jieba, joining the words with U+200B; only the Chinese
  index keeps those breaks: the other languages' entries get their text back as written.
* English pages point Material's search at ``en/``: the ``base`` in their ``__config``
  becomes the English root. Material's scripts use it to fetch the index and to resolve
  result links; its other uses (instant navigation, the version selector) are off here.

The one ``404.html`` (the default language's, see default_404.py) searches 中文.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Each language's search settings, as Material's search plugin takes them
# (https://squidfunk.github.io/mkdocs-material/plugins/search/).
SEARCH = {
    # Chinese: lunr's Chinese stop words; split on jieba's U+200B word breaks and CJK
    # punctuation (Material's own separator for zh).
    "zh": {
        "lang": ["zh"],
        "separator": r"[\s\u200b\u3000\-、。，．？！；]+",
        "pipeline": ["stopWordFilter"],
    },
    # English: Material's English defaults. No stemmer: Material turns every typed word
    # into a prefix query (learning*), which skips lunr's pipeline and would miss "learn".
    "en": {
        "lang": ["en"],
        "separator": r"[\s\-]+",
        "pipeline": ["stopWordFilter"],
    },
}
# Languages whose entries keep jieba's word breaks.
SEGMENTED = {"zh"}
WORD_BREAK = "\u200b"

CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)

# The language and the search plugin's index of each build under way, innermost last
# (static-i18n builds the other languages inside the default language's post-build), kept
# because static-i18n empties the plugin's current index to merge every language into it.
_builds: list[tuple[str, SearchIndex]] = []


def _languages(config) -> tuple[str, str]:
    """(the language being built, the default language)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("search_language hook: the mkdocs-static-i18n plugin (i18n) is off")
    return i18n.current_language, i18n.default_language


def _search_plugin(config):
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        raise PluginError("search_language hook: Material's search plugin is not enabled")
    return plugin


def _offline(config) -> bool:
    plugin = config.plugins.get("offline") or config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages live in the site: "" for the default, else "LANG/"."""
    return "" if lang == default else f"{lang}/"


def language_entries(entries: list[dict], lang: str, prefix: str) -> list[dict]:
    """A language's index entries: locations relative to its root, jieba's breaks only
    where the language is segmented."""
    out = []
    for entry in entries:
        entry = dict(entry)
        if not entry["location"].startswith(prefix):
            raise PluginError(
                f"search_language hook: {entry['location']!r} is not under {prefix!r}"
            )
        entry["location"] = entry["location"][len(prefix) :]
        if lang not in SEGMENTED:
            entry["title"] = entry["title"].replace(WORD_BREAK, "")
            entry["text"] = entry["text"].replace(WORD_BREAK, "")
        out.append(entry)
    return out


def index_json(plugin, entries: list[dict], lang: str) -> str:
    """The search index of one language, serialised by Material's own code."""
    if lang not in SEARCH:
        raise PluginError(f"search_language hook: no search settings for language {lang!r}")
    index = SearchIndex(**{**dict(plugin.config), **SEARCH[lang]})
    index.entries = entries
    return index.generate_search_index(None)


def on_pre_build(config) -> None:
    lang, _ = _languages(config)
    _builds.append((lang, _search_plugin(config).search_index))


# After static-i18n (-100), which builds the other languages and then merges their
# entries into the root index, and after the offline plugin (-100) inlines that one.
@event_priority(-110)
def on_post_build(config) -> None:
    if not _builds:  # a build that started before this hook was loaded
        return
    # The build that ends now; static-i18n's current language is the last one it started.
    lang, index = _builds.pop()
    _, default = _languages(config)
    plugin = _search_plugin(config)
    if not plugin.config.enabled:
        return
    prefix = language_prefix(lang, default)
    data = index_json(plugin, language_entries(index.entries, lang, prefix), lang)
    folder = Path(config.site_dir) / prefix / "search"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if _offline(config):
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def on_post_page(output: str, page, config) -> str:
    lang, default = _languages(config)
    if lang == default:
        return output
    match = CONFIG_SCRIPT.search(output)
    if match is None:
        raise PluginError(f"search_language hook: no Material __config script in {page.url}")
    settings = json.loads(match.group(2))
    # base_url is the site root relative to the page ("../..", "."): the language's root
    # is below it. A trailing slash, so that URLs resolve inside it.
    settings["base"] = f"{settings['base'].rstrip('/')}/{language_prefix(lang, default)}"
    # As Material's template writes it (Jinja's tojson: sorted keys, HTML-safe).
    script = str(htmlsafe_json_dumps(settings, sort_keys=True))
    return output[: match.start(2)] + script + output[match.end(2) :]
