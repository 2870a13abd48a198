"""Reporting on the thuiszitters register: the quarterly Inspectie report (a workbook), the dashboard, and the
settings page. Included at /thuiszitters/rapportage/ in the namespace `thuiszitters`:

- `thuiszitters:rapport` — choose a reference date, see the counts, download (SWV staff);
- `thuiszitters:rapport_download` — the workbook (?peildatum=YYYY-MM-DD; SWV staff; recorded as an export);
- `thuiszitters:dashboard` and `thuiszitters:dashboard_export` — aggregates only, every count of 1 to 4 as "<5"
  (SWV staff and the schoolbestuur role);
- `thuiszitters:instellingen` — read by SWV staff and the beheerder, changed by the directeur and the beheerder
  (through instellingen.instellingen_opslaan).
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record
from passend.core.access import can
from passend.core.grafiek import Reeks, getal, lijndiagram
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.toewijzing.export import als_download

from . import export, monitoring, rapport, regels
from .instellingen import GRENZEN, instellingen_opslaan
from .models import Thuiszittersinstellingen
from .services import vandaag

DASHBOARD_ROLLEN = (*SWV_STAF, Rol.SCHOOLBESTUUR)
INSTELLINGEN_LEZERS = (*SWV_STAF, Rol.BEHEERDER)


def _vereis(rol, rollen, tekst: str) -> None:
    if rol.rol not in rollen:
        raise PermissionDenied(tekst)


def _vereis_staf(rol) -> None:
    _vereis(rol, SWV_STAF, "De rapportage aan de Inspectie is alleen voor medewerkers van het samenwerkingsverband.")


def _d(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


# ------------------------------------------------------------------------------------------------------------
# The quarterly report
# ------------------------------------------------------------------------------------------------------------

def keuze_peildata(instelling: str, op: dt.date) -> list[dt.date]:
    """The reference dates of this year and last year up to `op`, newest first (ValueError on a wrong setting)."""
    return sorted((d for j in (op.year - 1, op.year) for d in regels.peildata(j, instelling) if d <= op), reverse=True)


class PeildatumForm(forms.Form):
    peildatum = forms.ChoiceField(label="Peildatum", error_messages={
        "required": "Kies een peildatum.",
        "invalid_choice": "Kies een van de peildata uit de lijst.",
    })

    def __init__(self, *args, peildata: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peildatum"].choices = [(d.isoformat(), _d(d)) for d in peildata]
        self.fields["peildatum"].help_text = ("De peildata van dit en vorig jaar volgens de instellingen van het "
                                              "samenwerkingsverband.")

    def gekozen(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["peildatum"])


def _rapport_context(request, *, binden: bool = False):
    """Everything the report page and the download need; errors (a wrong setting, a wrong date) on the form or
    as text. `binden`: the reference date must come with the request (the download); the page defaults to the
    last one."""
    rol = request.rol
    _vereis_staf(rol)
    inst = Thuiszittersinstellingen.voor(rol.swv_id)
    ctx = {"instellingen": inst, "fout_instellingen": [], "form": None, "peildatum": None,
           "mag_instellen": can(rol, "change", inst)}
    try:
        data = keuze_peildata(inst.peildata, vandaag())
    except ValueError as e:
        ctx["fout_instellingen"].append(f"De peildata in de instellingen kloppen niet: {e}")
        data = []
    try:
        ctx["kolommen"] = [rapport.KOLOMMEN[k] for k in rapport.kolommen_uit(inst.kolommen)]
    except ValueError as e:
        ctx["fout_instellingen"].append(f"De kolommen in de instellingen kloppen niet: {e}")
        ctx["kolommen"] = []
    if data:
        if binden or request.GET.get("peildatum"):
            form = PeildatumForm(request.GET, peildata=data)
        else:
            form = PeildatumForm(initial={"peildatum": data[0].isoformat()}, peildata=data)
        ctx["form"] = form
        if not form.is_bound:
            ctx["peildatum"] = data[0]
        elif form.is_valid():
            ctx["peildatum"] = form.gekozen()
    return ctx


def _tabel(rijen: list[list]) -> dict:
    kop, *rest = rijen
    return {"koppen": kop, "rijen": [{"cellen": [_weergave(v) for v in rij], "totaal": False} for rij in rest]}


@rol_vereist
@require_safe
def rapport_pagina(request):
    ctx = _rapport_context(request)
    p = ctx["peildatum"]
    if p is not None:
        casussen = monitoring.casussen(request.rol.swv_id, tot=p)
        ctx.update(
            op_peildatum=_tabel(rapport.telling_op_peildatum(casussen, p)),
            cumulatief=_tabel(rapport.telling_cumulatief(casussen, p)),
            aantal_regels=len(rapport.in_register(casussen, p)),
            kan_downloaden=not ctx["fout_instellingen"],
        )
    return render(request, "thuiszitters/rapport.html", ctx)


@rol_vereist
@require_safe
def rapport_download(request):
    ctx = _rapport_context(request, binden=True)
    p = ctx["peildatum"]
    if p is None or ctx["fout_instellingen"]:
        return render(request, "thuiszitters/rapport.html", {**ctx, "peildatum": None}, status=400)
    rol = request.rol
    casussen = monitoring.casussen(rol.swv_id, tot=p)
    try:
        wb = export.rapport_werkboek(casussen, p, swv_naam=str(rol.swv), instellingen=ctx["instellingen"])
    except ValueError as e:  # the setting changed in between; said on the page, nothing downloaded
        ctx["fout_instellingen"].append(str(e))
        return render(request, "thuiszitters/rapport.html", {**ctx, "peildatum": None}, status=400)
    record("export", None, object_type_label="thuiszitters.melding", swv_id=rol.swv_id,
           omschrijving=f"Inspectie-rapportage thuiszitters geëxporteerd als Excel (peildatum {_d(p)}, "
                        f"{len(rapport.in_register(casussen, p))} meldingen, geanonimiseerd)")
    return als_download(wb, f"thuiszitters-inspectie-{rol.swv.code}-{p:%Y%m%d}.xlsx")


# ------------------------------------------------------------------------------------------------------------
# Dashboard
# ------------------------------------------------------------------------------------------------------------

def _dashboard(request) -> monitoring.Dashboard:
    _vereis(request.rol, DASHBOARD_ROLLEN, "Het dashboard thuiszitters is voor het samenwerkingsverband en de "
                                           "schoolbesturen.")
    return monitoring.overzicht(request.rol.swv)


def _trendgrafiek(d: monitoring.Dashboard) -> dict:
    """The trend as a line chart. Counts of 1 to 4 are left out of the chart (no point) and shown as "<5" in the
    table; when only zeros and such gaps are left, there is no chart, only the table."""
    reeksen = [Reeks("Thuiszitters", [monitoring.zichtbaar(s.thuiszitters) for s in d.trend]),
               Reeks("Langer dan 3 maanden", [monitoring.zichtbaar(s.lang) for s in d.trend])]
    verborgen = any(v is None for r in reeksen for v in r.waarden)
    # Only zeros and gaps would suggest "none": then the table alone.
    te_tekenen = not verborgen or any(v for r in reeksen for v in r.waarden)
    grafiek = None
    if d.trend and te_tekenen:
        grafiek = lijndiagram(
            "Thuiszitters op de peildata van de laatste twee jaar", [_d(s.peildatum) for s in d.trend], reeksen,
            kop="Peildatum", as_label="Aantal thuiszitters", id_prefix="grafiek-trend",
            beschrijving="Aantal thuiszitters (absoluut verzuim en relatief verzuim van meer dan 4 weken) op elke "
                         "peildatum, en hoeveel daarvan langer dan 3 maanden thuis zaten"
                         + (". Aantallen van 1 tot en met 4 staan niet in de grafiek, wel als '<5' in de tabel"
                            if verborgen else ""),
        )
    return {"grafiek_trend": grafiek, "trend_verborgen": verborgen}


def _weergave(waarde) -> str:
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return getal(waarde)
    return str(waarde)


def _paginatabel(t, totalen=()) -> dict:
    return {
        "naam": t.naam, "titel": t.titel, "koppen": t.koppen,
        "rijen": [{"cellen": [_weergave(v) for v in rij], "totaal": rij[0] in totalen} for rij in t.rijen],
    }


@rol_vereist
@require_safe
def dashboard(request):
    d = _dashboard(request)
    kengetallen, open_, trend, redenen = monitoring.tabellen(d)
    subtotalen = {label for _, label, sub in monitoring.RIJEN if sub}
    return render(request, "thuiszitters/dashboard.html", {
        "d": d,
        "klein": {"thuiszitters": d.klein(d.nu.thuiszitters), "lang": d.klein(d.nu.lang),
                  "vrijstellingen": d.klein(d.nu.vrijstellingen), "dreigend": d.klein(d.nu.dreigend),
                  "terugkeer": d.klein(len(d.terugkeer))},
        "leerlingen": getal(d.regio.leerlingen),
        "open_tabel": _paginatabel(open_, subtotalen),
        "trend_tabel": _paginatabel(trend),
        "redenen_tabel": _paginatabel(redenen),
        "terugkeer_maanden": monitoring.TERUGKEER_MAANDEN,
        "is_staf": request.rol.rol in SWV_STAF,
        **_trendgrafiek(d),
    })


@rol_vereist
@require_safe
def dashboard_export(request):
    d = _dashboard(request)
    rol = request.rol
    uitleg = [
        ["Thuiszitters", "Lopende meldingen van absoluut verzuim en relatief verzuim van meer dan 4 weken "
                         "(zonder vrijstelling)."],
        ["Per 1.000 leerlingen", f"Ten opzichte van {getal(d.regio.leerlingen)} leerlingen: de DUO-telling van de "
                                 f"{d.regio.scholen} scholen in de regio van het samenwerkingsverband"
                                 + (f" ({d.regio.scholen_zonder_telling} zonder telling)"
                                    if d.regio.scholen_zonder_telling else "") + "."],
        ["Duur tot terugkeer", f"Mediaan van de dagen van de start tot het einde, voor thuiszitters die in de laatste "
                               f"{monitoring.TERUGKEER_MAANDEN} maanden terug naar school of naar ander onderwijs "
                               "gingen; alleen getoond bij 5 of meer meldingen."],
    ]
    wb = export.dashboard_werkboek(monitoring.tabellen(d), swv_naam=str(rol.swv), peildatum=d.peildatum, uitleg=uitleg)
    record("export", None, object_type_label="thuiszitters.melding", swv_id=rol.swv_id,
           omschrijving=f"Dashboard thuiszitters geëxporteerd als Excel (peildatum {_d(d.peildatum)})")
    return als_download(wb, f"dashboard-thuiszitters-{rol.swv.code}-{d.peildatum:%Y%m%d}.xlsx")


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

def _weken_veld(veld: str, label: str) -> forms.IntegerField:
    laag, hoog = GRENZEN[veld]
    return forms.IntegerField(
        label=label, min_value=laag, max_value=hoog,
        help_text=Thuiszittersinstellingen._meta.get_field(veld).help_text + f" ({laag} tot en met {hoog} weken)",
        error_messages={"required": "Vul een aantal weken in.", "invalid": "Vul een aantal hele weken in.",
                        "min_value": f"Kies een aantal weken van {laag} tot en met {hoog}.",
                        "max_value": f"Kies een aantal weken van {laag} tot en met {hoog}."},
        widget=forms.NumberInput(attrs={"class": "kort", "min": laag, "max": hoog}))


class InstellingenForm(forms.Form):
    escalatie_weken = _weken_veld("escalatie_weken", "Naar het thuiszittersoverleg na (weken zonder plan van aanpak)")
    peildata = forms.CharField(
        label="Peildata van de rapportage", max_length=60,
        help_text="Dag-maand, gescheiden door komma's, bijvoorbeeld 01-01,01-04,01-07,01-10. De Inspectie vraagt "
                  "elke drie maanden om de registratie; de precieze peildata zijn niet openbaar.",
        error_messages={"required": "Vul ten minste één peildatum in."})
    kolommen = forms.CharField(
        label="Kolommen van het blad 'Registratie'", max_length=400,
        help_text="De namen van de kolommen in de gewenste volgorde, gescheiden door komma's. Mogelijke namen staan "
                  "in de tabel hieronder.",
        error_messages={"required": "Kies ten minste één kolom."},
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}))
    signaal_weken = _weken_veld("signaal_weken", "Signaal na uitschrijving zonder nieuwe inschrijving (weken)")


@rol_vereist
@require_http_methods(["GET", "POST"])
def instellingen(request):
    rol = request.rol
    _vereis(rol, INSTELLINGEN_LEZERS, "De instellingen van het thuiszittersregister zijn voor het "
                                      "samenwerkingsverband.")
    inst = Thuiszittersinstellingen.voor(rol.swv_id)
    mag_wijzigen = can(rol, "change", inst)
    if request.method == "POST" and not mag_wijzigen:
        raise PermissionDenied("Alleen de directeur van het samenwerkingsverband of de beheerder kan dit instellen.")
    if request.method == "POST":
        form = InstellingenForm(request.POST)
        if form.is_valid():
            try:
                instellingen_opslaan(rol, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De instellingen van het thuiszittersregister zijn opgeslagen.")
                return redirect("thuiszitters:instellingen")
    else:
        form = InstellingenForm(initial={v: getattr(inst, v) for v in InstellingenForm.base_fields})
    return render(request, "thuiszitters/instellingen.html", {
        "form": form, "instellingen": inst, "mag_wijzigen": mag_wijzigen,
        "velden": [(form[v], getattr(inst, v)) for v in InstellingenForm.base_fields],
        "kolommen": list(rapport.KOLOMMEN.items()),
        "is_staf": rol.rol in SWV_STAF,
    })


urlpatterns = [
    path("", rapport_pagina, name="rapport"),
    path("download/", rapport_download, name="rapport_download"),
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/export/", dashboard_export, name="dashboard_export"),
    path("instellingen/", instellingen, name="instellingen"),
]
