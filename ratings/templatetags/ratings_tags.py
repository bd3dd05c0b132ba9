from captcha.models import CaptchaStore
from django import template

from ..rules import may_rate, summary

register = template.Library()


@register.inclusion_tag("ratings/widget.html", takes_context=True)
def rating_widget(context, page):
    """Stars and captcha for staff who may rate; the average and a login link for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    data = summary(page.pk, user)
    allowed = may_rate(user)
    captcha_key = CaptchaStore.generate_key() if allowed else None
    return {
        "page": page,
        "request": request,
        "rating": data,
        "may_rate": allowed,
        "logged_in": bool(user and user.is_authenticated),
        "captcha_key": captcha_key,
        "status": request.GET.get("danh-gia") if request else None,
        "stars": range(5, 0, -1),
    }
