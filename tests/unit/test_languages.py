"""site-patches' languages.py: docs/languages/LANG.yml read and checked, each problem one line
naming the file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError
from sitebuild.patches.languages import load_language, load_languages

REPO_ROOT = Path(__file__).resolve().parents[2]
FOLDER = REPO_ROOT / "docs" / "languages"


def test_the_sites_languages_load() -> None:
    languages = load_languages(FOLDER, ["zh", "en"], REPO_ROOT)
    assert list(languages) == ["zh", "en"]
    zh, en = languages["zh"], languages["en"]
    assert (zh.html_lang, zh.og_locale, en.html_lang, en.og_locale) == (
        "zh-CN",
        "zh_CN",
        "en",
        "en_US",
    )
    assert zh.search.segmented and not en.search.segmented
    assert zh.search.material() == {
        "lang": ["zh"],
        "separator": zh.search.separator,
        "pipeline": ["stopWordFilter"],
    }
    assert zh.search_dialog == "搜索" and en.not_found.home == "Go to the home page"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_punctuation_mark_separates_words(lang: str) -> None:
    """Issue 22 #12: （Andrew Ng）, “learning rate”, (a Chinese post) are words."""
    separator = re.compile(load_language(FOLDER, lang, REPO_ROOT).search.separator)
    text = "吴恩达（Andrew Ng）“learning rate”《机器学习》(a post), [x]; 'y' — z… θ₁/c\u200b学习率"
    assert [w for w in separator.split(text) if w] == [
        "吴恩达", "Andrew", "Ng", "learning", "rate", "机器学习", "a", "post", "x", "y", "z",
        "θ₁", "c", "学习率",
    ]  # fmt: skip
    assert "|" not in separator.pattern


def write(folder: Path, data: dict, code: str = "xx") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{code}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def good(code: str = "xx") -> dict:
    data = yaml.safe_load((FOLDER / "en.yml").read_text(encoding="utf-8"))
    return {**data, "locale": code}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["site"].pop("search_dialog"), "site.search_dialog is missing"),
        (lambda d: d["site"]["not_found"].pop("title"), "site.not_found.title is missing"),
        (lambda d: d.update(og_locale=""), "og_locale must be a non-empty string"),
        (lambda d: d.update(locale="yy"), "locale is 'yy', but the file is the one of 'xx'"),
        (lambda d: d["search"].update(separator="[a-"), "search.separator is not a regular"),
        (lambda d: d["search"].update(separator="a|b"), "may not contain '|'"),
        (lambda d: d["search"].update(pipeline=["stem"]), "search.pipeline has unknown steps"),
        (lambda d: d["search"].update(segmented="yes"), "search.segmented must be true or false"),
        (lambda d: d.update(site="words"), "site must be a mapping"),
    ],
)
def test_a_problem_is_one_line_with_file_and_line(tmp_path: Path, change, problem: str) -> None:
    data = good()
    change(data)
    write(tmp_path / "languages", data)
    with pytest.raises(PluginError) as caught:
        load_language(tmp_path / "languages", "xx", tmp_path)
    text = str(caught.value)
    assert re.match(r"languages/xx\.yml:\d+: ", text) and problem in text, text
    assert "\n" not in text


def test_the_line_is_the_one_of_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "languages"
    folder.mkdir()
    text = (FOLDER / "en.yml").read_text(encoding="utf-8").replace("locale: en", "locale: xx")
    text = text.replace("  search_dialog: Search\n", "  search_dialog: ''\n")
    (folder / "xx.yml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  search_dialog: ''") + 1
    with pytest.raises(PluginError, match=rf"^languages/xx\.yml:{line}: site\.search_dialog"):
        load_language(folder, "xx", tmp_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "the language's file is missing"), (b"a: [\n", ":2: not valid YAML")],
)
def test_a_missing_or_broken_file_is_one_line(tmp_path: Path, content, problem: str) -> None:
    folder = tmp_path / "languages"
    folder.mkdir()
    if content is not None:
        (folder / "xx.yml").write_bytes(content)
    with pytest.raises(PluginError, match=re.escape(problem)):
        load_language(folder, "xx", tmp_path)
