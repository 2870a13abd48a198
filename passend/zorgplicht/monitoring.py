"""Monitoring of the zorgplicht for one SWV over a period: open aanmeldingen, how fast schools decide, outcomes,
per school.

Pure functions over the SWV's rows (no request, no access checks: the caller passes the SWV it may see). The
page and the Excel export (views_monitoring.py) both read one `Overzicht` and the same `tabellen()`.

What is counted where:
- "ontvangen" counts the aanmeldingen received in the period (ontvangen_op);
- "open" counts the aanmeldingen open on the reference date (today, or the end of a past period: received by
  then and not decided or withdrawn by then), with their term status on that day (regels.termijn_status);
- decisions count in the period in which they were taken (besloten_op). A decision is admitting, placing
  elsewhere (the day the other school confirmed) or refusing; a withdrawal by the parents is an outcome but not a
  decision of the school, so it is not timed. Speed: within 6 weeks of receipt (regels.beslis_uiterlijk), within
  10 weeks (regels.verlengd_uiterlijk, the longest extension) or later; "binnen de termijn" is within the term
  that applied (regels.binnen_termijn: 6 weeks, or 6 + the 1-4 weeks the school chose when it extended).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from passend.register.models import Soort as SchoolSoort
from passend.toewijzing.monitoring import Aandeel, Periode, Tabel

from . import regels
from .models import OPEN_STATUSSEN, Aanmelding, Status, Weigergrond, Zorgplichtinstellingen
from .services import vandaag

BESLISSINGEN = (Status.TOEGELATEN, Status.ELDERS_GEPLAATST, Status.GEWEIGERD)
UITKOMSTEN = (
    ("toegelaten_met", "Toegelaten met extra ondersteuning"),
    ("toegelaten_zonder", "Toegelaten zonder extra ondersteuning"),
    ("elders_geplaatst", "Geplaatst op een andere school"),
    *[(f"geweigerd_{g.value}", f"Geweigerd: {label}") for g, label in (
        (Weigergrond.VOL, "school vol"), (Weigergrond.GRONDSLAG, "grondslag"), (Weigergrond.CLUSTER12, "cluster 1 of 2"),
    )],
    ("ingetrokken", "Ingetrokken door de ouders"),
)
SNELHEDEN = (
    ("binnen_6", "Binnen 6 weken"),
    ("binnen_10", "Binnen 10 weken (na verlenging)"),
    ("later", "Later dan 10 weken"),
)
TERMIJN_STATUSSEN = (
    ("op_tijd", "Termijn loopt"),
    ("bijna", "Termijn bijna voorbij"),
    ("verlopen", "Termijn voorbij"),
    ("tijdelijke_plaatsing", "Recht op tijdelijke plaatsing"),
)


def uitkomst(status: str, met_extra_ondersteuning: bool | None, weigergrond: str) -> str | None:
    """The outcome key (UITKOMSTEN) of a decided or withdrawn aanmelding; None while it is open."""
    if status == Status.TOEGELATEN:
        return "toegelaten_met" if met_extra_ondersteuning else "toegelaten_zonder"
    if status == Status.ELDERS_GEPLAATST:
        return "elders_geplaatst"
    if status == Status.GEWEIGERD:
        return f"geweigerd_{weigergrond}" if weigergrond else "geweigerd_vol"
    if status == Status.INGETROKKEN:
        return "ingetrokken"
    return None


def snelheid(ontvangen_op: dt.date, besloten_op: dt.date) -> str:
    """"binnen_6", "binnen_10" or "later": how long after receipt the school decided."""
    if besloten_op <= regels.beslis_uiterlijk(ontvangen_op):
        return "binnen_6"
    if besloten_op <= regels.verlengd_uiterlijk(ontvangen_op):
        return "binnen_10"
    return "later"


@dataclass
class Telling:
    """The figures of one school, or of the whole SWV."""

    naam: str
    soort: str = ""
    ontvangen: int = 0
    open: int = 0
    termijn_voorbij: int = 0  # open and past the term that applies (verlopen or tijdelijke_plaatsing)
    besloten: int = 0
    binnen_termijn: int = 0
    snelheid: Counter = field(default_factory=Counter)
    uitkomsten: Counter = field(default_factory=Counter)
    termijn_status: Counter = field(default_factory=Counter)

    @property
    def aandeel_binnen_6(self) -> float | None:
        return self.snelheid["binnen_6"] / self.besloten if self.besloten else None

    @property
    def aandeel_binnen_termijn(self) -> float | None:
        return self.binnen_termijn / self.besloten if self.besloten else None


def aanmeldingen(swv, periode: Periode, peildatum: dt.date):
    """The rows that count: received or decided in the period, or open on the reference date."""
    return (Aanmelding.objects.filter(swv=swv)
            .filter(Q(ontvangen_op__gte=periode.van, ontvangen_op__lte=periode.tot)
                    | Q(besloten_op__gte=periode.van, besloten_op__lte=periode.tot)
                    | Q(ontvangen_op__lte=peildatum) & (Q(besloten_op__isnull=True) | Q(besloten_op__gt=peildatum))))


def _is_open_op(status: str, ontvangen_op: dt.date, besloten_op: dt.date | None, peildatum: dt.date) -> bool:
    if ontvangen_op > peildatum:
        return False
    if besloten_op is not None:
        return besloten_op > peildatum
    return status in OPEN_STATUSSEN


def tel(swv, periode: Periode, peildatum: dt.date | None = None,
        waarschuwen_dagen: int | None = None) -> tuple[Telling, list[Telling]]:
    """The SWV's figures and one Telling per school that has any (by school name)."""
    peildatum = peildatum or min(periode.tot, vandaag())
    if waarschuwen_dagen is None:
        waarschuwen_dagen = Zorgplichtinstellingen.voor(swv).waarschuwen_dagen
    totaal = Telling("Alle scholen")
    per_school: dict[int, Telling] = {}
    soort_labels = dict(SchoolSoort.choices)
    rijen = aanmeldingen(swv, periode, peildatum).order_by().values_list(
        "school_id", "school__naam", "school__soort", "status", "ontvangen_op", "besloten_op", "verlengd_op",
        "verlenging_weken", "met_extra_ondersteuning", "weigergrond")
    for school_id, naam, soort, status, ontvangen, besloten, verlengd, weken, extra, grond in rijen:
        school = per_school.get(school_id)
        if school is None:
            school = per_school[school_id] = Telling(naam, soort_labels.get(soort, soort))
        for t in (totaal, school):
            if periode.van <= ontvangen <= periode.tot:
                t.ontvangen += 1
            if _is_open_op(status, ontvangen, besloten, peildatum):
                verlengd_toen = verlengd is not None and verlengd <= peildatum
                ts = regels.termijn_status(ontvangen, verlengd_toen, peildatum, waarschuwen_dagen, weken)
                t.open += 1
                t.termijn_status[ts] += 1
                if ts in ("verlopen", "tijdelijke_plaatsing"):
                    t.termijn_voorbij += 1
            if besloten is not None and periode.van <= besloten <= periode.tot:
                t.uitkomsten[uitkomst(status, extra, grond)] += 1
                if status in BESLISSINGEN:
                    t.besloten += 1
                    t.snelheid[snelheid(ontvangen, besloten)] += 1
                    if regels.binnen_termijn(ontvangen, besloten, verlengd is not None, weken):
                        t.binnen_termijn += 1
    return totaal, sorted(per_school.values(), key=lambda t: t.naam.casefold())


