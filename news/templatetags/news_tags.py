import json

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import navigation, text

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def vn_datetime(value):
    """ "Thứ sáu, 13/01/2017 12:49 GMT+7"."""
    return text.vn_datetime(value)


@register.filter
def vn_datetime_short(value):
    """ "13/01/2017 12:49" for cards."""
    return text.vn_datetime(value, with_weekday=False).rsplit(" GMT", 1)[0]


@register.filter
def photo_credit(credit):
    """'VGP/Thu Trang' -> 'Ảnh: VGP/Thu Trang'; labels that already say 'Ảnh …' ('Ảnh minh họa') stay."""
    credit = (credit or "").strip()
    if not credit:
        return ""
    return credit if credit.casefold().startswith("ảnh") else f"Ảnh: {credit}"


@register.filter
def vn_date(value):
    return text.vn_date(value)


@register.filter
def vn_number(value):
    """12345 -> "12.345" (Django's vi locale does not group digits)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


@register.filter
def month_name(number):
    return text.MONTHS[int(number) - 1] if number else ""


@register.inclusion_tag("news/includes/site_nav.html", takes_context=True)
def site_nav(context):
    """Header navigation: the campaign index and running campaigns (cached)."""
    request = context.get("request")
    return {"request": request, "items": navigation.menu_items(request), "current": context.get("page")}


def _absolute(request, url):
    if request is None or url is None:
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, image_url=None):
    """schema.org NewsArticle for search engines, safe inside a <script> element."""
    request = context.get("request")
    authors = context.get("authors") or []
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.sapo,
        "datePublished": timezone.localtime(article.published_at or timezone.now()).isoformat(),
        "dateModified": timezone.localtime(
            article.last_published_at or article.published_at or timezone.now()
        ).isoformat(),
        "inLanguage": "vi",
        "mainEntityOfPage": _absolute(request, article.get_url(request=request)),
        "author": [{"@type": "Person", "name": a.name} for a in authors]
        or [{"@type": "Organization", "name": article.source or "Ban biên tập"}],
        "publisher": {
            "@type": "Organization",
            "name": "Thi đua – Khen thưởng",
            "logo": {"@type": "ImageObject", "url": _absolute(request, static("img/logo.png"))},
        },
    }
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if image_url:
        data["image"] = [_absolute(request, image_url)]
    if article.campaign_id and context.get("campaign_crumb"):
        data["articleSection"] = context["campaign_crumb"].title
    tags = context.get("tags") or []
    if tags:
        data["keywords"] = ", ".join(tag.name for tag in tags)
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return _absolute(context.get("request"), url)
