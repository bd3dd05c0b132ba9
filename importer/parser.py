"""Turn a plain-text export of an old portal's article page into structured parts.

The exports are what "save as text" or a scraper gave: one line per paragraph,
page chrome mixed in, photos reduced to a marker line ("<title> - Ảnh 1.") and a
caption line. The parser never invents: a part it cannot find is ``None``, and
every line it does not recognise as chrome, title, time, sapo, photo or byline
stays a paragraph, in order, with its text unchanged.

``parse_export(data)`` takes bytes and returns an ``ExportedArticle`` or raises
``ExportError`` with a Vietnamese reason.
"""

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class ExportError(ValueError):
    """The file cannot be imported; the message says why, in Vietnamese."""


@dataclass
class Photo:
    number: int
    caption: str | None
    credit: str | None
    # Saved web pages only: the picture's address as written in the page (``x_files/a.jpg``). The
    # importer resolves it inside the export's folder or refuses it; the parser never opens files.
    picture: str | None = None


@dataclass
class RichParagraph:
    """A paragraph of a saved web page: its text, and its markup already cleaned to rich text."""

    text: str
    html: str


@dataclass
class ExportedArticle:
    title: str
    dateline: str | None = None
    source: str | None = None
    sapo: str | None = None
    published_at: dt.datetime | None = None
    byline: str | None = None
    photos: list[Photo] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # Paragraphs and photos in reading order: ("paragraph", text) / ("richtext", RichParagraph) /
    # ("photo", Photo).
    body: list[tuple[str, object]] = field(default_factory=list)
    # True when the file marked no sapo and its first paragraph was taken as the lead.
    lead_from_body: bool = False

    def as_json(self, file_name):
        data = asdict(self)
        data.pop("body")
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return {"file": file_name, **data}


# --- page chrome -----------------------------------------------------------

CHROME_LINES = (
    "Top",
    "Đánh giá",
    "(Di chuột vào ngôi sao để chọn điểm)",
    "capcha_img",
    "captcha_img",
    "Thống kê truy cập",
    "Đăng nhập",
)
STATS_LINE = re.compile(r"^[•·*\-–]?\s*(Đang online|Hôm nay|Trong tuần|Tất cả)\s*:\s*[\d.,]*\s*$", re.IGNORECASE)
SEPARATOR_LINE = re.compile(r"^[.\s]*$")


def _strip_glued_chrome(line):
    """'TopVăn phòng…' -> 'Văn phòng…': chrome stuck to the next word, at the start of a line."""
    changed = True
    while changed:
        changed = False
        for token in CHROME_LINES:
            if line.startswith(token) and len(line) > len(token):
                following = line[len(token)]
                if following.isupper() or following.isdigit() or following in '“"(':
                    line = line[len(token) :]
                    changed = True
    return line


def _is_chrome(line):
    return line in CHROME_LINES or STATS_LINE.match(line) is not None


# --- timestamps ---------------------------------------------------------------

WEEKDAY = r"(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|2|3|4|5|6|7)|Chủ\s+nhật|CN)"
DATE = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
ZONE = r"(?:\s*\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::?00)?\s*\)?)?"
TIMESTAMP_PATTERNS = [
    re.compile(rf"^(?:{WEEKDAY}\s*,\s*)?{DATE}\s*[,-]?\s*{TIME}{ZONE}$", re.IGNORECASE),
    re.compile(rf"^{TIME}\s*(?P<ampm>AM|PM|SA|CH){ZONE}\s*,?\s*(?:{WEEKDAY}\s*,\s*)?{DATE}$", re.IGNORECASE),
    re.compile(rf"^{TIME}{ZONE}\s*,?\s*(?:{WEEKDAY}\s*,\s*)?{DATE}$", re.IGNORECASE),
]


