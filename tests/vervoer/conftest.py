"""A small leerlingenvervoer world on top of the toewijzing world `w` (tests/toewijzing/conftest.py).

Geometry (longitude 6.09 unless said): De Linde (BAO, openbaar) and SO De Brug at latitude 52.51; PC4 8011 at 52.51,
8012 at 52.52 (1.1 km), 8091 at 52.60 (10.0 km north); all three PC4's in gemeente Zwolle. The road factor is
1.3, so 8091 is 13.0 km over the road from the schools.

Pupils: w.leerling (De Linde) lives in 8012; w.leerling_so (SO De Brug) lives in 8091. The vervoer role of
gemeente Zwolle is `v.w.vervoer`. Two vehicles with their depot in 8011: a taxi (4 seats) and a bus (6 seats, 1
wheelchair place)."""

import datetime as dt

import pytest

from passend.register.models import Gemeente, Postcodegebied
from passend.vervoer.models import Vervoersinstellingen, Voertuig
from tests.toewijzing.conftest import _media, w  # noqa: F401  (fixtures used by v)


class Vervoer:
    pass


@pytest.fixture
def v(w):  # noqa: F811
    v = Vervoer()
    v.w = w
    v.zwolle = Gemeente.objects.get(sleutel="zwolle")
    for pc4, lat in (("8011", 52.51), ("8012", 52.52), ("8091", 52.60)):
        Postcodegebied.objects.update_or_create(pc4=pc4, defaults={"lat": lat, "lon": 6.09, "swv_po": w.swv,
                                                                   "gemeente": v.zwolle})
    for s in (w.school_a, w.so_school):
        s.lat, s.lon, s.gemeente = 52.51, 6.09, v.zwolle
        s.save()
    w.school_b.lat, w.school_b.lon = 52.70, 6.09  # far away, out of the picture
    w.school_b.save()
    w.leerling.postcode = "8012AB"
    w.leerling.save()
    w.leerling_so.postcode = "8091AB"
    w.leerling_so.save()
    w.vervoer.gemeente = v.zwolle
    w.vervoer.save()
    Vervoersinstellingen.objects.create(gemeente=v.zwolle)
    v.taxi = Voertuig.objects.create(gemeente=v.zwolle, naam="Taxi 1", zitplaatsen=4, depot_pc4="8011",
                                     beschikbaar_van=dt.time(7, 0), beschikbaar_tot=dt.time(9, 30))
    v.bus = Voertuig.objects.create(gemeente=v.zwolle, naam="Bus 1", zitplaatsen=6, rolstoelplaatsen=1,
                                    depot_pc4="8011", beschikbaar_van=dt.time(7, 0), beschikbaar_tot=dt.time(9, 30))
    return v
