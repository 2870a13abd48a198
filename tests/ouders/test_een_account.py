"""One person, one account: a parent with gezag over several children (entered once per child, or twice for the
same child) gets one login that sees all their own children; a second invitation to the same e-mail address links
to that account instead of making a new one. A shared family address of two different parents of one child is
refused (each parent with gezag consents on their own)."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from passend.accounts import uitnodigingen
from passend.accounts.models import Rol, Roltoekenning, User
from passend.opp.models import Instemming
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)
from tests.html import bevat_woord
from tests.ouders.test_portaal import _opp_vastgesteld

WACHTWOORD = "Zonnebloem-Fiets-42"
EMAIL = "petra.dewit@example.org"


@pytest.fixture
def gezin(w):
    """Petra de Wit, mother with gezag of w.leerling and of a second child at the same school, entered once per
    child (as a school does with two aanmeldingen), both records with the same e-mail address (other case)."""
    tweede = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, leerling__voornaam="Jorien",
                                 leerling__achternaam="Wittebrood").leerling
    eerste_record = OuderFactory(swv=w.swv, voornaam="Petra", achternaam="de Wit", email=EMAIL, user=None)
    OuderKindFactory(ouder=eerste_record, leerling=w.leerling, heeft_gezag=True)
    tweede_record = OuderFactory(swv=w.swv, voornaam="Petra", achternaam="de Wit", email="Petra.DeWit@example.org",
                                 user=None)
    OuderKindFactory(ouder=tweede_record, leerling=tweede, heeft_gezag=True)
    return eerste_record, tweede_record, tweede


def _uitnodigen(rol, ouder, capture):
    with capture(execute=True):
        u = uitnodigingen.ouder_uitnodigen(rol, ouder)
    ouder.refresh_from_db()
    return u


def _accepteren(u):
    return uitnodigingen.uitnodiging_accepteren(u.token, WACHTWOORD)


def _portaal(client, user):
    client.force_login(user)
    return client.get(reverse("ouders:overzicht")).content.decode()


def test_tweede_uitnodiging_na_accepteren_koppelt_aan_hetzelfde_account(w, gezin, client,
                                                                       django_capture_on_commit_callbacks):
    eerste, tweede, kind2 = gezin
    user = _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    aantal = User.objects.count()
    mail.outbox.clear()

    assert _uitnodigen(w.school, tweede, django_capture_on_commit_callbacks) is None

    assert User.objects.count() == aantal
    assert tweede.user_id == user.pk
    assert Roltoekenning.objects.filter(user=user, rol=Rol.OUDER, swv=w.swv, actief=True).count() == 1
    # The password stays: the parent gets a short e-mail without a link to set a new one, and no pupil data.
    user.refresh_from_db()
    assert user.check_password(WACHTWOORD)
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["Petra.DeWit@example.org"] and "/account/uitnodiging/" not in bericht.body
    assert "nog een kind" in bericht.body.lower()
    for geheim in (kind2.voornaam, kind2.achternaam, w.leerling.achternaam, w.school_a.naam):
        assert not bevat_woord(bericht.body, geheim), geheim

    html = _portaal(client, user)
    assert w.leerling.naam in html and kind2.naam in html


def test_twee_uitnodigingen_voor_het_accepteren_geven_een_account(w, gezin, client,
                                                                  django_capture_on_commit_callbacks):
    eerste, tweede, kind2 = gezin
    u1 = _uitnodigen(w.school, eerste, django_capture_on_commit_callbacks)
    u2 = _uitnodigen(w.school, tweede, django_capture_on_commit_callbacks)
    assert u2 is not None and u2.user_id == u1.user_id == eerste.user_id == tweede.user_id
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    # The newest link replaces the first one; it opens one account with both children.
    u1.refresh_from_db()
    assert not u1.is_geldig
    with pytest.raises(uitnodigingen.OngeldigeUitnodiging):
        _accepteren(u1)
    user = _accepteren(u2)
    html = _portaal(client, user)
    assert w.leerling.naam in html and kind2.naam in html


def test_ouder_stemt_per_kind_in_met_het_ene_account(w, gezin, login, django_capture_on_commit_callbacks):

    eerste, tweede, kind2 = gezin
    _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    _uitnodigen(w.school, tweede, django_capture_on_commit_callbacks)
    _, versie = _opp_vastgesteld(w, leerling=kind2)
    rol = Roltoekenning.objects.get(user_id=eerste.user_id, rol=Rol.OUDER)
    resp = login(rol).post(reverse("opp:instemmen", args=[versie.pk]), {"besluit": "instemming"})
    assert resp.status_code == 302
    inst = Instemming.objects.get(versie=versie)
    assert inst.ouder_id == tweede.pk and inst.user_id == eerste.user_id


def test_dezelfde_ouder_twee_keer_bij_hetzelfde_kind_krijgt_een_account(w, gezin, django_capture_on_commit_callbacks):
    eerste, _, _ = gezin
    dubbel = OuderFactory(swv=w.swv, voornaam="Petra", achternaam="de Wit", email=EMAIL, user=None)
    OuderKindFactory(ouder=dubbel, leerling=w.leerling, heeft_gezag=True)
    _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    assert _uitnodigen(w.school, dubbel, django_capture_on_commit_callbacks) is None
    assert dubbel.user_id == eerste.user_id
    assert User.objects.filter(email__iexact=EMAIL).count() == 1


def test_gedeeld_gezinsadres_van_een_andere_ouder_wordt_geweigerd(w, gezin, django_capture_on_commit_callbacks):
    eerste, _, _ = gezin
    _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    vader = OuderFactory(swv=w.swv, voornaam="Karel", achternaam="de Wit", email=EMAIL, user=None)
    OuderKindFactory(ouder=vader, leerling=w.leerling, heeft_gezag=True)
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="andere ouder van dit kind"):
        uitnodigingen.ouder_uitnodigen(w.school, vader)
    vader.refresh_from_db()
    assert vader.user_id is None and not mail.outbox


def test_knop_op_de_leerlingpagina_meldt_de_koppeling(w, gezin, login, django_capture_on_commit_callbacks):
    eerste, tweede, kind2 = gezin
    _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    aantal = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        resp = login(w.school).post(reverse("accounts:ouder_uitnodigen", args=[tweede.pk]), follow=True)
    html = resp.content.decode()
    assert "had al een account" in html and "staat nu ook bij dat account" in html
    assert User.objects.count() == aantal
    assert "Heeft een account" in html  # the pupil page now shows the parent as having an account


def test_ouder_met_kinderen_in_twee_swvs_krijgt_een_rol_in_elk(w, gezin, django_capture_on_commit_callbacks):
    from tests.factories import RolFactory

    eerste, _, _ = gezin
    user = _accepteren(_uitnodigen(w.school, eerste, django_capture_on_commit_callbacks))
    vo = SamenwerkingsverbandFactory(code="VO2799")
    vo_school = SchoolFactory(vestigingscode="27VO01", naam="Het Lyceum", regio_swv_vo=vo)
    oudste = InschrijvingFactory(school=vo_school, leerling__swv=vo, leerling__achternaam="Wittekamp").leerling
    record = OuderFactory(swv=vo, voornaam="Petra", achternaam="de Wit", email=EMAIL, user=None)
    OuderKindFactory(ouder=record, leerling=oudste, heeft_gezag=True)
    vo_ib = RolFactory(rol=Rol.SCHOOL, swv=vo, scholen=[vo_school], user=UserFactory(username="ib-lyceum"))
    assert _uitnodigen(vo_ib, record, django_capture_on_commit_callbacks) is None
    assert record.user_id == user.pk
    assert set(Roltoekenning.objects.filter(user=user, rol=Rol.OUDER, actief=True).values_list("swv_id", flat=True)) \
        == {w.swv.pk, vo.pk}


def test_leerlingaccount_met_hetzelfde_adres_wordt_nooit_een_ouderaccount(w, django_capture_on_commit_callbacks):
    w.leerling.user = UserFactory(username="jesse-eigen", email=EMAIL)
    w.leerling.save()
    ouder = OuderFactory(swv=w.swv, voornaam="Petra", achternaam="de Wit", email=EMAIL, user=None)
    OuderKindFactory(ouder=ouder, leerling=w.leerling, heeft_gezag=True)
    u = _uitnodigen(w.school, ouder, django_capture_on_commit_callbacks)
    assert u is not None and ouder.user_id not in (None, w.leerling.user_id)
    assert re.search(r"/account/uitnodiging/", mail.outbox[-1].body)
