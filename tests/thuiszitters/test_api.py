"""The thuiszitters REST API (/api/v1/thuiszitters/): a case walked through the API only (the school reports,
leerplicht adds a contact, the SWV plans, brings it to the thuiszittersoverleg and closes it), leerplicht reporting
with the pupil's data and seeing no more than name and age, refusals (403) and invisibility (404) for other roles,
Dutch 400s from the services, computed duration classes, filters, audit of reads and the OpenAPI schema."""

import datetime as dt

import pytest
from django.test import Client

from passend.audit.models import AuditEvent
from passend.thuiszitters import services
from passend.thuiszitters.models import Actie, Contact, Melding
from tests.apihulp import fout as _fout
from tests.apihulp import ok as _ok

VANDAAG = dt.date.today()
URL = "/api/v1/thuiszitters/"


def _dagen(n: int) -> str:
    return (VANDAAG - dt.timedelta(days=n)).isoformat()








def _post(client, pad, **data):
    return client.post(f"{URL}{pad}", data, format="json")


def _school_meldt(api, t, **extra) -> dict:
    data = {"categorie": "relatief", "startdatum": _dagen(50), "leerling": t.leerling.pk, "uren_onderwijs": "2.5",
            "redenen": ["schoolangst", "anders"], "reden_anders": "Pesten in de klas", "partijen": ["school"], **extra}
    return _ok(api(t.school).post(URL, data, format="json"), 201)


# --------------------------------------------------------------------------------------------------------
# The whole path
# --------------------------------------------------------------------------------------------------------

def test_school_meldt_leerplicht_legt_contact_vast_swv_plant_en_sluit_af(t, api):
    school, leerplicht, consulent = api(t.school), api(t.leerplicht), api(t.consulent)
    m = _school_meldt(api, t)
    pk = m["id"]
    assert m["nummer"].startswith(f"TZ-PO2799-{(VANDAAG - dt.timedelta(days=50)).year}-")
    assert (m["school"], m["school_naam"], m["gemeente_naam"]) == ("27AA01", "De Linde", "Zwolle-Test")
    assert (m["leerling"], m["leerling_naam"], m["is_open"]) == (t.leerling.pk, t.leerling.naam, True)
    assert (m["duur_dagen"], m["duurklasse"], m["telt_als_thuiszitter"]) == (50, "4_weken_tot_3_maanden", True)
    assert m["redenen"] == ["schoolangst", "anders"] and m["uren_onderwijs"] == "2.5"
    assert [c["soort"] for c in m["contacten"]] == ["stap"]

    # Leerplicht of the pupil's gemeente sees the case and records a home visit.
    c = _ok(_post(leerplicht, f"{pk}/contacten/", datum=VANDAAG.isoformat(), soort="huisbezoek", partij="leerplicht",
                  verslag="Gesprek met ouders thuis."), 201)
    assert (c["soort"], c["rol"], c["door"]) == ("huisbezoek", "leerplicht", str(t.leerplicht.user))

    # The SWV adds an action to the plan, the school finishes it.
    a = _ok(_post(consulent, f"{pk}/acties/", omschrijving="Plek zoeken op het SO", eigenaar="Consulent", partij="swv",
                  uiterlijk=(VANDAAG + dt.timedelta(days=14)).isoformat()), 201)
    assert (a["melding"], a["gedaan_op"], a["te_laat"]) == (pk, None, False)
    a = _ok(_post(school, f"{pk}/acties/{a['id']}/afronden/"))
    assert a["gedaan_op"] == VANDAAG.isoformat()
    fout = _fout(_post(school, f"{pk}/acties/{a['id']}/afronden/"))
    assert "al afgerond" in str(fout["fouten"])

    # Only the SWV brings a case to the thuiszittersoverleg.
    assert "samenwerkingsverband" in _fout(_post(school, f"{pk}/tafel/"), 403)["detail"]
    m = _ok(_post(consulent, f"{pk}/tafel/", verslag="Besproken: plaatsing op SO De Brug."))
    assert m["tafel_op"] == VANDAAG.isoformat() and m["contacten"][0]["soort"] == "tafel"

    # The SWV updates the case.
    m = _ok(consulent.patch(f"{URL}{pk}/", {"casushouder": t.consulent.user.pk, "partijen": ["school", "swv"]},
                            format="json"))
    assert (m["casushouder"], m["casushouder_naam"], m["partijen"]) == (
        t.consulent.user.pk, str(t.consulent.user), ["school", "swv"])

    # The school may not close a case; the SWV must say where the pupil goes.
    assert "sluit" in _fout(_post(school, f"{pk}/beeindigen/", einddatum=VANDAAG.isoformat(), uitkomst="verhuisd"),
                            403)["detail"]
    fout = _fout(_post(consulent, f"{pk}/beeindigen/", einddatum=VANDAAG.isoformat(), uitkomst="terug_op_school"))
    assert fout["fouten"]["school"] == ["Kies de school waar de leerling weer naar toe gaat."] and "uren" in fout["fouten"]
    m = _ok(_post(consulent, f"{pk}/beeindigen/", einddatum=VANDAAG.isoformat(), uitkomst="terug_op_school",
                  school="27so01", uren="20"))
    assert (m["is_open"], m["uitkomst"], m["uitkomst_school"], m["uitkomst_uren"]) == (
        False, "terug_op_school", "27SO01", "20.0")
    assert m["duur_dagen"] == 50 and m["escalatie_nodig"] is False

    # Closed: nothing changes any more (400 with the reason), and the school still reads it.
    aantal = Contact.objects.count()
    for pad, data in [("contacten/", {"datum": VANDAAG.isoformat(), "soort": "gesprek", "verslag": "Na afloop."}),
                      ("acties/", {"omschrijving": "Nazorg", "eigenaar": "IB", "uiterlijk": VANDAAG.isoformat()})]:
        assert "afgesloten" in str(_fout(_post(leerplicht, f"{pk}/{pad}", **data))["fouten"])
    assert "afgesloten" in str(_fout(consulent.patch(f"{URL}{pk}/", {"toelichting": "Nog iets"}, format="json"))["fouten"])
    assert Contact.objects.count() == aantal
    assert _ok(school.get(f"{URL}{pk}/"))["uitkomst"] == "terug_op_school"


