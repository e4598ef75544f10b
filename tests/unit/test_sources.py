"""site-patches' sources.py: pages that are not UTF-8 (issue 22 #7) and pages missing in a
language (issue 22 #13), as pure functions. The builds: tests/site/test_site_build.py."""

from __future__ import annotations

from pathlib import Path

import pathspec
import pytest
from mkdocs.exceptions import PluginError
from sitebuild.patches.sources import decode_utf8, markdown_pages, missing_translations


def test_utf8_with_or_without_a_bom_is_read() -> None:
    assert decode_utf8("学习率\n".encode(), "x.md") == "学习率\n"
    assert decode_utf8(b"\xef\xbb\xbfabc", "x.md") == "abc"


def test_a_byte_that_is_not_utf8_is_one_line_with_file_offset_and_line() -> None:
    data = "# 标题\n\n正文".encode() + b"\xff\xfe" + b" more\n"
    with pytest.raises(PluginError) as caught:
        decode_utf8(data, "docs/lecture.zh.md")
    text = str(caught.value)
    offset = len("# 标题\n\n正文".encode())
    assert text == (
        f"docs/lecture.zh.md: not valid UTF-8 at byte {offset} (line 3: b'\\xff'); "
        "save the file as UTF-8"
    )


LANGS = ["zh", "en"]


def test_a_page_missing_in_a_language_is_named_with_its_counterpart() -> None:
    pages = ["index.zh.md", "index.en.md", "summary.zh.md", "notes/a.en.md", "about.md"]
    assert missing_translations(pages, LANGS, "suffix") == [
        ("notes/a.zh.md", "notes/a.en.md"),
        ("summary.en.md", "summary.zh.md"),
    ]


def test_every_page_in_every_language_is_nothing_missing() -> None:
    pages = ["index.zh.md", "index.en.md", "x.y.zh.md", "x.y.en.md", "README.md"]
    assert missing_translations(pages, LANGS, "suffix") == []


def test_the_folder_structure_too() -> None:
    pages = ["zh/index.md", "en/index.md", "zh/lecture.md", "other/page.md"]
    assert missing_translations(pages, LANGS, "folder") == [("en/lecture.md", "zh/lecture.md")]


def test_the_pages_are_those_mkdocs_builds(tmp_path: Path) -> None:
    for name in ("a.zh.md", "overrides/x.md", ".hidden/y.md", "sub/b.en.md", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    excluded = pathspec.GitIgnoreSpec.from_lines(["/overrides/"])
    assert markdown_pages(tmp_path, excluded) == ["a.zh.md", "sub/b.en.md"]
