"""Monitoring of toewijzing for one SWV over a period: counts, lead times, decisions within the term, TLV's.

Pure functions over querysets (no request, no access checks: the caller passes the SWV it may see). The page
and the Excel export (views/monitoring.py) both read one `Overzicht` and the same `tabellen()`.

What is counted where:
- requests count in the period in which they were *submitted* (ingediend_op); concepts the school has not
  submitted yet are not counted;
- lead times, decisions within the term and granted/refused count the decisions *taken* in the period
  (besloten_op), from the first submission (ingediend_op) to the decision, in calendar days;
- TLV's issued count by afgegeven_op; a revision on objection replaces the TLV by a new one with the same
  date of issue: only the revised one counts (Tlv.objects.telbaar()), so a TLV counts once;
- active TLV's are those valid on the reference date (begun, not ended, not withdrawn on that day), without
  the ones replaced by a revision that had begun by then (a revision dated back would count twice).
"""

import datetime as dt
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncQuarter

from . import regels, termijnen
from .models import (
    Aanvraag,
    Afsluitreden,
    Besluit,
    Categorie,
    Soort,
    Status,
    Tlv,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)

SOORT_KORT = {
    Soort.TLV: "TLV",
    Soort.VERLENGING: "Verlenging TLV",
    Soort.ARRANGEMENT: "Arrangement",
    Soort.ADVIES: "Adviesvraag",
}
TLV_SOORT_KORT = {TlvSoort.SBO: "SBO", TlvSoort.SO: "SO", TlvSoort.VSO: "VSO", TlvSoort.PRO: "PrO"}
CATEGORIE_KORT = {Categorie.LAAG: "laag", Categorie.MIDDEN: "midden", Categorie.HOOG: "hoog"}
UITKOMSTEN = (
    ("toegekend", "Toegekend"),
    ("afgewezen", "Afgewezen"),
    ("ingetrokken", "Ingetrokken"),
    ("buiten_behandeling", "Niet behandeld (niet op tijd aangevuld)"),
    ("lopend", "Nog geen besluit"),
)
MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def soort_label(soort: str) -> str:
    return SOORT_KORT.get(soort, soort)


def tlv_label(soort: str, categorie: str = "") -> str:
    """"SO laag", "SBO", "PrO"."""
    basis = TLV_SOORT_KORT.get(soort, soort.upper())
    if soort in (TlvSoort.SO, TlvSoort.VSO):
        return f"{basis} {CATEGORIE_KORT.get(categorie, 'zonder categorie')}"
    return basis


# ------------------------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Periode:
    van: dt.date
    tot: dt.date  # inclusive
    label: str

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1


def laatste_12_maanden(peildatum: dt.date | None = None) -> Periode:
    """The twelve months up to and including `peildatum` (default today)."""
    tot = peildatum or vandaag()
    van = regels.plus_maanden(tot, -12) + dt.timedelta(days=1)
    return Periode(van, tot, f"laatste 12 maanden ({van:%d-%m-%Y} t/m {tot:%d-%m-%Y})")


def schooljaar_periode(jaar: int) -> Periode:
    """School year `jaar`-`jaar+1`: 1 August to 31 July."""
    return Periode(dt.date(jaar, 8, 1), regels.einde_schooljaar(jaar), f"schooljaar {jaar}-{jaar + 1}")


def eigen_periode(van: dt.date, tot: dt.date) -> Periode:
    if tot < van:
        raise ValueError("Het einde van de periode ligt vóór het begin.")
    return Periode(van, tot, f"{van:%d-%m-%Y} t/m {tot:%d-%m-%Y}")


# ------------------------------------------------------------------------------------------------------------
# Requests
# ------------------------------------------------------------------------------------------------------------

def ingediende_aanvragen(swv, periode: Periode):
    return Aanvraag.objects.filter(swv=swv, ingediend_op__gte=periode.van, ingediend_op__lte=periode.tot)


