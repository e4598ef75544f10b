"""The "mathjax-svg" plugin: TeX typeset as SVG by MathJax 3 during the build (any MkDocs site)."""
