"""The leerlingenvervoer request pages: the worklist, a new request, one request with the gemeente's decision, the
decision letter (PDF) and the verordening's settings.

- The gemeente's vervoer role sees the requests of pupils living in its gemeente (passend.core.access: visible,
  get_or_refuse) with what the decision needs and nothing more: name, age, home PC4, school and its type, the
  TLV's soort, categorie and end date (gegevens.geldige_tlv), the ride's needs and the proposal with its reasons.
  It confirms the proposal or departs from it (services.besluiten; a departure needs a motivering).
- SWV staff, the pupil's school and the parents read the requests they may see; parents (their own child), the
  school and SWV staff submit one (services.aanvraag_indienen). The school and TLV come from the register.
- The letter goes to the parents from the gemeente: the vervoer role, SWV staff and the parent download it
  (recorded as an export). It reuses the toewijzing letter's PDF writer (tagged PDF/UA) and style sheet.

Every write goes through services.py; its ValidationError is shown on the form with what was typed.
"""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record, record_view
from passend.core.access import can, get_or_refuse, is_eigen, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.core.velden import als_tekst
from passend.register.models import Gemeente, Leerling, Postcodegebied

from . import gegevens, regels, services
from .forms_aanvragen import (
    AanvraagForm,
    AfwijkenForm,
    BevestigenForm,
    InstellingenForm,
    LijstFilter,
    bedrag_tekst,
    euro,
)
from .models import Vervoersaanvraag, Vervoersinstellingen, Vorm
from .toegang import is_vervoer, mag_aanvragen

PER_PAGINA = 25
LIJST_ROLLEN = (*SWV_STAF, Rol.SCHOOL, Rol.OUDER, Rol.VERVOER)
STATUS = Vervoersaanvraag.Status
INKOMEN_GEVRAAGD = regels.REGULIER_PO + regels.SBO  # the eigen bijdrage applies only there
BEDRAGEN = ("inkomensgrens", "drempelbedrag")  # settings in euros: shown and typed with cents


# --------------------------------------------------------------------------------------------------------
# What a page shows of a request
# --------------------------------------------------------------------------------------------------------

def vorm_label(code: str) -> str:
    return Vorm(code).label if code in Vorm.values else ""


def schooljaar_tekst(jaar: int) -> str:
    return f"{jaar}-{jaar + 1}"


def tlv_gegevens(leerling, t=False) -> dict | None:
    """The pupil's valid TLV, only what the gemeente may see: soort, categorie and end date. `t`: the TLV when the
    caller already read it (lists read all in one query)."""
    t = gegevens.geldige_tlv(leerling) if t is False else t
    if t is None:
        return None
    return {"soort": t.get_soort_display(), "categorie": t.get_categorie_display() if t.categorie else "",
            "einddatum": t.einddatum}


def voorstel_gegevens(a: Vervoersaanvraag) -> dict:
    v = a.voorstel or {}
    bijdrage = v.get("eigen_bijdrage")
    return {
        "berekend": bool(v),
        "recht": bool(v.get("recht")),
        "vorm": v.get("vorm", ""),
        "vorm_label": vorm_label(v.get("vorm", "")),
        "eigen_bijdrage": euro(bijdrage) if bijdrage not in (None, "") else "",
        "draagkracht": bool(v.get("draagkracht")),
        "redenen": list(v.get("redenen") or []),
    }


def besluit_gegevens(a: Vervoersaanvraag) -> dict | None:
    if a.status == STATUS.INGEDIEND:
        return None
    v = a.voorstel or {}
    toegekend = a.status == STATUS.TOEGEKEND
    return {
        "toegekend": toegekend,
        "vorm_label": vorm_label(a.vorm),
        "eigen_bijdrage": euro(a.eigen_bijdrage) if a.eigen_bijdrage is not None else "",
        "wijkt_af": toegekend != bool(v.get("recht")) or (toegekend and a.vorm != v.get("vorm")),
    }


