"""URLs of leerlingenvervoer (namespace `vervoer`, at /vervoer/). Pages: views_aanvragen.py (requests, proposal and
decision, letter, settings) and views_routes.py (vehicles, route plannings, map, driver's route sheet)."""

from django.urls import path

from . import views_aanvragen as a
from . import views_routes as r

app_name = "vervoer"

urlpatterns = [
    path("", a.aanvragen, name="aanvragen"),
    path("aanvragen/nieuw/<int:leerling_id>/", a.aanvraag_nieuw, name="aanvraag_nieuw"),
    path("aanvragen/<int:pk>/", a.aanvraag, name="aanvraag"),
    path("aanvragen/<int:pk>/brief.pdf", a.brief, name="brief"),
    path("instellingen/", a.instellingen, name="instellingen"),
    path("voertuigen/", r.voertuigen, name="voertuigen"),
    path("voertuigen/<int:pk>/", r.voertuig, name="voertuig"),
    path("planningen/", r.planningen, name="planningen"),
    path("planningen/<int:pk>/", r.planning, name="planning"),
    path("planningen/<int:pk>/ritlijst/<int:voertuig_id>.pdf", r.ritlijst, name="ritlijst"),
]
