import logging

from django.conf import settings
from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError

logger = logging.getLogger(__name__)
DEFAULT_MAX_PIXELS = 40_000_000


class ImageTooLarge(SourceImageIOError):
    """The original has more pixels than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``: it is never decoded."""


class CustomImage(AbstractImage):
    """A Wagtail image that remembers who took it.

    Every published photo on a government portal carries a credit
    ("Ảnh: VGP/Hoàng Giang"); keeping it on the image means an editor types it
    once and every article reusing the photo shows it.
    """

    credit = models.CharField(
        "tác giả ảnh",
        max_length=255,
        blank=True,
        help_text="Ví dụ: VGP/Hoàng Giang. Hiển thị sau chữ “Ảnh:” dưới mỗi ảnh.",
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    # Decoding an image costs about 4 bytes per pixel whatever the file size: an 11000×11000 PNG
    # of 353 KB took a worker to 2.8 GB and 16 s. Uploads above the limit are refused by Wagtail's
    # form (WAGTAILIMAGES_MAX_IMAGE_PIXELS); these guard the originals that got in another way
    # (importer, rows from before the limit): no rendition is made, every caller gets Wagtail's
    # "not found" placeholder (an empty <img>), and the page still answers 200.

    def pixel_count(self):
        """Width × height as stored; read from the file header (no decoding) if not stored."""
        if self.width and self.height:
            return self.width * self.height
        from PIL import Image as PILImage

        with self.open_file() as handle, PILImage.open(handle) as picture:
            width, height = picture.size
        return width * height

    def generate_rendition_file(self, filter, *, source=None):
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)
        if limit:
            pixels = self.pixel_count()
            if pixels > limit:
                logger.warning(
                    "Image %s (%s) has %d pixels, above the %d limit: no rendition '%s' is made",
                    self.pk,
                    self.file.name,
                    pixels,
                    limit,
                    filter.spec,
                )
                raise ImageTooLarge(f"image {self.pk} has {pixels} pixels (limit {limit})")
        return super().generate_rendition_file(filter, source=source)

    def _placeholder(self):
        rendition = self.get_rendition_model()(image=self, width=0, height=0)
        rendition.file.name = "not-found"
        return rendition

    def get_rendition(self, filter):
        """As Wagtail's, but an oversized original gives the placeholder to every caller (admin chooser too)."""
        try:
            return super().get_rendition(filter)
        except ImageTooLarge:
            return self._placeholder()

    def get_renditions(self, *filters):
        try:
            return super().get_renditions(*filters)
        except ImageTooLarge:
            placeholder = self._placeholder()
            return {spec if isinstance(spec, str) else spec.spec: placeholder for spec in filters}

    class Meta(AbstractImage.Meta):
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"
        # Images and documents already on public pages change only through a
        # reviewer (see images/review.py); Duyệt bài holds this, editors do not.
        permissions = [("change_public_media", "Có thể sửa, thay, xoá ảnh và tài liệu đang hiển thị công khai")]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
