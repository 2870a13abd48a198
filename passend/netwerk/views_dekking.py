"""The coverage page of the dekkend netwerk (SWV staff, schoolbesturen and beheerder: toegang.mag_dekking_zien):
key figures, coverage per need, the region map for one chosen need (?behoefte=code) with its offering schools,
the gap list (filter ?soort=), the trend of gaps and demand per saved Dekkingsmeting, and for SWV staff the
button that saves today's figures (meting_opslaan). gaten_export gives the gap list and the per-need table as an
Excel workbook, recorded in the audit trail.

Aggregates only: no pupil is named on this page (pupil counts per PC4 are counts)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from passend.accounts.models import SWV_STAF
from passend.audit.services import record
from passend.core.grafiek import Reeks, lijndiagram
from passend.core.ui import rol_vereist
from passend.toewijzing import export

from . import gegevens
from .kaart import BRON, km_tekst, regiokaart
from .models import Niveau
from .toegang import mag_dekking_zien

GAT_SOORTEN = {
    "geen_aanbod": "Geen aanbod",
    "afstand": "Te ver weg",
    "tekort": "Te weinig plaatsen",
    "vol": "Vol",
    "wachtlijst": "Wachtlijst",
}
ERNST = {3: "hoog", 2: "middel", 1: "laag"}
TREND_AANTAL = 12


def _eis_toegang(rol) -> None:
    if not mag_dekking_zien(rol):
        raise PermissionDenied("De dekking van het netwerk is er voor het samenwerkingsverband en de schoolbesturen.")


def mag_meten(rol) -> bool:
    return rol is not None and rol.rol in SWV_STAF


def _gekozen(ov, code: str):
    """The chosen need: ?behoefte=code, else the first need some school offers, else the first need."""
    per_code = {d.behoefte.code: d for d in ov.dekking}
    if code in per_code:
        return per_code[code]
    return next((d for d in ov.dekking if d.aanbieders), ov.dekking[0] if ov.dekking else None)


def _soort(request) -> str:
    soort = request.GET.get("soort", "")
    return soort if soort in GAT_SOORTEN else ""


def _trend(swv):
    metingen = gegevens.trend(swv, TREND_AANTAL)
    if not metingen:
        return None, []
    datums = [f"{m.datum:%d-%m-%Y}" for m in metingen]
    vraag = [sum(int(c.get("vraag") or 0) for c in m.cijfers.values()) for m in metingen]
    grafiek = lijndiagram(
        "Gaten en vraag per meting", datums,
        [Reeks("Aantal gaten", [m.gaten for m in metingen]), Reeks("Vraag (leerlingen met een behoefte)", vraag)],
        beschrijving="Het aantal gaten op de gatenlijst en de totale vraag naar ondersteuning op elke opgeslagen meting",
        kop="Meting", id_prefix="dekking-trend")
    return grafiek, metingen


@rol_vereist
@require_safe
def dekking(request):
    rol = request.rol
    _eis_toegang(rol)
    ov = gegevens.overzicht(rol.swv)
    gekozen = _gekozen(ov, request.GET.get("behoefte", ""))
    kaart = regiokaart(ov, gekozen, id_prefix="dekking-kaart") if gekozen else None
    soort = _soort(request)
    gaten = [g for g in ov.gaten if not soort or g.soort == soort]
    for g in gaten:
        g.soort_label = GAT_SOORTEN.get(g.soort, g.soort)
    per_soort = {s: 0 for s in GAT_SOORTEN}
    for g in ov.gaten:
        per_soort[g.soort] = per_soort.get(g.soort, 0) + 1
    grafiek, metingen = _trend(rol.swv)
    return render(request, "netwerk/dekking.html", {
        "ov": ov,
        "inst": ov.instellingen,
        "max_km": km_tekst(float(ov.instellingen.max_afstand_km)),
        "dekking": ov.dekking,
        "gekozen": gekozen,
        "kaart": kaart,
        "kaart_bron": BRON,
        "niveaus": dict(Niveau.choices),
        "gaten": gaten,
        "soort": soort,
        "gat_soorten": [(s, label, per_soort.get(s, 0)) for s, label in GAT_SOORTEN.items()],
        "soort_label": GAT_SOORTEN.get(soort, ""),
        "zonder_aanbod": sum(1 for d in ov.dekking if not d.aanbieders),
        "scholen_totaal": len(ov.scholen),
        "grafiek": grafiek,
        "metingen": metingen,
        "kan_meten": mag_meten(rol),
        "vandaag": timezone.localdate(),
    })


@rol_vereist
@require_POST
def meting_opslaan(request):
    """Keep today's figures for the trend (SWV staff); a second one the same day replaces the first."""
    rol = request.rol
    _eis_toegang(rol)
    if not mag_meten(rol):
        raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband slaan een meting op.")
    m = gegevens.meting_opslaan(rol.swv)
    messages.success(request, f"De meting van {m.datum:%d-%m-%Y} is opgeslagen: {m.gaten} "
                              f"{'gat' if m.gaten == 1 else 'gaten'} op de gatenlijst. De trend laat haar zien.")
    terug = reverse("netwerk:dekking")
    code = request.POST.get("behoefte", "")
    if code and code.replace("-", "").isalnum():
        terug += f"?behoefte={code}"
    return redirect(terug + "#trend")


