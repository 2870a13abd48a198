"""Inviting a parent to the parent portal: who may invite, what the invitation creates, the e-mail (without pupil
data), accepting the link once and before it expires, and sending a new link."""

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from passend.accounts import uitnodigingen
from passend.accounts.models import Rol, Roltoekenning, Uitnodiging, User
from passend.audit.models import AuditEvent
from tests.factories import PASSWORD, OuderFactory, OuderKindFactory
from tests.html import bevat_woord
from tests.toewijzing import conftest as _toewijzing

# The shared small world of the toewijzing tests (and its media root), as fixtures of this module.
w = _toewijzing.w
_media = _toewijzing._media

NIEUW_WACHTWOORD = "Zonnebloem-Fiets-42"


@pytest.fixture
def anna(w):
    """A parent of w.leerling with an e-mail address and no account yet."""
    ouder = OuderFactory(swv=w.swv, voornaam="Anna", achternaam="Visser", email="Anna.Visser@example.org", user=None)
    OuderKindFactory(ouder=ouder, leerling=w.leerling, heeft_gezag=True)
    return ouder


def _uitnodigen(rol, ouder, capture):
    with capture(execute=True):
        u = uitnodigingen.ouder_uitnodigen(rol, ouder)
    ouder.refresh_from_db()
    return u


def _token_uit_mail(bericht) -> str:
    m = re.search(r"/account/uitnodiging/([^/\s]+)/", bericht.body)
    assert m, bericht.body
    return m.group(1)


def test_uitnodiging_maakt_account_rol_en_koppeling_en_mailt_zonder_leerlinggegevens(
        w, anna, django_capture_on_commit_callbacks):
    u = _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)

    anna.refresh_from_db()
    user = anna.user
    assert user is not None and user.is_active and not user.has_usable_password()
    assert user.username == "anna.visser@example.org" and user.email == "Anna.Visser@example.org"
    assert Roltoekenning.objects.filter(user=user, rol=Rol.OUDER, swv=w.swv, actief=True).count() == 1
    assert u.user == user and u.aangemaakt_door == w.school.user and u.gebruikt_op is None
    assert dt.timedelta(days=13, hours=23) < u.verloopt - timezone.now() <= dt.timedelta(days=14)

    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["Anna.Visser@example.org"]
    token = _token_uit_mail(bericht)
    # Only the hash is stored, never the token itself.
    assert u.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Uitnodiging.objects.filter(token_hash=token).exists()
    # No pupil data in the e-mail: not the child's name, date of birth, or school (as whole words).
    for geheim in (w.leerling.voornaam, w.leerling.achternaam, w.school_a.naam,
                   w.leerling.geboortedatum.strftime("%d-%m-%Y")):
        assert not bevat_woord(bericht.body, geheim) and not bevat_woord(bericht.subject, geheim), geheim

    # The audit trail has the invitation (who, when) but not the token.
    rij = AuditEvent.objects.get(object_type="accounts.uitnodiging", actie="create")
    assert rij.swv_id == w.swv.pk and "verstuurd" in rij.omschrijving
    for e in AuditEvent.objects.all():
        assert token not in (e.omschrijving + " ".join(e.velden or []) + e.object_id)


def test_alleen_een_ouder_met_e_mail_en_zonder_account(w, anna):
    zonder_mail = OuderFactory(swv=w.swv, email="", user=None)
    OuderKindFactory(ouder=zonder_mail, leerling=w.leerling)
    with pytest.raises(ValidationError, match="geen e-mailadres"):
        uitnodigingen.ouder_uitnodigen(w.school, zonder_mail)
    with pytest.raises(ValidationError, match="al een account"):
        uitnodigingen.ouder_uitnodigen(w.school, w.ouder_record)
    assert not Uitnodiging.objects.exists()


