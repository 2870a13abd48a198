"""URLs of the thuiszitters register: the pages (views/), the report and the dashboard (views_rapport.py)."""

from django.urls import include, path

app_name = "thuiszitters"

urlpatterns = [
    path("", include("passend.thuiszitters.views.urls")),
    path("rapportage/", include("passend.thuiszitters.views_rapport")),
]
