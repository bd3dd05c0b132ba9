"""Turn a saved web page ("Save page as…": ``bai-viet.html`` beside ``bai-viet_files/``) into structured parts.

It gives the same anatomy as the text parser (``importer.parser``): title, dateline, source and sapo,
publication time, byline, numbered photos with caption and credit, body paragraphs in reading order.
Body paragraphs come as ``("richtext", RichParagraph(text, html))``: the html is already Wagtail's
database format, cleaned by Wagtail's own whitelister for the article body's rich-text features, so
nothing from an old page (scripts, event handlers, styles, ``javascript:`` links) can reach the site.

A page is found, not assumed: the article container is the element holding the title and most of the
page's running text, so the parser does not need a list of every portal's class names. Class names only
help to recognise the parts (sapo, time, author) and the chrome (menus, share bars, ratings, statistics).

Pictures are returned as written in the page (``Photo.picture``), never opened or resolved: the importer
decides whether an address stays inside the export's folder.

``parse_html_export(data)`` takes bytes and returns an ``ExportedArticle`` or raises ``ExportError`` with a
Vietnamese reason.
"""

import codecs
import datetime as dt
import difflib
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag, XMLParsedAsHTMLWarning
from django.utils.html import escape

from .parser import (
    CAPTION_MAX_CHARS,
    CHROME_LINES,
    SAPO,
    VIETNAM,
    ExportedArticle,
    ExportError,
    Photo,
    RichParagraph,
    _is_chrome,
    _looks_like_byline,
    _looks_like_place,
    _normalise_key,
    _strip_glued_chrome,
    parse_timestamp,
    split_credit,
    take_lead,
)


# What the article body's paragraph block allows (news.blocks.ArticleBodyBlock.paragraph, read from there
# so the two never drift): the cleaned html must not carry more than an editor could have typed.
def body_features():
    from news.blocks import ArticleBodyBlock

    return list(ArticleBodyBlock.base_blocks["paragraph"].features)


# --- decoding ------------------------------------------------------------------------------

CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HTML_TAG = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|title|h1|p|div|table|article)\b", re.IGNORECASE)
# Unicode's control characters (category Cc) other than the whitespace ones "\n\r\t\f\v": one regex pass, not
# a category lookup per character.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _codec(name):
    try:
        return codecs.lookup(name.decode("ascii", "replace")).name
    except LookupError:
        return None


