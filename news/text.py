"""Portal-style dates and Vietnamese month and weekday names (slugs and folding: ``core.text``)."""

from django.utils import timezone

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
MONTHS = tuple(f"Tháng {n}" for n in range(1, 13))


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