def aanvragen_per_soort_en_status(swv, periode: Periode) -> dict[str, dict[str, int]]:
    """{soort: {status: count}} of the requests submitted in the period (every soort and status present)."""
    uit = {s: dict.fromkeys(Status.values, 0) for s in Soort.values}
    for rij in ingediende_aanvragen(swv, periode).order_by().values("soort", "status").annotate(n=Count("pk")):
        uit[rij["soort"]][rij["status"]] = rij["n"]
    return uit


def uitkomsten_per_soort(swv, periode: Periode) -> dict[str, dict[str, int]]:
    """{soort: {toegekend, afgewezen, ingetrokken, buiten_behandeling, lopend: count}} of the requests submitted
    in the period, by where they stand now: the decision's outcome (after any objection), withdrawn, not
    considered because it was not completed in time (Awb 4:5), or not decided yet."""
    uit = {s: {u: 0 for u, _ in UITKOMSTEN} for s in Soort.values}
    rijen = (ingediende_aanvragen(swv, periode).order_by()
             .values("soort", "status", "afsluitreden", "besluit__uitkomst").annotate(n=Count("pk")))
    for rij in rijen:
        if rij["besluit__uitkomst"]:
            uitkomst = rij["besluit__uitkomst"]
        elif rij["status"] == Status.INGETROKKEN:
            uitkomst = "ingetrokken"
        elif rij["status"] == Status.AFGESLOTEN and rij["afsluitreden"] == Afsluitreden.BUITEN_BEHANDELING:
            uitkomst = "buiten_behandeling"
        else:
            uitkomst = "lopend"
        uit[rij["soort"]][uitkomst] += rij["n"]
    return uit


# ------------------------------------------------------------------------------------------------------------
# Decisions and lead times
# ------------------------------------------------------------------------------------------------------------

def percentiel(waarden: list[float], p: float) -> float | None:
    """The p-th percentile by the nearest-rank method (p90 of 10 values is the 9th smallest)."""
    if not waarden:
        return None
    geordend = sorted(waarden)
    rang = max(1, math.ceil(p / 100 * len(geordend)))
    return float(geordend[rang - 1])


@dataclass(frozen=True)
class Doorlooptijd:
    """Lead times (calendar days, submission to decision) of the decisions taken in the period."""

    soort: str  # a Soort value, or "" for all together
    label: str
    dagen: tuple[int, ...]
    binnen_termijn: int
    toegekend: int = 0
    afgewezen: int = 0

    @property
    def aantal(self) -> int:
        return len(self.dagen)

    @property
    def mediaan(self) -> float | None:
        return float(statistics.median(self.dagen)) if self.dagen else None

    @property
    def gemiddelde(self) -> float | None:
        return round(statistics.fmean(self.dagen), 1) if self.dagen else None

    @property
    def p90(self) -> float | None:
        return percentiel(list(self.dagen), 90)

    @property
    def aandeel_binnen_termijn(self) -> float | None:
        """Share decided within the SWV's term, 0..1; None without decisions."""
        return self.binnen_termijn / self.aantal if self.aantal else None


def besloten_aanvragen(swv, periode: Periode):
    return Aanvraag.objects.filter(swv=swv, besloten_op__gte=periode.van, besloten_op__lte=periode.tot)


