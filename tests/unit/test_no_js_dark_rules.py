"""site-patches' no_js_dark.py: how Material's dark-palette rules are taken and rewritten for
a page without JavaScript (the pages in a browser: tests/browser/test_no_js_dark.py)."""

from __future__ import annotations

from pathlib import Path

from sitebuild.patches import no_js_dark as hook

REPO_ROOT = Path(__file__).resolve().parents[2]

# Shaped like Material's palette stylesheet: rules inside @media, a rule for light pages
# that mentions slate only in :not(), the rule that hides light-only images on dark pages.
SAMPLE = (
    "@media screen{[data-md-color-scheme=slate]{color-scheme:dark;--md-hue:232}"
    '[data-md-color-scheme=slate] img[src$="#only-light"]{display:none}}'
    "[data-md-color-scheme=slate][data-md-color-primary=indigo]{--md-typeset-a-color:#5488e8}"
    "[data-md-color-primary=lime]:not([data-md-color-scheme=slate]){--md-typeset-a-color:#8b990a}"
    '/* a comment */ [data-md-color-scheme="slate"] .x {\n  --y: 1;  /* why */\n}'
    "@font-face{font-family:x}"
)


def test_dark_rules_are_rewritten_for_the_light_page_and_keep_their_media():
    assert hook.dark_rules(SAMPLE) == [
        "@media screen{body[data-md-color-scheme=default]{color-scheme:dark;--md-hue:232}}",
        "body[data-md-color-scheme=default][data-md-color-primary=indigo]"
        "{--md-typeset-a-color:#5488e8}",
        "body[data-md-color-scheme=default] .x{--y: 1;}",
    ]


def test_the_installed_materials_dark_palette_is_found(tmp_path):
    """Against the real stylesheet: its dark background and text colours are taken (a
    Material that renamed them would fail here, not leave readers with a light page)."""
    from mkdocs.config import load_config

    config = load_config(str(REPO_ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    css = hook.dark_css(config)
    assert css.startswith("@media (prefers-color-scheme: dark){")
    for variable in ("color-scheme:dark", "--md-default-bg-color:", "--md-default-fg-color:"):
        assert variable in css
    assert "only-light" not in css  # the light figure must stay: it is the only one
    assert ".gd-quiz" in css  # the site's own stylesheets' dark rules too
