"""The SWV's handling of requests: the worklist (werkvoorraad), consulent, MDO, internal notes, asking and
withdrawing experts, the decision form and the settings page.

The small forms live on the request page (detail/_behandeling.html, detail/_adviezen.html) and post here;
when the input is wrong the form is shown on its own page with the errors and what was typed. Every change
goes through services.py, which checks access and the workflow again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist

from .. import services, termijnen, workflow
from ..forms_behandeling import (
    BesluitForm,
    ConsulentForm,
    DeskundigeVragenForm,
    InstellingenForm,
    NotitieForm,
    OverlegForm,
    VerslagForm,
    WerkvoorraadFilter,
)
from ..models import Aanvraag, Adviesopdracht, Besluit, Overleg, Soort, Toewijzingsinstellingen
from ..panels_swv import (
    aanvulling_verstreken,
    binnen_week,
    kengetallen,
    op_termijn_geordend,
    open_aanvragen,
    opgeschort,
    te_laat,
    termijn,
)
from ..workflow import OngeldigeTransitie

PER_PAGINA = 25


def _eis_staf(rol) -> None:
    if rol.rol not in SWV_STAF:
        raise PermissionDenied("Deze pagina is voor medewerkers van het samenwerkingsverband.")



def _naar_aanvraag(a: Aanvraag, anker: str = ""):
    return redirect(reverse("toewijzing:aanvraag", args=[a.pk]) + (f"#{anker}" if anker else ""))


def _formulierpagina(request, a: Aanvraag, form, *, titel: str, actie: str, knop: str, uitleg: str = "",
                     anker: str = ""):
    """A form of the request page on its own page (GET, or after wrong input)."""
    return render(request, "toewijzing/behandeling_formulier.html", {
        "a": a, "form": form, "titel": titel, "actie": actie, "knop": knop, "uitleg": uitleg, "anker": anker,
    })


# ------------------------------------------------------------------------------------------------------------
# Werkvoorraad
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
def werkvoorraad(request):
    rol = request.rol
    _eis_staf(rol)
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    alle = open_aanvragen(rol)
    form = WerkvoorraadFilter(request.GET or None)
    qs = alle
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = _zoek(qs, d["q"])
        if d["mijn"]:
            qs = qs.filter(consulent_id=rol.user_id)
        if d["zonder_consulent"]:
            qs = qs.filter(consulent__isnull=True)
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["soort"]:
            qs = qs.filter(soort=d["soort"])
        if d["termijn"] == "te_laat":
            qs = te_laat(qs, inst.besluittermijn_weken)
        elif d["termijn"] == "week":
            qs = binnen_week(qs, inst.besluittermijn_weken)
        elif d["termijn"] == "opgeschort":
            qs = opgeschort(qs, inst.besluittermijn_weken)
        elif d["termijn"] == "aanvulling_verstreken":
            qs = aanvulling_verstreken(qs)
    # By deadline (the term is suspended while the school completes a request, Awb 4:15: so not simply by
    # submission date); suspended requests last.
    page = pagineer(request, op_termijn_geordend(qs, inst.besluittermijn_weken), PER_PAGINA)
    per_pk = qs.select_related("leerling", "school", "consulent").in_bulk(page.object_list)
    perioden = termijnen.opschortingen(list(page.object_list))
    page.object_list = [per_pk[pk] for pk in page.object_list]
    for a in page.object_list:
        a.termijn = termijn(a, inst.besluittermijn_weken, perioden=perioden.get(a.pk, []))
    return render(request, "toewijzing/werkvoorraad.html", {
        "form": form, "page": page, "k": kengetallen(rol, alle), "instellingen": inst,
    })


# ------------------------------------------------------------------------------------------------------------
# Consulent, MDO, notes
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def consulent(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    form = ConsulentForm(request.POST or None, aanvraag=a)
    if request.method == "POST" and form.is_valid():
        try:
            services.consulent_toewijzen(rol, a, form.cleaned_data["consulent"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"{form.cleaned_data['consulent']} is nu consulent van deze aanvraag.")
            return _naar_aanvraag(a, "kop-behandeling")
    return _formulierpagina(request, a, form, titel="Consulent toewijzen", knop="Toewijzen",
                            actie=reverse("toewijzing:consulent", args=[a.pk]), anker="kop-behandeling")


@rol_vereist
@require_http_methods(["GET", "POST"])
def overleg_nieuw(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    form = OverlegForm(request.POST or None, aanvraag=a)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.overleg_plannen(rol, a, datum=d["tijdstip"], locatie=d["locatie"], deelnemers=d["deelnemers"],
                                     externe_deelnemers=d["externe_deelnemers"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Het MDO is gepland op {d['datum']:%d-%m-%Y} om {d['tijd']:%H:%M}.")
            return _naar_aanvraag(a, "kop-mdo")
    return _formulierpagina(request, a, form, titel="MDO plannen", knop="MDO plannen",
                            actie=reverse("toewijzing:overleg_nieuw", args=[a.pk]), anker="kop-mdo",
                            uitleg="Een multidisciplinair overleg over deze aanvraag. De deelnemers van het SWV "
                            "zien het overleg bij de aanvraag.")


@rol_vereist
@require_http_methods(["GET", "POST"])
def overleg_verslag(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    o = get_or_refuse(rol, Overleg, pk, "change")
    a = o.aanvraag
    form = VerslagForm(request.POST or None, initial={"verslag": o.verslag})
    if request.method == "POST" and form.is_valid():
        try:
            services.overleg_verslag(rol, o, form.cleaned_data["verslag"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "Het verslag van het MDO is opgeslagen.")
            return _naar_aanvraag(a, f"mdo-{o.pk}")
    return _formulierpagina(request, a, form, titel=f"Verslag MDO van {o.datum:%d-%m-%Y}", knop="Verslag opslaan",
                            actie=reverse("toewijzing:overleg_verslag", args=[o.pk]), anker="kop-mdo")


@rol_vereist
@require_http_methods(["GET", "POST"])
def notitie_nieuw(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    form = NotitieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notitie_toevoegen(rol, a, form.cleaned_data["tekst"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "De notitie is toegevoegd.")
            return _naar_aanvraag(a, "kop-notities")
    return _formulierpagina(request, a, form, titel="Interne notitie", knop="Notitie toevoegen",
                            actie=reverse("toewijzing:notitie_nieuw", args=[a.pk]), anker="kop-notities")


# ------------------------------------------------------------------------------------------------------------
# Experts
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def deskundige_vragen(request, pk: int):
    """Ask an expert (POST), or the form on its own page (GET; `?deskundige=` preselects the profession
    from the expert's function, also used by htmx on the request page)."""
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    initial = {}
    if request.method == "GET" and request.GET.get("deskundige", "").isdigit():
        initial["deskundige"] = request.GET["deskundige"]
    form = DeskundigeVragenForm(request.POST or None, aanvraag=a, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            o = services.deskundige_vragen(rol, a, deskundige=d["deskundige"], volgorde=d["volgorde"],
                                           beroep=d["beroep"], uiterlijk=d["uiterlijk"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"{o.get_volgorde_display()} gevraagd: {o.deskundige} "
                             f"({o.get_beroep_display().lower()}). De deskundige ziet de aanvraag nu in Passend.")
            return _naar_aanvraag(a, "kop-adviezen")
    return _formulierpagina(request, a, form, titel="Deskundige om advies vragen", knop="Deskundige vragen",
                            actie=reverse("toewijzing:deskundige_vragen", args=[a.pk]), anker="kop-adviezen",
                            uitleg=REGEL_DESKUNDIGEN)


REGEL_DESKUNDIGEN = (
    "Voor een TLV zijn twee aparte, schriftelijke adviezen nodig. De eerste deskundige is een orthopedagoog of "
    "psycholoog; de tweede, afhankelijk van de leerling, een kinder- of jeugdpsycholoog, (ortho)pedagoog, "
    "kinderpsychiater, maatschappelijk werker of arts. Het zijn twee verschillende personen; een gezamenlijk "
    "advies telt niet, en een deskundige die eerder bij de leerling betrokken was, mag niet adviseren."
)


@rol_vereist
@require_POST
def deskundige_intrekken(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    o = get_or_refuse(rol, Adviesopdracht, pk)
    try:
        services.deskundige_intrekken(rol, o)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, f"De adviesvraag aan {o.deskundige} is ingetrokken; de deskundige ziet de "
                         "aanvraag niet meer.")
    return _naar_aanvraag(o.aanvraag, "kop-adviezen")


# ------------------------------------------------------------------------------------------------------------
# Decision
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def besluiten(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Aanvraag, pk)
    reden = workflow.weigering(rol, a, "besluiten")
    inst = Toewijzingsinstellingen.voor(a.swv_id)
    adviezen = [o for o in a.adviesopdrachten.select_related("deskundige") if can(rol, "view", o)]
    context = {"a": a, "reden": reden, "instellingen": inst, "adviezen": adviezen, "form": None}
    if reden is None:
        record_view(a, omschrijving="Besluitformulier geopend")
        form = BesluitForm(request.POST or None, aanvraag=a, instellingen=inst)
        if request.method == "POST" and form.is_valid():
            try:
                services.transitie(rol, a, "besluiten", **form.gegevens())
            except OngeldigeTransitie as fout:
                form.add_error(None, str(fout))
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                uitkomst = Besluit.Uitkomst(form.cleaned_data["uitkomst"]).label.lower()
                messages.success(request, f"Het besluit ({uitkomst}) is vastgelegd en de brief (beschikking) is "
                                 "gemaakt. Ouders en school vinden de brief bij de aanvraag in Passend.")
                return _naar_aanvraag(a, "kop-besluit")
        context["form"] = form
        context["standaard"] = form.standaard
    context["is_tlv"] = a.is_tlv
    context["is_arrangement"] = a.soort == Soort.ARRANGEMENT
    return render(request, "toewijzing/besluit_form.html", context)


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def instellingen(request):
    rol = request.rol
    if rol.rol not in (*SWV_STAF, Rol.BEHEERDER):
        raise PermissionDenied("De instellingen van de toewijzing zijn voor het samenwerkingsverband.")
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    mag_wijzigen = can(rol, "change", inst)
    if request.method == "POST" and not mag_wijzigen:
        raise PermissionDenied("Alleen de directeur of beheerder van het SWV wijzigt deze instellingen.")
    form = InstellingenForm(request.POST or None, instance=inst)
    if request.method == "POST" and form.is_valid():
        try:
            services.instellingen_opslaan(rol, form.instance)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "De instellingen zijn opgeslagen.")
            return redirect("toewijzing:instellingen")
    velden = [(form[naam], getattr(inst, naam)) for naam in form.fields]
    return render(request, "toewijzing/instellingen.html", {
        "form": form, "mag_wijzigen": mag_wijzigen, "instellingen": inst, "velden": velden,
    })


def _zoek(qs, q: str):
    for woord in q.split():
        qs = qs.filter(Q(nummer__icontains=woord) | Q(leerling__zoeknaam__icontains=woord.casefold()))
    return qs


urlpatterns = [
    path("werkvoorraad/", werkvoorraad, name="werkvoorraad"),
    path("aanvragen/<int:pk>/consulent/", consulent, name="consulent"),
    path("aanvragen/<int:pk>/mdo/", overleg_nieuw, name="overleg_nieuw"),
    path("mdo/<int:pk>/verslag/", overleg_verslag, name="overleg_verslag"),
    path("aanvragen/<int:pk>/notities/", notitie_nieuw, name="notitie_nieuw"),
    path("aanvragen/<int:pk>/deskundigen/", deskundige_vragen, name="deskundige_vragen"),
    path("adviesopdrachten/<int:pk>/intrekken/", deskundige_intrekken, name="deskundige_intrekken"),
    path("aanvragen/<int:pk>/besluiten/", besluiten, name="besluiten"),
    path("instellingen/", instellingen, name="instellingen"),
]
