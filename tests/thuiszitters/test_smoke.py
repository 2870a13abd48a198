import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.core.access import can, visible
from passend.thuiszitters import services
from passend.thuiszitters.models import Melding

VANDAAG = dt.date.today()


def test_school_meldt_leerplicht_ziet_swv_sluit(t):
    m = services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief",
                                     startdatum=VANDAAG - dt.timedelta(weeks=8), uren_onderwijs="2,5",
                                     redenen=["schoolangst", "anders"], reden_anders="Pesten", partijen=["school"])
    assert m.school == t.school_a and m.gemeente == t.gemeente and m.nummer.startswith("TZ-PO2799-")
    assert set(visible(t.leerplicht, Melding)) == {m} and not visible(t.andere_leerplicht, Melding).exists()
    assert not visible(t.andere_school, Melding).exists() and not visible(t.ouder, Melding).exists()
    services.contact_toevoegen(t.leerplicht, m, datum=VANDAAG, soort="huisbezoek", verslag="Gesprek met ouders.")
    services.actie_toevoegen(t.leerplicht, m, omschrijving="Plaats zoeken op SO", eigenaar="Consulent",
                             uiterlijk=VANDAAG + dt.timedelta(days=14))
    with pytest.raises(PermissionDenied):
        services.beeindigen(t.school, m, einddatum=VANDAAG, uitkomst="terug_op_school", school=t.school_b, uren=20)
    with pytest.raises(ValidationError):
        services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="terug_op_school")
    services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="terug_op_school", school=t.school_b, uren=20)
    m.refresh_from_db()
    assert not m.is_open and not can(t.school, "change", m) and can(t.school, "view", m)
    assert m.contacten.count() == 4


def test_leerplicht_meldt_absoluut_verzuim_met_nieuwe_leerling(t):
    m = services.melding_registreren(t.leerplicht, categorie="absoluut", startdatum=VANDAAG - dt.timedelta(days=40),
                                     nieuwe_leerling={"voornaam": "Sam", "achternaam": "Thuis",
                                                      "geboortedatum": dt.date(2014, 5, 1), "postcode": "8011AB"})
    assert m.gemeente == t.gemeente and m.school is None and m.leeftijd_bij_start >= 11
    assert can(t.leerplicht, "view", m) and not can(t.leerplicht, "view", m.leerling)
