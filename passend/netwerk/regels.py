"""The rules of the dekkend netwerk as small pure functions (domain.md section 4), with their sources.

No database here: the pages, API and benchmark call these with plain values."""

import datetime as dt
import math
from dataclasses import dataclass, field

AARDSTRAAL_KM = 6371.0088  # mean Earth radius (IUGG)

# (code, naam, omschrijving): the shared list the issue names; an SWV adds its own.
STANDAARD_BEHOEFTEN = [
    ("gedrag", "Gedrag", "Gedragsproblemen, externaliserend gedrag"),
    ("ass", "Autisme (ASS)", "Autismespectrumstoornis: structuur, voorspelbaarheid, prikkelarm"),
    ("taal-tos", "Taal / TOS", "Taalontwikkelingsstoornis, spraak- en taalproblemen (cluster 2)"),
    ("dyslexie-dyscalculie", "Dyslexie / dyscalculie", "Ernstige lees-, spel- of rekenproblemen"),
    ("hoogbegaafdheid", "Hoogbegaafdheid", "Verrijking, versnelling, plusklas"),
    ("nt2", "NT2", "Nederlands als tweede taal, nieuwkomers"),
    ("medisch", "Medisch", "Chronische ziekte, medische handelingen"),
    ("lichamelijk", "Lichamelijk / toegankelijkheid", "Rolstoel, lift, aangepast gebouw"),
    ("zml", "ZML", "Zeer moeilijk lerend"),
    ("moeilijk-lerend", "Moeilijk lerend", "Leren in een lager tempo, eigen leerlijn"),
    ("sociaal-emotioneel", "Sociaal-emotioneel", "Angst, faalangst, teruggetrokken gedrag"),
    ("meervoudig", "Meervoudig", "Meervoudige beperking (EMB)"),
]

MAX_PLANPERIODE_JAREN = 4


def afstand_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km between two WGS84 points. Used on PC4 centroids (CBS) and school
    locations (DUO), so it is the straight-line distance; a road factor (setting) approximates travel."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * AARDSTRAAL_KM * math.asin(min(1.0, math.sqrt(a)))


def plus_jaren(d: dt.date, jaren: int) -> dt.date:
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year + jaren, day=28)


def periode_fout(van: dt.date, tot: dt.date) -> str | None:
    """An ondersteuningsplan (WPO art. 18a, WVO art. 17a; Inspectie 'Ondersteuningsplan vaststellen') and a
    schoolondersteuningsprofiel (WPO art. 8 and 12, WEC art. 11 and 21, WVO art. 17 and 24; domain.md section 4)
    are set at least once every 4 years: a period longer than 4 years, or ending before it starts, is refused."""
    if tot <= van:
        return "De einddatum moet na de begindatum liggen."
    if tot > plus_jaren(van, MAX_PLANPERIODE_JAREN):
        return "De periode is langer dan 4 jaar: de wet vraagt minstens eens per 4 jaar een nieuw plan of profiel."
    return None


def status_periode(van: dt.date, tot: dt.date, op: dt.date, binnenkort_dagen: int = 120) -> str:
    """'toekomst', 'geldig', 'verloopt' (ends within `binnenkort_dagen`) or 'verlopen' on date `op`."""
    if op < van:
        return "toekomst"
    if op > tot:
        return "verlopen"
    if (tot - op).days <= binnenkort_dagen:
        return "verloopt"
    return "geldig"


def plan_fout(van: dt.date, tot: dt.date, opr_instemming_op: dt.date | None) -> str | None:
    """An ondersteuningsplan needs the OPR's consent (instemming, art. 14a WMS) before its period starts, and
    reaches the Inspectie before 1 May preceding its first school year (Inspectie, 'Ondersteuningsplan
    vaststellen'). The consent date may not lie after the start."""
    fout = periode_fout(van, tot)
    if fout:
        return fout
    if opr_instemming_op and opr_instemming_op > van:
        return "De OPR moet instemmen vóór de ingangsdatum van het plan."
    return None


def inspectie_uiterlijk(van: dt.date) -> dt.date:
    """The plan reaches the Inspectie before 1 May preceding its first school year: the school year that contains
    `van` (a school year runs from 1 August); no extension (Inspectie, 'Ondersteuningsplan vaststellen')."""
    jaar = van.year if van.month >= 8 else van.year - 1
    return dt.date(jaar, 4, 30)


def vrij(capaciteit: int | None, bezet: int) -> int | None:
    """Free places; None when the offer has no fixed limit."""
    if capaciteit is None:
        return None
    return max(0, capaciteit - bezet)


