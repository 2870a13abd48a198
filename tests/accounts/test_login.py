import importlib
import time

import pytest
from django.urls import reverse

from passend.accounts.middleware import SESSION_LOGIN_AT, SESSION_ROL
from tests.factories import PASSWORD, RolFactory, UserFactory

LOGIN = "/account/inloggen/"


def _post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_has_labelled_fields_and_button(client, db):
    html = client.get(LOGIN).content.decode()
    assert reverse("accounts:login") == LOGIN
    assert '<label for="id_username">Gebruikersnaam' in html
    assert '<label for="id_password">Wachtwoord' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert ">Inloggen</button>" in html


def test_login_ok_sets_first_active_role_and_login_time(client, swv):
    rol_b = RolFactory(rol="swv_medewerker", swv=swv, user__username="marieke")
    RolFactory(rol="school", swv=swv, user=rol_b.user, actief=False)
    rol_a = RolFactory(rol="beheerder", swv=swv, user=rol_b.user)
    before = time.time()
    response = _post_login(client, "marieke")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    session = client.session
    assert session["_auth_user_id"] == str(rol_b.user.pk)
    assert session[SESSION_ROL] == rol_a.pk  # first active role ("beheerder" < "swv_medewerker")
    assert before <= session[SESSION_LOGIN_AT] <= time.time()


def test_wrong_password_shows_message_and_keeps_username(client, swv):
    RolFactory(swv=swv, user__username="marieke")
    response = _post_login(client, "marieke", "fout-wachtwoord")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord is onjuist" in html
    assert 'value="marieke"' in html
    assert 'aria-describedby="inloggen-fout"' in html and 'id="inloggen-fout"' in html
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures(client, swv):
    RolFactory(swv=swv, user__username="marieke")
    for _ in range(4):
        assert _post_login(client, "marieke", "fout").status_code == 200
    response = _post_login(client, "marieke", "fout")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen; probeer het over 15 minuten opnieuw" in response.content.decode()
    # Even the right password is refused while locked.
    response = _post_login(client, "marieke")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, swv):
    RolFactory(swv=swv, user__username="marieke")
    RolFactory(swv=swv, user__username="joost")
    for _ in range(5):
        _post_login(client, "marieke", "fout")
    assert _post_login(client, "joost").status_code == 302


def test_user_without_active_role_is_not_logged_in(client, swv):
    RolFactory(swv=swv, user__username="oud", actief=False)
    UserFactory(username="zonder")
    for name in ("oud", "zonder"):
        response = _post_login(client, name)
        assert response.status_code == 200
        assert "Uw account heeft geen actieve rol" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_blocked_user_cannot_log_in(client, swv):
    RolFactory(swv=swv, user__username="weg", user__is_active=False)
    response = _post_login(client, "weg")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_expired_notice(client, db):
    assert "Uw sessie is verlopen" in client.get(LOGIN + "?verlopen=1").content.decode()
    assert "Uw sessie is verlopen" not in client.get(LOGIN).content.decode()


def test_logout_is_post_only(client, swv):
    rol = RolFactory(swv=swv, user__username="marieke")
    client.force_login(rol.user)
    assert client.get("/account/uitloggen/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/account/uitloggen/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_header_has_logout_button(login, swv):
    client = login(RolFactory(swv=swv))
    html = client.get("/account/").content.decode()
    assert 'action="/account/uitloggen/"' in html and ">Uitloggen</button>" in html


# --- Passwords and sessions -----------------------------------------------------------------------------

def test_argon2_is_first_hasher_in_real_settings():
    real = importlib.import_module("passend.settings")
    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_new_password_is_stored_with_argon2(settings, db):
    real = importlib.import_module("passend.settings")
    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS
    user = UserFactory(username="nieuw")
    user.set_password("Een-lang-wachtwoord-42")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password("Een-lang-wachtwoord-42")


def test_session_settings_present():
    real = importlib.import_module("passend.settings")
    assert real.SESSION_COOKIE_AGE == 30 * 60
    assert real.SESSION_SAVE_EVERY_REQUEST is True
    assert real.PASSEND_SESSION_MAX_HOURS == 10


@pytest.mark.parametrize("hours_ago, expired", [(9.5, False), (10.5, True)])
def test_absolute_session_limit(client, swv, hours_ago, expired):
    RolFactory(swv=swv, user__username="marieke")
    _post_login(client, "marieke")
    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - hours_ago * 3600
    session.save()
    response = client.get("/account/")
    if expired:
        assert response.status_code == 302
        assert response["Location"] == LOGIN + "?verlopen=1"
        assert "_auth_user_id" not in client.session
        assert client.get("/account/").status_code == 302
    else:
        assert response.status_code == 200
