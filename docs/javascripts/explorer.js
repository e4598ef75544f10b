/*
 * The α explorer (.gd-explorer) and the stepper (.gd-stepper), written into the page by
 * scripts/hooks/explorer.py. Everything shown comes from the page: each widget's
 * data-frames attribute is the JSON of gdcore's entries (frame name, α or k, the words
 * and numbers, the alt text), computed at build time. This file picks among them and
 * holds no text or number of its own.
 *
 * Only the current frame is an <img> in the page. Another frame's URL is that image's src
 * with the frame name replaced (all frames sit side by side in figures/, with the same
 * language suffix). A frame is fetched on demand, decoded with new Image() + decode()
 * and only then swapped in, together with its numbers, so the figure and the numbers
 * never disagree and the swap itself is instant. Nothing but the first frame is fetched
 * at page load; when the reader first reaches for the controls (hover, touch, focus)
 * the neighbouring frames are fetched, then every frame when the browser is idle, and
 * after every change the neighbours are fetched ahead. Decoded images are
 * kept (at most a few dozen small SVGs), so going back is instant too.
 *
 * Each swap dispatches "gd-frame-shown" on the widget, with detail {index, ms}: ms is the
 * time from the input event (or click) to the first paint after the new image is complete
 * in the page (tests/test_explorer_browser.py and scripts/bench_explorer.py print it).
 * No dependencies.
 */
