"""URL patterns of Middelen (included at /middelen/ in namespace `middelen` by urls.py). The views live in
views_begroting.py (budget, forecast, export) and views_verdeling.py (the distribution models)."""

from django.urls import path

from . import views_begroting as b
from .views_verdeling import urlpatterns as verdeling_urls

urlpatterns = [
    path("", b.begroting, name="begroting"),
    path("prognose/", b.prognose, name="prognose"),
    path("export/", b.export_excel, name="export"),
    *verdeling_urls,
]
