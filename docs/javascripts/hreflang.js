// Loaded (synchronously, right after them) by pages that have hreflang links, i.e. only when
// site_url is set: docs/overrides/main.html.
//
// Material for MkDocs 9 fetches "sitemap.xml" next to every <link rel="alternate"> of a page
// once the DOM is ready, for its own language selector, which expects links to language
// roots (/en/). Ours point to pages (/en/lecture/), so each fetch would be a 404 and a console
// error on every page view. So they are hidden from Material while it looks (its
// DOMContentLoaded handler), and put back right after: the HTML and, from then on, the DOM
// carry them for search engines.
(function () {
  "use strict";
  // Run after the DOM is ready (the script run again), Material has looked already: hiding
  // the links then would leave them hidden, as no DOMContentLoaded comes to put them back.
  if (document.readyState !== "loading") return;
  var links = document.querySelectorAll('link[rel="alternate"][hreflang]');
  if (!links.length) return;
  function setRel(value) {
    for (var i = 0; i < links.length; i++) links[i].setAttribute("rel", value);
  }
  function restore() {
    setRel("alternate");
  }
  setRel("x-hreflang-alternate");
  document.addEventListener("DOMContentLoaded", function () {
    // A task queued now runs after every DOMContentLoaded handler, Material's included.
    setTimeout(restore, 0);
  });
  // And at the latest when the page has loaded, whatever ran in between.
  window.addEventListener("load", restore);
})();
