"""The site's lectures as the tests load them: once per test session (they are immutable)."""

from __future__ import annotations

import functools
from pathlib import Path

from gdcore.lecture import Lecture, load_lecture
from gdcore.words import Words, load_languages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
"""The site's languages, the default first (mkdocs.yml plugins.i18n.languages)."""
INTUITION = "gradient-descent-intuition"


@functools.cache
def languages() -> dict[str, Words]:
    return load_languages(DOCS / "languages", LANGS)


@functools.cache
def lecture(name: str = INTUITION) -> Lecture:
    """The lecture in docs/NAME, loaded as the site loads it."""
    return load_lecture(DOCS / name, languages(), f"docs/{name}")
