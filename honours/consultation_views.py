"""Public consultation (lấy ý kiến nhân dân): the proposals on show and the comment form.

Comments are private to the reviewers (``honours.admin_consultation``): no page ever lists them, the
detail page only thanks the sender after the redirect (post/redirect/get, ``?da-gui=1``).

A comment is accepted only while the consultation is open (``Consultation.is_open``): before, after
or once the decision is issued a POST gets 403 and nothing is written. Every POST counts against the
sender's address ("consultation" in ``RATE_LIMITS``, the "ratelimit" cache like the site's other
limits) before the captcha is checked, so guessing captchas is limited too; over the limit: 429.

Caching: the page with the form uses the CSRF token, so ``core.pagecache`` keeps it private. A page
about to change state by the clock alone (upcoming: the form appears at ``opens_at``) is marked
``no-cache`` here, because no save happens at that moment to start new cache keys.
"""

import os

from captcha.models import CaptchaStore
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from core.ratelimits import Limit, over_limit, too_many_requests
from news.breadcrumbs import Crumb, home_crumb

from .consultation_forms import CommentForm
from .models import Consultation
from .queries import visible_campaign_ids
from .views import roll_crumb

TITLE = "Lấy ý kiến nhân dân về khen thưởng"
SENT_FLAG = "da-gui"
LIMIT = Limit(
    "consultation",
    (),
    ("POST",),
    False,
    "Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Xin chờ khoảng mười phút rồi gửi lại.",
)
NOT_YET_OPEN = "Đợt lấy ý kiến này chưa bắt đầu nhận ý kiến. Ý kiến của bạn chưa được ghi nhận."
CLOSED = "Đợt lấy ý kiến này đã kết thúc. Ý kiến của bạn không được ghi nhận."
DECIDED = "Quyết định khen thưởng đã được ban hành, đợt lấy ý kiến đã đóng. Ý kiến của bạn không được ghi nhận."


def state(consultation, now):
    """ "dang-mo", "sap-mo" or "da-dong": the same three groups as the list page."""
    if consultation.decision_id is None and consultation.opens_at > now:
        return "sap-mo"
    if consultation.is_open(now):
        return "dang-mo"
    return "da-dong"


def closed_message(consultation, now):
    if consultation.decision_id is not None:
        return DECIDED
    return NOT_YET_OPEN if consultation.opens_at > now else CLOSED


@require_GET
def consultation_list(request):
    now = timezone.now()
    consultations = list(Consultation.objects.select_related("award", "decision").prefetch_related("proposals"))
    groups = {"dang-mo": [], "sap-mo": [], "da-dong": []}
    for consultation in consultations:
        groups[state(consultation, now)].append(consultation)
    groups["dang-mo"].sort(key=lambda c: c.closes_at)  # the one closing soonest first
    groups["sap-mo"].sort(key=lambda c: c.opens_at)
    response = render(
        request,
        "honours/consultations.html",
        {
            "title": TITLE,
            "open": groups["dang-mo"],
            "upcoming": groups["sap-mo"],
            "closed": groups["da-dong"],
            "breadcrumb_trail": [home_crumb(), roll_crumb(), Crumb(TITLE)],
        },
    )
    if groups["dang-mo"] or groups["sap-mo"]:
        # An open one closes, an upcoming one opens, by the clock: no stored copy may outlive that.
        add_never_cache_headers(response)
    return response


def captcha_audio_available():
    """The spoken captcha needs the flite synthesiser; offer it only when it is really installed."""
    path = getattr(settings, "CAPTCHA_FLITE_PATH", None)
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def _captcha_context():
    return {
        "captcha_key": CaptchaStore.generate_key(),
        "captcha_size": settings.CAPTCHA_IMAGE_SIZE,
        "captcha_audio": captcha_audio_available(),
    }


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _without_unit(proposal):
    proposal.unit = None  # an unpublished unit is not named on the site (nothing saved)
    return proposal


def consultation_detail(request, slug):
    consultation = get_object_or_404(Consultation.objects.select_related("award", "decision", "campaign"), slug=slug)
    if consultation.campaign_id is not None and consultation.campaign_id not in visible_campaign_ids():
        consultation.campaign = None  # a draft or restricted campaign is not named (nothing saved)
    now = timezone.now()
    is_open = consultation.is_open(now)
    status = 200
    refusal = None
    form = None
    if request.method == "POST":
        if not is_open:
            status, refusal = 403, closed_message(consultation, now)
        else:
            retry_after = over_limit(request, LIMIT)
            if retry_after is not None:
                return too_many_requests(request, LIMIT, retry_after)
            form = CommentForm(request.POST, consultation=consultation)
            if form.is_valid():
                form.save()
                return redirect(f"{consultation.get_absolute_url()}?{SENT_FLAG}=1#gop-y")
            status = 400
    if is_open and form is None:
        form = CommentForm(consultation=consultation)
    context = {
        "title": consultation.title,
        "consultation": consultation,
        "proposals": [
            proposal if proposal.unit is None or proposal.unit.live else _without_unit(proposal)
            for proposal in consultation.proposals.select_related("unit").order_by("sort_order", "pk")
        ],
        "is_open": is_open,
        "state": state(consultation, now),
        "form": form,
        "refusal": refusal,
        "sent": request.method != "POST" and request.GET.get(SENT_FLAG) == "1",
        "breadcrumb_trail": [
            home_crumb(),
            roll_crumb(),
            Crumb(TITLE, reverse("honours:consultations")),
            Crumb(consultation.title),
        ],
    }
    if is_open:
        context.update(_captcha_context())
    response = render(request, "honours/consultation.html", context, status=status)
    if consultation.decision_id is None and consultation.opens_at > now:
        add_never_cache_headers(response)
    return response
