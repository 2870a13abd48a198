from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.leerlingen, name="leerlingen"),
    path("nieuw/", views.leerling_nieuw, name="leerling_nieuw"),
    path("<int:pk>/", views.leerling, name="leerling"),
    path("<int:pk>/bewerken/", views.leerling_bewerken, name="leerling_bewerken"),
    path("<int:pk>/inschrijvingen/nieuw/", views.inschrijving_nieuw, name="inschrijving_nieuw"),
    path("inschrijvingen/<int:pk>/beeindigen/", views.inschrijving_beeindigen, name="inschrijving_beeindigen"),
]
