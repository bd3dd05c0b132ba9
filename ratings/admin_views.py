"""Wagtail admin: "Đánh giá bài viết" — per article, per campaign, distribution, CSV."""

import csv
import datetime as dt

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db.models import Avg, Count, Max
from django.http import HttpResponse
from django.shortcuts import render

from news.dates import admin_date_field
from news.models import Author, CampaignPage

from .models import Rating


class RatingFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        CampaignPage.objects.order_by("title"), required=False, label="Phong trào", empty_label="Tất cả"
    )
    author = forms.ModelChoiceField(
        Author.objects.order_by("name"), required=False, label="Tác giả", empty_label="Tất cả"
    )
    # Typed and picked day first (dd/mm/yyyy); a browser's type="date" box follows
    # the browser's own locale, month first in an English Chromium.
    date_from = admin_date_field("Từ ngày")
    date_to = admin_date_field("Đến ngày")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data

    def filtered(self):
        ratings = Rating.objects.all()
        if not self.is_valid():
            # Unfiltered totals shown under a filter the editor believes applied would mislead.
            return ratings.none()
        data = self.cleaned_data
        if data["campaign"]:
            ratings = ratings.filter(page__campaign=data["campaign"])
        if data["author"]:
            ratings = ratings.filter(page__authors=data["author"])
        if data["date_from"]:
            ratings = ratings.filter(updated_at__date__gte=data["date_from"])
        if data["date_to"]:
            ratings = ratings.filter(updated_at__date__lte=data["date_to"])
        return ratings


def distribution_chart(counts, width=420, height=200):
    peak = max(counts.values(), default=0) or 1
    bars, step = [], (width - 40) / 5
    for n in range(1, 6):
        value = counts.get(n, 0)
        h = (height - 50) * value / peak
        x = 30 + (n - 1) * step
        bars.append(
            f'<rect x="{x:.0f}" y="{height - 30 - h:.0f}" width="{step - 12:.0f}" height="{h:.0f}" fill="#c98a00">'
            f"<title>{n} sao: {value}</title></rect>"
            f'<text x="{x + 4:.0f}" y="{height - 12}" font-size="13">{n}★</text>'
            f'<text x="{x + 4:.0f}" y="{height - 34 - h:.0f}" font-size="12">{value}</text>'
        )
    return (
        f'<svg role="img" aria-labelledby="dist-title" viewBox="0 0 {width} {height}" width="{width}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="dist-title">Phân bố số sao</title>{"".join(bars)}</svg>'
    )


@permission_required("ratings.view_rating", raise_exception=True)
def report(request):
    form = RatingFilterForm(request.GET or None)
    ratings = form.filtered() if form.is_bound else Rating.objects.all()
    per_article = list(
        ratings.values("page_id", "page__title", "page__campaign__title")
        .annotate(average=Avg("score"), count=Count("id"), last=Max("updated_at"))
        .order_by("-count", "-average", "page__title")
    )
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="danh-gia-bai-viet-{dt.date.today():%Y-%m-%d}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["Bài viết", "Phong trào", "Điểm trung bình", "Số lượt", "Lần đánh giá cuối"])
        for row in per_article:
            writer.writerow(
                [
                    row["page__title"],
                    row["page__campaign__title"] or "",
                    f"{row['average']:.2f}",
                    row["count"],
                    row["last"].isoformat(),
                ]
            )
        return response
    per_campaign = list(
        ratings.values("page__campaign__title")
        .annotate(average=Avg("score"), count=Count("id"), articles=Count("page", distinct=True))
        .order_by("-count")
    )
    counts = {row["score"]: row["n"] for row in ratings.values("score").annotate(n=Count("id"))}
    return render(
        request,
        "ratings/admin_report.html",
        {
            "form": form,
            "per_article": per_article[:200],
            "per_campaign": per_campaign,
            "chart": distribution_chart(counts),
            "total": sum(counts.values()),
            "query": request.GET.urlencode(),
        },
    )
