"""The language of the page being built: shared by the hooks that write words per language.

Not a hook itself (mkdocs.yml does not list it); the hooks import it from their folder.
"""

from __future__ import annotations

from typing import Any


def page_language(config: Any) -> str:
    """mkdocs-static-i18n's language of the current build, else the theme's language."""
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else config.theme["language"]
