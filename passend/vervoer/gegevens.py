"""Reading for leerlingenvervoer: distances from home (PC4 centroid) to the school and to the nearest suitable
school, the rules of the gemeente as a regels.Regels, and what the pupil's TLV says."""

import math

from django.db.models import Q
from django.utils import timezone

from passend.netwerk.regels import afstand_km
from passend.register.models import Inschrijving, Postcodegebied, School, actief_op

from . import regels
from .models import Vervoersinstellingen

# The school types that count as 'the same type' for the nearest-school rule.
ZELFDE_SOORT = {"BAO": ("BAO",), "SBO": ("SBO",), "SO": ("SO", "SO/VSO"), "VSO": ("VSO", "SO/VSO"),
                "SO/VSO": ("SO", "VSO", "SO/VSO"), "VO": ("VO",)}
ZOEKSTRAAL_GRADEN = 0.6  # about 65 km north-south: the nearest suitable school is within it, or it is the school


def punt(pc4: str) -> tuple[float, float] | None:
    p = Postcodegebied.objects.filter(pc4=pc4, lat__isnull=False).values_list("lat", "lon").first()
    return tuple(p) if p else None


def regels_van(inst: Vervoersinstellingen) -> regels.Regels:
    return regels.Regels(
        km_drempel=float(inst.km_drempel), vo_alleen_met_beperking=inst.vo_alleen_met_beperking,
        ov_max_minuten=inst.ov_max_minuten, ov_snelheid_kmh=float(inst.ov_snelheid_kmh),
        snelheid_kmh=float(inst.snelheid_kmh), inkomensgrens=inst.inkomensgrens, drempelbedrag=inst.drempelbedrag,
        draagkracht_km=float(inst.draagkracht_km))


def afstanden(pc4: str, school: School, wegfactor: float) -> tuple[float | None, float | None, School | None]:
    """(distance to the school, distance to the nearest suitable school, that school), over the road (straight
    line × wegfactor). None where a location is unknown."""
    thuis = punt(pc4)
    if thuis is None or school.lat is None:
        return None, None, None
    lat, lon = thuis
    naar_school = afstand_km(lat, lon, school.lat, school.lon) * wegfactor
    soorten = ZELFDE_SOORT.get(school.soort, (school.soort,))
    kandidaten = School.objects.filter(
        soort__in=soorten, lat__isnull=False, lat__range=(lat - ZOEKSTRAAL_GRADEN, lat + ZOEKSTRAAL_GRADEN),
        lon__range=(lon - ZOEKSTRAAL_GRADEN / math.cos(math.radians(lat)),
                    lon + ZOEKSTRAAL_GRADEN / math.cos(math.radians(lat)))).only("pk", "naam", "plaats", "lat", "lon",
                                                                                 "denominatie", "soort")
    beste, beste_km = school, naar_school
    for s in kandidaten:
        if s.pk == school.pk or not regels.zelfde_richting(school.denominatie, s.denominatie):
            continue
        km = afstand_km(lat, lon, s.lat, s.lon) * wegfactor
        if km < beste_km:
            beste, beste_km = s, km
    return naar_school, beste_km, beste


def huidige_school(leerling) -> School | None:
    i = (Inschrijving.objects.filter(leerling=leerling).filter(actief_op()).select_related("school")
         .order_by("-begindatum").first())
    return i.school if i else None


def geldige_tlv(leerling):
    """The pupil's TLV valid today (only soort, categorie and end date are shown to the gemeente)."""
    from passend.toewijzing.models import Tlv

    vandaag = timezone.localdate()
    return (Tlv.objects.filter(leerling=leerling, begindatum__lte=vandaag, einddatum__gte=vandaag)
            .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=vandaag)).order_by("-einddatum").first())


def geldige_tlvs(leerling_ids) -> dict:
    """The TLV valid today per pupil id, in one query (for lists)."""
    from passend.toewijzing.models import Tlv

    vandaag = timezone.localdate()
    uit = {}
    for t in (Tlv.objects.filter(leerling_id__in=list(leerling_ids), begindatum__lte=vandaag, einddatum__gte=vandaag)
              .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=vandaag)).order_by("einddatum")):
        uit[t.leerling_id] = t  # the latest end date wins
    return uit
