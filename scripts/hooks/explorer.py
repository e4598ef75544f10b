"""MkDocs hook: the α explorer (section 3) and the stepper (section 6), built from gdcore.

The lecture's Markdown holds two markers, each alone on its line, not indented (a marker
inside code or inside a sentence is left as written: markdown_markers.scan reads them
from the parsed page; an indented one fails the build):

* ``<!-- alpha-explorer -->`` becomes the α explorer: a slider (a real
  ``<input type="range">`` over the frames of ``gdcore.scenarios.ALPHA_SWEEP``), the current
  frame's figure ``figures/alpha-explorer-KK.svg`` and one line of numbers (how many steps
  to converge, or that it diverges; the final θ₁ and J);
* ``<!-- stepper -->`` becomes the stepper: Previous / Next through the frames of
  ``gdcore.scenarios.STEPPER`` (``figures/shrinking-steps-step-K.svg``), the numbers of
  iterate k (its θ₁, the slope there, the step α·|slope| to iterate k + 1) and a table of
  every iterate.

Every word and number shown comes from ``gdcore.widgets.explorer_entries(lang)`` and
``gdcore.widgets.stepper_entries(lang)``, read at build time; the page's JavaScript
(docs/javascripts/explorer.js) only picks among them. Only the current frame is an
``<img>`` in the page: it is an ordinary Markdown image (static-i18n picks
``NAME.zh.svg`` / ``NAME.en.svg``, MkDocs validates it); the other frames are named in the
widget's ``data-frames`` JSON and explorer.js derives their URLs from that image's ``src``.
Without JavaScript the controls stay ``hidden``, the explorer shows a small grid of
representative frames inside ``<noscript>`` (never downloaded when JavaScript runs) and
the stepper's table lists every step's numbers.

Each widget is a ``<section data-search-exclude>``: Material's search leaves it out of the
index (its parser matches excluded elements by tag name, so the excluded element must not
contain another element of its tag: hence a section, with divs inside).

gdcore is imported afresh whenever its sources change (``gdcore.reloaded()``), so
``mkdocs serve`` shows edits to gdcore without a restart.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figure_image import image_markdown
from markdown_markers import replace_lines, scan
from page_language import page_language

EXPLORER_MARKER = "<!-- alpha-explorer -->"
STEPPER_MARKER = "<!-- stepper -->"

# The frame the explorer starts on: the sweep's α nearest to this one (a typical choice).
START_ALPHA = 0.1

# The widgets' own words (no numbers), per language.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "alpha_label": "学习率 α",
        "smaller": "减小 α",
        "larger": "增大 α",
        "noscript": "（JavaScript 未启用，无法拖动滑块。下面是几个有代表性的 α：）",
        "previous": "上一步",
        "next": "下一步",
        "table_caption": "每个迭代点的数字",
        "col_k": "迭代点 k",
        "col_theta": "θ₁",
        "col_slope": "斜率 J′(θ₁)",
        "col_step": "迈向 k + 1 的步长 α·|斜率|",
        "no_step": "—",
    },
    "en": {
        "alpha_label": "Learning rate α",
        "smaller": "Smaller α",
        "larger": "Larger α",
        "noscript": "(JavaScript is off, so the slider cannot move. "
        "Here are a few representative values of α:)",
        "previous": "Previous",
        "next": "Next",
        "table_caption": "The numbers of each iterate",
        "col_k": "Iterate k",
        "col_theta": "θ₁",
        "col_slope": "slope J′(θ₁)",
        "col_step": "step to k + 1, α·|slope|",
        "no_step": "—",
    },
}

_cache: dict[str, dict[str, dict[str, Any]]] = {}
"""hash of gdcore's sources -> language -> the widgets' data, computed by gdcore."""


def widget_data(config, lang: str) -> dict[str, Any]:
    """gdcore's entries for ``lang``: {"explorer": [...], "stepper": [...], "start": k,
    "grid": [k, ...]}.

    Whenever gdcore's sources changed (always, on the first build of a process) gdcore is
    re-imported and the entries of every language are computed at once: the α sweep's long
    runs, the costly part, are shared, and static-i18n's next language build reuses them.
    """
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import gdcore

    gdcore = gdcore.reloaded()
    key = gdcore.source_digest()
    if key not in _cache:
        from gdcore.figures import size
        from gdcore.scenarios import ALPHA_SWEEP
        from gdcore.widgets import explorer_entries, stepper_entries

        alphas = ALPHA_SWEEP.alphas
        start = min(range(len(alphas)), key=lambda k: abs(alphas[k] - START_ALPHA))
        _cache.clear()  # under serve: only the current version of gdcore
        _cache[key] = {}
        for language in WORDS:
            explorer = explorer_entries(language)
            # Without JavaScript: the first frame of each regime (far too small, α = 1/c,
            # the first that oscillates, α = 2/c, the first that diverges).
            grid, seen = [], set()
            for k, entry in enumerate(explorer):
                if entry["regime"] not in seen:
                    seen.add(entry["regime"])
                    grid.append(k)
            stepper = stepper_entries(language)
            _cache[key][language] = {
                "explorer": explorer,
                "stepper": stepper,
                "start": start,
                "grid": grid,
                # Each frame's size in SVG units (the <img>'s width and height).
                "sizes": {e["figure"]: size(e["figure"], language) for e in explorer + stepper},
            }
    return _cache[key][lang]


def _language(page, config) -> str:
    lang = page_language(config)
    if lang not in WORDS:
        raise PluginError(f"{page.file.src_uri}: the α explorer has no words for {lang!r}")
    return lang


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _json_attr(entries: list[dict[str, str]]) -> str:
    return _e(json.dumps(entries, ensure_ascii=False, separators=(",", ":")))


def _image(data: dict[str, Any], entry: dict[str, str], classes: str = "") -> str:
    return image_markdown(entry["figure"], entry["alt"], data["sizes"][entry["figure"]], classes)


def explorer_html(data: dict[str, Any], lang: str) -> str:
    words = WORDS[lang]
    frames, k = data["explorer"], data["start"]
    cur = frames[k]
    grid = "\n".join(
        f'<figure markdown="span" class="gd-explorer-cell">\n'
        f"{_image(data, frames[g])}\n"
        f'<figcaption><span class="gd-explorer-label">{_e(frames[g]["label"])}</span> '
        f'<span class="gd-explorer-summary">{_e(frames[g]["summary"])}</span></figcaption>\n'
        "</figure>"
        for g in data["grid"]
    )
    return f"""<section class="gd-explorer" id="alpha-explorer" data-search-exclude="true" \
