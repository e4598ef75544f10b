"""What each page says about itself, in its own language.

The theme override ``docs/overrides/main.html`` writes the ``<head>``; this computes what
goes in it (context variable ``page_meta``) and fixes the language switcher's links:

* **Language switcher** (``config.extra.alternate``, filled by mkdocs-static-i18n): every
  link becomes the counterpart page's site-relative URL, which the theme turns into a
  page-relative one. static-i18n leaves the home pages' links root-absolute (``/``,
  ``/en/``, or ``/index.html`` without directory URLs), which breaks the switcher on a
  project site (``https://USER.github.io/REPO/``) and in the offline copy (``file://``).
* **hreflang**: with ``site_url`` set, each page lists itself and its counterparts as
  ``<link rel="alternate" hreflang="LANG" href="ABSOLUTE">`` plus ``hreflang="x-default"``
  (the default language's page); ``<link rel="canonical">`` (Material's, from
  ``page.canonical_url``) points to the page itself. Without ``site_url`` (local builds, the
  tests, the offline copy) there are none: relative hreflang URLs are invalid, and
  Material's JavaScript fetches ``sitemap.xml`` next to every ``link[rel=alternate]`` it
  finds (docs/javascripts/hreflang.js hides them from it while it looks).
* **Description and Open Graph**: the page's front-matter ``description`` (else the
  language's ``site_description``), ``og:title`` / ``og:description`` / ``og:site_name`` in
  the page's language, ``og:locale`` (LANG.yml's ``og_locale``) with the other languages'
  as ``og:locale:alternate``, ``og:type`` (``website`` for a home page, else ``article``),
  ``og:url`` (the canonical URL, only with ``site_url``). No ``og:image``.
* **<html lang>**: Material writes the theme language's code (``zh``); pages get
  LANG.yml's ``html_lang`` (``zh-CN``), which tells the browser which glyphs to draw.
* **404.html** (a static template, no page): ``not_found_languages`` for the multilingual
  ``docs/overrides/404.html``: each language's home as an absolute path under
  ``site_url``'s path (404.html is served for any URL, at any depth), its words and site
  name, and ``not_found_title``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from .languages import SiteLanguage

_HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def absolute_url(site_url: str, url: str) -> str:
    """``site_url`` (ending in /) joined with a site-relative page URL (``./``, ``en/``...)."""
    return site_url + ("" if url in ("", ".", "./") else url)


def is_home(url: str, lang: str, default: str) -> bool:
    prefix = "" if lang == default else f"{lang}/"
    rest = url.removeprefix(prefix) if url.startswith(prefix) else None
    return rest in ("", ".", "./", "index.html")


def fix_switcher(config: Any, page: Any) -> dict[str, Any]:
    """Point the header's language switcher at the counterpart pages; return them by
    language. (static-i18n sets a fresh list as an attribute of config.extra for every
    page; the theme reads that.)"""
    alternates = dict(getattr(page.file, "alternates", None) or {page.file.locale: page.file})
    for alt in getattr(config.extra, "alternate", None) or []:
        target = alternates.get(alt.get("lang"))
        if target is not None:
            alt["link"] = target.url or "./"
    return alternates


def page_meta(
    config: Any, page: Any, lang: str, default: str, languages: dict[str, SiteLanguage]
) -> dict[str, Any]:
    """The ``page_meta`` context of ``page`` (see the module's doc)."""
    alternates = fix_switcher(config, page)
    site_url = config.site_url
    hreflang = []
    if site_url:
        order = [default, *sorted(code for code in alternates if code != default)]
        hreflang = [
            {"hreflang": code, "href": absolute_url(site_url, alternates[code].url)}
            for code in order
            if code in alternates
        ]
        if default in alternates:
            hreflang.append(
                {"hreflang": "x-default", "href": absolute_url(site_url, alternates[default].url)}
            )

    def og_locale(code: str) -> str:
        return languages[code].og_locale if code in languages else code

    home = is_home(page.url, lang, default)
    meta = page.meta or {}
    return {
        "lang": lang,
        "title": config.site_name if home else (meta.get("title") or page.title),
        "description": meta.get("description") or config.site_description or "",
        "site_name": config.site_name,
        "type": "website" if home else "article",
        "url": page.canonical_url if site_url else None,
        "locale": og_locale(lang),
        "locale_alternates": [og_locale(c) for c in sorted(alternates) if c != lang],
        "hreflang": hreflang,
    }


def not_found_context(config: Any, i18n: Any, languages: dict[str, SiteLanguage]) -> dict[str, Any]:
    """``not_found_languages`` and ``not_found_title`` for docs/overrides/404.html."""
    root = urlsplit(config.site_url or "/").path or "/"
    root = root if root.endswith("/") else root + "/"
    index = "" if config.use_directory_urls else "index.html"
    entries = []
    for lang_config in i18n.config.languages:
        if not lang_config.build:
            continue
        code = lang_config.locale
        prefix = "" if code == i18n.default_language else f"{code}/"
        words = languages[code].not_found
        entries.append(
            {
                "lang": code,
                "html_lang": languages[code].html_lang,
                "name": lang_config.name,
                "site_name": lang_config.site_name or config.site_name,
                "home": f"{root}{prefix}{index}",
                "prefix": f"{root}{prefix}",
                "heading": words.heading,
                "text": words.text,
                "home_label": words.home,
            }
        )
    # The default language first: it is the one readers of the site root get.
    entries.sort(key=lambda entry: entry["lang"] != i18n.default_language)
    title = " · ".join(languages[entry["lang"]].not_found.title for entry in entries)
    return {"not_found_languages": entries, "not_found_title": title}


def with_html_lang(output: str, html_lang: str, where: str) -> str:
    """``output`` with ``<html lang="...">`` set to ``html_lang``."""
    match = _HTML_LANG.search(output)
    if match is None:
        raise PluginError(
            f"site-patches: no <html lang=...> in {where}: Material's base.html changed; "
            "update page_meta.with_html_lang"
        )
    return output[: match.start(1)] + html_lang + output[match.end(1) :]
