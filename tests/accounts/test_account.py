from django.test import Client
from rest_framework.authtoken.models import Token

from passend.audit.models import AuditEvent
from tests.factories import PASSWORD, RolFactory


def _real_login(rol) -> Client:
    client = Client()
    assert client.post("/account/inloggen/", {"username": rol.user.username, "password": PASSWORD}).status_code == 302
    return client


def test_account_page_shows_name_roles_and_two_factor(login, swv):
    rol = RolFactory(rol="swv_medewerker", swv=swv, functie="consulent", user__first_name="Marieke",
                     user__last_name="de Vries")
    html = login(rol).get("/account/").content.decode()
    assert "Marieke de Vries" in html
    assert "SWV-medewerker" in html and "consulent" in html
    assert "Tweestapsverificatie" in html and "Niet ingesteld" in html
    assert ">Overal uitloggen</button>" in html


def test_overal_uitloggen_ends_other_sessions_and_tokens(swv):
    rol = RolFactory(swv=swv, user__username="marieke")
    laptop, telefoon = _real_login(rol), _real_login(rol)
    Token.objects.create(user=rol.user)
    assert telefoon.get("/account/").status_code == 200

    response = laptop.post("/account/overal-uitloggen/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/inloggen/"
    assert "U bent overal uitgelogd" in response.content.decode()
    assert telefoon.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 302
    assert not Token.objects.filter(user=rol.user).exists()
    assert AuditEvent.objects.filter(actie="update", object_type="accounts.user", object_id=str(rol.user.pk)).exists()
    # Logging in again works.
    assert _real_login(rol).get("/account/").status_code == 200


def test_overal_uitloggen_is_post_only(login, swv):
    client = login(RolFactory(swv=swv))
    assert client.get("/account/overal-uitloggen/").status_code == 405


def test_rol_wisselen(login, swv, ander_swv):
    eerste = RolFactory(rol="swv_medewerker", swv=swv)
    tweede = RolFactory(rol="beheerder", swv=ander_swv, user=eerste.user)
    client = login(eerste)
    html = client.get("/account/").content.decode()
    assert 'name="rol_id"' in html and '<label for="rol-keuze">' in html
    assert client.get("/account/beheer/").status_code == 403

    response = client.post("/account/rol-wisselen/", {"rol_id": tweede.pk})
    assert response.status_code == 302
    assert client.session["passend_rol_id"] == tweede.pk
    assert client.get("/account/beheer/").status_code == 200


def test_rol_wisselen_refuses_a_role_that_is_not_yours(login, swv):
    eigen = RolFactory(rol="swv_medewerker", swv=swv)
    vreemd = RolFactory(rol="beheerder", swv=swv)
    ingetrokken = RolFactory(rol="beheerder", swv=swv, user=eigen.user, actief=False)
    client = login(eigen)
    for target in (vreemd.pk, ingetrokken.pk, "abc"):
        assert client.post("/account/rol-wisselen/", {"rol_id": target}).status_code == 403
    assert client.session["passend_rol_id"] == eigen.pk


def test_api_token_shown_once_and_revocable(login, swv):
    rol = RolFactory(swv=swv)
    client = login(rol)
    response = client.post("/account/api-token/nieuw/")
    token = Token.objects.get(user=rol.user)
    assert token.key in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = client.get("/account/").content.decode()
    assert token.key not in html and "wordt niet opnieuw getoond" in html

    client.post("/account/api-token/nieuw/")
    assert Token.objects.filter(user=rol.user).count() == 1
    assert not Token.objects.filter(key=token.key).exists()

    client.post("/account/api-token/intrekken/")
    assert not Token.objects.filter(user=rol.user).exists()
    assert "U heeft geen API-token" in client.get("/account/").content.decode()
    velden = AuditEvent.objects.filter(object_id=str(rol.user.pk)).values_list("velden", flat=True)
    assert all("key" not in v for v in velden) and ["api_token"] in list(velden)
