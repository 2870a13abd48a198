"""The zorgplicht REST API (/api/v1/aanmeldingen/): an aanmelding walked through the API only (new pupil,
extension, placement at another school confirmed by that school), refused and illegal steps with the services'
Dutch reasons, live deadlines, scoping per role, audit of reads, filters and the OpenAPI schema."""

import datetime as dt

import pytest
from django.test import Client

from passend.audit.models import AuditEvent
from passend.register.models import Inschrijving, OuderKind
from passend.toewijzing.models import Aanvraag
from passend.zorgplicht import services
from passend.zorgplicht.models import Aanmelding, Stap, Status
from tests.apihulp import ok as _ok

VANDAAG = dt.date.today()






def _post(client, a_id, stap, **data):
    return client.post(f"/api/v1/aanmeldingen/{a_id}/{stap}/", data, format="json")


def _nieuw(api, w, dagen_geleden=3, **extra):
    data = {
        "school": "27aa01", "ontvangen_op": (VANDAAG - dt.timedelta(days=dagen_geleden)).isoformat(),
        "nieuwe_leerling": {"voornaam": "Noor", "achternaam": "Visser", "geboortedatum": "2020-03-01",
                            "postcode": "8011 ab"},
        "ouders": [{"voornaam": "Anna", "achternaam": "Visser", "email": "anna@example.org", "relatie": "moeder",
                    "heeft_gezag": True}],
        "extra_ondersteuning_verwacht": True, **extra,
    }
    return _ok(api(w.school).post("/api/v1/aanmeldingen/", data, format="json"), 201)


# --------------------------------------------------------------------------------------------------------
# The whole path
# --------------------------------------------------------------------------------------------------------

