"""The site-patches plugin's settings (mkdocs.yml: ``plugins: - site-patches: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .jieba_dict import SOURCES
from .serve_watch import POLL_INTERVAL_S


class SitePatchesConfig(base.Config):
    """Typed, defaulted options, validated by MkDocs when it reads mkdocs.yml. Paths are
    relative to mkdocs.yml's folder."""

    # The folder of the languages' files (LANG.yml: search settings, og_locale, html_lang,
    # the site's words); the languages themselves are mkdocs-static-i18n's.
    languages = c.Type(str, default="docs/languages")
    # What the small jieba dictionary is made from: every file whose words a page can show.
    jieba_sources = c.ListOfItems(c.Type(str), default=list(SOURCES))
    # A Content-Security-Policy <meta> on every page (see csp.py).
    csp = c.Type(bool, default=True)
    # Build into a folder beside site_dir and swap it in whole (see atomic_site.py).
    atomic_site = c.Type(bool, default=True)
    # How often `mkdocs serve` looks for saved files, in seconds (MkDocs: 0.5).
    poll_interval = c.Type((int, float), default=POLL_INTERVAL_S)
