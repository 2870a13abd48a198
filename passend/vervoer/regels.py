"""The entitlement rules of leerlingenvervoer as small pure functions, after the VNG model verordening
leerlingenvervoer (domain.md section 7, with its sources). Every number is a setting of the gemeente
(Vervoersinstellingen): a verordening may differ from the model.

Sources: art. 4 WPO, art. 4 WEC, art. 8.29 WVO 2020 (the gemeente's duty, by verordening); VNG Q&A
leerlingenvervoer ('maximum reistijd', 'wachtlijst dichtstbijzijnde school', 'drempelbedrag'); model art. 14-15
(eigen bijdrage)."""

from dataclasses import dataclass, field
from decimal import Decimal

REGULIER_PO = ("BAO",)
SBO = ("SBO",)
SPECIAAL = ("SO", "VSO", "SO/VSO")
VO = ("VO",)


@dataclass(frozen=True)
class Regels:
    km_drempel: float = 6.0
    vo_alleen_met_beperking: bool = True
    ov_max_minuten: int = 90
    ov_snelheid_kmh: float = 20.0
    snelheid_kmh: float = 40.0
    inkomensgrens: Decimal = Decimal("29700")
    drempelbedrag: Decimal = Decimal("622.50")
    draagkracht_km: float = 20.0


@dataclass
class Voorstel:
    recht: bool
    vorm: str  # "aangepast", "ov", "fiets", "geen"
    redenen: list[str] = field(default_factory=list)
    eigen_bijdrage: Decimal | None = None  # None: no contribution applies; the amount otherwise
    draagkracht: bool = False  # a means-tested contribution applies as well (set by the gemeente per case)

    def als_dict(self) -> dict:
        return {"recht": self.recht, "vorm": self.vorm, "redenen": self.redenen,
                "eigen_bijdrage": None if self.eigen_bijdrage is None else str(self.eigen_bijdrage),
                "draagkracht": self.draagkracht}


def _km(x: float) -> str:
    return f"{x:.1f} km".replace(".", ",")


def _euro(x) -> str:
    tekst = f"{Decimal(x):,.2f}"  # 1,234.50
    return "€ " + tekst.replace(",", "_").replace(".", ",").replace("_", ".")


NEUTRAAL = {"openbaar", "algemeen bijzonder", "samenwerking", ""}


def zelfde_richting(denominatie_school: str, denominatie_andere: str) -> bool:
    """Is the other school 'of the same richting' (levensbeschouwing) for the nearest-school rule? Openbaar,
    algemeen bijzonder and samenwerkingsscholen count as one neutral group; otherwise the same denominatie."""
    a, b = (denominatie_school or "").strip().lower(), (denominatie_andere or "").strip().lower()
    if a in NEUTRAAL or a.startswith("samenwerking"):
        return b in NEUTRAAL or b.startswith("samenwerking")
    return a == b


def ov_minuten(afstand_km: float, ov_snelheid_kmh: float) -> float:
    """Estimated one-way travel time by public transport, walking and waiting included (a setting: a journey
    planner is not available offline)."""
    return afstand_km / ov_snelheid_kmh * 60


def recht_op_vervoer(*, soort: str, afstand_km: float, afstand_dichtstbij_km: float, kan_zelfstandig_reizen: bool,
                     beperking: bool, inkomen_boven_grens: bool | None, regels: Regels) -> Voorstel:
    """The proposed decision for one pupil.

    - The right is measured to the nearest suitable school (same type, suitable denominatie): when the pupil
      attends a school further away, the gemeente pays as if to the nearest (VNG Q&A 'dichtstbijzijnde school').
    - (S)BO and (V)SO: a right when that distance is over the threshold (VNG model: 6 km); no threshold for a pupil
      who cannot travel independently because of a disability.
    - VO: only for a pupil who cannot travel independently because of a disability (setting; usual, not national).
    - Form: aangepast vervoer when the pupil cannot travel independently, or when public transport would take
      longer than the limit (VNG model: 1,5 hours one way); otherwise public transport (over 6 km) or bicycle.
    - Eigen bijdrage (regular BAO and SBO only, never for a pupil with a structural disability, never for (V)SO):
      the drempelbedrag when the income is above the limit; a means-tested contribution over `draagkracht_km`
      (not for SBO)."""
    r = regels
    redenen = []
    gemeten = min(afstand_km, afstand_dichtstbij_km)
    if afstand_dichtstbij_km < afstand_km - 0.05:
        redenen.append(f"De school ligt op {_km(afstand_km)}; de dichtstbijzijnde passende school op "
                       f"{_km(afstand_dichtstbij_km)}. Het recht wordt gemeten tot die school.")
    else:
        redenen.append(f"De school is de dichtstbijzijnde passende school, op {_km(afstand_km)}.")
    zelfstandig = kan_zelfstandig_reizen
    if soort in VO and r.vo_alleen_met_beperking and (zelfstandig or not beperking):
        redenen.append("Voortgezet onderwijs: alleen vervoer als de leerling door een beperking niet zelfstandig "
                       "kan reizen.")
        return Voorstel(False, "geen", redenen)
    if not zelfstandig and beperking:
        redenen.append("De leerling kan door een beperking niet zelfstandig reizen: geen afstandsgrens.")
        return Voorstel(True, "aangepast", redenen)
    if gemeten <= r.km_drempel:
        redenen.append(f"De afstand is niet meer dan {_km(r.km_drempel)}: geen recht op vervoer.")
        return Voorstel(False, "geen", redenen)
    redenen.append(f"De afstand is meer dan {_km(r.km_drempel)}.")
    ov = ov_minuten(gemeten, r.ov_snelheid_kmh)
    if not zelfstandig:
        redenen.append("De leerling kan niet zelfstandig reizen: aangepast vervoer.")
        vorm = "aangepast"
    elif ov > r.ov_max_minuten:
        redenen.append(f"Met het openbaar vervoer duurt de reis ongeveer {ov:.0f} minuten, langer dan "
                       f"{r.ov_max_minuten}: aangepast vervoer.")
        vorm = "aangepast"
    else:
        redenen.append(f"Met het openbaar vervoer duurt de reis ongeveer {ov:.0f} minuten: vergoeding openbaar "
                       "vervoer.")
        vorm = "ov"
    voorstel = Voorstel(True, vorm, redenen)
    if soort in REGULIER_PO + SBO and not beperking:
        if inkomen_boven_grens:
            voorstel.eigen_bijdrage = r.drempelbedrag
            redenen.append(f"Inkomen boven {_euro(r.inkomensgrens)}: eigen bijdrage (drempelbedrag) van "
                           f"{_euro(r.drempelbedrag)} per schooljaar.")
        if soort in REGULIER_PO and gemeten > r.draagkracht_km:
            voorstel.draagkracht = True
            redenen.append(f"Meer dan {_km(r.draagkracht_km)}: ook een bijdrage naar draagkracht.")
    return voorstel
