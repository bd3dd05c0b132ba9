"""Vietnamese text helpers: slugs without diacritics and portal-style dates."""

from django.utils import timezone
from django.utils.text import slugify

# Unicode gives đ/Đ no decomposition, so NFKD-based folding (Django's slugify)
# silently drops the letter: "Đảng" would become "ang". Map it first.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
MONTHS = tuple(f"Tháng {n}" for n in range(1, 13))


def fold_vietnamese(value):
    """Vietnamese text with its tone marks and đ removed, case kept."""
    import unicodedata

    value = str(value).translate(_D_MAP)
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vietnamese_slugify(value, max_length=255):
    """A URL slug for Vietnamese text: "Thi đua yêu nước" -> "thi-dua-yeu-nuoc"."""
    slug = slugify(fold_vietnamese(value))
    return slug[:max_length].strip("-")


def vn_datetime(value, with_weekday=True):
    """Portal-style timestamp: "Thứ sáu, 13/01/2017 12:49 GMT+7" in Vietnam time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    offset_hours = int(local.utcoffset().total_seconds() // 3600)
    stamp = f"{local:%d/%m/%Y %H:%M} GMT{offset_hours:+d}"
    if with_weekday:
        return f"{WEEKDAYS[local.weekday()]}, {stamp}"
    return stamp


def vn_date(value):
    """Day-level date as readers see it in lists: "13/01/2017"."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None:
        value = timezone.localtime(value)
    return f"{value:%d/%m/%Y}"
