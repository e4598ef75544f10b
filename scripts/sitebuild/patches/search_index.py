"""Each language searches its own pages.

mkdocs-static-i18n 1.3.1 builds every language in one run and merges them all into one
search index at the site root, and Material's search loads ``search/search_index.json``
relative to ``config.base`` (the site root) on every page: an English reader searching
"learning rate" got the Chinese pages too. So every language gets its own index:

* At the end of each language's build its index is written from the entries Material's
  search plugin made for that build (static-i18n merges them only afterwards): the
  default language's at ``search/search_index.json``, another's at
  ``LANG/search/search_index.json`` with locations relative to ``LANG/``; in the offline
  copy (Material's ``offline`` plugin) also ``search_index.js`` beside each, for ``file://``.
* Each index carries its language's search settings (``search`` in LANG.yml). Material's
  plugin segments every Han run with jieba, joining the words with U+200B; only a
  ``segmented`` language's index keeps those breaks: the others get their text back as
  written.
* The other languages' pages point Material's search at their root: the ``base`` in
  their ``__config`` becomes ``LANG/``. Material's scripts use it to fetch the index and to
  resolve result links; its other uses (instant navigation, the version selector) are off.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError

from .languages import SearchSettings

WORD_BREAK = "\u200b"
CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages live in the site: "" for the default, else "LANG/"."""
    return "" if lang == default else f"{lang}/"


def language_entries(entries: list[dict], prefix: str, segmented: bool) -> list[dict]:
    """A language's index entries: locations relative to its root, jieba's breaks only
    where the language is ``segmented``."""
    out = []
    for entry in entries:
        entry = dict(entry)
        if not entry["location"].startswith(prefix):
            location = entry["location"]
            raise PluginError(f"site-patches: search entry {location!r} is not under {prefix!r}")
        entry["location"] = entry["location"][len(prefix) :]
        if not segmented:
            entry["title"] = entry["title"].replace(WORD_BREAK, "")
            entry["text"] = entry["text"].replace(WORD_BREAK, "")
        out.append(entry)
    return out


def index_json(plugin_config: dict[str, Any], entries: list[dict], settings: SearchSettings) -> str:
    """The search index of one language, serialised by Material's own code."""
    index = SearchIndex(**{**plugin_config, **settings.material()})
    index.entries = entries
    return index.generate_search_index(None)


def rebased(output: str, prefix: str, where: str) -> str:
    """A page of the language under ``prefix`` whose Material configuration (``__config``)
    has that language's root as its ``base``."""
    match = CONFIG_SCRIPT.search(output)
    if match is None:
        raise PluginError(f"site-patches: no Material __config script in {where}")
    settings = json.loads(match.group(2))
    # base_url is the site root relative to the page ("../..", "."): the language's root
    # is below it. A trailing slash, so that URLs resolve inside it.
    settings["base"] = f"{settings['base'].rstrip('/')}/{prefix}"
    # As Material's template writes it (Jinja's tojson: sorted keys, HTML-safe).
    script = str(htmlsafe_json_dumps(settings, sort_keys=True))
    return output[: match.start(2)] + script + output[match.end(2) :]
