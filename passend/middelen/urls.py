"""URLs of Middelen (namespace `middelen`): the pages are in views.py (filled by the pages helper)."""

from django.urls import include, path

app_name = "middelen"

urlpatterns = [
    path("", include("passend.middelen.views")),
]
