"""The "site-patches" plugin: what Material and mkdocs-static-i18n need for this site."""
