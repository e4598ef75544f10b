"""A Content-Security-Policy on every page, as a ``<meta http-equiv>`` (GitHub Pages sends
no headers of its own).

What it allows, and why:

* scripts: the site's own files (``'self'``) and, by hash, exactly the inline scripts the
  theme wrote into that page (Material's ``__md_scope`` bootstrap, the palette restore,
  the tab fix). No ``'unsafe-inline'``: a script that reaches a page any other way, by
  markup that slipped through or by the DOM at run time, does not run. An inline script
  in a page's *content* (what Markdown and its extensions produced) is not hashed: the
  build warns, naming the page, and the browser refuses it (put it in a file instead);
* styles: the site's own files and inline styles (``'unsafe-inline'``). Material writes
  ``style`` attributes and its scripts set them; MathJax's SVG carries ``style`` attributes
  and a ``<style>`` per page; the no-JavaScript dark palette is a ``<noscript><style>``.
  Inline CSS cannot load anything from elsewhere: every fetch directive is ``'self'``;
* images: the site's own and ``data:`` (Material's icons are ``data:`` SVGs in its CSS;
  an image cannot run script);
* everything else (fonts, fetches, workers, frames, media, manifests): the site only;
  no plugins (``object-src 'none'``), ``base-uri 'self'``, forms post to the site only.

``frame-ancestors`` and ``report-uri`` have no effect in a ``<meta>`` and are left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Executable inline scripts and what must not be searched for them (comments).
_SCRIPT_OR_COMMENT = re.compile(
    r"<!--.*?-->|<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# The type values a browser runs as JavaScript (HTML's "JavaScript MIME type essence").
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_EXISTING = re.compile(r"<meta\s[^>]*http-equiv=[\"']?content-security-policy", re.I)

FIXED = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for name, *values in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), next((v for v in values if v), ""))
    return found


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of ``html`` a browser would run, in order.

    Not those with a ``src`` (files), nor data blocks (``type="application/json"``),
    nor anything inside a comment.
    """
    scripts = []
    for match in _SCRIPT_OR_COMMENT.finditer(html):
        if match["attrs"] is None:
            continue
        attrs = _attributes(match["attrs"])
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in _JAVASCRIPT_TYPES:
            continue
        scripts.append(match["body"])
    return scripts


def script_hash(text: str) -> str:
    """A CSP hash source for an inline script's text, as the browser hashes it (UTF-8, with
    HTML's parser's newline normalisation)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str]) -> str:
    """The policy: FIXED's directives plus ``script-src 'self'`` and ``hashes`` (sorted,
    once each, so that the same page always gets the same bytes)."""
    script_src = " ".join(["'self'", *sorted(set(hashes))])
    directives = [("default-src", "'self'"), ("script-src", script_src), *FIXED[1:]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def add_policy(html: str, hashes: Iterable[str], where: str) -> str:
    """``html`` with its policy's ``<meta>`` first in ``<head>`` (after ``<meta charset>``
    if that comes first): a policy only covers what follows it."""
    if _EXISTING.search(html):
        raise ValueError(f"{where}: the page has a Content-Security-Policy <meta> already")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    head = _HEAD.search(html)
    if head is None:
        raise ValueError(f"{where}: no <head> to put the Content-Security-Policy in")
    at = head.end()
    charset = _CHARSET.match(html, re.match(r"\s*", html[at:]).end() + at)
    if charset is not None:
        at = charset.end()
    return html[:at] + meta + html[at:]