def test_new_pupil_extended_and_placed_at_another_school_through_the_api(w, api):
    school, eik = api(w.school), api(w.andere_school)

    a = _nieuw(api, w, dagen_geleden=10)
    a_id = a["id"]
    ontvangen = VANDAAG - dt.timedelta(days=10)
    assert (a["status"], a["school"], a["heeft_zorgplicht"]) == ("ontvangen", "27AA01", True)
    assert a["leerling_naam"] == "Noor Visser"
    assert a["beslissen_uiterlijk"] == (ontvangen + dt.timedelta(weeks=6)).isoformat()
    assert (a["termijn_status"], a["dagen_tot_termijn"]) == ("op_tijd", 32)
    assert a["verlenging_mogelijk"] is None and a["recht_op_tijdelijke_plaatsing"] is False
    assert [s["tekst"] for s in a["stappen"]] == [
        f"Schriftelijke aanmelding ontvangen op {ontvangen:%d-%m-%Y} (met zorgplicht (eerste voorkeur))"]
    relatie = OuderKind.objects.get(leerling_id=a["leerling"])
    assert (relatie.ouder.achternaam, relatie.relatie, relatie.heeft_gezag) == ("Visser", "moeder", True)
    assert relatie.ouder.swv_id == w.swv.pk

    # Extending needs a reason (a letter goes to the parents), and is possible once.
    fout = _post(school, a_id, "verlengen", reden="  ")
    assert fout.status_code == 400
    assert fout.json()["fouten"]["reden"] == ["Schrijf de reden; die staat in de brief aan de ouders."]
    a = _ok(_post(school, a_id, "verlengen", reden="Onderzoek naar de ondersteuningsbehoefte loopt nog."))
    assert a["status"] == "verlengd" and a["heeft_verlengingsbrief"] is True
    assert a["beslissen_uiterlijk"] == (ontvangen + dt.timedelta(weeks=10)).isoformat()
    assert a["verlenging_mogelijk"] == "De termijn is al eens verlengd; dat kan maar één keer."
    nogmaals = _post(school, a_id, "verlengen", reden="Nog meer tijd nodig.")
    assert nogmaals.status_code == 400
    assert nogmaals.json()["fouten"] == ["De termijn is al eens verlengd; dat kan maar één keer."]

    # Before the proposal, De Eik does not see the aanmelding.
    assert eik.get(f"/api/v1/aanmeldingen/{a_id}/").status_code == 404
    a = _ok(_post(school, a_id, "elders-voorstellen", andere_school="27bb01",
                  motivering="De Eik heeft een taalklas die bij deze leerling past."))
    assert (a["status"], a["andere_school"], a["andere_school_naam"]) == ("elders_voorgesteld", "27BB01", "De Eik")

    # De Eik sees it now, but cannot act as the school of aanmelding.
    assert [r["id"] for r in _ok(eik.get("/api/v1/aanmeldingen/"))["results"]] == [a_id]
    geweigerd = _post(eik, a_id, "verlengen", reden="Wij willen ook verlengen.")
    assert geweigerd.status_code == 403
    assert geweigerd.json()["detail"] == "Alleen de school van de aanmelding kan dit doen."
    assert AuditEvent.objects.filter(actie="denied", object_type="zorgplicht.aanmelding", object_id=str(a_id),
                                     user_id=w.andere_school.user_id).exists()
    # ... and the school of aanmelding cannot confirm for De Eik.
    assert _post(school, a_id, "elders-bevestigen", akkoord=True).status_code == 403

    a = _ok(_post(eik, a_id, "elders-bevestigen", akkoord=True, toelichting="Welkom in de taalklas."))
    assert a["status"] == "elders_geplaatst" and a["andere_school_bevestigd_op"] == VANDAAG.isoformat()
    assert a["termijn_status"] is None and a["beslissen_uiterlijk"]
    assert Inschrijving.objects.filter(leerling_id=a["leerling"], school=w.school_b, einddatum__isnull=True).exists()

    # Decided: every further step is refused with the service's reason, and nothing changes.
    stappen = Stap.objects.filter(aanmelding_id=a_id).count()
    for stap, data in (("toelaten", {"met_extra_ondersteuning": True}), ("intrekken", {"reden": "Verhuisd."}),
                       ("weigeren", {"grond": "vol", "motivering": "De school is helemaal vol."})):
        response = _post(school, a_id, stap, **data)
        assert response.status_code == 400, stap
        assert response.json()["fouten"] == ["Op deze aanmelding is al besloten."]
    assert Stap.objects.filter(aanmelding_id=a_id).count() == stappen

    detail = _ok(school.get(f"/api/v1/aanmeldingen/{a_id}/"))
    assert detail["verlenging_mogelijk"] == "Op deze aanmelding is al besloten."
    teksten = [s["tekst"] for s in detail["stappen"]]
    assert len(teksten) == 4 and teksten[0].startswith("De Eik bevestigt de plaatsing")
    assert teksten[1].startswith("Plaats voorgesteld op De Eik") and teksten[2].startswith("Termijn eenmalig verlengd")


def test_refusing_without_a_legal_ground_is_impossible(w, api):
    a = _nieuw(api, w)
    school = api(w.school)
    response = _post(school, a["id"], "weigeren", grond="geen_plek", motivering="Wij hebben geen passende plek.")
    assert response.status_code == 400
    fouten = response.json()["fouten"]
    assert fouten["grond"][0].startswith("Weigeren kan alleen op een wettelijke grond")
    assert "andere school vinden" in fouten["grond"][0]
    assert Aanmelding.objects.get(pk=a["id"]).status == Status.ONTVANGEN
    a = _ok(_post(school, a["id"], "weigeren", grond="grondslag",
                  motivering="Ouders respecteren de grondslag van de school niet."))
    assert (a["status"], a["weigergrond"], a["besloten_op"]) == ("geweigerd", "grondslag", VANDAAG.isoformat())


def test_admit_a_known_pupil_and_ask_the_swv_for_help(w, api):
    school = api(w.school)
    data = {"school": "27AA01", "ontvangen_op": VANDAAG.isoformat(), "leerling": w.leerling.pk, "voorkeur": 2}
    a = _ok(school.post("/api/v1/aanmeldingen/", data, format="json"), 201)
    assert a["leerling"] == w.leerling.pk and a["heeft_zorgplicht"] is False
    dubbel = school.post("/api/v1/aanmeldingen/", data, format="json")
    assert dubbel.status_code == 400
    assert dubbel.json()["fouten"]["leerling"] == ["Deze leerling heeft al een open aanmelding bij deze school."]

    hulp = _ok(_post(school, a["id"], "hulp-vragen", vraag="Wij zoeken een passende plek met een kleine groep."), 201)
    aanvraag = Aanvraag.objects.get(pk=hulp["hulpvraag"])
    assert hulp["hulpvraag_nummer"] == aanvraag.nummer and aanvraag.status == "concept"
    assert _post(school, a["id"], "hulp-vragen", vraag="Nog een keer").status_code == 400

    a = _ok(_post(school, a["id"], "toelaten", met_extra_ondersteuning=False))
    assert a["status"] == "toegelaten" and a["met_extra_ondersteuning"] is False


