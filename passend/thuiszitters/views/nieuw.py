"""Reporting a thuiszitter: one form for a school (one of its visible pupils), SWV staff (any pupil of the SWV,
or a new one) and leerplicht (the pupil's data: leerplicht does not search the pupil register).

Prefilled from the signals page with ?leerling=<pk>. A wrong input or a refusal by services.py shows the form
again with its errors and everything typed; nothing is saved then (the service is atomic).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol
from passend.core.panels import scholen_in_regio
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import School

from .. import services
from ..forms import CATEGORIE_UITLEG, MeldingForm
from ..toegang import mag_melden


def _form(rol, data=None, initial=None) -> MeldingForm:
    kwargs = {"casushouders": services.casushouders(rol.swv_id), "initial": initial or {}}
    if rol.rol == Rol.SCHOOL:
        eigen = School.objects.filter(pk__in=rol.scholen.values("pk")).order_by("naam", "plaats")
        een = eigen[0] if len(eigen[:2]) == 1 else None
        return MeldingForm(data, leerlingen=services.leerlingen_van(rol).order_by("achternaam", "voornaam", "pk"),
                           scholen=None if een else eigen, een_school=een, **kwargs)
    scholen = scholen_in_regio(rol).only("pk", "naam", "plaats", "vestigingscode").order_by("naam", "plaats")
    if rol.rol == Rol.LEERPLICHT:
        return MeldingForm(data, leerlingen=None, nieuw=True, scholen=scholen, **kwargs)
    return MeldingForm(data, leerlingen=services.leerlingen_van(rol).order_by("achternaam", "voornaam", "pk"),
                       nieuw=True, scholen=scholen, **kwargs)


@rol_vereist
@require_http_methods(["GET", "POST"])
def nieuw(request):
    rol = request.rol
    if not mag_melden(rol):
        if rol.rol == Rol.SCHOOL:
            raise PermissionDenied("Aan uw rol is geen school gekoppeld. Vraag de beheerder dit in te stellen.")
        if rol.rol == Rol.LEERPLICHT:
            raise PermissionDenied("Aan uw rol is geen gemeente gekoppeld. Vraag de beheerder dit in te stellen.")
        raise PermissionDenied("In deze rol kunt u geen thuiszitter melden.")
    initial = {}
    if request.method == "GET" and request.GET.get("leerling", "").isdigit() and rol.rol != Rol.LEERPLICHT:
        leerling = services.leerlingen_van(rol).filter(pk=int(request.GET["leerling"])).first()
        if leerling is not None:
            initial["leerling"] = leerling.pk
    form = _form(rol, request.POST if request.method == "POST" else None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            m = services.melding_registreren(rol, **form.service_gegevens())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, f"De melding {m.nummer} van {m.leerling.naam} is vastgelegd. Leg nu het "
                             "plan van aanpak vast: wie doet wat, en wanneer.")
            return redirect("thuiszitters:detail", pk=m.pk)
    return render(request, "thuiszitters/nieuw.html", {
        "form": form,
        "uitleg": CATEGORIE_UITLEG,
        "is_leerplicht": rol.rol == Rol.LEERPLICHT,
        "staf": rol.rol in SWV_STAF,
    })


urlpatterns = [
    path("nieuw/", nieuw, name="nieuw"),
]
