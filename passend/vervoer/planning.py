"""The route-planning job: from the granted aangepast-vervoer pupils and the gemeente's vehicles to checked
routes. Runs in the background (passend.core.jobs), with progress; the solver's answer is checked by
routering.controle and a plan that breaks a constraint is never stored as valid.

Geometry: homes are PC4 centroids (CBS), schools their DUO location, projected to km around the mean latitude;
travel distance = straight line × the gemeente's wegfactor, time = distance / speed (settings, until a road
network is available). Times are minutes since midnight.

Direction 'heen': pick up at home, deliver at school between (begin − marge) and (begin − 5 minutes); 'terug':
pick up at school from the end of the day, deliver at home. Each pupil's maximum ride time is their own limit,
else the gemeente's (setting)."""

import math

from django.utils import timezone

from passend.core.jobs import JobFout, job_handler
from passend.register.models import Postcodegebied

from .models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig, Vorm
from .routering import controle
from .routering.model import Probleem, Punt, Verzoek
from .routering.model import Voertuig as RVoertuig

KM_PER_GRAAD_LAT = 110.574


def minuten(t) -> float:
    return t.hour * 60 + t.minute


def klok(m: float) -> str:
    m = int(round(m))
    return f"{m // 60:02d}:{m % 60:02d}"


class Projectie:
    """Equirectangular projection to km around a reference latitude: accurate to well under 1 % within a region."""

    def __init__(self, lat0: float):
        self.kx = 111.320 * math.cos(math.radians(lat0))

    def punt(self, lat: float, lon: float) -> Punt:
        return Punt(lon * self.kx, lat * KM_PER_GRAAD_LAT)

    def terug(self, p: Punt) -> tuple[float, float]:
        return p.y / KM_PER_GRAAD_LAT, p.x / self.kx


def probleem_voor(gemeente_id, swv_id, richting: str):
    """(Probleem, aanvragen by id, vehicles by id, projection, settings) for one gemeente and direction."""
    inst = Vervoersinstellingen.voor(gemeente_id)
    aanvragen = list(Vervoersaanvraag.objects.filter(
        gemeente_id=gemeente_id, swv_id=swv_id, status=Vervoersaanvraag.Status.TOEGEKEND, vorm=Vorm.AANGEPAST)
        .select_related("school", "leerling"))
    voertuigen = list(Voertuig.objects.filter(gemeente_id=gemeente_id, actief=True))
    pc4s = {a.pc4 for a in aanvragen} | {v.depot_pc4 for v in voertuigen}
    centra = dict((p, (lat, lon)) for p, lat, lon in Postcodegebied.objects.filter(
        pc4__in=pc4s, lat__isnull=False).values_list("pc4", "lat", "lon"))
    bruikbaar = [a for a in aanvragen if a.pc4 in centra and a.school.lat is not None]
    if not bruikbaar:
        raise JobFout("Geen leerlingen met een bekende woon- en schoolligging om te plannen.")
    lat0 = sum(centra[a.pc4][0] for a in bruikbaar) / len(bruikbaar)
    proj = Projectie(lat0)
    snelheid = float(inst.snelheid_kmh)
    # Minutes per straight-line km: the road is wegfactor times longer than the straight line.
    tijd_per_km = 60.0 / snelheid * float(inst.wegfactor)
    begin, eind = minuten(inst.schooltijd_begin), minuten(inst.schooltijd_eind)
    verzoeken = []
    for a in bruikbaar:
        thuis = proj.punt(*centra[a.pc4])
        school = proj.punt(a.school.lat, a.school.lon)
        max_rit = float(a.max_rit_minuten or inst.max_rit_minuten)
        if richting == Routeplanning.Richting.HEEN:
            v = Verzoek(str(a.pk), thuis, school, (begin - 180, begin - 5),
                        (begin - inst.aankomst_marge_min, begin - 5), max_rit, 1, 1,
                        zitplaatsen=0 if a.rolstoel else 1, rolstoel=1 if a.rolstoel else 0, alleen=a.alleen_reizen)
        else:
            v = Verzoek(str(a.pk), school, thuis, (eind, eind + 20), (eind, eind + 180), max_rit, 1, 1,
                        zitplaatsen=0 if a.rolstoel else 1, rolstoel=1 if a.rolstoel else 0, alleen=a.alleen_reizen)
        verzoeken.append(v)
    rv = []
    for v in voertuigen:
        if v.depot_pc4 not in centra:
            continue
        if richting == Routeplanning.Richting.HEEN:
            venster = (minuten(v.beschikbaar_van), minuten(v.beschikbaar_tot))
        else:  # the afternoon shift: from an hour before the end of school until three hours after
            venster = (eind - 60, eind + 180)
        rv.append(RVoertuig(str(v.pk), proj.punt(*centra[v.depot_pc4]), v.zitplaatsen, v.rolstoelplaatsen,
                            beschikbaar=venster))
    if not rv:
        raise JobFout("Geen actieve voertuigen met een bekende standplaats.")
    probleem = Probleem(tuple(verzoeken), tuple(rv), tijd_per_eenheid=tijd_per_km)
    return probleem, {str(a.pk): a for a in bruikbaar}, {str(v.pk): v for v in voertuigen}, proj, inst


