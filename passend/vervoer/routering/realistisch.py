"""A realistic leerlingenvervoer instance from real coordinates, and the planner against the baseline.

`realistische_instantie` turns pupils (home and school coordinates in WGS84, school start time) into a
`Probleem` of the morning trips (home -> school):

- coordinates are projected to km with an equirectangular projection around the mean latitude (good to well
  under 1 % over a gemeente or SWV region) and then multiplied by `wegfactor`, so the Euclidean distance
  between two points is the estimated road distance in km (straight line x road factor) until a road network
  is available; travel time = that distance x 60 / `snelheid_kmh` minutes;
- times are minutes since midnight; a pupil is delivered between `aankomst_vroegst` and `aankomst_laatst`
  minutes before the school starts, and picked up no earlier than `ophalen_vroegst` minutes before that;
- the maximum ride time is the pupil's own (sixth element of the tuple) or the larger of `max_rit` and
  `rit_factor` x the direct ride, so that a pupil who lives far away can still be planned;
- a fleet of identical taxi buses from one depot (default: the mean of the schools), enough for the baseline.

`vergelijk` plans such a problem with the OR-Tools planner and the baseline, checks both with `controle` and
reports vehicles, total km, longest and mean ride time.
"""

from __future__ import annotations

import math
import time

from . import basislijn, controle, ortools_planner
from .model import Oplossing, Probleem, Punt, Verzoek, Voertuig, afstand

AARDSTRAAL_KM = 6371.0088


def projectie(lat0: float, lon0: float, wegfactor: float = 1.0):
    """(lat, lon) -> Punt in km (x east, y north) around (lat0, lon0), scaled by `wegfactor`."""
    k = math.pi / 180 * AARDSTRAAL_KM * wegfactor
    cos0 = math.cos(math.radians(lat0))

    def naar(lat: float, lon: float) -> Punt:
        return Punt((lon - lon0) * k * cos0, (lat - lat0) * k)

    return naar


def realistische_instantie(
    leerlingen: list[tuple],
    *,
    wegfactor: float = 1.3,
    snelheid_kmh: float = 40.0,
    max_rit: float = 60.0,
    rit_factor: float = 1.5,
    aankomst_vroegst: float = 20.0,
    aankomst_laatst: float = 5.0,
    ophalen_vroegst: float = 120.0,
    service_ophalen: float = 1.0,
    service_afleveren: float = 1.0,
    zitplaatsen: int = 8,
    rolstoelplaatsen: int = 1,
    voertuigen: int | None = None,
    depot: tuple[float, float] | None = None,
    beschikbaar: tuple[float, float] = (5 * 60, 11 * 60),
    max_duur: float | None = None,
) -> Probleem:
    """Pupils: (lat, lon, school_lat, school_lon, start_minuut[, max_rit[, rolstoel[, alleen]]]), with
    start_minuut the school's start in minutes since midnight; optional: the pupil's own maximum ride time in
    minutes (None: the default rule), wheelchair (bool or number of wheelchair places), must travel alone.
    `voertuigen`: fleet size (default: as many as the baseline needs). `depot`: (lat, lon) of the vehicles'
    depot (default: the mean of the schools)."""
    if not leerlingen:
        raise ValueError("geen leerlingen")
    lat0 = sum(r[0] + r[2] for r in leerlingen) / (2 * len(leerlingen))
    lon0 = sum(r[1] + r[3] for r in leerlingen) / (2 * len(leerlingen))
    naar = projectie(lat0, lon0, wegfactor)
    tpe = 60.0 / snelheid_kmh
    verzoeken = []
    for i, rij in enumerate(leerlingen):
        lat, lon, slat, slon, start = rij[:5]
        eigen_max = rij[5] if len(rij) > 5 else None
        rolstoel = int(rij[6]) if len(rij) > 6 and rij[6] else 0
        alleen = bool(rij[7]) if len(rij) > 7 else False
        thuis, school = naar(lat, lon), naar(slat, slon)
        direct = afstand(thuis, school) * tpe
        limiet = eigen_max if eigen_max is not None else max(max_rit, rit_factor * direct)
        verzoeken.append(Verzoek(
            id=f"l{i + 1}", ophaal=thuis, aflever=school,
            ophaal_venster=(start - aankomst_vroegst - ophalen_vroegst, start - aankomst_laatst),
            aflever_venster=(start - aankomst_vroegst, start - aankomst_laatst),
            max_rit=limiet, ophaal_service=service_ophalen, aflever_service=service_afleveren,
            zitplaatsen=0 if rolstoel else 1, rolstoel=rolstoel, alleen=alleen,
        ))
    if depot is None:
        d = Punt(sum(v.aflever.x for v in verzoeken) / len(verzoeken),
                 sum(v.aflever.y for v in verzoeken) / len(verzoeken))
    else:
        d = naar(*depot)
    if voertuigen is None:
        voertuigen = _vloot_basislijn(verzoeken, zitplaatsen, rolstoelplaatsen)
    vloot = tuple(
        Voertuig(id=f"bus{k + 1}", depot=d, zitplaatsen=zitplaatsen, rolstoelplaatsen=rolstoelplaatsen,
                 beschikbaar=beschikbaar, max_duur=max_duur)
        for k in range(voertuigen)
    )
    return Probleem(tuple(verzoeken), vloot, tpe)


