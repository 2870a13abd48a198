"""The pupil's own overview (/ouders/mijn/): only the pupil with an own account, only their own file, in je-form;
the parents' consent, reactions and names stay out of it, and a plan the school is still writing is not shown."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as datumfilter
from django.urls import reverse
from django.utils import timezone, translation

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.opp import services as opp
from passend.register.models import Leerling, Ouder
from passend.toewijzing.models import Beschikking, Status
from passend.zorgplicht import services as zorgplicht
from tests.factories import RolFactory, UserFactory
from tests.toewijzing.conftest import ALLE_ROLLEN

URL = "/ouders/mijn/"


def _datum(d) -> str:
    with translation.override("nl"):
        return datumfilter(d, "j F Y")


def _opp(w, leerling=None, *, vaststellen=True):
    o = opp.opp_aanmaken(w.school, leerling=leerling or w.leerling, school=w.school_a, aanleiding="inschrijving",
                         aanleiding_datum=timezone.localdate() - dt.timedelta(days=7), contactpersoon=w.school.user)
    v = o.versies.get()
    opp.versie_bijwerken(w.school, v, uitstroombestemming="vmbo_kb", onderbouwing="Leert goed met structuur.",
                         belemmerende_factoren="Snel afgeleid.", bevorderende_factoren="Gemotiveerd.",
                         ondersteuning="Twee keer per week begeleiding.", doelen="Zelfstandig werken.",
                         zienswijze_leerling="Wil graag meer rust.", oogo_op=timezone.localdate())
    return o, (opp.vaststellen(w.school, v) if vaststellen else v)


@pytest.fixture
def leerling_b_zelf(w):
    """Pupil Bakker (school De Eik) with an own account too."""
    rol = RolFactory(rol=Rol.LEERLING, swv=w.swv, user=UserFactory(username="leerling-bakker"))
    Leerling.objects.filter(pk=w.leerling_b.pk).update(user=rol.user)
    return rol


def test_url_naam():
    assert reverse("ouders:leerling") == URL


@pytest.mark.parametrize("wie", [r for r in ALLE_ROLLEN if r != "leerling_zelf"])
def test_alleen_voor_de_leerling_zelf(w, login, wie):
    resp = login(getattr(w, wie)).get(URL)
    assert resp.status_code == 403
    assert "Deze pagina is voor leerlingen met een eigen account." in resp.content.decode()


def test_niet_ingelogd_naar_inloggen(client, db):
    resp = client.get(URL)
    assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]


def test_leerling_ziet_eigen_dossier_in_je_vorm_en_het_wordt_gelogd(w, login):
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "<h1>Mijn overzicht</h1>" in html
    assert "Mijn school" in html and w.school_a.naam in html
    assert "Wat betekenen de woorden op deze pagina?" in html
    assert "Er is op dit moment niets vastgelegd" in html
    assert " uw " not in html.lower()  # the pupil is addressed with je/jij, not u
    assert AuditEvent.objects.filter(actie="view", leerling_id=w.leerling.pk, user_id=w.leerling_zelf.user_id,
                                     omschrijving="Leerlingportaal").count() == 1


def test_leerling_ziet_eigen_aanmelding_opp_en_aanvraag_niet_die_van_een_ander(w, login, leerling_b_zelf):
    ontvangen = timezone.localdate() - dt.timedelta(days=10)
    eigen_aanmelding = zorgplicht.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=ontvangen,
                                                         leerling=w.leerling)
    eigen_opp, _ = _opp(w)
    eigen_aanvraag = w.aanvraag()
    ander_aanmelding = zorgplicht.aanmelding_registreren(w.andere_school, school=w.school_b, ontvangen_op=ontvangen,
                                                         leerling=w.leerling_b)
    ander_aanvraag = w.aanvraag(leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)

    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "Mijn aanmeldingen" in html and reverse("zorgplicht:detail", args=[eigen_aanmelding.pk]) in html
    assert "Nog 32 dagen" in html  # the deadline, 6 weeks after receipt
    assert "Mijn plan (OPP)" in html and reverse("opp:detail", args=[eigen_opp.pk]) in html
    assert eigen_aanvraag.nummer in html and reverse("toewijzing:aanvraag", args=[eigen_aanvraag.pk]) in html
    for geheim in (w.leerling_b.naam, w.school_b.naam, ander_aanvraag.nummer,
                   reverse("zorgplicht:detail", args=[ander_aanmelding.pk])):
        assert geheim not in html
    assert not AuditEvent.objects.filter(actie="view", leerling_id=w.leerling_b.pk,
                                         user_id=w.leerling_zelf.user_id).exists()

    # And the other pupil, in their own account, sees only their own file.
    html = login(leerling_b_zelf).get(URL).content.decode()
    assert ander_aanvraag.nummer in html and w.school_b.naam in html
    assert eigen_aanvraag.nummer not in html and w.school_a.naam not in html
    assert reverse("opp:detail", args=[eigen_opp.pk]) not in html


def test_leerling_ziet_geen_instemming_reactie_of_namen_van_ouders(w, login):
    Ouder.objects.filter(pk=w.ouder_record.pk).update(voornaam="Gerritdina", achternaam="Ouderling-Zeeman",
                                                      email="gerritdina@example.org")
    w.ouder.user.first_name, w.ouder.user.last_name = "Gerritdina", "Ouderling-Zeeman"
    w.ouder.user.save()
    _, v = _opp(w)
    opp.instemming_geven(w.ouder, v, besluit="instemming")
    a = w.aanvraag()
    w.ouder_akkoord(a)  # the parents' reaction to the request: "Wij zijn het eens."

    html = login(w.leerling_zelf).get(URL).content.decode()
    assert a.nummer in html and f"versie {v.nummer}" in html  # the page itself is there
    for ouderzaak in ("Gerritdina", "Ouderling-Zeeman", "gerritdina@example.org", "ingestemd", "Instemmen",
                      "Wij zijn het eens", reverse("opp:instemmen", args=[v.pk]),
                      reverse("toewijzing:ouderreactie", args=[a.pk])):
        assert ouderzaak not in html


def test_concept_plan_niet_te_zien_vastgesteld_plan_wel_met_oproep_tot_mening(w, login):
    o, concept = _opp(w, vaststellen=False)
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "De school schrijft je plan nog" in html
    assert "Geef je mening over je plan" not in html and "Wil graag meer rust" not in html
    assert reverse("opp:detail", args=[o.pk]) not in html

    v = opp.vaststellen(w.school, concept)
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert f"versie {v.nummer}, vastgesteld op {_datum(v.vastgesteld_op)}" in html
    assert "De school schrijft je plan nog" not in html
    assert f'href="{reverse("opp:detail", args=[o.pk])}#mening"' in html
    assert "Geef je mening over je plan" in html

    # The school starts a new version: the pupil keeps seeing the set version, not the new concept.
    nieuw = opp.nieuwe_versie(w.school, o)
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert f"versie {v.nummer}, vastgesteld" in html and f"versie {nieuw.nummer}" not in html


def test_gegeven_mening_staat_op_de_pagina(w, login):
    o, _ = _opp(w)
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "Je hebt je mening gegeven" not in html
    opp.mening_geven(w.leerling_zelf, o, tekst="Ik wil minder vaak uit de klas.")
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "Je hebt je mening gegeven" in html and "Geef je mening over je plan" in html


def test_aanvraag_brief_en_contactpersoon(w, login):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    brief = Beschikking.objects.get(aanvraag=a)
    html = login(w.leerling_zelf).get(URL).content.decode()
    assert "Brieven van het samenwerkingsverband" in html
    assert reverse("toewijzing:beschikking", args=[brief.pk]) in html and brief.titel in html
    assert f"de aanvraag {a.nummer} (samenwerkingsverband): {w.consulent.user}" in html


def test_menu_en_startpaneel_voor_de_leerling(w, login):
    client = login(w.leerling_zelf)
    html = client.get("/").content.decode()
    assert f'<a href="{URL}"' in html and "Mijn overzicht" in html
    assert "Naar mijn overzicht" in html
    assert "Je kunt je mening geven over je plan" not in html

    o, _ = _opp(w, vaststellen=False)
    assert "Je kunt je mening geven over je plan" not in client.get("/").content.decode()  # only a concept
    opp.vaststellen(w.school, o.versies.get())
    html = client.get("/").content.decode()
    assert "Je kunt je mening geven over je plan" in html
    assert f'{reverse("opp:detail", args=[o.pk])}#mening' in html


def test_ouder_ziet_het_startpaneel_van_de_leerling_niet(w, login):
    _opp(w)
    html = login(w.ouder).get("/").content.decode()
    assert "Naar mijn overzicht" not in html and "Je kunt je mening geven" not in html