def is_vol(capaciteit: int | None, bezet: int, drempel_procent: int = 100) -> bool:
    """An offer is full when occupancy reaches `drempel_procent` of its capacity (setting; default 100 %).
    Capacity 0 is full; no capacity (no fixed limit) is never full."""
    if capaciteit is None:
        return False
    if capaciteit == 0:
        return True
    return bezet * 100 >= capaciteit * drempel_procent


@dataclass(frozen=True)
class Kandidaat:
    """One school's offer, as the ranking needs it."""

    school_id: int
    naam: str
    lat: float | None
    lon: float | None
    # behoeftecode -> (niveau, capaciteit or None, bezet)
    aanbod: dict = field(default_factory=dict)
    speciaal: bool = False
    wachtlijst: int | None = None


@dataclass
class Suggestie:
    school_id: int
    naam: str
    gedekt: list[str]
    ontbreekt: list[str]
    afstand_km: float | None
    vrije_plaatsen: int | None
    vol: bool  # full for one of the needs, or a special school with a waiting list (ranks lower)
    redenen: list[str]
    sleutel: tuple = ()
    wachtlijst: bool = False  # the 'vol' comes (also) from a waiting list


NIVEAU_GEWICHT = {"basis": 1, "extra": 2, "specialistisch": 3}


def rangschik(behoeften: list[str], lat: float | None, lon: float | None, kandidaten: list[Kandidaat],
              *, wegfactor: float = 1.0, drempel_procent: int = 100, max_aantal: int = 10,
              namen: dict | None = None) -> list[Suggestie]:
    """Schools that fit a pupil's needs, best first. Order (the issue's 'fit, free capacity, distance'):
    1. more of the pupil's needs covered;
    2. not full before full (an offer at its capacity threshold, or a special school with a waiting list);
    3. shorter travel distance (straight line from the PC4 centroid times the road factor);
    4. higher level of support for the covered needs, then the name (stable).
    Schools covering none of the needs are left out. Every suggestion carries its reasons in Dutch."""
    namen = namen or {}
    uit = []
    for k in kandidaten:
        gedekt = [b for b in behoeften if b in k.aanbod]
        if not gedekt:
            continue
        ontbreekt = [b for b in behoeften if b not in k.aanbod]
        afstand = None
        if lat is not None and lon is not None and k.lat is not None and k.lon is not None:
            afstand = round(afstand_km(lat, lon, k.lat, k.lon) * wegfactor, 1)
        vrije = []
        vol_behoeften = []
        for b in gedekt:
            _niveau, cap, bezet = k.aanbod[b]
            v = vrij(cap, bezet)
            if v is not None:
                vrije.append(v)
            if is_vol(cap, bezet, drempel_procent):
                vol_behoeften.append(b)
        wacht = bool(k.speciaal and k.wachtlijst)
        vol = bool(vol_behoeften) or wacht
        vrije_plaatsen = min(vrije) if vrije else None
        niveau = sum(NIVEAU_GEWICHT.get(k.aanbod[b][0], 0) for b in gedekt)
        redenen = [f"Biedt {len(gedekt)} van {len(behoeften)} behoeften: "
                   + ", ".join(namen.get(b, b) for b in gedekt)]
        if ontbreekt:
            redenen.append("Niet: " + ", ".join(namen.get(b, b) for b in ontbreekt))
        if vol_behoeften:
            redenen.append("Vol voor: " + ", ".join(namen.get(b, b) for b in vol_behoeften))
        elif vrije_plaatsen is not None:
            redenen.append(f"{vrije_plaatsen} vrije plaats{'en' if vrije_plaatsen != 1 else ''}")
        else:
            redenen.append("Geen vaste capaciteitsgrens")
        if wacht:
            redenen.append(f"Wachtlijst: {k.wachtlijst}")
        redenen.append(f"{afstand:.1f} km".replace(".", ",") if afstand is not None else "Afstand onbekend")
        sleutel = (-len(gedekt), vol, afstand if afstand is not None else math.inf, -niveau, k.naam)
        uit.append(Suggestie(k.school_id, k.naam, gedekt, ontbreekt, afstand, vrije_plaatsen, vol, redenen, sleutel,
                             wachtlijst=wacht))
    uit.sort(key=lambda s: s.sleutel)
    return uit[:max_aantal]


def dichtstbij_km(lat: float, lon: float, punten: list[tuple[float, float]]) -> float | None:
    """Distance to the nearest of `punten` (lat, lon), or None when there are none."""
    if not punten:
        return None
    return min(afstand_km(lat, lon, plat, plon) for plat, plon in punten)
