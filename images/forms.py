"""Admin forms for images and documents (set in settings as Wagtail's form bases)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .review import ReviewedMediaFormMixin


def header_pixels(uploaded):
    """Width × height from the file's header (nothing decoded); None when Pillow calls it a bomb."""
    uploaded.seek(0)
    try:
        with PILImage.open(uploaded) as picture:
            width, height = picture.size
    except PILImage.DecompressionBombError:  # more than twice Pillow's own limit
        return None
    finally:
        uploaded.seek(0)
    return width * height


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, with the pixel limit checked before anything is decoded.

    Wagtail measures an upload through Willow, which decodes the whole picture first:
    an 11000×11000 PNG of 353 KB costs hundreds of MB before it is refused. The header
    gives the same width and height for nothing; only pictures within the limit go on
    to Wagtail's own check.
    """

    def check_image_pixel_size(self, f):
        if self.max_image_pixels:
            pixels = header_pixels(f)
            if pixels is None or pixels > self.max_image_pixels:
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {
                        "num_pixels": pixels if pixels is not None else gettext("unknown number"),
                        "max_pixels_count": self.max_image_pixels,
                    },
                    code="file_too_many_pixels",
                )
        return super().check_image_pixel_size(f)


class ReviewedImageForm(ReviewedMediaFormMixin, BaseImageForm):
    """Wagtail's image form; a photo readers already see changes only through a reviewer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds this field itself (formfield_for_dbfield), label and help text included;
        # only the pixel check changes, so the built field takes the subclass's methods.
        if type(field) is WagtailImageField:
            field.__class__ = HeaderCheckedImageField


class ReviewedDocumentForm(ReviewedMediaFormMixin, BaseDocumentForm):
    """Wagtail's document form; a document readers already see changes only through a reviewer."""
