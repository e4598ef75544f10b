/*
 * Each gdcore figure comes as two images (scripts/sitebuild/notes/figures.py): the light one
 * (src ending in #only-light) in the page, and the dark twin (#only-dark) inside a
 * <template class="gd-dark-figure">. This puts the dark one in the page, next to the
 * light one. Material's CSS then shows the one that matches the palette (its toggle or
 * the system's preference, switching without a reload), and as both are loading="lazy",
 * the hidden one (display: none) is never fetched. Without JavaScript the template stays
 * inert, so only the light figure, the one Material's light page needs, is downloaded.
 * Runs at once: the scripts come after the content, so every figure is already parsed.
 */
(function () {
  "use strict";

  function addDarkFigures() {
    var templates = document.querySelectorAll("template.gd-dark-figure");
    Array.prototype.forEach.call(templates, function (template) {
      template.replaceWith(template.content.cloneNode(true));
    });
  }

  addDarkFigures();
  // Harmless without instant navigation; if it is ever enabled, new pages get theirs too.
  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(addDarkFigures);
  }
})();