def test_leerplicht_meldt_met_de_gegevens_en_ziet_alleen_naam_en_leeftijd(t, api):
    leerplicht = api(t.leerplicht)
    data = {"categorie": "absoluut", "startdatum": _dagen(120), "partijen": ["leerplicht"],
            "nieuwe_leerling": {"voornaam": "Sam", "achternaam": "Thuis", "geboortedatum": "2014-05-01",
                                "postcode": "8011 ab", "huisnummer": "3"}}
    m = _ok(leerplicht.post(URL, data, format="json"), 201)
    assert (m["leerling"], m["leerling_naam"], m["school"], m["gemeente_naam"]) == (None, "Sam Thuis", None, "Zwolle-Test")
    geboren = dt.date(2014, 5, 1)
    leeftijd = VANDAAG.year - 2014 - ((VANDAAG.month, VANDAAG.day) < (geboren.month, geboren.day))
    assert m["leerling_leeftijd"] == leeftijd and m["duurklasse"] == "langer_dan_3_maanden"
    assert "geboortedatum" not in str(m) and "2014-05-01" not in str(m) and "8011" not in str(m)
    # The school's case for a pupil of the gemeente: also name and age only, never the file's id.
    _school_meldt(api, t)
    lijst = _ok(leerplicht.get(URL))["results"]
    assert len(lijst) == 2 and {r["leerling"] for r in lijst} == {None}
    nieuw = Melding.objects.get(pk=m["id"]).leerling
    assert _fout(leerplicht.get(f"/api/v1/leerlingen/{nieuw.pk}/"), 404)
    # Leerplicht does not pick a pupil from the register.
    fout = _fout(leerplicht.post(URL, {"categorie": "dreigend", "startdatum": _dagen(3), "leerling": t.leerling_b.pk},
                                 format="json"))
    assert fout["fouten"]["leerling"] == ["Leerplicht meldt met de gegevens van de leerling (naam, geboortedatum, postcode)."]
    # The leerplicht of another gemeente sees none of it.
    ander = api(t.andere_leerplicht)
    assert _ok(ander.get(URL))["count"] == 0
    _fout(ander.get(f"{URL}{m['id']}/"), 404)
    _fout(_post(ander, f"{m['id']}/contacten/", datum=VANDAAG.isoformat(), soort="gesprek", verslag="?"), 404)


