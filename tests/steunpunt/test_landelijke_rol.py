"""The Steunpunt role belongs to no SWV: every page of the platform either serves it or refuses it cleanly, and it
never sees a pupil."""

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.navigation import MENU
from passend.register.models import Leerling
from tests.factories import (
    InschrijvingFactory,
    LeerlingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None, user__first_name="Sanne", user__last_name="Steunpuntmedewerker")


def test_elke_menupagina_van_elke_rol_geeft_een_nette_reactie(steunpunt, login):
    swv = SamenwerkingsverbandFactory()
    leerling = LeerlingFactory(swv=swv, voornaam="Vincent", achternaam="Verborgenberg")
    InschrijvingFactory(leerling=leerling, school=SchoolFactory(regio_swv_po=swv))
    client = login(steunpunt)
    namen = sorted({item.url_name for items in MENU.values() for item in items})
    for naam in namen:
        r = client.get(reverse(naam))
        assert r.status_code in (200, 302, 403), f"{naam}: {r.status_code}"
        assert "Verborgenberg" not in r.content.decode(), naam
    start = client.get(reverse("core:start")).content.decode()
    assert "landelijk" in start
    assert "Antenne" in start and "Helpdesk" in start


def test_ziet_geen_leerlingen(steunpunt):
    LeerlingFactory(swv=SamenwerkingsverbandFactory())
    assert not visible(steunpunt, Leerling).exists()


def test_openbare_paginas_zonder_inloggen(client):
    for naam in ("steunpunt:home", "steunpunt:artikelen", "steunpunt:activiteiten", "steunpunt:nieuwsbrief"):
        r = client.get(reverse(naam))
        assert r.status_code == 200, naam
        assert "Inloggen" in r.content.decode()
    assert client.get(reverse("steunpunt:helpdesk")).status_code == 302
    assert client.get(reverse("steunpunt:antenne")).status_code == 302


def test_api_alleen_eigen_deel(steunpunt, api):
    client = api(steunpunt)
    assert client.get("/api/v1/leerlingen/").status_code == 403
    assert client.get("/api/v1/toewijzing/aanvragen/").status_code in (403, 404)
    assert client.get("/api/v1/scholen/").status_code == 200
    assert client.get("/api/v1/steunpunt/vragen/").status_code == 200
