"""The article editor's form: Wagtail's page form plus what the newsroom needs."""

from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    def save(self, commit=True):
        page = super().save(commit=commit)
        # The create view saves a new page as "live" before it publishes (or schedules)
        # its revision; an empty publication time must wait for that real publish.
        page.publication_time_waits_for_publish = True
        return page
