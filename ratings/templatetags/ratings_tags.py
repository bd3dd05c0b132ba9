import os

from captcha.models import CaptchaStore
from django import template
from django.conf import settings

from ..rules import may_rate, summary

register = template.Library()


def captcha_audio_available():
    """True when the flite speech synthesiser the audio captcha needs is really there (checked per render)."""
    path = getattr(settings, "CAPTCHA_FLITE_PATH", None)
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


@register.inclusion_tag("ratings/widget.html", takes_context=True)
def rating_widget(context, page):
    """Stars and captcha for staff who may rate; the average and a login link for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    data = summary(page.pk, user)
    allowed = may_rate(user)
    captcha_key = CaptchaStore.generate_key() if allowed else None
    width, height = settings.CAPTCHA_IMAGE_SIZE
    return {
        "page": page,
        "request": request,
        "rating": data,
        "may_rate": allowed,
        "logged_in": bool(user and user.is_authenticated),
        "captcha_key": captcha_key,
        "captcha_audio": allowed and captcha_audio_available(),
        "captcha_width": width,
        "captcha_height": height,
        "status": request.GET.get("danh-gia") if request else None,
        # Visual order is DOM order: 1 → 5, so Tab lands on 1 and arrow keys move up the scale.
        "stars": range(1, 6),
    }
