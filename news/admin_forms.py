"""Page editor forms: Wagtail's page form plus what the newsroom needs."""

import re

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminAutoHeightTextInput


class HeadlineInput(AdminAutoHeightTextInput):
    """The title box wraps and grows, so an 80–120 character headline stays fully visible while typed.

    A one-line ``<input>`` hid most of it. It is still one line of text: a pasted
    line break becomes a space, and ``news/js/headline.js`` keeps Enter from adding one.
    """

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "data-headline": "", "rows": 2})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return re.sub(r"\s*[\r\n]+\s*", " ", value) if isinstance(value, str) else value


class HeadlineFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = self.fields.get("title")
        if title is not None:
            title.widget = HeadlineInput(attrs=title.widget.attrs)


class CampaignPageForm(HeadlineFormMixin, WagtailAdminPageForm):
    pass


class ArticlePageForm(HeadlineFormMixin, WagtailAdminPageForm):
    def save(self, commit=True):
        page = super().save(commit=commit)
        # The create view saves a new page as "live" before it publishes (or schedules)
        # its revision; an empty publication time must wait for that real publish.
        page.publication_time_waits_for_publish = True
        return page
