from django.urls import path

from . import views

app_name = "ouders"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("mijn/", views.leerling, name="leerling"),
]