def test_fouten_van_de_diensten_komen_als_nederlandse_400(t, api):
    school = api(t.school)
    fout = _fout(school.post(URL, {"categorie": "relatief", "startdatum": _dagen(10), "leerling": t.leerling.pk,
                                   "redenen": ["anders"]}, format="json"))
    assert fout["detail"] == "De invoer is niet geldig."
    assert fout["fouten"] == {"reden_anders": ["Beschrijf de andere reden."]}
    fout = _fout(school.post(URL, {"startdatum": "morgen", "categorie": "weg", "redenen": ["verveling"]},
                             format="json"))
    assert {"startdatum", "categorie", "redenen"} <= set(fout["fouten"])
    consulent = api(t.consulent)
    fout = _fout(consulent.post(URL, {"categorie": "absoluut", "startdatum": _dagen(10), "leerling": t.leerling.pk},
                                format="json"))
    assert "relatief verzuim" in fout["fouten"]["categorie"][0]
    fout = _fout(consulent.post(URL, {"categorie": "dreigend", "startdatum": _dagen(10), "leerling": t.leerling.pk,
                                      "casushouder": t.ouder.user.pk}, format="json"))
    assert "casushouder" in fout["fouten"]
    m = _school_meldt(api, t)
    fout = _fout(consulent.post(URL, {"categorie": "dreigend", "startdatum": _dagen(3), "leerling": t.leerling.pk},
                                format="json"))
    assert "loopt al" in fout["fouten"]["leerling"][0]
    fout = _fout(_post(consulent, f"{m['id']}/beeindigen/", einddatum=_dagen(60), uitkomst="verhuisd"))
    assert "voor de startdatum" in fout["fouten"]["einddatum"][0]
    fout = _fout(consulent.patch(f"{URL}{m['id']}/", {"redenen": ["gedrag", "anders"], "reden_anders": ""},
                                 format="json"))
    assert fout["fouten"] == {"reden_anders": ["Beschrijf de andere reden."]}
    assert Melding.objects.count() == 1 and Melding.objects.get().redenen == ["schoolangst", "anders"]


@pytest.mark.parametrize("rolnaam", ["ouder", "leerling_zelf", "deskundige1", "bestuur", "vervoer", "beheerder",
                                     "andere_staf", "andere_school"])
def test_andere_rollen_zien_niets_en_kunnen_niets(t, api, rolnaam):
    m = _school_meldt(api, t)
    a = services.actie_toevoegen(t.school, Melding.objects.get(pk=m["id"]), omschrijving="Gesprek", eigenaar="IB",
                                 uiterlijk=VANDAAG)
    client = api(getattr(t, rolnaam))
    assert _ok(client.get(URL))["count"] == 0
    _fout(client.get(f"{URL}{m['id']}/"), 404)
    _fout(client.patch(f"{URL}{m['id']}/", {"toelichting": "x"}, format="json"), 404)
    for pad, data in [("contacten/", {"datum": VANDAAG.isoformat(), "soort": "gesprek", "verslag": "x"}),
                      ("acties/", {"omschrijving": "x", "eigenaar": "x", "uiterlijk": VANDAAG.isoformat()}),
                      (f"acties/{a.pk}/afronden/", {}), ("tafel/", {}),
                      ("beeindigen/", {"einddatum": VANDAAG.isoformat(), "uitkomst": "verhuisd"})]:
        _fout(_post(client, f"{m['id']}/{pad}", **data), 404)
    if rolnaam not in ("andere_staf", "andere_school"):  # those may report (a pupil of their own)
        fout = _fout(client.post(URL, {"categorie": "dreigend", "startdatum": _dagen(3),
                                       "nieuwe_leerling": {"voornaam": "A", "achternaam": "B",
                                                           "geboortedatum": "2015-01-01"}}, format="json"), 403)
        assert fout["detail"] == "U kunt geen thuiszitter melden."
    assert Melding.objects.count() == 1 and Actie.objects.get().gedaan_op is None


def test_een_actie_van_een_andere_melding_is_niet_te_vinden(t, api):
    m = _school_meldt(api, t)
    ander = services.melding_registreren(t.consulent, leerling=t.leerling_b, categorie="dreigend",
                                         startdatum=VANDAAG)
    a = services.actie_toevoegen(t.consulent, ander, omschrijving="Gesprek", eigenaar="IB", uiterlijk=VANDAAG)
    _fout(_post(api(t.consulent), f"{m['id']}/acties/{a.pk}/afronden/"), 404)
    assert Actie.objects.get().gedaan_op is None