def _mag_brief(rol, a: Vervoersaanvraag) -> bool:
    """The letter: after a decision, for the gemeente, SWV staff and the parent (their own child)."""
    if a.status == STATUS.INGEDIEND or not can(rol, "view", a):
        return False
    return is_vervoer(rol) or rol.rol in SWV_STAF or (rol.rol == Rol.OUDER and is_eigen(rol, a.leerling_id))


def _aanvraag_links(request, rol) -> dict:
    """'Leerlingenvervoer aanvragen' for roles that may: a parent's children, or a name search (school, SWV)."""
    if not mag_aanvragen(rol):
        return {}
    jaar = services.schooljaar_van(timezone.localdate())
    kinderen, zoek = None, request.GET.get("leerling", "").strip()[:100]
    if rol.rol == Rol.OUDER:
        kinderen = list(visible(rol, Leerling).order_by("voornaam", "pk")[:20])
    elif zoek:
        qs = visible(rol, Leerling)
        for woord in zoek.casefold().split():
            qs = qs.filter(zoeknaam__icontains=woord)
        kinderen = list(qs.order_by("achternaam", "voornaam", "pk")[:10])
    if kinderen:
        bestaand = dict(visible(rol, Vervoersaanvraag).filter(
            leerling__in=kinderen, schooljaar=jaar).values_list("leerling_id", "pk"))
        for k in kinderen:
            k.vervoersaanvraag_id = bestaand.get(k.pk)
    return {"kan_aanvragen": True, "kinderen": kinderen, "zoek_leerling": zoek, "schooljaar": schooljaar_tekst(jaar)}


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

def _eis_lijstrol(rol) -> None:
    if rol.rol not in LIJST_ROLLEN:
        raise PermissionDenied("In deze rol heeft u geen vervoersaanvragen in Passend.")
    if rol.rol == Rol.VERVOER and not is_vervoer(rol):
        raise PermissionDenied("Aan uw rol is geen gemeente gekoppeld. Vraag de beheerder dit in te stellen.")


@rol_vereist
def aanvragen(request):
    rol = request.rol
    _eis_lijstrol(rol)
    vervoer = is_vervoer(rol)
    zichtbaar = visible(rol, Vervoersaanvraag)
    form = LijstFilter(request.GET or None)
    qs = zichtbaar
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        for woord in d["q"].casefold().split():
            qs = qs.filter(leerling__zoeknaam__icontains=woord)
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["soort"]:
            qs = qs.filter(school__soort=d["soort"])
        if d["vorm"]:
            # The decision's form; before a decision, the proposal's.
            qs = qs.filter(Q(vorm=d["vorm"]) | Q(status=STATUS.INGEDIEND, voorstel__vorm=d["vorm"]))
    elif form.is_bound:
        qs = qs.none()
    qs = (qs.select_related("leerling", "school")
          .alias(_groep=Case(When(status=STATUS.INGEDIEND, then=Value(0)), default=Value(1),
                             output_field=IntegerField()))
          .order_by("_groep", "-besloten_op", "aangemaakt", "pk"))
    page = pagineer(request, qs, PER_PAGINA)
    rijen = list(page.object_list)
    tlvs = gegevens.geldige_tlvs(a.leerling_id for a in rijen)
    for a in rijen:
        a.leeftijd = a.leerling.leeftijd()
        a.tlv = tlv_gegevens(a.leerling, tlvs.get(a.leerling_id))
        a.vs = voorstel_gegevens(a)
        a.vorm_label = vorm_label(a.vorm)
    page.object_list = rijen
    k = None
    if rol.rol != Rol.OUDER:
        k = zichtbaar.aggregate(
            open=Count("pk", filter=Q(status=STATUS.INGEDIEND)),
            aangepast=Count("pk", filter=Q(status=STATUS.TOEGEKEND, vorm=Vorm.AANGEPAST)),
            afgewezen=Count("pk", filter=Q(status=STATUS.AFGEWEZEN)),
        )
    return render(request, "vervoer/aanvragen.html", {
        "form": form, "page": page, "k": k, "vervoer": vervoer, "is_ouder": rol.rol == Rol.OUDER,
        "gemeente": rol.gemeente if vervoer else None,
        "detail_url": reverse("vervoer:aanvraag", args=[0]).removesuffix("0/"),
        **_aanvraag_links(request, rol),
    })