@pytest.mark.parametrize("wie", ["andere_school", "andere_staf", "ouder", "deskundige1", "bestuur", "beheerder"])
def test_wie_niet_mag_uitnodigen(w, anna, wie, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        uitnodigingen.ouder_uitnodigen(getattr(w, wie), anna)
    anna.refresh_from_db()
    assert anna.user is None and not Uitnodiging.objects.exists() and not mail.outbox


def test_swv_medewerker_mag_uitnodigen(w, anna, django_capture_on_commit_callbacks):
    _uitnodigen(w.consulent, anna, django_capture_on_commit_callbacks)
    anna.refresh_from_db()
    assert anna.user is not None and len(mail.outbox) == 1


def test_school_van_een_andere_school_krijgt_403_en_er_gebeurt_niets(w, anna, login):
    client = login(w.andere_school)
    resp = client.post(reverse("accounts:ouder_uitnodigen", args=[anna.pk]))
    assert resp.status_code == 403
    anna.refresh_from_db()
    assert anna.user is None and not mail.outbox
    assert AuditEvent.objects.filter(actie="denied", object_type="register.ouder", object_id=str(anna.pk)).exists()


def test_knop_op_de_leerlingpagina_verstuurt_de_uitnodiging(w, anna, login, django_capture_on_commit_callbacks):
    client = login(w.school)
    pagina = reverse("register:leerling", args=[w.leerling.pk])
    html = client.get(pagina).content.decode()
    assert "Uitnodigen voor het ouderportaal" in html
    assert "Heeft een account" in html  # w.ouder_record already has an account
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("accounts:ouder_uitnodigen", args=[anna.pk]), {"next": pagina}, follow=True)
    assert resp.redirect_chain[-1][0] == pagina
    html = resp.content.decode()
    assert "De uitnodiging voor het ouderportaal is verstuurd naar Anna.Visser@example.org" in html
    assert "Opnieuw uitnodigen" in html and "nog geen wachtwoord gekozen" in html
    assert len(mail.outbox) == 1
    assert "http://testserver/account/uitnodiging/" in mail.outbox[0].body  # the address the school works on
    rij = AuditEvent.objects.get(object_type="accounts.uitnodiging", actie="create")
    assert rij.user_id == w.school.user_id and rij.rol == Rol.SCHOOL


def test_ouder_ziet_geen_uitnodigknop(w, anna, login):
    html = login(w.ouder).get(reverse("register:leerling", args=[w.leerling.pk])).content.decode()
    assert "Uitnodigen voor het ouderportaal" not in html and "Ouderportaal</th>" not in html


def test_uitnodigen_vraagt_tweestapsverificatie_van_de_school(w, anna, login, settings):
    settings.PASSEND_TWO_FACTOR = True
    resp = login(w.school).post(reverse("accounts:ouder_uitnodigen", args=[anna.pk]))
    assert resp.status_code == 403
    anna.refresh_from_db()
    assert anna.user is None


def test_link_zet_wachtwoord_en_logt_in_op_het_ouderportaal(w, anna, client, django_capture_on_commit_callbacks):
    _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    token = _token_uit_mail(mail.outbox[0])
    url = reverse("accounts:uitnodiging", args=[token])

    pagina = client.get(url)
    assert pagina.status_code == 200
    assert "anna.visser@example.org" in pagina.content.decode()  # the username to log in with later

    # Two different passwords, then a weak one: shown on the form in Dutch, nothing saved.
    resp = client.post(url, {"wachtwoord": NIEUW_WACHTWOORD, "wachtwoord2": "iets-anders-123"})
    assert "De twee wachtwoorden zijn niet gelijk" in resp.content.decode()
    resp = client.post(url, {"wachtwoord": "12345678", "wachtwoord2": "12345678"})
    html = resp.content.decode()
    assert "te kort" in html and "alleen uit cijfers" in html
    user = User.objects.get(pk=anna.user_id)
    assert not user.has_usable_password() and Uitnodiging.objects.get().gebruikt_op is None

    resp = client.post(url, {"wachtwoord": NIEUW_WACHTWOORD, "wachtwoord2": NIEUW_WACHTWOORD}, follow=True)
    assert resp.redirect_chain[-1][0] == reverse("ouders:overzicht")
    assert resp.status_code == 200
    assert w.leerling.naam in resp.content.decode()
    assert resp.wsgi_request.rol.rol == Rol.OUDER
    user.refresh_from_db()
    assert user.check_password(NIEUW_WACHTWOORD)
    assert Uitnodiging.objects.get().gebruikt_op is not None
    rij = AuditEvent.objects.get(object_type="accounts.uitnodiging", actie="update")
    assert rij.user_id == user.pk and "geaccepteerd" in rij.omschrijving

    # Later the parent logs in through the ordinary login form.
    client.logout()
    resp = client.post(reverse("accounts:login"), {"username": user.username, "password": NIEUW_WACHTWOORD})
    assert resp.status_code == 302
    assert client.get(reverse("ouders:overzicht")).status_code == 200


