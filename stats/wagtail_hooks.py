from django.urls import path
from wagtail import hooks

from core.admin_menu import PermissionMenuItem
from core.memo import VersionedMemo
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


# The box's HTML per (counted ids, campaign, scheme and host), per process and content version
# (core.memo): the ids change at most once a minute (stats_tags.MOST_READ_TTL), and which of them
# may be shown (live, public) only with a new content version, so an uncached home or campaign
# page spends one cache read on the box instead of a query and a render.
_most_read_boxes = VersionedMemo(size=1_000)


def most_read_box(context, limit=5, campaign=None):
    request = context.get("request")
    ids = stats_tags.most_read_ids(limit=limit * (3 if campaign else 1))
    where = (request.scheme, request.get_host()) if request is not None else ("", "")
    key = (tuple(ids), getattr(campaign, "pk", None), limit, *where)
    return _most_read_boxes.get_or_set(
        key,
        lambda: render_fragment(
            context, "stats/most_read.html", stats_tags.most_read(context, limit, campaign=campaign, ids=ids)
        ),
    )


@register_filler("home_sidebar")
def most_read_on_home(context):
    return most_read_box(context)


@register_filler("campaign_sidebar")
def most_read_in_campaign(context, campaign):
    return most_read_box(context, campaign=campaign)