# --------------------------------------------------------------------------------------------------------
# A new request
# --------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def aanvraag_nieuw(request, leerling_id: int):
    rol = request.rol
    if not mag_aanvragen(rol):
        raise PermissionDenied("In deze rol kunt u geen leerlingenvervoer aanvragen.")
    leerling = get_or_refuse(rol, Leerling, leerling_id)
    is_ouder = rol.rol == Rol.OUDER
    if is_ouder and not is_eigen(rol, leerling.pk):
        raise PermissionDenied("U kunt alleen voor uw eigen kind vervoer aanvragen.")
    school = gegevens.huidige_school(leerling)
    pc4 = (leerling.postcode or "")[:4]
    gebied = Postcodegebied.objects.filter(pc4=pc4).select_related("gemeente").first() if pc4 else None
    gemeente = gebied.gemeente if gebied else None
    inst = Vervoersinstellingen.voor(gemeente)
    jaar = services.schooljaar_van(timezone.localdate())
    bestaande = Vervoersaanvraag.objects.filter(leerling=leerling, schooljaar=jaar).first()
    form = AanvraagForm(request.POST or None, ouder=is_ouder, inkomensgrens=inst.inkomensgrens,
                        vraag_inkomen=school is None or school.soort in INKOMEN_GEVRAAGD)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.aanvraag_indienen(rol, leerling, **form.service_gegevens())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "De aanvraag is verstuurd naar de gemeente. De gemeente besluit en stuurt "
                                      "een brief." if is_ouder else "De aanvraag is ingediend bij de gemeente.")
            return redirect("vervoer:aanvraag", pk=a.pk)
    record_view(leerling, omschrijving="Leerlingenvervoer aanvragen: school en TLV getoond")
    return render(request, "vervoer/aanvraag_nieuw.html", {
        "form": form, "leerling": leerling, "is_ouder": is_ouder, "school": school, "tlv": tlv_gegevens(leerling),
        "pc4": pc4 if gebied else "", "gemeente": gemeente, "schooljaar": schooljaar_tekst(jaar),
        "bestaande": bestaande, "bestaande_zichtbaar": bestaande is not None and can(rol, "view", bestaande),
        "kan_niet": bestaande is not None or school is None or gemeente is None,
    })


# --------------------------------------------------------------------------------------------------------
# One request and the decision
# --------------------------------------------------------------------------------------------------------

ACTIES = ("bevestigen", "afwijken", "vernieuwen")


def _afwijken_form(a, data=None):
    v = a.voorstel or {}
    initial = {"besluit": "afwijzen" if v.get("recht") else "toekennen",
               "vorm": v.get("vorm") if v.get("vorm") in (Vorm.AANGEPAST, Vorm.OV, Vorm.FIETS) else "",
               "eigen_bijdrage": bedrag_tekst(v.get("eigen_bijdrage"))}
    return AfwijkenForm(data, prefix="afwijken", initial=initial)


