"""The default language's 404 page stays at the site root.

mkdocs-static-i18n builds the default language first and then every other language into
the same site folder; each build writes ``404.html`` at the root, so the last language built
would win. :class:`Default404` remembers the default build's ``404.html`` and puts it back at
the end of every other language's build. (This runs before static-i18n's own post-build
step, which is where it starts the other languages' builds.)
"""

from __future__ import annotations

from pathlib import Path


class Default404:
    def __init__(self) -> None:
        self.page: bytes | None = None  # the default language's 404.html of this build

    def after_build(self, site_dir: Path, lang: str, default: str) -> None:
        """At the end of language ``lang``'s build into ``site_dir``."""
        page = site_dir / "404.html"
        if not page.is_file():
            return
        if lang == default:
            self.page = page.read_bytes()
        elif self.page is not None:
            page.write_bytes(self.page)
