// 404.html serves readers of both languages (docs/overrides/404.html): both sections are in
// the page, 中文 first. For a missing URL under the English part of the site (/en/...), put
// the English section first and make it the page's language. Without JavaScript nothing
// changes: both languages stay visible.
(function () {
  "use strict";
  var page = document.querySelector("[data-gd-not-found]");
  if (!page) return;
  var sections = page.querySelectorAll("section[data-prefix]");
  var path = decodeURI(location.pathname);
  var best = null;
  for (var i = 0; i < sections.length; i++) {
    var prefix = sections[i].getAttribute("data-prefix");
    if (path.indexOf(prefix) === 0 && (!best || prefix.length > best.prefix.length)) {
      best = { section: sections[i], prefix: prefix };
    }
  }
  if (!best || best.section === sections[0]) return;
  page.insertBefore(best.section, page.firstChild);
  document.documentElement.lang = best.section.lang;
  var heading = best.section.querySelector("h1");
  if (heading) document.title = heading.textContent + " - " + document.title.split(" - ").pop();
})();