(function () {
  "use strict";

  var READY = "gdWidgetReady";

  function frameUrl(base, fromName, toName) {
    var at = base.lastIndexOf(fromName);
    if (at < 0) {
      return null;
    }
    return base.slice(0, at) + toName + base.slice(at + fromName.length);
  }

  /* A widget's frames: lazily loaded and decoded images, one shown at a time. The frame
     is an image per palette (light and dark, see javascripts/figures.js): all of them
     follow the frame, and only the one on screen is fetched ahead. */
  function Frames(root, imgs, frames, shownIndex, onShow) {
    var baseName = frames[shownIndex].figure;
    var bases = Array.prototype.map.call(imgs, function (img) {
      return img.getAttribute("src");
    });
    var cache = {};
    var wanted = shownIndex;
    var shown = shownIndex;

    /* The image of the palette on screen (the other one is display: none). */
    function current() {
      for (var i = 0; i < imgs.length; i++) {
        if (imgs[i].getBoundingClientRect().width > 0) {
          return i;
        }
      }
      return 0;
    }

    function load(k) {
      var url = frameUrl(bases[current()], baseName, frames[k].figure);
      if (!url) {
        return Promise.resolve(null);
      }
      if (k === shownIndex && !cache[url]) {
        cache[url] = Promise.resolve(true);
      }
      if (!cache[url]) {
        var probe = new Image();
        probe.src = url;
        // A frame that fails to load is still "ready": its alt text and numbers show.
        cache[url] =
          typeof probe.decode === "function"
            ? probe.decode().then(
                function () { return probe; },
                function () { return probe; }
              )
            : new Promise(function (resolve) {
                probe.onload = probe.onerror = function () { resolve(probe); };
              });
      }
      return cache[url];
    }

    function preloadAround(k) {
      if (k > 0) {
        load(k - 1);
      }
      if (k < frames.length - 1) {
        load(k + 1);
      }
    }

    function swap(k, t0) {
      var img = imgs[current()];
      Array.prototype.forEach.call(imgs, function (each, i) {
        var url = frameUrl(bases[i], baseName, frames[k].figure);
        if (url) {
          each.setAttribute("src", url);
        }
        each.setAttribute("alt", frames[k].alt);
      });
      shown = k;
      onShow(k);
      // Reported after the next frame has been painted: the animation frame callback
      // runs just before the paint, a message posted from it is handled just after.
      var done = function () {
        window.requestAnimationFrame(function () {
          var channel = new MessageChannel();
          channel.port1.onmessage = function () {
            var ms = t0 === undefined ? null : performance.now() - t0;
            root.setAttribute("data-shown", String(k));
            root.dispatchEvent(
              new CustomEvent("gd-frame-shown", { detail: { index: k, ms: ms } })
            );
          };
          channel.port2.postMessage(null);
        });
      };
      if (img.complete || typeof img.decode !== "function") {
        done();
      } else {
        img.decode().then(done, done);
      }
    }

    /* Called once, when the reader first reaches for the controls (hover, touch, focus):
       fetch the frames next to the one shown, then, when the browser is idle, every
       other frame, so that a jump (End, Home, a click far along the track) shows at once
       too. About 70 kB gzip-compressed, and only for readers who use the widget. */
    this.prefetch = function () {
      preloadAround(wanted);
      var whenIdle =
        window.requestIdleCallback ||
        function (task) {
          return window.setTimeout(task, 300);
        };
      whenIdle(function () {
        frames.forEach(function (_, k) {
          load(k);
        });
      });
    };

    /* Show frame k as soon as it is decoded, unless another frame is wanted by then. */
    this.show = function (k, t0) {
      if (k === wanted) {
        return; // already shown, or on its way (e.g. "change" right after "input")
      }
      wanted = k;
      if (k === shown) {
        swap(k, t0);
        return;
      }
      load(k).then(function () {
        if (wanted === k) {
          swap(k, t0);
        }
      });
      preloadAround(k);
    };
  }

  function parseFrames(root) {
    try {
      var frames = JSON.parse(root.getAttribute("data-frames") || "[]");
      return Array.isArray(frames) && frames.length ? frames : null;
    } catch (e) {
      return null;
    }
  }

  /* view.prefetch() once, the first time the reader reaches for the controls. */
  function prefetchOnIntent(controls, view) {
    var events = ["pointerenter", "pointerdown", "touchstart", "focusin"];
    function first() {
      events.forEach(function (name) {
        controls.removeEventListener(name, first);
      });
      view.prefetch();
    }
    events.forEach(function (name) {
      controls.addEventListener(name, first, { passive: true });
    });
  }

  /* While a control has keyboard focus (when it gets it, and after each change: call the
     function returned), scroll so that everything ``parts()`` lists (the controls, the
     figure, the numbers) is on screen together, below Material's header, if it fits: the
     reader sees what a key press changes. Not with a pointer's focus: the page must not
     move under a finger or a mouse. */
  function keepInView(controls, parts) {
    function ensure() {
      var active = document.activeElement;
      if (!active || !controls.contains(active) || !active.matches(":focus-visible")) {
        return;
      }
      var top = Infinity;
      var bottom = -Infinity;
      parts().forEach(function (part) {
        var list = part && part.length !== undefined ? part : [part];
        Array.prototype.forEach.call(list, function (element) {
          var box = element && element.getBoundingClientRect();
          if (box && box.width > 0) {
            top = Math.min(top, box.top);
            bottom = Math.max(bottom, box.bottom);
          }
        });
      });
      if (!(bottom > top)) {
        return;
      }
      var header = document.querySelector(".md-header");
      var ceiling = (header ? header.getBoundingClientRect().bottom : 0) + 8;
      var floor = window.innerHeight - 8;
      var delta = 0;
      if (bottom - top > floor - ceiling || top < ceiling) {
        delta = top - ceiling; // above the view, or too tall: its top at the top
      } else if (bottom > floor) {
        delta = bottom - floor;
      }
      if (delta) {
        window.scrollBy(0, delta);
      }
    }
    // After the browser's own scrolling to the focused control, then settle.
    controls.addEventListener("focusin", function () {
      window.requestAnimationFrame(ensure);
    });
    return ensure;
  }

  function setDisabled(button, disabled) {
    button.setAttribute("aria-disabled", disabled ? "true" : "false");
  }

  function setupExplorer(root) {
    var frames = parseFrames(root);
    var imgs = root.querySelectorAll("img.gd-widget-img");
    var controls = root.querySelector(".gd-explorer-controls");
    var range = root.querySelector("input.gd-explorer-range");
    if (!frames || !imgs.length || !controls || !range) {
      return;
    }
    var value = root.querySelector(".gd-explorer-value");
    var label = root.querySelector(".gd-explorer-figure .gd-explorer-label");
    var summary = root.querySelector(".gd-explorer-figure .gd-explorer-summary");
    var buttons = root.querySelectorAll(".gd-explorer-controls button[data-delta]");
    var max = frames.length - 1;

    function index() {
      var k = parseInt(range.value, 10);
      return isNaN(k) ? 0 : Math.max(0, Math.min(max, k));
    }

    function syncButtons(k) {
      Array.prototype.forEach.call(buttons, function (button) {
        var delta = parseInt(button.getAttribute("data-delta"), 10);
        setDisabled(button, (delta < 0 && k <= 0) || (delta > 0 && k >= max));
      });
    }

    var start = index();
    var view = new Frames(root, imgs, frames, start, function (k) {
      if (value) {
        value.textContent = frames[k].eq_alpha;
      }
      if (label) {
        label.textContent = frames[k].label;
      }
      if (summary) {
        summary.textContent = frames[k].summary;
      }
      inView(); // a longer numbers line must not slip below the screen
    });

    function chosen(t0) {
      var k = index();
      // The slider's spoken value follows it at once; the picture and numbers follow
      // as soon as the frame is decoded.
      range.setAttribute("aria-valuetext", frames[k].label);
      syncButtons(k);
      view.show(k, t0);
    }

    range.addEventListener("input", function () {
      chosen(performance.now());
    });
    range.addEventListener("change", function () {
      chosen(performance.now());
    });
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var t0 = performance.now();
        var k = index() + parseInt(button.getAttribute("data-delta"), 10);
        if (k < 0 || k > max || k === index()) {
          return;
        }
        range.value = String(k);
        chosen(t0);
      });
    });

    prefetchOnIntent(controls, view);
    var inView = keepInView(controls, function () {
      return [controls, imgs, summary];
    });
    controls.hidden = false;
    // The browser may restore the slider's position (back/forward navigation).
    if (start !== parseInt(root.getAttribute("data-start"), 10)) {
      chosen(performance.now());
    } else {
      syncButtons(start);
    }
  }

  function setupStepper(root) {
    var frames = parseFrames(root);
    var imgs = root.querySelectorAll("img.gd-widget-img");
    var controls = root.querySelector(".gd-stepper-controls");
    if (!frames || !imgs.length || !controls) {
      return;
    }
    var label = root.querySelector(".gd-stepper-label");
    var rows = root.querySelectorAll(".gd-stepper-table tbody tr");
    var buttons = controls.querySelectorAll("button[data-delta]");
    var max = frames.length - 1;
    var k = 0;

    var view = new Frames(root, imgs, frames, 0, function (shown) {
      if (label) {
        label.textContent = frames[shown].label;
      }
      Array.prototype.forEach.call(rows, function (row, i) {
        if (i === shown) {
          row.setAttribute("aria-current", "step");
        } else {
          row.removeAttribute("aria-current");
        }
      });
      inView(); // the current row stays on screen with the buttons
    });

    function syncButtons() {
      Array.prototype.forEach.call(buttons, function (button) {
        var delta = parseInt(button.getAttribute("data-delta"), 10);
        setDisabled(button, (delta < 0 && k <= 0) || (delta > 0 && k >= max));
      });
    }

    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var t0 = performance.now();
        var next = k + parseInt(button.getAttribute("data-delta"), 10);
        if (next < 0 || next > max) {
          return;
        }
        k = next;
        root.setAttribute("data-k", String(k));
        syncButtons();
        view.show(k, t0);
      });
    });

    prefetchOnIntent(controls, view);
    var inView = keepInView(controls, function () {
      return [controls, imgs, rows[k]];
    });
    controls.hidden = false;
    root.setAttribute("data-k", "0");
    syncButtons();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gd-explorer"), function (root) {
      if (!root.dataset[READY]) {
        root.dataset[READY] = "true";
        setupExplorer(root);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".gd-stepper"), function (root) {
      if (!root.dataset[READY]) {
        root.dataset[READY] = "true";
        setupStepper(root);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Harmless without instant navigation; if it is ever enabled, new pages get set up too.
  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  }
})();
