"""StreamField blocks of an article body.

Photos are numbered at render time ("Ảnh 1, 2…") rather than stored, so an
editor can reorder or delete photos without renumbering anything by hand.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class PhotoBlock(blocks.StructBlock):
    """A numbered photo. The image may be missing: articles imported from the old
    portal keep a photo's caption and credit until an editor supplies the picture."""

    image = ImageChooserBlock(label="Ảnh", required=False, help_text="Để trống nếu ảnh chưa có (bài nhập từ cổng cũ).")
    alt = blocks.CharBlock(
        label="Mô tả ảnh cho người khiếm thị",
        required=False,
        max_length=255,
        # Describes the picture, usually in the caption's words: searching it would
        # count them twice. Caption and credit are searched.
        search_index=False,
        help_text="Nội dung ảnh cho người đọc bằng trình đọc màn hình. Để trống để dùng mô tả trong thư viện ảnh, "
        "nếu không có thì dùng chú thích.",
    )
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=1000)
    credit = blocks.CharBlock(
        label="Tác giả ảnh",
        required=False,
        max_length=255,
        help_text="Để trống để dùng tác giả lưu trong thư viện ảnh, ví dụ VGP/Hoàng Giang.",
    )

    class Meta:
        icon = "image"
        label = "Ảnh"
        template = "news/blocks/photo.html"


def photo_alt(value):
    """Alt text of a body photo: the editor's alt, else the image's description, else the caption.

    Never the image title, which is usually a file name ("IMG_0412").
    """
    image = value.get("image")
    for text in (value.get("alt"), getattr(image, "description", ""), value.get("caption")):
        if text and text.strip():
            return text.strip()
    return ""


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người phát biểu", required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "news/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Tài liệu")
    title = blocks.CharBlock(label="Tên hiển thị", required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = "Tài liệu đính kèm"
        template = "news/blocks/document.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="Đoạn văn",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"],
        template="news/blocks/paragraph.html",
    )
    photo = PhotoBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    embed = EmbedBlock(label="Nhúng (video, mạng xã hội)", icon="media", template="news/blocks/embed.html")