@rol_vereist
@require_http_methods(["GET", "POST"])
def aanvraag(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Vervoersaanvraag, pk)
    beslisser = is_vervoer(rol) and can(rol, "change", a)
    draagkracht = bool((a.voorstel or {}).get("draagkracht"))
    bevestigen = BevestigenForm(prefix="bevestigen", draagkracht=draagkracht,
                                initial={"eigen_bijdrage": bedrag_tekst(a.voorstel.get("eigen_bijdrage"))})
    afwijken = _afwijken_form(a)
    open_actie = ""
    if request.method == "POST":
        if not beslisser:
            raise PermissionDenied("Alleen de gemeente van het woonadres besluit over deze aanvraag.")
        actie = request.POST.get("actie", "")
        if actie not in ACTIES:
            raise Http404
        if a.status != STATUS.INGEDIEND:
            # E.g. a second click: the decision stands, and so does the proposal it was based on.
            messages.warning(request, f"Over deze aanvraag is al besloten ({a.get_status_display().lower()}). "
                                      "Er is niets veranderd.")
            return redirect("vervoer:aanvraag", pk=a.pk)
        try:
            if actie == "vernieuwen":
                services.voorstel_vernieuwen(rol, a)
                messages.success(request, "Het voorstel is opnieuw berekend met de huidige instellingen en "
                                          "gegevens.")
                return redirect("vervoer:aanvraag", pk=a.pk)
            form = (BevestigenForm(request.POST, prefix="bevestigen", draagkracht=draagkracht)
                    if actie == "bevestigen" else _afwijken_form(a, request.POST))
            if actie == "bevestigen":
                bevestigen = form
            else:
                afwijken = form
            if form.is_valid():
                if actie == "bevestigen":
                    bijdrage = form.cleaned_data.get("eigen_bijdrage")
                    services.besluiten(rol, a, toekennen=bool(a.voorstel.get("recht")), vorm="",
                                       eigen_bijdrage=None if bijdrage is None else str(bijdrage), motivering="")
                else:
                    services.besluiten(rol, a, **form.service_gegevens())
                messages.success(request, "Het besluit is vastgelegd. De brief aan de ouders staat klaar.")
                return redirect("vervoer:aanvraag", pk=a.pk)
            open_actie = actie
        except ValidationError as fout:
            open_actie = "afwijken" if actie == "afwijken" else "bevestigen"
            fouten_naar_form(afwijken if actie == "afwijken" else bevestigen, fout)
    record_view(a, omschrijving="Vervoersaanvraag bekeken")
    leerling = a.leerling
    return render(request, "vervoer/aanvraag.html", {
        "a": a, "leerling": leerling, "leeftijd": leerling.leeftijd(), "school": a.school,
        "gemeente": a.gemeente, "tlv": tlv_gegevens(leerling), "vs": voorstel_gegevens(a),
        "besluit": besluit_gegevens(a), "schooljaar": schooljaar_tekst(a.schooljaar),
        "beslisser": beslisser and a.status == STATUS.INGEDIEND, "vervoer": is_vervoer(rol),
        "is_ouder": rol.rol == Rol.OUDER, "mag_brief": _mag_brief(rol, a),
        "bevestigen": bevestigen, "afwijken": afwijken, "open_actie": open_actie,
        "inkomen_gevraagd": a.school.soort in INKOMEN_GEVRAAGD,
    })


# --------------------------------------------------------------------------------------------------------
# The decision letter
# --------------------------------------------------------------------------------------------------------

def _naam(user) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


def kenmerk(a: Vervoersaanvraag) -> str:
    return f"LLV-{a.schooljaar}-{a.pk:05d}"


def onderwerp(a: Vervoersaanvraag) -> str:
    """The subject line and PDF title (no pupil name: a title shows in file lists)."""
    return f"Besluit leerlingenvervoer schooljaar {schooljaar_tekst(a.schooljaar)}"


def brief_html(a: Vervoersaanvraag) -> str:
    """The decision letter to the parents, from the gemeente, as an HTML document (Dutch, B1 where it can)."""
    from passend.toewijzing.regels import bezwaartermijn_einde

    if a.status == STATUS.INGEDIEND or a.besloten_op is None:
        raise ValueError("Er is nog geen besluit.")
    ctx = {
        "titel": onderwerp(a), "a": a, "kenmerk": {"nummer": kenmerk(a)}, "kenmerk_tekst": kenmerk(a),
        "leerling": a.leerling, "school": a.school, "gemeente": a.gemeente, "vs": voorstel_gegevens(a),
        "besluit": besluit_gegevens(a), "schooljaar": schooljaar_tekst(a.schooljaar), "briefdatum": a.besloten_op,
        "aangevraagd_op": timezone.localtime(a.aangemaakt).date(), "ondertekenaar": _naam(a.besloten_door),
        "bezwaartermijn_einde": bezwaartermijn_einde(a.besloten_op),
    }
    with translation.override("nl"):
        return render_to_string("vervoer/brief.html", ctx)


def brief_pdf(a: Vervoersaanvraag) -> bytes:
    from passend.toewijzing.pdf import html_naar_pdf

    return html_naar_pdf(brief_html(a))


