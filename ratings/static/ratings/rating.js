/* Star rating: submit without reloading, refresh the captcha. The form works without it. */
(function () {
  "use strict";
  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  document.querySelectorAll("[data-rating-widget]").forEach(function (widget) {
    var form = widget.querySelector("[data-rating-form]");
    if (!form) return;
    var error = form.querySelector("[data-rating-error]");
    var image = form.querySelector("[data-captcha-image]");
    var key = form.querySelector("[data-captcha-key]");
    function refreshCaptcha() {
      fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { image.src = data.image_url; key.value = data.key; form.captcha_1.value = ""; });
    }
    form.querySelector("[data-captcha-refresh]").addEventListener("click", refreshCaptcha);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      fetch(widget.getAttribute("data-api"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": cookie("csrftoken") },
      })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (result) {
          if (!result.ok) { error.textContent = result.data.error || "Không gửi được đánh giá."; refreshCaptcha(); return; }
          var summary = widget.querySelector("[data-rating-summary]");
          summary.textContent = "Điểm trung bình " + result.data.average + "/5 từ " + result.data.count + " lượt đánh giá. Bạn chấm " + result.data.your_score + " sao.";
          refreshCaptcha();
        })
        .catch(function () { error.textContent = "Không gửi được đánh giá, hãy thử lại."; });
    });
  });
})();
