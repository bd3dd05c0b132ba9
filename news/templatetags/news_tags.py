import json
import threading
from collections import OrderedDict

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import blocks, navigation, text
from ..cache import content_version

register = template.Library()

FRAGMENT_SECONDS = 60 * 60

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
def photo_alt(value):
    """Alt text for a body photo block (see ``news.blocks.photo_alt``)."""
    return blocks.photo_alt(value)


@register.filter
def image_alt(image, fallback=""):
    """An image's description as alt text, else ``fallback``; never its title (often a file name)."""
    description = (getattr(image, "description", "") or "").strip()
    return description or fallback


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


@register.filter
def nav_current(page):
    """What the menu's highlight depends on: the home page, the index and campaigns (depth ≤ 4) by path.

    An article or a page outside the tree highlights nothing, so they all share one cached header.
    """
    depth = getattr(page, "depth", None)
    return page.path if depth is not None and depth <= 4 else ""


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
            "name": site_name(request),
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


@register.inclusion_tag("news/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail in ``breadcrumb_trail`` (routable sub-pages, search), else the page's own ancestors.

    Also emits schema.org BreadcrumbList JSON-LD from the same trail.
    """
    from ..breadcrumbs import page_trail

    request = context.get("request")
    trail = context.get("breadcrumb_trail")
    if trail is None and context.get("page") is not None:
        trail = page_trail(context["page"], request)
    trail = trail or []
    items = []
    for position, crumb in enumerate(trail, start=1):
        url = crumb.url if crumb.url is not None else (request.path if request else None)
        item = {"@type": "ListItem", "position": position, "name": crumb.title}
        if url:
            item["item"] = _absolute(request, url)
        items.append(item)
    payload = json.dumps(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}, ensure_ascii=False
    ).translate(_JSON_ESCAPES)
    return {"trail": trail, "jsonld": mark_safe(payload)}


def site_name(request):
    """The name editors set in Cài đặt → Thông tin trang (cached on the request with the other settings)."""
    from core.models import DEFAULT_SITE_NAME, PortalSettings

    return PortalSettings.for_request(request).site_name if request is not None else DEFAULT_SITE_NAME


SITE_DESCRIPTION = "Tin tức phong trào thi đua, khối thi đua và công tác khen thưởng."
DEFAULT_OG_IMAGE = ("img/og-default.png", 1200, 630)


@register.inclusion_tag("news/includes/opengraph.html", takes_context=True)
def opengraph(context, title=None, description=None, image=None, type="website", url=None):
    """OpenGraph tags for any page; ``image`` is a rendition, else the site's default picture."""
    request = context.get("request")
    page = context.get("page")
    if not title:
        title = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else ""
    if not description:
        description = getattr(page, "search_description", "") if page else ""
    if url is None:
        url = request.path if request else getattr(page, "url", "/")
    if getattr(image, "url", None):  # a rendition; an unset template variable arrives as "" or None
        image_url, width, height = image.url, image.width, image.height
    else:
        path, width, height = DEFAULT_OG_IMAGE
        image_url = static(path)
    return {
        "title": title or site_name(request),
        "description": description or SITE_DESCRIPTION,
        "type": type,
        "url": _absolute(request, url),
        "image_url": _absolute(request, image_url),
        "image_width": width,
        "image_height": height,
        "site_name": site_name(request),
    }


class FragmentMemo:
    """The last fragments this process rendered or fetched, in front of the shared cache.

    A fragment's key names the content version it was rendered for, so an entry here can
    never be stale: a change makes a new key (seen by this process within the content
    version's memo time, as for every other cached fragment). It spares the Redis round
    trip per fragment that was most of a rendered page's remaining time.
    """

    def __init__(self, size=256):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            html = self._entries.get(key)
            if html is not None:
                self._entries.move_to_end(key)
            return html

    def put(self, key, html):
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


fragment_memo = FragmentMemo()


class ContentCacheNode(template.Node):
    """Django's ``{% cache %}`` keyed by the content version, the day, the host and ``vary_on``."""

    def __init__(self, nodelist, fragment_name, vary_on):
        self.nodelist = nodelist
        self.fragment_name = fragment_name
        self.vary_on = vary_on

    def render(self, context):
        from django.core.cache import cache
        from django.core.cache.utils import make_template_fragment_key

        from ..models.pages import vietnam_today

        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows the draft, never the published fragment
        vary = [content_version(), vietnam_today().isoformat(), request.scheme, request.get_host()]
        vary += [value.resolve(context) for value in self.vary_on]
        key = make_template_fragment_key(f"news.{self.fragment_name}", vary)
        html = fragment_memo.get(key)
        if html is None:
            html = cache.get(key)
            if html is None:
                html = self.nodelist.render(context)
                cache.set(key, html, FRAGMENT_SECONDS)
            fragment_memo.put(key, html)
        return html


@register.tag
def content_cache(parser, token):
    """``{% content_cache "name" var… %}…{% endcontent_cache %}``: rendered once per content version.

    Why: an uncached page spent most of its time building and rendering the same
    listings, menu and footer for every reader. The fragment's key holds the content
    version (``news.cache``: bumped by publish, unpublish, move, delete, view
    restrictions, image and portal-settings changes), today's date in Vietnam (campaigns
    start and end by the day), the scheme and host (absolute URLs) and ``var…`` (the
    page, the page number): any change that could alter the HTML starts a new entry at
    once in every worker. The context the fragment reads should be lazy, so a hit also
    skips the queries behind it. Previews always render afresh.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("content_cache cần tên mảnh trang.")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return ContentCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
