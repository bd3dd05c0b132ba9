"""Dates typed in the admin: Wagtail's pickers with messages that show the expected shape.

Parsing itself is Django's: ``FORMAT_MODULE_PATH`` (``thidua_site/formats``)
makes every admin language read dd/mm/yyyy. Django's own "Nhập một ngày hợp lệ."
does not say which shape it wants, so every date, time and date-time field that
Wagtail builds from a model (pages, the go-live/expiry dialog, snippets) gets a
message with an example instead.
"""

from django import forms
from django.db import models

DATE_INVALID = "Ngày không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 15/12/2025."
DATETIME_INVALID = "Thời gian không hợp lệ. Nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 15/12/2025 08:04."
TIME_INVALID = "Giờ không hợp lệ. Nhập theo dạng giờ:phút, ví dụ 08:04."


def register_admin_date_fields():
    """Keep Wagtail's picker widgets and add the Vietnamese messages (called once, from ``NewsConfig.ready``)."""
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    for db_field, widget, message in (
        (models.DateField, widgets.AdminDateInput, DATE_INVALID),
        (models.TimeField, widgets.AdminTimeInput, TIME_INVALID),
        (models.DateTimeField, widgets.AdminDateTimeInput, DATETIME_INVALID),
    ):
        register_form_field_override(db_field, override={"widget": widget, "error_messages": {"invalid": message}})


def admin_date_field(label, required=False):
    """A form date field for the project's own admin pages: Wagtail's day-first picker, Vietnamese message.

    Wagtail's widget starts its picker with an inline script, but plain admin pages
    load jQuery and the picker at the end of the body; this widget waits for the
    page to load (the template must put ``form.media.js`` in ``extra_js``).
    """
    from wagtail.admin.widgets import AdminDateInput

    widget = AdminDateInput()
    widget.template_name = "news/widgets/date_input_on_load.html"
    return forms.DateField(label=label, required=required, widget=widget, error_messages={"invalid": DATE_INVALID})