def decode_html(data):
    """Bytes -> text: a byte-order mark, else the declared charset, else UTF-8 (what browsers save).

    Bytes that are valid UTF-8 are read as UTF-8 whatever the page declares: Chrome rewrites the page in
    UTF-8 but may keep an old ``windows-1258``/``iso-8859-1`` declaration, while Vietnamese really written in
    a legacy code page is practically never valid UTF-8.
    """
    if not data or not data.strip():
        raise ExportError("tệp rỗng")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in data:
            raise ExportError("tệp nhị phân, không phải trang HTML")
        match = CHARSET.search(data[:8192])
        declared = _codec(match.group(1)) if match else None
        text = None
        if declared and declared != "utf-8" and not _is_utf8(data):
            try:
                text = data.decode(declared)
            except (UnicodeDecodeError, LookupError):  # LookupError: "rot13", "base64" are not text encodings
                text = None
        if text is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"khai báo bảng mã {match.group(1).decode('ascii', 'replace')}" if match else "không khai báo"
                raise ExportError(
                    f"không đọc được bảng mã của trang ({reason}; byte lỗi ở vị trí {error.start})"
                ) from None
    controls = len(CONTROLS.findall(text))
    if controls > max(4, len(text) // 200):
        raise ExportError("tệp nhị phân, không phải trang HTML")
    if not text.strip():
        raise ExportError("tệp rỗng")
    if not HTML_TAG.search(text):
        raise ExportError("không phải trang HTML (không có thẻ html, body, p, div…)")
    return text


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_text(text):
    """Text as a reader sees it: NFC, no-break and zero-width spaces normalised."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u200b", "").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def squash(text):
    return re.sub(r"\s+", " ", clean_text(text)).strip()


# --- what a page is made of -----------------------------------------------------------------

# Never content, wherever they are. Forms are not here: old ASP.NET portals wrap the whole page in one.
DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "template",
    "link",
    "meta",
    "base",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "label",
    "map",
    "area",
    "param",
    "dialog",
}
BLOCK_TAGS = {
    "html",
    "body",
    "main",
    "article",
    "section",
    "div",
    "p",
    "header",
    "footer",
    "aside",
    "nav",
    "menu",
    "form",
    "fieldset",
    "legend",
    "address",
    "blockquote",
    "center",
    "pre",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "hr",
    "details",
    "summary",
}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
# A <br> splits a paragraph only when doubled inside these; elsewhere (loose text in a div/td) any <br> does.
PARAGRAPH_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote", "figcaption", "address"}
CHROME_TAGS = {"header", "nav", "footer", "aside", "menu"}


def _tokens(tag):
    """Class and id words, lower case: 'detail-sapo' -> {'detail', 'sapo'}; 'lblNgayDang' -> {'lbl', 'ngay', 'dang'}."""
    return _split_tokens(" ".join([*(tag.get("class") or []), tag.get("id") or ""]))


@lru_cache(maxsize=4096)
def _split_tokens(raw):
    """A page repeats a few class names on many tags, and each tag is asked several times: split each once."""
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw)
    words = frozenset(w for w in re.split(r"[\s_\-:.]+", raw.lower()) if w)
    return words, re.sub(r"[\s_\-:.]+", "", raw.lower())


def _classed(tag, words=(), fragments=()):
    """Whether the tag's class/id has one of ``words`` as a word or one of ``fragments`` anywhere."""
    if not isinstance(tag, Tag) or not tag.attrs:
        return False
    tokens, joined = _tokens(tag)
    return bool(tokens.intersection(words)) or any(f in joined for f in fragments)


TITLE_CLASS = ({"title", "headline", "tieude", "heading"}, ("tieude", "newstitle", "articletitle", "detailtitle"))
SAPO_CLASS = (
    {"sapo", "lead", "summary", "description", "desc", "tomtat", "chapeau", "intro", "teaser", "abstract", "excerpt"},
    ("sapo", "tomtat", "tomluoc", "trichyeu"),
)
TIME_CLASS = (
    {"time", "date", "datetime", "pubdate", "published", "publish", "created", "posted", "ngaydang", "thoigian"},
    ("ngaydang", "thoigian", "ngayxuatban", "publishdate", "postdate", "datetime", "createddate"),
)
AUTHOR_CLASS = (
    {"author", "byline", "writer", "tacgia", "signature"},
    ("tacgia", "author", "byline", "nguoiviet", "butdanh"),
)
DATELINE_CLASS = ({"dateline", "location", "diadiem"}, ("dateline", "diadiem"))
CHROME_CLASS = (
    {
        "header",
        "footer",
        "menu",
        "nav",
        "navbar",
        "navigation",
        "breadcrumb",
        "breadcrumbs",
        "share",
        "sharing",
        "social",
        "rating",
        "rate",
        "vote",
        "comment",
        "comments",
        "related",
        "other",
        "banner",
        "adv",
        "ads",
        "advert",
        "qc",
        "sidebar",
        "widget",
        "statistic",
        "statistics",
        "stats",
        "counter",
        "visitor",
        "toolbar",
        "tools",
        "print",
        "tags",
        "tag",
        "keywords",
        "login",
        "search",
        "copyright",
        "popup",
        "modal",
        "pager",
        "pagination",
        "sitemap",
        "weather",
        "poll",
    },
    (
        "breadcrumb",
        "captcha",
        "capcha",
        "danhgia",
        "binhluan",
        "ykien",
        "lienquan",
        "tinkhac",
        "cungchuyenmuc",
        "thongke",
        "truycap",
        "quangcao",
        "chiase",
        "toolbar",
        "sharebar",
        "facebook",
        "zalo",
        "twitter",
    ),
)
RELATED_HEADING = re.compile(
    r"^(?:Tin|Bài|Bài viết|Các tin|Các bài|Tin bài|Xem thêm)\s*"
    r"(?:liên quan|khác|đã đưa|cùng chuyên mục|cùng loại|mới|mới nhất|đọc nhiều|xem nhiều)?\s*"
    r"(?:tin|bài)?\s*:?$",
    re.IGNORECASE,
)
# Lines of page chrome seen on saved pages besides the text exports' (importer.parser.CHROME_LINES).
HTML_CHROME = re.compile(
    r"^(?:In bài(?: viết)?|In trang|Gửi (?:bài|email|e-mail|tin)(?: viết)?|Chia sẻ:?|Lưu bài(?: viết)?|Lên đầu trang|"
    r"Về đầu trang|Quay lại|Trở về|Phản hồi|Gửi ý kiến(?: phản hồi)?|Ý kiến bạn đọc|Bình luận|Đánh giá:?|"
    r"Lượt xem\s*:?\s*[\d.,]*|Số lượt xem\s*:?\s*[\d.,]*|Cỡ chữ\s*:?(?:\s*A[+-]?)*|(?:A[+-]?\s*)+|Bản in|Tweet|Like|"
    r"Share|Zalo|Facebook|"
    r"(?:Hôm qua|Tuần này|Tháng này|Trong tháng|Năm nay|Đang truy cập|Lượt truy cập|Số lượt truy cập|"
    r"Tổng (?:số )?lượt truy cập|Khách|Thành viên)\s*:\s*[\d.,]*)$",
    re.IGNORECASE,
)
CHROME_IMAGE_WORDS = {
    "icon",
    "icons",
    "ico",
    "logo",
    "banner",
    "spacer",
    "pixel",
    "blank",
    "star",
    "stars",
    "rating",
    "btn",
    "button",
    "share",
    "facebook",
    "fb",
    "zalo",
    "twitter",
    "print",
    "email",
    "mail",
    "arrow",
    "bullet",
    "loading",
    "loader",
    "ajax",
}
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src")
# What a site name in <title> looks like ("Báo cáo…" is a report, not a newspaper).
SITE_WORDS = re.compile(
    r"^(?:Cổng|Báo(?!\s+cáo)|Trang (?:tin|thông tin|chủ)|Tạp chí|Website|Portal|Tin tức)\b"
    r"|\.(?:vn|gov|com|net|org)\b|TTĐT|Thông tin điện tử|Điện tử",
    re.IGNORECASE,
)
TITLE_SEPARATOR = re.compile(r"\s+(?:[-|–—»«:]|::)\s+")
SAFE_LINK = re.compile(r"^(?:https?://|mailto:|tel:)", re.IGNORECASE)


def _style(tag):
    return re.sub(r"\s+", "", (tag.get("style") or "").lower()) if isinstance(tag, Tag) else ""


def _hidden(tag):
    style = _style(tag)
    return "display:none" in style or "visibility:hidden" in style or tag.has_attr("hidden")


def _gone(tag):
    """``tag.decomposed``, without its cost: on a live tag bs4 answers the unknown attribute ``_decomposed`` by
    searching the whole subtree for a descendant of that name (there is none: html.parser names start with a
    letter), while ``decompose()`` sets it in the instance dictionary."""
    return "_decomposed" in tag.__dict__


def _named(node, names):
    """``node.find_all(names)`` for a set of tag names: same tags, same order, without bs4's matching machinery
    (html.parser gives no namespace prefixes, so a name matches only itself)."""
    return [element for element in node.descendants if isinstance(element, Tag) and element.name in names]


def _text_lengths(tag):
    """Characters of visible text in the tag: (all of them, those outside links). One walk: a string is in a
    link when an <a> holds it at any height, the tag's own ancestors included."""
    linked = {id(tag): tag.name == "a" or any(parent.name == "a" for parent in tag.parents)}
    total = free = 0
    for node in tag.descendants:
        if isinstance(node, Tag):
            linked[id(node)] = node.name == "a" or linked[id(node.parent)]
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            length = len(node.strip())
            if length:
                total += length
                if not linked[id(node.parent)]:
                    free += length
    return total, free


def _link_share(tag):
    total, free = _text_lengths(tag)
    return (total - free) / total if total else 0.0


# --- the page: head, title, container ------------------------------------------------------------


def _meta(soup, *names, metas=None):
    """The first named <meta>'s content; ``metas`` (the page's <meta> tags in order) saves searching again."""
    if metas is None:
        metas = _named(soup, {"meta"})
    for name in names:
        tag = next((m for m in metas if m.get("property") == name), None) or next(
            (m for m in metas if m.get("name") == name), None
        )
        if tag and tag.get("content", "").strip():
            return squash(tag["content"])
    return None


def _strip_site_name(title, site_names):
    """'Tiêu đề bài - Cổng TTĐT Chính phủ' -> 'Tiêu đề bài'; a title's own ' - ' stays."""
    for site in filter(None, site_names):
        if title.endswith(site) and len(title) > len(site) + 5:
            head = title[: -len(site)]
            stripped = re.sub(r"\s*(?:[-|–—»«:]|::)\s*$", "", head).strip()
            if stripped and stripped != head.strip():
                return stripped
    while True:
        matches = list(TITLE_SEPARATOR.finditer(title))
        if not matches:
            break
        tail = title[matches[-1].end() :].strip()
        if SITE_WORDS.search(tail) and len(tail) <= 80 and matches[-1].start() >= 10:
            title = title[: matches[-1].start()]
        else:
            break
    first = TITLE_SEPARATOR.search(title)
    if first and SITE_WORDS.search(title[: first.start()].strip()) and len(title) - first.end() > first.start():
        title = title[first.end() :]  # "Cổng TTĐT tỉnh | Tiêu đề": the site name first
    return title.strip()


def _similar(a, b):
    a, b = _normalise_key(a), _normalise_key(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if len(a) > 10 and (b.startswith(a) or a.startswith(b)):
        return 0.95
    return difflib.SequenceMatcher(None, a, b).ratio()


def _find_title(body, head_title):
    """The article's title element: its <h1>, else an element classed title, else one repeating <title>.

    With a <title> to compare, the candidate most like it wins: the site's name in an <h1> does not.
    """
    headings = [
        h1
        for h1 in body.find_all("h1")
        if _plain(h1) and not _in_page_chrome(h1) and not _classed(h1, {"logo", "site"}, ("logo",))
    ]
    if headings and not head_title:
        return max(headings, key=lambda tag: len(_plain(tag)))
    if headings and max(_similar(_plain(h1), head_title) for h1 in headings) >= 0.6:
        return max(headings, key=lambda tag: _similar(_plain(tag), head_title))
    classed = [
        tag
        for tag in body.find_all(True)
        if tag.name not in ("html", "body", "a", "img")
        and _classed(tag, *TITLE_CLASS)
        and 5 <= len(_plain(tag)) <= 300
        and not _in_page_chrome(tag)
    ]
    # The innermost of nested title elements (<td class="title"><span class="Title">).
    classed = [c for c in classed if not any(_inside(other, c) for other in classed if other is not c)]
    if head_title:
        classed = [c for c in classed if _similar(_plain(c), head_title) >= 0.6]
        key = _normalise_key(head_title)
        for tag in body.find_all(["h2", "h3", "strong", "b", "span", "td", "div", "p", "font"]):
            if _normalise_key(tag.get_text()) == key and not any(
                _normalise_key(child.get_text()) == key for child in tag.find_all(True)
            ):
                classed.append(tag)
                break
        if classed:
            return max(classed, key=lambda tag: _similar(_plain(tag), head_title))
        # Nothing repeats <title>: some portals keep one <title> for every page. An <h1> that is not the
        # site's name is still the article's title; otherwise <title> gives the text.
        headings = [h1 for h1 in headings if not SITE_WORDS.search(_plain(h1))]
        return max(headings, key=lambda tag: len(_plain(tag))) if headings else None
    if classed:
        return max(classed, key=lambda tag: len(_plain(tag)))
    return None


def _plain(tag):
    """An element's text as a reader sees it: no space invented between <b>x</b>y, blocks on one line."""
    blocks = [item.text for item in Reader(None).read(tag) if isinstance(item, Block)]
    return squash(" ".join(blocks))


def _find_content(body):
    """The deepest element holding most of the page's running text (60 % of it, links not counted) and
    most of its paragraphs: one long paragraph is not the article."""
    lengths, paragraphs_in = _measure(body)
    node = body
    total = lengths[id(body)]
    paragraphs = paragraphs_in[id(body)]
    if not total:
        return body
    while True:
        best = None
        for child in node.contents:
            if not isinstance(child, Tag):
                continue
            if lengths[id(child)] >= 0.6 * total and (paragraphs < 2 or paragraphs_in[id(child)] >= 0.5 * paragraphs):
                best = child
                break
        if best is None or best.name not in BLOCK_TAGS or best.name in PARAGRAPH_TAGS:
            return node
        node = best


def _measure(root):
    """For the root and every tag under it, by ``id()``: characters of visible text outside links, and
    paragraphs of running text (<p>-like elements with 20 such characters, and <br>s: old pages break lines).
    One walk down and one back up instead of a search per tag; valid until the tree changes."""
    linked = {id(root): root.name == "a" or any(parent.name == "a" for parent in root.parents)}
    lengths = {id(root): 0}
    paragraphs = {id(root): 0}
    tags = []
    for node in root.descendants:
        if isinstance(node, Tag):
            linked[id(node)] = node.name == "a" or linked[id(node.parent)]
            lengths[id(node)] = 0
            paragraphs[id(node)] = 0
            tags.append(node)
        elif isinstance(node, NavigableString) and not isinstance(node, Comment) and not linked[id(node.parent)]:
            lengths[id(node.parent)] += len(node.strip())
    for tag in reversed(tags):  # every descendant of a tag comes after it in document order
        key, parent = id(tag), id(tag.parent)
        lengths[parent] += lengths[key]
        paragraphs[parent] += paragraphs[key] + (tag.name == "br") + (tag.name in PARAGRAPH_TAGS and lengths[key] >= 20)
    return lengths, paragraphs


def _common_ancestor(a, b):
    if a is None:
        return b
    chain = {id(node) for node in [a, *a.parents]}
    for node in [b, *b.parents]:
        if id(node) in chain:
            return node
    return b


def _inside(node, ancestor):
    """Identity, not equality: bs4 compares tags by their markup, and two empty <p>s are 'equal'."""
    return node is ancestor or any(parent is ancestor for parent in node.parents)


def _holding(protected):
    """``id()``s of the protected elements and of every element holding one: ``id(tag) in _holding(protected)``
    is ``any(_inside(p, tag) for p in protected)``, valid while those elements stay where they are."""
    ids = set()
    for element in protected:
        ids.add(id(element))
        ids.update(id(parent) for parent in element.parents)
    return ids


def _in_page_chrome(tag):
    """Inside the site's header, menu or footer (an <article>'s own <header> is not chrome)."""
    chrome = False
    for parent in tag.parents:
        if parent.name == "article":
            return False
        chrome = chrome or parent.name in CHROME_TAGS
    return chrome


# --- parts found by their class -----------------------------------------------------------------


def _classed_part(container, classes, max_chars, protected):
    """The first element classed like a part (sapo, time…), never one holding the title or the text, nor a
    picture's caption (<p class="desc"> under a photo is not the sapo)."""
    holding = _holding(protected)
    for tag in container.find_all(True):
        # The cheap test first: most tags have no class at all.
        if not _classed(tag, *classes) or tag.name in ("html", "body", "a", "img", "figcaption") or id(tag) in holding:
            continue
        if any(parent.name in ("figure", "figcaption") for parent in tag.parents):
            continue
        text = squash(tag.get_text(" "))
        if text and len(text) <= max_chars:
            return tag
    return None


def _iso_time(value):
    if not value:
        return None
    value = value.strip().replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", value.strip()) else value.strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        if len(value) <= 10:
            return None  # a date alone is not a publication time; the parser does not invent the hour
        return moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def find_timestamp(text):
    """A publication time inside a short line: 'Cập nhật: 11/01/2022 17:07 | Lượt xem: 120' -> datetime."""
    for segment in re.split(r"\s*[|•·\n]\s*", text):
        segment = segment.strip(" -–,")
        moment = parse_timestamp(segment)
        if moment:
            return moment
        for start in re.finditer(r"(?:Thứ|Chủ nhật|CN\b|\d)", segment, flags=re.IGNORECASE):
            head = segment[start.start() :]
            for end in range(len(head), 9, -1):
                moment = parse_timestamp(head[:end])
                if moment:
                    return moment
    return None


# --- reading order: blocks and photos -------------------------------------------------------------


@dataclass
class Leaf:
    text: str | None  # None for a line break
    chain: tuple  # the formatting around it: ("b",), ("i",), ("a", href)…


@dataclass(eq=False)
class Block:
    kind: str  # "p", "h2", "h3", "ul", "ol", "title"
    leaves: list = field(default_factory=list)
    items: list = field(default_factory=list)  # lists: one list of leaves per item
    element: Tag | None = None
    text: str = ""
    markup: str = ""  # the block's html before cleaning; cleaned into ``html`` only if it reaches the article
    html: str = ""


@dataclass(eq=False)
class Picture:
    src: str
    caption: str | None = None  # from <figcaption> or a caption table; else the line after it, if one fits


def _formatting(tag):
    """What an inline element means in rich text: bold, italic, a safe link, or nothing."""
    name = tag.name
    style = _style(tag)
    if name in ("b", "strong"):
        return ("b",)
    if name in ("i", "em", "cite"):
        return ("i",)
    if name == "a":
        href = (tag.get("href") or "").strip()
        if SAFE_LINK.match(href) and not re.search(r"[\x00-\x20\"'<>`]", href):
            return ("a", href)
        return None
    if re.search(r"font-weight:(?:bold|bolder|[6-9]00)", style):
        return ("b",)
    if "font-style:italic" in style:
        return ("i",)
    return None


class Reader:
    """Walks the article container once, in document order, into blocks and pictures."""

    def __init__(self, title_element):
        self.title_element = title_element
        self.items = []
        self.leaves = []
        self.block = None

    def read(self, node):
        self.block = node
        self._walk(node, ())
        self._flush()
        return self.items

    def _walk(self, node, chain):
        for child in list(node.children):
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                if child.strip() or self.leaves:
                    self.leaves.append(Leaf(str(child), chain))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if child is self.title_element:
                self._flush()
                self.items.append(Block("title", element=child))
            elif name == "br":
                self.leaves.append(Leaf(None, chain))
            elif name == "img":
                if _source(child) and not _chrome_image(child):  # an icon does not split a paragraph
                    self._flush()
                    self._picture(child)
            elif name == "figure":
                self._flush()
                self._figure(child)
            elif name == "table" and _caption_table(child):
                self._flush()
                self._caption_table(child)
            elif name in ("ul", "ol"):
                self._flush()
                self._list(child)
            elif name == "tr" and _data_row(child) and not self._holds_title(child):
                self._flush()
                self._row(child)
            elif name in BLOCK_TAGS:
                self._flush()
                outer = self.block
                self.block = child
                self._walk(child, ())
                self._flush()
                self.block = outer
            else:
                meaning = _formatting(child)
                self._walk(child, chain + (meaning,) if meaning else chain)

    def _holds_title(self, tag):
        return self.title_element is not None and _inside(self.title_element, tag)

    def _flush(self):
        leaves, self.leaves = self.leaves, []
        if not leaves:
            return
        element = self.block
        in_paragraph = element is not None and element.name in PARAGRAPH_TAGS
        kind = HEADINGS.get(element.name, "p") if element is not None else "p"
        for part in _split_on_breaks(leaves, 2 if in_paragraph else 1):
            block = Block(kind, leaves=part, element=element)
            if _render(block):
                self.items.append(block)

    def _picture(self, img, caption=None):
        src = _source(img)
        if not src or _chrome_image(img):
            return
        self.items.append(Picture(src=src, caption=caption))

    def _figure(self, figure):
        captions = figure.find_all("figcaption")
        caption = squash(" ".join(_plain(c) for c in captions)) or None
        for figcaption in captions:
            figcaption.extract()
        images = [img for img in figure.find_all("img") if _source(img) and not _chrome_image(img)]
        for index, img in enumerate(images):
            self._picture(img, caption if index == len(images) - 1 else None)
        for img in figure.find_all("img"):
            img.extract()
        rest = Reader(None)
        for item in rest.read(figure):  # text a figure holds besides its picture and caption
            self.items.append(item)

    def _caption_table(self, table):
        img = next(i for i in table.find_all("img") if _source(i) and not _chrome_image(i))
        texts = [_plain(cell) for cell in table.find_all(["td", "th", "caption"]) if not cell.find("img")]
        caption = squash(" ".join(t for t in texts if t)) or None
        self._picture(img, caption)

    def _list(self, element):
        block = Block(element.name, element=element)
        pictures = []
        for li in element.find_all("li", recursive=True):
            for nested in li.find_all(["ul", "ol"]):
                nested.extract()  # nested items follow as items of their own
            items = Reader(None).read(li)
            for item in items:
                if isinstance(item, Picture):
                    pictures.append(item)
                elif item.kind in ("p", "h2", "h3"):
                    block.items.append(item.leaves)
        if _render(block):
            self.items.append(block)
        self.items.extend(pictures)

    def _row(self, tr):
        """A data-table row: its cells on one line, ' – ' between them (rich text has no tables)."""
        leaves = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            reader = Reader(None)
            cell_leaves = []
            for item in reader.read(cell):
                if isinstance(item, Block) and item.kind == "p":
                    if cell_leaves:
                        cell_leaves.append(Leaf(" ", ()))
                    cell_leaves.extend(item.leaves)
            if cell_leaves:
                if leaves:
                    leaves.append(Leaf(" – ", ()))
                leaves.extend(cell_leaves)
        block = Block("p", leaves=leaves, element=tr)
        if _render(block):
            self.items.append(block)


def _source(img):
    """The picture's address as written: ``src``, or the lazy loader's ``data-src`` when ``src`` is a stand-in."""
    src = (img.get("src") or "").strip()
    lazy = next((img[a].strip() for a in LAZY_SOURCES if (img.get(a) or "").strip()), None)
    if lazy and (not src or src.startswith("data:") or re.search(r"blank|placeholder|lazy|loading|grey", src, re.I)):
        return lazy
    return src


def _chrome_image(img):
    """Captchas, icons, logos, rating stars, share buttons, spacers: not the article's photos."""
    name = (img.get("src") or "").rsplit("/", 1)[-1].split("?", 1)[0]
    described = " ".join([name, img.get("alt") or "", img.get("id") or "", " ".join(img.get("class") or [])])
    if re.search(r"captcha|capcha", described + (img.get("src") or ""), re.IGNORECASE):
        return True
    if CHROME_IMAGE_WORDS.intersection(
        re.split(r"[^a-z0-9]+", (name + " " + " ".join(img.get("class") or [])).lower())
    ):
        return True
    for attribute in ("width", "height"):
        value = (img.get(attribute) or "").strip().rstrip("px")
        if value.isdigit() and int(value) <= 24:
            return True
    return False


def _caption_table(table):
    """Old layouts: <table class="image"><tr><td><img></td></tr><tr><td>caption</td></tr></table>."""
    images = [i for i in table.find_all("img") if _source(i) and not _chrome_image(i)]
    if len(images) != 1 or len(table.find_all("tr")) > 3 or table.find("table"):
        return False
    text = squash(table.get_text(" "))
    return (
        _classed(table, {"image", "tplcaption", "caption", "picture", "photo", "img"}) or len(text) <= CAPTION_MAX_CHARS
    )


def _data_row(tr):
    cells = tr.find_all(["td", "th"], recursive=False)
    filled = [c for c in cells if squash(c.get_text())]
    return len(filled) >= 2 and not tr.find(["table", "img", "p", "div", "ul", "ol", "br"])


def _split_on_breaks(leaves, needed):
    """Leaves -> paragraphs: ``needed`` <br>s in a row (whitespace between them ignored) end a paragraph."""
    parts, current, breaks, pending = [], [], 0, []
    for leaf in leaves:
        if leaf.text is None:
            breaks += 1
            pending.append(leaf)
            continue
        if not leaf.text.strip() and breaks:
            pending.append(leaf)
            continue
        if breaks >= needed:
            parts.append(current)
            current = []
        elif pending:
            current.extend(pending)
        breaks, pending = 0, []
        current.append(leaf)
    parts.append(current)
    return [part for part in parts if any(leaf.text and leaf.text.strip() for leaf in part)]


# --- rich text ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter():
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=body_features())


def to_rich_text(html):
    """Wagtail's own whitelister for the body's features: the last word on what may be stored."""
    return _converter().to_database_format(html).strip()


# Between the blocks of one page cleaned together: a private-use character, never in the markup of a block
# that is cleaned this way (the others are cleaned alone).
BLOCK_SEPARATOR = "\ue000"


def to_rich_texts(fragments):
    """``[to_rich_text(f) for f in fragments]`` with one whitelister pass (one BeautifulSoup) per page.

    Each fragment is one balanced element (<p>, <h2>, <h3>, <ul>, <ol>) of escaped text and known tags, so
    html.parser builds the joined fragments as the same elements side by side, the whitelister cleans each
    element by its own rules, and the separator comes back as the text between them.
    """
    if len(fragments) < 2 or any(BLOCK_SEPARATOR in fragment for fragment in fragments):
        return [to_rich_text(fragment) for fragment in fragments]
    cleaned = _converter().to_database_format(BLOCK_SEPARATOR.join(fragments)).split(BLOCK_SEPARATOR)
    if len(cleaned) != len(fragments):  # cannot happen with such fragments; alone each, if it ever did
        return [to_rich_text(fragment) for fragment in fragments]
    return [html.strip() for html in cleaned]


def _inline(leaves):
    """Leaves -> (text, html): whitespace collapsed as a browser shows it, formatting kept."""
    pieces = []  # (text or None for <br>, chain)
    for leaf in leaves:
        if leaf.text is None:
            pieces.append([None, leaf.chain])
            continue
        text = re.sub(r"\s+", " ", clean_text(leaf.text))
        if not text:
            continue
        previous = pieces[-1] if pieces else None
        if text.startswith(" ") and (previous is None or previous[0] is None or previous[0].endswith(" ")):
            text = text[1:]
        if text:
            pieces.append([text, leaf.chain])
    while pieces and (pieces[0][0] is None):
        pieces.pop(0)
    while pieces and (pieces[-1][0] is None):
        pieces.pop()
    if pieces and pieces[-1][0] is not None:
        pieces[-1][0] = pieces[-1][0].rstrip()
    for index, piece in enumerate(pieces):  # no space at either side of a line break
        if piece[0] is None:
            if index > 0 and pieces[index - 1][0]:
                pieces[index - 1][0] = pieces[index - 1][0].rstrip()
            if index + 1 < len(pieces) and pieces[index + 1][0]:
                pieces[index + 1][0] = pieces[index + 1][0].lstrip()
    text = "".join("\n" if piece is None else piece for piece, _ in pieces)
    html = []
    open_chain = ()
    for piece, chain in pieces:
        chain = tuple(dict.fromkeys(chain))  # <b><b> once
        common = 0
        while common < min(len(open_chain), len(chain)) and open_chain[common] == chain[common]:
            common += 1
        for meaning in reversed(open_chain[common:]):
            html.append(f"</{meaning[0]}>")
        for meaning in chain[common:]:
            html.append(f'<a href="{escape(meaning[1])}">' if meaning[0] == "a" else f"<{meaning[0]}>")
        open_chain = chain
        html.append("<br/>" if piece is None else escape(piece))
    for meaning in reversed(open_chain):
        html.append(f"</{meaning[0]}>")
    return unicodedata.normalize("NFC", text).strip(), "".join(html)


def _render(block):
    """Fill the block's text and cleaned html; False when nothing readable is left."""
    if block.kind in ("ul", "ol"):
        rendered = [_inline(leaves) for leaves in block.items]
        rendered = [(text, html) for text, html in rendered if text]
        if not rendered:
            return False
        block.text = "\n".join(text for text, _ in rendered)
        raw = "".join(f"<li>{html}</li>" for _, html in rendered)
    else:
        block.text, raw = _inline(block.leaves)
        if not block.text:
            return False
    tag = block.kind if block.kind in ("h2", "h3", "ul", "ol") else "p"
    block.markup = f"<{tag}>{raw}</{tag}>"
    return True


def _whole(block, test):
    """Every visible character of the block passes ``test(chain, element)``: all bold, all italic…"""
    visible = [leaf for leaf in block.leaves if leaf.text and leaf.text.strip()]
    return bool(visible) and all(test(leaf.chain) for leaf in visible)


def _around(block, container):
    """The block's element and its ancestors up to the container: where alignment is set."""
    element = block.element
    while element is not None and element is not container:
        yield element
        element = element.parent


def _aligned(block, container, side):
    for element in _around(block, container):
        if element.name == "center" and side == "center":
            return True
        if (element.get("align") or "").lower() == side or f"text-align:{side}" in _style(element):
            return True
        if _classed(element, {side, f"text{side}", f"align{side}", f"text-{side}"}, ()):
            return True
    return False


def _italic(block, container):
    if _whole(block, lambda chain: ("i",) in chain):
        return True
    return any("font-style:italic" in _style(e) or e.name in ("em", "i") for e in _around(block, container))


def _caption_like(block, container):
    if block.kind != "p" or len(block.text) > CAPTION_MAX_CHARS or SAPO.match(block.text):
        return False
    if split_credit(block.text)[1]:
        return True
    classed = any(
        _classed(e, {"caption", "chuthich", "note", "image", "photo", "img"}, ("caption", "chuthich"))
        for e in _around(block, container)
    )
    return classed or _italic(block, container) or _aligned(block, container, "center")


def _is_chrome_text(text):
    """A line of page chrome, or a tool bar made only of them ('In bài viết | Gửi bài viết | Cỡ chữ: A- A+')."""
    for token in CHROME_LINES:  # "Đánh giá (Di chuột vào ngôi sao để chọn điểm)" on one line
        text = text.replace(token, "\n")
    segments = [_strip_glued_chrome(part).strip() for part in re.split(r"\s*[|•·]\s*|\n", text)]
    return all(
        not line or _is_chrome(line) or HTML_CHROME.match(line) is not None or RELATED_HEADING.match(line) is not None
        for line in segments
    )


# --- cleaning the container -------------------------------------------------------------------------


def _remove_chrome(container, protected):
    """Drop menus, share bars, ratings, statistics, related news, comments inside the article container."""

    # What holds a protected element is never dropped, so the set stays true until a related-news sibling
    # (dropped without that test) takes one away.
    keeps = _holding(protected)
    for tag in list(container.find_all(True)):
        if _gone(tag) or tag.parent is None or id(tag) in keeps:
            continue
        # A form inside the article is a comment, search or rating form (one around it is ASP.NET's page form).
        if tag.name in CHROME_TAGS or tag.name in ("form", "fieldset") or _classed(tag, *CHROME_CLASS):
            tag.decompose()
    for tag in list(container.find_all(True)):
        if _gone(tag) or tag.parent is None or id(tag) in keeps:
            continue
        if tag.name in RELATED_HEADING_TAGS and RELATED_HEADING.match(squash(tag.get_text(" "))):
            dropped = False
            for sibling in list(tag.find_next_siblings()):
                if _has_link(sibling) and _link_share(sibling) >= 0.7:
                    sibling.decompose()
                    dropped = True
                else:
                    break
            tag.decompose()
            if dropped:
                keeps = _holding(protected)
            continue
        if tag.name in ("ul", "ol", "div", "table", "section") and _has_link(tag, 3) and _link_share(tag) >= 0.8:
            tag.decompose()


RELATED_HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b", "td"}


def _has_link(tag, count=1):
    """At least ``count`` <a> under the tag (``len(tag.find_all("a")) >= count``), stopping at the last needed."""
    for element in tag.descendants:
        if isinstance(element, Tag) and element.name == "a":
            count -= 1
            if not count:
                return True
    return False


# --- the parse ----------------------------------------------------------------------------------------


MAX_DEPTH = 400


@dataclass
class Parts:
    """The article's parts other than its body, filled in as they are found."""

    title: str
    dateline: str | None = None
    source: str | None = None
    sapo: str | None = None
    published_at: dt.datetime | None = None
    byline: str | None = None


def parse_html_export(data):
    """Bytes of a saved page -> ExportedArticle; ExportError (Vietnamese reason) when it cannot be one."""
    text = decode_html(data)
    with warnings.catch_warnings():  # XHTML pages start "<?xml …?>": still HTML to a browser, and to us
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "html.parser")
    # What find_all(string=…) would give: bs4 skips empty strings, so an empty comment "<!---->" stays.
    for node in [n for n in soup.descendants if isinstance(n, (Comment, Doctype, ProcessingInstruction)) and n]:
        node.extract()
    _close_implied(soup)
    if _depth(soup) > MAX_DEPTH:
        raise ExportError(f"trang lồng thẻ quá sâu (hơn {MAX_DEPTH} tầng), không phải trang bài viết bình thường")
    head_title, meta_time = _read_head(soup)
    for tag in _named(soup, DROP_TAGS):
        if not _gone(tag):
            tag.decompose()
    for tag in soup.find_all("head"):
        tag.decompose()
    for tag in list(soup.find_all(True)):
        if tag.attrs and not _gone(tag) and _hidden(tag):  # no attribute, no style: not hidden
            tag.decompose()
    body = soup.body or soup

    title_element = _find_title(body, head_title)
    title = _plain(title_element) if title_element is not None else None
    if not title:
        title, title_element = head_title, None
    if not title or len(title) < 2 or SAPO.match(title):
        raise ExportError("không có tiêu đề")

    content = _find_content(body)
    container = _common_ancestor(title_element, content)
    if container is None or container is soup:
        container = body
    protected = [p for p in (title_element, content if content is not container else None) if p is not None]
    parts = Parts(title=title)
    _take_marked_parts(container, protected, parts)
    parts.published_at = parts.published_at or meta_time
    _remove_chrome(container, protected)
    items = _arrange(Reader(title_element).read(container), container, parts)

    article = ExportedArticle(
        title=parts.title,
        dateline=parts.dateline,
        source=parts.source,
        sapo=parts.sapo,
        published_at=parts.published_at,
        byline=parts.byline,
    )
    blocks = [item for item in items if isinstance(item, Block)]
    for block, html in zip(blocks, to_rich_texts([block.markup for block in blocks]), strict=True):
        block.html = html
    number = 0
    for item in items:
        if isinstance(item, Picture):
            number += 1
            caption, credit = split_credit(item.caption) if item.caption else (None, None)
            photo = Photo(number=number, caption=caption, credit=credit, picture=item.src)
            article.photos.append(photo)
            article.body.append(("photo", photo))
        else:
            article.paragraphs.append(item.text)
            article.body.append(("richtext", RichParagraph(text=item.text, html=item.html)))
    take_lead(article)
    return article


