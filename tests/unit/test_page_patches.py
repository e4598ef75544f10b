"""site-patches' small page patches: <html lang>, the search dialog's name, the default 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from sitebuild.patches import page_meta, search_dialog
from sitebuild.patches.default_404 import Default404


def test_html_lang_is_the_languages_html_lang() -> None:
    out = page_meta.with_html_lang('<!doctype html><html lang="zh" class="no-js">', "zh-CN", "x")
    assert out == '<!doctype html><html lang="zh-CN" class="no-js">'


def test_a_page_without_materials_html_lang_fails() -> None:
    with pytest.raises(PluginError, match=r"no <html lang=\.\.\.> in x\.md"):
        page_meta.with_html_lang("<html>", "en", "x.md")


def test_the_search_dialog_gets_the_languages_name_escaped() -> None:
    page = f"<body>{search_dialog.DIALOG}</div></body>"
    out = search_dialog.name_dialog(page, 'Suche "x"')
    expected = '<div class="md-search" data-md-component="search" role="dialog" aria-label='
    assert out == f'<body>{expected}"Suche &quot;x&quot;"></div></body>'
    assert search_dialog.name_dialog("<body>no search</body>", "x") == "<body>no search</body>"


def test_a_changed_search_dialog_fails_loudly() -> None:
    with pytest.raises(PluginError, match="search dialog markup changed"):
        search_dialog.name_dialog('<div class="md-search" role="dialog" data-x>', "x")


def test_the_default_languages_404_is_put_back_after_the_others(tmp_path: Path) -> None:
    kept = Default404()
    page = tmp_path / "404.html"
    page.write_text("zh")
    kept.after_build(tmp_path, "zh", "zh")
    page.write_text("en")
    kept.after_build(tmp_path, "en", "zh")
    assert page.read_text() == "zh"


@pytest.mark.parametrize(
    ("url", "lang", "home"),
    [("", "zh", True), ("./", "zh", True), ("en/", "en", True), ("lecture/", "zh", False)],
)
def test_home_pages_are_told_apart(url: str, lang: str, home: bool) -> None:
    assert page_meta.is_home(url, lang, "zh") is home
