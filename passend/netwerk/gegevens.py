"""Reading the dekkend netwerk: coverage per need, the gap list, placement candidates and the trend. A fixed,
small number of queries per call, whatever the size of the SWV (the benchmark measures the largest SWV)."""

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from passend.opp.models import Opp
from passend.register.models import Inschrijving, Leerling, Postcodegebied, School, Sector, Soort, actief_op
from passend.toewijzing.models import OPEN_STATUSSEN, Aanvraag, Tlv

from . import regels
from .models import (
    Aanbod,
    Behoefte,
    Dekkingsmeting,
    Leerlingbehoefte,
    Netwerkinstellingen,
    Niveau,
    Schoolprofiel,
)
from .services import behoeften_van, huidig_plan

REGULIER = (Soort.BAO, Soort.VO)


# The kinds of school an SWV's network is made of: a PO SWV has no VO schools and a VO SWV no BAO schools.
SOORTEN = {Sector.PO: (Soort.BAO, Soort.SBO, Soort.SO, Soort.SO_VSO),
           Sector.VO: (Soort.VO, Soort.VSO, Soort.SO_VSO)}


def regio_scholen(swv):
    """The school locations of the SWV's sector in its region (by the PC4 of their address), and every school
    with a profile in this SWV (SO/VSO serve several SWV's)."""
    veld = "regio_swv_po" if swv.sector == Sector.PO else "regio_swv_vo"
    return School.objects.filter(Q(**{veld: swv}, soort__in=SOORTEN[swv.sector]) | Q(profielen__swv=swv)).distinct()


def regio_pc4(swv):
    veld = "swv_po" if swv.sector == Sector.PO else "swv_vo"
    return Postcodegebied.objects.filter(**{veld: swv}, lat__isnull=False)


@dataclass
class Aanbieder:
    school_id: int
    naam: str
    plaats: str
    soort: str
    lat: float | None
    lon: float | None
    niveau: str
    capaciteit: int | None
    bezet: int
    vol: bool
    via_basis: bool = False  # offered through basisondersteuning (every regular school), not the school's SOP


@dataclass
class Dekking:
    behoefte: Behoefte
    aanbieders: list[Aanbieder] = field(default_factory=list)
    capaciteit: int | None = 0  # None: at least one offer without a fixed limit
    bezet: int = 0
    vraag: int = 0  # pupils with this need in an open request, a running OPP or a valid TLV
    max_afstand_km: float | None = None  # the furthest PC4 centroid of the region from its nearest offer
    pc4_te_ver: list[str] = field(default_factory=list)
    leerlingen_te_ver: int = 0

    @property
    def vrij(self) -> int | None:
        return None if self.capaciteit is None else max(0, self.capaciteit - self.bezet)

    @property
    def tekort(self) -> int:
        """Demand beyond the free places plus current occupancy (0 when there is no fixed limit)."""
        if self.capaciteit is None:
            return 0
        return max(0, self.vraag - self.capaciteit)


@dataclass
class Gat:
    soort: str  # geen_aanbod, afstand, vol, wachtlijst, tekort
    behoefte: str
    omschrijving: str
    school: str = ""
    school_id: int | None = None
    ernst: int = 1  # 3 = no offer at all, 2 = distance or shortage, 1 = full or waiting list


@dataclass
class Overzicht:
    swv: object
    instellingen: Netwerkinstellingen
    dekking: list[Dekking]
    gaten: list[Gat]
    scholen: list  # (school, profiel or None)
    pc4: list  # (pc4, lat, lon, leerlingen)
    plan: object

    @property
    def profielen(self) -> int:
        return sum(1 for _, p in self.scholen if p is not None)


def vraag_per_behoefte(swv_id, op: dt.date) -> Counter:
    """Pupils per need, counted where a request is open, an OPP runs or a TLV is valid on `op`."""
    leerling = OuterRef("leerling_id")
    actief = (
        Exists(Aanvraag.objects.filter(leerling_id=leerling, status__in=OPEN_STATUSSEN))
        | Exists(Opp.objects.filter(leerling_id=leerling, beeindigd_op__isnull=True))
        | Exists(Tlv.objects.filter(leerling_id=leerling, begindatum__lte=op, einddatum__gte=op,
                                    ingetrokken_op__isnull=True))
    )
    rijen = Leerlingbehoefte.objects.filter(leerling__swv_id=swv_id).filter(actief).values_list("behoefte_id",
                                                                                                  flat=True)
    return Counter(rijen)


