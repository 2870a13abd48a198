"""One thuiszittersmelding: the case with its duration and duration class, the escalation warning, the plan of
approach, the contacts (newest first), and the steps as forms: bewerken, actie toevoegen, actie afronden,
contact toevoegen, naar het thuiszittersoverleg (SWV staff), afsluiten (SWV staff and leerplicht).

Each step posts to `thuiszitters:stap` (pk, naam); an action is finished at `thuiszitters:afronden`. A wrong
input or a refusal by services.py shows the page again with that form open, its errors and everything typed;
nothing is saved then (services are atomic). A closed case is read-only: no forms, and a POST is refused.
Leerplicht sees the pupil's name and age here, never a link to the pupil's file.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.panels import scholen_in_regio
from passend.core.ui import fouten_naar_form, rol_vereist

from .. import regels, services
from ..forms import CATEGORIE_UITLEG, ActieForm, AfsluitenForm, BewerkenForm, ContactForm, TafelForm
from ..models import Actie, Categoriestand, Contact, Melding, Partij, Reden, Urenstand
from ..panels import escalatie_weken, met_duur
from .lijst import eis_registerrol


@dataclass(frozen=True)
class Stap:
    naam: str
    titel: str
    knop: str


STAPPEN = {s.naam: s for s in (
    Stap("actie", "Actie toevoegen aan het plan van aanpak", "Actie toevoegen"),
    Stap("contact", "Contact of stap vastleggen", "Contact vastleggen"),
    Stap("bewerken", "Gegevens van de melding wijzigen", "Wijzigingen opslaan"),
    Stap("tafel", "Naar het thuiszittersoverleg", "Inbrengen in het thuiszittersoverleg"),
    Stap("afsluiten", "Melding afsluiten", "Melding afsluiten"),
)}


def laad(rol, pk: int) -> Melding:
    """One case with what its page needs, or 403/404 (access checked, refusal audited)."""
    eis_registerrol(rol)
    m = get_or_refuse(rol, Melding, pk)
    return (Melding.objects.select_related("leerling", "school", "gemeente", "casushouder", "gemeld_door",
                                           "uitkomst_school", "swv").get(pk=m.pk))


def mogelijke_stappen(rol, m: Melding) -> list[str]:
    """The steps this role may take now, in the order of the page."""
    if not m.is_open or not can(rol, "change", m):
        return []
    stappen = ["actie", "contact", "bewerken"]
    if rol.rol in SWV_STAF and m.tafel_op is None:
        stappen.append("tafel")
    if rol.rol in (*SWV_STAF, Rol.LEERPLICHT):
        stappen.append("afsluiten")
    return stappen


def _uren_tekst(uren) -> str:
    return "" if uren is None else f"{uren.normalize():f}".replace(".", ",")


def _form(naam: str, m: Melding, rol, data=None):
    kwargs = {"prefix": naam, "data": data}
    if naam == "actie":
        return ActieForm(**kwargs)
    if naam == "contact":
        return ContactForm(met_tafel=rol.rol in SWV_STAF, **kwargs)
    if naam == "bewerken":
        return BewerkenForm(casushouders=services.casushouders(m.swv_id), initial={
            "categorie": m.categorie, "uren_onderwijs": _uren_tekst(m.uren_onderwijs), "redenen": m.redenen,
            "reden_anders": m.reden_anders, "partijen": m.partijen, "casushouder": m.casushouder_id,
            "toelichting": m.toelichting,
        }, **kwargs)
    if naam == "tafel":
        return TafelForm(**kwargs)
    if naam == "afsluiten":
        scholen = scholen_in_regio(rol).only("pk", "naam", "plaats", "vestigingscode").order_by("naam", "plaats")
        return AfsluitenForm(scholen=scholen, **kwargs)
    raise Http404


def context_voor(request, m: Melding, gebonden: dict | None = None) -> dict:
    rol = request.rol
    peildatum = services.vandaag()
    weken = escalatie_weken(rol)
    (m,) = met_duur([m], peildatum, weken)
    acties = list(visible(rol, Actie).filter(melding=m).select_related("aangemaakt_door").order_by("uiterlijk", "pk"))
    for a in acties:
        a.te_laat = a.gedaan_op is None and a.uiterlijk < peildatum
    kan_wijzigen = can(rol, "change", m)
    redenen, partijen = dict(Reden.choices), dict(Partij.choices)
    gebonden = gebonden or {}
    stappen = {naam: {"stap": STAPPEN[naam], "form": gebonden.get(naam) or _form(naam, m, rol)}
               for naam in mogelijke_stappen(rol, m)}
    return {
        "m": m,
        "staf": rol.rol in SWV_STAF,
        "is_leerplicht": rol.rol == Rol.LEERPLICHT,
        "kan_wijzigen": kan_wijzigen,
        "peildatum": peildatum,
        "escalatie_weken": weken,
        "categorie_uitleg": CATEGORIE_UITLEG.get(m.categorie, ""),
        "telt_als_thuiszitter": regels.telt_als_thuiszitter(m.categorie, m.duur_sinds, m.einddatum or peildatum),
        "categoriestanden": [(c.geldig_vanaf, c.get_categorie_display()) for c in
                             visible(rol, Categoriestand).filter(melding=m).order_by("-geldig_vanaf", "-pk")],
        "redenen": [redenen.get(r, r) for r in m.redenen],
        "partijen": [partijen.get(p, p) for p in m.partijen],
        "uren": _uren_tekst(m.uren_onderwijs),
        "urenstanden": [(u.geldig_vanaf, _uren_tekst(u.uren)) for u in
                        visible(rol, Urenstand).filter(melding=m).order_by("-geldig_vanaf", "-pk")],
        "uitkomst_uren": _uren_tekst(m.uitkomst_uren),
        "leerling_link": (rol.rol != Rol.LEERPLICHT and m.leerling is not None and can(rol, "view", m.leerling)),
        "acties": acties,
        "open_acties": sum(1 for a in acties if a.gedaan_op is None),
        "contacten": list(visible(rol, Contact).filter(melding=m).select_related("user")),
        "stappen": stappen,
        "overige_stappen": [x for naam, x in stappen.items() if naam not in ("actie", "contact")],
        "open_stap": next(iter(gebonden), ""),
    }


@rol_vereist
def detail(request, pk: int):
    m = laad(request.rol, pk)
    if m.leerling_id:
        record_view(m, omschrijving="Thuiszittersmelding bekeken")
    return render(request, "thuiszitters/detail.html", context_voor(request, m))


def _uitvoeren(naam: str, rol, m: Melding, form) -> str:
    """Call the service; returns the message for the user."""
    d = form.cleaned_data
    if naam == "actie":
        a = services.actie_toevoegen(rol, m, omschrijving=d["omschrijving"], eigenaar=d["eigenaar"],
                                     uiterlijk=d["uiterlijk"], partij=d["partij"])
        return f"De actie ‘{a.omschrijving}’ staat in het plan van aanpak (uiterlijk {a.uiterlijk:%d-%m-%Y})."
    if naam == "contact":
        c = services.contact_toevoegen(rol, m, datum=d["datum"], soort=d["soort"], verslag=d["verslag"],
                                       partij=d["partij"])
        return f"{c.get_soort_display()} van {c.datum:%d-%m-%Y} is vastgelegd."
    if naam == "bewerken":
        services.melding_bijwerken(rol, m, **form.service_gegevens())
        return "De gegevens van de melding zijn opgeslagen."
    if naam == "tafel":
        m = services.naar_tafel(rol, m, datum=d["datum"], verslag=d["verslag"])
        return f"De casus is ingebracht in het thuiszittersoverleg van {m.tafel_op:%d-%m-%Y}."
    if naam == "afsluiten":
        m = services.beeindigen(rol, m, einddatum=d["einddatum"], uitkomst=d["uitkomst"], school=d["school"],
                                uren=d["uren"], toelichting=d["toelichting"])
        return (f"De melding is afgesloten per {m.einddatum:%d-%m-%Y}: {m.get_uitkomst_display().lower()}. Zij blijft "
                "in het register staan.")
    raise Http404


def _weiger(request, rol, m: Melding, wat: str):
    """A step that is not offered now: closed (say so, on the page) or not for this role (403)."""
    if not m.is_open:
        messages.error(request, f"{wat}: niet gelukt. {services.AFGESLOTEN}")
        return redirect("thuiszitters:detail", pk=m.pk)
    raise PermissionDenied("In uw rol kunt u deze stap niet zetten.")


@rol_vereist
@require_POST
def stap(request, pk: int, naam: str):
    rol = request.rol
    if naam not in STAPPEN:
        raise Http404
    m = laad(rol, pk)
    if naam not in mogelijke_stappen(rol, m):
        if naam == "tafel" and m.is_open and m.tafel_op is not None and rol.rol in SWV_STAF:
            messages.error(request, f"De casus is al op {m.tafel_op:%d-%m-%Y} in het thuiszittersoverleg gebracht.")
            return redirect("thuiszitters:detail", pk=m.pk)
        return _weiger(request, rol, m, STAPPEN[naam].titel)
    form = _form(naam, m, rol, data=request.POST)
    if form.is_valid():
        try:
            tekst = _uitvoeren(naam, rol, m, form)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, tekst)
            anker = {"actie": "#kop-plan", "contact": "#kop-contacten"}.get(naam, "")
            return redirect(reverse("thuiszitters:detail", args=[m.pk]) + anker)
    return render(request, "thuiszitters/detail.html", context_voor(request, m, gebonden={naam: form}))


@rol_vereist
@require_POST
def afronden(request, pk: int, actie_pk: int):
    rol = request.rol
    m = laad(rol, pk)
    a = get_or_refuse(rol, Actie, actie_pk)
    if a.melding_id != m.pk:
        raise Http404
    if not can(rol, "change", a):
        return _weiger(request, rol, m, "Actie afronden")
    try:
        services.actie_afronden(rol, a)
    except ValidationError as fout:
        messages.error(request, "Actie afronden: niet gelukt. " + " ".join(fout.messages))
    else:
        messages.success(request, f"De actie ‘{a.omschrijving}’ is afgerond.")
    return redirect(reverse("thuiszitters:detail", args=[m.pk]) + "#kop-plan")


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/stap/<slug:naam>/", stap, name="stap"),
    path("<int:pk>/actie/<int:actie_pk>/afronden/", afronden, name="afronden"),
]
