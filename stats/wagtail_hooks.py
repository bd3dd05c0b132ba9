from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem
from core.slots import register_filler, render_fragment

from .admin_views import VisitReportView
from .templatetags import stats_tags


@hooks.register("register_admin_urls")
def stats_urls():
    return [
        path("reports/thong-ke-truy-cap/", VisitReportView.as_view(), name="stats_report"),
        path(
            "reports/thong-ke-truy-cap/results/",
            VisitReportView.as_view(results_only=True),
            name="stats_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def stats_menu_item():
    return PermissionMenuItem("Thống kê truy cập", "stats_report", "stats.view_dailytotal", "view")


# What the public pages show of the statistics, through the slots news and base.html offer.


@register_filler("footer")
def visitor_numbers(context):
    return render_fragment(context, "stats/widget.html", stats_tags.visitor_stats_widget())


@register_filler("body_end")
def beacon(context):
    return render_fragment(context, "stats/beacon.html", stats_tags.visit_beacon(context))


@register_filler("home_sidebar")
def most_read_on_home(context):
    return render_fragment(context, "stats/most_read.html", stats_tags.most_read(context, 5))


@register_filler("campaign_sidebar")
def most_read_in_campaign(context, campaign):
    return render_fragment(context, "stats/most_read.html", stats_tags.most_read(context, 5, campaign=campaign))
