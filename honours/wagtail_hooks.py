"""The honour roll in the admin (menu "Khen thưởng"), its report, and the slots it fills on the site."""

from django.urls import path, reverse
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import PermissionMenuItem
from core.reports import SafeSpreadsheetExportMixin
from core.slots import register_filler, render_fragment
from news.cache import cached_by_content

from . import admin_consultation  # noqa: F401  (comments queue, issuing a decision)
from .admin_import import import_menu_item
from .admin_views import AwardsReportView
from .models import AwardForm, Commendation, Consultation, Decision, TimelineEvent
from .queries import shown


class CommendationFilterSet(WagtailFilterSet):
    class Meta:
        model = Commendation
        fields = ["kind", "year", "award", "decision"]


class SafeExportIndexView(SafeSpreadsheetExportMixin, IndexView):
    """Names come from imported lists and the public's proposals: exports keep them as text, never formulas."""


class CommendationViewSet(SnippetViewSet):
    model = Commendation
    index_view_class = SafeExportIndexView
    icon = "success"
    menu_label = "Danh sách khen thưởng"
    list_display = ["name", "kind", "unit", "award", "decision", "year"]
    filterset_class = CommendationFilterSet
    search_fields = ["name", "unit__name", "position"]
    search_backend_name = None  # the ORM: the table has no search-index entries
    list_export = ["name", "kind", "position", "unit", "award", "decision", "year", "achievements"]
    export_filename = "danh-sach-khen-thuong"


class DecisionViewSet(SnippetViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = "Quyết định khen thưởng"
    list_display = ["number", "date", "issuer", "signer"]
    search_fields = ["number", "issuer", "summary"]
    search_backend_name = None


class AwardFormViewSet(SnippetViewSet):
    model = AwardForm
    icon = "pick"
    menu_label = "Hình thức khen thưởng"
    list_display = ["name", "kind", "level", "rank"]
    search_fields = ["name"]
    search_backend_name = None


class TimelineEventViewSet(SnippetViewSet):
    model = TimelineEvent
    icon = "date"
    menu_label = "Mốc phong trào"
    list_display = ["title", "stage", "date", "campaign"]
    list_filter = ["stage"]
    search_fields = ["title"]
    search_backend_name = None


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "help"
    menu_label = "Lấy ý kiến nhân dân"
    list_display = ["title", "proposer", "opens_at", "closes_at", "decision"]
    search_fields = ["title", "proposer"]
    search_backend_name = None


class HonoursGroup(SnippetViewSetGroup):
    items = (CommendationViewSet, DecisionViewSet, AwardFormViewSet, TimelineEventViewSet, ConsultationViewSet)
    menu_icon = "success"
    menu_label = "Khen thưởng"
    menu_name = "khen-thuong"
    # The comments queue (``admin_consultation``, a ModelViewSet, not a snippet) joins this menu by its hook.
    submenu_hook = "register_khen_thuong_menu_item"


register_snippet(HonoursGroup)


@hooks.register("register_khen_thuong_menu_item")
def decision_list_import_menu_item():
    return import_menu_item(order=50)


@hooks.register("register_admin_urls")
def honours_report_urls():
    return [
        path("reports/khen-thuong/", AwardsReportView.as_view(), name="honours_awards_report"),
        path(
            "reports/khen-thuong/results/",
            AwardsReportView.as_view(results_only=True),
            name="honours_awards_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def awards_report_menu_item():
    return PermissionMenuItem(
        "Khen thưởng theo đơn vị", "honours_awards_report", "honours.view_commendation", "success"
    )


# Fillers keep what they read per content version (any change to the roll starts a new one): an
# uncached page costs a cache read for them, not a query (the article's and the campaign's: not even
# that, they are kept in the process too).


@register_filler("article_end")
def commendations_in_the_article(context, page):
    """ "Khen thưởng được nêu trong bài": the commendations an editor linked to this story."""

    def build():
        rows = shown(
            list(
                Commendation.objects.filter(articles=page)
                .select_related("award", "decision", "unit", "campaign")
                .order_by("award__rank", "name")[:50]
            )
        )
        return render_fragment(context, "honours/article_commendations.html", {"rows": rows}) if rows else ""

    return mark_safe(cached_by_content(f"honours-article-{page.pk}", build, in_process=True))


@register_filler("campaign_sidebar")
def campaign_honours_link(context, campaign):
    count = cached_by_content(
        f"honours-campaign-count-{campaign.pk}",
        lambda: Commendation.objects.filter(campaign=campaign).count(),
        in_process=True,
    )
    url = reverse("honours:campaign", args=[campaign.slug])
    return render_fragment(context, "honours/campaign_link.html", {"url": url, "count": count})


@register_filler("home_sidebar")
def home_honours_box(context, **kwargs):
    def build():
        decisions = list(Decision.objects.order_by("-date")[:3])
        return render_fragment(
            context, "honours/home_box.html", {"decisions": decisions, "roll_url": reverse("honours:roll")}
        )

    return mark_safe(cached_by_content("honours-home-box", build, in_process=True))
