"""What the patches read of the plugins they patch: Material's search and offline plugins and
mkdocs-static-i18n (the ``i18n`` plugin), found in the MkDocs configuration."""

from __future__ import annotations

from typing import Any

from material.plugins.search.plugin import SearchPlugin
from mkdocs.exceptions import PluginError


def i18n(config: Any) -> Any:
    """mkdocs-static-i18n's plugin instance; the site's languages are its ``languages``."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("site-patches: the mkdocs-static-i18n plugin (i18n) is not enabled")
    return plugin


def current_language(config: Any) -> str:
    """The language being built (static-i18n sets it in its on_config: before that, the
    first build's, which is the default language's)."""
    plugin = i18n(config)
    return plugin.current_language or plugin.default_language


def built_languages(config: Any) -> list[str]:
    """The languages static-i18n builds, the default one first."""
    plugin = i18n(config)
    built = list(plugin.build_languages)
    built.sort(key=lambda code: code != plugin.default_language)
    return built


def search(config: Any, required: bool = False) -> Any:
    """Material's search plugin instance (None if it is not enabled and not ``required``)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if not isinstance(plugin, SearchPlugin):
        if required:
            raise PluginError("site-patches: Material's search plugin is not enabled")
        return None
    return plugin


def offline_enabled(config: Any) -> bool:
    """Whether Material's offline plugin is on (the offline copy is being built)."""
    plugin = config.plugins.get("offline") or config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)