def resultaat_van(probleem, oplossing, aanvragen, voertuigen, proj, wegfactor: float = 1.0) -> dict:
    """What is stored and shown: per route the stops with clock times and positions, each pupil's ride time."""
    routes = []
    for r in oplossing.routes:
        if not r.bezoeken:
            continue
        v = probleem.voertuig(r.voertuig_id)
        haltes = []
        for b in r.bezoeken:
            q = probleem.verzoek(b.verzoek_id)
            p = q.ophaal if b.soort == "ophaal" else q.aflever
            lat, lon = proj.terug(p)
            haltes.append({"aanvraag": int(b.verzoek_id), "soort": b.soort, "tijd": klok(b.begin),
                           "minuut": round(b.begin, 1), "lat": round(lat, 5), "lon": round(lon, 5)})
        dlat, dlon = proj.terug(v.depot)
        routes.append({"voertuig": int(r.voertuig_id), "naam": voertuigen[r.voertuig_id].naam,
                       "vertrek": klok(r.vertrek), "terug": klok(r.terug), "depot": [round(dlat, 5), round(dlon, 5)],
                       "haltes": haltes, "km": round(_route_km(probleem, r) * wegfactor, 1)})
    ritten = {vid: round(oplossing.rittijd(vid), 1) for vid in aanvragen if vid not in oplossing.niet_ingepland}
    return {"routes": routes, "rittijden": ritten, "niet_ingepland": [int(i) for i in oplossing.niet_ingepland]}


def _route_km(probleem, route) -> float:
    from .routering.model import route_afstand

    return route_afstand(probleem, route)


@job_handler("vervoer-planning")
def plannen(job, voortgang):
    from .routering import ortools_planner

    p = Routeplanning.objects.get(pk=job.parameters["planning"])
    Routeplanning.objects.filter(pk=p.pk).update(status=Routeplanning.Status.BEZIG)
    try:
        probleem, aanvragen, voertuigen, proj, inst = probleem_voor(p.gemeente_id, p.swv_id, p.richting)
        voortgang(5, f"{len(probleem.verzoeken)} leerlingen, {len(probleem.voertuigen)} voertuigen")
        oplossing = ortools_planner.plan(
            probleem, seconden=p.seconden,
            voortgang=lambda f, tekst: voortgang(5 + int(85 * max(0.0, min(1.0, f))), tekst))
        voortgang(92, "Controle van elke route")
        schendingen = controle.controleer(probleem, oplossing)
        if schendingen:
            # Never shown as a valid plan: the job fails with what was broken.
            raise JobFout("De planner gaf routes die een eis breken; ze worden niet getoond.",
                          [s.tekst for s in schendingen[:10]])
        resultaat = resultaat_van(probleem, oplossing, aanvragen, voertuigen, proj, float(inst.wegfactor))
        ritten = list(resultaat["rittijden"].values())
        kengetallen = {
            "leerlingen": len(probleem.verzoeken), "ingepland": len(probleem.verzoeken) - len(oplossing.niet_ingepland),
            "voertuigen": oplossing.voertuigen_gebruikt, "km": round(sum(r["km"] for r in resultaat["routes"]), 1),
            "langste_rit": max(ritten) if ritten else 0, "gemiddelde_rit": round(sum(ritten) / len(ritten), 1)
            if ritten else 0, "seconden": round(oplossing.seconden, 1), "gecontroleerd": timezone.now().isoformat(),
        }
        Routeplanning.objects.filter(pk=p.pk).update(status=Routeplanning.Status.KLAAR, resultaat=resultaat,
                                                     kengetallen=kengetallen, fout="")
        voortgang(100, "Klaar")
        return {"samenvatting": f"{kengetallen['ingepland']} leerlingen in {kengetallen['voertuigen']} voertuigen, "
                                f"{kengetallen['km']} km"}
    except JobFout as e:
        Routeplanning.objects.filter(pk=p.pk).update(status=Routeplanning.Status.FOUT,
                                                     fout="\n".join([e.bericht, *e.details]))
        raise
    except Exception:
        Routeplanning.objects.filter(pk=p.pk).update(status=Routeplanning.Status.FOUT,
                                                     fout="De planning is mislukt door een fout in Passend.")
        raise
