from django.urls import path

from . import views, views_instellingen

app_name = "ouders"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("mijn/", views.leerling, name="leerling"),
    path("instellingen/", views_instellingen.instellingen, name="instellingen"),
]
