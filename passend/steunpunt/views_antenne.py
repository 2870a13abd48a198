"""The antenna pages (login required).

- /steunpunt/antenne/ (antenne): the national view. The Steunpunt sees every SWV on the platform; SWV staff see
  the same view with their own row named and highlighted ("(uw SWV)"); others are refused. Per indicator one
  table (SWV's, the national total and the median) for the chosen school year, the distribution models as a
  table and a stacked bar chart, and the trend of one chosen indicator as a table and a line chart.
  antenne_export gives the shown tables as an Excel workbook.
- /steunpunt/antenne/signalen/ (signalen): the Steunpunt's list of signals, with signalen_export.
- /steunpunt/antenne/instelling/ (antenne_instelling): the SWV's choice to be named or anonymous; its directeur
  (and beheerder) change it, other SWV staff read it.

Every figure comes from antenne.py, which hands over suppressed tables only: a count below 5 is None there and
"<5" here and in the export. Nothing on these pages names or counts a pupil.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record
from passend.core.access import can
from passend.core.grafiek import Reeks, getal, lijndiagram, staafdiagram
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.toewijzing.export import als_download

from . import antenne, export, services
from .forms_helpdesk import AntenneInstellingForm
from .models import Antennedeelname

STANDAARD_INDICATOR = "tlv"
INSTELLING_LEZERS = (*SWV_STAF, Rol.BEHEERDER)


def _eigen_swv_id(rol) -> int | None:
    """None for the Steunpunt (all SWV's anonymous unless named); the own SWV for its staff; else refused."""
    if services.is_steunpunt(rol):
        return None
    if rol.rol in SWV_STAF and rol.swv_id:
        return rol.swv_id
    raise PermissionDenied("De antenne is er voor het Steunpunt en voor de medewerkers van samenwerkingsverbanden.")


def _jaren() -> list[int]:
    return antenne.schooljaren(timezone.localdate())


def _keuzes(request) -> tuple[int, list[int], str]:
    jaren = _jaren()
    try:
        jaar = int(request.GET.get("jaar", ""))
    except ValueError:
        jaar = jaren[-1]
    if jaar not in jaren:
        jaar = jaren[-1]
    indicator = request.GET.get("indicator", "")
    if indicator not in antenne.INDICATOREN:
        indicator = STANDAARD_INDICATOR
    return jaar, jaren, indicator


# ------------------------------------------------------------------------------------------------------------
# The tables as shown
# ------------------------------------------------------------------------------------------------------------

@dataclass
class Cel:
    tekst: str = ""
    verborgen: bool = False  # "<5"
    hint: str = ""  # the rate per 1,000 under a count


@dataclass
class Regel:
    label: str
    cellen: list
    eigen: bool = False
    soort: str = "swv"  # "swv", "totaal" or "mediaan"


@dataclass
class Weergave:
    tabel: antenne.Tabel
    koppen: list
    regels: list = field(default_factory=list)


def _aantal(n, per_duizend=None) -> Cel:
    """A count; "<5" when hidden; for an anonymous SWV only its rate per 1,000 (or "·": withheld)."""
    if n is None:
        return Cel(verborgen=True)
    if n == antenne.ANONIEM:
        return Cel(f"{getal(per_duizend)} per 1.000" if per_duizend is not None else "·")
    return Cel(getal(n))


def _kengetal(waarde, eenheid: str) -> str:
    if waarde is None:
        return "–"
    return f"{getal(waarde)}%" if eenheid == "%" else getal(waarde)


def weergave(t: antenne.Tabel) -> Weergave:
    """The table as the page shows it: per SWV (and the total) the counts, with the rate per 1,000 under each
    shown count where the indicator has one, the total, the headline value; then the median row."""
    dagen = t.sleutel == "doorlooptijd"
    koppen = ["Samenwerkingsverband", "Leerlingen in de regio", *t.kolommen, "Totaal",
              f"Kengetal ({t.eenheid})"] + (["Mediaan doorlooptijd (dagen)"] if dagen else [])
    w = Weergave(t, koppen)
    for r in [*t.rijen, t.totaal]:
        cellen = [Cel("·" if r.leerlingen is None else getal(r.leerlingen))]
        for i, c in enumerate(r.cellen):
            per = r.per_duizend[i] if t.met_per_duizend and i < len(r.per_duizend) else None
            cel = _aantal(c, per)
            if per is not None and c not in (None, antenne.ANONIEM):
                cel.hint = f"{getal(per)} per 1.000"
            cellen.append(cel)
        per = r.totaal_per_duizend if t.met_per_duizend else None
        totaal = _aantal(r.totaal, per)
        if per is not None and r.totaal not in (None, antenne.ANONIEM):
            totaal.hint = f"{getal(per)} per 1.000"
        cellen.append(totaal)
        cellen.append(Cel(_kengetal(r.kengetal, t.eenheid)))
        if dagen:
            cellen.append(Cel(getal(r.mediaan_dagen if r.swv_id is not None else export.mediaan_dagen(t))))
        w.regels.append(Regel(r.label, cellen, eigen=r.eigen, soort="swv" if r.swv_id is not None else "totaal"))
    mediaan = [Cel("") for _ in koppen[1:-2 if dagen else -1]]
    mediaan.append(Cel(_kengetal(t.mediaan, t.eenheid)))
    if dagen:
        mediaan.append(Cel(getal(export.mediaan_dagen(t))))
    w.regels.append(Regel(export.MEDIAAN_LABEL, mediaan, soort="mediaan"))
    return w


def _verdeel_grafiek(modellen: list[dict]):
    if not modellen:
        return None
    return staafdiagram(
        "Verdeelmodellen: verdeling van het budget per SWV", [m["label"] for m in modellen],
        [Reeks("Schooldeel", [m["aandelen"]["school"] for m in modellen]),
         Reeks("Leerlingdeel", [m["aandelen"]["leerling"] for m in modellen]),
         Reeks("Expertisedeel", [m["aandelen"]["expertise"] for m in modellen])],
        gestapeld=True, eenheid="%", kop="Samenwerkingsverband", totaal=False,
        beschrijving="Per samenwerkingsverband het deel van het budget dat naar scholen, naar leerlingen en naar "
                     "expertise gaat, volgens het gekozen verdeelmodel", id_prefix="antenne-verdeel")


def _trend_grafiek(tr: antenne.Trend):
    # The median first: it keeps the first (darkest, solid) line whatever the number of SWV's.
    reeksen = [Reeks("Landelijke mediaan", tr.mediaan), *(Reeks(label, waarden) for label, _, waarden in tr.rijen)]
    return lijndiagram(
        f"Trend: {tr.titel}", tr.jaren, reeksen, eenheid=tr.eenheid, kop="Schooljaar",
        beschrijving=f"Het kengetal ({tr.eenheid}) per samenwerkingsverband per schooljaar, met de landelijke mediaan",
        id_prefix="antenne-trend")


# ------------------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_safe
def antenne_pagina(request):
    rol = request.rol
    eigen = _eigen_swv_id(rol)
    jaar, jaren, indicator = _keuzes(request)
    tabellen = antenne.tabellen(jaar, eigen_swv_id=eigen)
    modellen = antenne.verdeelmodellen(eigen)
    tr = antenne.trend(indicator, eigen_swv_id=eigen)
    return render(request, "steunpunt/antenne.html", {
        "weergaven": [weergave(t) for t in tabellen.values()],
        "jaar": jaar, "jaren": [(j, f"{j}-{j + 1}") for j in reversed(jaren)],
        "jaar_label": f"{jaar}-{jaar + 1}",
        "indicator": indicator, "indicatoren": list(antenne.INDICATOREN.items()),
        "modellen": modellen, "verdeel_grafiek": _verdeel_grafiek(modellen),
        "trend": tr, "trend_grafiek": _trend_grafiek(tr),
        "trend_rijen": [(label, eigen_rij, [_kengetal(w, tr.eenheid) for w in waarden])
                        for label, eigen_rij, waarden in tr.rijen],
        "trend_mediaan": [_kengetal(w, tr.eenheid) for w in tr.mediaan],
        "drempel": settings.PASSEND_ANTENNE_DREMPEL,
        "steunpunt": eigen is None,
        "aantal_swv": len(next(iter(tabellen.values())).rijen) if tabellen else 0,
    })


@rol_vereist
@require_safe
def antenne_export(request):
    rol = request.rol
    eigen = _eigen_swv_id(rol)
    jaar, _, indicator = _keuzes(request)
    wb = export.antenne_werkboek(antenne.tabellen(jaar, eigen_swv_id=eigen), antenne.verdeelmodellen(eigen),
                                 antenne.trend(indicator, eigen_swv_id=eigen))
    record("export", None, object_type_label="steunpunt.antenne",
           omschrijving=f"Antenne geëxporteerd (schooljaar {jaar}-{jaar + 1}, alleen onderdrukte aantallen)")
    return als_download(wb, f"antenne-{jaar}-{jaar + 1}.xlsx")


def _eis_steunpunt(rol) -> None:
    if not services.is_steunpunt(rol):
        raise PermissionDenied("De signalen van de antenne zijn er voor het Steunpunt.")


@rol_vereist
@require_safe
def signalen(request):
    _eis_steunpunt(request.rol)
    lijst = antenne.signalen()
    return render(request, "steunpunt/antenne_signalen.html", {
        "signalen": lijst, "soorten": export.SOORTEN,
        "beweging": settings.PASSEND_ANTENNE_BEWEGING_PROCENT,
        "afwijking": settings.PASSEND_ANTENNE_AFWIJKING_PROCENT,
        "thema_minimaal": settings.PASSEND_ANTENNE_THEMA_MINIMAAL,
    })


@rol_vereist
@require_safe
def signalen_export(request):
    _eis_steunpunt(request.rol)
    lijst = antenne.signalen()
    record("export", None, object_type_label="steunpunt.antenne",
           omschrijving=f"Signalen van de antenne geëxporteerd ({len(lijst)} signalen)")
    return als_download(export.signalen_werkboek(lijst), f"antenne-signalen-{timezone.localdate():%Y%m%d}.xlsx")


@rol_vereist
@require_http_methods(["GET", "POST"])
def antenne_instelling(request):
    rol = request.rol
    if rol.rol not in INSTELLING_LEZERS or not rol.swv_id:
        raise PermissionDenied("Deze instelling is er voor de medewerkers van het samenwerkingsverband.")
    d = Antennedeelname.voor(rol.swv)
    mag_wijzigen = can(rol, "change", d)
    form = AntenneInstellingForm(request.POST or None, initial={"naam_tonen": "ja" if d.naam_tonen else "nee"})
    if request.method == "POST":
        if not mag_wijzigen:
            raise PermissionDenied("Alleen de directeur of beheerder van het SWV kan dit instellen.")
        if form.is_valid():
            try:
                d = services.antenne_instellen(rol, form.cleaned_data["naam_tonen"] == "ja")
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "Opgeslagen: uw samenwerkingsverband staat "
                                          + ("met naam" if d.naam_tonen else "anoniem")
                                          + " in de vergelijkingen van het Steunpunt.")
                return redirect("steunpunt:antenne_instelling")
    return render(request, "steunpunt/antenne_instelling.html", {
        "d": d, "form": form, "mag_wijzigen": mag_wijzigen, "swv": rol.swv,
        "mag_antenne_zien": rol.rol in SWV_STAF,
    })


urlpatterns = [
    path("antenne/", antenne_pagina, name="antenne"),
    path("antenne/export/", antenne_export, name="antenne_export"),
    path("antenne/signalen/", signalen, name="signalen"),
    path("antenne/signalen/export/", signalen_export, name="signalen_export"),
    path("antenne/instelling/", antenne_instelling, name="antenne_instelling"),
]