def test_create_input_errors(w, api):
    school = api(w.school)
    leeg = school.post("/api/v1/aanmeldingen/", {"school": "27AA01", "ontvangen_op": VANDAAG.isoformat()},
                       format="json")
    assert leeg.status_code == 400
    assert leeg.json()["fouten"]["leerling"] == [
        "Kies een bekende leerling of vul de gegevens van een nieuwe leerling in."]
    toekomst = school.post("/api/v1/aanmeldingen/", {
        "school": "27AA01", "ontvangen_op": (VANDAAG + dt.timedelta(days=1)).isoformat(), "leerling": w.leerling.pk,
    }, format="json")
    assert toekomst.json()["fouten"]["ontvangen_op"] == ["De datum van ontvangst ligt in de toekomst."]
    postcode = school.post("/api/v1/aanmeldingen/", {
        "school": "27AA01", "ontvangen_op": VANDAAG.isoformat(),
        "nieuwe_leerling": {"voornaam": "Sam", "achternaam": "Bos", "geboortedatum": "2019-01-01", "postcode": "80"},
    }, format="json")
    assert postcode.status_code == 400 and "postcode" in postcode.json()["fouten"]["nieuwe_leerling"]
    # A pupil of another school is unknown to this school; a school that is not its own is refused.
    onbekend = school.post("/api/v1/aanmeldingen/", {"school": "27AA01", "ontvangen_op": VANDAAG.isoformat(),
                                                      "leerling": w.leerling_b.pk}, format="json")
    assert onbekend.status_code == 400 and "Onbekende leerling" in str(onbekend.json()["fouten"])
    ander = school.post("/api/v1/aanmeldingen/", {"school": "27BB01", "ontvangen_op": VANDAAG.isoformat(),
                                                   "leerling": w.leerling.pk}, format="json")
    assert ander.status_code == 403
    assert ander.json()["detail"] == "Alleen een school legt een aanmelding vast, bij een eigen school."
    for rol in (w.consulent, w.ouder):
        response = api(rol).post("/api/v1/aanmeldingen/", {"school": "27AA01"}, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "Alleen een school legt een aanmelding vast."
    assert not Aanmelding.objects.exists()


# --------------------------------------------------------------------------------------------------------
# Deadlines, filters
# --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dagen, status_, recht", [
    (10, "op_tijd", False), (38, "bijna", False), (43, "verlopen", False), (71, "tijdelijke_plaatsing", True),
])
def test_live_term_status(w, api, dagen, status_, recht):
    a = _nieuw(api, w, dagen_geleden=dagen)
    rij = _ok(api(w.consulent).get("/api/v1/aanmeldingen/"))["results"][0]
    assert rij["id"] == a["id"]
    assert (rij["termijn_status"], rij["recht_op_tijdelijke_plaatsing"]) == (status_, recht)
    assert rij["dagen_tot_termijn"] == 42 - dagen


def test_list_filters(w, api):
    open_ = _nieuw(api, w)
    dicht = _nieuw(api, w)
    services.intrekken(w.school, Aanmelding.objects.get(pk=dicht["id"]), reden="Ouders kozen een andere school.")
    client = api(w.consulent)

    def ids(**params):
        return [r["id"] for r in _ok(client.get("/api/v1/aanmeldingen/", params))["results"]]

    assert ids(open="true") == [open_["id"]] and ids(open="false") == [dicht["id"]]
    assert ids(status="ingetrokken") == [dicht["id"]]
    assert set(ids(school="27aa01")) == {open_["id"], dicht["id"]} and ids(school="27BB01") == []
    assert ids(leerling=open_["leerling"]) == [open_["id"]]
    fout = client.get("/api/v1/aanmeldingen/", {"open": "misschien"})
    assert fout.status_code == 400 and "Onbekende waarde 'misschien'" in fout.json()["fouten"]["open"][0]


