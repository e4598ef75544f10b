"""MkDocs hook: drop Material's ``<link rel="alternate" hreflang>`` tags while site_url is unset.

With mkdocs-static-i18n, each page's alternates are the same page in the other languages
(e.g. ``../en/lecture/``). Material's JavaScript fetches ``sitemap.xml`` next to every such
link (``/lecture/sitemap.xml``, ``/en/sitemap.xml``, ...), which do not exist: two 404s and
two console errors on every page view. Without ``site_url`` the tags are relative, which
search engines ignore for hreflang anyway, so nothing is lost by removing them. The header's
language switcher (``<a hreflang>`` links, contextual thanks to static-i18n) is untouched.

Once ``site_url`` is set (absolute hreflang URLs become useful), the tags are kept.
"""

from __future__ import annotations

import re

ALTERNATE_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def on_post_page(output: str, page, config) -> str:
    if config.site_url:
        return output
    return ALTERNATE_LINK.sub("", output)