@dataclass(frozen=True)
class Overzicht:
    swv: object
    periode: Periode
    peildatum: dt.date
    waarschuwen_dagen: int
    totaal: Telling
    per_school: list


def overzicht(swv, periode: Periode, *, peildatum: dt.date | None = None) -> Overzicht:
    """All zorgplicht figures of `swv` for `periode`. Open aanmeldingen are counted on `peildatum` (default: the
    end of the period, or today when the period runs into the future)."""
    peildatum = peildatum or min(periode.tot, vandaag())
    dagen = Zorgplichtinstellingen.voor(swv).waarschuwen_dagen
    totaal, per_school = tel(swv, periode, peildatum, dagen)
    return Overzicht(swv, periode, peildatum, dagen, totaal, per_school)


def _aandeel(waarde: float | None) -> Aandeel | None:
    return None if waarde is None else Aandeel(waarde)


def tabellen(o: Overzicht) -> list[Tabel]:
    t = o.totaal
    uit = [Tabel("Zorgplicht kengetallen", f"Zorgplicht: kengetallen, {o.periode.label}", ["Kengetal", "Waarde"], [
        ["Aanmeldingen ontvangen", t.ontvangen],
        [f"Open op {o.peildatum:%d-%m-%Y}", t.open],
        [f"Open en termijn voorbij op {o.peildatum:%d-%m-%Y}", t.termijn_voorbij],
        ["Besluiten genomen", t.besloten],
        *[[f"Besloten {label.lower()}", t.snelheid[k]] for k, label in SNELHEDEN],
        ["Aandeel besloten binnen 6 weken", _aandeel(t.aandeel_binnen_6)],
        ["Besloten binnen de geldende termijn", t.binnen_termijn],
        ["Aandeel binnen de geldende termijn", _aandeel(t.aandeel_binnen_termijn)],
    ])]
    uit.append(Tabel(
        "Open aanmeldingen", f"Open aanmeldingen op {o.peildatum:%d-%m-%Y} naar termijn "
        f"(waarschuwing {o.waarschuwen_dagen} dagen voor de termijn)",
        ["Stand van de termijn", "Aantal"],
        [[label, t.termijn_status[k]] for k, label in TERMIJN_STATUSSEN] + [["Totaal", t.open]],
    ))
    uit.append(Tabel(
        "Uitkomsten", "Uitkomsten in de periode (besloten of ingetrokken)", ["Uitkomst", "Aantal"],
        [[label, t.uitkomsten[k]] for k, label in UITKOMSTEN] + [["Totaal", sum(t.uitkomsten.values())]],
    ))
    uit.append(Tabel(
        "Zorgplicht per school", "Zorgplicht per school",
        ["School", "Soort", "Ontvangen", f"Open op {o.peildatum:%d-%m-%Y}", "Termijn voorbij", "Besluiten",
         *[label for _, label in SNELHEDEN], "Aandeel binnen 6 weken", *[label for _, label in UITKOMSTEN]],
        [[s.naam, s.soort, s.ontvangen, s.open, s.termijn_voorbij, s.besloten, *[s.snelheid[k] for k, _ in SNELHEDEN],
          _aandeel(s.aandeel_binnen_6), *[s.uitkomsten[k] for k, _ in UITKOMSTEN]] for s in o.per_school],
    ))
    return uit
