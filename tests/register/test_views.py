"""Pupil pages: list (search, filters, paging, scope), dossier (403 + audit), forms (validation, scope)."""

import datetime as dt

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.register.models import Inschrijving, Leerling
from tests.factories import (
    DossiertoegangFactory,
    InschrijvingFactory,
    LeerlingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory(code="PO2301")


@pytest.fixture
def school(swv):
    return SchoolFactory(naam="De Regenboog", regio_swv_po=swv)


@pytest.fixture
def andere_school(swv):
    return SchoolFactory(naam="De Klimop", regio_swv_po=swv)


@pytest.fixture
def medewerker(swv):
    return RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv, user__username="j.jansen")


@pytest.fixture
def school_rol(swv, school):
    return RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school])


def _leerling(swv, school, **kw):
    leerling = LeerlingFactory(swv=swv, **kw)
    InschrijvingFactory(leerling=leerling, school=school)
    return leerling


# --- list -------------------------------------------------------------------------------------------------

def test_list_shows_only_visible_pupils(login, swv, school, andere_school, school_rol):
    eigen = _leerling(swv, school, achternaam="Bakker")
    vreemd = _leerling(swv, andere_school, achternaam="Visser")
    ander_swv = LeerlingFactory(achternaam="Smit")
    html = login(school_rol).get(reverse("register:leerlingen")).content.decode()
    assert "Bakker" in html
    assert "Visser" not in html and "Smit" not in html
    assert eigen.pk and vreemd.pk and ander_swv.pk


def test_search_by_name_and_birth_date_narrows(login, swv, school, medewerker):
    _leerling(swv, school, voornaam="Daan", tussenvoegsel="de", achternaam="Vries", geboortedatum=dt.date(2015, 3, 1))
    _leerling(swv, school, voornaam="Emma", tussenvoegsel="de", achternaam="Vries", geboortedatum=dt.date(2016, 4, 2))
    _leerling(swv, school, voornaam="Sem", achternaam="Jansen", geboortedatum=dt.date(2015, 3, 1))
    client = login(medewerker)
    namen = lambda r: [lln.voornaam for lln in r.context["page"].object_list]  # noqa: E731
    assert namen(client.get(reverse("register:leerlingen"), {"q": "VRIES"})) == ["Daan", "Emma"]
    assert namen(client.get(reverse("register:leerlingen"), {"q": "daan vries"})) == ["Daan"]
    assert namen(client.get(reverse("register:leerlingen"), {"geboortedatum": "2015-03-01"})) == ["Sem", "Daan"]
    response = client.get(reverse("register:leerlingen"), {"q": "vries", "geboortedatum": "01-03-2015"})
    assert namen(response) == ["Daan"]
    assert "1 leerling gevonden" in response.content.decode()


def test_naam_met_apostrof_wordt_veilig_getoond_en_gevonden(login, swv, school, medewerker):
    kind = _leerling(swv, school, voornaam="Ma'ryam", achternaam="d'Hondt")
    client = login(medewerker)
    response = client.get(reverse("register:leerlingen"), {"q": "d'hondt"})
    assert [lln.pk for lln in response.context["page"].object_list] == [kind.pk]
    html = response.content.decode()
    assert "d&#x27;Hondt" in html and "d'Hondt" not in html


def test_filter_by_school_and_active_enrolment(login, swv, school, andere_school, medewerker):
    a = _leerling(swv, school, achternaam="Aarts")
    b = _leerling(swv, andere_school, achternaam="Boer")
    c = LeerlingFactory(swv=swv, achternaam="Claes")
    InschrijvingFactory(leerling=c, school=school, begindatum=dt.date(2020, 8, 1), einddatum=dt.date(2021, 7, 1))
    client = login(medewerker)

    def namen(**params):
        return [lln.achternaam for lln in client.get(reverse("register:leerlingen"), params).context["page"].object_list]

    assert namen(school=school.pk) == ["Aarts", "Claes"]
    assert namen(school=school.pk, actief="ja") == ["Aarts"]
    assert namen(actief="nee") == ["Claes"]
    assert namen(actief="ja") == ["Aarts", "Boer"]
    form = client.get(reverse("register:leerlingen")).context["form"]
    assert set(form.fields["school"].queryset) == {school, andere_school}
    assert a.pk and b.pk