# html.parser does not know HTML's implied end tags: "<p>a<p>b<p>c" nests each paragraph in the one before,
# as do unclosed <li>, <td>, <tr>. A browser closes them; so do we, or a long old article nests hundreds deep.
CLOSED_BY = {
    "p": BLOCK_TAGS - {"html", "body", "center"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "td": {"td", "th", "tr"},
    "th": {"td", "th", "tr"},
    "tr": {"tr"},
}


def _close_implied(soup):
    """Move a block that cannot sit inside its parent (a <p> in a <p>, an <li> in an <li>) and what follows
    it out, after the parent, as a browser does."""
    for tag in _named(soup, CLOSED_BY):
        closers = CLOSED_BY[tag.name]
        first = next((c for c in tag.children if isinstance(c, Tag) and c.name in closers), None)
        if first is None:
            continue
        moving = [first, *first.next_siblings]
        anchor = tag
        for node in moving:
            node.extract()
            anchor.insert_after(node)
            anchor = node


def _depth(soup):
    """How deep tags nest: real article pages stay under a hundred levels; a page nested thousands deep
    would only make the reading slow (each step looks at ancestors), so it is refused."""
    depths = {id(soup): 0}
    deepest = 0
    for tag in soup.find_all(True):
        depth = depths.get(id(tag.parent), 0) + 1
        depths[id(tag)] = depth
        deepest = max(deepest, depth)
    return deepest


def _read_head(soup):
    """<title>/og:title without the site's name, and article:published_time: read before <head> goes."""
    metas = _named(soup, {"meta"})
    site_names = [name for name in [_meta(soup, "og:site_name", "application-name", metas=metas)] if name]
    head_title = _meta(soup, "og:title", "twitter:title", metas=metas)
    if not head_title and soup.title and squash(soup.title.get_text()):
        head_title = squash(soup.title.get_text())
    if head_title:
        head_title = _strip_site_name(head_title, site_names)
    meta_time = _iso_time(
        _meta(soup, "article:published_time", "og:published_time", "pubdate", "publishdate", metas=metas)
    )
    return head_title, meta_time


def _take_marked_parts(container, protected, parts):
    """Time, sapo, author and dateline elements marked by their class: read, then taken out of the body."""
    time_element = next(
        (t for t in container.descendants if isinstance(t, Tag) and t.name == "time" and t.get("datetime") is not None),
        None,
    )
    if time_element is not None:
        parts.published_at = _iso_time(time_element["datetime"]) or find_timestamp(_plain(time_element))
    for _ in range(5):
        candidate = _classed_part(container, TIME_CLASS, 120, protected)
        if candidate is None:
            break
        parts.published_at = parts.published_at or find_timestamp(squash(candidate.get_text(" ")))
        candidate.decompose()
    if time_element is not None and not _gone(time_element):
        time_element.decompose()

    sapo_element = _classed_part(container, SAPO_CLASS, 2000, protected)
    if sapo_element is not None:
        parts.sapo = _plain(sapo_element) or None
        match = SAPO.match(parts.sapo or "")
        if match:
            parts.source, parts.sapo = match.group("source").strip(), match.group("text").strip()
        sapo_element.decompose()

    author_element = _classed_part(container, AUTHOR_CLASS, 120, protected)
    if author_element is not None:
        byline = re.sub(r"^(?:Tác giả|Người viết|Bài và ảnh|Bài, ảnh|Bài)\s*:\s*", "", _plain(author_element))
        parts.byline = byline or None
        author_element.decompose()

    dateline_element = _classed_part(container, DATELINE_CLASS, 60, protected)
    if dateline_element is not None:
        parts.dateline = _plain(dateline_element).rstrip(" -–") or None
        dateline_element.decompose()


def _arrange(items, container, parts):
    """The container's blocks and pictures -> the body, with the unmarked parts taken out as the text
    parser takes them: time line, dateline, "(Source) - " sapo, captions, closing byline."""
    # Before the title: only a dateline (or a time) counts; breadcrumbs and section names do not. Pictures
    # there (a cover photo) are the article's.
    cut = next((n for n, i in enumerate(items) if isinstance(i, Block) and i.kind == "title"), None)
    if cut is not None:
        before, items = items[:cut], items[cut + 1 :]
        items = [i for i in before if isinstance(i, Picture)] + items
        texts = [b for b in before if isinstance(b, Block) and b.kind == "p" and not _is_chrome_text(b.text)]
        for block in texts:
            parts.published_at = parts.published_at or parse_timestamp(block.text)
        if texts and parts.dateline is None and _looks_like_place(texts[-1].text):
            parts.dateline = texts[-1].text

    title_key = _normalise_key(parts.title)
    items = [
        i
        for i in items
        if not (isinstance(i, Block) and (_is_chrome_text(i.text) or _normalise_key(i.text) == title_key))
    ]

    # A line that is only a timestamp: the publication time (the first one), never body text.
    for index, item in enumerate(items):
        if isinstance(item, Block) and item.kind == "p":
            moment = parse_timestamp(item.text)
            if moment and (parts.published_at is None or moment == parts.published_at):
                parts.published_at = moment
                del items[index]
                break

    # Captions: a picture's caption from its figure/table, else the italic or centred line after it.
    for index, item in enumerate(items):
        if not isinstance(item, Picture) or item.caption:
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(following, Block) and _caption_like(following, container):
            item.caption = following.text.replace("\n", " ")
            items[index + 1] = None
    items = [i for i in items if i is not None]

    blocks = [i for i in items if isinstance(i, Block)]
    # Dateline: a short place name heading the text, before a longer paragraph.
    if (
        parts.dateline is None
        and len(blocks) >= 2
        and blocks[0].kind == "p"
        and _looks_like_place(blocks[0].text)
        and len(blocks[1].text) > len(blocks[0].text)
    ):
        parts.dateline = blocks[0].text
        items.remove(blocks.pop(0))

    # Sapo: the first paragraph when it starts "(Chinhphu.vn) - " (usually bold).
    if parts.sapo is None and blocks and blocks[0].kind == "p":
        match = SAPO.match(blocks[0].text.replace("\n", " "))
        if match:
            parts.source, parts.sapo = match.group("source").strip(), match.group("text").strip()
            items.remove(blocks.pop(0))

    # Byline: a short personal name closing the article (usually bold or right-aligned).
    last = blocks[-1] if len(blocks) >= 2 and items[-1] is blocks[-1] else None
    if parts.byline is None and last is not None and last.kind == "p" and _looks_like_byline(last.text):
        parts.byline = last.text
        items.pop()
    return items
