"""MkDocs hook: keep the default language's 404 page at the site root.

static-i18n builds the default language (中文) first and then every other language into the
same site directory; each build writes ``404.html`` at the root, so the last language built
(English) would win. This hook remembers the default build's ``404.html`` and puts it back at
the end of every other language's build. (Hooks run before static-i18n's own post-build
step, which is where it starts the other languages' builds.)
"""

from __future__ import annotations

from pathlib import Path

_default_404: bytes | None = None


def on_post_build(config) -> None:
    global _default_404
    i18n = config.plugins.get("i18n")
    page = Path(config.site_dir) / "404.html"
    if i18n is None or not page.is_file():
        return
    if i18n.current_language == i18n.default_language:
        _default_404 = page.read_bytes()
    elif _default_404 is not None:
        page.write_bytes(_default_404)
