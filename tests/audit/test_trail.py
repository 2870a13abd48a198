"""The audit trail: every create, change and delete of pupil data is on record, with who, role, what and where,
never the values; rows cannot be changed or deleted."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from passend.audit.context import Actor, acting_as
from passend.audit.models import AuditError, AuditEvent
from passend.register.models import Leerling
from tests.factories import InschrijvingFactory, LeerlingFactory, OuderKindFactory, RolFactory

pytestmark = pytest.mark.django_db


def _actor(rol):
    return Actor(user_id=rol.user_id, gebruikersnaam=rol.user.username, rol=rol.rol, rol_swv_id=rol.swv_id,
                 ip="10.1.2.3")


def test_create_change_delete_are_recorded_with_actor_and_field_names_only():
    rol = RolFactory()
    with acting_as(_actor(rol)):
        leerling = LeerlingFactory(swv=rol.swv, achternaam="Bosman", postcode="8011AB")
        leerling.postcode = "8012CD"
        leerling.save()
        leerling.save()  # nothing changed: no row
        pk = leerling.pk
        leerling.delete()
    events = list(AuditEvent.objects.filter(leerling_id=pk).order_by("id"))
    assert [e.actie for e in events] == ["create", "update", "delete"]
    created, updated, deleted = events
    assert {"achternaam", "postcode", "geboortedatum"} <= set(created.velden)
    assert updated.velden == ["postcode"]
    for e in events:
        assert (e.user_id, e.gebruikersnaam, e.rol, e.ip, e.swv_id) == (
            rol.user_id, rol.user.username, "swv_medewerker", "10.1.2.3", rol.swv_id)
        assert e.object_type == "register.leerling" and e.object_id == str(pk)
        # Never the values themselves.
        assert "8012CD" not in str(e.velden) and "Bosman" not in e.omschrijving
    # The trail outlives the pupil record.
    assert not Leerling.objects.filter(pk=pk).exists()


def test_related_records_land_on_the_pupils_timeline():
    leerling = LeerlingFactory()
    inschrijving = InschrijvingFactory(leerling=leerling)
    OuderKindFactory(leerling=leerling)
    inschrijving.einddatum = inschrijving.begindatum
    inschrijving.save()
    types = list(AuditEvent.objects.filter(leerling_id=leerling.pk).values_list("object_type", "actie"))
    assert ("register.inschrijving", "create") in types
    assert ("register.inschrijving", "update") in types
    assert ("register.ouderkind", "create") in types
    assert all(e.swv_id == leerling.swv_id for e in AuditEvent.objects.filter(leerling_id=leerling.pk))


def test_writes_outside_a_request_are_attributed_to_the_system():
    leerling = LeerlingFactory()
    e = AuditEvent.objects.get(leerling_id=leerling.pk, actie="create")
    assert e.gebruikersnaam == "systeem" and e.user_id is None


def test_audit_rows_cannot_be_changed_or_deleted():
    leerling = LeerlingFactory()
    e = AuditEvent.objects.get(leerling_id=leerling.pk)
    e.gebruikersnaam = "iemand anders"
    with pytest.raises(AuditError):
        e.save()
    with pytest.raises(AuditError):
        e.delete()
    with pytest.raises(AuditError):
        AuditEvent.objects.filter(pk=e.pk).delete()
    with pytest.raises(AuditError):
        AuditEvent.objects.filter(pk=e.pk).update(actie="view")
    assert AuditEvent.objects.get(pk=e.pk).gebruikersnaam == "systeem"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_database_refuses_changes_to_audit_rows_on_postgresql():
    leerling = LeerlingFactory()
    e = AuditEvent.objects.get(leerling_id=leerling.pk)
    for sql in ("UPDATE audit_auditevent SET actie = 'view' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [e.pk])
    assert AuditEvent.objects.get(pk=e.pk).actie == "create"


def test_deleting_a_user_keeps_their_audit_rows():
    rol = RolFactory()
    with acting_as(_actor(rol)):
        leerling = LeerlingFactory(swv=rol.swv)
    user = rol.user
    rol.delete()
    user.delete()
    e = AuditEvent.objects.get(leerling_id=leerling.pk)
    assert e.user_id is None and e.gebruikersnaam == user.username
