from django.urls import path

from . import views

urlpatterns = [
    path("api/stats/hit/", views.hit, name="stats_hit"),
    path("api/stats/", views.counts, name="stats_counts"),
]
