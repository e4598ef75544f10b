"""A small jieba dictionary that segments the site's text exactly as the full one.

Material's search plugin segments Chinese with jieba, and loading jieba's full dictionary
(about 500 000 words) took over a second of every build, on one core. Yet jieba can only
ever choose dictionary words that occur in the text it cuts: here, the site's. So
``search.jieba_dict`` (``.cache/jieba/dict.txt``) holds just the words that occur in the
sources of the pages' text (the plugin's ``jieba_sources``: the Markdown, the templates,
the languages' and lectures' YAML, the Python that writes words), plus one entry that
never occurs carrying the frequency of all the others, so that the total frequency, and
with it the score of every way to cut a sentence, is unchanged. The tests check that both
dictionaries cut every source line the same.

Written when the configuration is read (before the search plugin reads it) and after each
build (so that ``mkdocs serve`` picks up new words on the next rebuild); rewritten only when
what it is made from changed (see :meth:`JiebaDictionary.write`). The search plugin's jieba
paths are taken relative to mkdocs.yml's folder (the search plugin itself would take them
from the working directory), so ``mkdocs build -f path/to/mkdocs.yml`` works from anywhere.
A dictionary that cannot be written (a read-only checkout or ``.cache``, a full disk) is
reported once, and the build goes on with jieba's own dictionary: slower, the same cuts.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
from collections.abc import Iterable
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from .sources import decode_utf8

# Where the words of the pages come from, relative to mkdocs.yml's folder (the default of
# the plugin's jieba_sources): the Markdown, the templates, the languages' and lectures'
# words, and the Python that writes words into pages and figures.
SOURCES = (
    "docs/**/*.md",
    "docs/**/*.html",
    "docs/**/*.yml",
    "gdcore/**/*.py",
    "scripts/**/*.py",
)
# jieba cuts runs of these characters (its re_han_default); only they reach the dictionary.
_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# Private use: no page contains it, so it is never chosen; it carries the unused frequency.
SENTINEL = "\ue000"


def full_dictionary() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: python -m pip install jieba")
    return Path(spec.origin).parent / "dict.txt"


def source_files(root: Path, patterns: Iterable[str] = SOURCES) -> list[Path]:
    """The files of ``patterns`` (globs relative to ``root``), each once, in a fixed order."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                found.setdefault(path, None)
    return list(found)


def source_text(root: Path, patterns: Iterable[str] = SOURCES) -> str:
    """The text of every source file, one after another (a file that is not UTF-8 fails
    with one line naming it and the byte)."""
    return "\n".join(
        decode_utf8(path.read_bytes(), path.relative_to(root).as_posix())
        for path in source_files(root, patterns)
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


class JiebaDictionary:
    """Writes the trimmed dictionary; keeps jieba's parsed dictionary between builds (under
    ``mkdocs serve`` an edit does not parse 350 000 words again)."""

    def __init__(self) -> None:
        # jieba's dictionary parsed, by (path, size, mtime): only the last one.
        self._parsed: dict[tuple[str, int, int], _Dictionary] = {}

    def _dictionary(self, full: Path) -> _Dictionary:
        stat = full.stat()
        key = (str(full), stat.st_size, stat.st_mtime_ns)
        if key not in self._parsed:
            self._parsed.clear()
            self._parsed[key] = _Dictionary.parse(full.read_text(encoding="utf-8"))
        return self._parsed[key]

    def write(self, root: Path, target: Path, patterns: Iterable[str] = SOURCES) -> Path:
        """Write the trimmed dictionary for the sources under ``root`` to ``target``, if
        what it is made from changed; return ``target``. Raises OSError when it cannot.

        Next to it, ``dict.sha256`` holds the stamp and the dictionary's all-ASCII words, so
        that an edit that changes nothing a trim reads (English text, punctuation) is known
        without parsing jieba's dictionary.
        """
        full = full_dictionary()
        size = full.stat().st_size
        text = source_text(root, patterns)
        stamp = target.with_suffix(".sha256")
        if target.is_file() and stamp.is_file():
            key, _, ascii_words = stamp.read_text(encoding="utf-8").partition("\n")
            if key == _stamp(text, size, ascii_words.split()):
                return target
        dictionary = self._dictionary(full)
        target.parent.mkdir(parents=True, exist_ok=True)
        trim = _trimmed(text, dictionary).encode()
        if not (target.is_file() and target.read_bytes() == trim):
            _write_atomically(target, trim)
        key = _stamp(text, size, dictionary.ascii_words)
        _write_atomically(stamp, f"{key}\n{' '.join(dictionary.ascii_words)}".encode())
        return target


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path``, never half-written: a reader sees the old file or the new."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
