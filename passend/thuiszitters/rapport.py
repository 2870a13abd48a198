"""The anonymised content of the quarterly Inspectie report, as plain data (the workbook is made in export.py).

Source: the Inspectie asks every three months for the SWV's thuiszittersregistratie: cumulative (rows of pupils
who are no longer at home stay), anonymised, in the original spreadsheet format (domain.md section 5). The
exact form and reference dates are not public [uncertain]: the columns and the reference dates are settings
(Thuiszittersinstellingen.kolommen / .peildata).

Nothing in here can identify a pupil: no name, no date of birth, no date at all (durations in whole weeks),
no address and no school (the school type only). Counts below 5 become "<5" (regels.klein).
"""

import datetime as dt
from dataclasses import dataclass

from . import regels
from .models import Categorie, Reden, Uitkomst

SCHOOLSOORTEN = {"BAO": "Basisonderwijs", "SBO": "Speciaal basisonderwijs", "SO": "Speciaal onderwijs",
                 "VSO": "Voortgezet speciaal onderwijs", "SO_VSO": "(V)SO", "VO": "Voortgezet onderwijs",
                 "PRO": "Praktijkonderwijs", "": "Niet ingeschreven"}

KOLOMMEN = {
    "volgnummer": "Volgnummer",
    "categorie": "Categorie",
    "leeftijd": "Leeftijd bij start",
    "schoolsoort": "Soort onderwijs",
    "duurklasse": "Duur",
    "duur_weken": "Duur in weken",
    "status": "Status op peildatum",
    "uitkomst": "Uitkomst",
    "redenen": "Redenen",
    "uren_onderwijs": "Uren onderwijs per week",
    "tafel": "Besproken in thuiszittersoverleg",
}
# Columns that would carry a date or a school are not offered at all.
VERBODEN = {"naam", "geboortedatum", "startdatum", "einddatum", "school", "postcode", "adres", "bsn"}


@dataclass(frozen=True)
class Casus:
    """What the report may know of one case."""

    categorie: str
    startdatum: dt.date
    einddatum: dt.date | None
    leeftijd_bij_start: int | None
    schoolsoort: str
    redenen: tuple = ()
    uitkomst: str = ""
    uren_onderwijs: float = 0.0  # the present hours; used only when there is no history
    tafel_op: dt.date | None = None  # never written out: only whether it lies on or before the reference date
    # The hours over time: (valid from, hours) in the order recorded (Urenstand). Never written out as dates.
    uren_historie: tuple = ()
    # The categories over time: (valid from, category) in the order recorded (Categoriestand); `categorie` is
    # the present one, used only when there is no history. Never written out as dates.
    categorie_historie: tuple = ()


def casus_van(m) -> Casus:
    historie = tuple((u.geldig_vanaf, float(u.uren)) for u in m.urenstanden.order_by("geldig_vanaf", "pk"))
    categorieen = tuple(m.categoriestanden.order_by("geldig_vanaf", "pk").values_list("geldig_vanaf", "categorie"))
    return Casus(categorie=m.categorie, startdatum=m.startdatum, einddatum=m.einddatum,
                 leeftijd_bij_start=m.leeftijd_bij_start, schoolsoort=m.schoolsoort or "",
                 redenen=tuple(m.redenen or ()), uitkomst=m.uitkomst or "", uren_onderwijs=float(m.uren_onderwijs or 0),
                 tafel_op=m.tafel_op, uren_historie=historie, categorie_historie=categorieen)


def _geldig_op(historie: tuple, peildatum: dt.date, zonder):
    """The value of a dated history ((valid from, value), in the order recorded) on the reference date: the last
    change that took effect on or before it (of changes with the same date, the one recorded last). Before the
    first change the first known value; without history `zonder` (the present value)."""
    if not historie:
        return zonder
    # (date, position) as key: of equal dates the one recorded last wins
    geldig = [(vanaf, i, waarde) for i, (vanaf, waarde) in enumerate(historie) if vanaf <= peildatum]
    return max(geldig)[2] if geldig else historie[0][1]


def uren_op(c: Casus, peildatum: dt.date) -> float:
    """The hours of education per week valid on the reference date (a case in the register always has its first
    hours from its start date)."""
    return _geldig_op(c.uren_historie, peildatum, c.uren_onderwijs)


def categorie_op(c: Casus, peildatum: dt.date) -> str:
    """The category valid on the reference date."""
    return _geldig_op(c.categorie_historie, peildatum, c.categorie)


def duur_start(c: Casus, peildatum: dt.date) -> dt.date:
    """The day the duration on the reference date counts from (regels.duur_vanaf: the time as dreigend
    thuiszitter does not count as time at home)."""
    return regels.duur_vanaf(c.startdatum, c.categorie_historie, peildatum)


