"""Start page per role, menu, jobs list and job detail."""

import datetime as dt

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.audit.services import record
from passend.core.models import Job
from passend.register.models import Soort
from tests.factories import (
    DossiertoegangFactory,
    GemeenteFactory,
    InschrijvingFactory,
    JobFactory,
    LeerlingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory(code="PO2301", naam="Passend Primair Zwolle")


def test_start_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "next=/" in response["Location"]


def test_start_swv_staff_shows_counts_schools_per_soort_and_recent_audit(login, swv):
    SchoolFactory(soort=Soort.BAO, regio_swv_po=swv, leerlingen=200)
    SchoolFactory(soort=Soort.BAO, regio_swv_po=swv, leerlingen=100)
    SchoolFactory(soort=Soort.SBO, regio_swv_po=swv, leerlingen=80)
    SchoolFactory(soort=Soort.BAO)  # other region: not counted
    ins = InschrijvingFactory(leerling__swv=swv, school__regio_swv_po=swv)
    LeerlingFactory(swv=swv)  # no enrolment
    LeerlingFactory()  # other tenant
    rol = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv)
    response = login(rol).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html
    panels = response.context["panels"]
    leerlingen = next(p for p in panels if p.titel == "Leerlingen in Passend").context
    assert (leerlingen["totaal"], leerlingen["actief"], leerlingen["zonder_school"]) == (2, 1, 1)
    scholen = next(p for p in panels if p.titel == "Scholen in de regio").context
    per_soort = {r["soort"]: r["aantal"] for r in scholen["per_soort"]}
    # the enrolment's school is a third BAO school in the region
    assert per_soort == {"BAO": 3, "SBO": 1}
    audit = next(p for p in panels if "audittrail" in p.titel).context
    assert ins.leerling_id in {e.leerling_id for e in audit["events"]}
    assert {e.swv_id for e in audit["events"]} == {swv.pk}


def test_start_school_shows_own_school_with_duo_and_passend_counts(login, swv):
    mijn = SchoolFactory(naam="De Regenboog", regio_swv_po=swv, leerlingen=321)
    InschrijvingFactory(leerling__swv=swv, school=mijn)
    InschrijvingFactory(leerling__swv=swv, school=mijn, einddatum=dt.date(2023, 7, 1))  # ended
    InschrijvingFactory(leerling__swv=swv)  # another school
    rol = RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[mijn])
    response = login(rol).get("/")
    html = response.content.decode()
    assert "De Regenboog" in html and "321" in html
    scholen = next(p for p in response.context["panels"] if p.titel == "Mijn school").context["scholen"]
    assert [(s.naam, s.in_passend) for s in scholen] == [("De Regenboog", 1)]
    lijst = next(p for p in response.context["panels"] if p.titel.startswith("Leerlingen van mijn school"))
    assert lijst.context["totaal"] == 1


def test_start_deskundige_lists_assigned_dossiers_only(login, swv):
    rol = RolFactory(rol=Rol.DESKUNDIGE, swv=swv)
    mijn = DossiertoegangFactory(user=rol.user, leerling__swv=swv, leerling__voornaam="Fenna")
    DossiertoegangFactory(user=rol.user, leerling__swv=swv, leerling__voornaam="Verlopen",
                          geldig_tot=dt.date(2020, 1, 1))
    DossiertoegangFactory(leerling__swv=swv, leerling__voornaam="Ander")
    html = login(rol).get("/").content.decode()
    assert mijn.leerling.naam in html
    assert "Verlopen" not in html and "Ander" not in html


def test_start_ouder_sees_own_children(login, swv):
    rol = RolFactory(rol=Rol.OUDER, swv=swv)
    ouder = OuderFactory(swv=swv, user=rol.user)
    kind = OuderKindFactory(ouder=ouder, leerling__swv=swv).leerling
    vreemd = LeerlingFactory(swv=swv)
    html = login(rol).get("/").content.decode()
    assert kind.naam in html
    assert vreemd.naam not in html


def test_start_schoolbestuur_shows_its_schools_with_duo_totals(login, swv):
    bestuur = SchoolbestuurFactory(naam="Stichting Kans")
    SchoolFactory(naam="School Een", bestuur=bestuur, leerlingen=100)
    SchoolFactory(naam="School Twee", bestuur=bestuur, leerlingen=50)
    SchoolFactory(naam="School Ander")
    rol = RolFactory(rol=Rol.SCHOOLBESTUUR, swv=swv, bestuur=bestuur)
    response = login(rol).get("/")
    html = response.content.decode()
    assert "School Een" in html and "School Twee" in html and "School Ander" not in html
    panel = next(p for p in response.context["panels"] if "Stichting Kans" in p.titel)
    assert panel.context["totaal"] == 150


