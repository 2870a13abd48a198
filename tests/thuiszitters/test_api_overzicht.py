"""The worklist of signals and the dashboard in the REST API (/api/v1/thuiszitters/signalen/ and /dashboard/):
the same rules as the pages: signals for SWV staff only, the dashboard for SWV staff and school boards with every
count of 1 to 4 as "<5", nobody else (403)."""

import datetime as dt

import pytest

from passend.thuiszitters import services
from passend.zorgplicht import services as zorgplicht

VANDAAG = dt.date.today()
URL = "/api/v1/thuiszitters/"


def _aanmelding(t, weken, achternaam):
    return zorgplicht.aanmelding_registreren(
        t.school, school=t.school_a, ontvangen_op=VANDAAG - dt.timedelta(weeks=weken),
        nieuwe_leerling={"voornaam": "Kim", "achternaam": achternaam, "geboortedatum": dt.date(2017, 3, 1)},
        ouders=[{"voornaam": "Ans", "achternaam": achternaam, "relatie": "moeder", "heeft_gezag": True}],
    )


def test_signalen_via_de_api(t, api):
    zonder = _aanmelding(t, 11, "Wachters")
    met = _aanmelding(t, 12, "Gemelden")
    _aanmelding(t, 3, "Vroegen")  # within 10 weeks: no signal
    services.melding_registreren(t.consulent, leerling=met.leerling, categorie="dreigend",
                                 startdatum=VANDAAG - dt.timedelta(weeks=2))
    r = api(t.consulent).get(URL + "signalen/")
    assert r.status_code == 200, r.content
    rijen = r.json()
    assert [(s["soort"], s["leerling"], s["leerling_naam"], s["weken"]) for s in rijen] == [
        ("aanmelding", zonder.leerling.pk, zonder.leerling.naam, 11)]
    assert rijen[0]["school"] == t.school_a.vestigingscode and "10 weken" in rijen[0]["tekst"]


@pytest.mark.parametrize("wie", ["school", "leerplicht", "bestuur", "ouder"])
def test_signalen_niet_voor_anderen(t, api, wie):
    r = api(getattr(t, wie)).get(URL + "signalen/")
    assert r.status_code == 403 and "samenwerkingsverband" in r.json()["detail"]


def test_dashboard_via_de_api_met_kleine_aantallen(t, api):
    for i in range(2):
        services.melding_registreren(
            t.leerplicht, categorie="absoluut", startdatum=VANDAAG - dt.timedelta(days=200),
            nieuwe_leerling={"voornaam": "Sam", "achternaam": f"Thuisblijver{i}", "geboortedatum": dt.date(2013, 3, 1),
                             "postcode": "8011AB"})
    r = api(t.bestuur).get(URL + "dashboard/")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["peildatum"] == VANDAAG.isoformat()
    tabellen = {tab["naam"]: tab for tab in data["tabellen"]}
    assert set(tabellen) == {"Kengetallen", "Lopend naar categorie", "Trend", "Redenen"}
    kengetallen = {rij[0]: rij[1] for rij in tabellen["Kengetallen"]["rijen"]}
    assert kengetallen[f"Thuiszitters op {VANDAAG:%d-%m-%Y}"] == "<5"
    absoluut = next(rij for rij in tabellen["Lopend naar categorie"]["rijen"] if rij[0].startswith("Absoluut"))
    assert absoluut[1:] == [0, 0, "<5", "<5"]
    tekst = r.content.decode()
    assert "Thuisblijver0" not in tekst and "Thuisblijver1" not in tekst
    for wie in ("school", "leerplicht", "ouder"):
        assert api(getattr(t, wie)).get(URL + "dashboard/").status_code == 403
    assert api(t.consulent).get(URL + "dashboard/").status_code == 200
