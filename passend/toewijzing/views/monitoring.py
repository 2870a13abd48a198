"""Monitoring of toewijzing for SWV staff: key figures, charts with their data tables, and an Excel export.

The figures come from monitoring.py (pure aggregation over the SWV's own rows); the charts are drawn by
passend.core.grafiek. Only SWV staff (medewerker, directeur) of the SWV see this; it holds no pupil data,
but the export is still written to the audit trail.
"""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from passend.accounts.models import SWV_STAF
from passend.audit.services import record
from passend.core.grafiek import Reeks, getal, lijndiagram, staafdiagram
from passend.core.ui import rol_vereist

from .. import export, monitoring, regels
from ..models import Soort, TlvSoort, vandaag

AANTAL_SCHOOLJAREN = 6


def _vereis_staf(rol) -> None:
    if rol.rol not in SWV_STAF:
        raise PermissionDenied("De monitoring is alleen voor medewerkers van het samenwerkingsverband.")


class PeriodeForm(forms.Form):
    schooljaar = forms.TypedChoiceField(
        label="Schooljaar", required=False, coerce=int, empty_value=None,
        help_text="Of kies hieronder zelf een periode. Zonder keuze: de laatste 12 maanden.",
    )
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        huidig = regels.schooljaar(vandaag())
        self.fields["schooljaar"].choices = [("", "Laatste 12 maanden")] + [
            (j, f"{j}-{j + 1}") for j in range(huidig, huidig - AANTAL_SCHOOLJAREN, -1)
        ]

    def clean(self):
        data = super().clean()
        if data.get("schooljaar") and (data.get("van") or data.get("tot")):
            raise forms.ValidationError("Kies een schooljaar of een eigen periode (van en tot), niet allebei.")
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "Het einde van de periode ligt vóór het begin.")
        return data

    def periode(self) -> monitoring.Periode:
        """The chosen period; the last 12 months when nothing (valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return monitoring.laatste_12_maanden()
        data = self.cleaned_data
        if data.get("schooljaar"):
            return monitoring.schooljaar_periode(data["schooljaar"])
        van, tot = data.get("van"), data.get("tot")
        if not van and not tot:
            return monitoring.laatste_12_maanden()
        tot = tot or vandaag()
        van = van or (regels.plus_maanden(tot, -12) + dt.timedelta(days=1))
        return monitoring.eigen_periode(van, tot)


def _overzicht(request) -> tuple[PeriodeForm, monitoring.Overzicht]:
    _vereis_staf(request.rol)
    form = PeriodeForm(request.GET if request.GET else None)
    return form, monitoring.overzicht(request.rol.swv, form.periode())


def _opmaak(waarde) -> str:
    if isinstance(waarde, monitoring.Aandeel):
        return f"{round(waarde * 100)}%"
    if isinstance(waarde, dt.date):
        return f"{waarde:%d-%m-%Y}"
    if waarde is None:
        return "–"
    if isinstance(waarde, int | float):
        return getal(waarde)
    return str(waarde)


def _grafieken(o: monitoring.Overzicht) -> dict:
    soorten = o.soorten
    labels = [monitoring.soort_label(s) for s in soorten]
    uitkomsten = staafdiagram(
        "Ingediende aanvragen per soort en uitkomst", labels,
        [Reeks(label, [o.uitkomsten[s][u] for s in soorten]) for u, label in monitoring.UITKOMSTEN],
        gestapeld=True, kop="Soort aanvraag", as_label="Aantal aanvragen", id_prefix="grafiek-uitkomsten",
        beschrijving=f"Aanvragen ingediend in de periode {o.periode.label}, naar wat er nu mee is gebeurd",
    )
    tlv_soorten = [s for s in TlvSoort.values if any(i.per_soort(s) for i in o.tlvs_per_interval)] or list(TlvSoort.values)
    per = "kwartaal" if o.interval == "kwartaal" else "maand"
    tlvs = lijndiagram(
        f"Afgegeven TLV's per {per} naar soort", [i.label for i in o.tlvs_per_interval],
        [Reeks(monitoring.TLV_SOORT_KORT[s], [i.per_soort(s) for i in o.tlvs_per_interval]) for s in tlv_soorten],
        kop=per.capitalize(), as_label="Aantal TLV's", totaal=True, id_prefix="grafiek-tlvs",
        beschrijving=f"TLV's afgegeven door het samenwerkingsverband per {per}",
    )
    besloten = [s for s in Soort.values if o.doorlooptijden[s].aantal] or list(Soort.values)
    doorloop = staafdiagram(
        "Doorlooptijd van indienen tot besluit per soort",
        [monitoring.soort_label(s) for s in besloten],
        [Reeks("Mediaan", [o.doorlooptijden[s].mediaan for s in besloten]),
         Reeks("90e percentiel", [o.doorlooptijden[s].p90 for s in besloten])],
        eenheid="dagen", kop="Soort aanvraag", as_label="Dagen", id_prefix="grafiek-doorlooptijd",
        referentie=(o.termijn_dagen, f"Termijn: {o.termijn_weken} weken ({o.termijn_dagen} dagen)"),
        beschrijving=f"Besluiten genomen in de periode {o.periode.label}; de stippellijn is de termijn van het "
        "samenwerkingsverband",
    )
    paren = monitoring.tlv_combinaties(o.actieve_tlvs)
    actief = staafdiagram(
        f"Actieve TLV's op {o.peildatum:%d-%m-%Y} naar soort en categorie",
        [monitoring.tlv_label(s, c) for s, c in paren],
        [Reeks("Actieve TLV's", [o.actieve_tlvs[p] for p in paren])],
        kop="Soort en categorie", as_label="Aantal TLV's", id_prefix="grafiek-actief",
    )
    return {"grafiek_uitkomsten": uitkomsten, "grafiek_tlvs": tlvs, "grafiek_doorlooptijd": doorloop,
            "grafiek_actief": actief}


@rol_vereist
@require_safe
def monitoring_pagina(request):
    form, o = _overzicht(request)
    tabellen = [
        {"titel": t.titel, "koppen": t.koppen, "rijen": [[_opmaak(v) for v in rij] for rij in t.rijen]}
        for t in monitoring.tabellen(o)[1:]
    ]
    return render(request, "toewijzing/monitoring.html", {
        "form": form,
        "o": o,
        "totaal": o.totaal,
        "aandeel": _opmaak(monitoring.Aandeel(o.totaal.aandeel_binnen_termijn))
        if o.totaal.aandeel_binnen_termijn is not None else "–",
        "mediaan": _opmaak(o.totaal.mediaan),
        "tabellen": tabellen,
        "export_query": request.GET.urlencode(),
        **_grafieken(o),
    })


# ------------------------------------------------------------------------------------------------------------
# Excel (with the shared helpers of export.py)
# ------------------------------------------------------------------------------------------------------------

def _kolom(t: monitoring.Tabel, i: int) -> export.Kolom:
    """A column for export.blad: whole numbers as numbers; other cells keep Excel's general format and get
    their own format below (a column may mix dates, counts and shares, as on the Kengetallen sheet)."""
    waarden = [r[i] for r in t.rijen if len(r) > i and r[i] is not None]
    heel = bool(waarden) and all(isinstance(v, int) and not isinstance(v, bool) for v in waarden)
    breedte = max([len(str(t.koppen[i])), *(len(_opmaak(v)) for v in waarden)])
    return export.Kolom(t.koppen[i], min(max(breedte + 2, 10), 60), export.GETAL if heel else export.TEKST)


def werkboek(tabellen: list[monitoring.Tabel], periode: monitoring.Periode):
    """One sheet per table (export.py's shape: bold frozen header row, autofilter, typed cells), and a sheet
    that says what each sheet holds and how it is counted."""
    wb = export.werkboek()
    for t in tabellen:
        ws = export.blad(wb, t.naam, [_kolom(t, i) for i in range(len(t.koppen))], t.rijen)
        for cellen, waarden in zip(ws.iter_rows(min_row=2), t.rijen, strict=True):
            for cel, waarde in zip(cellen, waarden, strict=True):
                if isinstance(waarde, monitoring.Aandeel):
                    cel.number_format = "0%"
                elif isinstance(waarde, dt.date):
                    cel.number_format = export.FORMATEN[export.DATUM]
                elif isinstance(waarde, float):
                    cel.number_format = "0.0"
    uitleg = [[t.naam, t.titel] for t in tabellen] + [
        ["Periode", f"{periode.van:%d-%m-%Y} t/m {periode.tot:%d-%m-%Y}"],
        ["Telling", "Aanvragen tellen in de periode waarin ze zijn ingediend (concepten niet); besluiten, "
                    "doorlooptijden en het aandeel binnen de termijn in de periode waarin is besloten. "
                    "Doorlooptijd: kalenderdagen van de eerste indiening tot het besluit; p90: de waarde waar 90% "
                    "van de besluiten op of onder ligt. Binnen de termijn: zonder de dagen waarin het SWV wachtte "
                    "op een aanvulling van de school (Awb 4:15). Een TLV die op bezwaar is herzien, telt één keer."],
        ["Leerlinggegevens", "Dit bestand bevat alleen aantallen, geen gegevens van leerlingen."],
    ]
    export.blad(wb, "Toelichting", [export.Kolom("Blad of onderwerp", 28), export.Kolom("Toelichting", 100)], uitleg)
    return wb


@rol_vereist
@require_safe
def monitoring_export(request):
    form, o = _overzicht(request)
    wb = werkboek(monitoring.tabellen(o), o.periode)
    record("export", None, object_type_label="toewijzing.aanvraag", swv_id=request.rol.swv_id,
           omschrijving=f"Monitoring toewijzing geëxporteerd als Excel ({o.periode.van:%d-%m-%Y} t/m "
           f"{o.periode.tot:%d-%m-%Y})")
    return export.als_download(wb, f"monitoring-toewijzing-{o.periode.van:%Y%m%d}-{o.periode.tot:%Y%m%d}.xlsx")


urlpatterns = [
    path("monitoring/", monitoring_pagina, name="monitoring"),
    path("monitoring/export/", monitoring_export, name="monitoring_export"),
]
