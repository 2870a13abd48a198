import datetime as dt

from passend.opp import services as opp
from passend.opp.models import OppVersie
from passend.zorgplicht import services
from passend.zorgplicht.models import Status


def test_aanmelding_verlengen_elders_plaatsen_en_opp(w, django_capture_on_commit_callbacks):
    a = services.aanmelding_registreren(
        w.school, school=w.school_a, ontvangen_op=dt.date.today() - dt.timedelta(days=10),
        nieuwe_leerling={"voornaam": "Noor", "achternaam": "Visser", "geboortedatum": dt.date(2020, 3, 1)},
        ouders=[{"voornaam": "Anna", "achternaam": "Visser", "email": "anna@example.org", "relatie": "moeder",
                 "heeft_gezag": True}],
        extra_ondersteuning_verwacht=True,
    )
    assert a.heeft_zorgplicht and a.status == Status.ONTVANGEN
    a = services.verlengen(w.school, a, reden="Onderzoek naar de ondersteuningsbehoefte loopt nog.")
    assert a.status == Status.VERLENGD
    a = services.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering="De Eik heeft een taalklas.")
    a = services.elders_bevestigen(w.andere_school, a, akkoord=True)
    assert a.status == Status.ELDERS_GEPLAATST
    o = opp.opp_aanmaken(w.andere_school, leerling=a.leerling, school=w.school_b, aanleiding="inschrijving",
                         aanleiding_datum=dt.date.today())
    v = o.versies.get()
    opp.versie_bijwerken(w.andere_school, v, uitstroombestemming="vmbo_kb", onderbouwing="o", belemmerende_factoren="b",
                         bevorderende_factoren="b", ondersteuning="o", doelen="d", zienswijze_leerling="z",
                         oogo_op=dt.date.today())
    v = opp.vaststellen(w.andere_school, v)
    assert v.status == OppVersie.Status.VASTGESTELD