def parse_timestamp(line):
    """A line that is only a publication time -> aware datetime in Vietnam time, else None."""
    text = line.strip()
    for pattern in TIMESTAMP_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        hour = int(parts["H"])
        ampm = (parts.get("ampm") or "").upper()
        if ampm:
            if not 1 <= hour <= 12:
                return None
            if ampm in ("PM", "CH") and hour != 12:
                hour += 12
            elif ampm in ("AM", "SA") and hour == 12:
                hour = 0
        try:
            return dt.datetime(
                int(parts["y"]),
                int(parts["m"]),
                int(parts["d"]),
                hour,
                int(parts["M"]),
                int(parts["S"] or 0),
                tzinfo=VIETNAM,
            )
        except ValueError:
            return None  # 31/02/2023 is not a time; the line stays text
    return None


# --- sapo, photos, captions, byline -------------------------------------------

SAPO = re.compile(r"^\((?P<source>[^()]{2,40})\)\s*[-–—]\s*(?P<text>\S.*)$")
MARKER = re.compile(r"^(?P<prefix>.*?)\s*[-–]?\s*Ảnh\s+(?P<number>\d{1,3})\s*[.:]?\s*$")
CREDIT = re.compile(r"^(?P<caption>.*?)[\s\-–(]*\bẢnh\s*:\s*(?P<credit>[^()]+?)\s*\)?\s*$")
ILLUSTRATION = re.compile(r"^(?P<caption>.*?)[\s\-–(]*(?P<credit>Ảnh\s+minh\s+h(?:ọa|oạ))\s*\)?\s*\.?$", re.IGNORECASE)
SENTENCE_END = (".", "!", "?", "…", ":", ";", "/.", "”", '"')
SHORT_CAPTION_WORDS = 25
CAPTION_MAX_CHARS = 400
CREDIT_MAX_CHARS = 60


def _normalise_key(text):
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\s\W_]+", " ", text).strip()


def _is_title_repeat(prefix, title):
    """The marker repeats the title, sometimes trimmed or retyped."""
    if not prefix:
        return True
    a, b = _normalise_key(prefix), _normalise_key(title)
    return a == b or (len(a) > 10 and (b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() > 0.85))


def split_credit(text):
    """'Caption. Ảnh: VGP/Thu Trang' -> ('Caption.', 'VGP/Thu Trang'); illustration labels kept whole."""
    for pattern in (CREDIT, ILLUSTRATION):
        match = pattern.match(text)
        if match and len(match.group("credit")) <= CREDIT_MAX_CHARS:
            caption = match.group("caption").rstrip(" -–(").strip() or None
            return caption, match.group("credit").strip()
    return text.strip() or None, None


def _words(text):
    return text.split()


def _looks_like_place(line):
    """Datelines are short Title Case place names: 'Hà Nội', 'TP. Hồ Chí Minh', 'Bà Rịa - Vũng Tàu'."""
    words = [w for w in _words(line) if w not in {"-", "–"}]
    if not 1 <= len(words) <= 5 or len(line) > 40 or any(ch.isdigit() for ch in line):
        return False
    if line.endswith(SENTENCE_END) and not line.endswith("."):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


def _looks_like_byline(line):
    """Bylines are short personal names: 'Minh Anh', 'Nguyễn Thu Trang', maybe '(tổng hợp)'."""
    core = re.sub(r"\s*\((?:tổng hợp|TH|lược dịch|theo .+)\)\s*$", "", line, flags=re.IGNORECASE)
    core = re.sub(r"^(?:Theo\s+)", "", core)
    words = _words(core)
    if not 1 <= len(words) <= 6 or len(core) > 60 or any(ch.isdigit() for ch in core):
        return False
    if core.endswith(SENTENCE_END):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


def _looks_like_short_caption(line):
    """A caption without marker: a short line that is not a sentence."""
    if len(_words(line)) > SHORT_CAPTION_WORDS or line.endswith(SENTENCE_END):
        return False
    if re.match(r"^(?:[IVX]+|\d+)[.)]\s", line):  # "1. Kết quả…": a numbered heading, not a caption
        return False
    return not line.isupper()


# --- decoding -------------------------------------------------------------------