def doorlooptijden(swv, periode: Periode, weken: int | None = None) -> dict[str, Doorlooptijd]:
    """Per soort (and "" for all), the lead times of the decisions taken in the period, how many were within
    the SWV's term (regels.binnen_termijn, `weken` default from the SWV's settings; the days the term was
    suspended while the school completed the request do not count, Awb 4:15) and how many were granted
    or refused. The lead time itself stays in calendar days from submission to decision. The median and p90 are computed here over the (small) list of days."""
    if weken is None:
        weken = Toewijzingsinstellingen.voor(swv).besluittermijn_weken
    besloten_qs = besloten_aanvragen(swv, periode).filter(ingediend_op__isnull=False).order_by()
    rijen = list(besloten_qs.values_list("pk", "soort", "ingediend_op", "besloten_op", "besluit__uitkomst"))
    perioden = termijnen.opschortingen(besloten_qs.values("pk")) if rijen else {}
    dagen = {s: [] for s in Soort.values}
    binnen = Counter()
    uitkomsten = Counter()
    for pk, soort, ingediend, besloten, uitkomst in rijen:
        dagen[soort].append(regels.doorlooptijd_dagen(ingediend, besloten))
        if regels.binnen_termijn(ingediend, besloten, weken, perioden.get(pk, [])):
            binnen[soort] += 1
        if uitkomst:
            uitkomsten[soort, uitkomst] += 1
    uit = {
        s: Doorlooptijd(s, soort_label(s), tuple(sorted(dagen[s])), binnen[s],
                        uitkomsten[s, Besluit.Uitkomst.TOEGEKEND], uitkomsten[s, Besluit.Uitkomst.AFGEWEZEN])
        for s in Soort.values
    }
    uit[""] = Doorlooptijd(
        "", "Alle soorten", tuple(sorted(d for lijst in dagen.values() for d in lijst)), sum(binnen.values()),
        sum(d.toegekend for d in uit.values()), sum(d.afgewezen for d in uit.values()),
    )
    return uit


def besluiten_per_soort(swv, periode: Periode) -> dict[str, dict[str, int]]:
    """{soort: {toegekend: n, afgewezen: n}} of the decisions taken in the period (current outcome)."""
    uit = {s: dict.fromkeys(Besluit.Uitkomst.values, 0) for s in Soort.values}
    rijen = (Besluit.objects.filter(aanvraag__in=besloten_aanvragen(swv, periode)).order_by()
             .values("aanvraag__soort", "uitkomst").annotate(n=Count("pk")))
    for rij in rijen:
        uit[rij["aanvraag__soort"]][rij["uitkomst"]] = rij["n"]
    return uit


# ------------------------------------------------------------------------------------------------------------
# TLV's
# ------------------------------------------------------------------------------------------------------------

def _kwartaal_start(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _interval_starts(periode: Periode, interval: str) -> list[dt.date]:
    stap = 3 if interval == "kwartaal" else 1
    start = _kwartaal_start(periode.van) if interval == "kwartaal" else periode.van.replace(day=1)
    uit = []
    while start <= periode.tot:
        uit.append(start)
        start = regels.plus_maanden(start, stap)
    return uit


def interval_label(start: dt.date, interval: str) -> str:
    if interval == "kwartaal":
        return f"K{(start.month - 1) // 3 + 1} {start.year}"
    return f"{MAANDEN[start.month - 1]} {start.year}"


@dataclass(frozen=True)
class TlvInterval:
    start: dt.date
    label: str
    aantallen: Counter = field(default_factory=Counter)  # {(tlv soort, categorie): count}

    def per_soort(self, soort: str) -> int:
        return sum(n for (s, _c), n in self.aantallen.items() if s == soort)

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.values())


def standaard_interval(periode: Periode) -> str:
    """Quarters, or months for a period shorter than about half a year."""
    return "maand" if periode.dagen <= 186 else "kwartaal"


def tlvs_per_interval(swv, periode: Periode, interval: str = "kwartaal") -> list[TlvInterval]:
    """TLV's issued in the period per quarter (or month), by soort and categorie; every interval present."""
    if interval not in ("kwartaal", "maand"):
        raise ValueError(f"Onbekend interval: {interval}")
    trunc = TruncQuarter("afgegeven_op") if interval == "kwartaal" else TruncMonth("afgegeven_op")
    rijen = (Tlv.objects.telbaar().filter(swv=swv, afgegeven_op__gte=periode.van, afgegeven_op__lte=periode.tot).order_by()
             .annotate(interval=trunc).values("interval", "soort", "categorie").annotate(n=Count("pk")))
    per_start = {s: TlvInterval(s, interval_label(s, interval), Counter()) for s in _interval_starts(periode, interval)}
    for rij in rijen:
        start = rij["interval"]
        if isinstance(start, dt.datetime):
            start = start.date()
        per_start[start].aantallen[rij["soort"], rij["categorie"]] += rij["n"]
    return list(per_start.values())


