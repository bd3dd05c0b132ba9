/* "Đổi mã khác" for the consultation comment form: a new captcha without reloading (the form works without it). */
(function () {
  var box = document.querySelector("[data-captcha]");
  if (!box || !window.fetch) return;
  var button = box.querySelector("[data-captcha-refresh]");
  var image = box.querySelector("[data-captcha-image]");
  var key = box.querySelector("[data-captcha-key]");
  var audio = box.querySelector("[data-captcha-audio]");
  button.hidden = false;
  button.addEventListener("click", function () {
    fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (data) {
        image.src = data.image_url;
        key.value = data.key;
        if (audio && data.audio_url) audio.href = data.audio_url;
      })
      .catch(function () {});
  });
})();
