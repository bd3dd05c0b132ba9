"""Wagtail admin report: the four numbers, daily visitors as a chart, most read, CSV."""

import csv
import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .stores import get_store, local_day

PERIODS = (30, 90)


def daily_series(days):
    today = local_day(timezone.now())
    first = today - dt.timedelta(days=days - 1)
    visits = get_store().daily_visits(first, today)
    return [(first + dt.timedelta(days=n), visits.get(first + dt.timedelta(days=n), 0)) for n in range(days)]


def bar_chart(series, width=860, height=240):
    """An accessible SVG bar chart (title, description, one <title> per bar)."""
    peak = max((value for _, value in series), default=0) or 1
    left, bottom, top = 48, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / max(len(series), 1)
    bars = []
    for n, (day, value) in enumerate(series):
        h = plot_h * value / peak
        x = left + n * step
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="#9e1b1b"><title>{day:%d/%m/%Y}: {value} lượt</title></rect>'
        )
    labels = []
    for n, (day, _) in enumerate(series):
        if n % max(1, len(series) // 6) == 0:
            labels.append(f'<text x="{left + n * step:.1f}" y="{height - 8}" font-size="11">{day:%d/%m}</text>')
    axis = (
        f'<text x="4" y="{top + 10}" font-size="11">{peak}</text>'
        f'<text x="4" y="{top + plot_h}" font-size="11">0</text>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#777"/>'
    )
    return (
        f'<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Lượt truy cập theo ngày</title>'
        f'<desc id="chart-desc">{len(series)} ngày, cao nhất {peak} lượt.</desc>'
        f"{axis}{''.join(bars)}{''.join(labels)}</svg>"
    )


@permission_required("stats.view_dailytotal", raise_exception=True)
def report(request):
    from news.models import ArticlePage

    days = int(request.GET.get("days", 30)) if request.GET.get("days", "30") in {"30", "90"} else 30
    series = daily_series(days)
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="thong-ke-truy-cap-{days}-ngay.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(["Ngày", "Lượt truy cập"])
        for day, value in series:
            writer.writerow([day.isoformat(), value])
        return response
    today = local_day(timezone.now())
    top = get_store().top_articles(today - dt.timedelta(days=days - 1), today, limit=15)
    pages = {page.pk: page for page in ArticlePage.objects.filter(pk__in=[pk for pk, _ in top])}
    most_read = [(pages[pk], views) for pk, views in top if pk in pages]
    return render(
        request,
        "stats/admin_report.html",
        {
            "counts": get_store().counts(timezone.now()),
            "days": days,
            "periods": PERIODS,
            "chart": bar_chart(series),
            "series_total": sum(value for _, value in series),
            "most_read": most_read,
            "store": get_store().name,
        },
    )
