"""The Markdown image of a gdcore figure: shared by the figures and explorer hooks.

Not a hook itself (mkdocs.yml does not list it); the hooks import it from their folder.
"""

from __future__ import annotations

import re

# gdcore draws 6.4 × 4.2 in (460.8 × 302.4 pt) figures: with width and height the browser
# reserves the space before the SVG arrives.
SIZE = 'width="640" height="420"'
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def image_markdown(name: str, alt: str, classes: str = "") -> str:
    """``![alt](figures/NAME.svg){ … }``: static-i18n picks NAME.zh.svg or NAME.en.svg for
    the page's language and MkDocs validates the link, as for any Markdown image."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", alt)
    cls = f" .{classes}" if classes else ""
    return f'![{escaped}](figures/{name}.svg){{ {SIZE} loading="lazy"{cls} }}'
