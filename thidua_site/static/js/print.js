/* Print view: the "In trang này" button (no inline handler: the Content-Security-Policy forbids them). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
