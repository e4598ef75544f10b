"""The "site-patches" plugin: what Material and mkdocs-static-i18n need for this site.

One module per patch (see each one's doc); plugin.py wires them to MkDocs' events.
"""
