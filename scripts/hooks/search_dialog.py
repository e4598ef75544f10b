"""MkDocs hook: give Material's search dialog an accessible name.

Material renders the search overlay as ``<div class="md-search" … role="dialog">`` with
no name (axe: aria-dialog-name, serious). Overriding the whole ``partials/search.html``
would mean keeping a copy of Material's template in sync; adding one attribute to the
rendered page is enough. If Material changes that markup, the build fails here, loudly,
instead of the fix silently stopping.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAME = {"zh": "搜索", "en": "Search"}


def on_post_page(output: str, page, config) -> str:
    return _name_dialog(output, config)


def on_post_template(output: str, template_name: str, config) -> str:
    """Theme templates rendered outside the pages: the 404 page."""
    return _name_dialog(output, config)


def _name_dialog(output: str, config) -> str:
    if _DIALOG not in output:
        if 'class="md-search"' in output:
            raise PluginError(
                "scripts/hooks/search_dialog.py: Material's search dialog markup changed; "
                "update _DIALOG"
            )
        return output
    i18n = config.plugins.get("i18n")
    lang = i18n.current_language if i18n is not None else config.theme["language"]
    named = _DIALOG[:-1] + f' aria-label="{_NAME[lang]}">'
    return output.replace(_DIALOG, named, 1)
