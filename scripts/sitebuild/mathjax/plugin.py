"""The mathjax-svg MkDocs plugin: every formula typeset by MathJax 3 during the build, as SVG.

The HTML that ships holds each formula drawn: no page loads MathJax or any other maths
script, and the maths shows with JavaScript off and at first paint. Works with any MkDocs
site that writes its formulas as pymdownx.arithmatex does (``generic: true``); see
typesetter.py for how, and safety.py for what a formula may not put into a page.

One node process serves a whole build (and a whole ``mkdocs serve`` session: the plugin
instance, and the process on it, are kept across rebuilds because the plugin defines
``on_startup``). It starts with the build (``on_config``), so that MathJax loads while
MkDocs converts the Markdown, unless the cache holds every formula the last build used.
Each page's formulas are sent in one batch as soon as its Markdown is converted
(``on_page_content``) and collected in ``on_post_page``, from the page's final HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .config import MathJaxSVGConfig
from .typesetter import Typesetter, find_formulas, log, typeset_page


class MathJaxSVGPlugin(BasePlugin[MathJaxSVGConfig]):
    def __init__(self) -> None:
        self.typesetter: Typesetter | None = None
        self._settings: tuple[str | None, float] | None = None
        self._reported: set[Path] = set()  # cache folders found unusable (said once)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its node) across serve's rebuilds."""

    def on_config(self, config: Any) -> None:
        if not self.config.enabled:
            return
        timeout = self.config.timeout
        if isinstance(timeout, bool) or timeout <= 0:
            raise PluginError(f"mathjax-svg: timeout must be a number of seconds > 0: {timeout!r}")
        settings = (self.config.node, float(timeout))
        if self.typesetter is None or settings != self._settings:
            if self.typesetter is not None:
                self.typesetter.close()
            self.typesetter = Typesetter(node=self.config.node, timeout=float(timeout))
            self._settings = settings
        typesetter = self.typesetter
        folder = None
        if self.config.cache:
            folder = Path(config.config_file_path).resolve().parent / self.config.cache_dir
        problem = typesetter.use_cache_dir(folder)
        if problem and folder not in self._reported:
            self._reported.add(folder)
            log.warning(
                "mathjax-svg: cannot use the cache folder %s (%s): typesetting without a cache",
                folder,
                problem,
            )
        typesetter.forget_errors()
        # MathJax takes a few tenths of a second to load: it does so while MkDocs goes on,
        # unless the cache holds every formula of the last build (node starts at a miss).
        if not typesetter.covers_last_build():
            typesetter.start()

    # After the other plugins' and hooks' on_page_content (0): it sends what they wrote.
    @event_priority(-50)
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        if self.typesetter is not None:
            found = find_formulas(html, page.file.src_uri)
            if found:
                self.typesetter.prefetch(f.formula for f in found)
        return html

    # After the other plugins' on_post_page (0), which may still add maths; before a
    # Content-Security-Policy is computed from the final page (site-patches: -1000).
    @event_priority(-50)
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.typesetter is None:
            return output
        return typeset_page(output, page.file.src_uri, self.typesetter, self.config.extra_css)

    @event_priority(-50)  # as on_post_page: theme templates rendered without a page (404.html)
    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if self.typesetter is None:
            return output_content
        return typeset_page(output_content, template_name, self.typesetter, self.config.extra_css)

    def on_post_build(self, *, config: Any) -> None:
        if self.typesetter is not None:
            self.typesetter.record_build()

    def on_shutdown(self) -> None:
        if self.typesetter is not None:
            self.typesetter.close()
            self.typesetter = None