def _eerste_categorie(c: Casus) -> str:
    return c.categorie_historie[0][1] if c.categorie_historie else c.categorie


def kolommen_uit(instelling: str) -> list[str]:
    """The report's columns from the setting; unknown names raise ValueError with a Dutch message."""
    namen = [k.strip() for k in (instelling or "").split(",") if k.strip()]
    fout = [k for k in namen if k not in KOLOMMEN]
    if fout:
        raise ValueError(f"Onbekende kolom(men) in de instelling: {', '.join(fout)}. "
                         f"Mogelijk: {', '.join(KOLOMMEN)}.")
    return namen or list(KOLOMMEN)


def _label(keuzes, waarde: str) -> str:
    return dict(keuzes.choices).get(waarde, waarde)


def in_register(casussen, peildatum: dt.date) -> list[Casus]:
    """Cumulative: every case that started on or before the reference date, in order of start (then of the
    category it was reported with: a later change of category does not reorder an earlier report)."""
    return sorted((c for c in casussen if c.startdatum <= peildatum), key=lambda c: (c.startdatum, _eerste_categorie(c)))


def open_op(c: Casus, peildatum: dt.date) -> bool:
    return c.startdatum <= peildatum and (c.einddatum is None or c.einddatum > peildatum)


def _eind(c: Casus, peildatum: dt.date) -> dt.date:
    return min(c.einddatum, peildatum) if c.einddatum is not None else peildatum


def registratie(casussen, peildatum: dt.date, kolommen: list[str]) -> list[list]:
    """The rows of the sheet 'Registratie' (without the header), one per case, anonymised. Category, duration,
    status and hours are those of the reference date (of the end date for a case ended before it)."""
    rijen = []
    for n, c in enumerate(in_register(casussen, peildatum), start=1):
        eind = _eind(c, peildatum)
        vanaf = duur_start(c, eind)
        waarden = {
            "volgnummer": n,
            "categorie": _label(Categorie, categorie_op(c, eind)),
            "leeftijd": c.leeftijd_bij_start if c.leeftijd_bij_start is not None else "",
            "schoolsoort": SCHOOLSOORTEN.get(c.schoolsoort, c.schoolsoort),
            "duurklasse": regels.DUURKLASSEN[regels.duurklasse(vanaf, eind)],
            "duur_weken": regels.duur_dagen(vanaf, eind) // 7,
            "status": "Lopend" if open_op(c, peildatum) else "Beëindigd",
            "uitkomst": _label(Uitkomst, c.uitkomst) if c.uitkomst and not open_op(c, peildatum) else "",
            "redenen": "; ".join(_label(Reden, r) for r in c.redenen),
            "uren_onderwijs": uren_op(c, peildatum),
            "tafel": "ja" if c.tafel_op is not None and c.tafel_op <= peildatum else "nee",
        }
        rijen.append([waarden[k] for k in kolommen])
    return rijen


def telling_op_peildatum(casussen, peildatum: dt.date, drempel: int = regels.KLEIN_AANTAL) -> list[list]:
    """Open cases on the reference date by their category then (rows) and duration class then (columns), plus
    a total; small numbers as "<5". The first row is the header."""
    klassen = list(regels.DUURKLASSEN)
    kop = ["Categorie", *regels.DUURKLASSEN.values(), "Totaal"]
    rijen = [kop]
    for cat, label in Categorie.choices:
        tel = dict.fromkeys(klassen, 0)
        for c in casussen:
            if open_op(c, peildatum) and categorie_op(c, peildatum) == cat:
                tel[regels.duurklasse(duur_start(c, peildatum), peildatum)] += 1
        rijen.append([label, *(regels.klein(tel[k], drempel) for k in klassen),
                      regels.klein(sum(tel.values()), drempel)])
    return rijen


def telling_cumulatief(casussen, peildatum: dt.date, drempel: int = regels.KLEIN_AANTAL) -> list[list]:
    """All cases registered up to the reference date by category (on the reference date, or at the end of a
    case ended before it): still open, ended, total; small numbers "<5"."""
    rijen = [["Categorie", "Lopend", "Beëindigd", "Totaal"]]
    register = in_register(casussen, peildatum)
    for cat, label in Categorie.choices:
        van = [c for c in register if categorie_op(c, _eind(c, peildatum)) == cat]
        lopend = sum(1 for c in van if open_op(c, peildatum))
        rijen.append([label, regels.klein(lopend, drempel), regels.klein(len(van) - lopend, drempel),
                      regels.klein(len(van), drempel)])
    return rijen