def test_list_pages_by_25_and_keeps_filters_in_page_links(login, swv, school, medewerker):
    for i in range(30):
        _leerling(swv, school, voornaam=f"Kind{i:02d}", achternaam="Pagina")
    client = login(medewerker)
    first = client.get(reverse("register:leerlingen"), {"q": "pagina"})
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert "30 leerlingen gevonden" in html
    assert "?q=pagina&amp;page=2" in html
    second = client.get(reverse("register:leerlingen"), {"q": "pagina", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_query_count_does_not_grow_with_rows(login, swv, school, medewerker):
    for _ in range(3):
        _leerling(swv, school)
    client = login(medewerker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("register:leerlingen"))
    for _ in range(20):
        _leerling(swv, school)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("register:leerlingen"))
    assert len(many) == len(few)


# --- dossier ----------------------------------------------------------------------------------------------

def test_dossier_shows_data_and_records_view(login, swv, school, medewerker):
    leerling = _leerling(swv, school, voornaam="Lotte", achternaam="Mulder", postcode="8011AB", huisnummer="12")
    oud = InschrijvingFactory(leerling=leerling, school=SchoolFactory(naam="Oude School", regio_swv_po=swv),
                              begindatum=dt.date(2019, 8, 1), einddatum=dt.date(2022, 7, 15))
    OuderKindFactory(leerling=leerling, ouder=OuderFactory(swv=swv, voornaam="Petra", achternaam="Mulder"),
                     heeft_gezag=True)
    response = login(medewerker).get(reverse("register:leerling", args=[leerling.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Lotte Mulder</h1>" in html
    assert "8011 AB" in html and "12" in html
    assert "Oude School" in html and "15-07-2022" in html and "Beëindigd" in html and "Actief" in html
    assert "Petra Mulder" in html and "Heeft gezag" in html
    assert AuditEvent.objects.filter(actie="view", leerling_id=leerling.pk, gebruikersnaam="j.jansen").count() == 1
    assert oud.pk


def test_timeline_lines_name_time_user_role_action_object_and_fields(login, swv, school, medewerker):
    leerling = _leerling(swv, school)
    client = login(medewerker)
    ins = Inschrijving.objects.get(leerling=leerling)
    client.post(reverse("register:inschrijving_beeindigen", args=[ins.pk]), {"einddatum": "2026-01-31"})
    html = client.get(reverse("register:leerling", args=[leerling.pk])).content.decode()
    assert "j.jansen (SWV-medewerker) · gewijzigd · Inschrijving · velden: einddatum" in html
    assert "· bekeken · Leerling" in html


def test_school_user_opening_other_schools_pupil_gets_403_and_denied_is_recorded(
        login, swv, andere_school, school_rol):
    vreemd = _leerling(swv, andere_school)
    response = login(school_rol).get(reverse("register:leerling", args=[vreemd.pk]))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert AuditEvent.objects.filter(actie="denied", leerling_id=vreemd.pk, user=school_rol.user).exists()
    assert not AuditEvent.objects.filter(actie="view", leerling_id=vreemd.pk).exists()


def test_unknown_pupil_is_404_in_dutch(login, medewerker):
    response = login(medewerker).get(reverse("register:leerling", args=[999999]))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_school_user_does_not_see_the_audit_timeline(login, swv, school, school_rol):
    leerling = _leerling(swv, school)
    html = login(school_rol).get(reverse("register:leerling", args=[leerling.pk])).content.decode()
    assert "Tijdlijn" not in html and "bekeken" not in html


def test_parent_sees_own_child_read_only(login, swv, school):
    rol = RolFactory(rol=Rol.OUDER, swv=swv)
    kind = _leerling(swv, school)
    OuderKindFactory(leerling=kind, ouder=OuderFactory(swv=swv, user=rol.user))
    client = login(rol)
    response = client.get(reverse("register:leerling", args=[kind.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert kind.naam in html
    assert reverse("register:leerling_bewerken", args=[kind.pk]) not in html
    assert "Tijdlijn" not in html
    assert client.get(reverse("register:leerling_bewerken", args=[kind.pk])).status_code == 403
    assert client.get(reverse("register:leerling", args=[_leerling(swv, school).pk])).status_code == 403


def test_deskundige_sees_assigned_dossier_only(login, swv, school):
    rol = RolFactory(rol=Rol.DESKUNDIGE, swv=swv)
    toegewezen = _leerling(swv, school)
    DossiertoegangFactory(user=rol.user, leerling=toegewezen)
    client = login(rol)
    assert client.get(reverse("register:leerling", args=[toegewezen.pk])).status_code == 200
    assert client.get(reverse("register:leerling", args=[_leerling(swv, school).pk])).status_code == 403


# --- forms ------------------------------------------------------------------------------------------------

def _nieuw(school=None, **over):
    data = {"voornaam": "Noor", "tussenvoegsel": "van", "achternaam": "Dijk", "geboortedatum": "2016-05-04",
            "postcode": "8011 ab", "huisnummer": "3a", "school": school.pk if school else "",
            "begindatum": "2022-08-22" if school else ""}
    data.update(over)
    return data


def test_school_user_creates_pupil_enrolled_at_own_school(login, swv, school, school_rol):
    response = login(school_rol).post(reverse("register:leerling_nieuw"), _nieuw(school))
    leerling = Leerling.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("register:leerling", args=[leerling.pk])
    assert leerling.swv == swv and leerling.postcode == "8011AB" and leerling.naam == "Noor van Dijk"
    assert list(leerling.inschrijvingen.values_list("school", flat=True)) == [school.pk]
    assert AuditEvent.objects.filter(actie="create", object_type="register.leerling", object_id=str(leerling.pk)).exists()
    assert AuditEvent.objects.filter(actie="create", object_type="register.inschrijving", leerling_id=leerling.pk).exists()


def test_school_user_cannot_enrol_new_pupil_at_another_school(login, swv, andere_school, school_rol):
    response = login(school_rol).post(reverse("register:leerling_nieuw"), _nieuw(andere_school))
    assert response.status_code == 200
    assert "Kies een school uit de lijst" in response.content.decode()
    assert Leerling.objects.count() == 0


def test_school_user_must_give_a_school(login, school_rol):
    response = login(school_rol).post(reverse("register:leerling_nieuw"), _nieuw(None))
    assert "Kies de school" in response.content.decode()
    assert Leerling.objects.count() == 0


def test_bad_form_keeps_typed_values_and_saves_nothing(login, school, medewerker):
    data = _nieuw(school, postcode="80111", geboortedatum="2099-01-01", achternaam="Typfout-Achternaam")
    response = login(medewerker).post(reverse("register:leerling_nieuw"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul de postcode in als vier cijfers en twee letters" in html
    assert "De geboortedatum kan niet in de toekomst liggen" in html
    assert 'value="Typfout-Achternaam"' in html and 'value="80111"' in html
    assert 'aria-invalid="true"' in html and "Er is niets opgeslagen" in html
    assert Leerling.objects.count() == 0 and Inschrijving.objects.count() == 0
    assert not AuditEvent.objects.filter(actie="create").exists()


def test_roles_without_change_right_cannot_open_forms(login, swv, school):
    kind = _leerling(swv, school)
    for rol in (Rol.DESKUNDIGE, Rol.OUDER, Rol.SCHOOLBESTUUR, Rol.LEERPLICHT, Rol.BEHEERDER):
        client = login(RolFactory(rol=rol, swv=swv))
        assert client.get(reverse("register:leerling_nieuw")).status_code == 403, rol
        assert client.post(reverse("register:leerling_nieuw"), _nieuw(school)).status_code == 403, rol
    assert list(Leerling.objects.all()) == [kind]


def test_edit_pupil_records_changed_fields(login, swv, school, medewerker):
    kind = _leerling(swv, school, voornaam="Sara", achternaam="Kok", postcode="8011AB", huisnummer="1")
    data = {"voornaam": "Sara", "tussenvoegsel": "", "achternaam": "Kok", "geboortedatum": kind.geboortedatum.isoformat(),
            "postcode": "8012CD", "huisnummer": "7"}
    response = login(medewerker).post(reverse("register:leerling_bewerken", args=[kind.pk]), data)
    assert response.status_code == 302
    kind.refresh_from_db()
    assert (kind.postcode, kind.huisnummer) == ("8012CD", "7")
    event = AuditEvent.objects.filter(actie="update", object_type="register.leerling").get()
    assert sorted(event.velden) == ["huisnummer", "postcode"]


def test_school_user_cannot_edit_other_schools_pupil(login, swv, andere_school, school_rol):
    vreemd = _leerling(swv, andere_school)
    client = login(school_rol)
    response = client.post(reverse("register:leerling_bewerken", args=[vreemd.pk]), {"voornaam": "X"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actie="denied", leerling_id=vreemd.pk).exists()


def test_add_enrolment_and_end_it(login, swv, school, andere_school, medewerker):
    kind = _leerling(swv, school)
    client = login(medewerker)
    url = reverse("register:inschrijving_nieuw", args=[kind.pk])
    bad = client.post(url, {"school": andere_school.pk, "begindatum": "2025-08-25", "einddatum": "2025-01-01"})
    assert "De einddatum mag niet vóór de begindatum liggen" in bad.content.decode()
    assert kind.inschrijvingen.count() == 1
    dubbel = client.post(url, {"school": school.pk, "begindatum": "2025-08-25"})
    assert "staat al actief ingeschreven" in dubbel.content.decode()
    ok = client.post(url, {"school": andere_school.pk, "begindatum": "2025-08-25"})
    assert ok.status_code == 302
    nieuw = kind.inschrijvingen.get(school=andere_school)
    end_url = reverse("register:inschrijving_beeindigen", args=[nieuw.pk])
    te_vroeg = client.post(end_url, {"einddatum": "2025-08-01"})
    assert "mag niet vóór de begindatum" in te_vroeg.content.decode()
    nieuw.refresh_from_db()
    assert nieuw.einddatum is None
    assert client.post(end_url, {"einddatum": "2025-12-19"}).status_code == 302
    nieuw.refresh_from_db()
    assert nieuw.einddatum == dt.date(2025, 12, 19)


def test_school_user_ending_enrolment_loses_the_pupil_and_lands_on_list(login, swv, school, school_rol):
    kind = _leerling(swv, school)
    ins = kind.inschrijvingen.get()
    response = login(school_rol).post(reverse("register:inschrijving_beeindigen", args=[ins.pk]),
                                      {"einddatum": "2024-01-01"})
    assert response.status_code == 302 and response["Location"] == reverse("register:leerlingen")


def test_school_user_cannot_end_the_pupils_enrolment_at_another_school(db, login):
    import datetime as _dt

    from passend.accounts.models import Rol as _Rol
    from passend.register.models import Inschrijving as _Inschrijving
    from tests.factories import InschrijvingFactory as _IF
    from tests.factories import LeerlingFactory as _LF
    from tests.factories import RolFactory as _RF
    from tests.factories import SchoolFactory as _SF

    leerling = _LF()
    eigen = _SF(regio_swv_po=leerling.swv)
    andere = _SF(regio_swv_po=leerling.swv)
    _IF(leerling=leerling, school=eigen)
    elders = _IF(leerling=leerling, school=andere, begindatum=_dt.date(2019, 8, 20), einddatum=None)
    rol = _RF(rol=_Rol.SCHOOL, swv=leerling.swv, scholen=[eigen])
    client = login(rol)
    url = f"/leerlingen/inschrijvingen/{elders.pk}/beeindigen/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"einddatum": "01-09-2026"}).status_code == 403
    assert _Inschrijving.objects.get(pk=elders.pk).einddatum is None
