from django.urls import path

from core.converters import PAGE_ID

from . import views

urlpatterns = [
    path(f"api/ratings/<{PAGE_ID}:page_id>/", views.rating_api, name="rating_api"),
]