def test_start_gemeente_role_sees_schools_in_its_gemeente_and_module_note(login, swv):
    gemeente = GemeenteFactory(naam="Kampen")
    SchoolFactory(gemeente=gemeente, soort=Soort.BAO)
    SchoolFactory(gemeente=gemeente, soort=Soort.VSO)
    SchoolFactory(soort=Soort.BAO)  # Zwolle
    rol = RolFactory(rol=Rol.VERVOER, swv=swv, gemeente=gemeente)
    response = login(rol).get("/")
    panel = next(p for p in response.context["panels"] if p.titel == "Scholen in de gemeente Kampen")
    assert {r["soort"]: r["aantal"] for r in panel.context["per_soort"]} == {"BAO": 1, "VSO": 1}
    assert "volgt in een volgende versie" in response.content.decode()
    # Leerplicht has its module now (the thuiszitters register): no "follows later" note.
    leerplicht = RolFactory(rol=Rol.LEERPLICHT, swv=swv, gemeente=gemeente)
    response = login(leerplicht).get("/")
    assert any(p.titel == "Scholen in de gemeente Kampen" for p in response.context["panels"])
    assert "volgt in een volgende versie" not in response.content.decode()


def test_start_beheerder_shows_users_jobs_and_register_link(login, swv):
    rol = RolFactory(rol=Rol.BEHEERDER, swv=swv)
    RolFactory(swv=swv)
    RolFactory()  # other tenant
    JobFactory(swv=swv, titel="Eerdere import", aangemaakt_door=rol.user)
    response = login(rol).get("/")
    html = response.content.decode()
    gebruikers = next(p for p in response.context["panels"] if p.titel == "Gebruikers")
    assert gebruikers.context["aantal"] == 2
    assert "Eerdere import" in html
    assert reverse("core:register_bijwerken") in html


def test_menu_marks_current_page_and_shows_role(login, swv):
    rol = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv, user__first_name="Jan", user__last_name="Jansen")
    html = login(rol).get(reverse("scholen:lijst")).content.decode()
    assert f'href="{reverse("scholen:lijst")}" aria-current="page"' in html
    assert f'href="{reverse("register:leerlingen")}" aria-current' not in html
    assert "Jan Jansen" in html and "SWV-medewerker" in html
    assert 'class="skip-link" href="#inhoud"' in html


def test_user_without_role_gets_a_clear_start_page_and_403_elsewhere(client):
    user = UserFactory()
    client.force_login(user)
    assert "geen actieve rol" in client.get("/").content.decode()
    response = client.get(reverse("register:leerlingen"))
    assert response.status_code == 403
    assert "geen actieve rol" in response.content.decode()


# --- jobs -------------------------------------------------------------------------------------------------

def test_jobs_list_shows_only_visible_jobs(login, swv):
    rol = RolFactory(rol=Rol.BEHEERDER, swv=swv)
    JobFactory(swv=swv, titel="Import van ons")
    JobFactory(swv=SamenwerkingsverbandFactory(), titel="Import van anderen")
    html = login(rol).get(reverse("core:taken")).content.decode()
    assert "Import van ons" in html
    assert "Import van anderen" not in html


def test_job_of_another_tenant_is_refused(login, swv):
    rol = RolFactory(rol=Rol.BEHEERDER, swv=swv)
    job = JobFactory(swv=SamenwerkingsverbandFactory())
    assert login(rol).get(reverse("core:taak", args=[job.pk])).status_code == 403


def test_running_job_page_polls_progress_with_htmx(login, swv):
    rol = RolFactory(rol=Rol.BEHEERDER, swv=swv)
    job = JobFactory(swv=swv, status=Job.Status.BEZIG, voortgang=40, bericht="Scholen lezen")
    client = login(rol)
    html = client.get(reverse("core:taak", args=[job.pk])).content.decode()
    url = reverse("core:taak_voortgang", args=[job.pk])
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert '<progress max="100" value="40"' in html and "aria-labelledby" in html
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "Scholen lezen" in fragment.content.decode()


def test_finished_job_stops_polling(login, swv):
    rol = RolFactory(rol=Rol.BEHEERDER, swv=swv)
    job = JobFactory(swv=swv, status=Job.Status.KLAAR, voortgang=100, bericht="Klaar")
    client = login(rol)
    assert "hx-get" not in client.get(reverse("core:taak", args=[job.pk])).content.decode()
    fragment = client.get(reverse("core:taak_voortgang", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx stops polling on 286


def test_register_update_is_for_beheerder_only(login, swv):
    rol = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv)
    client = login(rol)
    assert client.get(reverse("core:register_bijwerken")).status_code == 403
    assert client.post(reverse("core:register_bijwerken")).status_code == 403
    assert Job.objects.count() == 0


def test_audit_panel_shows_tenant_events_only(login, swv):
    rol = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv)
    eigen = LeerlingFactory(swv=swv)
    andere = LeerlingFactory()
    record("view", eigen)
    record("view", andere)
    response = login(rol).get("/")
    audit = next(p for p in response.context["panels"] if "audittrail" in p.titel).context
    ids = {e.leerling_id for e in audit["events"]}
    assert eigen.pk in ids and andere.pk not in ids
