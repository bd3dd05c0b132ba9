/* Suggestions as you type (article titles), for every input[data-suggest]. Works without it. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input, n) {
    var list = document.createElement("ul");
    list.id = "search-suggest-" + n;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    var timer = null, controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { list.hidden = true; return; }
        if (controller) controller.abort();
        controller = new AbortController();
        fetch("/api/search/suggest/?q=" + encodeURIComponent(q), { signal: controller.signal })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.innerHTML = "";
            (data.suggestions || []).forEach(function (item) {
              var li = document.createElement("li"), a = document.createElement("a");
              a.href = item.url; a.textContent = item.title; li.setAttribute("role", "option");
              li.appendChild(a); list.appendChild(li);
            });
            list.hidden = !list.children.length;
          })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") list.hidden = true; });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) list.hidden = true; });
  });
})();