def actieve_tlvs(swv, peildatum: dt.date) -> Counter:
    """{(tlv soort, categorie): count} of the TLV's valid on `peildatum` (same rule as regels.tlv_status:
    begun, not past the end date, not withdrawn on or before that day)."""
    rijen = (Tlv.objects.telbaar(op=peildatum).filter(swv=swv, begindatum__lte=peildatum, einddatum__gte=peildatum)
             .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=peildatum)).order_by()
             .values("soort", "categorie").annotate(n=Count("pk")))
    return Counter({(r["soort"], r["categorie"]): r["n"] for r in rijen})


def tlv_combinaties(*tellingen: Counter) -> list[tuple[str, str]]:
    """The (soort, categorie) pairs that occur, in a fixed order: SBO, SO laag..hoog, VSO laag..hoog, PrO."""
    volgorde_soort = {s: i for i, s in enumerate(TlvSoort.values)}
    volgorde_cat = {c: i for i, c in enumerate(["", *Categorie.values])}
    paren = {k for t in tellingen for k, n in t.items() if n}
    return sorted(paren, key=lambda k: (volgorde_soort.get(k[0], 99), volgorde_cat.get(k[1], 99)))


# ------------------------------------------------------------------------------------------------------------
# Everything for one page
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overzicht:
    swv: object
    periode: Periode
    peildatum: dt.date
    termijn_weken: int
    interval: str
    per_soort_status: dict
    uitkomsten: dict
    doorlooptijden: dict
    besluiten: dict
    tlvs_per_interval: list
    actieve_tlvs: Counter

    @property
    def ingediend(self) -> int:
        return sum(sum(per.values()) for per in self.per_soort_status.values())

    @property
    def totaal(self) -> Doorlooptijd:
        return self.doorlooptijden[""]

    @property
    def tlvs_afgegeven(self) -> int:
        return sum(i.totaal for i in self.tlvs_per_interval)

    @property
    def tlvs_actief(self) -> int:
        return sum(self.actieve_tlvs.values())

    @property
    def termijn_dagen(self) -> int:
        return self.termijn_weken * 7

    @property
    def soorten(self) -> list[str]:
        """The request types that occur in the period (all four when none occur: an empty chart still
        names them)."""
        gebruikt = [s for s in Soort.values if sum(self.per_soort_status[s].values()) or self.doorlooptijden[s].aantal]
        return gebruikt or list(Soort.values)


def overzicht(swv, periode: Periode, *, peildatum: dt.date | None = None, interval: str | None = None) -> Overzicht:
    """All monitoring figures of `swv` for `periode`. Active TLV's are counted on `peildatum` (default: the
    end of the period, or today when the period runs into the future)."""
    weken = Toewijzingsinstellingen.voor(swv).besluittermijn_weken
    interval = interval or standaard_interval(periode)
    return Overzicht(
        swv=swv,
        periode=periode,
        peildatum=peildatum or min(periode.tot, vandaag()),
        termijn_weken=weken,
        interval=interval,
        per_soort_status=aanvragen_per_soort_en_status(swv, periode),
        uitkomsten=uitkomsten_per_soort(swv, periode),
        doorlooptijden=doorlooptijden(swv, periode, weken),
        besluiten=besluiten_per_soort(swv, periode),
        tlvs_per_interval=tlvs_per_interval(swv, periode, interval),
        actieve_tlvs=actieve_tlvs(swv, peildatum or min(periode.tot, vandaag())),
    )


# ------------------------------------------------------------------------------------------------------------
# The tables (page and Excel)
# ------------------------------------------------------------------------------------------------------------

class Aandeel(float):
    """A share 0..1 in a table: shown as a percentage (on the page and in Excel)."""


def _aandeel(waarde: float | None) -> Aandeel | None:
    return None if waarde is None else Aandeel(waarde)


