"""URLs of the dekkend netwerk (namespace `netwerk`, at /netwerk/). Pages: views_profielen.py (needs, plan,
school profiles, settings), views_dekking.py (coverage, map, gaps, trend), views_plaatsing.py (pupil needs and
placement requests)."""

from django.urls import path

from . import views_dekking as d
from . import views_plaatsing as p
from . import views_profielen as v

app_name = "netwerk"

urlpatterns = [
    path("", d.dekking, name="dekking"),
    path("meting/", d.meting_opslaan, name="meting"),
    path("gaten.xlsx", d.gaten_export, name="gaten_export"),
    path("behoeften/", v.behoeften, name="behoeften"),
    path("ondersteuningsplan/", v.plan, name="plan"),
    path("ondersteuningsplan/nieuw/", v.plan_bewerken, name="plan_nieuw"),
    path("ondersteuningsplan/<int:pk>/bewerken/", v.plan_bewerken, name="plan_bewerken"),
    path("profielen/", v.profielen, name="profielen"),
    path("profielen/<int:school_id>/", v.profiel, name="profiel"),
    path("profielen/<int:school_id>/bewerken/", v.profiel_bewerken, name="profiel_bewerken"),
    path("instellingen/", v.instellingen, name="instellingen"),
    path("plaatsingen/", p.lijst, name="plaatsingen"),
    path("plaatsingen/nieuw/<int:leerling_id>/", p.nieuw, name="plaatsing_nieuw"),
    path("plaatsingen/<int:pk>/", p.detail, name="plaatsing"),
    path("plaatsingen/<int:pk>/kiezen/", p.kiezen, name="plaatsing_kiezen"),
    path("plaatsingen/<int:pk>/antwoord/", p.antwoord, name="plaatsing_antwoord"),
    path("plaatsingen/<int:pk>/intrekken/", p.intrekken, name="plaatsing_intrekken"),
    path("leerling/<int:leerling_id>/behoeften/", p.leerlingbehoeften, name="leerlingbehoeften"),
]
