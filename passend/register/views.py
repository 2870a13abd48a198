"""Pages of the register: pupils (list, dossier, forms) and schools (list, detail, export).

Every row comes through passend.core.access (visible / get_or_refuse); changes go through services.py.
"""

import datetime as dt

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol
from passend.accounts.uitnodigingen import leerling_status, mag_leerling_uitnodigen, mag_uitnodigen
from passend.audit.models import AuditEvent
from passend.audit.services import record_view
from passend.audit.views import mag_audit_zien
from passend.core.access import can, can_create, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, opties, pagineer, rol_vereist

from . import services
from .forms import (
    InschrijvingBeeindigenForm,
    InschrijvingForm,
    LeerlingForm,
    LeerlingNieuwForm,
    LeerlingZoekForm,
    SchoolKeuze,
)
from .maps import BRON, locatiekaart
from .models import (
    Gemeente,
    Inschrijving,
    Leerling,
    OuderKind,
    School,
    Soort,
    actief_op,
    samenwerkingsverband_van_school,
)

LEERLINGEN_PER_PAGINA = 25
SCHOLEN_PER_PAGINA = 25
TIJDLIJN_PER_PAGINA = 50


# --------------------------------------------------------------------------------------------------------
# Leerlingen
# --------------------------------------------------------------------------------------------------------

def _schoolfilter_keuzes(rol, scholen) -> list[tuple[int, str]]:
    """The school filter's options, cached per role until an enrolment is added (the query behind them
    reads every enrolment of the tenant; at national scale that was a third of the page's time, see bench/)."""
    laatste = Inschrijving.objects.aggregate(m=Max("pk"))["m"] or 0
    key = f"passend:schoolfilter:{rol.pk}:{laatste}:{timezone.localdate()}"
    keuzes = cache.get(key)
    if keuzes is None:
        label = SchoolKeuze.label_from_instance
        keuzes = [(s.pk, label(None, s)) for s in scholen]
        cache.set(key, keuzes, 300)
    return keuzes


@rol_vereist
def leerlingen(request):
    rol = request.rol
    zichtbaar = visible(rol, Leerling)
    # pk__in (from the visible pupils to their schools), not Exists per school: at national scale the
    # correlated form scanned every enrolment of all 8,600 schools (~400 ms; see bench/).
    scholen = visible(rol, School).filter(
        pk__in=Inschrijving.objects.filter(leerling__in=zichtbaar).values("school_id")
    ).only("pk", "naam", "plaats", "vestigingscode").order_by("naam", "plaats")
    form = LeerlingZoekForm(request.GET or None, scholen=scholen)
    form.fields["school"].widget.keuzes = [("", "Alle scholen"), *_schoolfilter_keuzes(rol, scholen)]
    qs = zichtbaar
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for woord in data["q"].casefold().split():
            qs = qs.filter(zoeknaam__icontains=woord)
        if data["geboortedatum"]:
            qs = qs.filter(geboortedatum=data["geboortedatum"])
        inschrijvingen = Inschrijving.objects.filter(leerling_id=OuterRef("pk"))
        if data["school"]:
            inschrijvingen = inschrijvingen.filter(school=data["school"])
            if data["actief"] != "ja":
                qs = qs.filter(Exists(inschrijvingen))
        if data["actief"] == "ja":
            qs = qs.filter(Exists(inschrijvingen.filter(actief_op())))
        elif data["actief"] == "nee":
            qs = qs.exclude(Exists(Inschrijving.objects.filter(leerling_id=OuterRef("pk")).filter(actief_op())))
    elif form.is_bound:
        qs = qs.none()
    qs = qs.order_by(Lower("achternaam"), Lower("voornaam"), "pk").prefetch_related(
        Prefetch("inschrijvingen", queryset=Inschrijving.objects.select_related("school").order_by("-begindatum"))
    )
    page = pagineer(request, qs, LEERLINGEN_PER_PAGINA)
    today = timezone.localdate()
    for leerling in page.object_list:
        leerling.huidige_scholen = [i.school for i in leerling.inschrijvingen.all() if i.is_actief(today)]
    return render(request, "register/leerlingen.html", {
        "form": form,
        "page": page,
        "kan_aanmaken": can_create(rol, Leerling),
        # One reverse() instead of one per row.
        "dossier_url": reverse("register:leerling", args=[0]).removesuffix("0/"),
    })


