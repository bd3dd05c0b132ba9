/* Star rating: submit without reloading, refresh the captcha (image and audio). The form works without it. */
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
    var audio = form.querySelector("[data-captcha-audio]");
    var key = form.querySelector("[data-captcha-key]");
    var answer = form.querySelector("[data-captcha-answer]");

    function showError(message) {
      error.textContent = message;
      answer.setAttribute("aria-invalid", "true");
      answer.setAttribute("aria-describedby", error.id);
    }
    function clearError() {
      error.textContent = "";
      answer.removeAttribute("aria-invalid");
      answer.removeAttribute("aria-describedby");
    }
    function refreshCaptcha(then) {
      return fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (result) {
          var data = result.data;
          /* 429: too many new codes from this address; say so in Vietnamese, keep the current code. */
          if (!result.ok) { showError(data.error || "Không đổi được mã xác nhận, hãy thử lại sau."); return; }
          image.src = data.image_url;
          key.value = data.key;
          answer.value = "";
          if (audio) {
            if (data.audio_url) { audio.href = data.audio_url; audio.hidden = false; } else { audio.hidden = true; }
          }
          if (then) then();
        });
    }
    form.querySelector("[data-captcha-refresh]").addEventListener("click", function () { refreshCaptcha(); });
    answer.addEventListener("input", function () { if (answer.getAttribute("aria-invalid")) answer.removeAttribute("aria-invalid"); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearError();
      fetch(widget.getAttribute("data-api"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": cookie("csrftoken") },
      })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (result) {
          if (!result.ok) {
            var fields = result.data.fields || [];
            showError((result.data.error || "Không gửi được đánh giá.") + " Mã xác nhận đã được đổi, hãy nhập mã mới.");
            /* A used or wrong captcha is spent: draw a new one, then put the reader where the fix is. */
            refreshCaptcha(function () {
              if (fields.length === 1 && fields[0] === "score") {
                var first = form.querySelector("input[name=score]");
                if (first) first.focus();
              } else {
                answer.focus();
              }
            });
            return;
          }
          var summary = widget.querySelector("[data-rating-summary]");
          summary.textContent = "Điểm trung bình " + result.data.average + "/5 từ " + result.data.count + " lượt đánh giá. Bạn chấm " + result.data.your_score + " sao.";
          refreshCaptcha();
        })
        .catch(function () { showError("Không gửi được đánh giá, hãy thử lại."); });
    });
  });
})();