GAT_KOLOMMEN = [
    export.Kolom("Ernst", 8),
    export.Kolom("Soort", 18),
    export.Kolom("Behoefte", 28),
    export.Kolom("School", 30),
    export.Kolom("Omschrijving", 80),
]
DEKKING_KOLOMMEN = [
    export.Kolom("Behoefte", 28),
    export.Kolom("Scholen met aanbod", 10, export.GETAL),
    export.Kolom("Waarvan via basisondersteuning", 12, export.GETAL),
    export.Kolom("Capaciteit", 11, export.GETAL),
    export.Kolom("Vaste grens", 8),
    export.Kolom("Bezet", 9, export.GETAL),
    export.Kolom("Vrij", 9, export.GETAL),
    export.Kolom("Vraag (leerlingen)", 10, export.GETAL),
    export.Kolom("Tekort", 9, export.GETAL),
    export.Kolom("Verste afstand (km)", 10),
    export.Kolom("Postcodegebieden te ver", 10, export.GETAL),
    export.Kolom("Leerlingen te ver", 10, export.GETAL),
    export.Kolom("Postcodes te ver", 40),
]


def _gat_rijen(gaten):
    for g in gaten:
        yield [ERNST.get(g.ernst, str(g.ernst)), GAT_SOORTEN.get(g.soort, g.soort), g.behoefte, g.school,
               g.omschrijving]


def _dekking_rijen(dekking):
    for d in dekking:
        vast = d.capaciteit is not None
        yield [d.behoefte.naam, len(d.aanbieders), sum(1 for a in d.aanbieders if a.via_basis),
               d.capaciteit, vast, d.bezet, d.vrij, d.vraag, d.tekort,
               None if d.max_afstand_km is None else float(d.max_afstand_km),
               len(d.pc4_te_ver), d.leerlingen_te_ver, " ".join(d.pc4_te_ver)]


@rol_vereist
@require_safe
def gaten_export(request):
    rol = request.rol
    _eis_toegang(rol)
    ov = gegevens.overzicht(rol.swv)
    soort = _soort(request)
    gaten = [g for g in ov.gaten if not soort or g.soort == soort]
    wb = export.werkboek()
    export.blad(wb, "Gaten", GAT_KOLOMMEN, _gat_rijen(gaten))
    export.blad(wb, "Dekking per behoefte", DEKKING_KOLOMMEN, _dekking_rijen(ov.dekking))
    record("export", None, object_type_label="netwerk.dekking", swv_id=rol.swv_id,
           omschrijving=(f"Gatenlijst dekkend netwerk geëxporteerd ({len(gaten)} gaten"
                         f"{', soort ' + GAT_SOORTEN[soort].lower() if soort else ''}) en dekking per behoefte")[:200])
    return export.als_download(wb, f"dekking-gaten-{timezone.localdate():%Y%m%d}.xlsx")