def _vloot_basislijn(verzoeken: list[Verzoek], zit: int, rol: int) -> int:
    """Vehicles the baseline needs: per school, enough trips for the seats, the wheelchairs and every pupil
    who travels alone."""
    per_school: dict[Punt, list[Verzoek]] = {}
    for v in verzoeken:
        per_school.setdefault(v.aflever, []).append(v)
    totaal = 0
    for groep in per_school.values():
        samen = [v for v in groep if not v.alleen]
        stoelen = sum(v.zitplaatsen for v in samen)
        rolstoelen = sum(v.rolstoel for v in samen)
        ritten = max(math.ceil(stoelen / zit) if zit else 0, math.ceil(rolstoelen / rol) if rol else 0)
        totaal += ritten + (len(groep) - len(samen))
    return max(1, totaal)


def kengetallen(probleem: Probleem, oplossing: Oplossing) -> dict:
    """Vehicles, km, ride times and the check's verdict of one plan."""
    per_id = {v.id: v for v in probleem.verzoeken}
    ritten = []
    for r in oplossing.routes:
        ophaal = {}
        for b in r.bezoeken:
            if b.soort == "ophaal":
                ophaal[b.verzoek_id] = b.begin + per_id[b.verzoek_id].ophaal_service
            elif b.verzoek_id in ophaal:
                ritten.append(b.begin - ophaal[b.verzoek_id])
    schendingen = controle.controleer(probleem, oplossing)
    soorten: dict[str, int] = {}
    for s in schendingen:
        soorten[s.soort] = soorten.get(s.soort, 0) + 1
    return {
        "solver": oplossing.solver,
        "voertuigen": oplossing.voertuigen_gebruikt,
        "km": round(oplossing.afstand, 1),
        "langste_rit_min": round(max(ritten), 1) if ritten else None,
        "gemiddelde_rit_min": round(sum(ritten) / len(ritten), 1) if ritten else None,
        "niet_ingepland": len(oplossing.niet_ingepland),
        "schendingen": soorten,
        "haalbaar": not schendingen,
        "seconden": round(oplossing.seconden, 1),
    }


def vergelijk(probleem: Probleem, *, seconden: float = 120, voortgang=None,
              kosten_per_voertuig: float = 0.0) -> dict:
    """Plan with the OR-Tools planner and with the baseline; both checked by `controle`."""
    t0 = time.monotonic()
    basis = basislijn.plan(probleem)
    opl = ortools_planner.plan(probleem, seconden=seconden, voortgang=voortgang,
                               kosten_per_voertuig=kosten_per_voertuig)
    return {
        "leerlingen": len(probleem.verzoeken),
        "scholen": len({v.aflever for v in probleem.verzoeken}),
        "vloot": len(probleem.voertuigen),
        "planner": kengetallen(probleem, opl),
        "basislijn": kengetallen(probleem, basis),
        "seconden": round(time.monotonic() - t0, 1),
    }
