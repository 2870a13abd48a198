"""Signals of possible thuiszitters for the SWV to check (a worklist, never an automatic registration): an
aanmelding past its 10-week deadline, an enrolment that ended without a new one. Each row links to the form
to register the pupil, prefilled."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from passend.accounts.models import SWV_STAF
from passend.core.ui import rol_vereist

from .. import regels
from .. import signalen as signaalbron
from ..services import vandaag

SOORTEN = {
    "aanmelding": "Aanmelding na 10 weken niet besloten",
    "uitschrijving": "Uitgeschreven zonder nieuwe school",
}


@rol_vereist
@require_safe
def signalen(request):
    rol = request.rol
    if rol.rol not in SWV_STAF:
        raise PermissionDenied("De signalen van mogelijke thuiszitters zijn voor het samenwerkingsverband.")
    peildatum = vandaag()
    rijen = signaalbron.signalen(rol, peildatum)
    for s in rijen:
        s.soort_label = SOORTEN.get(s.soort, s.soort)
        s.leeftijd = regels.leeftijd(s.leerling.geboortedatum, peildatum)
        s.weken = regels.duur_dagen(s.sinds, peildatum) // 7
    return render(request, "thuiszitters/signalen.html", {"signalen": rijen, "peildatum": peildatum})


urlpatterns = [
    path("signalen/", signalen, name="signalen"),
]
