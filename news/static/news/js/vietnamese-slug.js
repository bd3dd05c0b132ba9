/*
 * Wagtail's editor turns a title into a slug with transliteration maps that have
 * no Vietnamese entry: "Đảng" loses its Đ (or becomes "dj") and letters with two
 * marks (ậ, ộ, ẵ) vanish. After Wagtail writes an automatic slug, redo it from the
 * same title with Vietnamese folding: "Đảng bộ" -> "dang-bo".
 */
(function () {
  "use strict";
  function vietnameseSlug(text) {
    return text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[-\s]+/g, "-")
      .substring(0, 255)
      .replace(/-+$/g, "");
  }
  window.thiduaVietnameseSlug = vietnameseSlug;
  document.addEventListener("w-slug:applied", function (event) {
    var detail = event.detail || {};
    if (detail.action !== "urlify" || !detail.sourceValue) return;
    if (!/[^\u0000-\u007f]/.test(detail.sourceValue)) return;
    event.target.value = vietnameseSlug(detail.sourceValue);
  });
})();
