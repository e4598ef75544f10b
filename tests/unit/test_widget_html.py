"""The widgets' HTML (sitebuild.notes.widgets): gdcore's words escaped into attributes, ids
of the widget's own name, the language's words required."""

from __future__ import annotations

import html
import json
import re

import pytest
from lectures import DOCS, lecture
from mkdocs.exceptions import PluginError
from sitebuild.notes.plugin import REFERENCE_WORDS, WIDGET_WORDS, NotesPlugin
from sitebuild.notes.widgets import BUILDERS

L = lecture()


def _words(lang):
    plugin = NotesPlugin()
    import gdcore

    plugin.gdcore = gdcore
    import gdcore.yamlfile

    return plugin._words(DOCS / "languages" / f"{lang}.yml", "widgets", WIDGET_WORDS)


@pytest.mark.parametrize("name", ["alpha-explorer", "step-by-step"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_widget_holds_gdcores_entries_escaped_and_its_own_ids(name, lang):
    data = L.widget_entries(name, lang)
    out = BUILDERS[data["kind"]](name, data, _words(lang))
    m = re.search(r'data-frames="([^"]*)"', out)
    assert json.loads(html.unescape(m.group(1))) == data["frames"]
    assert f'id="{name}"' in out
    # Every id the widget writes is its name or starts with gd-NAME: two widgets of a page
    # (or of two lectures) never share one.
    for element_id in re.findall(r'\bid="([^"]+)"', out):
        assert element_id == name or element_id.startswith(f"gd-{name}-"), element_id


@pytest.mark.parametrize(
    ("section", "keys", "line", "missing"),
    [
        ("widgets", WIDGET_WORDS, "  previous: Previous\n", "widgets\\.previous"),
        ("references", REFERENCE_WORDS, '  equation: "Equation ({n})"\n', "references\\.equation"),
    ],
)
def test_a_language_file_without_the_plugin_s_words_names_what_is_missing(
    tmp_path, section, keys, line, missing
):
    text = (DOCS / "languages" / "en.yml").read_text(encoding="utf-8")
    assert line in text
    broken = tmp_path / "en.yml"
    broken.write_text(text.replace(line, ""), encoding="utf-8")
    plugin = NotesPlugin()
    import gdcore
    import gdcore.yamlfile

    plugin.gdcore = gdcore
    with pytest.raises(PluginError, match=rf"en\.yml:\d+: {missing} is missing"):
        plugin._words(broken, section, keys)
