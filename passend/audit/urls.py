from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("export.csv", views.export, name="export"),
    path("leerling/<int:pk>/", views.leerling, name="leerling"),
    path("leerling/<int:pk>/export.csv", views.leerling_export, name="leerling_export"),
]
