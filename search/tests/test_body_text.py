"""Body text for search comes from each block's own ``get_searchable_content()``."""

import pytest
from wagtail import blocks

from news.blocks import ArticleBodyBlock
from search.documents import body_text

BODY = [
    {"type": "paragraph", "value": "<p>Thi đua &amp; khen thưởng</p><p>năm 2025</p>"},
    {
        "type": "photo",
        "value": {"image": 7, "alt": "Mô tả thay thế", "caption": "Lễ phát động", "credit": "VGP/Nhật Bắc"},
    },
    {"type": "quote", "value": {"text": "Thi đua là yêu nước", "attribution": "Chủ tịch Hồ Chí Minh"}},
    {"type": "document", "value": {"document": 3, "title": "Quyết định số 453/QĐ-VPCP"}},
    {"type": "embed", "value": "https://www.youtube.com/watch?v=x"},
]


@pytest.mark.django_db
def test_paragraphs_captions_credits_quotes_and_document_titles_are_searched_without_queries(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        text = body_text(BODY)
    assert text.splitlines() == [
        "Thi đua & khen thưởng năm 2025",
        "Lễ phát động VGP/Nhật Bắc",
        "Thi đua là yêu nước Chủ tịch Hồ Chí Minh",
        "Quyết định số 453/QĐ-VPCP",
    ]


def test_photo_alt_text_is_not_searched_twice_over_the_caption():
    assert "Mô tả thay thế" not in body_text(BODY)


def test_a_new_block_type_is_searched_without_changing_search_code():
    class Factbox(blocks.StructBlock):
        heading = blocks.CharBlock()
        items = blocks.ListBlock(blocks.CharBlock())
        note = blocks.CharBlock(search_index=False)

    class BodyWithFactbox(ArticleBodyBlock):
        factbox = Factbox()

    raw = [
        {
            "type": "factbox",
            "value": {
                "heading": "Số liệu",
                "items": [{"type": "item", "value": "120 tập thể", "id": "a"}, "35 cá nhân"],
                "note": "ghi chú nội bộ",
            },
        }
    ]
    assert body_text(raw, stream_block=BodyWithFactbox()) == "Số liệu 120 tập thể 35 cá nhân"


def test_unknown_or_malformed_blocks_are_skipped():
    assert body_text([{"type": "gone", "value": "x"}, {"type": "photo", "value": "not a dict"}, "junk"]) == ""
