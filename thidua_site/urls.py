from django.apps import apps
from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from news.cache import cache_page_by_content
from news.feeds import ArticleFeed
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS

SITEMAPS = dict(NEWS_SITEMAPS)
if apps.is_installed("honours"):
    from honours.sitemaps import HonoursSitemap

    SITEMAPS["khen-thuong"] = HonoursSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        cache_page_by_content(15 * 60)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page_by_content(15 * 60)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    path("rss/", ArticleFeed(), name="feed"),
    path("", include("search.urls")),
    path("", include("users.urls")),
    path("captcha/", include("captcha.urls")),
]
# Optional features: the site runs without them (their template slots stay empty).
urlpatterns += [path("", include(f"{app}.urls")) for app in ("stats", "ratings", "honours") if apps.is_installed(app)]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
