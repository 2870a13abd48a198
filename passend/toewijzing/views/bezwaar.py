"""Objections (bezwaar) against a decision, and the procedure with the LBT (domain.md §2.8).

- bezwaar_nieuw: SWV staff register an objection that came in (a late one is flagged, never refused);
- bezwaar: the objection page with the LBT steps, their deadlines (regels.py) and a form to record them;
- bezwaar_beslissen: the directeur decides on the objection; upheld (gegrond) revises the TLV;
- bezwaren: the worklist, open objections first with the next deadline.

Every write goes through services.py; deadlines come from regels.py via `overzicht()`, which the request
page (detail/_bezwaar.html) uses as well.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.models import SWV_STAF
from passend.audit.services import record_view
from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist

from .. import regels, services, workflow
from ..forms_bezwaar import BeslissenOpBezwaarForm, BezwaarNieuwForm, BezwaarStappenForm
from ..models import Aanvraag, Bezwaar, Toewijzingsinstellingen, vandaag
from ..workflow import OngeldigeTransitie

BEZWAREN_PER_PAGINA = 25
ALLEEN_STAF = ("De bezwaarprocedure is voor medewerkers van het samenwerkingsverband. "
               "De stand en uitkomst van een bezwaar staan bij de aanvraag.")


# ------------------------------------------------------------------------------------------------------------
# Deadlines
# ------------------------------------------------------------------------------------------------------------

@dataclass
class Stap:
    """One step of the objection procedure with its deadline and where it stands on `peildatum`."""

    naam: str
    termijn: str  # the rule in words
    uiterlijk: dt.date | None = None
    gedaan_op: dt.date | None = None
    extra: str = ""
    status: str = ""  # text shown
    klasse: str = ""  # label class: goed, let-op, fout or ""
    dagen: int | None = None  # days left (negative: overdue) for an open step with a deadline

    @property
    def verlopen(self) -> bool:
        return self.klasse == "fout"


@dataclass
class Overzicht:
    bezwaar: Bezwaar
    termijn_einde: dt.date
    beslissing_uiterlijk: dt.date
    stappen: list[Stap] = field(default_factory=list)
    volgende: Stap | None = None
    fase: str = ""

    @property
    def verlopen(self) -> list[Stap]:
        return [s for s in self.stappen if s.verlopen]


def _met_termijn(stap: Stap, peildatum: dt.date, open_: bool, niet_nodig: str = "") -> Stap:
    if stap.gedaan_op is not None:
        if stap.uiterlijk is not None and stap.gedaan_op > stap.uiterlijk:
            stap.status, stap.klasse = "gedaan, na de termijn", "let-op"
        else:
            stap.status, stap.klasse = "gedaan", "goed"
    elif not open_:
        stap.status = niet_nodig or "niet gedaan"
    elif stap.uiterlijk is None:
        stap.status = "wacht op de vorige stap"
    else:
        stap.dagen = (stap.uiterlijk - peildatum).days
        if stap.dagen < 0:
            n = -stap.dagen
            stap.status, stap.klasse = f"termijn verstreken ({n} {'dag' if n == 1 else 'dagen'} te laat)", "fout"
        elif stap.dagen == 0:
            stap.status, stap.klasse = "open, uiterlijk vandaag", "let-op"
        else:
            stap.status = f"open, nog {stap.dagen} {'dag' if stap.dagen == 1 else 'dagen'}"
            stap.klasse = "let-op" if stap.dagen <= 3 else ""
    return stap


def overzicht(b: Bezwaar, instellingen: Toewijzingsinstellingen | None = None,
              peildatum: dt.date | None = None) -> Overzicht:
    """The steps of objection `b` with their deadlines (regels.py) and status on `peildatum` (today)."""
    peildatum = peildatum or vandaag()
    inst = instellingen or Toewijzingsinstellingen.voor(b.aanvraag.swv_id)
    open_ = b.is_open
    besluitdatum = b.besluit.datum
    o = Overzicht(
        bezwaar=b, termijn_einde=regels.bezwaartermijn_einde(besluitdatum),
        beslissing_uiterlijk=regels.beslissing_op_bezwaar_uiterlijk(besluitdatum, inst.beslistermijn_bezwaar_weken),
    )
    lbt_niet_nodig = "niet gevraagd" if b.uitkomst in (Bezwaar.Uitkomst.GEGROND, Bezwaar.Uitkomst.INGETROKKEN) else ""
    vragen = _met_termijn(Stap(
        "LBT om advies vragen", "binnen 2 weken na ontvangst",
        uiterlijk=regels.lbt_vragen_uiterlijk(b.ontvangen_op), gedaan_op=b.lbt_gevraagd_op,
    ), peildatum, open_, lbt_niet_nodig)
    verweer = _met_termijn(Stap(
        "Verweerschrift naar de LBT", "binnen 14 dagen na het vragen van de LBT",
        uiterlijk=regels.verweer_uiterlijk(b.lbt_gevraagd_op) if b.lbt_gevraagd_op else None,
        gedaan_op=b.verweer_verzonden_op,
    ), peildatum, open_, lbt_niet_nodig)
    hoorzitting = Stap("Hoorzitting", "de LBT plant de hoorzitting", gedaan_op=b.hoorzitting_op)
    if b.hoorzitting_op:
        hoorzitting.status = "gepland" if b.hoorzitting_op > peildatum else "gehouden"
        hoorzitting.klasse = "" if b.hoorzitting_op > peildatum else "goed"
    else:
        hoorzitting.status = "nog niet bekend" if open_ else (lbt_niet_nodig or "geen")
    advies = Stap("Advies van de LBT", "na de hoorzitting", gedaan_op=b.lbt_advies_op,
                  extra=b.get_lbt_advies_display() if b.lbt_advies else "")
    if b.lbt_advies_op:
        advies.status, advies.klasse = "ontvangen", "goed"
    else:
        advies.status = "nog niet ontvangen" if open_ else (lbt_niet_nodig or "niet ontvangen")
    beslissing = _met_termijn(Stap(
        "Beslissing op het bezwaar",
        f"{inst.beslistermijn_bezwaar_weken} weken na afloop van de bezwaartermijn",
        uiterlijk=o.beslissing_uiterlijk, gedaan_op=b.beslist_op,
        extra=b.get_uitkomst_display() if b.uitkomst else "",
    ), peildatum, open_)
    o.stappen = [vragen, verweer, hoorzitting, advies, beslissing]
    if open_:
        kandidaten = [s for s in (vragen, verweer, beslissing) if s.gedaan_op is None and s.uiterlijk is not None]
        o.volgende = min(kandidaten, key=lambda s: s.uiterlijk, default=None)
        if not b.lbt_gevraagd_op:
            o.fase = "LBT nog niet gevraagd"
        elif not b.verweer_verzonden_op:
            o.fase = "Verweerschrift nog versturen"
        elif not b.lbt_advies:
            o.fase = (f"Hoorzitting {b.hoorzitting_op:%d-%m-%Y}; wacht op advies LBT" if b.hoorzitting_op
                      else "Wacht op hoorzitting en advies LBT")
        else:
            o.fase = f"Advies LBT: {b.get_lbt_advies_display().lower()}; beslissen"
    else:
        o.fase = f"Beslist: {b.get_uitkomst_display().lower()}"
    return o


# ------------------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------------------

def _eis_staf(rol) -> None:
    if rol.rol not in SWV_STAF:
        raise PermissionDenied(ALLEEN_STAF)



def _laad_bezwaar(rol, pk: int) -> Bezwaar:
    b = get_or_refuse(rol, Bezwaar, pk)
    return Bezwaar.objects.select_related(
        "aanvraag__leerling", "aanvraag__school", "besluit", "geregistreerd_door"
    ).get(pk=b.pk)


# ------------------------------------------------------------------------------------------------------------
# Register an objection
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def bezwaar_nieuw(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    besluit = getattr(a, "besluit", None)
    termijn_einde = regels.bezwaartermijn_einde(besluit.datum) if besluit else None
    if request.method == "GET" and request.htmx and "ontvangen_op" in request.GET:
        # The live check while typing the date of receipt: within the term or late.
        ontvangen = BezwaarNieuwForm.base_fields["ontvangen_op"]
        try:
            datum = ontvangen.clean(request.GET["ontvangen_op"])
        except ValidationError:
            datum = None
        return render(request, "toewijzing/bezwaar_termijn.html", {
            "termijn_einde": termijn_einde, "ontvangen": datum, "besluit": besluit,
        })
    form = BezwaarNieuwForm(request.POST or None, initial={"ontvangen_op": vandaag()})
    form.fields["ontvangen_op"].widget.attrs.update({
        "hx-get": request.path, "hx-trigger": "change", "hx-target": "#termijn-controle", "hx-swap": "outerHTML",
    })
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.transitie(rol, a, "bezwaar_registreren", ontvangen_op=d["ontvangen_op"], indiener=d["indiener"],
                               indiener_naam=d["indiener_naam"].strip(), gronden=d["gronden"])
        except OngeldigeTransitie as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            b = a.bezwaren.order_by("-pk").first()
            if b.te_laat:
                messages.warning(request, f"Het bezwaar is geregistreerd en gemarkeerd als te laat: het is ontvangen "
                                          f"na het einde van de bezwaartermijn ({termijn_einde:%d-%m-%Y}).")
            else:
                messages.success(request, "Het bezwaar is geregistreerd. Vraag de LBT binnen 2 weken om advies "
                                          f"(uiterlijk {regels.lbt_vragen_uiterlijk(b.ontvangen_op):%d-%m-%Y}).")
            return redirect("toewijzing:bezwaar", pk=b.pk)
    ontvangen = form.cleaned_data.get("ontvangen_op") if form.is_bound and hasattr(form, "cleaned_data") else None
    return render(request, "toewijzing/bezwaar_nieuw.html", {
        "a": a, "besluit": besluit, "form": form, "termijn_einde": termijn_einde, "ontvangen": ontvangen,
        "weigering": workflow.weigering(rol, a, "bezwaar_registreren"),
    })


# ------------------------------------------------------------------------------------------------------------
# The objection page and its LBT steps
# ------------------------------------------------------------------------------------------------------------

def _bezwaar_pagina(request, b: Bezwaar, form: BezwaarStappenForm):
    rol = request.rol
    a = b.aanvraag
    inst = Toewijzingsinstellingen.voor(a.swv_id)
    beslissen_weigering = workflow.weigering(rol, a, "beslissen_op_bezwaar") if b.is_open else None
    return render(request, "toewijzing/bezwaar.html", {
        "b": b, "a": a, "o": overzicht(b, inst), "form": form, "instellingen": inst,
        "beslissen_weigering": beslissen_weigering,
        "tlvs": list(a.tlvs.order_by("-pk")) if a.is_tlv else [],
    })


@rol_vereist
def bezwaar(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    b = _laad_bezwaar(rol, pk)
    record_view(b)
    return _bezwaar_pagina(request, b, BezwaarStappenForm.voor(b))


@rol_vereist
@require_POST
def bezwaar_bijwerken(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    b = _laad_bezwaar(rol, pk)
    if not b.is_open:
        messages.error(request, "Op dit bezwaar is al beslist; de stappen kunnen niet meer worden gewijzigd.")
        return redirect("toewijzing:bezwaar", pk=b.pk)
    form = BezwaarStappenForm.voor(b, request.POST)
    if form.is_valid():
        try:
            services.bezwaar_bijwerken(rol, b, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "De stappen van de bezwaarprocedure zijn opgeslagen.")
            return redirect("toewijzing:bezwaar", pk=b.pk)
    return _bezwaar_pagina(request, b, form)


# ------------------------------------------------------------------------------------------------------------
# Decide on the objection
# ------------------------------------------------------------------------------------------------------------

def _voorinvullen(a: Aanvraag) -> dict:
    """The revised TLV starts from the current decision (or, after a refusal, from what was asked)."""
    besluit = getattr(a, "besluit", None)
    tlv = a.tlvs.filter(ingetrokken_op__isnull=True).order_by("-pk").first()
    return {
        "beslist_op": vandaag(),
        "tlv_soort": (besluit.tlv_soort if besluit and besluit.tlv_soort else a.tlv_soort),
        "categorie": (besluit.categorie if besluit and besluit.tlv_soort else a.categorie),
        "begindatum": besluit.begindatum if besluit else None,
        "einddatum": besluit.einddatum if besluit else None,
        "emb": tlv.emb if tlv else a.emb,
    }


@rol_vereist
@require_http_methods(["GET", "POST"])
def bezwaar_beslissen(request, pk: int):
    rol = request.rol
    _eis_staf(rol)
    a = get_or_refuse(rol, Aanvraag, pk)
    b = a.bezwaren.filter(beslist_op__isnull=True).select_related("besluit").order_by("-pk").first()
    form = BeslissenOpBezwaarForm(request.POST or None, initial=_voorinvullen(a))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        gegrond = d["uitkomst"] == Bezwaar.Uitkomst.GEGROND
        oude_tlvs = set(a.tlvs.values_list("pk", flat=True))
        try:
            services.transitie(rol, a, "beslissen_op_bezwaar", uitkomst=d["uitkomst"], motivering=d["motivering"],
                               beslist_op=d["beslist_op"], herzien=form.herzien() if gegrond else None)
        except OngeldigeTransitie as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            b.refresh_from_db()
            tekst = f"De beslissing op het bezwaar is vastgelegd: {b.get_uitkomst_display().lower()}."
            nieuw = a.tlvs.exclude(pk__in=oude_tlvs).order_by("-pk").first()
            if nieuw is not None:
                tekst += f" De TLV is herzien: nieuwe TLV {nieuw.nummer} ({nieuw.omschrijving})"
                vervangen = nieuw.vervangt
                tekst += f"; TLV {vervangen.nummer} is ingetrokken." if vervangen and vervangen.ingetrokken_op else "."
            messages.success(request, tekst)
            return redirect("toewijzing:bezwaar", pk=b.pk)
    inst = Toewijzingsinstellingen.voor(a.swv_id)
    return render(request, "toewijzing/bezwaar_beslissen.html", {
        "a": a, "b": b, "form": form, "o": overzicht(b, inst) if b else None,
        "weigering": workflow.weigering(rol, a, "beslissen_op_bezwaar"),
        "besluit": getattr(a, "besluit", None),
        "tlv": a.tlvs.filter(ingetrokken_op__isnull=True).order_by("-pk").first() if a.is_tlv else None,
    })


# ------------------------------------------------------------------------------------------------------------
# Worklist
# ------------------------------------------------------------------------------------------------------------

class _OpenEerst:
    """Open objections (a list, sorted by their next deadline) followed by the decided ones (a queryset,
    newest first), sliceable for the Paginator without loading every decided objection."""

    def __init__(self, open_: list, afgehandeld):
        self.open, self.afgehandeld = open_, afgehandeld
        self._aantal = None

    def count(self) -> int:
        if self._aantal is None:
            self._aantal = len(self.open) + self.afgehandeld.count()
        return self._aantal

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, s: slice):
        begin, eind = s.start or 0, s.stop if s.stop is not None else self.count()
        n = len(self.open)
        uit = self.open[begin:eind]
        if eind > n:
            uit += list(self.afgehandeld[max(begin - n, 0):eind - n])
        return uit


STATUS_FILTERS = {"": "Alle bezwaren", "open": "Open", "afgehandeld": "Afgehandeld"}


@rol_vereist
def bezwaren(request):
    rol = request.rol
    _eis_staf(rol)
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    q = request.GET.get("q", "").strip()[:100]
    qs = visible(rol, Bezwaar).select_related("aanvraag__leerling", "aanvraag__school", "besluit")
    for woord in q.casefold().split():
        qs = qs.filter(Q(aanvraag__leerling__zoeknaam__icontains=woord) | Q(aanvraag__nummer__icontains=woord))
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    vandaag_ = vandaag()
    open_ = []
    if status != "afgehandeld":
        open_ = [overzicht(b, inst, vandaag_) for b in qs.filter(beslist_op__isnull=True)]
        open_.sort(key=lambda o: (o.volgende.uiterlijk if o.volgende else dt.date.max, o.bezwaar.ontvangen_op))
    afgehandeld = qs.none() if status == "open" else qs.filter(beslist_op__isnull=False).order_by("-beslist_op", "-pk")
    page = pagineer(request, _OpenEerst(open_, afgehandeld), BEZWAREN_PER_PAGINA)
    page.object_list = [x if isinstance(x, Overzicht) else overzicht(x, inst, vandaag_) for x in page.object_list]
    return render(request, "toewijzing/bezwaren.html", {
        "page": page, "status": status, "q": q, "status_filters": STATUS_FILTERS,
        "aantal_open": len(open_) if status != "afgehandeld" else None,
        "aantal_verlopen": sum(1 for o in open_ if o.verlopen),
    })


urlpatterns = [
    path("bezwaren/", bezwaren, name="bezwaren"),
    path("bezwaren/<int:pk>/", bezwaar, name="bezwaar"),
    path("bezwaren/<int:pk>/bijwerken/", bezwaar_bijwerken, name="bezwaar_bijwerken"),
    path("aanvragen/<int:pk>/bezwaar/", bezwaar_nieuw, name="bezwaar_nieuw"),
    path("aanvragen/<int:pk>/bezwaar/beslissen/", bezwaar_beslissen, name="bezwaar_beslissen"),
]
