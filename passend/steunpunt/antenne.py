"""The antenna: the Steunpunt's national view of the indicators every SWV on the platform already holds.

Only aggregates leave an SWV, and only after suppression (regels.onderdruk): per indicator and school year
there is one table (SWV's x columns, with totals); every figure shown anywhere (counts, rates per 1,000,
shares, trends, medians, signals) is read from that suppressed table, so a hidden cell is hidden everywhere
and no difference of shown totals gives it back.

The counts come from the modules' own monitoring functions (toewijzing, zorgplicht, opp, thuiszitters), so the
antenna shows the same numbers an SWV sees on its own dashboards. SWV's appear by name only when they chose so
(Antennedeelname); else as "SWV A", "SWV B" ... in an order that does not follow their code.

Cost: a few queries per SWV per school year. Results are cached for ANTENNE_CACHE_SECONDEN.
"""

import datetime as dt
import hashlib
import string
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from passend.register.models import Leerling, Samenwerkingsverband

from . import regels
from .models import Antennedeelname

ANTENNE_CACHE_SECONDEN = 600
# A count of an anonymous SWV that is large enough to show but withheld: with the public pupil count of each region,
# a count and its rate per 1,000 together would tell which SWV it is. Such rows show rates and shares only.
ANONIEM = "anoniem"
VERSIE_SLEUTEL = "passend:antenne:versie"


def vergeet() -> None:
    """Drop the cached tables (an SWV changed how it is named)."""
    try:
        cache.incr(VERSIE_SLEUTEL)
    except ValueError:
        cache.set(VERSIE_SLEUTEL, 1, None)


# ------------------------------------------------------------------------------------------------------------
# Structures
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deelnemer:
    swv_id: int
    label: str  # name and code, or "SWV C"
    genoemd: bool
    leerlingen: int  # pupils of the region (DUO counts), public figures


@dataclass
class Rij:
    label: str
    swv_id: int | None  # None for the national total
    leerlingen: int
    cellen: list  # int or None ("<5")
    totaal: int | None
    per_duizend: list = field(default_factory=list)  # per cell, float or None
    totaal_per_duizend: float | None = None
    kengetal: float | None = None  # the row's headline value (rate, share or median)
    mediaan_dagen: float | None = None  # lead times only
    eigen: bool = False  # the viewing SWV's own row
    anoniem: bool = False  # counts and pupil count withheld (ANONIEM); only rates, shares and "<5" marks shown


@dataclass
class Tabel:
    sleutel: str
    titel: str
    uitleg: str
    eenheid: str  # how to read `kengetal`: "per 1.000", "%", "dagen"
    schooljaar: int
    kolommen: list
    rijen: list
    totaal: Rij
    mediaan: float | None
    met_per_duizend: bool = False

    @property
    def schooljaar_label(self) -> str:
        return f"{self.schooljaar}-{self.schooljaar + 1}"

    @property
    def verborgen(self) -> int:
        """How many cells (totals included) are shown as '<5'."""
        alle = [*(c for r in self.rijen for c in [*r.cellen, r.totaal]), *self.totaal.cellen, self.totaal.totaal]
        return sum(1 for c in alle if c is None)


# ------------------------------------------------------------------------------------------------------------
# Who takes part, and how they are named
# ------------------------------------------------------------------------------------------------------------

def _anoniem_volgorde(swv_id: int) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:antenne:{swv_id}".encode()).hexdigest()


def _letters(i: int) -> str:
    letters = string.ascii_uppercase
    return letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]


def deelnemers(eigen_swv_id: int | None = None) -> list[Deelnemer]:
    """The SWV's with pupils on the platform. Named ones first (by code), then the anonymous ones in an order
    that does not follow their code. The viewing SWV (if any) always sees its own name."""
    from passend.thuiszitters.monitoring import leerlingen_regio

    ids = set(Leerling.objects.order_by().values_list("swv_id", flat=True).distinct())
    swvs = {s.pk: s for s in Samenwerkingsverband.objects.filter(pk__in=ids)}
    genoemd = set(Antennedeelname.objects.filter(swv_id__in=ids, naam_tonen=True).values_list("swv_id", flat=True))
    uit = []
    for s in sorted((s for s in swvs.values() if s.pk in genoemd or s.pk == eigen_swv_id), key=lambda s: s.code):
        label = f"{s.code_leesbaar} {s.naam}" + (" (uw SWV)" if s.pk == eigen_swv_id else "")
        uit.append(Deelnemer(s.pk, label, True, leerlingen_regio(s.pk).leerlingen))
    anoniem = sorted((s for s in swvs.values() if s.pk not in genoemd and s.pk != eigen_swv_id),
                     key=lambda s: _anoniem_volgorde(s.pk))
    for i, s in enumerate(anoniem):
        uit.append(Deelnemer(s.pk, f"SWV {_letters(i)}", False, leerlingen_regio(s.pk).leerlingen))
    return uit


