"""A dark page for a reader whose system is dark and whose JavaScript is off.

Material applies its palette with JavaScript: the page is written with the first palette
(light) and its script switches to the dark one (``slate``) when the system asks for it.
Without JavaScript every page stayed light, however dark the reader's phone. This adds, in
each page's ``<head>``, a ``<noscript>`` style that gives the light palette Material's own
dark colours under ``@media (prefers-color-scheme: dark)``:

* the rules are taken at build time from the installed Material's palette stylesheet
  (and from the site's own stylesheets), those written for ``[data-md-color-scheme=slate]``,
  so they follow Material when it is upgraded;
* Material's rule that hides light-only images on a dark page is left out: without
  JavaScript a figure's dark twin is not in the page (it comes from a ``<template>``), so
  the light figure stays, on its own opaque background.

With JavaScript on, ``<noscript>`` content is not used at all: Material's palette and its
toggle work as before. docs/overrides/main.html writes the style (``no_js_dark_css``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import material
from mkdocs.exceptions import PluginError

SLATE = re.compile(r"\[data-md-color-scheme=([\"']?)slate\1\]")
DEFAULT = "body[data-md-color-scheme=default]"  # what the page is without JavaScript
# Material hides these on a dark page; without JavaScript they are the only figure image.
LIGHT_ONLY = ("#only-light", "#gh-light-mode-only")


def _rules(css: str) -> list[tuple[str, str, str]]:
    """The ``selector { body }`` rules of ``css`` with the ``@media`` condition each is
    under ("" for none); other at-rules and comments are skipped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[tuple[str, str, str]] = []
    depth, start, head = 0, 0, ""
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                head, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                body = css[start:i].strip()
                head = re.sub(r"^@charset[^;]*;", "", head).strip()
                if head.startswith("@media"):
                    condition = head.removeprefix("@media").strip()
                    rules += [(condition, sel, inner) for _, sel, inner in _rules(body)]
                elif not head.startswith("@"):
                    rules.append(("", head, body))
                start = i + 1
    return rules


def dark_rules(css: str) -> list[str]:
    """``css``'s rules for the dark palette, rewritten for the light page (each in its
    ``@media`` condition, if it has one)."""
    out = []
    for condition, selector, body in _rules(css):
        chosen = [
            SLATE.sub(DEFAULT, s.strip())
            for s in selector.split(",")
            if SLATE.match(s.strip()) and not any(mark in s for mark in LIGHT_ONLY)
        ]
        body = re.sub(r"\s+", " ", body)
        if chosen and body:
            rule = f"{','.join(chosen)}{{{body}}}"
            out.append(f"@media {condition}{{{rule}}}" if condition else rule)
    return out


def dark_css(config: Any) -> str:
    """The ``<noscript>`` style: every dark-palette rule, under the system's dark mode."""
    sheets = sorted(
        (Path(material.__file__).parent / "templates/assets/stylesheets").glob("palette.*.min.css")
    )
    if not sheets:
        raise PluginError("site-patches: Material's palette stylesheet not found")
    docs = Path(config.docs_dir)
    sources = [sheets[-1]] + [
        docs / str(path) for path in config.extra_css if (docs / str(path)).is_file()
    ]
    rules = [rule for path in sources for rule in dark_rules(path.read_text(encoding="utf-8"))]
    return "@media (prefers-color-scheme: dark){" + "".join(rules) + "}"
