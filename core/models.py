"""What every worker process must agree on (content version, shared counters) and the
site-wide texts editors change in the admin (Cài đặt → Thông tin trang)."""

from django.db import DEFAULT_DB_ALIAS, models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .memo import VersionedMemo

_portal_settings = VersionedMemo(size=100)

DEFAULT_SITE_NAME = "Thi đua – Khen thưởng"
DEFAULT_TAGLINE = "Chuyên mục phong trào thi đua yêu nước"
DEFAULT_FOOTER_TEXT = "Đăng tải thông tin về các phong trào thi đua, khối thi đua, gương tập thể và cá nhân tiêu biểu."


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Name, tagline and the contact block a Vietnamese government portal must show in its footer.

    Templates read it as ``settings.core.PortalSettings`` (Wagtail's settings context
    processor, cached on the request). Every page shows it, so each process also keeps
    its values per content version (``core.memo``; saving it starts a new version):
    no query per request.
    """

    site_name = models.CharField("Tên trang", max_length=120, default=DEFAULT_SITE_NAME)
    tagline = models.CharField("Dòng giới thiệu dưới tên", max_length=200, blank=True, default=DEFAULT_TAGLINE)
    footer_text = models.TextField("Giới thiệu ở chân trang", blank=True, default=DEFAULT_FOOTER_TEXT)
    governing_body = models.CharField("Cơ quan chủ quản", max_length=255, blank=True)
    responsible_person = models.CharField(
        "Người chịu trách nhiệm",
        max_length=255,
        blank=True,
        help_text="Họ tên và chức vụ, ví dụ “Nguyễn Văn A – Trưởng ban”.",
    )
    licence = models.CharField(
        "Giấy phép", max_length=255, blank=True, help_text="Số giấy phép, cơ quan cấp và ngày cấp."
    )
    address = models.CharField("Địa chỉ", max_length=255, blank=True)
    phone = models.CharField("Điện thoại", max_length=50, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("footer_text")], "Tên và giới thiệu"
        ),
        MultiFieldPanel(
            [
                FieldPanel("governing_body"),
                FieldPanel("responsible_person"),
                FieldPanel("licence"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            "Thông tin liên hệ ở chân trang",
        ),
    ]

    class Meta:
        verbose_name = "Thông tin trang"
        verbose_name_plural = "Thông tin trang"

    def __str__(self):
        return self.site_name

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        names = [field.attname for field in cls._meta.concrete_fields]
        values = _portal_settings.get(site.pk)
        if values is not None:
            return cls.from_db(DEFAULT_DB_ALIAS, names, values)
        instance = super().for_site(site)
        _portal_settings.set(site.pk, tuple(getattr(instance, name) for name in names))
        return instance

    @property
    def has_contact(self):
        return any((self.governing_body, self.responsible_person, self.licence, self.address, self.phone, self.email))


class ContentVersion(models.Model):
    """A single row: "the published content changed" as a number that only grows.

    Cached fragments put it in their key (``news.cache``); a cache that is cleared
    or evicted cannot bring an old number back, because the number lives here.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản nội dung"
        verbose_name_plural = "phiên bản nội dung"

    def __str__(self):
        return str(self.value)


class SharedCounter(models.Model):
    """Atomic counters shared by every process when there is no Redis (rate limits)."""

    key = models.CharField(max_length=250, unique=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "bộ đếm dùng chung"
        verbose_name_plural = "bộ đếm dùng chung"

    def __str__(self):
        return f"{self.key} = {self.value}"