# ------------------------------------------------------------------------------------------------------------
# Raw counts per SWV (never shown as such)
# ------------------------------------------------------------------------------------------------------------

TLV_KOLOMMEN = [
    ("sbo", "", "SBO"), ("so", "laag", "SO laag"), ("so", "midden", "SO midden"), ("so", "hoog", "SO hoog"),
    ("vso", "laag", "VSO laag"), ("vso", "midden", "VSO midden"), ("vso", "hoog", "VSO hoog"), ("pro", "", "PrO"),
]


def _periode(jaar: int, vandaag: dt.date):
    from passend.toewijzing.monitoring import Periode

    van, tot = regels.schooljaar_grenzen(jaar)
    tot = min(tot, vandaag)
    return Periode(van, tot, f"schooljaar {jaar}-{jaar + 1}")


def _tlvs(swv_ids, periode) -> dict[int, list[int]]:
    from passend.toewijzing.models import Tlv

    uit = {i: [0] * len(TLV_KOLOMMEN) for i in swv_ids}
    index = {(s, c): i for i, (s, c, _) in enumerate(TLV_KOLOMMEN)}
    # telbaar(): a TLV replaced on objection counts once, as in the SWV's own monitoring.
    rijen = (Tlv.objects.telbaar()
             .filter(swv_id__in=swv_ids, afgegeven_op__gte=periode.van, afgegeven_op__lte=periode.tot)
             .order_by().values_list("swv_id", "soort", "categorie"))
    for swv_id, soort, categorie in rijen:
        i = index.get((soort, categorie if soort in ("so", "vso") else ""))
        if i is None and soort in ("so", "vso"):
            i = index[(soort, "laag")]  # an SO/VSO TLV without category counts as laag (the lowest rate)
        if i is not None:
            uit[swv_id][i] += 1
    return uit


def _doorlooptijden(swv, periode):
    from passend.toewijzing.monitoring import doorlooptijden

    d = doorlooptijden(swv, periode)[""]
    return d.binnen_termijn, d.aantal - d.binnen_termijn, list(d.dagen)


def _zorgplicht(swv, periode):
    from passend.zorgplicht.monitoring import tel

    totaal, _ = tel(swv, periode)
    return totaal.binnen_termijn, totaal.besloten - totaal.binnen_termijn


def _opp(swv, periode):
    from passend.opp.monitoring import overzicht

    o = overzicht(swv, periode)
    return o.op_tijd["op_tijd"], o.op_tijd["te_laat"], o.op_tijd["niet_vastgesteld"]


def _thuiszitters(swv_id, peildatum):
    from passend.thuiszitters import regels as tz_regels
    from passend.thuiszitters.monitoring import casussen, telt
    from passend.thuiszitters.rapport import duur_start

    tel = Counter()
    for c in casussen(swv_id, tot=peildatum):
        if telt(c, peildatum):
            tel[tz_regels.duurklasse(duur_start(c, peildatum), peildatum)] += 1
    return tel[tz_regels.VIER_WEKEN_DRIE_MAANDEN], tel[tz_regels.LANG]


# ------------------------------------------------------------------------------------------------------------
# Suppressed tables
# ------------------------------------------------------------------------------------------------------------

