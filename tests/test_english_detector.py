"""The English-word detector used by the admin scan: Vietnamese passes, English is caught.

Vietnamese without diacritics is ASCII too ("tin", "the", "can"), so these cases are the contract
that keeps the browser scan (tools/admin_english_scan.py) honest in both directions."""

import pytest

from tools.admin_english_scan import english_words
from tools.english_detector import is_vietnamese_syllable

VIETNAMESE = [
    "Đăng nhập trang quản trị",
    "Tên đăng nhập của bạn",
    "Ghi nhớ đăng nhập",
    "Thi đua xây dựng Văn phòng Chính phủ chuyên nghiệp, hiện đại",
    "Phong trào “Lao động giỏi, lao động sáng tạo” năm 2025",
    "Đã tạo trang 'Khen thưởng đột xuất các tập thể'.",
    "Đang chờ duyệt · Đang đăng · Bản nháp · vừa xong · 2 phút trước",
    "Ảnh: VGP/Nhật Bắc. Nguồn: Chinhphu.vn",
    "Tin bai thi dua khen thuong",  # typed without diacritics
    "Nguyen Van An, Tran Thi Binh, Le Van Nam",  # names without diacritics
    "Ví dụ: Hà Nội. Đường dẫn (slug) của trang trong URL, thẻ tiêu đề (SEO)",
    "admin bientap duyetbai truyenthong anh-1.jpg bientap@example.com /admin/pages/",
    "Tháng Mười Một 2026 · Thứ hai · Chủ nhật",
]

ENGLISH = [
    ("Sign in to Wagtail", ["Sign"]),
    ("Remember me", ["Remember"]),
    ("Password", ["Password"]),
    ("LIVE", ["LIVE"]),
    ("IN MODERATION", ["MODERATION"]),
    ("Just now", ["Just", "now"]),
    ("2 minutes ago", ["minutes", "ago"]),
    ("Autosave is paused", ["Autosave", "is", "paused"]),
    ("View draft", ["View", "draft"]),
    ("Collapse all", ["Collapse", "all"]),
    ("Page 'Tôn vinh 97 Chiến sĩ thi đua' created.", ["Page", "created"]),
]


@pytest.mark.parametrize("text", VIETNAMESE)
def test_vietnamese_text_has_no_english_words(text):
    assert english_words(text) == []


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_words_are_caught_even_inside_vietnamese(text, expected):
    assert english_words(text) == expected


def test_words_are_reported_once_in_order_of_appearance():
    assert english_words("Move up · Move down · Move") == ["Move", "down"]


def test_ascii_vietnamese_syllables_are_recognised_but_english_shapes_are_not():
    assert all(is_vietnamese_syllable(w) for w in ["tin", "the", "nguyen", "truong", "khuyen", "nghieng", "quan"])
    assert not any(is_vietnamese_syllable(w) for w in ["now", "live", "draft", "ago", "all", "sign", "page"])
