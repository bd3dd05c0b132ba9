"""Admin forms for images and documents (set in settings as Wagtail's form bases)."""

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .review import ReviewedMediaFormMixin


class ReviewedImageForm(ReviewedMediaFormMixin, BaseImageForm):
    """Wagtail's image form; a photo readers already see changes only through a reviewer."""


class ReviewedDocumentForm(ReviewedMediaFormMixin, BaseDocumentForm):
    """Wagtail's document form; a document readers already see changes only through a reviewer."""
