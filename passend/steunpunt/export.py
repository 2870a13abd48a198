"""The Steunpunt's workbooks (openpyxl, with the shared helpers of passend/toewijzing/export.py):

- the helpdesk worklist (`werklijst_werkboek`): per question its number, date, theme, sectors, the role it was
  asked in, status and response time; never the questioner's name or the text of the question;
- the antenna (`antenne_werkboek`): the indicator tables of one school year as shown on the page, the
  distribution models and the trend of one indicator. A suppressed cell is the text "<5": the raw count is
  never written (antenne.py hands over only suppressed tables, so it is not even known here);
- the signals (`signalen_werkboek`).

All are pure: they take data and return a Workbook. Access and the audit row are the view's job.
"""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from passend.toewijzing.export import DATUM, TEKST, Kolom, blad, werkboek

from . import regels
from .antenne import ANONIEM, Tabel, Trend
from .models import Vraag

VERBORGEN = "<5"
MEDIAAN_LABEL = "Landelijke mediaan (van de getoonde SWV's)"
GEEN = "–"


# ------------------------------------------------------------------------------------------------------------
# Helpdesk
# ------------------------------------------------------------------------------------------------------------

def tijden(v: Vraag, nu: dt.datetime) -> tuple[float, bool | None]:
    """Working days from asking to the answer (or to now while open), and whether that is within the norm
    (None: open and still within it). Counted in local time, so a question asked on Friday evening does not
    start on Saturday in UTC."""
    gesteld = timezone.localtime(v.gesteld_op)
    beantwoord = timezone.localtime(v.beantwoord_op) if v.beantwoord_op else None
    nu = timezone.localtime(nu)
    dagen = regels.werkdagen_tussen(gesteld, beantwoord or nu)
    op_tijd = regels.reactie_op_tijd(gesteld, beantwoord, nu, settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN)
    return dagen, op_tijd


WERKLIJST_KOLOMMEN = [
    Kolom("Nummer", 14),
    Kolom("Gesteld op", 12, DATUM),
    Kolom("Thema", 34),
    Kolom("Sector", 12),
    Kolom("Gesteld als", 24),
    Kolom("Status", 16),
    Kolom("Beantwoord op", 12, DATUM),
    Kolom("Reactietijd (werkdagen)", 12, TEKST),
    Kolom("Wachttijd tot nu (werkdagen)", 12, TEKST),
    Kolom("Binnen de norm", 10),
]


def _rol_label(code: str) -> str:
    from passend.accounts.models import Rol

    try:
        return Rol(code).label.split(" (")[0].split(" / ")[0]
    except ValueError:
        return code


def werklijst_werkboek(vragen, nu: dt.datetime | None = None) -> Workbook:
    nu = nu or timezone.now()
    norm = settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN

    def rijen():
        for v in vragen:
            dagen, op_tijd = tijden(v, nu)
            yield [
                v.nummer, timezone.localtime(v.gesteld_op).date(), v.thema.naam, ", ".join(v.sector_labels),
                _rol_label(v.vrager_rol), v.get_status_display(),
                timezone.localtime(v.beantwoord_op).date() if v.beantwoord_op else None,
                dagen if v.beantwoord_op else None, None if v.beantwoord_op else dagen,
                "" if op_tijd is None else ("ja" if op_tijd else "nee"),
            ]

    wb = werkboek()
    blad(wb, "Vragen", WERKLIJST_KOLOMMEN, rijen())
    blad(wb, "Toelichting", [Kolom("Toelichting", 100)], [
        ["Helpdeskvragen aan het Steunpunt Passend Onderwijs. Zonder namen van vragers en zonder de tekst van de vragen."],
        [f"Werkdagen: maandag tot en met vrijdag (feestdagen tellen mee). Norm: een antwoord binnen {norm} werkdagen."],
        ["Reactietijd: van het stellen tot het antwoord. Wachttijd: van het stellen tot nu, bij een open vraag."],
        [f"Gemaakt op {timezone.localtime(nu):%d-%m-%Y %H:%M}."],
    ])
    return wb


# ------------------------------------------------------------------------------------------------------------
# Antenna
# ------------------------------------------------------------------------------------------------------------

def cel(waarde) -> int | str:
    """A count as written: the number, "<5" when suppressed, "·" when withheld for an anonymous SWV."""
    if waarde == ANONIEM:
        return "·"
    return VERBORGEN if waarde is None else waarde


def maat(waarde) -> float | str:
    """A derived figure (rate, share, median): the number, or "–" when not shown."""
    return GEEN if waarde is None else waarde


def antenne_koppen(t: Tabel) -> list[str]:
    koppen = ["Samenwerkingsverband", "Leerlingen in de regio"]
    for k in t.kolommen:
        koppen.append(k)
        if t.met_per_duizend:
            koppen.append(f"{k} per 1.000")
    koppen.append("Totaal")
    if t.met_per_duizend:
        koppen.append("Totaal per 1.000")
    koppen.append(f"Kengetal ({t.eenheid})")
    if t.sleutel == "doorlooptijd":
        koppen.append("Mediaan doorlooptijd (dagen)")
    return koppen


def mediaan_dagen(t: Tabel) -> float | None:
    """The median of the shown per-SWV median lead times (shown values only, as regels.mediaan requires)."""
    return regels.mediaan([r.mediaan_dagen for r in t.rijen])