# --------------------------------------------------------------------------------------------------------
# Lists, computed fields, audit, schema
# --------------------------------------------------------------------------------------------------------

def test_lijst_filtert_en_rekent_duurklasse_en_escalatie(t, api):
    consulent = api(t.consulent)
    kort = services.melding_registreren(t.consulent, leerling=t.leerling, categorie="relatief", startdatum=_dagen(10))
    lang = services.melding_registreren(t.consulent, leerling=t.leerling_b, categorie="relatief", startdatum=_dagen(100))
    dreigend = services.melding_registreren(t.consulent, leerling=t.leerling_so, categorie="dreigend",
                                            startdatum=_dagen(60))
    services.beeindigen(t.consulent, dreigend, einddatum=_dagen(30), uitkomst="verhuisd")
    rijen = {r["id"]: r for r in _ok(consulent.get(URL))["results"]}
    assert (rijen[kort.pk]["duurklasse"], rijen[kort.pk]["telt_als_thuiszitter"]) == ("korter_dan_4_weken", False)
    assert (rijen[lang.pk]["duurklasse"], rijen[lang.pk]["duur_dagen"]) == ("langer_dan_3_maanden", 100)
    # A closed case's duration runs to its end date.
    assert (rijen[dreigend.pk]["duur_dagen"], rijen[dreigend.pk]["duurklasse"]) == (30, "4_weken_tot_3_maanden")
    # Past the threshold (6 weeks) without a plan: to the thuiszittersoverleg.
    assert [rijen[m.pk]["escalatie_nodig"] for m in (kort, lang, dreigend)] == [False, True, False]
    services.actie_toevoegen(t.consulent, lang, omschrijving="Plan", eigenaar="Consulent", uiterlijk=VANDAAG)
    assert _ok(consulent.get(f"{URL}{lang.pk}/"))["escalatie_nodig"] is False

    def ids(**params):
        return {r["id"] for r in _ok(consulent.get(URL, params))["results"]}

    assert ids(status="open") == {kort.pk, lang.pk} and ids(status="afgesloten") == {dreigend.pk}
    assert ids(categorie="dreigend") == {dreigend.pk} and ids(categorie="relatief", status="open") == {kort.pk, lang.pk}
    assert ids(school="27bb01") == {lang.pk} and ids(leerling=t.leerling.pk) == {kort.pk}
    fout = _fout(consulent.get(URL, {"status": "dicht"}))
    assert fout["fouten"]["status"] == ["Onbekende waarde 'dicht'; kies uit: open, afgesloten."]
    assert _ok(api(t.school).get(URL))["count"] == 1


def test_inzien_komt_in_de_audittrail(t, api):
    m = _school_meldt(api, t)
    _ok(api(t.leerplicht).get(f"{URL}{m['id']}/"))
    assert AuditEvent.objects.filter(actie="view", object_type="thuiszitters.melding", object_id=str(m["id"]),
                                     user=t.leerplicht.user).exists()
    _fout(_post(api(t.school), f"{m['id']}/tafel/"), 403)
    assert AuditEvent.objects.filter(actie="denied", object_id=str(m["id"]), user=t.school.user).exists()


def test_schema_beschrijft_de_thuiszitters(db):
    schema = _ok(Client().get("/api/v1/schema/", {"format": "json"}))
    paden = schema["paths"]
    assert set(paden[URL[:-1] + "/"]) == {"get", "post"}
    assert set(paden["/api/v1/thuiszitters/{id}/"]) == {"get", "patch"}
    for stap in ("contacten", "acties", "tafel", "beeindigen", "acties/{actie_id}/afronden"):
        assert set(paden[f"/api/v1/thuiszitters/{{id}}/{stap}/"]) == {"post"}, stap
    namen = {p["name"] for p in paden[URL]["get"]["parameters"]}
    assert {"status", "categorie", "school", "leerling"} <= namen
    melding = schema["components"]["schemas"]["Melding"]["properties"]
    assert {"duurklasse", "duur_dagen", "escalatie_nodig", "acties", "contacten"} <= set(melding)
