/* Count this visit, then show the figures. Works on cached pages: nothing is in the HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script && script.getAttribute("data-page");
  var body = new URLSearchParams();
  if (page) body.set("page", page);
  function fill() {
    var widget = document.querySelector("[data-visitor-stats]");
    if (!widget) return;
    fetch("/api/stats/", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        ["online", "today", "week", "total"].forEach(function (name) {
          var cell = widget.querySelector('[data-stat="' + name + '"]');
          if (cell && typeof data[name] === "number") cell.textContent = data[name].toLocaleString("vi-VN");
        });
      })
      .catch(function () {});
  }
  fetch("/api/stats/hit/", { method: "POST", body: body, credentials: "same-origin", keepalive: true })
    .then(fill, fill);
})();