def antenne_rijen(t: Tabel):
    """The table's rows as written to Excel: the SWV's, the national total and the median."""
    for r in [*t.rijen, t.totaal]:
        rij = [r.label, "·" if r.leerlingen is None else r.leerlingen]
        for i, c in enumerate(r.cellen):
            rij.append(cel(c))
            if t.met_per_duizend:
                rij.append(maat(r.per_duizend[i] if i < len(r.per_duizend) else None))
        rij.append(cel(r.totaal))
        if t.met_per_duizend:
            rij.append(maat(r.totaal_per_duizend))
        rij.append(maat(r.kengetal))
        if t.sleutel == "doorlooptijd":
            rij.append(maat(r.mediaan_dagen) if r.swv_id is not None else maat(mediaan_dagen(t)))
        yield rij
    # The median row: only the headline value (and the median lead time), under their columns.
    dagen = t.sleutel == "doorlooptijd"
    leeg = [""] * (len(antenne_koppen(t)) - 3 - (1 if dagen else 0))
    yield [MEDIAAN_LABEL, "", *leeg, maat(t.mediaan), *([maat(mediaan_dagen(t))] if dagen else [])]


BLADEN = {"tlv": "TLV's", "doorlooptijd": "Doorlooptijden", "zorgplicht": "Zorgplicht", "opp": "OPP's",
          "thuiszitters": "Thuiszitters"}


def _bladnaam(tekst: str) -> str:
    """A valid sheet name: without the characters Excel refuses, at most 31 long, no quote at either end."""
    return re.sub(r"[\\*?:/\[\]]", "", tekst)[:31].strip().strip("'")


def antenne_werkboek(tabellen: dict[str, Tabel], verdeelmodellen: list[dict], trend: Trend | None) -> Workbook:
    wb = werkboek()
    eerste = next(iter(tabellen.values()), None)
    jaar = eerste.schooljaar_label if eerste else ""
    drempel = settings.PASSEND_ANTENNE_DREMPEL
    blad(wb, "Toelichting", [Kolom("Toelichting", 110)], [
        [f"Antenne van het Steunpunt Passend Onderwijs: de indicatoren van de samenwerkingsverbanden op Passend, "
         f"schooljaar {jaar}."],
        [f"‘{VERBORGEN}’: minder dan {drempel} leerlingen, niet getoond. Soms is ook een groter getal verborgen, "
         "zodat een verborgen getal niet terug te rekenen is uit de totalen."],
        [f"‘{GEEN}’: geen waarde (het getal waar hij uit volgt is verborgen, of er zijn geen gegevens)."],
        ["Per 1.000: per 1.000 leerlingen in de regio van het SWV (DUO-telling van de scholen)."],
        ["SWV's staan er met naam in als zij daarvoor kozen; de andere anoniem (SWV A, SWV B …)."],
    ])
    for t in tabellen.values():
        koppen = antenne_koppen(t)
        kolommen = [Kolom(k, 34 if i == 0 else 12, TEKST) for i, k in enumerate(koppen)]
        naam = BLADEN.get(t.sleutel) or _bladnaam(t.titel)
        blad(wb, naam, kolommen, antenne_rijen(t))
        wb["Toelichting"].append([f"Blad ‘{naam}’: {t.titel}. {t.uitleg}"])
    if verdeelmodellen:
        wb["Toelichting"].append(["Blad ‘Verdeelmodellen’: het gekozen verdeelmodel en de delen van het budget per SWV."])
        blad(wb, "Verdeelmodellen", [Kolom("Samenwerkingsverband", 34), Kolom("Verdeelmodel", 18),
                                     Kolom("Schooldeel (%)", 12), Kolom("Leerlingdeel (%)", 12),
                                     Kolom("Expertisedeel (%)", 12)],
             ([v["label"], v["model"], v["aandelen"]["school"], v["aandelen"]["leerling"],
               v["aandelen"]["expertise"]] for v in verdeelmodellen))
    if trend is not None:
        kolommen = [Kolom("Samenwerkingsverband", 34)] + [Kolom(j, 12) for j in trend.jaren]
        rijen = [[label, *(maat(w) for w in waarden)] for label, _, waarden in trend.rijen]
        rijen.append(["Landelijke mediaan", *(maat(w) for w in trend.mediaan)])
        blad(wb, "Trend", kolommen, rijen)
        wb["Toelichting"].append([f"Blad ‘Trend’: {trend.titel}, het kengetal ({trend.eenheid}) per schooljaar."])
    return wb


# ------------------------------------------------------------------------------------------------------------
# Signals
# ------------------------------------------------------------------------------------------------------------

SIGNAAL_KOLOMMEN = [Kolom("Soort", 12), Kolom("Onderwerp", 36), Kolom("Wie", 34), Kolom("Toelichting", 90)]
SOORTEN = {"thema": "Helpdeskthema", "indicator": "Indicator"}


def signalen_werkboek(signalen) -> Workbook:
    wb = werkboek()
    blad(wb, "Signalen", SIGNAAL_KOLOMMEN,
         ([SOORTEN.get(s.soort, s.soort), s.onderwerp, s.wie, s.toelichting] for s in signalen))
    return wb