def overzicht(swv, op: dt.date | None = None) -> Overzicht:
    """Coverage for every need of the SWV, and the gaps."""
    op = op or timezone.localdate()
    inst = Netwerkinstellingen.voor(swv)
    behoeften = list(behoeften_van(swv.pk))
    plan = huidig_plan(swv.pk, op)
    basis_ids = set(plan.basis_behoeften.values_list("pk", flat=True)) if plan else set()
    scholen = list(regio_scholen(swv).only("pk", "naam", "plaats", "soort", "lat", "lon", "postcode")
                   .order_by("naam"))
    profielen = {p.school_id: p for p in Schoolprofiel.objects.filter(swv=swv)}
    aanbod = defaultdict(list)
    for a in Aanbod.objects.filter(profiel__swv=swv).values_list(
            "profiel__school_id", "behoefte_id", "niveau", "capaciteit", "bezet"):
        aanbod[a[1]].append(a)
    per_school = {s.pk: s for s in scholen}
    vraag = vraag_per_behoefte(swv.pk, op)
    # Pupils per PC4 of their home address (only the count, for weighting distances).
    woon = Counter(p[:4] for p in Leerling.objects.filter(swv=swv).exclude(postcode="")
                   .values_list("postcode", flat=True))
    pc4 = [(p.pc4, p.lat, p.lon, woon.get(p.pc4, 0)) for p in regio_pc4(swv).only("pc4", "lat", "lon")]
    drempel = int(inst.bezetting_drempel_procent)
    wegfactor = float(inst.wegfactor)
    max_km = float(inst.max_afstand_km)
    dekking, gaten = [], []
    for b in behoeften:
        d = Dekking(b)
        gezien = set()
        for school_id, _bid, niveau, cap, bezet in aanbod.get(b.pk, []):
            s = per_school.get(school_id)
            if s is None:
                continue
            gezien.add(school_id)
            vol = regels.is_vol(cap, bezet, drempel)
            d.aanbieders.append(Aanbieder(s.pk, s.naam, s.plaats, s.soort, s.lat, s.lon, niveau, cap, bezet, vol))
            d.bezet += bezet
            d.capaciteit = None if (d.capaciteit is None or cap is None) else d.capaciteit + cap
            if vol:
                gaten.append(Gat("vol", b.naam, f"{s.naam}: {bezet} van {cap} plaatsen bezet voor {b.naam}.",
                                 s.naam, s.pk, 1))
        if b.pk in basis_ids:
            # Basisondersteuning: every regular school of the region offers this need (no fixed limit).
            d.capaciteit = None
            for s in scholen:
                if s.soort in REGULIER and s.pk not in gezien:
                    d.aanbieders.append(Aanbieder(s.pk, s.naam, s.plaats, s.soort, s.lat, s.lon, Niveau.BASIS,
                                                  None, 0, False, via_basis=True))
        if not d.aanbieders:
            d.capaciteit = 0
        d.vraag = vraag.get(b.pk, 0)
        punten = [(a.lat, a.lon) for a in d.aanbieders if a.lat is not None]
        if punten:
            verst = 0.0
            for code, lat, lon, n in pc4:
                km = _dichtstbij(lat, lon, punten) * wegfactor
                verst = max(verst, km)
                if km > max_km:
                    d.pc4_te_ver.append(code)
                    d.leerlingen_te_ver += n
            d.max_afstand_km = round(verst, 1)
        if not d.aanbieders:
            gaten.append(Gat("geen_aanbod", b.naam, f"Geen enkele school in de regio biedt {b.naam}.", ernst=3))
        elif d.pc4_te_ver:
            gaten.append(Gat("afstand", b.naam,
                             f"{_aantal(len(d.pc4_te_ver), 'postcodegebied', 'postcodegebieden')} met "
                             f"{_aantal(d.leerlingen_te_ver, 'leerling', 'leerlingen')} "
                             f"{'ligt' if len(d.pc4_te_ver) == 1 else 'liggen'} verder dan {_km(max_km)} van de "
                             f"dichtstbijzijnde school die {b.naam} biedt (het verste op {_km(verst, 2)}).",
                             ernst=2))
        if d.tekort:
            gaten.append(Gat("tekort", b.naam, f"Vraag {d.vraag} leerlingen, capaciteit {d.capaciteit}: "
                                               f"{d.tekort} plaatsen te weinig voor {b.naam}.", ernst=2))
        dekking.append(d)
    lijst = []
    for s in scholen:
        p = profielen.get(s.pk)
        lijst.append((s, p))
        if p is not None and p.wachtlijst is not None and p.wachtlijst > inst.wachtlijst_drempel:
            gaten.append(Gat("wachtlijst", "", f"{s.naam}: wachtlijst van {p.wachtlijst} (drempel "
                                               f"{inst.wachtlijst_drempel}).", s.naam, s.pk, 1))
    gaten.sort(key=lambda g: (-g.ernst, g.behoefte, g.school))
    return Overzicht(swv, inst, dekking, gaten, lijst, pc4, plan)