def _tabel(sleutel, titel, uitleg, eenheid, jaar, kolommen, wie: list[Deelnemer], aantallen: dict[int, list[int]],
           eigen_swv_id, *, per_duizend: bool, kengetal) -> Tabel:
    """Suppress the table of counts and derive every shown figure from the suppressed cells.
    `kengetal(rij_cellen, rij_totaal, leerlingen)` gives the headline value of a row from shown values only."""
    drempel = settings.PASSEND_ANTENNE_DREMPEL
    o = regels.onderdruk([aantallen[d.swv_id] for d in wie], drempel) if wie else None
    k = len(kolommen)
    rijen = []
    for i, d in enumerate(wie):
        cellen = [o.toon(i, j) for j in range(k)]
        totaal = o.toon(i, k)
        r = Rij(d.label, d.swv_id, d.leerlingen, cellen, totaal, eigen=d.swv_id == eigen_swv_id)
        if per_duizend:
            r.per_duizend = [regels.per_duizend(c, d.leerlingen) for c in cellen]
            r.totaal_per_duizend = regels.per_duizend(totaal, d.leerlingen)
        r.kengetal = kengetal(cellen, totaal, d.leerlingen)
        if not d.genoemd:
            r.anoniem = True
            r.leerlingen = None
            r.cellen = [None if c is None else ANONIEM for c in cellen]
            r.totaal = None if totaal is None else ANONIEM
        rijen.append(r)
    alle_leerlingen = sum(d.leerlingen for d in wie)
    if o is not None:
        cellen = [o.toon(len(wie), j) for j in range(k)]
        totaal_cel = o.toon(len(wie), k)
    else:
        cellen, totaal_cel = [None] * k, None
    tot = Rij("Alle SWV's op het platform", None, alle_leerlingen, cellen, totaal_cel)
    if per_duizend:
        tot.per_duizend = [regels.per_duizend(c, alle_leerlingen) for c in cellen]
        tot.totaal_per_duizend = regels.per_duizend(totaal_cel, alle_leerlingen)
    tot.kengetal = kengetal(cellen, totaal_cel, alle_leerlingen)
    if any(r.anoniem for r in rijen):
        # The national totals minus the named rows, with the anonymous rows' rates, would give the anonymous
        # SWV's pupil counts (one equation per column) and so their names: the total row is withheld then, and
        # the median is the national yardstick.
        tot.anoniem = True
        tot.leerlingen = None
        tot.cellen = [None if c is None else ANONIEM for c in cellen]
        tot.totaal = None if totaal_cel is None else ANONIEM
        tot.per_duizend = [None] * k if per_duizend else []
        tot.totaal_per_duizend = None
        tot.kengetal = None
    mediaan = regels.mediaan([r.kengetal for r in rijen])
    return Tabel(sleutel, titel, uitleg, eenheid, jaar, kolommen, rijen, tot, mediaan, per_duizend)


def _procent(deel, totaal):
    a = regels.aandeel(deel, totaal)
    return None if a is None else round(100 * a, 1)


INDICATOREN = {
    "tlv": "TLV's per 1.000 leerlingen",
    "doorlooptijd": "Besluiten binnen de termijn",
    "zorgplicht": "Zorgplicht: op tijd besloten",
    "opp": "OPP's op tijd vastgesteld",
    "thuiszitters": "Thuiszitters per 1.000 leerlingen",
}


def _bereken(jaar: int, vandaag: dt.date, eigen_swv_id: int | None) -> dict[str, Tabel]:
    wie = deelnemers(eigen_swv_id)
    swvs = {s.pk: s for s in Samenwerkingsverband.objects.filter(pk__in=[d.swv_id for d in wie])}
    periode = _periode(jaar, vandaag)
    ids = [d.swv_id for d in wie]
    uit = {}

    tlvs = _tlvs(ids, periode)
    uit["tlv"] = _tabel(
        "tlv", INDICATOREN["tlv"],
        "Afgegeven toelaatbaarheidsverklaringen in het schooljaar, per soort en categorie, per 1.000 leerlingen "
        "van de regio (DUO-telling).", "per 1.000", jaar, [label for _, _, label in TLV_KOLOMMEN], wie, tlvs,
        eigen_swv_id, per_duizend=True, kengetal=lambda c, t, n: regels.per_duizend(t, n))

    door, dagen = {}, {}
    for i in ids:
        binnen, buiten, d = _doorlooptijden(swvs[i], periode)
        door[i], dagen[i] = [binnen, buiten], d
    t = _tabel("doorlooptijd", INDICATOREN["doorlooptijd"],
               "Besluiten op aanvragen (arrangementen, TLV's, verlengingen, adviezen) in het schooljaar: binnen of "
               "buiten de besluittermijn van het SWV. Kengetal: het aandeel binnen de termijn.", "%", jaar,
               ["Binnen termijn", "Buiten termijn"], wie, door, eigen_swv_id, per_duizend=False,
               kengetal=lambda c, t, n: _procent(c[0], t))
    # The median lead time is shown only where the row's number of decisions is shown.
    for r in t.rijen:
        r.mediaan_dagen = (regels.mediaan(dagen[r.swv_id], minimaal=settings.PASSEND_ANTENNE_DREMPEL)
                           if r.totaal is not None else None)
    uit["doorlooptijd"] = t

    zp = {i: list(_zorgplicht(swvs[i], periode)) for i in ids}
    uit["zorgplicht"] = _tabel(
        "zorgplicht", INDICATOREN["zorgplicht"],
        "Aanmeldingen waarop de school in het schooljaar besliste: binnen 6 weken, of binnen 10 weken na verlenging, "
        "of later. Kengetal: het aandeel op tijd.", "%", jaar, ["Op tijd", "Te laat"], wie, zp, eigen_swv_id,
        per_duizend=False, kengetal=lambda c, t, n: _procent(c[0], t))

    opps = {i: list(_opp(swvs[i], periode)) for i in ids}
    uit["opp"] = _tabel(
        "opp", INDICATOREN["opp"],
        "OPP's waarvan de termijn van 6 weken in het schooljaar verliep: op tijd vastgesteld, te laat, of nog niet "
        "vastgesteld. Kengetal: het aandeel op tijd.", "%", jaar, ["Op tijd", "Te laat", "Niet vastgesteld"], wie,
        opps, eigen_swv_id, per_duizend=False, kengetal=lambda c, t, n: _procent(c[0], t))

    tz = {i: list(_thuiszitters(i, periode.tot)) for i in ids}
    uit["thuiszitters"] = _tabel(
        "thuiszitters", INDICATOREN["thuiszitters"],
        f"Thuiszitters (absoluut en langdurig relatief verzuim) op {periode.tot:%d-%m-%Y}, naar duur, per 1.000 "
        "leerlingen van de regio.", "per 1.000", jaar, ["4 weken tot 3 maanden", "Langer dan 3 maanden"], wie, tz,
        eigen_swv_id, per_duizend=True, kengetal=lambda c, t, n: regels.per_duizend(t, n))
    return uit


