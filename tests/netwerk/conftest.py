"""A small dekkend-netwerk world on top of the toewijzing world `w` (tests/toewijzing/conftest.py): known
coordinates (so distances are known), two PC4 areas of the region, profiles for three schools and an
ondersteuningsplan. Attribute `n.w` is the toewijzing world (roles: school, andere_school, school_so, consulent,
directeur, bestuur, ouder, leerling_zelf, leerplicht, beheerder, andere_staf).

Geometry (all on longitude 6.09): school_a (De Linde) and PC4 8011 at latitude 52.51; school_b (De Eik) at 52.55,
4.4 km north; SO De Brug at 52.70, 21.1 km north; PC4 8091 at 52.60, 10.0 km north of 8011.

Offer: De Eik gives gedrag (extra, 5 places, 2 taken) and ASS (extra, 3 of 3: full); SO De Brug gives gedrag and
ASS (specialistisch, 20 and 10 places) and ZML, with a waiting list of 7; De Linde gives dyslexie/dyscalculie.
The plan's basisondersteuning covers NT2 (so every regular school offers it)."""

import datetime as dt

import pytest

from passend.netwerk import services
from passend.netwerk.models import Behoefte
from passend.register.models import Postcodegebied
from tests.toewijzing.conftest import _media, w  # noqa: F401  (fixtures used by n)


class Netwerk:
    pass


def behoefte(code) -> Behoefte:
    return Behoefte.objects.get(swv__isnull=True, code=code)


@pytest.fixture
def n(w):  # noqa: F811
    n = Netwerk()
    n.w = w
    for s, lat in ((w.school_a, 52.51), (w.school_b, 52.55), (w.so_school, 52.70)):
        s.lat, s.lon, s.postcode = lat, 6.09, "8011AA"
        s.save()
    Postcodegebied.objects.update_or_create(pc4="8011", defaults={"lat": 52.51, "lon": 6.09, "swv_po": w.swv})
    Postcodegebied.objects.update_or_create(pc4="8091", defaults={"lat": 52.60, "lon": 6.09, "swv_po": w.swv})
    van, tot = dt.date(2024, 8, 1), dt.date(2028, 7, 31)
    b = {c: behoefte(c) for c in ("gedrag", "ass", "zml", "dyslexie-dyscalculie", "nt2", "medisch")}
    n.b = b
    n.plan = services.plan_opslaan(
        w.directeur, None, titel="Ondersteuningsplan 2024-2028", geldig_van=van, geldig_tot=tot,
        opr_instemming_op=dt.date(2024, 4, 15), basisondersteuning="Een dyslexieprotocol\nNT2-begeleiding in de klas",
        basis_behoeften=[b["nt2"]])
    n.profiel_b = services.profiel_opslaan(w.consulent, w.school_b, geldig_van=van, geldig_tot=tot, mr_advies_op=None,
                                           aanbod={b["gedrag"].pk: {"niveau": "extra", "capaciteit": 5, "bezet": 2},
                                                   b["ass"].pk: {"niveau": "extra", "capaciteit": 3, "bezet": 3}})
    n.profiel_so = services.profiel_opslaan(
        w.consulent, w.so_school, geldig_van=van, geldig_tot=tot, mr_advies_op=dt.date(2024, 6, 1),
        plaatsen=80, bezetting=78, wachtlijst=7,
        aanbod={b["gedrag"].pk: {"niveau": "specialistisch", "capaciteit": 20, "bezet": 10},
                b["ass"].pk: {"niveau": "specialistisch", "capaciteit": 10, "bezet": 4},
                b["zml"].pk: {"niveau": "specialistisch", "capaciteit": 12, "bezet": 6}})
    n.profiel_a = services.profiel_opslaan(w.school, w.school_a, geldig_van=van, geldig_tot=tot, mr_advies_op=None,
                                           aanbod={b["dyslexie-dyscalculie"].pk: {"niveau": "extra"}})
    return n
