"""Property test: list scoping (`visible`, a database filter) and object checks (`can`, Python on the object)
never disagree, for random worlds of tenants, schools, pupils, enrolments, parents, assignments and roles."""

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passend.accounts.models import Dossiertoegang, Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.core.access import can, visible
from passend.core.models import Job
from passend.register.models import Inschrijving, Leerling, Ouder, OuderKind, School, Schoolbestuur
from tests.factories import (
    DossiertoegangFactory,
    InschrijvingFactory,
    JobFactory,
    LeerlingFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
)

MODELS = [Leerling, Inschrijving, Ouder, OuderKind, School, Schoolbestuur, AuditEvent, User, Roltoekenning,
          Dossiertoegang, Job]

day = st.integers(min_value=-400, max_value=400)
enrolment = st.tuples(st.integers(0, 3), day, st.one_of(st.none(), st.integers(0, 500)))
# Mostly tenant 0, where most roles live, so that the interesting cases (a school role and a pupil who left
# its school; an expert whose assignment expired) come up often.
tenant = st.sampled_from([0, 0, 0, 1])
pupil = st.fixed_dictionaries({
    "tenant": tenant,
    "enrolments": st.lists(enrolment, max_size=3),
    "parent_role": st.one_of(st.none(), st.integers(0, 5)),
    "assigned_role": st.one_of(st.none(), st.integers(0, 5)),
    "assignment_end": st.one_of(st.none(), day),
})
role = st.fixed_dictionaries({
    "rol": st.sampled_from(list(Rol) + [Rol.SCHOOL, Rol.SCHOOL, Rol.DESKUNDIGE, Rol.OUDER]),
    "tenant": tenant,
    "schools": st.sets(st.sampled_from([0, 0, 2, 1, 3]), max_size=3),
    "active": st.sampled_from([True, True, True, False]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(pupils=st.lists(pupil, min_size=1, max_size=6), roles=st.lists(role, min_size=1, max_size=6))
def test_visible_and_can_agree(db, pupils, roles):
    today = dt.date.today()
    with transaction.atomic():
        tenants = [SamenwerkingsverbandFactory(code="PO2305"), SamenwerkingsverbandFactory(code="PO2707")]
        schools = [SchoolFactory(regio_swv_po=tenants[i % 2]) for i in range(4)]
        rollen = []
        for r in roles:
            rol = RolFactory(rol=r["rol"], swv=tenants[r["tenant"]], actief=r["active"])
            rol.scholen.set([schools[i] for i in r["schools"]])
            rollen.append(rol)
        for p in pupils:
            leerling = LeerlingFactory(swv=tenants[p["tenant"]])
            for school_i, start, length in p["enrolments"]:
                begin = today + dt.timedelta(days=start)
                end = None if length is None else begin + dt.timedelta(days=length)
                InschrijvingFactory(leerling=leerling, school=schools[school_i], begindatum=begin, einddatum=end)
            if p["parent_role"] is not None:
                ok = OuderKindFactory(leerling=leerling)
                ok.ouder.user = rollen[p["parent_role"] % len(rollen)].user
                ok.ouder.save()
            if p["assigned_role"] is not None:
                end = p["assignment_end"]
                DossiertoegangFactory(
                    leerling=leerling, user=rollen[p["assigned_role"] % len(rollen)].user,
                    geldig_tot=None if end is None else today + dt.timedelta(days=end),
                )
            AuditEvent.objects.create(gebruikersnaam="t", swv=leerling.swv, actie="view",
                                      object_type="register.leerling", leerling_id=leerling.pk)
        JobFactory(aangemaakt_door=rollen[0].user, swv=tenants[0])

        for rol in rollen:
            for model in MODELS:
                for action in ("view", "change"):
                    listed = set(visible(rol, model, action).values_list("pk", flat=True))
                    checked = {o.pk for o in model._default_manager.all() if can(rol, action, o)}
                    assert listed == checked, (rol.rol, model.__name__, action)
        transaction.set_rollback(True)
