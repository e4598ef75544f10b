"""Where the site lives, checked: ``site_url`` (SITE_URL) and the footer's links.

* The footer's links (docs/overrides/partials/copyright.html): ``extra.repository``
  (REPO_URL) must be an http(s) URL, ``extra.offline_copy`` (OFFLINE_COPY) and
  ``extra.pdf_edition`` (PDF_EDITION) an http(s) URL or a relative path in the site; never
  another scheme (``javascript:``, ``data:``), ``//host``, ``/path`` (the site may live
  under a path) or a blank. The templates escape them.
* ``site_url`` must be an http(s) URL with a host, no query, fragment, user or blank. It
  reaches pages in places no template of ours escapes: Material writes 404.html's
  ``base_url`` (the path of site_url) raw into an inline script
  (``__md_scope=new URL("...",location)``), and MkDocs, Material and static-i18n put it into
  canonical, hreflang, Open Graph and sitemap URLs. So its path is percent-encoded once,
  here, before anything uses it: every character but letters, digits and ``-._~!$()*+,;=:@/``
  (and ``%XX`` escapes already there) becomes ``%XX``. The URL means the same; no quote,
  angle bracket, ampersand or backslash is left to break out of an attribute or a string.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from mkdocs.exceptions import PluginError

# The footer's links: mkdocs.yml key, the environment variable that sets it, and whether a
# path in the site is allowed.
FOOTER_LINKS = (
    ("repository", "REPO_URL", False),
    ("offline_copy", "OFFLINE_COPY", True),
    ("pdf_edition", "PDF_EDITION", True),
)
# Browsers drop these from a URL before reading its scheme ("java\tscript:" runs).
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f]")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_PATH_SAFE = "-._~!$()*+,;=:@/"
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def footer_link_problem(value: object, relative_allowed: bool) -> str | None:
    """Why ``value`` cannot be a footer link's href (None: it can)."""
    wanted = "an http(s) URL" + (" or a relative path in the site" if relative_allowed else "")
    if not isinstance(value, str) or not value or _UNSAFE_CHARS.search(value):
        return f"must be {wanted}"
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return None
        return f"must be {wanted}, not a {parts.scheme}: URL"
    if not relative_allowed or value.startswith(("/", "\\")):
        return f"must be {wanted}"
    return None


def site_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the site's address (None: it can)."""
    wanted = "must be the http(s) address of the site (https://HOST/PATH/)"
    if _UNSAFE_CHARS.search(value) or "\\" in value:
        return f"{wanted}, without blanks or backslashes"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError as e:
        return f"{wanted}: {e}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{wanted}, not a {parts.scheme or 'relative'} URL" if parts.scheme else wanted
    host = parts.hostname or ""
    if not _HOST.fullmatch(host) or "@" in parts.netloc:
        return f"{wanted}: {parts.netloc!r} is not a host name"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"{wanted}, without a query or fragment"
    return None


def escaped_path(path: str) -> str:
    """``path`` with every character outside ``_PATH_SAFE`` percent-encoded (UTF-8), and
    its ``%XX`` escapes kept."""
    pieces, at = [], 0
    for match in _ESCAPE.finditer(path):
        pieces += [quote(path[at : match.start()], safe=_PATH_SAFE), match[0]]
        at = match.end()
    pieces.append(quote(path[at:], safe=_PATH_SAFE))
    return "".join(pieces)


def checked_site_url(value: str) -> str:
    """``value`` as the site's address, its path percent-encoded (see the module's doc)."""
    problem = site_url_problem(value)
    if problem:
        raise PluginError(f"SITE_URL (mkdocs.yml site_url) {problem}, got {value!r}")
    parts = urlsplit(value)
    return urlunsplit((parts.scheme, parts.netloc, escaped_path(parts.path), "", ""))


def check_links(config: Any) -> None:
    """Check (and escape) ``site_url`` and the footer's links of ``config``; one line each."""
    for key, variable, relative_allowed in FOOTER_LINKS:
        value = config.extra.get(key)
        if value is None or value == "":  # unset (an empty variable too): no link
            continue
        problem = footer_link_problem(value, relative_allowed)
        if problem:
            raise PluginError(f"{variable} (mkdocs.yml extra.{key}) {problem}, got {value!r}")
    if config.site_url:
        config.site_url = checked_site_url(config.site_url)
