"""MkDocs hook: what each page says about itself, in its own language.

The theme override ``docs/overrides/main.html`` writes the ``<head>``; this hook computes what
goes in it (context variable ``page_meta``) and fixes the language switcher's links:

* **Language switcher** (``config.extra.alternate``, filled by mkdocs-static-i18n): every
  link becomes the counterpart page's site-relative URL, which the theme turns into a
  page-relative one. static-i18n leaves the two home pages' links root-absolute (``/``,
  ``/en/``, or ``/index.html`` without directory URLs), which breaks the switcher on a
  project site (``https://USER.github.io/REPO/``) and in the offline copy (``file://``).
* **hreflang**: with ``site_url`` set, each page lists itself and its counterpart as
  ``<link rel="alternate" hreflang="zh|en" href="ABSOLUTE">`` plus ``hreflang="x-default"``
  (the 中文 page, the default language); ``<link rel="canonical">`` (Material's, from
  ``page.canonical_url``) points to the page itself. Without ``site_url`` (local builds, the
  tests, the offline copy) there are none: relative hreflang URLs are invalid, and Material's
  JavaScript fetches ``sitemap.xml`` next to every ``link[rel=alternate]`` it finds (see
  below). The header switcher's ``<a hreflang>`` links are always there.
* **Description and Open Graph**: the page's front-matter ``description`` (else the
  language's ``site_description``), ``og:title`` / ``og:description`` / ``og:site_name`` in
  the page's language, ``og:locale`` (``zh_CN`` / ``en_US``) with the other language as
  ``og:locale:alternate``, ``og:type`` (``website`` for a home page, else ``article``),
  ``og:url`` (the canonical URL, only with ``site_url``). No ``og:image``.
* **404.html** (a static template, no page): ``not_found_languages`` for the bilingual
  ``docs/overrides/404.html``: each language's home as an absolute path under
  ``site_url``'s path (404.html is served for any URL, at any depth), its name and site name.

Material's JavaScript (9.8) fetches ``sitemap.xml`` relative to every
``link[rel=alternate]`` of a page once the DOM is ready, for its own language selector (it
expects links to language roots). For page-level hreflang links that is a 404 and a console
error each, so the override loads ``docs/javascripts/hreflang.js`` right after them, which
hides them from Material while it looks and puts them back. Without ``site_url`` there are
no such links and no such script.
"""

from __future__ import annotations

import importlib.metadata
import re
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

# Open Graph wants language_TERRITORY; hreflang and <html lang> use the bare language.
OG_LOCALES = {"zh": "zh_CN", "en": "en_US"}


def _i18n(config):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("page_meta hook: the mkdocs-static-i18n plugin (i18n) is not enabled")
    return i18n


def absolute_url(site_url: str, url: str) -> str:
    """``site_url`` (ending in /) joined with a site-relative page URL (``./``, ``en/``...)."""
    return site_url + ("" if url in ("", ".", "./") else url)


def is_home(url: str, lang: str, default: str) -> bool:
    prefix = "" if lang == default else f"{lang}/"
    rest = url.removeprefix(prefix) if url.startswith(prefix) else None
    return rest in ("", ".", "./", "index.html")


# The footer's links (docs/overrides/partials/copyright.html): mkdocs.yml key, the
# environment variable that sets it, and whether a path in the site is allowed.
FOOTER_LINKS = (("repository", "REPO_URL", False), ("offline_copy", "OFFLINE_COPY", True))
# Browsers drop these from a URL before reading its scheme ("java\tscript:" runs).
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f]")


def footer_link_problem(value: object, relative_allowed: bool) -> str | None:
    """Why ``value`` cannot be a footer link's href (None: it can).

    Only http(s) URLs with a host, and, where ``relative_allowed``, a relative path in the
    site: never another scheme (``javascript:``, ``data:``), a scheme-relative ``//host``
    or a root-absolute ``/path`` (the site may live under a path), nor whitespace.
    """
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


def on_config(config):
    for key, variable, relative_allowed in FOOTER_LINKS:
        value = config.extra.get(key)
        if value is None or value == "":  # unset (an empty variable too): no link
            continue
        problem = footer_link_problem(value, relative_allowed)
        if problem:
            raise PluginError(f"{variable} (mkdocs.yml extra.{key}) {problem}, got {value!r}")
    return config


def on_env(env, config, files):
    # Material writes its own version into <meta name="generator">; the override keeps it.
    env.globals["material_version"] = importlib.metadata.version("mkdocs-material")
    return env


def on_page_context(context, page, config, nav):
    i18n = _i18n(config)
    lang, default = i18n.current_language, i18n.default_language
    alternates = dict(getattr(page.file, "alternates", None) or {page.file.locale: page.file})

    # The header's language switcher: the counterpart page, site-relative. (static-i18n sets
    # a fresh list as an attribute of config.extra for every page; the theme reads that.)
    for alt in getattr(config.extra, "alternate", None) or []:
        target = alternates.get(alt.get("lang"))
        if target is not None:
            alt["link"] = target.url or "./"

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

    home = is_home(page.url, lang, default)
    meta = page.meta or {}
    context["page_meta"] = {
        "lang": lang,
        "title": config.site_name if home else (meta.get("title") or page.title),
        "description": meta.get("description") or config.site_description or "",
        "site_name": config.site_name,
        "type": "website" if home else "article",
        "url": page.canonical_url if site_url else None,
        "locale": OG_LOCALES.get(lang, lang),
        "locale_alternates": [OG_LOCALES.get(c, c) for c in sorted(alternates) if c != lang],
        "hreflang": hreflang,
    }
    return context


def on_template_context(context, template_name, config):
    if template_name == "sitemap.xml":
        context["i18n_default_language"] = _i18n(config).default_language
    if template_name != "404.html":
        return context
    i18n = _i18n(config)
    root = urlsplit(config.site_url or "/").path or "/"
    root = root if root.endswith("/") else root + "/"
    index = "" if config.use_directory_urls else "index.html"
    languages = []
    for lang_config in i18n.config.languages:
        if not lang_config.build:
            continue
        code = lang_config.locale
        prefix = "" if code == i18n.default_language else f"{code}/"
        languages.append(
            {
                "lang": code,
                "name": lang_config.name,
                "site_name": lang_config.site_name or config.site_name,
                "home": f"{root}{prefix}{index}",
                "prefix": f"{root}{prefix}",
            }
        )
    # The default language first: it is the one readers of the site root get.
    languages.sort(key=lambda entry: entry["lang"] != i18n.default_language)
    context["not_found_languages"] = languages
    return context
