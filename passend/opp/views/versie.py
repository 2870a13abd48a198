"""One version of an OPP: read it, edit it while it is a concept, set it, compare it with another version, and
download it as an accessible PDF (PDF/UA-1). A set version is never edited: the edit page refuses it (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.models import Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, rol_vereist

from .. import pdf, services
from ..forms import VaststellenForm, VersieForm
from ..models import OppVersie
from .detail import instemmingen_voor
from .inhoud import inhoud, vergelijking


def laad_versie(rol, pk: int, action: str = "view") -> OppVersie:
    v = get_or_refuse(rol, OppVersie, pk, action)
    return OppVersie.objects.select_related("opp__leerling", "opp__school", "opp__swv", "vastgesteld_door").get(pk=v.pk)


def _vorige(v: OppVersie):
    return OppVersie.objects.filter(opp_id=v.opp_id, nummer__lt=v.nummer).order_by("-nummer").first()


@rol_vereist
def versie(request, pk: int):
    rol = request.rol
    v = laad_versie(rol, pk)
    record_view(v)
    vorige = _vorige(v)
    return render(request, "opp/versie.html", {
        "v": v, "o": v.opp, "inhoud": inhoud(v), "vorige": vorige,
        "kan_bewerken": can(rol, "change", v),
        "instemmingen": instemmingen_voor(v, rol, v.opp.leerling_id) if v.status == OppVersie.Status.VASTGESTELD else [],
        "is_ouder": rol.rol == Rol.OUDER,
        "toon_instemming": rol.rol != Rol.LEERLING,  # the parents' consent is not for the pupil's own account
        "is_huidige": v.status == OppVersie.Status.VASTGESTELD and services.huidige_versie(v.opp).pk == v.pk,
    })


def _bewerken_pagina(request, v: OppVersie, *, form=None, vaststellen_form=None, status=200):
    vorige = _vorige(v)
    return render(request, "opp/versie_bewerken.html", {
        "v": v, "o": v.opp,
        "form": form or VersieForm(instance=v),
        "vaststellen_form": vaststellen_form or VaststellenForm(),
        "ontbrekend": services.ontbrekend(v),
        "vorige": vorige,
        "oogo_opnieuw": vorige is not None and v.oogo_op is None,
    }, status=status)


@rol_vereist
@require_http_methods(["GET", "POST"])
def versie_bewerken(request, pk: int):
    rol = request.rol
    v = laad_versie(rol, pk, "change")  # a set version is refused here (403)
    if request.method == "POST":
        form = VersieForm(request.POST, instance=v)
        if form.is_valid():
            try:
                services.versie_bijwerken(rol, v, **form.velden())
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"Versie {v.nummer} is opgeslagen (nog een concept).")
                return redirect("opp:versie_bewerken", pk=v.pk)
        return _bewerken_pagina(request, v, form=form)
    record_view(v)
    return _bewerken_pagina(request, v)


@rol_vereist
@require_POST
def vaststellen(request, pk: int):
    rol = request.rol
    v = laad_versie(rol, pk, "change")
    form = VaststellenForm(request.POST)
    if form.is_valid():
        try:
            services.vaststellen(rol, v, datum=form.cleaned_data["datum"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Versie {v.nummer} is vastgesteld. De ouders met gezag kunnen nu wel of niet "
                             "instemmen met het handelingsdeel.")
            return redirect("opp:detail", pk=v.opp_id)
    return _bewerken_pagina(request, v, vaststellen_form=form)


@rol_vereist
def vergelijk(request, pk: int):
    rol = request.rol
    v = laad_versie(rol, pk)
    # visible(): parents and the pupil cannot compare with (and so read) the school's concept.
    andere = [x for x in visible(rol, OppVersie).filter(opp_id=v.opp_id).exclude(pk=v.pk).order_by("-nummer")]
    met = None
    if request.GET.get("met", "").isdigit():
        met = next((x for x in andere if x.pk == int(request.GET["met"])), None)
        if met is None:
            raise PermissionDenied("Vergelijken kan alleen met een versie van hetzelfde OPP.")
    else:
        met = next((x for x in andere if x.nummer < v.nummer), None)
    oud, nieuw = (met, v) if met is None or met.nummer < v.nummer else (v, met)
    record_view(v, omschrijving=f"OPP-versies vergeleken: {oud.nummer if oud else '-'} en {nieuw.nummer}")
    return render(request, "opp/vergelijk.html", {
        "v": v, "o": v.opp, "met": met, "andere": andere, "oud": oud, "nieuw": nieuw,
        "delen": vergelijking(oud, nieuw) if oud is not None else [],
    })


@rol_vereist
def versie_pdf(request, pk: int):
    v = laad_versie(request.rol, pk)
    titel, inhoud_pdf = pdf.versie_pdf(v, instemmingen=request.rol.rol != Rol.LEERLING)
    record_view(v, omschrijving=f"OPP als PDF geopend: versie {v.nummer}")
    resp = HttpResponse(inhoud_pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="opp-{v.opp_id}-versie-{v.nummer}.pdf"'
    return resp


urlpatterns = [
    path("versie/<int:pk>/", versie, name="versie"),
    path("versie/<int:pk>/bewerken/", versie_bewerken, name="versie_bewerken"),
    path("versie/<int:pk>/vaststellen/", vaststellen, name="vaststellen"),
    path("versie/<int:pk>/vergelijk/", vergelijk, name="vergelijk"),
    path("versie/<int:pk>/pdf/", versie_pdf, name="versie_pdf"),
]
