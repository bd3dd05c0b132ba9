"""Which honour-roll URLs nginx must forget when a record changes (absolute, on the default site)."""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from wagtail.models import Site

from core.text import slugify


def unit_path(unit):
    return reverse("honours:unit", kwargs={"slug": slugify(unit.name, 80) or "don-vi", "pk": unit.pk})


def _paths(instance):
    from .models import Commendation, Consultation, Decision, Proposal, TimelineEvent

    paths = {reverse("honours:roll"), reverse("honours:consultations")}
    if isinstance(instance, Decision):
        paths.add(instance.get_absolute_url())
    elif isinstance(instance, Commendation):
        paths.add(reverse("honours:decision", args=[instance.decision.slug]))
        if instance.unit_id:
            paths.add(unit_path(instance.unit))
        if instance.campaign_id:
            paths.add(reverse("honours:campaign", args=[instance.campaign.slug]))
    elif isinstance(instance, TimelineEvent):
        paths.add(reverse("honours:campaign", args=[instance.campaign.slug]))
    elif isinstance(instance, Consultation):
        paths.add(instance.get_absolute_url())
    elif isinstance(instance, Proposal) and instance.consultation_id:
        paths.add(instance.consultation.get_absolute_url())
    return paths


def honour_urls(instance):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return set()
    try:
        paths = _paths(instance)
    except ObjectDoesNotExist:  # a related row deleted in the same cascade: the fixed pages are enough
        paths = {reverse("honours:roll"), reverse("honours:consultations")}
    return {site.root_url + path for path in paths}