data-start="{k}" data-frames="{_json_attr(frames)}" markdown="block">

<div class="gd-explorer-controls" hidden>
<div class="gd-explorer-head"><label class="gd-explorer-name" for="gd-explorer-alpha">\
{_e(words["alpha_label"])}</label> = <output class="gd-explorer-value" \
for="gd-explorer-alpha">{_e(cur["alpha"])}</output></div>
<div class="gd-explorer-row">
<button type="button" class="gd-widget-button" data-delta="-1" \
aria-controls="gd-explorer-alpha" aria-label="{_e(words["smaller"])}">−</button>
<input type="range" class="gd-explorer-range" id="gd-explorer-alpha" min="0" \
max="{len(frames) - 1}" step="1" value="{k}" aria-valuetext="{_e(cur["label"])}">
<button type="button" class="gd-widget-button" data-delta="1" \
aria-controls="gd-explorer-alpha" aria-label="{_e(words["larger"])}">+</button>
</div>
<div class="gd-explorer-scale" aria-hidden="true"><span>{_e(frames[0]["alpha"])}</span>\
<span>{_e(frames[-1]["alpha"])}</span></div>
</div>

<figure markdown="span" class="gd-figure gd-explorer-figure">
{_image(data, cur, "gd-widget-img")}
<figcaption><span class="gd-explorer-label">{_e(cur["label"])}</span> \
<span class="gd-explorer-summary" aria-live="polite">{_e(cur["summary"])}</span></figcaption>
</figure>

<noscript markdown="block">
<p class="gd-explorer-note">{_e(words["noscript"])}</p>
<div class="gd-explorer-grid" markdown="block">
{grid}
</div>
</noscript>

</section>"""


def stepper_html(data: dict[str, Any], lang: str) -> str:
    words = WORDS[lang]
    frames = data["stepper"]
    cur = frames[0]
    current = ' aria-current="step"'
    rows = "\n".join(
        f'<tr data-k="{_e(f["k"])}"{current if i == 0 else ""}>'
        f'<th scope="row">{_e(f["k"])}</th><td>{_e(f["theta"])}</td>'
        f"<td>{_e(f['slope'])}</td><td>{_e(f['step'] or words['no_step'])}</td></tr>"
        for i, f in enumerate(frames)
    )
    return f"""<section class="gd-stepper" id="stepper" data-search-exclude="true" \
data-frames="{_json_attr(frames)}" markdown="block">

<figure markdown="span" class="gd-figure gd-stepper-figure">
{_image(data, cur, "gd-widget-img")}
<figcaption class="gd-stepper-label" aria-live="polite">{_e(cur["label"])}</figcaption>
</figure>

<div class="gd-stepper-controls" hidden>
<button type="button" class="gd-widget-button" data-delta="-1" aria-disabled="true" \
aria-controls="stepper">← {_e(words["previous"])}</button>
<button type="button" class="gd-widget-button" data-delta="1" \
aria-controls="stepper">{_e(words["next"])} →</button>
</div>

<table class="gd-stepper-table">
<caption>{_e(words["table_caption"])}</caption>
<thead><tr><th scope="col">{_e(words["col_k"])}</th><th scope="col">{_e(words["col_theta"])}\
</th><th scope="col">{_e(words["col_slope"])}</th><th scope="col">{_e(words["col_step"])}\
</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>

</section>"""


_BUILDERS: dict[str, Callable[[dict[str, Any], str], str]] = {
    EXPLORER_MARKER: explorer_html,
    STEPPER_MARKER: stepper_html,
}


def on_page_markdown(markdown: str, page, config, files) -> str:
    if EXPLORER_MARKER not in markdown and STEPPER_MARKER not in markdown:
        return markdown
    # Only markers outside code count (a code block may show one as written).
    markers = scan(markdown, config, _BUILDERS).markers
    if not markers:
        return markdown
    lang = _language(page, config)
    data = widget_data(config, lang)
    seen: set[str] = set()
    replacements = {}
    for marker in markers:
        where = f"{page.file.src_uri}:{marker.candidate.line_number}"
        if not marker.alone:
            continue  # inside a sentence: an HTML comment like any other, left as written
        if marker.candidate.line(markdown).rstrip() != marker.comment:
            raise PluginError(
                f"{where}: write {marker.comment} at the start of its line, not indented: "
                "inside a list or an admonition the widget cannot be built"
            )
        if marker.comment in seen:
            raise PluginError(f"{where}: {marker.comment} appears more than once")
        seen.add(marker.comment)
        replacements[marker.candidate] = "\n" + _BUILDERS[marker.comment](data, lang) + "\n"
    return replace_lines(markdown, replacements)
