"""The permission matrix: every role x every object type x list/view/change, allowed exactly where intended.

One world with two tenants (SWV A and SWV B). The expectations below are the policy, written out as a table;
the test checks the list scoping (`visible`) and the object rule set (`can`) against it, for every cell.
"""

import datetime as dt

import pytest

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.core.access import can, visible
from tests.factories import (
    DossiertoegangFactory,
    InschrijvingFactory,
    JobFactory,
    LeerlingFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolbestuurFactory,
    SchoolFactory,
)

R = Rol
ALL = set(Rol)
STAF = {R.SWV_MEDEWERKER, R.SWV_DIRECTEUR}
NONE: set = set()
# The 'school' role is bound to S1, 'deskundige' is assigned P2, 'ouder' is P1's parent, 'leerling' is P1 with an
# own account (who does not see the parents' records); all roles are in SWV A.
# object name -> (roles that may list and view it, roles that may change it)
MATRIX = {
    "swv_a": (ALL, {R.BEHEERDER}),
    "swv_b": (ALL, NONE),
    "school_s1": (ALL, {R.BEHEERDER}),
    "school_b": (ALL, NONE),
    "bestuur_a": (ALL, {R.BEHEERDER}),
    "p1_at_s1": (STAF | {R.SCHOOL, R.OUDER, R.LEERLING}, STAF | {R.SCHOOL}),
    "p2_at_s2_assigned": (STAF | {R.DESKUNDIGE}, STAF),
    "p3_left_s1": (STAF, STAF),
    "p4_expired_assignment": (STAF, STAF),
    "pb_other_tenant": (NONE, NONE),
    "inschrijving_p1": (STAF | {R.SCHOOL, R.OUDER, R.LEERLING}, STAF | {R.SCHOOL}),
    "inschrijving_p3_old_s1": (STAF, STAF),
    "inschrijving_p1_earlier_s2": (STAF | {R.SCHOOL, R.OUDER, R.LEERLING}, STAF),
    "inschrijving_pb": (NONE, NONE),
    "ouder_of_p1": (STAF | {R.SCHOOL, R.OUDER}, STAF | {R.SCHOOL}),
    "ouderkind_p1": (STAF | {R.SCHOOL, R.OUDER}, STAF | {R.SCHOOL}),
    "ouder_of_pb": (NONE, NONE),
    "audit_a": (STAF | {R.BEHEERDER}, NONE),
    "audit_b": (NONE, NONE),
    "user_colleague_a": ({R.BEHEERDER}, {R.BEHEERDER}),
    "user_b": (NONE, NONE),
    "rol_colleague_a": ({R.BEHEERDER}, {R.BEHEERDER}),
    "rol_b": (NONE, NONE),
    "job_of_beheerder": ({R.BEHEERDER}, NONE),
    "toegang_p2": (STAF | {R.DESKUNDIGE}, STAF),
}


