"""The notes plugin's options, as mkdocs.yml writes them under ``plugins: - notes:``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class NotesConfig(base.Config):
    """Typed, defaulted options (validated by MkDocs when mkdocs.yml is read)."""

    # The lectures, in course order: folders of docs_dir, each with a lecture.yml.
    lectures = c.ListOfItems(c.Type(str))
    # One LANG.yml per language of the site (the languages are mkdocs-static-i18n's),
    # relative to mkdocs.yml's folder.
    languages = c.Type(str, default="docs/languages")
    # Where rendered figures are cached; unset: $GDCORE_CACHE_DIR, else ~/.cache/gdcore.
    cache_dir = c.Optional(c.Type(str))
    # Drawing processes: figures are drawn in parallel when there are several to draw.
    jobs = c.Type(int, default=2)
    # Old page -> new page (source paths in docs_dir): each old URL keeps working, in
    # every language, as a page that sends the reader on, anchor included.
    redirects = c.DictOfItems(c.Type(str), default={})
