import pytest

from passend.accounts.models import Rol
from tests.factories import (
    DossiertoegangFactory,
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)


@pytest.fixture
def wereld(db):
    """One SWV with two schools and a pupil at each, the roles around them, and a second SWV."""

    class W:
        pass

    w = W()
    w.swv = SamenwerkingsverbandFactory(code="PO2701")
    w.ander_swv = SamenwerkingsverbandFactory(code="PO2702")
    w.school_a = SchoolFactory(vestigingscode="27AA00", naam="De Linde", regio_swv_po=w.swv)
    w.school_b = SchoolFactory(vestigingscode="27BB00", naam="De Eik", regio_swv_po=w.swv)
    w.leerling_a = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, leerling__achternaam="Aalders").leerling
    w.leerling_b = InschrijvingFactory(school=w.school_b, leerling__swv=w.swv, leerling__achternaam="Bakker").leerling
    w.staf = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=w.swv, user=UserFactory(username="consulent"))
    w.school = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.school_a], user=UserFactory(username="ib-linde"))
    w.deskundige = RolFactory(rol=Rol.DESKUNDIGE, swv=w.swv, user=UserFactory(username="deskundige"))
    DossiertoegangFactory(user=w.deskundige.user, leerling=w.leerling_a)
    w.ouder = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="ouder"))
    w.ouder_record = OuderFactory(swv=w.swv, user=w.ouder.user, achternaam="Aalders")
    OuderKindFactory(ouder=w.ouder_record, leerling=w.leerling_a)
    w.andere_staf = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=w.ander_swv, user=UserFactory(username="buren"))
    InschrijvingFactory(school__regio_swv_po=w.ander_swv, leerling__swv=w.ander_swv)
    return w
