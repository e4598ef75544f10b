"""The HTML a lecture's widgets become in a page: the α explorer (a sweep) and the stepper.

Every word and number comes from gdcore (``Lecture.widget_entries``: the frames' figure
names, words and numbers) and from the language's ``widgets`` words (docs/languages); the
page's JavaScript (docs/javascripts/explorer.js) only picks among the frames. Only the
current frame is an ``<img>`` in the page, an ordinary Markdown image (static-i18n picks
the language's file, MkDocs validates it); the other frames are named in the widget's
``data-frames`` JSON and explorer.js derives their URLs from that image's ``src``.
Without JavaScript the controls stay ``hidden``: the explorer shows a small grid of
representative frames inside ``<noscript>`` (never downloaded when JavaScript runs) and
the stepper's table lists every step's numbers.

Each widget is a ``<section data-search-exclude>``: Material's search leaves it out of the
index (its parser matches excluded elements by tag name, so the excluded element must not
contain another element of its tag: hence a section, with divs inside).
"""

from __future__ import annotations

import html
import json
from typing import Any

from sitebuild.notes.figures import image_markdown


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _json_attr(entries: list[dict[str, str]]) -> str:
    return _e(json.dumps(entries, ensure_ascii=False, separators=(",", ":")))


def _image(data: dict[str, Any], entry: dict[str, str], classes: str = "") -> str:
    return image_markdown(entry["figure"], entry["alt"], data["sizes"][entry["figure"]], classes)


def _frame_ratio(data: dict[str, Any], entry: dict[str, str]) -> str:
    """Width over height of a frame (every frame of a widget has one size): the stylesheet
    caps a frame's height by the window's on a wide screen, before the file arrives."""
    width, height = data["sizes"][entry["figure"]]
    return f"{width / height:.4f}"


def explorer_html(name: str, data: dict[str, Any], words: dict[str, str]) -> str:
    """The α explorer: a slider over the sweep's frames, the frame, its numbers."""
    frames, k = data["frames"], data["start"]
    cur = frames[k]
    grid = "\n".join(
        f'<figure markdown="span" class="gd-explorer-cell">\n'
        f"{_image(data, frames[g])}\n"
        f'<figcaption><span class="gd-explorer-label">{_e(frames[g]["label"])}</span> '
        f'<span class="gd-explorer-summary">{_e(frames[g]["summary"])}</span></figcaption>\n'
        "</figure>"
        for g in data["grid"]
    )
    return f"""<section class="gd-explorer" id="{_e(name)}" data-search-exclude="true" \
data-start="{k}" data-frames="{_json_attr(frames)}" markdown="block">

<div class="gd-explorer-controls" hidden>
<div class="gd-explorer-head"><label class="gd-explorer-name" for="gd-{_e(name)}-alpha">\
{_e(words["alpha_label"])}</label> <output class="gd-explorer-value" \
for="gd-{_e(name)}-alpha">{_e(cur["eq_alpha"])}</output></div>
<div class="gd-explorer-row">
<button type="button" class="gd-widget-button" data-delta="-1" \
aria-controls="gd-{_e(name)}-alpha" aria-label="{_e(words["smaller"])}">−</button>
<input type="range" class="gd-explorer-range" id="gd-{_e(name)}-alpha" min="0" \
max="{len(frames) - 1}" step="1" value="{k}" aria-valuetext="{_e(cur["label"])}">
<button type="button" class="gd-widget-button" data-delta="1" \
aria-controls="gd-{_e(name)}-alpha" aria-label="{_e(words["larger"])}">+</button>
</div>
<div class="gd-explorer-scale" aria-hidden="true"><span>{_e(frames[0]["alpha"])}</span>\
<span>{_e(frames[-1]["alpha"])}</span></div>
</div>

<figure markdown="span" class="gd-figure gd-explorer-figure" style="--gd-frame-ratio: \
{_frame_ratio(data, cur)}">
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


def stepper_html(name: str, data: dict[str, Any], words: dict[str, str]) -> str:
    """The stepper: Previous / Next through the frames, and a table of every iterate."""
    frames = data["frames"]
    cur = frames[0]
    current = ' aria-current="step"'
    rows = "\n".join(
        f'<tr data-k="{_e(f["k"])}"{current if i == 0 else ""}>'
        f'<th scope="row">{_e(f["k"])}</th><td>{_e(f["theta"])}</td>'
        f"<td>{_e(f['slope'])}</td><td>{_e(f['step'] or words['no_step'])}</td></tr>"
        for i, f in enumerate(frames)
    )
    return f"""<section class="gd-stepper" id="{_e(name)}" data-search-exclude="true" \
data-frames="{_json_attr(frames)}" markdown="block">

<figure markdown="span" class="gd-figure gd-stepper-figure">
{_image(data, cur, "gd-widget-img")}
<figcaption class="gd-stepper-label" aria-live="polite">{_e(cur["label"])}</figcaption>
</figure>

<div class="gd-stepper-controls" hidden>
<button type="button" class="gd-widget-button" data-delta="-1" aria-disabled="true" \
aria-controls="{_e(name)}">← {_e(words["previous"])}</button>
<button type="button" class="gd-widget-button" data-delta="1" \
aria-controls="{_e(name)}">{_e(words["next"])} →</button>
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


BUILDERS = {"sweep": explorer_html, "stepper": stepper_html}
"""The HTML of each kind of widget (gdcore.widgets' kinds)."""
