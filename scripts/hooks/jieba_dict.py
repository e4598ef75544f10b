"""MkDocs hook: a small jieba dictionary that segments our pages exactly as the full one.

Material's search plugin segments Chinese with jieba, and loading jieba's full dictionary
(about 500 000 words) took over a second of every build, on one core. Yet jieba can only
ever choose dictionary words that occur in the text it cuts: here, our pages. This hook
writes ``.cache/jieba/dict.txt`` (mkdocs.yml: ``search.jieba_dict``) holding just the words
that occur in the sources of the pages' text, plus one entry that never occurs carrying
the frequency of all the others, so that the total frequency, and with it the score of
every way to cut a sentence, is unchanged. tests/test_search_dictionary.py checks that
both dictionaries cut every page the same.

Written when the configuration is read (before the search plugin reads it) and after each
build (so that ``mkdocs serve`` picks up new words on the next rebuild); rewritten only
when what it is made from changed (see write_dictionary). The search plugin's jieba paths
in mkdocs.yml are taken relative to mkdocs.yml's folder (the search plugin itself would
take them from the working directory), so ``mkdocs build -f path/to/mkdocs.yml`` works
from anywhere.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Iterable
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = Path(".cache") / "jieba" / "dict.txt"  # relative to the project (mkdocs.yml)

# Where the words of the pages come from: the Markdown, gdcore's figure titles and
# captions, the hooks' and templates' own words.
SOURCES = (("docs", "*.md"), ("docs", "*.html"), ("gdcore", "*.py"), ("scripts", "*.py"))
# jieba cuts runs of these characters (its re_han_default); only they reach the dictionary.
_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# Private use: no page contains it, so it is never chosen; it carries the unused frequency.
SENTINEL = "\ue000"


def full_dictionary() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: python -m pip install jieba")
    return Path(spec.origin).parent / "dict.txt"


def source_text(root: Path = ROOT) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder, pattern in SOURCES
        for path in sorted((root / folder).rglob(pattern))
    )


def trimmed(text: str, full: str) -> str:
    """The lines of ``full`` (jieba's dict.txt) whose word occurs in ``text``, and the
    sentinel with the frequency of all the others."""
    return _trimmed(text, _Dictionary.parse(full))


class _Dictionary(NamedTuple):
    """jieba's dict.txt by column, one item per entry (whole columns are cheap to make and
    to filter; 350 000 tuples were not)."""

    words: list[str]
    freqs: list[str]
    lines: list[str]  # each entry as written back: "word freq tag", or "word freq"
    longest: int  # the longest word's length
    total: int  # the sum of every frequency
    ascii_words: tuple[str, ...]  # the few words without a Chinese character (C++, AT&T)
    # Trims made from this dictionary in this process, by what a trim depends on (see
    # _trimmed): most edits (an English sentence, a reworded Chinese one with the same
    # runs of characters) need no new trim.
    trims: dict[tuple[frozenset[str], tuple[str, ...]], str]

    @classmethod
    def parse(cls, full: str) -> _Dictionary:
        tokens = full.split()
        lines = full.splitlines()
        if len(tokens) == 3 * len(lines):  # every line is "word freq tag": fast
            words, freqs, tags = tokens[0::3], tokens[1::3], tokens[2::3]
            lines = list(map(" ".join, zip(words, freqs, tags, strict=True)))
        else:
            entries = [(*line.split(" ", 2), "", "")[:3] for line in lines if line]
            words = [word for word, _, _ in entries]
            freqs = [freq for _, freq, _ in entries]
            lines = [" ".join(field for field in entry if field) for entry in entries]
        return cls(
            words,
            freqs,
            lines,
            longest=max(map(len, words)),
            total=sum(map(int, freqs)),
            ascii_words=tuple(filter(str.isascii, words)),
            trims={},
        )


# jieba's dictionary parsed, by (path, size, mtime). Under `mkdocs serve` this module stays
# loaded across rebuilds, so an edit does not parse 350 000 words again.
_parsed: dict[tuple[str, int, int], _Dictionary] = {}


def _parsed_dictionary(full: Path) -> _Dictionary:
    stat = full.stat()
    key = (str(full), stat.st_size, stat.st_mtime_ns)
    if key not in _parsed:
        _parsed.clear()
        _parsed[key] = _Dictionary.parse(full.read_text(encoding="utf-8"))
    return _parsed[key]


_Read = tuple[frozenset[str], tuple[str, ...]]  # the runs of Chinese text, the ASCII words


def _what_a_trim_reads(text: str, ascii_words: Iterable[str]) -> _Read:
    """What of ``text`` a trim depends on. Every word but a handful (C++, AT&T) has a
    Chinese character, so it can only occur in a run that has one; the all-ASCII words
    are looked up in the text directly."""
    runs = frozenset(run for run in _RUN.findall(text) if not run.isascii())
    return runs, tuple(word for word in ascii_words if word in text)


def _trimmed(text: str, dictionary: _Dictionary) -> str:
    runs, present = _what_a_trim_reads(text, dictionary.ascii_words)
    known = dictionary.trims.get((runs, present))
    if known is not None:
        return known
    longest = dictionary.longest
    pieces = {
        run[i:j]
        for run in runs
        for i in range(len(run))
        for j in range(i + 1, min(len(run), i + longest) + 1)
    }
    pieces.update(present)
    kept = list(map(pieces.__contains__, dictionary.words))
    dropped = dictionary.total - sum(map(int, compress(dictionary.freqs, kept)))
    trim = "\n".join([*compress(dictionary.lines, kept), f"{SENTINEL} {dropped} x"]) + "\n"
    dictionary.trims.clear()  # the last one is all a serve session returns to
    dictionary.trims[runs, present] = trim
    return trim


def _stamp(text: str, full_size: int, ascii_words: Iterable[str]) -> str:
    """The stamp of a trim: a hash of what it was made from (see _what_a_trim_reads)."""
    runs, present = _what_a_trim_reads(text, ascii_words)
    h = hashlib.sha256(f"jieba dict.txt of {full_size} bytes\0".encode())
    h.update("\n".join(sorted(runs)).encode() + b"\0" + "\n".join(present).encode())
    return h.hexdigest()


def write_dictionary(root: Path = ROOT, target: Path | None = None) -> Path:
    """Write the trimmed dictionary for the pages under ``root`` (by default to
    ``root/.cache/jieba/dict.txt``), if what it is made from changed; return its path.

    Next to it, ``dict.sha256`` holds the stamp and the dictionary's all-ASCII words, so
    that an edit that changes nothing a trim reads (English text, punctuation) is known
    without parsing jieba's dictionary.
    """
    target = target or root / DICTIONARY
    full = full_dictionary()
    size = full.stat().st_size
    text = source_text(root)
    stamp = target.with_suffix(".sha256")
    if target.is_file() and stamp.is_file():
        key, _, ascii_words = stamp.read_text(encoding="utf-8").partition("\n")
        if key == _stamp(text, size, ascii_words.split()):
            return target
    dictionary = _parsed_dictionary(full)
    target.parent.mkdir(parents=True, exist_ok=True)
    trim = _trimmed(text, dictionary).encode()
    if not (target.is_file() and target.read_bytes() == trim):
        target.write_bytes(trim)
    key = _stamp(text, size, dictionary.ascii_words)
    stamp.write_text(f"{key}\n{' '.join(dictionary.ascii_words)}", encoding="utf-8")
    return target


def _project(config) -> Path:
    return Path(config.config_file_path).resolve().parent


# Before the search plugin's on_config, which reads both dictionaries from its options.
@event_priority(100)
def on_config(config):
    """Resolve the search plugin's jieba paths against mkdocs.yml's folder (MkDocs would
    take them from the working directory) and write the trimmed dictionary there."""
    root = _project(config)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return config
    for option in ("jieba_dict", "jieba_dict_user"):
        value = search.config.get(option)
        if value and not Path(value).is_absolute():
            search.config[option] = str(root / value)
    dictionary = search.config.get("jieba_dict")
    if dictionary:
        write_dictionary(root, Path(dictionary))
    user = search.config.get("jieba_dict_user")
    if user and not Path(user).is_file():
        raise PluginError(
            f"search.jieba_dict_user: {user} does not exist "
            "(paths in mkdocs.yml are relative to its folder)"
        )
    return config


def on_post_build(config) -> None:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    dictionary = search.config.get("jieba_dict") if search is not None else None
    if dictionary:
        write_dictionary(_project(config), Path(dictionary))