def schooljaren(vandaag: dt.date | None = None) -> list[int]:
    """The school years the antenna shows: the last PASSEND_ANTENNE_SCHOOLJAREN completed ones, oldest first."""
    return regels.afgeronde_schooljaren(vandaag or timezone.localdate(), settings.PASSEND_ANTENNE_SCHOOLJAREN)


def tabellen(jaar: int | None = None, *, eigen_swv_id: int | None = None, vandaag: dt.date | None = None) -> dict[str, Tabel]:
    """Every indicator table of completed school year `jaar` (default: the last one), suppressed. Cached.

    Only completed school years: a running year's table changes every day, and the difference between two days'
    tables would be that day's count, a figure below 5 (ValueError for a running or future year)."""
    vandaag = vandaag or timezone.localdate()
    jaar = jaar if jaar is not None else schooljaren(vandaag)[-1]
    if regels.schooljaar_grenzen(jaar)[1] >= vandaag:
        raise ValueError(f"Schooljaar {jaar}-{jaar + 1} is nog niet afgerond; de antenne toont alleen afgeronde jaren.")
    versie = cache.get(VERSIE_SLEUTEL, 0)
    sleutel = f"passend:antenne:{versie}:{jaar}:{vandaag}:{eigen_swv_id}:{settings.PASSEND_ANTENNE_DREMPEL}"
    uit = cache.get(sleutel)
    if uit is None:
        uit = _bereken(jaar, vandaag, eigen_swv_id)
        cache.set(sleutel, uit, ANTENNE_CACHE_SECONDEN)
    return uit


@dataclass
class Trend:
    sleutel: str
    titel: str
    eenheid: str
    jaren: list
    rijen: list  # (label, eigen, [kengetal per jaar])
    mediaan: list  # per jaar


def trend(sleutel: str, *, eigen_swv_id: int | None = None, vandaag: dt.date | None = None) -> Trend:
    """The headline value of one indicator per SWV over the last PASSEND_ANTENNE_SCHOOLJAREN school years, each
    read from that year's suppressed table."""
    vandaag = vandaag or timezone.localdate()
    jaren = schooljaren(vandaag)
    per_jaar = [tabellen(j, eigen_swv_id=eigen_swv_id, vandaag=vandaag)[sleutel] for j in jaren]
    labels = [(r.label, r.swv_id, r.eigen) for r in per_jaar[-1].rijen]
    rijen = []
    for label, swv_id, eigen in labels:
        waarden = []
        for t in per_jaar:
            r = next((r for r in t.rijen if r.swv_id == swv_id), None)
            waarden.append(r.kengetal if r else None)
        rijen.append((label, eigen, waarden))
    return Trend(sleutel, per_jaar[-1].titel, per_jaar[-1].eenheid, [f"{j}-{j + 1}" for j in jaren], rijen,
                 [t.mediaan for t in per_jaar])


