"""Sitemap section "khen-thuong": the roll, consultations, every decision, every unit and campaign with awards."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import CampaignPage, Organisation

from .models import Commendation, Consultation, Decision
from .purging import unit_path


class HonoursSitemap(Sitemap):
    limit = 5000

    def items(self):
        items = [reverse("honours:roll"), reverse("honours:consultations")]
        items += [decision.get_absolute_url() for decision in Decision.objects.only("slug").order_by("-date", "pk")]
        units = Organisation.objects.live().filter(commendations__isnull=False).distinct().only("name")
        items += [unit_path(unit) for unit in units.order_by("pk")]
        campaign_ids = Commendation.objects.exclude(campaign=None).values("campaign_id")
        campaigns = CampaignPage.objects.live().public().filter(pk__in=campaign_ids).only("slug").order_by("pk")
        items += [reverse("honours:campaign", args=[campaign.slug]) for campaign in campaigns]
        items += [consultation.get_absolute_url() for consultation in Consultation.objects.only("slug")]
        return items

    def location(self, item):
        return item
