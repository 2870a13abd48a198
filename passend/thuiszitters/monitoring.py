"""The figures of the thuiszitters dashboard for one SWV: who is at home now (by category and duration), per 1,000
pupils of the region, the trend over the reference dates of the last two years, the median duration until return
and the reasons most given.

Pure functions over the SWV's cases (as rapport.Casus, without anything that identifies a pupil) plus bounded
queries (`casussen`, `leerlingen_regio`); no access checks here: the caller passes the SWV it may see. Every
reference date reads the category valid then and the duration regels.duur_vanaf gives (rapport.categorie_op,
rapport.duur_start), so a later change of category leaves the counts of an earlier date as they were.
The page and the Excel export (views_rapport.py) both read one `Dashboard` and the same `tabellen()`.

The dashboard may leave the SWV (it is shown to school boards, and copied into annual reports): every count of 1
to 4 is shown as "<5" (regels.klein), and a figure that could give such a count away (per 1,000 pupils, a median
over fewer than 5 cases) is shown as a bound or not at all.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from passend.core.grafiek import getal
from passend.register.models import School
from passend.toewijzing.monitoring import Tabel

from . import regels
from .models import (
    VRIJSTELLINGEN,
    Categorie,
    Categoriestand,
    Melding,
    Reden,
    Thuiszittersinstellingen,
    Uitkomst,
    Urenstand,
)
from .rapport import Casus, categorie_op, duur_start, open_op

STANDAARD_PEILDATA = Thuiszittersinstellingen._meta.get_field("peildata").default
TREND_MAANDEN = 24
TERUGKEER_MAANDEN = 12
TERUGKEER = (Uitkomst.TERUG_OP_SCHOOL, Uitkomst.ANDER_ONDERWIJS)
THUISZITTERCATEGORIEEN = (Categorie.ABSOLUUT, Categorie.RELATIEF)
TOP_REDENEN = 5
KLASSEN = tuple(regels.DUURKLASSEN)

# The rows of the table of open cases, in order: (key, label, is a subtotal).
RELATIEF_KORT = "relatief_kort"
RIJEN = (
    (Categorie.ABSOLUUT.value, "Absoluut verzuim (niet ingeschreven)", False),
    (Categorie.RELATIEF.value, "Langdurig relatief verzuim (meer dan 4 weken)", False),
    ("thuiszitters", "Thuiszitters totaal", True),
    (RELATIEF_KORT, "Relatief verzuim korter dan 4 weken (nog geen thuiszitter)", False),
    *[(c.value, c.label, False) for c in VRIJSTELLINGEN],
    ("vrijstellingen", "Vrijstellingen totaal", True),
    (Categorie.DREIGEND.value, "Dreigende thuiszitters", False),
)


def rij_van(c: Casus, peildatum: dt.date) -> str:
    """The row of the open-cases table a case open on `peildatum` belongs to (its category then)."""
    categorie = categorie_op(c, peildatum)
    if categorie == Categorie.RELATIEF and not regels.telt_als_thuiszitter(categorie, duur_start(c, peildatum),
                                                                           peildatum):
        return RELATIEF_KORT
    return categorie


def telt(c: Casus, peildatum: dt.date) -> bool:
    """Open on the reference date and a thuiszitter then (regels.telt_als_thuiszitter)."""
    return open_op(c, peildatum) and regels.telt_als_thuiszitter(categorie_op(c, peildatum),
                                                                 duur_start(c, peildatum), peildatum)


@dataclass(frozen=True)
class Stand:
    """The counts on one reference date."""

    peildatum: dt.date
    thuiszitters: int
    lang: int  # thuiszitters longer than 3 months
    vrijstellingen: int
    dreigend: int


def stand(casussen, peildatum: dt.date) -> Stand:
    thuis = lang = vrij = dreigend = 0
    for c in casussen:
        if not open_op(c, peildatum):
            continue
        categorie, vanaf = categorie_op(c, peildatum), duur_start(c, peildatum)
        if regels.telt_als_thuiszitter(categorie, vanaf, peildatum):
            thuis += 1
            lang += regels.duurklasse(vanaf, peildatum) == regels.LANG
        elif categorie in VRIJSTELLINGEN:
            vrij += 1
        elif categorie == Categorie.DREIGEND:
            dreigend += 1
    return Stand(peildatum, thuis, lang, vrij, dreigend)


def open_naar_rij(casussen, peildatum: dt.date) -> dict[str, Counter]:
    """Open cases on the reference date per row of RIJEN, each a Counter by duration class (with subtotals)."""
    uit = {sleutel: Counter() for sleutel, _, _ in RIJEN}
    for c in casussen:
        if not open_op(c, peildatum):
            continue
        rij = rij_van(c, peildatum)
        klasse = regels.duurklasse(duur_start(c, peildatum), peildatum)
        uit[rij][klasse] += 1
        if rij in THUISZITTERCATEGORIEEN:
            uit["thuiszitters"][klasse] += 1
        elif rij in VRIJSTELLINGEN:
            uit["vrijstellingen"][klasse] += 1
    return uit


def trend_peildata(op: dt.date, instelling: str) -> list[dt.date]:
    """The reference dates (setting) of the last two years up to and including `op`, oldest first."""
    van = regels.plus_maanden(op, -TREND_MAANDEN)
    return [d for jaar in range(van.year, op.year + 1) for d in regels.peildata(jaar, instelling) if van < d <= op]


def terugkeer_duren(casussen, van: dt.date, tot: dt.date) -> list[int]:
    """Days at home of the thuiszitters (absoluut and relatief verzuim at the end) who went back to school or to
    other education, for cases ended from `van` up to and including `tot`: from the day regels.duur_vanaf gives
    (the time as dreigend thuiszitter does not count) to the end date."""
    return sorted(regels.duur_dagen(duur_start(c, c.einddatum), c.einddatum) for c in casussen
                  if c.einddatum is not None and van <= c.einddatum <= tot
                  and c.uitkomst in TERUGKEER and categorie_op(c, c.einddatum) in THUISZITTERCATEGORIEEN)


def redenen(casussen, peildatum: dt.date, top: int = TOP_REDENEN) -> list[tuple[str, int]]:
    """The reasons given most for the cases open on the reference date (a case can give several), most first."""
    teller = Counter(r for c in casussen if open_op(c, peildatum) for r in set(c.redenen))
    labels = dict(Reden.choices)
    volgorde = list(Reden.values)
    rijen = sorted(teller.items(), key=lambda kv: (-kv[1], volgorde.index(kv[0]) if kv[0] in volgorde else 99))
    return [(labels.get(code, code), n) for code, n in rijen[:top]]


@dataclass(frozen=True)
class Regio:
    """The pupils of the region: the sum of DUO's count over the schools in the SWV's region."""

    leerlingen: int
    scholen: int
    scholen_zonder_telling: int


def leerlingen_regio(swv_id) -> Regio:
    r = (School.objects.filter(Q(regio_swv_po_id=swv_id) | Q(regio_swv_vo_id=swv_id))
         .aggregate(som=Sum("leerlingen"), aantal=Count("pk"), zonder=Count("pk", filter=Q(leerlingen__isnull=True))))
    return Regio(r["som"] or 0, r["aantal"] or 0, r["zonder"] or 0)


def casussen(swv_id, tot: dt.date | None = None) -> list[Casus]:
    """The SWV's cases (all of them, the register is cumulative) as Casus, with their history of hours and of
    categories; three queries, however many cases."""
    qs = Melding.objects.filter(swv_id=swv_id)
    if tot is not None:
        qs = qs.filter(startdatum__lte=tot)
    rijen = qs.order_by("pk").values_list("pk", "categorie", "startdatum", "einddatum", "leeftijd_bij_start",
                                          "schoolsoort", "redenen", "uitkomst", "uren_onderwijs", "tafel_op")
    historie: dict[int, list] = {}
    for melding_id, vanaf, uren in (Urenstand.objects.filter(melding__in=qs.order_by().values("pk"))
                                    .order_by("melding_id", "geldig_vanaf", "pk")
                                    .values_list("melding_id", "geldig_vanaf", "uren")):
        historie.setdefault(melding_id, []).append((vanaf, float(uren)))
    categorieen: dict[int, list] = {}
    for melding_id, vanaf, categorie in (Categoriestand.objects.filter(melding__in=qs.order_by().values("pk"))
                                         .order_by("melding_id", "geldig_vanaf", "pk")
                                         .values_list("melding_id", "geldig_vanaf", "categorie")):
        categorieen.setdefault(melding_id, []).append((vanaf, categorie))
    return [Casus(categorie=cat, startdatum=start, einddatum=eind, leeftijd_bij_start=leeftijd,
                  schoolsoort=soort or "", redenen=tuple(red or ()), uitkomst=uitkomst or "",
                  uren_onderwijs=float(uren or 0), tafel_op=tafel, uren_historie=tuple(historie.get(pk, ())),
                  categorie_historie=tuple(categorieen.get(pk, ())))
            for pk, cat, start, eind, leeftijd, soort, red, uitkomst, uren, tafel in rijen]


@dataclass
class Dashboard:
    swv: object
    peildatum: dt.date
    regio: Regio
    nu: Stand
    open: dict
    trend: list[Stand]
    terugkeer_van: dt.date
    terugkeer: list[int]
    redenen: list[tuple[str, int]]
    peildata_fout: str = ""  # the setting was wrong: the trend uses the standard quarters
    drempel: int = regels.KLEIN_AANTAL

    # Figures as shown (small numbers protected) -------------------------------------------------------------
    def klein(self, n: int):
        return regels.klein(n, self.drempel)

    @property
    def per_duizend(self) -> str:
        """Thuiszitters per 1,000 pupils, one decimal; with 1 to 4 thuiszitters only the bound ("<0,4")."""
        n, leerlingen = self.nu.thuiszitters, self.regio.leerlingen
        if not leerlingen:
            return "onbekend"
        if 0 < n < self.drempel:
            return "<" + getal(regels.per_duizend(self.drempel, leerlingen))
        return getal(regels.per_duizend(n, leerlingen))

    @property
    def mediaan_dagen(self) -> float | None:
        """The median, only over at least `drempel` ended cases (one case's median is that case's duration)."""
        if len(self.terugkeer) < self.drempel:
            return None
        return regels.mediaan_dagen(self.terugkeer)

    @property
    def mediaan_tekst(self) -> str:
        m = self.mediaan_dagen
        if m is None:
            if not self.terugkeer:
                return "geen beëindigde meldingen"
            return f"te weinig beëindigde meldingen ({regels.KLEIN_LABEL})"
        return f"{getal(m)} dagen ({getal(m / 7)} weken)"


def overzicht(swv, op: dt.date | None = None, *, instelling: str | None = None) -> Dashboard:
    from .services import vandaag

    op = op or vandaag()
    if instelling is None:
        instelling = Thuiszittersinstellingen.voor(swv).peildata
    swv_id = getattr(swv, "pk", swv)
    alle = casussen(swv_id, tot=op)
    fout = ""
    try:
        data = trend_peildata(op, instelling)
    except ValueError as e:
        fout = str(e)
        data = trend_peildata(op, STANDAARD_PEILDATA)
    van = regels.plus_maanden(op, -TERUGKEER_MAANDEN)
    return Dashboard(
        swv=swv, peildatum=op, regio=leerlingen_regio(swv_id), nu=stand(alle, op), open=open_naar_rij(alle, op),
        trend=[stand(alle, d) for d in data], terugkeer_van=van,
        terugkeer=terugkeer_duren(alle, van + dt.timedelta(days=1), op), redenen=redenen(alle, op), peildata_fout=fout,
    )


def _d(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


def tabellen(d: Dashboard) -> list[Tabel]:
    """The dashboard's tables, every count already protected ("<5"); the same on the page and in Excel."""
    k = d.klein
    p = _d(d.peildatum)
    m = d.mediaan_dagen
    kengetallen = Tabel("Kengetallen", f"Thuiszitters: kengetallen op {p}", ["Kengetal", "Waarde"], [
        [f"Thuiszitters op {p}", k(d.nu.thuiszitters)],
        ["waarvan langer dan 3 maanden", k(d.nu.lang)],
        ["Lopende vrijstellingen", k(d.nu.vrijstellingen)],
        ["Dreigende thuiszitters", k(d.nu.dreigend)],
        ["Leerlingen in de regio (DUO-telling)", d.regio.leerlingen],
        ["Thuiszitters per 1.000 leerlingen", d.per_duizend],
        [f"Teruggekeerd in de laatste {TERUGKEER_MAANDEN} maanden (beëindigde meldingen)", k(len(d.terugkeer))],
        ["Mediane duur tot terugkeer (dagen)", "–" if m is None else m],
        ["Mediane duur tot terugkeer (weken)", "–" if m is None else round(m / 7, 1)],
    ])
    open_ = Tabel("Lopend naar categorie", f"Lopende meldingen op {p} naar categorie en duur",
                  ["Categorie", *regels.DUURKLASSEN.values(), "Totaal"],
                  [[label, *(k(d.open[sleutel][kl]) for kl in KLASSEN), k(sum(d.open[sleutel].values()))]
                   for sleutel, label, _ in RIJEN])
    trend = Tabel("Trend", "Aantal op elke peildatum van de laatste twee jaar",
                  ["Peildatum", "Thuiszitters", "waarvan langer dan 3 maanden", "Vrijstellingen",
                   "Dreigende thuiszitters"],
                  [[_d(s.peildatum), k(s.thuiszitters), k(s.lang), k(s.vrijstellingen), k(s.dreigend)]
                   for s in d.trend])
    redenen_ = Tabel("Redenen", f"Meest genoemde redenen bij de lopende meldingen op {p}", ["Reden", "Meldingen"],
                     [[label, k(n)] for label, n in d.redenen])
    return [kengetallen, open_, trend, redenen_]


def zichtbaar(n: int, drempel: int = regels.KLEIN_AANTAL) -> int | None:
    """The value for a chart: the count itself, or None (no point or bar) for 1 to drempel-1."""
    return None if 0 < n < drempel else n
