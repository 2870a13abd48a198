"""The expert's (deskundige) pages: their own advice requests, and one request with the advice form.

An expert sees only the requests they were asked to advise on, and only while the assignment is open or
given and the case undecided (toegang.py): after the decision or a return the page is refused (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from passend.accounts.models import Rol
from passend.audit.services import record_view
from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, rol_vereist

from .. import services
from ..forms_behandeling import AdviesForm
from ..models import Adviesopdracht, Bijlage, Ouderreactie, vandaag
from ..panels_swv import eigen_opdrachten
from ..toegang import ACTIEVE_OPDRACHT


def _eis_deskundige(rol) -> None:
    if rol.rol != Rol.DESKUNDIGE:
        raise PermissionDenied("Deze pagina is voor deskundigen die om advies zijn gevraagd.")


@rol_vereist
def mijn_adviezen(request):
    rol = request.rol
    _eis_deskundige(rol)
    opdrachten = list(eigen_opdrachten(rol))
    vandaag_ = vandaag()
    for o in opdrachten:
        o.dagen = (o.uiterlijk - vandaag_).days if o.uiterlijk and o.is_open else None
    return render(request, "toewijzing/mijn_adviezen.html", {
        "open": [o for o in opdrachten if o.is_open],
        "gegeven": [o for o in opdrachten if not o.is_open],
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def advies(request, pk: int):
    rol = request.rol
    _eis_deskundige(rol)
    o = get_or_refuse(rol, Adviesopdracht, pk)
    if o.deskundige_id != rol.user_id or o.status not in ACTIEVE_OPDRACHT:
        raise PermissionDenied("Deze adviesvraag is niet aan u gericht.")
    a = o.aanvraag
    form = AdviesForm(request.POST or None, aanvraag=a) if o.is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "U heeft dit advies al gegeven; het kan niet meer worden gewijzigd.")
            return redirect("toewijzing:advies", pk=o.pk)
        if form.is_valid():
            gegevens = form.gegevens()
            try:
                services.advies_geven(rol, o, **gegevens)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                if not gegevens["niet_eerder_betrokken"]:
                    messages.success(request, "U heeft verklaard eerder bij deze leerling betrokken te zijn geweest. "
                                     "De adviesvraag is teruggegeven aan het samenwerkingsverband; u ziet de "
                                     "aanvraag niet meer.")
                    return redirect("toewijzing:mijn_adviezen")
                messages.success(request, "Uw advies is opgeslagen. Het samenwerkingsverband ziet het nu.")
                return redirect("toewijzing:advies", pk=o.pk)
    record_view(a, omschrijving=f"Adviesvraag {a.nummer} geopend door deskundige")
    return render(request, "toewijzing/advies_form.html", {
        "o": o,
        "a": a,
        "form": form,
        "bijlagen": list(visible(rol, Bijlage).filter(aanvraag=a)),
        "ouderreacties": list(visible(rol, Ouderreactie).filter(aanvraag=a).select_related("ouder")),
    })


urlpatterns = [
    path("adviezen/", mijn_adviezen, name="mijn_adviezen"),
    path("adviezen/<int:pk>/", advies, name="advies"),
]
