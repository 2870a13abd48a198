"""A parent gives or withholds consent (instemming) on the handelingsdeel of a set OPP version.

The page explains in plain Dutch (B1) what consent means: only the handelingsdeel needs consent, the
perspectiefdeel is discussed (OOGO); without consent the school still gives the support. Each parent with gezag
chooses for themselves; services.instemming_geven records who, when and that they have gezag. A parent without
gezag sees why they cannot consent.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from passend.accounts.models import Rol
from passend.audit.services import record_view
from passend.core.ui import fouten_naar_form, rol_vereist

from .. import services
from ..forms import InstemmingForm
from ..models import Instemming, OppVersie
from .detail import eigen_relatie
from .inhoud import tekst_van
from .versie import laad_versie


@rol_vereist
@require_http_methods(["GET", "POST"])
def instemmen(request, pk: int):
    rol = request.rol
    v = laad_versie(rol, pk)  # another parent's child: 403 (recorded)
    if rol.rol != Rol.OUDER:
        raise PermissionDenied("Alleen een ouder van de leerling kan instemmen met het handelingsdeel.")
    o = v.opp
    relatie = eigen_relatie(rol, o.leerling_id)
    if relatie is None:
        raise PermissionDenied("Alleen een ouder van de leerling kan instemmen met het handelingsdeel.")
    huidige = services.huidige_versie(o)
    eigen = Instemming.objects.filter(versie=v, ouder=relatie.ouder).first()
    vastgesteld = v.status == OppVersie.Status.VASTGESTELD
    is_huidige = vastgesteld and huidige is not None and huidige.pk == v.pk
    kan_instemmen = relatie.heeft_gezag and is_huidige and o.beeindigd_op is None
    form = None
    if kan_instemmen:
        initial = {"besluit": eigen.besluit, "toelichting": eigen.toelichting} if eigen else {}
        form = InstemmingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not kan_instemmen:
            reden = ("Instemmen kan alleen een ouder met gezag." if not relatie.heeft_gezag
                     else "Instemmen kan alleen op de geldende, vastgestelde versie van het OPP.")
            raise PermissionDenied(reden)
        if form.is_valid():
            try:
                services.instemming_geven(rol, v, besluit=form.cleaned_data["besluit"],
                                          toelichting=form.cleaned_data["toelichting"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                if form.cleaned_data["besluit"] == Instemming.Besluit.INSTEMMING:
                    messages.success(request, "Dank u. U heeft ingestemd met het handelingsdeel. De school weet dit nu.")
                else:
                    messages.success(request, "Dank u. Wij hebben vastgelegd dat u niet instemt met het handelingsdeel. "
                                     "De school neemt contact met u op. Uw kind krijgt wel de ondersteuning.")
                return redirect("opp:detail", pk=o.pk)
    else:
        record_view(v, omschrijving=f"Instemmingspagina geopend: versie {v.nummer}")
    return render(request, "opp/instemmen.html", {
        "v": v, "o": o, "relatie": relatie, "eigen": eigen, "form": form, "huidige": huidige,
        "vastgesteld": vastgesteld, "is_huidige": is_huidige, "kan_instemmen": kan_instemmen,
        "handelingsdeel": [(label, tekst_van(v, veld)) for label, veld in (
            ("Welke begeleiding en ondersteuning uw kind krijgt", "ondersteuning"),
            ("Wat anders gaat dan in het gewone lesprogramma", "afwijkingen"),
            ("De doelen", "doelen"),
        )],
        "uitstroom": tekst_van(v, "uitstroombestemming"),
    })


urlpatterns = [
    path("versie/<int:pk>/instemmen/", instemmen, name="instemmen"),
]
