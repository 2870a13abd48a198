import io

import pytest
from django.core.management import CommandError, call_command

from passend.accounts.models import Rol, Roltoekenning, User
from tests.factories import SamenwerkingsverbandFactory


@pytest.mark.django_db
def test_first_beheerder_is_created_with_a_strong_password(monkeypatch, capsys):
    SamenwerkingsverbandFactory(code="PO2305")
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    with pytest.raises(CommandError, match="niet sterk genoeg"):
        call_command("maak_beheerder", "jdevries", "--swv", "PO 23-05", "--wachtwoord-stdin")
    assert not User.objects.filter(username="jdevries").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("Een-lang-wachtwoord-2026\n"))
    call_command("maak_beheerder", "jdevries", "--swv", "PO 23-05", "--wachtwoord-stdin")
    rol = Roltoekenning.objects.get(user__username="jdevries")
    assert rol.rol == Rol.BEHEERDER and rol.swv.code == "PO2305"
    assert rol.user.check_password("Een-lang-wachtwoord-2026")
    with pytest.raises(CommandError, match="Onbekend samenwerkingsverband"):
        call_command("maak_beheerder", "x", "--swv", "PO9999", "--wachtwoord-stdin")


@pytest.mark.django_db
def test_steunpunt_medewerker_krijgt_de_landelijke_rol_zonder_swv(monkeypatch):
    with pytest.raises(CommandError, match="--steunpunt"):
        call_command("maak_beheerder", "adviseur", "--wachtwoord-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("Een-lang-wachtwoord-2026\n"))
    call_command("maak_beheerder", "adviseur", "--steunpunt", "--wachtwoord-stdin")
    rol = Roltoekenning.objects.get(user__username="adviseur")
    assert rol.rol == Rol.STEUNPUNT and rol.swv is None
