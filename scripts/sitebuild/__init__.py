"""What runs during a site build: this project's MkDocs plugins.

* ``sitebuild.notes``: the lectures (figures, widgets, the numbers in the prose), from gdcore;
* ``sitebuild.mathjax``: every formula typeset as SVG at build time (generic: any MkDocs site);
* ``sitebuild.patches``: what Material and mkdocs-static-i18n need for this site.

Registered as MkDocs plugins by entry points in pyproject.toml (``notes``, ``mathjax-svg``,
``site-patches``) and configured in mkdocs.yml. The engine, gdcore, knows nothing of MkDocs.
"""
