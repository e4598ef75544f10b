"""Material's search dialog gets an accessible name (axe: aria-dialog-name, serious).

Material renders the search overlay as ``<div class="md-search" … role="dialog">`` with no
name. Overriding the whole ``partials/search.html`` would mean keeping a copy of Material's
template in sync; adding one attribute to the rendered page is enough. The name is the
language's ``site.search_dialog`` (LANG.yml). If Material changes that markup, the build
fails here, loudly, instead of the fix silently stopping.
"""

from __future__ import annotations

import html

from mkdocs.exceptions import PluginError

DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_dialog(output: str, name: str) -> str:
    """``output`` with Material's search dialog named ``name``."""
    if DIALOG not in output:
        if 'class="md-search"' in output:
            raise PluginError(
                "site-patches: Material's search dialog markup changed; update search_dialog.DIALOG"
            )
        return output
    named = DIALOG[:-1] + f' aria-label="{html.escape(name)}">'
    return output.replace(DIALOG, named, 1)