@dataclass(frozen=True)
class Tabel:
    """A table of raw values (numbers stay numbers: the page formats them, Excel keeps them)."""

    naam: str  # short, also the Excel sheet name (max 31 characters)
    titel: str
    koppen: list[str]
    rijen: list[list]


def tabellen(o: Overzicht) -> list[Tabel]:
    uit = []
    t = o.totaal
    uit.append(Tabel("Kengetallen", f"Kengetallen, {o.periode.label}", ["Kengetal", "Waarde"], [
        ["Periode van", o.periode.van],
        ["Periode tot en met", o.periode.tot],
        ["Aanvragen ingediend", o.ingediend],
        ["Besluiten genomen", t.aantal],
        ["Toegekend", t.toegekend],
        ["Afgewezen", t.afgewezen],
        [f"Besloten binnen de termijn ({o.termijn_weken} weken)", t.binnen_termijn],
        ["Aandeel binnen de termijn", _aandeel(t.aandeel_binnen_termijn)],
        ["Doorlooptijd mediaan (dagen)", t.mediaan],
        ["Doorlooptijd gemiddeld (dagen)", t.gemiddelde],
        ["Doorlooptijd p90 (dagen)", t.p90],
        ["TLV's afgegeven", o.tlvs_afgegeven],
        [f"TLV's actief op {o.peildatum:%d-%m-%Y}", o.tlvs_actief],
    ]))
    statussen = [s for s in Status.values if s != Status.CONCEPT]
    uit.append(Tabel(
        "Aanvragen per status", "Ingediende aanvragen per soort en huidige status",
        ["Soort", *[Status(s).label for s in statussen], "Totaal"],
        [[soort_label(s), *[o.per_soort_status[s][st] for st in statussen], sum(o.per_soort_status[s].values())]
         for s in Soort.values],
    ))
    uit.append(Tabel(
        "Uitkomsten", "Ingediende aanvragen per soort en uitkomst",
        ["Soort", *[label for _, label in UITKOMSTEN], "Totaal"],
        [[soort_label(s), *[o.uitkomsten[s][u] for u, _ in UITKOMSTEN], sum(o.uitkomsten[s].values())]
         for s in Soort.values],
    ))
    rijen = []
    for s in [*Soort.values, ""]:
        d = o.doorlooptijden[s]
        rijen.append([d.label, d.aantal, d.toegekend, d.afgewezen, d.mediaan, d.gemiddelde, d.p90, d.binnen_termijn,
                      _aandeel(d.aandeel_binnen_termijn)])
    uit.append(Tabel(
        "Besluiten en doorlooptijd",
        f"Besluiten in de periode: uitkomst en doorlooptijd (dagen van indienen tot besluit; termijn "
        f"{o.termijn_weken} weken)",
        ["Soort", "Besluiten", "Toegekend", "Afgewezen", "Mediaan (dagen)", "Gemiddeld (dagen)", "P90 (dagen)",
         "Binnen termijn", "Aandeel binnen termijn"],
        rijen,
    ))
    paren = tlv_combinaties(*(i.aantallen for i in o.tlvs_per_interval))
    per = "kwartaal" if o.interval == "kwartaal" else "maand"
    uit.append(Tabel(
        f"TLV per {per}", f"Afgegeven TLV's per {per}, naar soort en categorie",
        [per.capitalize(), *[tlv_label(s, c) for s, c in paren], "Totaal"],
        [[i.label, *[i.aantallen[p] for p in paren], i.totaal] for i in o.tlvs_per_interval],
    ))
    actief = tlv_combinaties(o.actieve_tlvs)
    uit.append(Tabel(
        "Actieve TLV", f"Actieve TLV's op {o.peildatum:%d-%m-%Y}, naar soort en categorie",
        ["Soort en categorie", "Aantal"],
        [[tlv_label(s, c), o.actieve_tlvs[s, c]] for s, c in actief] + [["Totaal", o.tlvs_actief]],
    ))
    return uit
