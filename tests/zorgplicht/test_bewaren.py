"""Retention also removes a pupil's aanmeldingen and OPP's, but an open aanmelding keeps the pupil."""

import datetime as dt

from passend.opp import services as opp
from passend.opp.models import Instemming, Opp
from passend.register.models import Inschrijving, Leerling
from passend.register.retention import verlopen_leerlingen, verwijder_verlopen
from passend.zorgplicht import services
from passend.zorgplicht.models import Aanmelding


def _opp_met_instemming(w):
    o = opp.opp_aanmaken(w.school, leerling=w.leerling, school=w.school_a, aanleiding="inschrijving",
                         aanleiding_datum=dt.date.today())
    v = opp.versie_bijwerken(w.school, o.versies.get(), uitstroombestemming="vmbo_kb", onderbouwing="o",
                             belemmerende_factoren="b", bevorderende_factoren="b", ondersteuning="o", doelen="d",
                             zienswijze_leerling="z", oogo_op=dt.date.today())
    v = opp.vaststellen(w.school, v)
    opp.instemming_geven(w.ouder, v, besluit="instemming")
    return o


def _vertrokken(leerling):
    Inschrijving.objects.filter(leerling=leerling).update(begindatum=dt.date(2016, 8, 22), einddatum=dt.date(2020, 7, 31))


def test_verlopen_leerling_gaat_met_aanmeldingen_en_opp(w):
    o = _opp_met_instemming(w)
    a = services.aanmelding_registreren(w.school, school=w.school_a, leerling=w.leerling, ontvangen_op=dt.date.today())
    services.intrekken(w.school, a, reden="Ouders kozen een andere school.")
    _vertrokken(w.leerling)
    assert verwijder_verlopen(op=dt.date(2026, 11, 1), jaren=3)["leerlingen"] == 1
    assert not Leerling.objects.filter(pk=w.leerling.pk).exists()
    assert not Opp.objects.filter(pk=o.pk).exists()
    assert not Instemming.objects.exists()
    assert not Aanmelding.objects.filter(pk=a.pk).exists()


def test_open_aanmelding_houdt_de_leerling_vast(w):
    services.aanmelding_registreren(w.school, school=w.school_a, leerling=w.leerling, ontvangen_op=dt.date.today())
    _vertrokken(w.leerling)
    assert w.leerling not in verlopen_leerlingen(op=dt.date(2026, 11, 1), jaren=3)
