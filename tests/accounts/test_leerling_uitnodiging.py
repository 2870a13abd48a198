"""Inviting a pupil to an own account (16+, where the SWV allows it) through the pages: the section on the pupil
page, the invitation page with its refusals and errors, the e-mail link that logs the pupil in, and a new
invitation that makes the first link useless."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from passend.accounts.models import Rol, Roltoekenning, Uitnodiging, User
from passend.ouders.models import Portaalinstellingen
from tests.factories import InschrijvingFactory
from tests.toewijzing import conftest as _toewijzing

# The shared small world of the toewijzing tests (and its media root), as fixtures of this module.
w = _toewijzing.w
_media = _toewijzing._media

VANDAAG = dt.date.today()
WACHTWOORD = "Zonnebloem-Fiets-42"
SECTIE = "Eigen account van de leerling"


def jaar_oud(jaren: int) -> dt.date:
    """A birth date on which the pupil is `jaren` old today (1 January: never a 29 February)."""
    return dt.date(VANDAAG.year - jaren, 1, 1)


@pytest.fixture
def sam(w):
    """A pupil of school A of 17, without an account."""
    return InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, leerling__voornaam="Sam",
                               leerling__achternaam="Jansen", leerling__geboortedatum=jaar_oud(17)).leerling


@pytest.fixture
def toegestaan(w):
    return Portaalinstellingen.objects.create(swv=w.swv, leerlingaccounts=True)


def pagina(leerling):
    return reverse("register:leerling", args=[leerling.pk])


def uitnodigen(leerling):
    return reverse("accounts:leerling_uitnodigen", args=[leerling.pk])


def html(r) -> str:
    return r.content.decode()


def token_uit(bericht) -> str:
    m = re.search(r"/account/uitnodiging/([^/\s]+)/", bericht.body)
    assert m, bericht.body
    return m.group(1)


def test_niet_toegestaan_door_het_swv(w, sam, login):
    c = login(w.school)
    tekst = html(c.get(pagina(sam)))
    assert SECTIE in tekst
    assert "Geen eigen account: het samenwerkingsverband staat leerlingaccounts niet toe." in tekst
    assert uitnodigen(sam) not in tekst
    assert c.get(uitnodigen(sam)).status_code == 403
    assert c.post(uitnodigen(sam), {"email": "sam@example.org"}).status_code == 403
    sam.refresh_from_db()
    assert sam.user is None and not mail.outbox


def test_te_jong(w, sam, toegestaan, login):
    sam.geboortedatum = jaar_oud(15)
    sam.save()
    c = login(w.school)
    tekst = html(c.get(pagina(sam)))
    assert "Geen eigen account: de leerling is jonger dan 16 jaar." in tekst
    assert uitnodigen(sam) not in tekst
    assert c.get(uitnodigen(sam)).status_code == 403
    # The SWV lowers the age: now the pupil can get an account.
    toegestaan.minimumleeftijd = 15
    toegestaan.save()
    tekst = html(c.get(pagina(sam)))
    assert "Kan een eigen account krijgen" in tekst and uitnodigen(sam) in tekst


def test_uitnodigingspagina(w, sam, toegestaan, login):
    c = login(w.school)
    tekst = html(c.get(pagina(sam)))
    assert "Kan een eigen account krijgen" in tekst
    assert f'href="{uitnodigen(sam)}"' in tekst and ">Uitnodigen<" in tekst
    r = c.get(uitnodigen(sam))
    assert r.status_code == 200
    tekst = html(r)
    assert "Eigen account voor Sam Jansen" in tekst
    assert "Met een eigen account logt de leerling zelf in" in tekst
    assert 'name="email"' in tekst and "Uitnodiging sturen" in tekst
    assert f'href="{pagina(sam)}"' in tekst
    # SWV staff may invite too.
    assert login(w.consulent).get(uitnodigen(sam)).status_code == 200


def test_fout_e_mailadres_houdt_de_invoer_en_maakt_niets_aan(w, sam, toegestaan, login,
                                                           django_capture_on_commit_callbacks):
    gebruikers = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = login(w.school).post(uitnodigen(sam), {"email": "sam.jansen-at-example"})
    assert r.status_code == 200
    tekst = html(r)
    assert "Vul een geldig e-mailadres van de leerling in." in tekst
    assert 'value="sam.jansen-at-example"' in tekst
    assert User.objects.count() == gebruikers and not Uitnodiging.objects.exists() and not mail.outbox
    sam.refresh_from_db()
    assert sam.user is None


def test_uitnodiging_mail_link_en_inloggen(w, sam, toegestaan, login, django_capture_on_commit_callbacks):
    school = login(w.school)
    with django_capture_on_commit_callbacks(execute=True):
        r = school.post(uitnodigen(sam), {"email": "sam@example.org"}, follow=True)
    assert r.redirect_chain[-1][0] == pagina(sam)
    tekst = html(r)
    assert "De uitnodiging voor een eigen account is verstuurd naar sam@example.org" in tekst
    assert "Uitgenodigd, nog niet geactiveerd" in tekst and "Nieuwe uitnodiging sturen" in tekst
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["sam@example.org"]
    # No pupil data in the e-mail (the full name: a random sender may be called Jansen).
    assert "Sam Jansen" not in bericht.body and "Jansen, Sam" not in bericht.body

    leerling = Client()
    link = reverse("accounts:uitnodiging", args=[token_uit(bericht)])
    welkom = leerling.get(link)
    assert welkom.status_code == 200
    assert "Je school heeft een eigen account voor je gemaakt" in html(welkom) and "ouderportaal" not in html(welkom)
    r = leerling.post(link, {"wachtwoord": WACHTWOORD, "wachtwoord2": WACHTWOORD}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("ouders:leerling")
    assert r.status_code == 200
    assert r.wsgi_request.user.username == "sam@example.org"
    assert r.wsgi_request.rol.rol == Rol.LEERLING
    sam.refresh_from_db()
    assert sam.user.check_password(WACHTWOORD)

    # The OPP list is for schools and parents: the pupil goes to their own overview.
    assert leerling.get(reverse("opp:lijst")).url == reverse("ouders:leerling")

    tekst = html(school.get(pagina(sam)))
    assert "Heeft een eigen account" in tekst and uitnodigen(sam) not in tekst
    r = school.get(uitnodigen(sam))
    assert r.status_code == 200 and "heeft al een eigen account" in html(r) and 'name="email"' not in html(r)


def test_opnieuw_uitnodigen_maakt_de_eerste_link_ongeldig(w, sam, toegestaan, login,
                                                        django_capture_on_commit_callbacks):
    school = login(w.school)
    with django_capture_on_commit_callbacks(execute=True):
        school.post(uitnodigen(sam), {"email": "sam@example.org"})
    r = school.get(uitnodigen(sam))
    tekst = html(r)
    assert "is al uitgenodigd" in tekst and 'value="sam@example.org"' in tekst
    assert "Nieuwe uitnodiging sturen" in tekst
    with django_capture_on_commit_callbacks(execute=True):
        school.post(uitnodigen(sam), {"email": "sam.jansen@example.org"})
    assert len(mail.outbox) == 2
    eerste, tweede = (token_uit(b) for b in mail.outbox)
    assert mail.outbox[1].to == ["sam.jansen@example.org"]

    leerling = Client()
    oud = reverse("accounts:uitnodiging", args=[eerste])
    assert leerling.get(oud).status_code == 404
    r = leerling.post(oud, {"wachtwoord": WACHTWOORD, "wachtwoord2": WACHTWOORD})
    assert r.status_code == 404 and "_auth_user_id" not in leerling.session
    sam.refresh_from_db()
    assert not sam.user.has_usable_password()
    assert Roltoekenning.objects.filter(user=sam.user, rol=Rol.LEERLING).count() == 1

    r = leerling.post(reverse("accounts:uitnodiging", args=[tweede]),
                      {"wachtwoord": WACHTWOORD, "wachtwoord2": WACHTWOORD}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("ouders:leerling") and r.status_code == 200


@pytest.mark.parametrize("wie", ["andere_school", "andere_staf", "ouder", "leerling_zelf"])
def test_anderen_kunnen_niet_uitnodigen(w, sam, toegestaan, login, wie):
    c = login(getattr(w, wie))
    assert c.get(uitnodigen(sam)).status_code == 403
    assert c.post(uitnodigen(sam), {"email": "sam@example.org"}).status_code == 403
    sam.refresh_from_db()
    assert sam.user is None and not mail.outbox


@pytest.mark.parametrize("wie", ["ouder", "leerling_zelf"])
def test_ouder_en_leerling_zien_de_sectie_niet(w, toegestaan, login, wie):
    w.leerling.geboortedatum = jaar_oud(17)
    w.leerling.save()
    r = login(getattr(w, wie)).get(pagina(w.leerling))
    assert r.status_code == 200
    assert SECTIE not in html(r) and uitnodigen(w.leerling) not in html(r)
    # The parents' records are for the parents and the school, not for the pupil's own account.
    ouders_zichtbaar = "Ouders en verzorgers" in html(r) and w.ouder_record.email in html(r)
    assert ouders_zichtbaar == (wie == "ouder")
    # The school does see it (this pupil has an account in the test world).
    assert "Heeft een eigen account" in html(login(w.school).get(pagina(w.leerling)))


def test_account_staat_uit_als_het_swv_leerlingaccounts_uitzet(w, toegestaan, login):
    from passend.ouders import services as portaal

    w.leerling.geboortedatum = jaar_oud(17)
    w.leerling.save()
    portaal.instellingen_opslaan(w.directeur, leerlingaccounts=False, minimumleeftijd=16)
    tekst = html(login(w.school).get(pagina(w.leerling)))
    assert "Heeft een eigen account, maar dat staat uit" in tekst
