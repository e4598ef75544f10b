"""scripts/hooks/search_language.py on its own: one language's entries, its index, its base."""

from __future__ import annotations

import json
from types import SimpleNamespace

import hookmodules
import pytest
from mkdocs.exceptions import PluginError

hook = hookmodules.load_hook("search_language")

ZH = {"location": "lecture/#learning-rate", "title": "学习率", "text": "\u200b学习率\u200b α"}
EN = {
    "location": "en/summary/#sources",
    "title": "Sources",
    "text": "Hilda, \u200b梯度下降\u200b知识点\u200b总结 (a Chinese post)",
}


def test_english_entries_are_relative_to_en_and_unsegmented() -> None:
    (entry,) = hook.language_entries([EN], "en", hook.language_prefix("en", "zh"))
    assert entry["location"] == "summary/#sources"
    assert entry["text"] == "Hilda, 梯度下降知识点总结 (a Chinese post)"
    assert EN["location"] == "en/summary/#sources", "the plugin's entry was changed"


def test_chinese_entries_keep_the_word_breaks() -> None:
    (entry,) = hook.language_entries([ZH], "zh", hook.language_prefix("zh", "zh"))
    assert entry == ZH


def test_an_entry_outside_the_language_fails_the_build() -> None:
    with pytest.raises(PluginError, match="not under 'en/'"):
        hook.language_entries([ZH], "en", "en/")


def test_a_language_without_search_settings_fails_the_build() -> None:
    plugin = SimpleNamespace(config={"fields": {}})
    with pytest.raises(PluginError, match="no search settings for language 'fr'"):
        hook.index_json(plugin, [], "fr")


@pytest.mark.parametrize(
    ("base", "expected"), [(".", "./en/"), ("..", "../en/"), ("../..", "../../en/")]
)
def test_english_pages_get_the_english_root_as_base(base: str, expected: str) -> None:
    i18n = SimpleNamespace(current_language="en", default_language="zh")
    config = SimpleNamespace(plugins={"i18n": i18n})
    page = SimpleNamespace(url="en/lecture/")

    settings = {"base": base, "search": "x.js", "translations": {"a": "<b>"}}
    html = (
        '<html><script id="__config" type="application/json">'
        + json.dumps(settings, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
        + "</script></html>"
    )
    out = hook.on_post_page(html, page, config)
    start = out.index('application/json">') + len('application/json">')
    body = out[start : out.index("</script>")]
    assert "<" not in body
    assert json.loads(body) == {**settings, "base": expected}
