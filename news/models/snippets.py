"""Reusable records edited as Wagtail snippets: people, units and blocs.

All three are printed on public pages (bylines, bloc lists), so an edit is a
draft revision that only reaches readers when a reviewer publishes it: the row
itself is always the reviewed, live version (see ``ReviewedSnippet``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Drafts, revisions, locking and the review workflow for a public snippet.

    One editor renaming an author used to change every live byline at once.
    With these mixins Wagtail saves the editor's change as a revision, leaves
    the row (what readers see) untouched, and copies the revision into the row
    only when someone with the ``publish`` permission (Duyệt bài) publishes or
    approves it through the workflow "Quy trình duyệt tin".
    """

    class Meta:
        abstract = True


class PublishedQuerySet(models.QuerySet):
    def live(self):
        """Rows a reviewer has published: a never-approved draft never reaches readers."""
        return self.filter(live=True)


class Author(index.Indexed, ReviewedSnippet):
    """A byline. Kept as a record so one reporter's stories can be listed together."""

    name = models.CharField("họ tên", max_length=255, unique=True)
    role = models.CharField("chức danh / cơ quan", max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"

    def __str__(self):
        return self.name


class Organisation(index.Indexed, ReviewedSnippet):
    """A unit that emulates, leads a bloc or launches a campaign (bộ, ngành, tỉnh…)."""

    name = models.CharField("tên đơn vị", max_length=255, unique=True)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self):
        return self.short_name or self.name


class EmulationBloc(index.Indexed, ReviewedSnippet, ClusterableModel):
    """A khối thi đua: units that sign a yearly pledge, led by one of them in turn."""

    name = models.CharField("tên khối", max_length=255, unique=True)
    description = models.TextField("giới thiệu", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("members", label="Đơn vị thành viên"),
        InlinePanel("leaders", label="Đơn vị trưởng khối theo năm"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "khối thi đua"
        verbose_name_plural = "khối thi đua"

    def __str__(self):
        return self.name

    def leader_for(self, year):
        return next((row.organisation for row in self.leaders.all() if row.year == year), None)


class BlocMember(Orderable):
    bloc = ParentalKey(EmulationBloc, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bloc_memberships", verbose_name="đơn vị"
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["bloc", "organisation"], name="unique_bloc_member")]
        verbose_name = "đơn vị thành viên"


class BlocLeader(Orderable):
    bloc = ParentalKey(EmulationBloc, on_delete=models.CASCADE, related_name="leaders")
    year = models.PositiveSmallIntegerField("năm")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bloc_leaderships", verbose_name="đơn vị"
    )

    panels = [FieldPanel("year"), FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["bloc", "year"], name="unique_bloc_leader_year")]
        verbose_name = "trưởng khối"

    def clean(self):
        if self.year and not 1945 <= self.year <= 2100:
            raise ValidationError({"year": "Năm không hợp lệ."})
