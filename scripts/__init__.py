"""The project's tooling, by role (``python -m scripts TASK ...`` runs the maintainer tasks):

* ``sitebuild/``: what runs during a site build, the MkDocs plugins (installed as package
  ``sitebuild`` and registered as entry points in pyproject.toml);
* ``release/``: the offline copy, the lock file, the MathJax check;
* ``bench/``: benchmarks (timings, not tests);
* ``testing/``: what the tests and the benchmarks share (build, copy, serve, Chromium);
* ``hooks/`` and ``gen_figures.py``: the lecture's figures, widgets and placeholders (MkDocs
  hooks and the gen-files script).
"""
