"""The small jieba dictionary (site-patches: jieba_dict.py) cuts every source of the site's
text exactly as jieba's full dictionary does."""

import logging
from pathlib import Path

import pytest
from sitebuild.patches import jieba_dict

jieba = pytest.importorskip("jieba")
jieba.setLogLevel(logging.WARNING)

REPO_ROOT = Path(__file__).resolve().parents[2]
USER_DICT = REPO_ROOT / "docs" / "languages" / "zh.jieba.txt"


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    hook = jieba_dict
    target = tmp_path_factory.mktemp("jieba") / "dict.txt"
    small = hook.JiebaDictionary().write(REPO_ROOT, target)
    full = jieba.Tokenizer(str(hook.full_dictionary()))
    trimmed = jieba.Tokenizer(str(small))
    for tokenizer in (full, trimmed):
        tokenizer.load_userdict(str(USER_DICT))
    return hook, full, trimmed


def test_the_small_dictionary_is_small_and_keeps_the_total_frequency(tokenizers):
    _hook, full, trimmed = tokenizers
    assert len(trimmed.FREQ) < len(full.FREQ) / 50
    assert trimmed.total == full.total  # so every way to cut a sentence scores the same


def test_the_sources_are_every_file_whose_words_a_page_shows():
    """The Markdown and templates, the languages' (and lectures') YAML, and every Python
    file of gdcore/ and scripts/, however deep."""
    files = {p.relative_to(REPO_ROOT).as_posix() for p in jieba_dict.source_files(REPO_ROOT)}
    for expected in (
        "docs/index.zh.md",
        "docs/overrides/404.html",
        "docs/languages/zh.yml",
        "gdcore/scenarios.py" if (REPO_ROOT / "gdcore/scenarios.py").exists() else "gdcore/cli.py",
        "scripts/sitebuild/patches/plugin.py",
        "scripts/release/offline.py",
    ):
        assert expected in files, expected
    python = {p.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.rglob("*.py")}
    wanted = {p for p in python if p.startswith(("gdcore/", "scripts/")) and "__pycache__" not in p}
    assert wanted <= files, sorted(wanted - files)


def test_every_source_of_page_text_is_cut_the_same(tokenizers):
    hook, full, trimmed = tokenizers
    text = hook.source_text(REPO_ROOT)
    assert "学习率" in text and "梯度下降" in text
    for line in text.splitlines():
        assert list(full.cut(line)) == list(trimmed.cut(line)), line


def test_text_the_dictionary_was_not_made_for_may_be_cut_differently(tokenizers):
    """The check above can fail: outside our pages' words the two differ."""
    _hook, full, trimmed = tokenizers
    sentence = "中华人民共和国的首都北京是一座历史文化名城"
    assert list(full.cut(sentence)) != list(trimmed.cut(sentence))


def test_lines_without_a_tag_are_read_as_well():
    """jieba's loader accepts "word freq" lines; the fast path needs "word freq tag"."""
    hook = jieba_dict
    tagged = "学习 100 v\n学习率 20 n\n中华 30 nz\nC++ 3 nz\n"
    untagged = "学习 100\n学习率 20 n\n中华 30\nC++ 3 nz\n"
    text = "学习率很重要"
    assert hook.trimmed(text, tagged) == "学习 100 v\n学习率 20 n\n\ue000 33 x\n"
    assert hook.trimmed(text, untagged) == "学习 100\n学习率 20 n\n\ue000 33 x\n"


def test_a_trim_is_reused_only_for_text_that_gives_the_same_trim():
    """Under `mkdocs serve` the trim is kept for the next edit: an edit that changes no run
    of Chinese characters (English words, punctuation) and no all-ASCII word reuses it,
    any other gets a new one, always equal to a trim made from scratch."""
    hook = jieba_dict
    full = "学习 100 v\n学习率 20 n\n中华 30 nz\nC++ 3 nz\n"
    dictionary = hook._Dictionary.parse(full)
    first = hook._trimmed("学习率很重要. Plain words.", dictionary)
    assert first == "学习 100 v\n学习率 20 n\n\ue000 33 x\n"
    same_runs = hook._trimmed("学习率很重要. Other words, reworded!", dictionary)
    assert same_runs is first  # reused, not trimmed again
    for text in ("学习率很重要. In C++ too.", "中华学习率很重要."):
        fresh = hook.trimmed(text, full)
        assert hook._trimmed(text, dictionary) == fresh != first
    assert hook._trimmed("学习率很重要.", dictionary) == first  # back: trimmed again, same bytes


def test_an_edit_that_changes_nothing_a_trim_reads_does_not_parse_jieba_again(tmp_path):
    """The stamp records what the trim was made from: a new process (a new `mkdocs serve`
    or build) that finds only English text changed keeps the file without reading jieba's
    350 000 words; new Chinese text gets a new trim."""
    page = tmp_path / "docs" / "index.md"
    page.parent.mkdir()
    page.write_text("学习率很重要. Plain words.\n", encoding="utf-8")
    target = tmp_path / "dict.txt"
    jieba_dict.JiebaDictionary().write(tmp_path, target)
    first = target.read_bytes()

    page.write_text("学习率很重要. Other words, reworded!\n", encoding="utf-8")
    fresh = jieba_dict.JiebaDictionary()  # as in a new process: nothing parsed yet
    fresh.write(tmp_path, target)
    assert not fresh._parsed and target.read_bytes() == first

    page.write_text("学习率很重要. 梯度下降 too.\n", encoding="utf-8")
    fresh.write(tmp_path, target)
    assert fresh._parsed  # read jieba's dictionary: the text has new Chinese runs
    text = jieba_dict.source_text(tmp_path)
    assert target.read_text(encoding="utf-8") == jieba_dict.trimmed(
        text, jieba_dict.full_dictionary().read_text(encoding="utf-8")
    )
    assert "梯度" in target.read_text(encoding="utf-8") and target.read_bytes() != first


def test_a_dictionary_that_cannot_be_written_leaves_no_half_file(tmp_path, monkeypatch):
    """The plugin then searches with jieba's own dictionary; a reader of dict.txt never
    sees a half-written one."""
    import errno

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("学习率很重要\n", encoding="utf-8")
    target = tmp_path / "dict.txt"

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError, match="No space left"):
        jieba_dict.JiebaDictionary().write(tmp_path, target)
    assert list(tmp_path.glob("dict.txt*")) == []


def test_a_source_that_is_not_utf8_is_one_line(tmp_path):
    from mkdocs.exceptions import PluginError

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_bytes("学\n".encode() + b"\xff\n")
    with pytest.raises(PluginError, match=r"^docs/index.md: not valid UTF-8 at byte 4 \(line 2"):
        jieba_dict.source_text(tmp_path)
