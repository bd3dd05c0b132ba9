import pytest

from core.text import fold, slugify, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Thi đua yêu nước", "thi-dua-yeu-nuoc"),
        ("Đảng bộ Văn phòng Chính phủ", "dang-bo-van-phong-chinh-phu"),
        ("Khối thi đua số 5: ký giao ước năm 2023!", "khoi-thi-dua-so-5-ky-giao-uoc-nam-2023"),
        ("Lễ trao Huân chương – “Lao động hạng Nhất”", "le-trao-huan-chuong-lao-dong-hang-nhat"),
        ("Ộ ớ ẵ ữ ỹ", "o-o-a-u-y"),
    ],
)
def test_slug_drops_diacritics_and_maps_d_with_stroke(title, slug):
    assert slugify(title) == slug


def test_slug_is_cut_to_length_without_a_trailing_hyphen():
    assert slugify("Thi đua yêu nước", max_length=8) == "thi-dua"


def test_fold_lowercases_and_removes_every_vietnamese_mark_keeping_spacing():
    assert fold("Đà Nẵng – Thừa Thiên Huế") == "da nang – thua thien hue"
    assert fold("ĐẢNG BỘ Ộ Ớ Ữ Ỹ") == "dang bo o o u y"


def test_fold_keeps_each_word_its_length_so_highlighting_can_map_back():
    for word in ("Nghệ", "đổi", "Œuvre", "Москва", "ﬁn"):
        assert len(fold(word)) == len(word)


def test_unique_slug_numbers_taken_slugs_from_a_set_or_a_callable():
    assert unique_slug("Thi đua", set(), fallback="x") == "thi-dua"
    assert unique_slug("Thi đua", {"thi-dua", "thi-dua-2"}, fallback="x") == "thi-dua-3"
    assert unique_slug("!!!", lambda slug: slug == "the", fallback="the") == "the-2"
