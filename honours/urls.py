from django.urls import path, re_path

from . import consultation_views, views

app_name = "honours"

urlpatterns = [
    path("khen-thuong/", views.honour_roll, name="roll"),
    path("khen-thuong/phong-trao/<slug:slug>/", views.campaign_roll, name="campaign"),
    re_path(r"^khen-thuong/don-vi/(?P<slug>[-a-z0-9]+)-(?P<pk>\d+)/$", views.unit_page, name="unit"),
    path("khen-thuong/quyet-dinh/<slug:slug>/", views.decision_page, name="decision"),
    path("khen-thuong/lay-y-kien/", consultation_views.consultation_list, name="consultations"),
    path("khen-thuong/lay-y-kien/<slug:slug>/", consultation_views.consultation_detail, name="consultation"),
    path("api/khen-thuong/", views.api, name="api"),
]
