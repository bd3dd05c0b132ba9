from django.urls import path

from . import views

urlpatterns = [
    path("api/ratings/<int:page_id>/", views.rating_api, name="rating_api"),
]
