"""Monitoring of leerlingzorg (zorgplicht and OPP) for SWV staff: key figures, charts with their data tables, and
an Excel export. URL namespace `leerlingzorg_monitoring`, under /monitoring/leerlingzorg/ (passend/urls.py).

The figures come from passend.zorgplicht.monitoring and passend.opp.monitoring (pure aggregation over the SWV's
own rows); the charts are drawn by passend.core.grafiek. Only SWV staff (medewerker, directeur) see this; it holds
no pupil data (only counts, and school names), but the export is still written to the audit trail.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from passend.accounts.models import SWV_STAF
from passend.audit.services import record
from passend.core.grafiek import Reeks, getal, staafdiagram
from passend.core.ui import rol_vereist
from passend.opp import monitoring as opp_monitoring
from passend.toewijzing import export
from passend.toewijzing.monitoring import Aandeel, Tabel
from passend.toewijzing.views.monitoring import PeriodeForm

from . import monitoring

app_name = "leerlingzorg_monitoring"

# Tables shown under "Alle cijfers" on the page (the others are the key figures or already a chart's table).
TABELLEN_OP_PAGINA = ("Zorgplicht per school", "OPP per school", "OPP stand", "Instemming per OPP")


def _vereis_staf(rol) -> None:
    if rol.rol not in SWV_STAF:
        raise PermissionDenied("De monitoring is alleen voor medewerkers van het samenwerkingsverband.")


def _overzichten(request):
    _vereis_staf(request.rol)
    form = PeriodeForm(request.GET if request.GET else None)
    periode = form.periode()
    swv = request.rol.swv
    return form, monitoring.overzicht(swv, periode), opp_monitoring.overzicht(swv, periode)


def _opmaak(waarde) -> str:
    if isinstance(waarde, Aandeel):
        return f"{round(waarde * 100)}%"
    if isinstance(waarde, dt.date):
        return f"{waarde:%d-%m-%Y}"
    if waarde is None:
        return "–"
    if isinstance(waarde, int | float):
        return getal(waarde)
    return str(waarde)


def _aandeel(waarde: float | None) -> str:
    return _opmaak(None if waarde is None else Aandeel(waarde))


def _grafieken(z: monitoring.Overzicht, o: opp_monitoring.Overzicht) -> dict:
    t = z.totaal
    p = f"{z.peildatum:%d-%m-%Y}"
    open_ = staafdiagram(
        f"Open aanmeldingen op {p} naar termijn", [label for _, label in monitoring.TERMIJN_STATUSSEN],
        [Reeks("Open aanmeldingen", [t.termijn_status[k] for k, _ in monitoring.TERMIJN_STATUSSEN])],
        kop="Stand van de termijn", as_label="Aantal aanmeldingen", id_prefix="grafiek-open",
        beschrijving=f"Aanmeldingen zonder besluit op {p}, naar de termijn die dan geldt",
    )
    snelheid = staafdiagram(
        "Besluiten op aanmeldingen naar doorlooptijd", [label for _, label in monitoring.SNELHEDEN],
        [Reeks("Besluiten", [t.snelheid[k] for k, _ in monitoring.SNELHEDEN])],
        kop="Besloten", as_label="Aantal besluiten", id_prefix="grafiek-snelheid",
        beschrijving=f"Besluiten van scholen in de periode {z.periode.label}, gerekend vanaf de ontvangst van de "
        "schriftelijke aanmelding",
    )
    uitkomsten = staafdiagram(
        "Uitkomsten van aanmeldingen", [label for _, label in monitoring.UITKOMSTEN],
        [Reeks("Aanmeldingen", [t.uitkomsten[k] for k, _ in monitoring.UITKOMSTEN])],
        kop="Uitkomst", as_label="Aantal aanmeldingen", id_prefix="grafiek-uitkomsten",
        beschrijving=f"Aanmeldingen besloten of ingetrokken in de periode {z.periode.label}",
    )
    q = f"{o.peildatum:%d-%m-%Y}"
    per_soort = staafdiagram(
        f"Leerlingen met een OPP op {q} per soort school", [s.naam for s in o.per_soort],
        [Reeks("Vastgesteld", [s.met_vastgesteld_opp for s in o.per_soort]),
         Reeks("Nog niet vastgesteld", [s.met_opp - s.met_vastgesteld_opp for s in o.per_soort])],
        gestapeld=True, kop="Soort school", as_label="Aantal leerlingen", id_prefix="grafiek-opp-soort",
        beschrijving="Leerlingen met een lopend OPP, naar soort school en of er al een versie is vastgesteld",
    )
    op_tijd = staafdiagram(
        "OPP's op tijd vastgesteld", [label for _, label in opp_monitoring.OP_TIJD],
        [Reeks("OPP's", [o.op_tijd[k] for k, _ in opp_monitoring.OP_TIJD])],
        kop="Stand", as_label="Aantal OPP's", id_prefix="grafiek-opp-op-tijd",
        beschrijving=f"OPP's waarvan de termijn van 6 weken in de periode {o.periode.label} eindigt",
    )
    instemming = staafdiagram(
        "Instemming van ouders met het handelingsdeel", [label for _, label in opp_monitoring.INSTEMMING],
        [Reeks("Ouders met gezag", [o.instemming[k] for k, _ in opp_monitoring.INSTEMMING])],
        kop="Reactie", as_label="Aantal ouders", id_prefix="grafiek-instemming",
        beschrijving=f"Reacties van ouders met gezag op de huidige vastgestelde versie van elk lopend OPP op {q}",
    )
    return {"grafiek_open": open_, "grafiek_snelheid": snelheid, "grafiek_uitkomsten": uitkomsten,
            "grafiek_opp_soort": per_soort, "grafiek_opp_op_tijd": op_tijd, "grafiek_instemming": instemming}


def _tabellen(z, o) -> list[Tabel]:
    return monitoring.tabellen(z) + opp_monitoring.tabellen(o)


def _getalkolommen(t: Tabel) -> list[bool]:
    """Per column: holds numbers (right-aligned) rather than text such as a school type."""
    return [i > 0 and not any(isinstance(r[i], str) for r in t.rijen) for i in range(len(t.koppen))]


@rol_vereist
@require_safe
def overzicht(request):
    form, z, o = _overzichten(request)
    tabellen = [
        {"titel": t.titel, "koppen_getal": list(zip(t.koppen, getal, strict=True)),
         "rijen": [list(zip([_opmaak(v) for v in rij], getal, strict=True)) for rij in t.rijen]}
        for t in _tabellen(z, o) if t.naam in TABELLEN_OP_PAGINA
        for getal in [_getalkolommen(t)]
    ]
    return render(request, "zorgplicht/monitoring.html", {
        "form": form,
        "z": z,
        "o": o,
        "binnen_6": _aandeel(z.totaal.aandeel_binnen_6),
        "binnen_termijn": _aandeel(z.totaal.aandeel_binnen_termijn),
        "op_tijd": _aandeel(o.aandeel_op_tijd),
        "op_tijd_noemer": o.op_tijd["op_tijd"] + o.op_tijd["te_laat"] + o.op_tijd["niet_vastgesteld"],
        "geevalueerd": _aandeel(o.aandeel_geevalueerd),
        "tabellen": tabellen,
        "export_query": request.GET.urlencode(),
        **_grafieken(z, o),
    })


# ------------------------------------------------------------------------------------------------------------
# Excel (with the shared helpers of passend/toewijzing/export.py)
# ------------------------------------------------------------------------------------------------------------

def _kolom(t: Tabel, i: int) -> export.Kolom:
    waarden = [r[i] for r in t.rijen if len(r) > i and r[i] is not None]
    heel = bool(waarden) and all(isinstance(v, int) and not isinstance(v, bool) for v in waarden)
    breedte = max([len(str(t.koppen[i])), *(len(_opmaak(v)) for v in waarden)])
    return export.Kolom(t.koppen[i], min(max(breedte + 2, 10), 60), export.GETAL if heel else export.TEKST)


def werkboek(tabellen: list[Tabel], z: monitoring.Overzicht, o: opp_monitoring.Overzicht):
    """One sheet per table (bold frozen header row, autofilter, numbers as numbers, shares as percentages) and a
    sheet that says what each holds and how it is counted."""
    wb = export.werkboek()
    for t in tabellen:
        ws = export.blad(wb, t.naam, [_kolom(t, i) for i in range(len(t.koppen))], t.rijen)
        for cellen, waarden in zip(ws.iter_rows(min_row=2), t.rijen, strict=True):
            for cel, waarde in zip(cellen, waarden, strict=True):
                if isinstance(waarde, Aandeel):
                    cel.number_format = "0%"
    uitleg = [[t.naam, t.titel] for t in tabellen] + [
        ["Periode", f"{z.periode.van:%d-%m-%Y} t/m {z.periode.tot:%d-%m-%Y}"],
        ["Peildatum", f"{z.peildatum:%d-%m-%Y} (open aanmeldingen, lopende OPP's en instemming)"],
        ["Zorgplicht", "Aanmeldingen tellen in de periode waarin ze zijn ontvangen; besluiten (toelaten, plaatsing op "
                       "een andere school, weigeren) in de periode waarin is besloten, gerekend vanaf de ontvangst. "
                       "Binnen de geldende termijn: 6 weken, of na een verlenging 6 weken plus de gekozen 1 tot 4 "
                       "weken."],
        ["OPP", "Op tijd vastgesteld: binnen 6 weken na inschrijving of start van de extra ondersteuning, voor de "
                "OPP's waarvan die termijn in de periode eindigt. Geëvalueerd: een evaluatie in het schooljaar van "
                f"de peildatum ({o.schooljaar_label}). Instemming: per ouder met gezag, op de huidige vastgestelde "
                "versie."],
        ["Leerlinggegevens", "Dit bestand bevat alleen aantallen en namen van scholen, geen gegevens van leerlingen."],
    ]
    export.blad(wb, "Toelichting", [export.Kolom("Blad of onderwerp", 28), export.Kolom("Toelichting", 100)], uitleg)
    return wb


@rol_vereist
@require_safe
def export_excel(request):
    form, z, o = _overzichten(request)
    wb = werkboek(_tabellen(z, o), z, o)
    record("export", None, object_type_label="zorgplicht.aanmelding", swv_id=request.rol.swv_id,
           omschrijving=f"Monitoring leerlingzorg geëxporteerd als Excel ({z.periode.van:%d-%m-%Y} t/m "
           f"{z.periode.tot:%d-%m-%Y})")
    return export.als_download(wb, f"monitoring-leerlingzorg-{z.periode.van:%Y%m%d}-{z.periode.tot:%Y%m%d}.xlsx")


urlpatterns = [
    path("", overzicht, name="overzicht"),
    path("export/", export_excel, name="export"),
]
