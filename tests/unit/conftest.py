"""Fast tests of pure functions: no site build, no server, no browser.

``python -m pytest tests/unit`` is the quick loop while working (well under a minute on
2 cores); the README's ``python -m pytest`` runs these and everything else.
"""
