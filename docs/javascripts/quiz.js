/*
 * Multiple-choice questions written in the page as plain HTML:
 *
 *   <div class="gd-quiz" data-correct="VALUE"
 *        data-label-correct="✓ Correct" data-label-wrong="✗ Not quite">
 *     <fieldset> <legend>…</legend>
 *       <label><input type="radio" name="…" value="VALUE"> …</label> …
 *     </fieldset>
 *     <p class="gd-quiz-why" data-for="VALUE" hidden>explanation</p> …
 *     <div class="gd-quiz-feedback" aria-live="polite"></div>
 *     <details>…the answer, for readers without JavaScript…</details>
 *   </div>
 *
 * When a radio button changes, the feedback region gets the class is-correct or
 * is-wrong, the verdict label from the data attributes, and the chosen option's
 * explanation (moved there and un-hidden; it goes back when another option is chosen).
 * All text comes from the page, so this file holds none of its own. No dependencies.
 */
(function () {
  "use strict";

  var READY = "gdQuizReady";

  function setup(quiz) {
    if (quiz.dataset[READY]) {
      return;
    }
    var feedback = quiz.querySelector(".gd-quiz-feedback");
    if (!feedback) {
      return;
    }
    quiz.dataset[READY] = "true";

    var correct = quiz.getAttribute("data-correct");
    var labelCorrect = quiz.getAttribute("data-label-correct") || "\u2713";
    var labelWrong = quiz.getAttribute("data-label-wrong") || "\u2717";

    // Each explanation keeps a placeholder where it lives, so it can be put back.
    var explanations = {};
    Array.prototype.forEach.call(quiz.querySelectorAll(".gd-quiz-why[data-for]"), function (why) {
      var home = document.createComment("gd-quiz-why");
      why.parentNode.insertBefore(home, why);
      explanations[why.getAttribute("data-for")] = { node: why, home: home };
    });
    var shown = null;

    function putBack() {
      if (shown) {
        shown.node.hidden = true;
        shown.home.parentNode.insertBefore(shown.node, shown.home.nextSibling);
        shown = null;
      }
    }

    function markOptions(value) {
      Array.prototype.forEach.call(quiz.querySelectorAll(".gd-quiz-option"), function (option) {
        var input = option.querySelector("input[type=radio]");
        var chosen = !!input && input.value === value;
        option.classList.toggle("is-chosen", chosen);
        option.classList.toggle("is-correct", chosen && value === correct);
        option.classList.toggle("is-wrong", chosen && value !== correct);
      });
    }

    function show(value) {
      var right = value === correct;
      putBack();
      while (feedback.firstChild) {
        feedback.removeChild(feedback.firstChild);
      }
      feedback.classList.toggle("is-correct", right);
      feedback.classList.toggle("is-wrong", !right);

      var verdict = document.createElement("strong");
      verdict.className = "gd-quiz-verdict";
      verdict.textContent = right ? labelCorrect : labelWrong;
      feedback.appendChild(verdict);

      var entry = explanations[value];
      if (entry) {
        feedback.appendChild(document.createTextNode(" "));
        feedback.appendChild(entry.node);
        entry.node.hidden = false;
        shown = entry;
      }
      quiz.setAttribute("data-answered", value);
      markOptions(value);
    }

    quiz.addEventListener("change", function (event) {
      var input = event.target;
      if (input && input.type === "radio" && quiz.contains(input)) {
        show(input.value);
      }
    });

    // The browser may restore a choice (back/forward navigation): show its feedback.
    var checked = quiz.querySelector("input[type=radio]:checked");
    if (checked) {
      show(checked.value);
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".gd-quiz"), setup);
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
