"""MkDocs hook: the numbers in the pages' prose come from gdcore (``gdcore.facts``).

A page names a computed value with a placeholder, ``{{ NAME }}`` (for example
``{{ J.coef }}`` or ``{{ alpha-small.alpha }}``); this hook fills it in at
``on_page_markdown``, before the Markdown is converted:

* inside maths (``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``) with the fact's TeX
  (``\\frac{7}{3}``), elsewhere with its text (``7/3``);
* never inside code: code blocks (fenced or indented) and code spans keep what was
  written (the parsed page says which placeholders are code: markdown_markers.in_code;
  an indented paragraph of an admonition is prose, an indented block elsewhere is code);
* ``[words]({{ repository }})`` links the words to the repository (mkdocs.yml
  ``extra.repository``, from REPO_URL) when one is set, and leaves the plain words when not.

An unknown name fails the build with one line naming the page and the placeholder. The
page's front matter (title, description) is filled the same way, as text.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Collection
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from markdown_markers import in_code
from page_language import page_language

ROOT = Path(__file__).resolve().parents[2]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][\w.-]*)\s*\}\}")
_REPOSITORY_LINK = re.compile(r"\[([^\]\n]+)\]\(\{\{\s*repository\s*\}\}\)")

# What the Markdown holds that is not prose, in the order the alternatives are tried:
# fenced code and inline code (left alone), then maths (filled with TeX).
_SEGMENTS = re.compile(
    r"(?P<fence>^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=mark)[ \t]*$)"
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<maths>\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|(?<![\\$])\$(?![\s$]).+?(?<![\s\\])\$)",
    re.M | re.S,
)


def _facts(lang: str):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    gdcore = importlib.import_module("gdcore").reloaded()
    return importlib.import_module(f"{gdcore.__name__}.facts").facts(lang)


def fill(
    markdown: str,
    facts,
    where: str,
    repository: str | None = None,
    code: Collection[int] = (),
) -> str:
    """``markdown`` with its placeholders filled from ``facts`` (name -> Fact(text, tex)).

    ``where`` names the page in the error of an unknown placeholder. ``code`` holds the
    offsets of the placeholders that the page shows as code (see in_code): kept as
    written, like those in fenced blocks and code spans.
    """

    def value(match: re.Match[str], form: str) -> str:
        if match.start() in code:
            return match[0]
        name = match[1]
        if name not in facts:
            raise PluginError(f"{where}: unknown placeholder {match[0]}")
        return getattr(facts[name], form)

    def filled(start: int, end: int, form: str) -> str:
        # finditer over the whole text, so that offsets are the page's (as in ``code``)
        out, pos = [], start
        for m in PLACEHOLDER.finditer(markdown, start, end):
            out += [markdown[pos : m.start()], value(m, form)]
            pos = m.end()
        out.append(markdown[pos:end])
        return "".join(out)

    def prose(start: int, end: int) -> str:
        out, pos = [], start
        for m in _REPOSITORY_LINK.finditer(markdown, start, end):
            out.append(filled(pos, m.start(), "text"))
            if m.start() + m[0].index("{{") in code:
                out.append(m[0])
            else:
                out.append(f"[{m[1]}]({repository})" if repository else m[1])
            pos = m.end()
        out.append(filled(pos, end, "text"))
        return "".join(out)

    out, pos = [], 0
    for seg in _SEGMENTS.finditer(markdown):
        out.append(prose(pos, seg.start()))
        # maths: its placeholders as TeX; code: as written
        out.append(filled(seg.start(), seg.end(), "tex") if seg["maths"] else seg[0])
        pos = seg.end()
    out.append(prose(pos, len(markdown)))
    return "".join(out)


def on_page_markdown(markdown: str, page, config, files) -> str:
    where = page.file.src_uri
    try:
        facts = _facts(page_language(config))
    except ValueError as error:  # the scenarios contradict the prose: say where, in one line
        raise PluginError(f"{where}: {error}") from None
    repository = (config.extra or {}).get("repository") or None
    for key, meta in list(page.meta.items()):
        if isinstance(meta, str):
            page.meta[key] = fill(meta, facts, where, repository)
    return fill(markdown, facts, where, repository, in_code(markdown, config, PLACEHOLDER))
