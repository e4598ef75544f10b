"""The pages' sources, checked before MkDocs reads them.

* Every page is UTF-8: MkDocs would end with a 45-line UnicodeDecodeError traceback naming
  no file. Here it is one line with the file, the byte offset and the line.
* Every page exists in every language (mkdocs-static-i18n, ``docs_structure: suffix``:
  ``PAGE.LANG.md``; ``folder``: ``LANG/PAGE.md``). With ``fallback_to_default`` a missing
  translation is silently replaced by the default language's page, its text under the
  other language's ``<html lang>`` and in that language's search index. Each missing file
  is a warning (so a strict build fails) that names it. A page without a language
  (``PAGE.md`` in the suffix structure) serves every language and is not missing anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError


def decode_utf8(data: bytes, shown: str) -> str:
    """``data`` decoded (a BOM dropped, as MkDocs does); a byte that is not UTF-8 fails
    with one line: the file, the byte offset and the line it is on."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.end]
        raise PluginError(
            f"{shown}: not valid UTF-8 at byte {e.start} (line {line}: {bad!r}); "
            "save the file as UTF-8"
        ) from None


def missing_translations(
    pages: Iterable[str], languages: list[str], structure: str
) -> list[tuple[str, str]]:
    """(missing file, the file it would translate) for every page some language lacks.

    ``pages`` are the Markdown files under docs/, as POSIX paths relative to it.
    """
    by_page: dict[str, dict[str, str]] = {}
    for page in pages:
        path = PurePosixPath(page)
        if structure == "folder":
            if len(path.parts) < 2 or path.parts[0] not in languages:
                continue
            lang, rest = path.parts[0], PurePosixPath(*path.parts[1:]).as_posix()
        else:
            stem, _, lang = path.stem.rpartition(".")
            if not stem or lang not in languages:
                continue
            rest = path.with_name(f"{stem}{path.suffix}").as_posix()
        by_page.setdefault(rest, {})[lang] = page
    missing = []
    for rest, found in sorted(by_page.items()):
        example = found[next(lang for lang in languages if lang in found)]
        for lang in languages:
            if lang in found:
                continue
            if structure == "folder":
                name = f"{lang}/{rest}"
            else:
                path = PurePosixPath(rest)
                name = path.with_name(f"{path.stem}.{lang}{path.suffix}").as_posix()
            missing.append((name, example))
    return missing


def markdown_pages(docs_dir: Path, excluded: object) -> list[str]:
    """The Markdown files under ``docs_dir`` that MkDocs builds (``exclude_docs`` left out:
    ``excluded`` is MkDocs' pathspec, ``config.exclude_docs``, or None)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(rel).parts):
            continue  # MkDocs leaves out hidden files and folders
        if excluded is not None and excluded.match_file(rel):
            continue
        pages.append(rel)
    return pages
