"""The parent portal: only parents, only their own children, and per child what a parent needs to know and do."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as datumfilter
from django.urls import reverse
from django.utils import timezone, translation

from passend.audit.models import AuditEvent
from passend.opp import services as opp
from passend.toewijzing.models import Beschikking, Status
from passend.zorgplicht import regels as zorgplicht_regels
from passend.zorgplicht import services as zorgplicht
from tests.factories import OuderFactory, OuderKindFactory, RolFactory, UserFactory

URL = "/ouders/"


def _datum(d) -> str:
    with translation.override("nl"):
        return datumfilter(d, "j F Y")


def _opp_vastgesteld(w, leerling=None, rol=None, school=None):
    o = opp.opp_aanmaken(rol or w.school, leerling=leerling or w.leerling, school=school or w.school_a,
                         aanleiding="inschrijving", aanleiding_datum=timezone.localdate() - dt.timedelta(days=7),
                         contactpersoon=(rol or w.school).user)
    v = o.versies.get()
    opp.versie_bijwerken(rol or w.school, v, uitstroombestemming="vmbo_kb", onderbouwing="Leert goed met structuur.",
                         belemmerende_factoren="Snel afgeleid.", bevorderende_factoren="Gemotiveerd.",
                         ondersteuning="Twee keer per week begeleiding.", doelen="Zelfstandig werken.",
                         zienswijze_leerling="Wil graag meer rust.", oogo_op=timezone.localdate())
    return o, opp.vaststellen(rol or w.school, v)


@pytest.fixture
def ander_ouder(w):
    """The parent of w.leerling_b (school De Eik), with an account."""
    rol = RolFactory(rol="ouder", swv=w.swv, user=UserFactory(username="ouder-bakker"))
    record = OuderFactory(swv=w.swv, user=rol.user, achternaam="Bakker")
    OuderKindFactory(ouder=record, leerling=w.leerling_b, heeft_gezag=True)
    return rol


def test_url_naam():
    assert reverse("ouders:overzicht") == URL


@pytest.mark.parametrize("wie", ["school", "consulent", "directeur", "deskundige1", "beheerder", "leerplicht"])
def test_alleen_voor_ouders(w, login, wie):
    assert login(getattr(w, wie)).get(URL).status_code == 403


def test_niet_ingelogd_naar_inloggen(client, db):
    resp = client.get(URL)
    assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]


def test_ouder_ziet_alleen_eigen_kinderen_en_het_wordt_gelogd(w, login, ander_ouder):
    html = login(w.ouder).get(URL).content.decode()
    assert w.leerling.naam in html
    assert w.leerling_b.naam not in html and w.leerling_so.naam not in html
    assert AuditEvent.objects.filter(actie="view", leerling_id=w.leerling.pk, user_id=w.ouder.user_id,
                                     omschrijving="Ouderportaal").count() == 1
    assert not AuditEvent.objects.filter(actie="view", leerling_id=w.leerling_b.pk).exists()


def test_andere_ouder_ziet_niets_van_dit_kind(w, login, ander_ouder):
    _opp_vastgesteld(w)
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    zorgplicht.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=timezone.localdate(), leerling=w.leerling)
    html = login(ander_ouder).get(URL).content.decode()
    assert w.leerling_b.naam in html
    for geheim in (w.leerling.naam, a.nummer, w.school_a.naam, "Actie nodig", "Plan van school (OPP)", "Aanmelding bij"):
        assert geheim not in html
    # Opening the other child's OPP or request directly is refused as well.
    assert login(ander_ouder).get(reverse("toewijzing:aanvraag", args=[a.pk])).status_code == 403


def test_ouder_zonder_gekoppeld_kind(w, login):
    rol = RolFactory(rol="ouder", swv=w.swv, user=UserFactory(username="ouder-zonder-kind"))
    html = login(rol).get(URL).content.decode()
    assert "Er is nog geen kind aan uw account gekoppeld" in html
    assert w.leerling.naam not in html


def test_aanmelding_met_termijn(w, login):
    ontvangen = timezone.localdate() - dt.timedelta(days=10)
    a = zorgplicht.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=ontvangen, leerling=w.leerling)
    html = login(w.ouder).get(URL).content.decode()
    assert "Aanmelding bij een school" in html
    assert "Ontvangen" in html  # the status
    assert f"uiterlijk {_datum(zorgplicht_regels.beslis_uiterlijk(ontvangen))}" in html
    assert "Nog 32 dagen" in html
    assert reverse("zorgplicht:detail", args=[a.pk]) in html

    zorgplicht.verlengen(w.school, a, reden="Wij wachten op het onderzoek.")
    html = login(w.ouder).get(URL).content.decode()
    assert f"uiterlijk {_datum(zorgplicht_regels.verlengd_uiterlijk(ontvangen))}" in html
    assert "4 weken extra tijd" in html and "Nog 60 dagen" in html


def test_te_late_aanmelding_noemt_recht_op_tijdelijke_plaats(w, login):
    ontvangen = timezone.localdate() - dt.timedelta(weeks=11)
    zorgplicht.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=ontvangen, leerling=w.leerling)
    html = login(w.ouder).get(URL).content.decode()
    assert "recht op een tijdelijke plek" in html


def test_opp_vraagt_om_instemming_tot_de_ouder_heeft_gereageerd(w, login):
    o = opp.opp_aanmaken(w.school, leerling=w.leerling, school=w.school_a, aanleiding="inschrijving",
                         aanleiding_datum=timezone.localdate())
    html = login(w.ouder).get(URL).content.decode()
    assert "De school schrijft het plan nog" in html and "Actie nodig" not in html
    opp.opp_beeindigen(w.school, o)

    o, v = _opp_vastgesteld(w)
    html = login(w.ouder).get(URL).content.decode()
    assert "OPP: het plan van school voor de ondersteuning van uw kind" in html
    assert "Actie nodig" in html
    assert f"versie {v.nummer}, vastgesteld op {_datum(v.vastgesteld_op)}" in html
    assert reverse("opp:instemmen", args=[v.pk]) in html
    assert reverse("opp:detail", args=[o.pk]) in html
    assert f"Over het OPP ({w.school_a.naam}): {w.school.user}" in html

    opp.instemming_geven(w.ouder, v, besluit="instemming")
    html = login(w.ouder).get(URL).content.decode()
    assert "Actie nodig" not in html and reverse("opp:instemmen", args=[v.pk]) not in html
    assert "U heeft ingestemd" in html


def test_ouder_zonder_gezag_kan_niet_instemmen(w, login):
    rol = RolFactory(rol="ouder", swv=w.swv, user=UserFactory(username="stiefouder"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=rol.user), leerling=w.leerling, heeft_gezag=False)
    _, v = _opp_vastgesteld(w)
    html = login(rol).get(URL).content.decode()
    assert "Actie nodig" not in html and reverse("opp:instemmen", args=[v.pk]) not in html
    assert "Alleen een ouder met gezag kan instemmen" in html


def test_aanvraag_brief_en_contactpersoon(w, login):
    concept = w.aanvraag()
    html = login(w.ouder).get(URL).content.decode()
    assert concept.nummer in html
    assert reverse("toewijzing:ouderreactie", args=[concept.pk]) in html  # the school asks the parent's view

    a = w.naar(concept, Status.BESLOTEN)
    brief = Beschikking.objects.get(aanvraag=a)
    html = login(w.ouder).get(URL).content.decode()
    assert reverse("toewijzing:aanvraag", args=[a.pk]) in html and "Besluit genomen" in html
    assert reverse("toewijzing:ouderreactie", args=[a.pk]) not in html  # already reacted
    assert reverse("toewijzing:beschikking", args=[brief.pk]) in html and brief.titel in html
    assert f"de aanvraag {a.nummer} (samenwerkingsverband): {w.consulent.user}" in html