def verdeelmodellen(eigen_swv_id: int | None = None) -> list[dict]:
    """Per SWV the distribution model it chose and the shares of its hybrid (settings, not pupil counts: no
    suppression needed)."""
    from passend.middelen.models import Middeleninstellingen

    uit = []
    for d in deelnemers(eigen_swv_id):
        inst = Middeleninstellingen.voor(Samenwerkingsverband.objects.get(pk=d.swv_id))
        model = inst.gekozen_model
        aandelen = {"school": 0, "leerling": 0, "expertise": 0}
        if model == "hybride":
            aandelen = {"school": float(inst.hybride_school_procent), "leerling": float(inst.hybride_leerling_procent),
                        "expertise": float(inst.hybride_expertise_procent)}
        elif model in ("school", "schoolmodel"):
            aandelen["school"] = 100.0
        elif model in ("leerling", "leerlingmodel"):
            aandelen["leerling"] = 100.0
        else:
            aandelen["expertise"] = 100.0
        uit.append({"label": d.label, "swv_id": d.swv_id, "eigen": d.swv_id == eigen_swv_id,
                    "model": inst.get_gekozen_model_display(), "aandelen": aandelen})
    return uit


# ------------------------------------------------------------------------------------------------------------
# Signals
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signaal:
    soort: str  # "thema" or "indicator"
    onderwerp: str
    wie: str
    toelichting: str
    waarde: float | None = None


def signalen(*, vandaag: dt.date | None = None) -> list[Signaal]:
    """Rising helpdesk themes (last 90 days against the 90 before) and indicators that moved more than the
    threshold from the previous school year, or lie far from the national median. Read from suppressed tables
    only."""
    from .models import Thema

    vandaag = vandaag or timezone.localdate()
    uit = []
    nu = timezone.now()
    grens, vorige_grens = nu - dt.timedelta(days=90), nu - dt.timedelta(days=180)
    per_thema = Thema.objects.annotate(
        nu=Count("vragen", filter=Q(vragen__gesteld_op__gte=grens)),
        vorige=Count("vragen", filter=Q(vragen__gesteld_op__gte=vorige_grens, vragen__gesteld_op__lt=grens)))
    for thema in per_thema:  # one query for every theme's two counts
        n, v = thema.nu, thema.vorige
        if regels.stijgend_thema(n, v, settings.PASSEND_ANTENNE_THEMA_MINIMAAL, settings.PASSEND_ANTENNE_THEMA_FACTOR):
            uit.append(Signaal("thema", thema.naam, "Helpdesk",
                               f"{n} vragen in de laatste 90 dagen, tegen {v} in de 90 dagen daarvoor.", float(n)))
    # The last completed school year against the one before (whole years, never a running one).
    jaar = schooljaren(vandaag)[-1]
    nu_t = tabellen(jaar, vandaag=vandaag)
    vorig_t = tabellen(jaar - 1, vandaag=vandaag)
    for sleutel, t in nu_t.items():
        vorige = {r.swv_id: r.kengetal for r in vorig_t[sleutel].rijen}
        for r in t.rijen:
            b = regels.beweging(r.kengetal, vorige.get(r.swv_id), settings.PASSEND_ANTENNE_BEWEGING_PROCENT)
            if b is not None:
                uit.append(Signaal("indicator", t.titel, r.label,
                                   f"{'Gestegen' if b > 0 else 'Gedaald'} met {_fmt(abs(b))}% in {jaar}-{jaar + 1} "
                                   f"ten opzichte van {jaar - 1}-{jaar} ({_fmt(vorige.get(r.swv_id))} → "
                                   f"{_fmt(r.kengetal)} {t.eenheid}).", b))
            a = regels.beweging(r.kengetal, t.mediaan, settings.PASSEND_ANTENNE_AFWIJKING_PROCENT)
            if a is not None:
                uit.append(Signaal("indicator", t.titel, r.label,
                                   f"{_fmt(abs(a))}% {'boven' if a > 0 else 'onder'} de landelijke mediaan in "
                                   f"{jaar}-{jaar + 1} ({_fmt(r.kengetal)} tegen {_fmt(t.mediaan)} {t.eenheid}).", a))
    return uit


def _fmt(w: float | None) -> str:
    return "–" if w is None else f"{w:.1f}".replace(".", ",")
