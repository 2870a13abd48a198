import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from passend.accounts.models import Roltoekenning, User
from passend.audit.models import AuditEvent
from tests.factories import (
    GemeenteFactory,
    RolFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    UserFactory,
)

NIEUW = "/account/beheer/nieuw/"
STERK = "Zonnebloem-Rivier-83"


def _nieuw(**extra):
    data = {"username": "ib.linde", "first_name": "Ilse", "last_name": "Bakker", "email": "ilse@example.org",
            "password1": STERK, "password2": STERK, "rol": "school", "functie": "IB'er"}
    data.update(extra)
    return data


@pytest.mark.parametrize("rolnaam", ["swv_medewerker", "swv_directeur", "school", "ouder", "deskundige"])
def test_beheer_pages_refused_for_non_beheerder(login, swv, beheerder, rolnaam):
    client = login(RolFactory(rol=rolnaam, swv=swv))
    for url in ("/account/beheer/", NIEUW, f"/account/beheer/{beheerder.user.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post(NIEUW, _nieuw()).status_code == 403
    assert client.post(f"/account/beheer/{beheerder.user.pk}/tweestaps-reset/").status_code == 403
    assert not User.objects.filter(username="ib.linde").exists()


def test_list_shows_own_tenant_only_with_search_filter_and_paging(login, swv, ander_swv, beheerder):
    RolFactory(rol="swv_medewerker", swv=swv, user__username="marieke", user__first_name="Marieke",
               user__last_name="de Vries")
    RolFactory(rol="school", swv=swv, user__username="ilse", user__first_name="Ilse", user__last_name="Bakker")
    RolFactory(rol="swv_medewerker", swv=ander_swv, user__username="elders", user__first_name="Eva")
    client = login(beheerder)
    html = client.get("/account/beheer/").content.decode()
    assert "marieke" in html and "ilse" in html and "elders" not in html

    html = client.get("/account/beheer/?q=marieke vries").content.decode()
    assert "marieke" in html and "ilse" not in html
    html = client.get("/account/beheer/?rol=school").content.decode()
    assert "ilse" in html and "marieke" not in html

    for n in range(30):
        RolFactory(rol="ouder", swv=swv, user__username=f"ouder{n:02d}", user__last_name=f"Ouder {n:02d}")
    page1 = client.get("/account/beheer/?rol=ouder")
    assert len(page1.context["page"].object_list) == 25
    page2 = client.get("/account/beheer/?rol=ouder&pagina=2")
    assert len(page2.context["page"].object_list) == 5
    assert "Pagina 2 van 2" in page2.content.decode()


def test_beheerder_creates_school_user_bound_to_own_school(login, client, swv, beheerder):
    school = SchoolFactory(naam="De Linde", regio_swv_po=swv)
    response = login(beheerder).post(NIEUW, _nieuw(scholen=[school.pk]))
    assert response.status_code == 302
    user = User.objects.get(username="ib.linde")
    rol = Roltoekenning.objects.get(user=user)
    assert (rol.rol, rol.swv, list(rol.scholen.all()), rol.functie) == ("school", swv, [school], "IB'er")
    assert response["Location"] == f"/account/beheer/{user.pk}/"

    events = AuditEvent.objects.filter(actie="create")
    user_event = events.get(object_type="accounts.user")
    assert user_event.object_id == str(user.pk) and user_event.swv_id == swv.pk
    assert "username" in user_event.velden
    rol_event = events.get(object_type="accounts.roltoekenning")
    assert "scholen" in rol_event.velden
    assert not any("password" in " ".join(e.velden) for e in AuditEvent.objects.all())

    client.logout()
    assert client.post("/account/inloggen/", {"username": "ib.linde", "password": STERK}).status_code == 302


def test_school_from_another_swv_is_refused(login, swv, ander_swv, beheerder):
    vreemde_school = SchoolFactory(naam="Ver Weg", regio_swv_po=ander_swv)
    response = login(beheerder).post(NIEUW, _nieuw(scholen=[vreemde_school.pk]))
    assert response.status_code == 200
    assert "Kies alleen scholen uit uw eigen samenwerkingsverband" in response.content.decode()
    assert not User.objects.filter(username="ib.linde").exists()
    assert not AuditEvent.objects.filter(actie="create").exists()


def test_crafted_swv_field_is_ignored(login, swv, ander_swv, beheerder):
    response = login(beheerder).post(NIEUW, _nieuw(rol="swv_medewerker", swv=ander_swv.pk))
    assert response.status_code == 302
    assert Roltoekenning.objects.get(user__username="ib.linde").swv == swv


def test_roles_of_another_swv_cannot_be_touched(login, swv, ander_swv, beheerder):
    vreemde = RolFactory(rol="swv_medewerker", swv=ander_swv)
    TOTPDevice.objects.create(user=vreemde.user, name="app", confirmed=True)
    client = login(beheerder)
    base = f"/account/beheer/{vreemde.user.pk}/"
    assert client.get(base).status_code == 403
    assert client.post(base, {"first_name": "X", "last_name": "Y", "is_active": "on"}).status_code == 403
    assert client.post(base + "rollen/nieuw/", {"rol": "swv_medewerker"}).status_code == 403
    assert client.post(base + f"rollen/{vreemde.pk}/actief/", {"actief": "0"}).status_code == 403
    assert client.post(base + "tweestaps-reset/").status_code == 403
    assert client.post(base + "overal-uitloggen/").status_code == 403
    vreemde.refresh_from_db()
    assert vreemde.actief and vreemde.user.first_name != "X"
    assert Roltoekenning.objects.filter(user=vreemde.user).count() == 1
    assert TOTPDevice.objects.filter(user=vreemde.user).exists()


def test_role_of_other_swv_on_shared_user_cannot_be_deactivated(login, swv, ander_swv, beheerder):
    eigen = RolFactory(rol="swv_medewerker", swv=swv)
    vreemd = RolFactory(rol="swv_medewerker", swv=ander_swv, user=eigen.user)
    client = login(beheerder)
    html = client.get(f"/account/beheer/{eigen.user.pk}/").content.decode()
    assert f"/rollen/{eigen.pk}/actief/" in html and f"/rollen/{vreemd.pk}/actief/" not in html
    assert client.post(f"/account/beheer/{eigen.user.pk}/rollen/{vreemd.pk}/actief/", {"actief": "0"}).status_code == 403
    vreemd.refresh_from_db()
    assert vreemd.actief


def test_bad_form_keeps_typed_values_and_explains_in_dutch(login, swv, beheerder):
    response = login(beheerder).post(NIEUW, _nieuw(password1="kort", password2="kort", rol="school"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ib.linde"' in html and 'value="Ilse"' in html and 'value="ilse@example.org"' in html
    assert '<option value="school" selected>' in html
    assert "Dit wachtwoord is te kort" in html
    assert "Kies ten minste één school" in html
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html
    assert 'id="id_password1_error"' in html
    assert not User.objects.filter(username="ib.linde").exists()


def test_password_mismatch_and_taken_username(login, swv, beheerder):
    client = login(beheerder)
    html = client.post(NIEUW, _nieuw(rol="swv_medewerker", password2=STERK + "x")).content.decode()
    assert "De twee wachtwoorden zijn niet gelijk" in html
    html = client.post(NIEUW, _nieuw(rol="swv_medewerker", username="BEHEER")).content.decode()
    assert "Deze gebruikersnaam is al in gebruik" in html


def test_bindings_for_bestuur_and_gemeente(login, swv, ander_swv, beheerder):
    gemeente = GemeenteFactory(naam="Zwolle")
    swv.gemeenten.add(gemeente)
    vreemde_gemeente = GemeenteFactory(naam="Elders")
    bestuur = SchoolbestuurFactory(naam="Stichting Eigen")
    SchoolFactory(regio_swv_po=swv, bestuur=bestuur)
    vreemd_bestuur = SchoolbestuurFactory(naam="Stichting Vreemd")
    SchoolFactory(regio_swv_po=ander_swv, bestuur=vreemd_bestuur)
    client = login(beheerder)

    assert client.post(NIEUW, _nieuw(username="lp", rol="leerplicht", gemeente=vreemde_gemeente.pk)).status_code == 200
    assert client.post(NIEUW, _nieuw(username="sb", rol="schoolbestuur", bestuur=vreemd_bestuur.pk)).status_code == 200
    assert not User.objects.filter(username__in=["lp", "sb"]).exists()

    assert client.post(NIEUW, _nieuw(username="lp", rol="leerplicht", gemeente=gemeente.pk)).status_code == 302
    assert client.post(NIEUW, _nieuw(username="sb", rol="schoolbestuur", bestuur=bestuur.pk)).status_code == 302
    assert Roltoekenning.objects.get(user__username="lp").gemeente == gemeente
    assert Roltoekenning.objects.get(user__username="sb").bestuur == bestuur


def test_edit_user_add_and_deactivate_role(login, swv, beheerder):
    school = SchoolFactory(regio_swv_po=swv)
    rol = RolFactory(rol="swv_medewerker", swv=swv, user__first_name="Marieke", user__last_name="Vries")
    client = login(beheerder)
    base = f"/account/beheer/{rol.user.pk}/"

    assert client.post(base, {"first_name": "Marieke", "last_name": "de Vries", "email": "m@example.org",
                              "is_active": "on"}).status_code == 302
    rol.user.refresh_from_db()
    assert rol.user.last_name == "de Vries"
    event = AuditEvent.objects.get(actie="update", object_type="accounts.user")
    assert sorted(event.velden) == ["email", "last_name"]

    bad = client.post(base, {"first_name": "", "last_name": "de Vries", "email": "geen-mail", "is_active": "on"})
    assert bad.status_code == 200 and 'value="geen-mail"' in bad.content.decode()

    assert client.post(base + "rollen/nieuw/", {"rol": "school", "scholen": [school.pk]}).status_code == 302
    nieuw = Roltoekenning.objects.get(user=rol.user, rol="school")
    assert list(nieuw.scholen.all()) == [school]

    assert client.post(base + f"rollen/{rol.pk}/actief/", {"actief": "0"}).status_code == 302
    rol.refresh_from_db()
    assert not rol.actief
    assert AuditEvent.objects.filter(actie="update", object_type="accounts.roltoekenning",
                                     object_id=str(rol.pk), velden=["actief"]).exists()


def test_beheerder_cannot_revoke_own_active_role_or_block_self(login, swv, beheerder):
    client = login(beheerder)
    base = f"/account/beheer/{beheerder.user.pk}/"
    response = client.post(base + f"rollen/{beheerder.pk}/actief/", {"actief": "0"}, follow=True)
    assert "niet intrekken" in response.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.actief
    response = client.post(base, {"first_name": "Bea", "last_name": "Beheer", "email": ""})
    assert "eigen account niet blokkeren" in response.content.decode()
    beheerder.user.refresh_from_db()
    assert beheerder.user.is_active


def test_reset_two_factor_and_logout_everywhere_for_a_user(login, swv, beheerder):
    rol = RolFactory(rol="swv_medewerker", swv=swv)
    TOTPDevice.objects.create(user=rol.user, name="app", confirmed=True)
    sleutel = rol.user.sessie_sleutel
    client = login(beheerder)
    base = f"/account/beheer/{rol.user.pk}/"
    assert client.post(base + "tweestaps-reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=rol.user).exists()
    assert client.post(base + "overal-uitloggen/").status_code == 302
    rol.user.refresh_from_db()
    assert rol.user.sessie_sleutel != sleutel
    assert client.get(base).status_code == 200  # the beheerder stays logged in


def test_beheerder_does_not_see_pupil_or_other_users(login, swv, beheerder):
    zonder_rol = UserFactory(username="los")
    client = login(beheerder)
    assert client.get(f"/account/beheer/{zonder_rol.pk}/").status_code == 403
    assert client.get("/account/beheer/999999/").status_code == 404