def _netwerk_van(rol, leerling):
    # The domain module reads the register, not the other way round: imported here.
    from passend.netwerk.leerling import voor_leerling

    return voor_leerling(rol, leerling)


def _vervoer_van(rol, leerling):
    from passend.vervoer.leerling import voor_leerling

    return voor_leerling(rol, leerling)


@rol_vereist
def leerling(request, pk: int):
    rol = request.rol
    leerling = get_or_refuse(rol, Leerling, pk)
    record_view(leerling)
    today = timezone.localdate()
    inschrijvingen = list(leerling.inschrijvingen.select_related("school").order_by("-begindatum", "-pk"))
    for i in inschrijvingen:
        i.actief = i.is_actief(today)
    kan_wijzigen = can(rol, "change", leerling)
    context = {
        "leerling": leerling,
        "leeftijd": leerling.leeftijd(today),
        "inschrijvingen": inschrijvingen,
        # visible(): the pupil's own account does not see the parents' records.
        "ouderrelaties": visible(rol, OuderKind).filter(leerling=leerling).select_related("ouder", "ouder__user")
        .order_by("ouder__achternaam"),
        "toon_ouders": rol.rol != Rol.LEERLING,
        "kan_wijzigen": kan_wijzigen,
        "kan_uitnodigen": mag_uitnodigen(rol),
        "toon_audit": mag_audit_zien(rol),
        "toewijzing": _toewijzing_van(rol, leerling),
        "leerlingaccount": _leerlingaccount(rol, leerling),
        "netwerk": _netwerk_van(rol, leerling),
        "vervoer": _vervoer_van(rol, leerling),
    }
    if context["toon_audit"]:
        events = visible(rol, AuditEvent).filter(leerling_id=leerling.pk)
        context["tijdlijn"] = pagineer(request, events, TIJDLIJN_PER_PAGINA)
    return render(request, "register/leerling.html", context)


def _leerlingaccount(rol, leerling) -> dict | None:
    """The pupil's own account (16+, where the SWV allows it), for school users and SWV staff only: its status,
    why there is none, and whether this role may send an invitation."""
    if rol.rol != Rol.SCHOOL and rol.rol not in SWV_STAF:
        return None
    from passend.accounts.models import Roltoekenning
    from passend.ouders.models import Portaalinstellingen

    inst = Portaalinstellingen.voor(leerling.swv_id)
    status = leerling_status(leerling)
    return {
        "status": status,
        "toegestaan": inst.leerlingaccounts,
        "minimumleeftijd": inst.minimumleeftijd,
        # An account stays, but is switched off when the SWV stops allowing pupil accounts.
        "actief": status == "account" and Roltoekenning.objects.filter(
            user_id=leerling.user_id, rol=Rol.LEERLING, actief=True).exists(),
        "kan_uitnodigen": status != "account" and mag_leerling_uitnodigen(rol, leerling),
    }


def _toewijzing_van(rol, leerling) -> dict:
    """The pupil's requests, TLV's and arrangements as this role may see them (the Toewijzing section)."""
    from passend.toewijzing.models import Aanvraag, Arrangement, Tlv
    from passend.toewijzing.toegang import mag_aanvragen

    aanvragen = list(visible(rol, Aanvraag).filter(leerling=leerling).select_related("school"))
    return {
        "aanvragen": aanvragen,
        "zichtbaar": {a.pk for a in aanvragen},
        "tlvs": list(visible(rol, Tlv).filter(leerling=leerling)),
        "arrangementen": list(visible(rol, Arrangement).filter(leerling=leerling)),
        "kan_aanvragen": mag_aanvragen(rol),
    }


def _schooldata_voor_form(form) -> dict:
    return {"school": form.cleaned_data.get("school"), "begindatum": form.cleaned_data.get("begindatum")}



