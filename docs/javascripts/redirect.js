/*
 * The page of an old URL (the notes plugin's redirects, mkdocs.yml): send the reader on to
 * the page's new address, keeping the #anchor they came with (a meta refresh drops it).
 * The target is the script tag's data-target; without JavaScript the meta refresh and the
 * link on the page do the same, without the anchor.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var target = script && script.getAttribute("data-target");
  if (target) {
    window.location.replace(target + window.location.hash);
  }
})();
