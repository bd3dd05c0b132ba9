/*
 * The headline box is a wrapping textarea (news.admin_forms.HeadlineInput) but a
 * headline is one line: Enter does nothing there instead of adding a line break.
 */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("textarea[data-headline]")) {
      event.preventDefault();
    }
  });
})();
