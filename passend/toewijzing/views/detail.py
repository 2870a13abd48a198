"""The request page (one for every role, each seeing its part), the generic workflow step, and downloads.

Steps that need only a reason (indienen, in behandeling nemen, aanvulling vragen, intrekken, advies vragen,
afsluiten) are posted here; steps with their own form (besluiten, bezwaar registreren, beslissen op bezwaar)
link to the pages of behandeling.py and bezwaar.py (STAP_FORMULIEREN).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import rol_vereist

from .. import regels, services, termijnen, workflow
from ..models import (
    Aanvraag,
    Adviesopdracht,
    Beschikking,
    Bezwaar,
    Bijlage,
    Gebeurtenis,
    Notitie,
    Ouderreactie,
    Overleg,
    Toewijzingsinstellingen,
    vandaag,
)
from ..workflow import OngeldigeTransitie
from .bezwaar import overzicht as bezwaar_overzicht

# Steps with their own form page: url name (taking the request's pk).
STAP_FORMULIEREN = {
    "besluiten": "toewijzing:besluiten",
    "bezwaar_registreren": "toewijzing:bezwaar_nieuw",
    "beslissen_op_bezwaar": "toewijzing:bezwaar_beslissen",
}


def laad_aanvraag(rol, pk: int, action: str = "view") -> Aanvraag:
    """One request with what its page needs, or 403/404 (access checked, refusal audited)."""
    a = get_or_refuse(rol, Aanvraag, pk, action)
    return (
        Aanvraag.objects.select_related("leerling", "school", "consulent", "swv", "vorige_tlv", "besluit")
        .prefetch_related(
            "bijlagen", Prefetch("ouderreacties", queryset=Ouderreactie.objects.select_related("ouder", "user")),
            Prefetch("adviesopdrachten", queryset=Adviesopdracht.objects.select_related("deskundige")),
            "bezwaren",
        )
        .get(pk=a.pk)
    )


def _met_verwijderbaar(rol, bijlagen) -> list:
    uit = list(bijlagen)
    for b in uit:
        b.verwijderbaar = can(rol, "change", b)
    return uit


def context_voor(request, a: Aanvraag) -> dict:
    """Everything the request page shows, each part only when the role may see it."""
    rol = request.rol
    staf = rol.rol in SWV_STAF
    inst = Toewijzingsinstellingen.voor(a.swv_id)
    stappen = []
    for t, reden in workflow.mogelijke_stappen(rol, a):
        stappen.append({"t": t, "reden": reden, "formulier": STAP_FORMULIEREN.get(t.naam)})
    ctx = {
        "a": a,
        "staf": staf,
        "is_school": rol.rol == Rol.SCHOOL,
        "is_ouder": rol.rol == Rol.OUDER,
        "is_deskundige": rol.rol == Rol.DESKUNDIGE,
        "kan_wijzigen": can(rol, "change", a),
        "ontbrekend": workflow.ontbrekend(a) if a.status in ("concept", "aanvulling") else [],
        "ouders_akkoord": workflow.ouders_akkoord(a),
        "instellingen": inst,
        "stappen": stappen,
        "bijlagen": _met_verwijderbaar(rol, a.bijlagen.all()),
        "ouderreacties": list(a.ouderreacties.all()),
        "eigen_reactie": rol.rol == Rol.OUDER and any(r.user_id == rol.user_id for r in a.ouderreacties.all()),
        "adviezen": [o for o in a.adviesopdrachten.all() if can(rol, "view", o)],
        "beschikkingen": list(visible(rol, Beschikking).filter(aanvraag=a)),
        "bezwaren": list(visible(rol, Bezwaar).filter(aanvraag=a)),
        "overleggen": list(visible(rol, Overleg).filter(aanvraag=a).prefetch_related("deelnemers")),
        "notities": list(visible(rol, Notitie).filter(aanvraag=a).select_related("auteur")) if staf else [],
        "gebeurtenissen": list(visible(rol, Gebeurtenis).filter(aanvraag=a).select_related("user")),
        "besluit": getattr(a, "besluit", None) if not rol.rol == Rol.DESKUNDIGE else None,
        "tlvs": list(a.tlvs.all()) if rol.rol != Rol.DESKUNDIGE else [],
        "arrangement": getattr(a, "arrangement", None) if rol.rol != Rol.DESKUNDIGE else None,
    }
    if staf:
        from ..forms_behandeling import detail_formulieren  # the SWV's forms on this page (behandeling)

        ctx.update(detail_formulieren(a))
    ctx["laatste_aanvulling"] = next(
        (g for g in ctx["gebeurtenissen"] if g.transitie == "aanvulling_vragen"), None) if a.status == "aanvulling" else None
    if any(s["t"].naam == "aanvulling_vragen" and not s["reden"] for s in stappen):
        ctx["aanvullen_standaard"] = services.standaard_aanvullen_uiterlijk(a)
    if a.ingediend_op:
        perioden = termijnen.opschortingen([a.pk]).get(a.pk, [])
        ctx["besluit_uiterlijk"] = termijnen.uiterlijk(a, inst.besluittermijn_weken, perioden)
        ctx["opschortingen"] = perioden
        open_ = termijnen.open_aanvulling(perioden) if a.status == "aanvulling" else None
        if open_ is not None:
            ctx["aanvullen_uiterlijk"] = open_[2]
            ctx["aanvullen_verstreken"] = regels.aanvultermijn_verstreken(open_[2], vandaag())
            if ctx["besluit_uiterlijk"] is None:
                ctx["besluit_uiterlijk_zonder_aanvulling"] = termijnen.besluit_uiterlijk_zonder_aanvulling(
                    a, inst.besluittermijn_weken, perioden)
    if a.buiten_behandeling:
        # Why, and the completion term that passed (Awb 4:5), from the timeline.
        ctx["buiten_behandeling"] = next(
            (g for g in ctx["gebeurtenissen"] if g.transitie == "buiten_behandeling_stellen"), None)
        ctx["gemiste_aanvulling"] = next(
            (g for g in ctx["gebeurtenissen"] if g.transitie == "aanvulling_vragen"), None)
    ctx["bezwaar_overzicht"] = [bezwaar_overzicht(b, inst) for b in ctx["bezwaren"]]
    besluit = ctx["besluit"]
    if besluit is not None and a.is_tlv:
        ctx["bezwaartermijn_einde"] = regels.bezwaartermijn_einde(besluit.datum)
    return ctx


@rol_vereist
def aanvraag(request, pk: int):
    a = laad_aanvraag(request.rol, pk)
    record_view(a)
    return render(request, "toewijzing/aanvraag.html", context_voor(request, a))


@rol_vereist
@require_POST
def stap(request, pk: int, naam: str):
    """Take a workflow step that needs at most a reason (toelichting)."""
    rol = request.rol
    a = get_or_refuse(rol, Aanvraag, pk)
    if naam in STAP_FORMULIEREN:
        return redirect(STAP_FORMULIEREN[naam], pk=a.pk)
    try:
        gegevens = {}
        if naam == "aanvulling_vragen":
            gegevens["aanvullen_uiterlijk"] = request.POST.get("aanvullen_uiterlijk", "").strip()
        services.transitie(rol, a, naam, toelichting=request.POST.get("toelichting", ""), **gegevens)
    except OngeldigeTransitie as fout:
        messages.error(request, str(fout))
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    except PermissionDenied as fout:
        raise PermissionDenied(str(fout)) from None
    else:
        t = workflow.transitie_voor(naam, a.soort)
        messages.success(request, f"Gelukt: {t.label.lower()}.")
    return redirect("toewijzing:aanvraag", pk=a.pk)


def _bestand(obj, veld, als_bijlage: bool = True):
    bestand = getattr(obj, veld)
    try:
        fh = bestand.open("rb")
    except FileNotFoundError:
        raise Http404("Het bestand is niet gevonden.") from None
    naam = getattr(obj, "naam", "") or f"{obj.aanvraag.nummer}.pdf"
    return FileResponse(fh, as_attachment=als_bijlage, filename=naam)


@rol_vereist
def bijlage_download(request, pk: int):
    b = get_or_refuse(request.rol, Bijlage, pk)
    record_view(b, omschrijving=f"Bijlage geopend: {b.naam}"[:200])
    return _bestand(b, "bestand")


@rol_vereist
def beschikking_download(request, pk: int):
    d = get_or_refuse(request.rol, Beschikking, pk)
    record_view(d, omschrijving=f"Brief geopend: {d.titel}"[:200])
    resp = _bestand(d, "bestand", als_bijlage=False)
    resp["Content-Disposition"] = f'inline; filename="{d.aanvraag.nummer}.pdf"'
    return resp


@rol_vereist
def workflow_tabel(request):
    """The transition table as a page: what each step needs and who may take it."""
    return render(request, "toewijzing/workflow.html", {"transities": workflow.TRANSITIES})


urlpatterns = [
    path("aanvragen/<int:pk>/", aanvraag, name="aanvraag"),
    path("aanvragen/<int:pk>/stap/<slug:naam>/", stap, name="stap"),
    path("bijlagen/<int:pk>/", bijlage_download, name="bijlage"),
    path("brieven/<int:pk>/", beschikking_download, name="beschikking"),
    path("werkwijze/", workflow_tabel, name="workflow"),
]