@pytest.fixture
def world(db):
    today = dt.date.today()
    a = SamenwerkingsverbandFactory(code="PO2305")
    b = SamenwerkingsverbandFactory(code="PO2707")
    bestuur = SchoolbestuurFactory()
    s1 = SchoolFactory(regio_swv_po=a, bestuur=bestuur)
    s2 = SchoolFactory(regio_swv_po=a, bestuur=bestuur)
    sb = SchoolFactory(regio_swv_po=b)
    roles = {r: RolFactory(rol=r, swv=a) for r in Rol}
    roles[R.SCHOOL].scholen.set([s1])
    roles[R.SCHOOLBESTUUR].bestuur = bestuur
    roles[R.SCHOOLBESTUUR].save()

    p1 = LeerlingFactory(swv=a)
    i1 = InschrijvingFactory(leerling=p1, school=s1)
    i1_s2 = InschrijvingFactory(leerling=p1, school=s2, begindatum=today - dt.timedelta(days=900),
                                einddatum=today - dt.timedelta(days=400))
    ok1 = OuderKindFactory(leerling=p1)
    ok1.ouder.user = roles[R.OUDER].user
    ok1.ouder.save()
    p1.user = roles[R.LEERLING].user  # P1 (16+) has an own account
    p1.save()
    p2 = LeerlingFactory(swv=a)
    InschrijvingFactory(leerling=p2, school=s2)
    toegang = DossiertoegangFactory(user=roles[R.DESKUNDIGE].user, leerling=p2)
    p3 = LeerlingFactory(swv=a)
    i3 = InschrijvingFactory(leerling=p3, school=s1, begindatum=today - dt.timedelta(days=800),
                             einddatum=today - dt.timedelta(days=1))
    InschrijvingFactory(leerling=p3, school=s2, begindatum=today)
    p4 = LeerlingFactory(swv=a)
    InschrijvingFactory(leerling=p4, school=s2)
    DossiertoegangFactory(user=roles[R.DESKUNDIGE].user, leerling=p4, geldig_tot=today - dt.timedelta(days=1))
    pb = LeerlingFactory(swv=b)
    ib = InschrijvingFactory(leerling=pb, school=sb)
    okb = OuderKindFactory(leerling=pb)
    colleague = RolFactory(rol=R.SWV_MEDEWERKER, swv=a)
    rol_b = RolFactory(rol=R.BEHEERDER, swv=b)
    audit_a = AuditEvent.objects.create(gebruikersnaam="x", swv=a, actie="view", object_type="register.leerling")
    audit_b = AuditEvent.objects.create(gebruikersnaam="y", swv=b, actie="view", object_type="register.leerling")
    job = JobFactory(aangemaakt_door=roles[R.BEHEERDER].user, swv=a)
    objects = {
        "swv_a": a, "swv_b": b, "school_s1": s1, "school_b": sb, "bestuur_a": bestuur,
        "p1_at_s1": p1, "p2_at_s2_assigned": p2, "p3_left_s1": p3, "p4_expired_assignment": p4,
        "pb_other_tenant": pb, "inschrijving_p1": i1, "inschrijving_p3_old_s1": i3,
        "inschrijving_p1_earlier_s2": i1_s2, "inschrijving_pb": ib,
        "ouder_of_p1": ok1.ouder, "ouderkind_p1": ok1, "ouder_of_pb": okb.ouder, "audit_a": audit_a,
        "audit_b": audit_b, "user_colleague_a": colleague.user, "user_b": rol_b.user, "rol_colleague_a": colleague,
        "rol_b": rol_b, "job_of_beheerder": job, "toegang_p2": toegang,
    }
    return roles, objects


CELLS = [(rol, name) for rol in Rol for name in MATRIX]


def test_matrix_covers_every_object_type(world):
    _, objects = world
    types = {type(o) for o in objects.values()}
    from passend.core import access

    scoped = {
        m for m in vars(access).values() if isinstance(m, type) and hasattr(m, "_meta") and not m._meta.abstract
    }
    missing = {m.__name__ for m in scoped} - {t.__name__ for t in types} - {"Gemeente"}
    assert not missing, f"object types without a row in the matrix: {missing}"


@pytest.mark.parametrize(("rol_code", "name"), CELLS, ids=[f"{r.value}-{n}" for r, n in CELLS])
def test_permission_matrix(world, rol_code, name):
    roles, objects = world
    rol = roles[rol_code]
    obj = objects[name]
    may_view, may_change = MATRIX[name]
    model = type(obj)
    listed = visible(rol, model).filter(pk=obj.pk).exists()
    assert listed == (rol_code in may_view), f"list: {rol_code} / {name}"
    assert can(rol, "view", obj) == (rol_code in may_view), f"view: {rol_code} / {name}"
    assert can(rol, "change", obj) == (rol_code in may_change), f"change: {rol_code} / {name}"
    assert visible(rol, model, "change").filter(pk=obj.pk).exists() == (rol_code in may_change)


def test_own_user_and_role_are_visible_to_everyone(world):
    roles, _ = world
    for rol in roles.values():
        assert can(rol, "view", rol.user) and visible(rol, type(rol.user)).filter(pk=rol.user_id).exists()
        assert can(rol, "view", rol)


def test_deactivated_role_sees_nothing(world):
    roles, objects = world
    rol = roles[R.SWV_MEDEWERKER]
    rol.actief = False
    rol.save()
    assert not can(rol, "view", objects["p1_at_s1"])
    assert not visible(rol, type(objects["p1_at_s1"])).exists()
