/* Reader tools: text size, high contrast, copy link. Everything works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY_SIZE = "thidua-text-size";
  var KEY_CONTRAST = "thidua-contrast";

  function save(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) {}
  }

  document.querySelectorAll("[data-text-size]").forEach(function (button) {
    if (button === root) return;
    button.addEventListener("click", function () {
      var current = parseInt(root.getAttribute("data-text-size") || "0", 10);
      var action = button.getAttribute("data-text-size");
      var next = action === "up" ? Math.min(current + 1, 3) : action === "down" ? Math.max(current - 1, -1) : 0;
      if (next === 0) { root.removeAttribute("data-text-size"); save(KEY_SIZE, null); }
      else { root.setAttribute("data-text-size", String(next)); save(KEY_SIZE, String(next)); }
    });
  });

  var contrast = document.querySelector("[data-contrast-toggle]");
  if (contrast) {
    contrast.setAttribute("aria-pressed", root.getAttribute("data-contrast") === "high" ? "true" : "false");
    contrast.addEventListener("click", function () {
      var on = root.getAttribute("data-contrast") !== "high";
      if (on) root.setAttribute("data-contrast", "high"); else root.removeAttribute("data-contrast");
      contrast.setAttribute("aria-pressed", on ? "true" : "false");
      save(KEY_CONTRAST, on ? "high" : null);
    });
  }

  /* Phone menu: folded by default on narrow screens, the button says whether it is open. Without
     JavaScript the button stays hidden and the menu stays open. */
  var toggle = document.querySelector("[data-menu-toggle]");
  var header = toggle && toggle.closest(".site-header");
  if (toggle && header) {
    var phone = window.matchMedia("(max-width: 600px)");
    var setOpen = function (open) {
      header.classList.toggle("is-menu-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    setOpen(!phone.matches);
    var onChange = function () { setOpen(!phone.matches); };
    if (phone.addEventListener) phone.addEventListener("change", onChange); else if (phone.addListener) phone.addListener(onChange);
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && phone.matches && header.classList.contains("is-menu-open") && header.contains(document.activeElement)) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.parentNode.querySelector(".share__status");
      var url = button.getAttribute("data-copy-link");
      var done = function () { if (status) status.textContent = "Đã sao chép liên kết."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("Sao chép liên kết:", url); });
      } else {
        window.prompt("Sao chép liên kết:", url);
      }
    });
  });
})();
