"""The site's URLs plus one view that fails, for the error-report tests."""

from django.urls import path

from thidua_site.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("lỗi thử cho báo cáo")


urlpatterns = [path("loi-thu/", failing_view), *site_urlpatterns]
