"""Changing and closing a case keep to the same rules as reporting it:

- a case cannot be closed before the last change of its hours (nor of its category): the report of a reference
  date would otherwise read hours that applied after the case was closed;
- a change of category is checked against the pupil's enrolment on the day the new category applies from, as
  when reporting: absoluut verzuim is not enrolled, relatief verzuim is enrolled.

Every refusal is a Dutch message and saves nothing; through the service, the case page (which keeps what was
typed) and the API."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from passend.register.models import Inschrijving
from passend.thuiszitters import services
from passend.thuiszitters.models import Categoriestand, Contact, Melding, Urenstand
from tests.factories import InschrijvingFactory

VANDAAG = dt.date.today()


def _dagen(n: int) -> dt.date:
    return VANDAAG - dt.timedelta(days=n)


def _melding(t, categorie="relatief", *, start=100, uren="2"):
    return services.melding_registreren(t.school, leerling=t.leerling, categorie=categorie,
                                        startdatum=_dagen(start), uren_onderwijs=uren)


def _toestand(m) -> tuple:
    """Everything a refused step could have changed."""
    m = Melding.objects.get(pk=m.pk)
    return (m.categorie, m.duur_sinds, str(m.uren_onderwijs), m.toelichting, m.einddatum, m.uitkomst,
            list(Categoriestand.objects.filter(melding=m).values_list("geldig_vanaf", "categorie")),
            list(Urenstand.objects.filter(melding=m).values_list("geldig_vanaf", "uren")),
            Contact.objects.filter(melding=m).count())


def _uitgeschreven(t, op: dt.date) -> None:
    Inschrijving.objects.filter(leerling=t.leerling).update(einddatum=op)


# ------------------------------------------------------------------------------------------------------------
# Closing before the last change of the hours
# ------------------------------------------------------------------------------------------------------------

def test_afsluiten_voor_de_laatste_wijziging_van_de_uren_kan_niet(t):
    m = _melding(t)
    services.melding_bijwerken(t.school, m, uren_onderwijs="6", uren_sinds=_dagen(20))
    voor = _toestand(m)
    with pytest.raises(ValidationError) as e:
        services.beeindigen(t.consulent, m, einddatum=_dagen(21), uitkomst="verhuisd")
    assert " ".join(e.value.message_dict["einddatum"]) == (
        f"Het aantal uren onderwijs is gewijzigd per {_dagen(20):%d-%m-%Y}; de einddatum kan niet eerder liggen. "
        "Kies die dag of een latere dag.")
    assert _toestand(m) == voor
    # On the day of the change itself: closed.
    services.beeindigen(t.consulent, m, einddatum=_dagen(20), uitkomst="verhuisd")
    assert Melding.objects.get(pk=m.pk).einddatum == _dagen(20)


def test_api_weigert_afsluiten_voor_de_wijziging_van_de_uren(t, api):
    m = _melding(t)
    services.melding_bijwerken(t.school, m, uren_onderwijs="6", uren_sinds=_dagen(20))
    voor = _toestand(m)
    url = f"/api/v1/thuiszitters/{m.pk}/beeindigen/"
    r = api(t.consulent).post(url, {"einddatum": _dagen(25).isoformat(), "uitkomst": "verhuisd"}, format="json")
    assert r.status_code == 400
    assert f"Het aantal uren onderwijs is gewijzigd per {_dagen(20):%d-%m-%Y}" in r.content.decode()
    assert _toestand(m) == voor
    r = api(t.consulent).post(url, {"einddatum": _dagen(20).isoformat(), "uitkomst": "verhuisd"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["einddatum"] == _dagen(20).isoformat()


def test_pagina_weigert_afsluiten_voor_de_wijziging_van_de_uren_en_houdt_de_invoer(t, login):
    m = _melding(t)
    services.melding_bijwerken(t.school, m, uren_onderwijs="6", uren_sinds=_dagen(20))
    voor = _toestand(m)
    client = login(t.consulent)
    resp = client.post(reverse("thuiszitters:stap", args=[m.pk, "afsluiten"]), {
        "afsluiten-einddatum": _dagen(25).isoformat(), "afsluiten-uitkomst": "anders",
        "afsluiten-toelichting": "Volgt thuisonderwijs via een particulier instituut."})
    assert resp.status_code == 200
    pagina = resp.content.decode()
    assert f"Het aantal uren onderwijs is gewijzigd per {_dagen(20):%d-%m-%Y}" in pagina
    assert "Volgt thuisonderwijs via een particulier instituut." in pagina
    assert _toestand(m) == voor


# ------------------------------------------------------------------------------------------------------------
# A new category checked against the enrolment on the day it applies from
# ------------------------------------------------------------------------------------------------------------

def test_absoluut_verzuim_kan_niet_als_de_leerling_dan_ingeschreven_staat(t):
    m = _melding(t, "dreigend")
    voor = _toestand(m)
    with pytest.raises(ValidationError) as e:
        services.melding_bijwerken(t.consulent, m, categorie="absoluut", categorie_sinds=_dagen(30),
                                   toelichting="Uitgeschreven.")
    assert " ".join(e.value.message_dict["categorie"]) == (
        f"De leerling staat op {_dagen(30):%d-%m-%Y} ingeschreven op De Linde: dat is relatief verzuim, geen "
        "absoluut verzuim.")
    assert _toestand(m) == voor
    # Unenrolled 20 days ago: absoluut verzuim from the day after, not from a day the pupil was still enrolled.
    _uitgeschreven(t, _dagen(20))
    with pytest.raises(ValidationError):
        services.melding_bijwerken(t.consulent, m, categorie="absoluut", categorie_sinds=_dagen(20))
    assert _toestand(m) == voor
    services.melding_bijwerken(t.consulent, m, categorie="absoluut", categorie_sinds=_dagen(19))
    assert Melding.objects.get(pk=m.pk).categorie == "absoluut"


def test_relatief_verzuim_kan_niet_als_de_leerling_dan_nergens_ingeschreven_staat(t):
    m = _melding(t, "dreigend")
    _uitgeschreven(t, _dagen(40))
    voor = _toestand(m)
    with pytest.raises(ValidationError) as e:
        services.melding_bijwerken(t.consulent, m, categorie="relatief", categorie_sinds=_dagen(10))
    assert " ".join(e.value.message_dict["categorie"]) == (
        f"Bij relatief verzuim is de leerling ingeschreven, maar op {_dagen(10):%d-%m-%Y} staat de leerling op geen "
        "school ingeschreven. Kies absoluut verzuim, of de dag waarop de leerling wel ingeschreven stond.")
    assert _toestand(m) == voor
    # Still enrolled on that earlier day: relatief verzuim from then is right.
    services.melding_bijwerken(t.consulent, m, categorie="relatief", categorie_sinds=_dagen(50))
    assert Melding.objects.get(pk=m.pk).categorie == "relatief"


def test_een_inschrijving_die_later_begint_telt_niet_op_de_dag_van_de_nieuwe_categorie(t):
    m = _melding(t, "dreigend")
    _uitgeschreven(t, _dagen(60))
    InschrijvingFactory(leerling=t.leerling, school=t.school_b, begindatum=_dagen(5))  # enrolled again, later
    with pytest.raises(ValidationError) as e:
        services.melding_bijwerken(t.consulent, m, categorie="relatief", categorie_sinds=_dagen(50))
    assert "op geen school ingeschreven" in " ".join(e.value.message_dict["categorie"])
    services.melding_bijwerken(t.consulent, m, categorie="absoluut", categorie_sinds=_dagen(50))
    # From the day of the new enrolment on, relatief verzuim is right.
    services.melding_bijwerken(t.consulent, m, categorie="relatief", categorie_sinds=_dagen(5))
    assert [c for _, c in _toestand(m)[6]] == ["dreigend", "absoluut", "relatief"]


def test_andere_wijzigingen_zonder_nieuwe_categorie_worden_niet_getoetst(t):
    m = _melding(t, "relatief")
    _uitgeschreven(t, _dagen(40))  # the register says unenrolled; the category itself is not changed
    services.melding_bijwerken(t.consulent, m, categorie="relatief", toelichting="Gesprek gepland.")
    assert Melding.objects.get(pk=m.pk).toelichting == "Gesprek gepland."


def test_api_toetst_de_nieuwe_categorie_aan_de_inschrijving(t, api):
    m = _melding(t, "dreigend")
    voor = _toestand(m)
    url = f"/api/v1/thuiszitters/{m.pk}/"
    r = api(t.consulent).patch(url, {"categorie": "absoluut", "categorie_sinds": _dagen(10).isoformat(),
                                     "toelichting": "Uitgeschreven."}, format="json")
    assert r.status_code == 400
    assert "ingeschreven op De Linde: dat is relatief verzuim, geen absoluut verzuim." in r.content.decode()
    assert _toestand(m) == voor
    _uitgeschreven(t, _dagen(40))
    r = api(t.consulent).patch(url, {"categorie": "relatief", "categorie_sinds": _dagen(10).isoformat()},
                               format="json")
    assert r.status_code == 400 and "op geen school ingeschreven" in r.content.decode()
    assert _toestand(m) == voor
    r = api(t.consulent).patch(url, {"categorie": "absoluut", "categorie_sinds": _dagen(10).isoformat()},
                               format="json")
    assert r.status_code == 200, r.content
    assert r.json()["categorie"] == "absoluut"


def test_pagina_weigert_de_nieuwe_categorie_en_houdt_wat_is_ingevuld(t, login):
    m = _melding(t, "dreigend")
    voor = _toestand(m)
    client = login(t.school)
    resp = client.post(reverse("thuiszitters:stap", args=[m.pk, "bewerken"]), {
        "bewerken-categorie": "absoluut", "bewerken-categorie_sinds": _dagen(30).isoformat(),
        "bewerken-uren_onderwijs": "4,5", "bewerken-uren_sinds": _dagen(15).isoformat(),
        "bewerken-redenen": ["schoolangst", "anders"], "bewerken-reden_anders": "Pesten in de klas",
        "bewerken-partijen": ["school", "jeugdhulp"],
        "bewerken-toelichting": "Ouders melden dat de leerling is uitgeschreven."})
    assert resp.status_code == 200
    pagina = resp.content.decode()
    assert (f"De leerling staat op {_dagen(30):%d-%m-%Y} ingeschreven op De Linde: dat is relatief verzuim, geen "
            "absoluut verzuim.") in pagina
    # Everything typed is still in the form: the chosen category, both dates, hours, reasons, parties, texts.
    assert _gekozen(pagina, "bewerken-categorie", "absoluut")
    assert '<details class="tz-stap" id="stap-bewerken" open>' in pagina  # the form is open, with its errors
    for waarde in (f'value="{_dagen(30).isoformat()}"', f'value="{_dagen(15).isoformat()}"', 'value="4,5"',
                   "Pesten in de klas", "Ouders melden dat de leerling is uitgeschreven."):
        assert waarde in pagina, waarde
    for naam, waarde in (("bewerken-redenen", "schoolangst"), ("bewerken-redenen", "anders"),
                         ("bewerken-partijen", "jeugdhulp")):
        assert _gekozen(pagina, naam, waarde), (naam, waarde)
    assert _toestand(m) == voor


def _gekozen(pagina: str, naam: str, waarde: str) -> bool:
    """Is the radio button or checkbox `naam`=`waarde` checked in the page?"""
    for tag in re.findall(r"<input[^>]*>", pagina):
        if f'name="{naam}"' in tag and f'value="{waarde}"' in tag:
            return "checked" in tag
    return False