def _km(x, decimalen: int = 1) -> str:
    # Enough decimals that "beyond 10,0 km" never reads "up to 10,0 km".
    return f"{x:.{decimalen}f} km".replace(".", ",")


def _aantal(n: int, enkel: str, meer: str) -> str:
    return f"{n} {enkel if n == 1 else meer}"


def _dichtstbij(lat, lon, punten) -> float:
    """Nearest distance in km. An equirectangular pre-filter keeps the haversine for the few near candidates."""
    c = math.cos(math.radians(lat))
    beste = min(punten, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * c) ** 2)
    return regels.afstand_km(lat, lon, beste[0], beste[1])


def meting_opslaan(swv, op: dt.date | None = None, ov: Overzicht | None = None) -> Dekkingsmeting:
    """Keep today's figures for the trend (one row per SWV and date; a second call on the same day updates)."""
    op = op or timezone.localdate()
    ov = ov or overzicht(swv, op)
    cijfers = {d.behoefte.code: {"naam": d.behoefte.naam, "aanbieders": len(d.aanbieders),
                                 "capaciteit": d.capaciteit, "bezet": d.bezet, "vraag": d.vraag,
                                 "te_ver": d.leerlingen_te_ver} for d in ov.dekking}
    m, _ = Dekkingsmeting.objects.update_or_create(swv=swv, datum=op,
                                                   defaults={"cijfers": cijfers, "gaten": len(ov.gaten)})
    return m


def kandidaten(swv, *, uitsluiten: set | None = None) -> list[regels.Kandidaat]:
    """Every school with a profile in this SWV (and, for the needs in the basisondersteuning, every regular
    school of the region), in the form regels.rangschik takes."""
    uitsluiten = uitsluiten or set()
    plan = huidig_plan(swv.pk)
    basis = list(plan.basis_behoeften.values_list("code", flat=True)) if plan else []
    per_school = defaultdict(dict)
    wacht = {}
    for p in Schoolprofiel.objects.filter(swv=swv).values("school_id", "wachtlijst"):
        wacht[p["school_id"]] = p["wachtlijst"]
        per_school[p["school_id"]]  # a profile without offers still counts as a school with a profile
    for school_id, code, niveau, cap, bezet in Aanbod.objects.filter(profiel__swv=swv).values_list(
            "profiel__school_id", "behoefte__code", "niveau", "capaciteit", "bezet"):
        per_school[school_id][code] = (niveau, cap, bezet)
    scholen = regio_scholen(swv) if basis else School.objects.filter(pk__in=list(per_school))
    uit = []
    for s in scholen.only("pk", "naam", "plaats", "soort", "lat", "lon"):
        if s.pk in uitsluiten:
            continue
        aanbod = dict(per_school.get(s.pk, {}))
        if s.soort in REGULIER:
            for code in basis:
                aanbod.setdefault(code, (Niveau.BASIS, None, 0))
        if not aanbod:
            continue
        uit.append(regels.Kandidaat(s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam, s.lat, s.lon, aanbod,
                                    s.is_speciaal, wacht.get(s.pk)))
    return uit


def suggesties(swv, behoefte_codes: list[str], pc4: str, *, uitsluiten: set | None = None, max_aantal: int = 10):
    """Ranked placement suggestions for needs and a home PC4 (regels.rangschik on this SWV's offer)."""
    inst = Netwerkinstellingen.voor(swv)
    punt = Postcodegebied.objects.filter(pc4=pc4).values_list("lat", "lon").first() or (None, None)
    namen = dict(behoeften_van(swv.pk).values_list("code", "naam"))
    return regels.rangschik(behoefte_codes, punt[0], punt[1], kandidaten(swv, uitsluiten=uitsluiten),
                            wegfactor=float(inst.wegfactor), drempel_procent=int(inst.bezetting_drempel_procent),
                            max_aantal=max_aantal, namen=namen)


def trend(swv, n: int = 12) -> list[Dekkingsmeting]:
    return list(Dekkingsmeting.objects.filter(swv=swv).order_by("-datum")[:n])[::-1]


def huidige_school(leerling) -> School | None:
    i = Inschrijving.objects.filter(leerling=leerling).filter(actief_op()).select_related("school").first()
    return i.school if i else None
