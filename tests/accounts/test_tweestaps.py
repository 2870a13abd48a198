import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, RolFactory

TWEESTAPS = "/account/tweestaps/"
PAGE = "/leerlingen/"


def code_for(device, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def wrong_code(device) -> str:
    valid = {code_for(device, k) for k in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(0, 10**6, 111111)) if c not in valid)


@pytest.fixture
def two_factor(settings):
    settings.PASSEND_TWO_FACTOR = True


def _login(client, rol):
    response = client.post("/account/inloggen/", {"username": rol.user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_staff_is_sent_to_setup_and_a_valid_code_lets_them_through(client, swv, two_factor):
    rol = RolFactory(rol="swv_medewerker", swv=swv, user__username="consulent")
    _login(client, rol)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{TWEESTAPS}?next={PAGE}"

    html = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=rol.user)
    assert not device.confirmed
    assert "<svg" in html and "QR-code" in html
    assert "".join(html.split('class="geheim" id="geheim">')[1].split("<")[0].split()) in device.config_url
    assert 'name="code"' in html and '<label for="id_code">' in html

    response = client.post(TWEESTAPS, {"code": code_for(device), "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    after = client.get(PAGE)
    assert not (after.status_code == 302 and after["Location"].startswith(TWEESTAPS))


def test_wrong_code_keeps_user_on_the_page(client, swv, two_factor):
    rol = RolFactory(rol="swv_directeur", swv=swv, user__username="directeur")
    _login(client, rol)
    client.get(TWEESTAPS)
    device = TOTPDevice.objects.get(user=rol.user)
    response = client.post(TWEESTAPS, {"code": wrong_code(device), "next": PAGE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze code klopt niet" in html
    assert 'aria-describedby="id_code_error"' in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(PAGE)["Location"].startswith(TWEESTAPS)


def test_not_a_number_is_refused(client, swv, two_factor):
    rol = RolFactory(rol="school", swv=swv, user__username="ib")
    _login(client, rol)
    response = client.post(TWEESTAPS, {"code": "abc"})
    assert "De code bestaat uit 6 cijfers" in response.content.decode()


def test_confirmed_device_asks_for_code_only(client, swv, two_factor):
    rol = RolFactory(rol="beheerder", swv=swv, user__username="beheer2")
    device = TOTPDevice.objects.create(user=rol.user, name="app", confirmed=True)
    _login(client, rol)
    html = client.get(TWEESTAPS + "?next=/audit/").content.decode()
    assert "<svg" not in html and "Controleren" in html
    assert client.post(TWEESTAPS, {"code": wrong_code(device), "next": "/audit/"}).status_code == 200
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above started the throttle
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(TWEESTAPS, {"code": code_for(device), "next": "/audit/"})
    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert TOTPDevice.objects.filter(user=rol.user).count() == 1


def test_external_next_is_ignored(client, swv, two_factor):
    rol = RolFactory(rol="beheerder", swv=swv, user__username="beheer3")
    device = TOTPDevice.objects.create(user=rol.user, name="app", confirmed=True)
    _login(client, rol)
    response = client.post(TWEESTAPS, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("core:start")


def test_ouder_is_not_asked_for_two_factor(client, swv, two_factor):
    rol = RolFactory(rol="ouder", swv=swv, user__username="ouder")
    _login(client, rol)
    response = client.get(PAGE)
    assert not (response.status_code == 302 and response["Location"].startswith(TWEESTAPS))


def test_off_switch(client, swv):
    rol = RolFactory(rol="swv_medewerker", swv=swv, user__username="consulent")
    _login(client, rol)
    response = client.get(PAGE)
    assert not (response.status_code == 302 and response["Location"].startswith(TWEESTAPS))