def test_gebruikte_link_werkt_niet_meer_en_verandert_niets(w, anna, client, django_capture_on_commit_callbacks):
    _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    token = _token_uit_mail(mail.outbox[0])
    uitnodigingen.uitnodiging_accepteren(token, NIEUW_WACHTWOORD)
    url = reverse("accounts:uitnodiging", args=[token])

    resp = client.get(url)
    assert resp.status_code == 404
    assert "Deze link werkt niet (meer)" in resp.content.decode()
    resp = client.post(url, {"wachtwoord": "Ander-wachtwoord-77", "wachtwoord2": "Ander-wachtwoord-77"})
    assert resp.status_code == 404
    user = User.objects.get(pk=anna.user_id)
    assert user.check_password(NIEUW_WACHTWOORD) and not user.check_password("Ander-wachtwoord-77")
    assert "_auth_user_id" not in client.session
    with pytest.raises(uitnodigingen.OngeldigeUitnodiging):
        uitnodigingen.uitnodiging_accepteren(token, "Ander-wachtwoord-77")


def test_verlopen_link_werkt_niet(w, anna, client, django_capture_on_commit_callbacks):
    u = _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    token = _token_uit_mail(mail.outbox[0])
    Uitnodiging.objects.filter(pk=u.pk).update(verloopt=timezone.now() - dt.timedelta(seconds=1))
    url = reverse("accounts:uitnodiging", args=[token])
    assert client.get(url).status_code == 404
    resp = client.post(url, {"wachtwoord": NIEUW_WACHTWOORD, "wachtwoord2": NIEUW_WACHTWOORD})
    assert resp.status_code == 404 and "Deze link werkt niet (meer)" in resp.content.decode()
    assert not User.objects.get(pk=anna.user_id).has_usable_password()
    assert Uitnodiging.objects.get().gebruikt_op is None


def test_onbekende_link_zegt_niets_over_waarom(client, db):
    resp = client.get(reverse("accounts:uitnodiging", args=["bestaat-niet"]))
    assert resp.status_code == 404
    assert "Deze link werkt niet (meer)" in resp.content.decode()


def test_nieuwe_uitnodiging_vervangt_de_oude_link(w, anna, client, django_capture_on_commit_callbacks):
    eerste = _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    tweede = _uitnodigen(w.consulent, anna, django_capture_on_commit_callbacks)
    oud, nieuw = (_token_uit_mail(b) for b in mail.outbox)
    assert oud != nieuw
    anna.refresh_from_db()
    assert User.objects.filter(email__iexact=anna.email).count() == 1  # the same account, a new link
    assert Roltoekenning.objects.filter(user=anna.user, rol=Rol.OUDER).count() == 1
    eerste.refresh_from_db()
    assert not eerste.is_geldig and tweede.is_geldig

    assert client.get(reverse("accounts:uitnodiging", args=[oud])).status_code == 404
    with pytest.raises(uitnodigingen.OngeldigeUitnodiging):
        uitnodigingen.uitnodiging_accepteren(oud, NIEUW_WACHTWOORD)
    uitnodigingen.uitnodiging_accepteren(nieuw, NIEUW_WACHTWOORD)
    assert User.objects.get(pk=anna.user_id).check_password(NIEUW_WACHTWOORD)
    # Once the parent has chosen a password, inviting again is refused.
    with pytest.raises(ValidationError, match="al een account"):
        uitnodigingen.ouder_uitnodigen(w.school, anna)


def test_gebruikersnaam_blijft_uniek(w, anna, django_capture_on_commit_callbacks):
    bestaand = User.objects.create_user("anna.visser@example.org", password=PASSWORD)
    _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    anna.refresh_from_db()
    assert anna.user != bestaand and anna.user.username == "anna.visser@example.org-2"


def test_mislukte_mail_laat_de_uitnodiging_staan(w, anna, monkeypatch, django_capture_on_commit_callbacks):
    def kapot(*args, **kwargs):
        raise ConnectionRefusedError("SMTP weg")

    monkeypatch.setattr(uitnodigingen, "send_mail", kapot)
    u = _uitnodigen(w.school, anna, django_capture_on_commit_callbacks)
    assert Uitnodiging.objects.filter(pk=u.pk).exists() and anna.user_id == u.user_id
