"""Excel exports of toewijzing (openpyxl): small helpers every export shares, and the TLV register.

The helpers give every workbook the same shape: a bold header row that stays in view (frozen), an
autofilter, sensible column widths, real Excel dates (not text) and numbers as numbers. Monitoring uses
them for its own sheets:

    wb = werkboek()
    blad(wb, "Aanvragen", [Kolom("Soort", 30), Kolom("Aantal", 10, GETAL)], rijen)
    return als_download(wb, "monitoring.xlsx")

Recording the export in the audit trail is the caller's job (it knows what was exported and why).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import regels

TEKST = "tekst"
DATUM = "datum"
GETAL = "getal"
BEDRAG = "bedrag"
PERCENTAGE = "percentage"

FORMATEN = {
    DATUM: "DD-MM-YYYY",
    GETAL: "0",
    BEDRAG: "#,##0.00",
    PERCENTAGE: "0.0%",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kolom:
    kop: str
    breedte: int = 14
    soort: str = TEKST  # TEKST, DATUM, GETAL, BEDRAG or PERCENTAGE


def werkboek() -> Workbook:
    """An empty workbook (without openpyxl's default sheet); add sheets with `blad`."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _waarde(waarde, soort: str):
    if waarde is None:
        return None
    if soort == DATUM and isinstance(waarde, dt.datetime):
        return waarde.replace(tzinfo=None)
    if isinstance(waarde, Decimal):
        return float(waarde)
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return waarde


def blad(wb: Workbook, titel: str, kolommen: list[Kolom], rijen: Iterable[Iterable]):
    """Add a sheet `titel` with a frozen bold header row, an autofilter and typed columns; returns it."""
    ws = wb.create_sheet(titel[:31])
    ws.append([k.kop for k in kolommen])
    for cel in ws[1]:
        cel.font = Font(bold=True)
        cel.alignment = Alignment(vertical="top", wrap_text=True)
    aantal = 0
    for rij in rijen:
        ws.append([_waarde(w, k.soort) for w, k in zip(rij, kolommen, strict=True)])
        aantal += 1
    for i, k in enumerate(kolommen, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = k.breedte
        formaat = FORMATEN.get(k.soort)
        if formaat and aantal:
            for (cel,) in ws.iter_rows(min_row=2, max_row=aantal + 1, min_col=i, max_col=i):
                cel.number_format = formaat
    ws.freeze_panes = "A2"
    if kolommen:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{aantal + 1}"
    return ws


def als_download(wb: Workbook, bestandsnaam: str) -> HttpResponse:
    """The workbook as a download."""
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    wb.save(response)
    return response


# ------------------------------------------------------------------------------------------------------------
# The TLV register, in a shape a special school can use to register TLV's with DUO
# ------------------------------------------------------------------------------------------------------------

STATUS_LABELS = {
    "actief": "Actief",
    "verloopt": "Verloopt binnenkort",
    "verlopen": "Verlopen",
    "ingetrokken": "Ingetrokken",
    "toekomstig": "Nog niet ingegaan",
}

TLV_KOLOMMEN = [
    Kolom("TLV-nummer", 20),
    Kolom("Afgevend SWV (code)", 12),
    Kolom("Afgevend SWV (naam)", 32),
    Kolom("Achternaam leerling", 22),
    Kolom("Tussenvoegsel", 10),
    Kolom("Voornaam leerling", 16),
    Kolom("Geboortedatum", 13, DATUM),
    Kolom("Soort onderwijs", 10),
    Kolom("Bekostigingscategorie", 12),
    Kolom("EMB", 6),
    Kolom("Begindatum", 12, DATUM),
    Kolom("Einddatum", 12, DATUM),
    Kolom("Afgiftedatum", 12, DATUM),
    Kolom("Aanvragende school (BRIN en vestiging)", 14),
    Kolom("Aanvragende school (naam)", 30),
    Kolom("Status", 18),
    Kolom("Ingetrokken per", 12, DATUM),
    Kolom("Vervangt TLV", 20),
]

# DUO's codes for the kind of school (the TLV's soort); the category as DUO counts it (1, 2, 3).
SOORT_CODE = {"sbo": "SBO", "so": "SO", "vso": "VSO", "pro": "PrO"}
CATEGORIE_CODE = {"laag": "1 (laag)", "midden": "2 (midden)", "hoog": "3 (hoog)"}


def tlv_rijen(tlvs, peildatum: dt.date, maanden: int):
    """One row per TLV (in TLV_KOLOMMEN order). `tlvs` should select_related leerling, swv,
    aanvragende_school and vervangt."""
    for t in tlvs:
        status = regels.tlv_status(t.begindatum, t.einddatum, t.ingetrokken_op, peildatum, maanden)
        yield [
            t.nummer, t.swv.code, t.swv.naam, t.leerling.achternaam, t.leerling.tussenvoegsel, t.leerling.voornaam,
            t.leerling.geboortedatum, SOORT_CODE.get(t.soort, t.soort), CATEGORIE_CODE.get(t.categorie, ""),
            t.emb, t.begindatum, t.einddatum, t.afgegeven_op, t.aanvragende_school.vestigingscode,
            t.aanvragende_school.naam, STATUS_LABELS[status], t.ingetrokken_op,
            t.vervangt.nummer if t.vervangt_id else "",
        ]


def tlv_werkboek(tlvs, peildatum: dt.date, maanden: int) -> Workbook:
    """The TLV register as a workbook: one sheet with the TLV's, one explaining the columns."""
    wb = werkboek()
    blad(wb, "TLV's", TLV_KOLOMMEN, tlv_rijen(tlvs, peildatum, maanden))
    uitleg = [
        ["Peildatum status", peildatum],
        ["Verloopt binnenkort", f"einddatum binnen {maanden} maanden na de peildatum"],
        ["Aanvragende school", "BRIN en vestigingsnummer samen, zoals DUO de vestiging schrijft"],
        ["Registratie bij DUO", "De school voor SBO, (V)SO of PrO registreert de TLV met nummer en einddatum "
                                "bij de inschrijving van de leerling."],
        ["BSN", "Staat bewust niet in dit bestand: het samenwerkingsverband gebruikt geen BSN."],
    ]
    ws = blad(wb, "Toelichting", [Kolom("Onderwerp", 24), Kolom("Toelichting", 90)], uitleg)
    ws["B2"].number_format = FORMATEN[DATUM]
    return wb
