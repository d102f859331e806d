// 导入转载文章, review step: while the pointer is over a field, or the cursor in it, highlight the
// line of the original it was read from. Without script the page still says "原文第 N 行" and
// links to that line (highlighted by :target).
(function () {
  "use strict";

  function show(row, on) {
    var line = document.getElementById(row.getAttribute("data-origin-line"));
    if (line) {
      line.classList.toggle("is-active", on);
    }
    row.classList.toggle("is-active", on);
  }

  document.querySelectorAll(".reprint-review [data-origin-line]").forEach(function (row) {
    row.addEventListener("focusin", function () { show(row, true); });
    row.addEventListener("focusout", function () { show(row, false); });
    row.addEventListener("mouseenter", function () { show(row, true); });
    row.addEventListener("mouseleave", function () {
      if (!row.contains(document.activeElement)) {
        show(row, false);
      }
    });
  });
})();