@rol_vereist
@require_http_methods(["GET", "POST"])
def leerling_nieuw(request):
    rol = request.rol
    if not can_create(rol, Leerling):
        raise PermissionDenied("U mag in deze rol geen leerlingen aanmaken.")
    scholen = services.scholen_voor_inschrijving(rol)
    school_verplicht = rol.rol == Rol.SCHOOL
    if school_verplicht and not scholen.exists():
        raise PermissionDenied("Aan uw rol is geen school gekoppeld; u kunt daarom geen leerlingen aanmaken.")
    form = LeerlingNieuwForm(request.POST or None, scholen=scholen, school_verplicht=school_verplicht)
    if request.method == "POST" and form.is_valid():
        try:
            nieuw = services.leerling_aanmaken(rol, form.instance, **_schooldata_voor_form(form))
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"{nieuw.naam} is toegevoegd.")
            return redirect("register:leerling", pk=nieuw.pk)
    return render(request, "register/leerling_form.html", {
        "form": form,
        "titel": "Nieuwe leerling",
        "terug": "register:leerlingen",
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def leerling_bewerken(request, pk: int):
    rol = request.rol
    leerling = get_or_refuse(rol, Leerling, pk, "change")
    form = LeerlingForm(request.POST or None, instance=leerling)
    if request.method == "POST" and form.is_valid():
        try:
            services.leerling_bijwerken(rol, form.instance)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "De gegevens zijn opgeslagen.")
            return redirect("register:leerling", pk=leerling.pk)
    return render(request, "register/leerling_form.html", {
        "form": form,
        "leerling": leerling,
        "titel": f"Gegevens van {leerling.naam} wijzigen",
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def inschrijving_nieuw(request, pk: int):
    rol = request.rol
    leerling = get_or_refuse(rol, Leerling, pk, "change")
    form = InschrijvingForm(request.POST or None, instance=Inschrijving(leerling=leerling),
                            scholen=services.scholen_voor_inschrijving(rol))
    if request.method == "POST" and form.is_valid():
        try:
            services.inschrijving_toevoegen(rol, form.instance)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De inschrijving bij {form.instance.school.naam} is toegevoegd.")
            return redirect("register:leerling", pk=leerling.pk)
    return render(request, "register/inschrijving_form.html", {"form": form, "leerling": leerling})


@rol_vereist
@require_http_methods(["GET", "POST"])
def inschrijving_beeindigen(request, pk: int):
    rol = request.rol
    inschrijving = get_or_refuse(rol, Inschrijving, pk, "change")
    leerling = inschrijving.leerling
    form = InschrijvingBeeindigenForm(request.POST or None, instance=inschrijving)
    if request.method == "POST" and form.is_valid():
        try:
            services.inschrijving_beeindigen(rol, inschrijving, form.cleaned_data["einddatum"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De inschrijving bij {inschrijving.school.naam} is beëindigd.")
            if can(rol, "view", Leerling.objects.get(pk=leerling.pk)):
                return redirect("register:leerling", pk=leerling.pk)
            messages.info(request, f"{leerling.naam} staat niet meer op uw school en valt nu buiten uw overzicht.")
            return redirect("register:leerlingen")
    return render(request, "register/inschrijving_beeindigen.html", {
        "form": form, "leerling": leerling, "inschrijving": inschrijving,
    })


# --------------------------------------------------------------------------------------------------------
# Scholen
# --------------------------------------------------------------------------------------------------------

SORTERINGEN = {
    "naam": ["naam", "plaats", "pk"],
    "-naam": ["-naam", "-plaats", "-pk"],
    "plaats": ["plaats", "naam", "pk"],
    "-plaats": ["-plaats", "naam", "pk"],
    "leerlingen": [F("leerlingen").asc(nulls_last=True), "naam", "pk"],
    "-leerlingen": [F("leerlingen").desc(nulls_last=True), "naam", "pk"],
}
KOLOMMEN = [("naam", "Naam"), ("plaats", "Plaats"), ("leerlingen", "Leerlingen (DUO)")]


def _scholen_filter(request):
    """The filtered, sorted schools and what the page needs to show the filters."""
    rol = request.rol
    g = request.GET
    ingediend = "f" in g
    filters = {
        "q": g.get("q", "").strip()[:100],
        "soort": g.get("soort", "") if g.get("soort", "") in Soort.values else "",
        "gemeente": g.get("gemeente", "") if g.get("gemeente", "").isdigit() else "",
        "mijn": ("mijn" in g) if ingediend else True,
        "sort": g.get("sort", "") if g.get("sort", "") in SORTERINGEN else "naam",
    }
    qs = visible(rol, School).select_related("gemeente", "regio_swv_po", "regio_swv_vo")
    for woord in filters["q"].casefold().split():
        qs = qs.filter(zoeknaam__icontains=woord)
    if filters["soort"]:
        qs = qs.filter(soort=filters["soort"])
    if filters["gemeente"]:
        qs = qs.filter(gemeente_id=int(filters["gemeente"]))
    if filters["mijn"]:
        qs = qs.filter(Q(regio_swv_po_id=rol.swv_id) | Q(regio_swv_vo_id=rol.swv_id))
    return qs.order_by(*SORTERINGEN[filters["sort"]]), filters


@rol_vereist
def scholen(request):
    qs, filters = _scholen_filter(request)
    page = pagineer(request, qs, SCHOLEN_PER_PAGINA)
    kolommen = []
    for veld, label in KOLOMMEN:
        huidig = filters["sort"].lstrip("-") == veld
        oplopend = filters["sort"] == veld
        kolommen.append({
            "veld": veld,
            "label": label,
            "aria_sort": ("ascending" if oplopend else "descending") if huidig else "",
            "volgende": f"-{veld}" if oplopend else veld,
        })
    return render(request, "scholen/lijst.html", {
        "page": page,
        "filters": filters,
        "kolommen": kolommen,
        "soorten": Soort.choices,
        "gemeente_opties": opties(
            visible(request.rol, Gemeente).order_by("naam").values_list("pk", "naam"), filters["gemeente"]
        ),
        "export_query": request.GET.urlencode(),
    })


@rol_vereist
def scholen_export(request):
    """The filtered list as an Excel file (public DUO data only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    qs, _filters = _scholen_filter(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Scholen")
    kop = ["Vestigingscode", "BRIN", "Naam", "Soort", "Denominatie", "Straat en huisnummer", "Postcode", "Plaats",
           "Gemeente", "Provincie", "Leerlingen (DUO)", "Regio SWV PO", "Regio SWV VO", "Bestuur"]
    koprij = []
    for titel in kop:
        cel = WriteOnlyCell(ws, value=titel)
        cel.font = Font(bold=True)
        koprij.append(cel)
    ws.append(koprij)
    for s in qs.select_related("bestuur").iterator(chunk_size=1000):
        ws.append([
            s.vestigingscode, s.brin, s.naam, s.get_soort_display(), s.denominatie,
            f"{s.straat} {s.huisnummer}".strip(), s.postcode, s.plaats, s.gemeente.naam if s.gemeente else "",
            s.provincie, s.leerlingen, s.regio_swv_po.code_leesbaar if s.regio_swv_po else "",
            s.regio_swv_vo.code_leesbaar if s.regio_swv_vo else "", s.bestuur.naam if s.bestuur else "",
        ])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scholen-{dt.date.today():%Y%m%d}.xlsx"'
    wb.save(response)
    return response


@rol_vereist
def school(request, vestigingscode: str):
    rol = request.rol
    s = (
        visible(rol, School)
        .select_related("gemeente", "bestuur", "regio_swv_po", "regio_swv_vo")
        .filter(vestigingscode=vestigingscode.upper())
        .first()
    )
    if s is None:
        raise Http404("Deze school bestaat niet.")
    swv_id = samenwerkingsverband_van_school(s.soort, s.regio_swv_po_id, s.regio_swv_vo_id)
    swv = next((x for x in (s.regio_swv_po, s.regio_swv_vo) if x is not None and x.pk == swv_id), None)
    leerlingen_zichtbaar = visible(rol, Leerling)
    toon_leerlingen = can_create(rol, Leerling) or leerlingen_zichtbaar.exists()
    in_passend = None
    if toon_leerlingen:
        actief = Inschrijving.objects.filter(leerling_id=OuterRef("pk"), school=s).filter(actief_op())
        in_passend = leerlingen_zichtbaar.filter(Exists(actief)).count()
    website = s.internetadres
    if website and not website.lower().startswith(("http://", "https://")):
        website = "https://" + website
    return render(request, "scholen/detail.html", {
        "school": s,
        "swv": swv,
        "website": website,
        "toon_leerlingen": toon_leerlingen,
        "in_passend": in_passend,
        "kaart": locatiekaart(s.lat, s.lon, f"Ligging van {s.naam} in Nederland", id_prefix=f"kaart-{s.vestigingscode}"),
        "kaart_bron": BRON,
    })
