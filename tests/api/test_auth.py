"""Authentication and role selection for /api/v1/."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from passend.accounts.models import Rol
from tests.factories import RolFactory, UserFactory


def test_token_authenticates_and_mij_names_user_and_role(wereld, api):
    response = api(wereld.staf).get("/api/v1/mij/")
    assert response.status_code == 200
    data = response.json()
    assert data["gebruiker"]["gebruikersnaam"] == "consulent"
    assert data["actieve_rol"]["id"] == wereld.staf.pk
    assert data["actieve_rol"]["rol"] == Rol.SWV_MEDEWERKER
    assert data["actieve_rol"]["swv"] == "PO2701"
    assert [r["id"] for r in data["rollen"]] == [wereld.staf.pk]


def test_wrong_token_gives_401_in_dutch(wereld):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/leerlingen/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Inloggen mislukt: de token is onbekend of ingetrokken."}
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_gives_401_in_dutch(wereld):
    response = APIClient().get("/api/v1/leerlingen/")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Niet ingelogd")


def test_logged_out_everywhere_revokes_the_token(wereld, api):
    client = api(wereld.staf)
    assert client.get("/api/v1/leerlingen/").status_code == 200
    wereld.staf.user.overal_uitloggen()
    assert client.get("/api/v1/leerlingen/").status_code == 401


def test_session_login_works_for_the_browser(wereld, login):
    client = login(wereld.school)
    response = client.get("/api/v1/leerlingen/")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [wereld.leerling_a.pk]


def test_header_selects_one_of_the_users_roles(wereld, api):
    tweede = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=wereld.ander_swv, user=wereld.staf.user)
    client = api(wereld.staf, header=False)
    eerste = client.get("/api/v1/leerlingen/", HTTP_X_PASSEND_ROL=str(wereld.staf.pk)).json()
    ander = client.get("/api/v1/leerlingen/", HTTP_X_PASSEND_ROL=str(tweede.pk)).json()
    assert {r["swv"] for r in eerste["results"]} == {"PO2701"}
    assert {r["swv"] for r in ander["results"]} == {"PO2702"}
    mij = client.get("/api/v1/mij/", HTTP_X_PASSEND_ROL=str(tweede.pk)).json()
    assert mij["actieve_rol"]["id"] == tweede.pk
    assert {r["id"] for r in mij["rollen"]} == {wereld.staf.pk, tweede.pk}


def test_header_with_someone_elses_role_is_refused(wereld, api):
    client = api(wereld.school, header=False)
    response = client.get("/api/v1/leerlingen/", HTTP_X_PASSEND_ROL=str(wereld.staf.pk))
    assert response.status_code == 403
    assert "X-Passend-Rol" in response.json()["detail"]


def test_user_without_active_role_is_refused(db, api):
    rol = RolFactory(actief=False, user=UserFactory(username="oud"))
    response = api(rol, header=False).get("/api/v1/leerlingen/")
    assert response.status_code == 403
    assert response.json()["detail"] == "U heeft geen toegang tot deze gegevens."


def test_bad_json_gives_400_in_dutch(wereld, api):
    response = api(wereld.staf).post("/api/v1/leerlingen/", data="{niet: json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."


def test_maak_token_creates_then_shows_the_same_token(wereld, api, capsys):
    call_command("maak_token", "consulent")
    key = capsys.readouterr().out.strip()
    call_command("maak_token", "consulent")
    assert capsys.readouterr().out.strip() == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/mij/").json()["gebruiker"]["gebruikersnaam"] == "consulent"
    call_command("maak_token", "consulent", "--vernieuw")
    nieuw = capsys.readouterr().out.strip()
    assert nieuw != key
    assert client.get("/api/v1/mij/").status_code == 401


def test_maak_token_for_unknown_user_fails(db):
    with pytest.raises(CommandError, match="Onbekende gebruiker: niemand"):
        call_command("maak_token", "niemand")
