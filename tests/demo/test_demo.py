"""The demo: one real PO SWV with its real schools, synthetic pupils, a user for every role; seeded and
idempotent."""

import pytest
from django.core.management import call_command

from passend.accounts.models import Rol, Roltoekenning, User
from passend.demo.builder import DEMO_SWV, DEMO_USERS, demo_password
from passend.register.models import Inschrijving, Leerling, School, Soort


@pytest.fixture
def demo(register_real, capsys):
    call_command("demo")
    return capsys.readouterr().out


def test_demo_builds_real_swv_with_every_role(demo):
    member_schools = School.objects.filter(regio_swv_po__code=DEMO_SWV, soort__in=[Soort.BAO, Soort.SBO]).count()
    assert 100 <= member_schools <= 200
    pupils = Leerling.objects.filter(swv__code=DEMO_SWV)
    assert 500 <= pupils.count() <= 5000
    # Every pupil has a current enrolment at a real school of the region.
    assert not pupils.exclude(inschrijvingen__einddatum__isnull=True).exists()
    assert set(Roltoekenning.objects.filter(swv__code=DEMO_SWV).values_list("rol", flat=True)) == set(Rol.values)
    for du in DEMO_USERS:
        assert du.username in demo
    assert demo_password() in demo


def test_demo_is_idempotent_and_deterministic(demo, capsys):
    names = list(Leerling.objects.order_by("pk").values_list("voornaam", "achternaam", "geboortedatum")[:50])
    counts = (Leerling.objects.count(), Inschrijving.objects.count(), User.objects.count())
    call_command("demo")
    assert "bestond al" in capsys.readouterr().out
    assert (Leerling.objects.count(), Inschrijving.objects.count(), User.objects.count()) == counts
    # Rebuilding from scratch gives the same pupils (seeded).
    Inschrijving.objects.all().delete()
    Leerling.objects.all().delete()
    call_command("demo")
    again = list(Leerling.objects.order_by("pk").values_list("voornaam", "achternaam", "geboortedatum")[:50])
    assert again == names


def test_every_demo_user_can_log_in_and_sees_their_start_page(demo, client):
    for du in DEMO_USERS:
        response = client.post("/account/inloggen/", {"username": du.username, "password": demo_password()},
                               follow=True)
        assert response.status_code == 200, du.username
        assert response.wsgi_request.user.username == du.username
        assert response.wsgi_request.path == "/", du.username
        client.post("/account/uitloggen/")


def test_demo_school_user_sees_only_own_school_pupils(demo):
    from passend.core.access import visible

    rol = Roltoekenning.objects.get(user__username="ib")
    seen = visible(rol, Leerling)
    assert seen.exists()
    school = rol.scholen.get()
    assert not seen.exclude(inschrijvingen__school=school).exists()
    ouder = Roltoekenning.objects.get(user__username="ouder")
    assert visible(ouder, Leerling).count() == 2
