from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


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