# --------------------------------------------------------------------------------------------------------
# Scope and audit
# --------------------------------------------------------------------------------------------------------

def test_scope_per_role(w, api):
    a = _ok(api(w.school).post("/api/v1/aanmeldingen/", {
        "school": "27AA01", "ontvangen_op": VANDAAG.isoformat(), "leerling": w.leerling.pk}, format="json"), 201)
    url = f"/api/v1/aanmeldingen/{a['id']}/"
    for rol in (w.andere_school, w.andere_staf, w.leerplicht, w.deskundige1, w.school_so):
        client = api(rol)
        assert client.get(url).status_code == 404, rol.rol
        assert _ok(client.get("/api/v1/aanmeldingen/"))["results"] == []
        assert _post(client, a["id"], "intrekken", reden="x").status_code == 404
    for rol in (w.consulent, w.directeur, w.school, w.ouder):
        assert [r["id"] for r in _ok(api(rol).get("/api/v1/aanmeldingen/"))["results"]] == [a["id"]]
    # The parent and SWV staff see it, but only the school acts on it.
    for rol in (w.ouder, w.consulent):
        response = _post(api(rol), a["id"], "toelaten", met_extra_ondersteuning=True)
        assert response.status_code == 403
        assert response.json()["detail"] == "Alleen de school van de aanmelding kan dit doen."
    assert Aanmelding.objects.get(pk=a["id"]).status == Status.ONTVANGEN


def test_reading_one_aanmelding_is_recorded_lists_are_not(w, api):
    a = _nieuw(api, w)
    client = api(w.consulent)
    client.get("/api/v1/aanmeldingen/")
    assert not AuditEvent.objects.filter(actie="view").exists()
    _ok(client.get(f"/api/v1/aanmeldingen/{a['id']}/"))
    gezien = AuditEvent.objects.get(actie="view", user_id=w.consulent.user_id)
    assert (gezien.object_type, gezien.object_id, gezien.leerling_id) == (
        "zorgplicht.aanmelding", str(a["id"]), a["leerling"])


def test_list_query_count_does_not_grow_with_rows(w, api, django_assert_max_num_queries):
    _nieuw(api, w)
    _nieuw(api, w, dagen_geleden=50)
    client = api(w.consulent)
    with django_assert_max_num_queries(12) as weinig:
        assert client.get("/api/v1/aanmeldingen/").json()["count"] == 2
    aantal = len(weinig.captured_queries)  # read now: a later request empties the query log
    assert aantal > 2
    for dagen in (1, 20, 44, 80):
        _nieuw(api, w, dagen_geleden=dagen)
    with django_assert_max_num_queries(aantal):
        assert client.get("/api/v1/aanmeldingen/").json()["count"] == 6


def test_schema_has_the_zorgplicht_paths(db):
    paden = Client().get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    for pad in ("/api/v1/aanmeldingen/", "/api/v1/aanmeldingen/{id}/", "/api/v1/aanmeldingen/{id}/verlengen/",
                "/api/v1/aanmeldingen/{id}/toelaten/", "/api/v1/aanmeldingen/{id}/elders-voorstellen/",
                "/api/v1/aanmeldingen/{id}/elders-bevestigen/", "/api/v1/aanmeldingen/{id}/weigeren/",
                "/api/v1/aanmeldingen/{id}/intrekken/", "/api/v1/aanmeldingen/{id}/hulp-vragen/"):
        assert pad in paden, pad
    assert set(paden["/api/v1/aanmeldingen/"]) == {"get", "post"}
    assert set(paden["/api/v1/aanmeldingen/{id}/"]) == {"get"}
    assert {p["name"] for p in paden["/api/v1/aanmeldingen/"]["get"]["parameters"]} >= {"status", "school", "open"}
    assert paden["/api/v1/aanmeldingen/{id}/weigeren/"]["post"]["summary"].startswith("Weigeren op een wettelijke grond")