def decode_export(data):
    if not data or not data.strip():
        raise ExportError("tệp rỗng")
    if b"\x00" in data:
        raise ExportError("tệp nhị phân, không phải văn bản")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExportError(f"không phải văn bản UTF-8 (byte lỗi ở vị trí {error.start})") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > max(4, len(text) // 200):
        raise ExportError("tệp nhị phân, không phải văn bản")
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u200b", "")
    return unicodedata.normalize("NFC", text)


def meaningful_lines(text):
    """Lines with content, chrome removed; separators (blank, ' ', '.') dropped."""
    lines = []
    for raw in text.split("\n"):
        line = _strip_glued_chrome(raw.strip()).strip()
        if SEPARATOR_LINE.match(line) or _is_chrome(line):
            continue
        lines.append(re.sub(r"[ \t]+", " ", line))
    return lines


# --- the parse ---------------------------------------------------------------------


def parse_export(data):
    lines = meaningful_lines(decode_export(data))
    if not lines:
        raise ExportError("không có tiêu đề (tệp chỉ có phần khung trang)")

    # Publication time: the first line that is nothing but a timestamp.
    published_at = None
    for index, line in enumerate(lines):
        moment = parse_timestamp(line)
        if moment is not None:
            published_at = moment
            del lines[index]
            break
    if not lines:
        raise ExportError("không có tiêu đề")

    # Dateline: a short place name directly above the title.
    dateline = None
    if (
        len(lines) >= 2
        and _looks_like_place(lines[0])
        and not SAPO.match(lines[1])
        and len(lines[1]) > len(lines[0])
        and not _looks_like_place(lines[1])
    ):
        dateline = lines.pop(0)
    title = lines.pop(0)
    if SAPO.match(title) or len(title) < 2:
        raise ExportError("không có tiêu đề")

    # Sapo: the first line after the title, when it carries "(Source) - ".
    source = sapo = None
    if lines:
        match = SAPO.match(lines[0])
        if match:
            source, sapo = match.group("source").strip(), match.group("text").strip()
            lines.pop(0)

    # Byline: a short personal name as the very last line.
    byline = None
    if lines and _looks_like_byline(lines[-1]) and len(lines) >= 2:
        byline = lines.pop()

    article = ExportedArticle(
        title=title, dateline=dateline, source=source, sapo=sapo, published_at=published_at, byline=byline
    )
    _read_body(lines, article)
    take_lead(article)
    return article


def take_lead(article):
    """No "(Source) - " sapo: the first body paragraph is the lead (portal-text-export.md).

    It moves out of the body, so the article does not show it twice; photos before it stay.
    """
    if article.sapo:
        return
    for index, (kind, item) in enumerate(article.body):
        if kind not in ("paragraph", "richtext"):
            continue
        text = item if kind == "paragraph" else item.text
        del article.body[index]
        article.paragraphs.remove(text)
        article.sapo = text
        article.lead_from_body = True
        return


def _read_body(lines, article):
    number = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = MARKER.match(line)
        if marker and _is_title_repeat(marker.group("prefix").strip(" -–"), article.title):
            number += 1
            caption = credit = None
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is not None and not _starts_photo(following, article.title):
                candidate_caption, candidate_credit = split_credit(following)
                if candidate_credit or len(following) <= CAPTION_MAX_CHARS:
                    caption, credit = candidate_caption, candidate_credit
                    index += 1
            _add_photo(article, number, caption, credit)
            index += 1
            continue
        caption, credit = split_credit(line)
        previous_is_text = bool(article.body) and article.body[-1][0] == "paragraph"
        has_next = index + 1 < len(lines)
        if credit and (len(line) <= CAPTION_MAX_CHARS):
            number += 1
            _add_photo(article, number, caption, credit)
        elif previous_is_text and has_next and _looks_like_short_caption(line):
            number += 1
            _add_photo(article, number, line, None)
        else:
            article.paragraphs.append(line)
            article.body.append(("paragraph", line))
        index += 1


def _starts_photo(line, title):
    marker = MARKER.match(line)
    return bool(marker and _is_title_repeat(marker.group("prefix").strip(" -–"), title))


def _add_photo(article, number, caption, credit):
    photo = Photo(number=number, caption=caption, credit=credit)
    article.photos.append(photo)
    article.body.append(("photo", photo))
