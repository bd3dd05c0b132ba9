"""Public consultation (lấy ý kiến nhân dân): the proposals on show and the comment form."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from news.breadcrumbs import Crumb, home_crumb

from .models import Consultation
from .views import roll_crumb

TITLE = "Lấy ý kiến nhân dân về khen thưởng"


@require_GET
def consultation_list(request):
    now = timezone.now()
    consultations = list(Consultation.objects.select_related("award", "decision"))
    return render(
        request,
        "honours/consultations.html",
        {
            "title": TITLE,
            "open": [c for c in consultations if c.is_open(now)],
            "upcoming": [c for c in consultations if c.decision_id is None and c.opens_at > now],
            "closed": [c for c in consultations if c.decision_id is not None or c.closes_at <= now],
            "breadcrumb_trail": [home_crumb(), roll_crumb(), Crumb(TITLE)],
        },
    )


def consultation_detail(request, slug):
    consultation = get_object_or_404(Consultation.objects.select_related("award", "decision", "campaign"), slug=slug)
    return render(
        request,
        "honours/consultation.html",
        {
            "title": consultation.title,
            "consultation": consultation,
            "proposals": consultation.proposals.select_related("unit"),
            "is_open": consultation.is_open(),
            "breadcrumb_trail": [
                home_crumb(),
                roll_crumb(),
                Crumb(TITLE, "/khen-thuong/lay-y-kien/"),
                Crumb(consultation.title),
            ],
        },
    )
