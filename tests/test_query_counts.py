"""The number of database queries of a page or API list must not grow with the data (no N+1 queries).

Each test requests a page with little data and again with much more (more rows, or a pupil with a longer
history) and asserts the same number of queries. A page that loads a related row per listed row would
run 27 queries more for 27 rows more; at national scale (300,000 pupils, see bin/bench) that is what
makes a page slow.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Rol
from passend.audit.context import acting_as, actor_for
from passend.audit.services import record
from tests.factories import (
    GemeenteFactory,
    InschrijvingFactory,
    LeerlingFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url, **extra):
    """(number of queries, response) of one GET, after a first GET that settles the session and caches."""
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    return [q["sql"] for q in ctx.captured_queries], response


def assert_same_count(small: list[str], large: list[str], what: str):
    if len(small) != len(large):
        extra = "\n".join(large[len(small):][:10]) if len(large) > len(small) else ""
        pytest.fail(f"{what}: {len(small)} queries with little data, {len(large)} with more data\n{extra}")


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory(code="PO2790")


@pytest.fixture
def eigen_school(swv):
    return SchoolFactory(vestigingscode="27ZZ00", naam="De Wilg", regio_swv_po=swv)


@pytest.fixture
def staf(swv):
    return RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv, user=UserFactory(username="consulent-qc"))


@pytest.fixture
def school_rol(swv, eigen_school):
    return RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[eigen_school], user=UserFactory(username="ib-qc"))


def school(swv, n: int):
    """A school with its own gemeente and bestuur, so a per-row lookup of either would show."""
    return SchoolFactory(
        vestigingscode=f"27{n:04d}"[:6], naam=f"School {n}", regio_swv_po=swv,
        gemeente=GemeenteFactory(naam=f"Gemeente {n}"), bestuur=SchoolbestuurFactory(),
    )


def pupils(swv, eigen_school, start: int, n: int):
    """n pupils, each with an ended enrolment at a school of its own and an active one at eigen_school,
    and a parent."""
    made = []
    for i in range(start, start + n):
        leerling = LeerlingFactory(swv=swv, voornaam=f"Kind{i}", achternaam=f"Testpersoon{i}")
        InschrijvingFactory(leerling=leerling, school=school(swv, 100 + i), begindatum=dt.date(2019, 8, 19),
                            einddatum=dt.date(2022, 7, 15))
        InschrijvingFactory(leerling=leerling, school=eigen_school, begindatum=dt.date(2022, 8, 22))
        OuderKindFactory(leerling=leerling, ouder__swv=swv)
        made.append(leerling)
    return made


# --------------------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("als", ["staf", "school_rol"])
def test_leerlingen_list_does_not_grow_with_pupils(request, login, swv, eigen_school, als):
    client = login(request.getfixturevalue(als))
    url = "/leerlingen/?q=testpersoon"
    pupils(swv, eigen_school, 0, 3)
    small, _ = queries(client, url)
    pupils(swv, eigen_school, 3, 27)
    large, response = queries(client, url)
    assert_same_count(small, large, f"{url} as {als}")
    assert response.content.decode().count("Testpersoon") >= 20  # the extra pupils are listed


def test_dossier_does_not_grow_with_history(login, swv, eigen_school, staf):
    client = login(staf)
    # One enrolment, one parent, only the audit rows of its creation ...
    kort = LeerlingFactory(swv=swv, voornaam="Korte", achternaam="Geschiedenis")
    InschrijvingFactory(leerling=kort, school=eigen_school, begindatum=dt.date(2022, 8, 22))
    OuderKindFactory(leerling=kort, ouder__swv=swv)
    # ... against six enrolments at six schools, four parents and many audit rows.
    lang = LeerlingFactory(swv=swv, voornaam="Lange", achternaam="Geschiedenis")
    for j in range(5):
        InschrijvingFactory(leerling=lang, school=school(swv, 200 + j), begindatum=dt.date(2016 + j, 8, 20),
                            einddatum=dt.date(2017 + j, 7, 10))
    InschrijvingFactory(leerling=lang, school=eigen_school, begindatum=dt.date(2022, 8, 22))
    for j in range(4):
        OuderKindFactory(leerling=lang, ouder__swv=swv, ouder__achternaam=f"Ouder{j}")
    # Many audit rows about the long pupil, by different users.
    for j in range(40):
        user = UserFactory(username=f"collega{j}")
        rol = RolFactory(user=user, swv=swv)
        with acting_as(actor_for(user, rol)):
            record("view", lang)

    small, _ = queries(client, f"/leerlingen/{kort.pk}/")
    large, response = queries(client, f"/leerlingen/{lang.pk}/")
    assert_same_count(small, large, "dossier")
    html = response.content.decode()
    assert "School 204" in html and "Ouder3" in html  # the whole history is on the page


def test_scholen_list_does_not_grow_with_schools(login, swv, staf):
    client = login(staf)
    url = "/scholen/?q=school"
    for n in range(3):
        school(swv, n)
    small, _ = queries(client, url)
    for n in range(3, 30):
        school(swv, n)
    large, response = queries(client, url)
    assert_same_count(small, large, url)
    assert response.content.decode().count("School ") >= 20


def test_audit_list_does_not_grow_with_events(login, swv, eigen_school, staf):
    client = login(staf)
    url = "/audit/"

    def events(start, n):
        for j in range(start, start + n):
            leerling = LeerlingFactory(swv=swv, achternaam=f"Audit{j}")
            user = UserFactory(username=f"auditgebruiker{j}")
            rol = RolFactory(user=user, swv=swv)
            with acting_as(actor_for(user, rol)):
                record("view", leerling)

    events(0, 3)
    small, _ = queries(client, url)
    events(3, 27)
    large, response = queries(client, url)
    assert_same_count(small, large, url)
    assert response.content.decode().count("auditgebruiker") >= 20


# --------------------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------------------

def test_api_leerlingen_does_not_grow(login, swv, eigen_school, staf):
    client = login(staf)
    pupils(swv, eigen_school, 0, 3)
    small, _ = queries(client, "/api/v1/leerlingen/")
    pupils(swv, eigen_school, 3, 27)
    large, response = queries(client, "/api/v1/leerlingen/")
    assert_same_count(small, large, "/api/v1/leerlingen/")
    assert response.json()["count"] == 30


def test_api_scholen_does_not_grow(login, swv, staf):
    client = login(staf)
    url = f"/api/v1/scholen/?swv={swv.code}"
    for n in range(3):
        school(swv, n)
    small, _ = queries(client, url)
    for n in range(3, 30):
        school(swv, n)
    large, response = queries(client, url)
    assert_same_count(small, large, url)
    assert response.json()["count"] == 30


def test_api_inschrijvingen_does_not_grow(login, swv, eigen_school, staf):
    client = login(staf)
    pupils(swv, eigen_school, 0, 3)
    small, _ = queries(client, "/api/v1/inschrijvingen/")
    pupils(swv, eigen_school, 3, 27)
    large, response = queries(client, "/api/v1/inschrijvingen/")
    assert_same_count(small, large, "/api/v1/inschrijvingen/")
    assert response.json()["count"] == 60
