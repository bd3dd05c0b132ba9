/* Suggestions as you type (article titles) for every input[data-suggest], as an ARIA 1.2 combobox:
   ArrowDown/ArrowUp move through the options, Enter opens the highlighted story, Escape closes the
   list (a second Escape clears the box). Without JavaScript the box is a plain search field. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input, n) {
    var list = document.createElement("ul");
    list.id = "search-suggest-" + n;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý bài viết");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    var timer = null, controller = null, active = -1, items = [];

    function options() { return list.querySelectorAll("[role=option]"); }
    function setActive(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }
    function go(index) { if (items[index]) window.location.href = items[index].url; }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { open(false); status.textContent = ""; return; }
        if (controller) controller.abort();
        controller = new AbortController();
        fetch("/api/search/suggest/?q=" + encodeURIComponent(q), { signal: controller.signal })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            items = data.suggestions || [];
            list.innerHTML = "";
            items.forEach(function (item, i) {
              var li = document.createElement("li");
              li.id = list.id + "-" + i;
              li.setAttribute("role", "option");
              li.setAttribute("aria-selected", "false");
              li.textContent = item.title;
              li.addEventListener("mousedown", function (e) { e.preventDefault(); });
              li.addEventListener("click", function () { go(i); });
              list.appendChild(li);
            });
            setActive(-1);
            open(items.length > 0);
            status.textContent = items.length ? items.length + " gợi ý; dùng phím mũi tên lên, xuống để chọn." : "";
          })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      var count = options().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!count) return;
        e.preventDefault();
        if (list.hidden) { open(true); setActive(e.key === "ArrowDown" ? 0 : count - 1); return; }
        var next = e.key === "ArrowDown" ? active + 1 : active - 1;
        setActive(next >= count ? 0 : next < 0 ? count - 1 : next);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) { e.preventDefault(); go(active); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); e.stopPropagation(); open(false); }
        else if (input.value) { e.preventDefault(); e.stopPropagation(); input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { open(false); });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) open(false); });
  });
})();
