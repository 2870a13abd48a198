"""Audit pages: overview with filters and paging, CSV exports (scoped, recorded), a pupil's trail."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.models import Rol
from passend.audit.context import Actor, acting_as
from passend.audit.models import AuditEvent
from passend.audit.services import record
from tests.factories import InschrijvingFactory, LeerlingFactory, RolFactory, SamenwerkingsverbandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory(code="PO2301")


@pytest.fixture
def directeur(swv):
    return RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv)


def _als(username, swv, actie, obj, **kw):
    with acting_as(Actor(user_id=None, gebruikersnaam=username, rol="swv_medewerker", rol_swv_id=swv.pk)):
        return record(actie, obj, **kw)


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_overview_shows_tenant_rows_only_and_filters(login, swv, directeur):
    eigen = LeerlingFactory(swv=swv)
    vreemd = LeerlingFactory()
    _als("a.de.boer", swv, "view", eigen)
    _als("p.smit", swv, "update", eigen, velden=["postcode"])
    record("view", vreemd)
    client = login(directeur)
    response = client.get(reverse("audit:overzicht"))
    ids = {e.leerling_id for e in response.context["page"].object_list}
    assert eigen.pk in ids and vreemd.pk not in ids
    gefilterd = client.get(reverse("audit:overzicht"), {"gebruiker": "smit"}).context["page"].object_list
    assert [e.gebruikersnaam for e in gefilterd] == ["p.smit"]
    bekeken = client.get(reverse("audit:overzicht"), {"actie": "view", "leerling": eigen.pk}).context["page"]
    assert [e.gebruikersnaam for e in bekeken.object_list] == ["a.de.boer"]
    today = timezone.localdate()
    morgen = client.get(reverse("audit:overzicht"), {"van": (today + dt.timedelta(days=1)).isoformat()})
    assert morgen.context["page"].paginator.count == 0
    vandaag = client.get(reverse("audit:overzicht"), {"van": today.isoformat(), "tot": today.isoformat()})
    assert vandaag.context["page"].paginator.count >= 2


def test_overview_pages_by_50(login, swv, directeur):
    leerling = LeerlingFactory(swv=swv)
    for _ in range(55):
        _als("x", swv, "view", leerling)
    client = login(directeur)
    response = client.get(reverse("audit:overzicht"), {"gebruiker": "x"})
    assert len(response.context["page"].object_list) == 50
    assert len(client.get(reverse("audit:overzicht"), {"gebruiker": "x", "page": 2}).context["page"].object_list) == 5


def test_roles_without_audit_right_are_refused(login, swv):
    leerling = InschrijvingFactory(leerling__swv=swv).leerling
    for rol in (Rol.SCHOOL, Rol.DESKUNDIGE, Rol.OUDER, Rol.SCHOOLBESTUUR, Rol.LEERPLICHT):
        client = login(RolFactory(rol=rol, swv=swv))
        assert client.get(reverse("audit:overzicht")).status_code == 403, rol
        assert client.get(reverse("audit:export")).status_code == 403, rol
        assert client.get(reverse("audit:leerling", args=[leerling.pk])).status_code == 403, rol


def test_csv_export_contains_rows_in_scope_only_and_is_recorded(login, swv, directeur):
    eigen = LeerlingFactory(swv=swv)
    vreemd = LeerlingFactory()
    _als("a.de.boer", swv, "update", eigen, velden=["achternaam"])
    record("view", vreemd)
    response = login(directeur).get(reverse("audit:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    body = _csv(response)
    lines = body.strip().splitlines()
    assert lines[0].startswith("tijdstip;gebruiker;rol;actie")
    assert any(f";{eigen.pk};" in line and "achternaam" in line for line in lines[1:])
    assert not any(f";{vreemd.pk};" in line for line in lines[1:])
    export = AuditEvent.objects.get(actie="export")
    assert export.user == directeur.user and export.swv == swv


def test_pupil_trail_and_its_export(login, swv, directeur):
    leerling = LeerlingFactory(swv=swv)
    ander = LeerlingFactory(swv=swv)
    _als("a.de.boer", swv, "update", leerling, velden=["postcode"])
    _als("a.de.boer", swv, "view", ander)
    client = login(directeur)
    response = client.get(reverse("audit:leerling", args=[leerling.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a.de.boer (SWV-medewerker) · gewijzigd · Leerling · velden: postcode" in html
    assert {e.leerling_id for e in response.context["page"].object_list} == {leerling.pk}
    body = _csv(client.get(reverse("audit:leerling_export", args=[leerling.pk])))
    assert "postcode" in body and f";{ander.pk};" not in body
    assert AuditEvent.objects.filter(actie="export", leerling_id=leerling.pk).exists()


def test_pupil_trail_of_another_tenant_is_refused_and_recorded(login, directeur):
    vreemd = LeerlingFactory()
    assert login(directeur).get(reverse("audit:leerling", args=[vreemd.pk])).status_code == 403
    assert AuditEvent.objects.filter(actie="denied", leerling_id=vreemd.pk).exists()


def test_audit_pages_offer_no_change_or_delete(login, swv, directeur):
    _als("a", swv, "view", LeerlingFactory(swv=swv))
    client = login(directeur)
    html = client.get(reverse("audit:overzicht")).content.decode()
    before = AuditEvent.objects.count()
    main = html.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]
    assert 'method="post"' not in main
    for url in (reverse("audit:overzicht"), reverse("audit:export")):
        assert client.post(url).status_code == 405
    assert AuditEvent.objects.count() == before
