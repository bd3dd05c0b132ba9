"""The parser, field by field, on invented exports of every shape."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from importer.parser import ExportError, parse_export, parse_timestamp, split_credit

FIXTURES = Path(__file__).parent / "fixtures"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORMAT_DOC = Path(__file__).resolve().parents[2].parent / "shared" / "formats" / "portal-text-export.md"


def parse(name):
    return parse_export((FIXTURES / name).read_bytes())


def photos(article):
    return [(p.number, p.caption, p.credit) for p in article.photos]


def test_dateline_sapo_time_and_numbered_photos_with_credits():
    article = parse("dateline_sapo_numbered_photos.txt")
    assert article.dateline == "Hà Nội"
    assert article.title == "Bộ Tư pháp biểu dương 40 điển hình tiên tiến năm 2021"
    assert article.source == "Chinhphu.vn"
    assert article.sapo.startswith("Chiều 11/1, Bộ Tư pháp tổ chức lễ biểu dương")
    assert article.published_at == dt.datetime(2022, 1, 11, 17, 7, tzinfo=VN)
    assert photos(article) == [
        (1, "Thứ trưởng trao Bằng khen cho các cá nhân tiêu biểu.", "VGP/Hoàng Giang"),
        (2, "Các đại biểu chụp ảnh lưu niệm", "VGP/Thu Trang"),
    ]
    assert article.paragraphs == [
        "Phát biểu tại buổi lễ, Thứ trưởng đề nghị các đơn vị tiếp tục nhân rộng mô hình hay.",
        "Năm 2022, Bộ đặt mục tiêu 100% đơn vị đăng ký thi đua ngay từ đầu năm.",
    ]
    assert article.byline is None
    kinds = [kind for kind, _ in article.body]
    assert kinds == ["photo", "paragraph", "photo", "paragraph"]  # photos stay where they were


def test_weekday_timestamp_and_single_space_separators_and_rating_chrome():
    article = parse("weekday_time_space_separators.txt")
    assert article.published_at == dt.datetime(2017, 1, 13, 12, 49, tzinfo=VN)
    assert article.source == "VGP" and article.dateline is None
    assert article.paragraphs == [
        "Giao ước gồm sáu nội dung trọng tâm, gắn với việc nâng cao chất lượng xét xử.",
        "Các đơn vị thống nhất tổ chức kiểm tra chéo vào tháng 11.",
    ]


def test_twelve_hour_time_dotted_separators_illustration_and_byline():
    article = parse("pm_time_dots_illustration_byline.txt")
    assert article.published_at == dt.datetime(2021, 9, 27, 12, 56, tzinfo=VN)
    assert article.source == "Baochinhphu.vn"
    assert photos(article) == [(1, "Thành phố Cần Thơ phát động thi đua chào mừng Đại hội Đảng bộ", "Ảnh minh họa")]
    assert article.paragraphs == [
        "Các quận, huyện đăng ký ít nhất một công trình chào mừng.",
        "Mỗi cơ quan lựa chọn một khâu đột phá để tập trung thực hiện.",
    ]
    assert article.byline == "Quang Hiếu"


def test_file_without_time_has_none_and_bare_caption_is_a_photo():
    article = parse("no_time_bare_caption_byline_stats.txt")
    assert article.published_at is None
    assert article.source is None
    # No "(Source) - " sapo: the first paragraph is the lead, and it leaves the body.
    assert article.lead_from_body
    assert article.sapo == "Sở Nội vụ tỉnh Yên Bái vừa tổ chức hội nghị sơ kết phong trào thi đua quý III năm 2024."
    assert article.sapo not in article.paragraphs
    assert photos(article) == [(1, "Toàn cảnh hội nghị sơ kết", None)]
    assert article.byline == "Thu Trang"
    assert "Tất cả" not in " ".join(article.paragraphs)
    assert article.paragraphs[-1] == "Hội nghị đề nghị khen thưởng 8 tập thể và 15 cá nhân./."


def test_time_after_sapo_and_city_dateline():
    article = parse("time_after_sapo_city_dateline.txt")
    assert article.dateline == "TP. Hồ Chí Minh"
    assert article.published_at == dt.datetime(2021, 9, 27, 12, 56, tzinfo=VN)
    assert article.sapo.startswith("Các gương điển hình")
    assert len(article.paragraphs) == 2


def test_chrome_glued_to_the_next_word_is_removed():
    article = parse("glued_chrome.txt")
    assert article.title == "Khối thi đua các tỉnh Tây Nguyên tổng kết năm 2022"
    assert article.paragraphs == [
        "Hội nghị do tỉnh Đắk Lắk, Trưởng khối năm 2022, chủ trì.",
        "Năm 2023, tỉnh Gia Lai được bầu làm Trưởng khối.",
    ]


def test_crlf_bom_nbsp_and_trailing_blanks_are_tolerated():
    crlf = parse("crlf_bom.txt")
    assert crlf.dateline == "Đà Nẵng" and crlf.title == "Đà Nẵng trao Cờ thi đua cho 5 đơn vị dẫn đầu"
    assert crlf.published_at == dt.datetime(2023, 2, 2, 10, 15, tzinfo=VN)
    nbsp = parse("nbsp_trailing_blanks.txt")
    assert nbsp.title == "Hội nghị tổng kết thi đua ngành Nội vụ"
    assert nbsp.source == "VGP" and nbsp.sapo == "Ngành Nội vụ hoàn thành 12 nhóm nhiệm vụ trọng tâm."
    assert nbsp.paragraphs == ["Bộ trưởng đánh giá cao sự nỗ lực của toàn ngành."]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "tệp rỗng"),
        ("blank.txt", "tệp rỗng"),
        ("latin1.txt", "không phải văn bản UTF-8"),
        ("binary.txt", "tệp nhị phân"),
        ("chrome_only.txt", "không có tiêu đề"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(name, reason):
    with pytest.raises(ExportError, match=reason):
        parse(name)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("11/01/2022 17:07", (2022, 1, 11, 17, 7)),
        ("27/09/2021 12:56", (2021, 9, 27, 12, 56)),
        ("Thứ sáu, 13/01/2017 12:49 GMT+7", (2017, 1, 13, 12, 49)),
        ("Chủ nhật, 5/3/2023 07:05 GMT+7", (2023, 3, 5, 7, 5)),
        ("12:56 PM, 27/09/2021", (2021, 9, 27, 12, 56)),
        ("12:10 AM, 27/09/2021", (2021, 9, 27, 0, 10)),
        ("09:05 AM, 14/03/2023", (2023, 3, 14, 9, 5)),
        ("07:30 PM, 01/02/2020", (2020, 2, 1, 19, 30)),
    ],
)
def test_every_timestamp_style_is_read_in_vietnam_time(line, expected):
    assert parse_timestamp(line) == dt.datetime(*expected, tzinfo=VN)


@pytest.mark.parametrize(
    "line", ["31/02/2023 10:00", "13:00 PM, 01/01/2020", "trước ngày 30/11/2023 17:00 sẽ xong", "30/11"]
)
def test_impossible_or_embedded_dates_are_not_timestamps(line):
    assert parse_timestamp(line) is None


def test_an_impossible_date_stays_in_the_text_rather_than_vanishing():
    article = parse_export("Tiêu đề bài viết thử nghiệm\n\n31/02/2023 10:00\n\nMột đoạn văn.\n".encode())
    assert article.published_at is None
    # Unmarked, the first paragraph becomes the lead: the impossible date is kept there, as text.
    assert article.sapo == "31/02/2023 10:00" and article.lead_from_body
    assert article.paragraphs == ["Một đoạn văn."]


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Trao Bằng khen. Ảnh: Nhật Minh", "Trao Bằng khen.", "Nhật Minh"),
        ("Quang cảnh hội nghị - Ảnh: VGP/Thu Trang", "Quang cảnh hội nghị", "VGP/Thu Trang"),
        ("Quang cảnh hội nghị (Ảnh: VGP/Thu Trang)", "Quang cảnh hội nghị", "VGP/Thu Trang"),
        ("Lễ ký kết Ảnh minh họa", "Lễ ký kết", "Ảnh minh họa"),
        ("Chỉ có chú thích", "Chỉ có chú thích", None),
    ],
)
def test_credit_is_split_from_the_caption(text, caption, credit):
    assert split_credit(text) == (caption, credit)


def test_marker_with_retyped_title_still_counts_and_unrelated_photo_words_stay_text():
    export = (
        "Tỉnh Lai Châu khen thưởng 30 tập thể tiêu biểu\n\n"
        "(Chinhphu.vn) - Lễ khen thưởng diễn ra sáng nay.\n\n"
        "Tỉnh Lai Châu khen thưởng 30 tập thể tiêu biểu  - Ảnh 1.\n\n"
        "Các tập thể nhận Bằng khen. Ảnh: Đức Tuân\n\n"
        "Triển lãm có chủ đề Ảnh 2 năm đổi mới, thu hút nhiều khách tham quan.\n"
    )
    article = parse_export(export.encode())
    assert photos(article) == [(1, "Các tập thể nhận Bằng khen.", "Đức Tuân")]
    assert article.paragraphs == ["Triển lãm có chủ đề Ảnh 2 năm đổi mới, thu hút nhiều khách tham quan."]


def test_consecutive_markers_keep_both_photos_without_captions_stolen():
    export = (
        "Tiêu đề có hai ảnh liền nhau\n\n"
        "Tiêu đề có hai ảnh liền nhau - Ảnh 1.\n"
        "Tiêu đề có hai ảnh liền nhau - Ảnh 2.\n"
        "Chú thích ảnh hai. Ảnh: TTXVN\n\n"
        "Đoạn cuối bài.\n"
    )
    article = parse_export(export.encode())
    assert photos(article) == [(1, None, None), (2, "Chú thích ảnh hai.", "TTXVN")]


def doc_examples():
    if not FORMAT_DOC.exists():
        return []
    return re.findall(r"```\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.skipif(not FORMAT_DOC.exists(), reason="shared/formats/portal-text-export.md is not beside the project")
def test_every_example_in_the_format_document_reads_as_an_editor_reads_it():
    one, two, three, four = (parse_export(block.encode()) for block in doc_examples())
    assert (one.dateline, one.source, one.published_at) == (
        "Đà Nẵng",
        "Chinhphu.vn",
        dt.datetime(2023, 2, 5, 9, 30, tzinfo=VN),
    )
    assert photos(one) == [(1, "Giám đốc Sở trao Bằng khen cho các tập thể tiêu biểu.", "Thanh Tùng")]
    assert len(one.paragraphs) == 2 and one.byline is None
    assert (two.dateline, two.source, two.published_at) == (None, None, dt.datetime(2023, 3, 6, 8, 15, tzinfo=VN))
    assert two.lead_from_body and two.sapo.startswith("Ban Thường vụ Công đoàn ngành vừa ban hành kế hoạch")
    assert len(two.paragraphs) == 1 and not two.photos
    assert (three.published_at, three.byline) == (None, "Minh Anh")
    assert photos(three) == [(1, "Các đại biểu dự hội nghị sơ kết", None)]
    assert three.paragraphs[-1].endswith("thành tích xuất sắc./.")
    assert (four.published_at, four.byline, four.source) == (
        dt.datetime(2023, 3, 14, 9, 5, tzinfo=VN),
        "Lan Hương",
        "Chinhphu.vn",
    )
    assert photos(four) == [(1, "Khối thi đua các cơ quan Trung ương ký giao ước năm 2023", "Ảnh minh họa")]
    assert four.paragraphs == [
        "Nội dung thứ nhất là nâng cao chất lượng tham mưu.",
        "Nội dung thứ hai là đẩy mạnh chuyển đổi số.",
    ]