@rol_vereist
def brief(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Vervoersaanvraag, pk)
    if a.status == STATUS.INGEDIEND:
        raise Http404("Er is nog geen besluit over deze aanvraag.")
    if not _mag_brief(rol, a):
        raise PermissionDenied("De brief is voor de ouders, de gemeente en het samenwerkingsverband.")
    inhoud = brief_pdf(Vervoersaanvraag.objects.select_related("leerling", "school", "gemeente", "besloten_door")
                       .get(pk=a.pk))
    record("export", a, omschrijving="Besluitbrief leerlingenvervoer (PDF)")
    resp = HttpResponse(inhoud, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="besluit-leerlingenvervoer-{kenmerk(a)}.pdf"'
    return resp


# --------------------------------------------------------------------------------------------------------
# The verordening's settings
# --------------------------------------------------------------------------------------------------------

def _waarde(inst, naam: str) -> str:
    w = getattr(inst, naam)
    if isinstance(w, bool):
        return "ja" if w else "nee"
    if isinstance(w, dt.time):
        return w.strftime("%H:%M")
    if naam in BEDRAGEN:
        return euro(w)
    eenheid = {"km_drempel": " km", "draagkracht_km": " km", "ov_snelheid_kmh": " km/u", "snelheid_kmh": " km/u",
               "ov_max_minuten": " minuten", "max_rit_minuten": " minuten", "aankomst_marge_min": " minuten"}
    if isinstance(w, Decimal | float):
        tekst = f"{Decimal(str(w)):.1f}".replace(".", ",") if naam != "wegfactor" else als_tekst(w)
        return tekst + eenheid.get(naam, "")
    return f"{w}{eenheid.get(naam, '')}"


def _gemeenten_voor(rol):
    """Non-vervoer roles read the settings of the gemeenten of the requests they see (the verordening is public)."""
    ids = visible(rol, Vervoersaanvraag).values("gemeente_id")
    return Gemeente.objects.filter(pk__in=ids).order_by("naam")


@rol_vereist
@require_http_methods(["GET", "POST"])
def instellingen(request):
    rol = request.rol
    _eis_lijstrol(rol)
    vervoer = is_vervoer(rol)
    if request.method == "POST" and not vervoer:
        raise PermissionDenied("Alleen de gemeente stelt de verordening in.")
    keuzes = None
    if vervoer:
        gemeente = rol.gemeente
    else:
        keuzes = list(_gemeenten_voor(rol))
        gekozen = request.GET.get("gemeente", "")
        gemeente = next((g for g in keuzes if str(g.pk) == gekozen), keuzes[0] if keuzes else None)
    inst = Vervoersinstellingen.voor(gemeente) if gemeente else None
    standaard = Vervoersinstellingen()
    velden = services.INSTELLING_VELDEN
    form = None
    if vervoer:
        initial = {naam: bedrag_tekst(getattr(inst, naam)) if naam in BEDRAGEN else getattr(inst, naam)
                   for naam in velden}
        form = InstellingenForm(request.POST or None, velden=velden, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.instellingen_opslaan(rol, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De instellingen zijn opgeslagen. Nieuwe aanvragen krijgen een voorstel "
                                          "volgens deze regels; bij open aanvragen kunt u het voorstel opnieuw "
                                          "laten berekenen.")
                return redirect("vervoer:instellingen")
    rijen = []
    if inst is not None:
        labels = form or InstellingenForm(velden=velden)
        for naam in velden:
            veld = labels.fields[naam]
            rijen.append({"naam": naam, "label": veld.label, "help": veld.help_text, "waarde": _waarde(inst, naam),
                          "standaard": _waarde(standaard, naam),
                          "afwijkend": getattr(inst, naam) != getattr(standaard, naam),
                          "veld": form[naam] if form else None})
    return render(request, "vervoer/instellingen.html", {
        "form": form, "vervoer": vervoer, "gemeente": gemeente, "inst": inst, "rijen": rijen, "keuzes": keuzes,
        "opgeslagen": inst is not None and inst.pk is not None,
    })
