"""site-patches' search_index.py on its own: one language's entries, its index, its base."""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.exceptions import PluginError
from sitebuild.patches import search_index
from sitebuild.patches.languages import SearchSettings

ZH = {"location": "lecture/#learning-rate", "title": "学习率", "text": "\u200b学习率\u200b α"}
EN = {
    "location": "en/summary/#sources",
    "title": "Sources",
    "text": "Hilda, \u200b梯度下降\u200b知识点\u200b总结 (a Chinese post)",
}


def test_english_entries_are_relative_to_en_and_unsegmented() -> None:
    prefix = search_index.language_prefix("en", "zh")
    (entry,) = search_index.language_entries([EN], prefix, segmented=False)
    assert entry["location"] == "summary/#sources"
    assert entry["text"] == "Hilda, 梯度下降知识点总结 (a Chinese post)"
    assert EN["location"] == "en/summary/#sources", "the plugin's entry was changed"


def test_chinese_entries_keep_the_word_breaks() -> None:
    prefix = search_index.language_prefix("zh", "zh")
    (entry,) = search_index.language_entries([ZH], prefix, segmented=True)
    assert entry == ZH


def test_an_entry_outside_the_language_fails_the_build() -> None:
    with pytest.raises(PluginError, match="not under 'en/'"):
        search_index.language_entries([ZH], "en/", segmented=False)


def test_the_index_carries_the_languages_settings_and_materials_fields() -> None:
    settings = SearchSettings(("en",), r"[\s\-]+", ("stopWordFilter",), False)
    fields = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}
    data = json.loads(search_index.index_json({"fields": fields}, [EN], settings))
    assert data["config"] == {
        "lang": ["en"],
        "separator": r"[\s\-]+",
        "pipeline": ["stopWordFilter"],
        "fields": fields,
    }
    assert data["docs"] == [EN]


@pytest.mark.parametrize(
    ("base", "expected"), [(".", "./en/"), ("..", "../en/"), ("../..", "../../en/")]
)
def test_other_languages_pages_get_their_root_as_base(base: str, expected: str) -> None:
    settings = {"base": base, "search": "x.js", "translations": {"a": "<b>"}}
    html = (
        '<html><script id="__config" type="application/json">'
        + json.dumps(settings, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
        + "</script></html>"
    )
    out = search_index.rebased(html, "en/", "en/lecture/")
    body = re.search(r'application/json">(.*?)</script>', out).group(1)
    assert "<" not in body
    assert json.loads(body) == {**settings, "base": expected}


def test_a_page_without_materials_configuration_fails() -> None:
    with pytest.raises(PluginError, match="no Material __config script in en/x/"):
        search_index.rebased("<html></html>", "en/", "en/x/")
