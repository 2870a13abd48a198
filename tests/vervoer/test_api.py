"""The leerlingenvervoer REST API (/api/v1/vervoersaanvragen/, voertuigen/, routeplanningen/) on the small world of
tests/vervoer/conftest.py: a parent asks transport for their own child, the gemeente sees only the requests of its
own residents with what the decision needs (age, not the date of birth), decides through the API (confirming or
departing with a motivering), keeps its vehicles, and starts a route planning that answers 202 and ends with
checked routes. Dutch 400s of the services, refusals (403) and invisibility (404), audit of reads, query counts that
do not grow with the rows, and an OpenAPI schema without warnings."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.register.models import Postcodegebied
from passend.toewijzing.models import Status, Tlv
from passend.vervoer import services
from passend.vervoer.models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig
from tests.apihulp import fout as _fout
from tests.apihulp import ok as _ok
from tests.apihulp import rijen as _rijen
from tests.factories import GemeenteFactory, InschrijvingFactory, RolFactory, UserFactory

API = "/api/v1/"




@pytest.fixture
def kampen(v):
    """A second gemeente: a pupil of SO De Brug living in Kampen (PC4 8261), and Kampen's vervoer role."""
    k = GemeenteFactory(naam="Kampen")
    Postcodegebied.objects.update_or_create(pc4="8261", defaults={"lat": 52.55, "lon": 5.91, "swv_po": v.w.swv,
                                                                  "gemeente": k})
    k.leerling = InschrijvingFactory(school=v.w.so_school, leerling__swv=v.w.swv, leerling__achternaam="Kuipers",
                                     leerling__postcode="8261AA").leerling
    k.vervoer = RolFactory(rol=Rol.VERVOER, swv=v.w.swv, gemeente=k, user=UserFactory(username="vervoer-kampen"))
    return k






def _post(client, pad, **data):
    return client.post(f"{API}{pad}", data, format="json")




def _so_aanvraag(v, **velden):
    """The SO pupil (13 km from school over the road) asked by the SO school: cannot travel alone."""
    return services.aanvraag_indienen(v.w.school_so, v.w.leerling_so, **velden)


# --------------------------------------------------------------------------------------------------------
# Vervoersaanvragen
# --------------------------------------------------------------------------------------------------------

def test_ouder_vraagt_vervoer_aan_voor_het_eigen_kind(v, api):
    w = v.w
    ouder = api(w.ouder)
    data = _ok(_post(ouder, "vervoersaanvragen/", leerling=w.leerling.pk, kan_zelfstandig_reizen=False,
                     chauffeur_info="  Zit graag voorin ", toelichting="Wij werken allebei vroeg."), 201)
    a = Vervoersaanvraag.objects.get(pk=data["id"])
    assert (a.leerling, a.aangemaakt_door, a.gemeente, a.pc4) == (w.leerling, w.ouder.user, v.zwolle, "8012")
    assert data["status"] == "ingediend" and data["gemeente"] == "Zwolle" and data["school"] == "27AA01"
    assert data["chauffeur_info"] == "Zit graag voorin" and data["mag_besluiten"] is False
    # 1.1 km as the crow flies, 1.4 km over the road: no right for a regular pupil without a disability.
    assert data["voorstel"]["recht"] is False and data["voorstel"]["vorm"] == "geen"
    assert data["voorstel"]["redenen"][-1] == "De afstand is niet meer dan 6,0 km: geen recht op vervoer."
    # The parent reads their own child's request; not another child, and only once per school year.
    assert [r["id"] for r in _rijen(_ok(ouder.get(f"{API}vervoersaanvragen/")))] == [a.pk]
    fout = _fout(_post(ouder, "vervoersaanvragen/", leerling=w.leerling_so.pk))
    assert fout["fouten"]["leerling"] == [f"Onbekende leerling: {w.leerling_so.pk}"]
    fout = _fout(_post(ouder, "vervoersaanvragen/", leerling=w.leerling.pk))
    assert fout["fouten"]["__all__"] == ["Voor deze leerling is voor dit schooljaar al vervoer aangevraagd."]
    assert Vervoersaanvraag.objects.count() == 1


def test_aanvragen_nederlandse_meldingen_en_wie_niet_aanvraagt(v, api):
    w = v.w
    school_so = api(w.school_so)
    fout = _fout(_post(school_so, "vervoersaanvragen/", leerling=w.leerling_so.pk, max_rit_minuten=5))
    assert fout["fouten"]["max_rit_minuten"] == ["Vul een ritduur van 10 tot 180 minuten in, of laat het leeg."]
    w.leerling_so.postcode = ""
    w.leerling_so.save()
    fout = _fout(_post(school_so, "vervoersaanvragen/", leerling=w.leerling_so.pk))
    assert fout["fouten"]["pc4"] == ["Het woonadres van de leerling heeft geen bekende postcode: vul die eerst in "
                                     "bij de leerling."]
    # The school asks only for its own pupils.
    assert "leerling" in _fout(_post(school_so, "vervoersaanvragen/", leerling=w.leerling.pk))["fouten"]
    # The gemeente, leerplicht and experts do not ask: 403 whatever they send.
    for wie in ("vervoer", "leerplicht", "deskundige1", "bestuur"):
        fout = _fout(_post(api(getattr(w, wie)), "vervoersaanvragen/", leerling=w.leerling.pk), 403)
        assert fout["detail"] == "U kunt voor deze leerling geen vervoer aanvragen."
    assert not Vervoersaanvraag.objects.exists()


def test_gemeente_ziet_alleen_haar_inwoners_met_wat_het_besluit_nodig_heeft(v, kampen, api):
    w = v.w
    # A valid TLV (SO, laag) for the pupil of De Linde, decided through the toewijzing services.
    w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = Tlv.objects.get(leerling=w.leerling)
    eigen = services.aanvraag_indienen(w.ouder, w.leerling, beperking=True, rolstoel=True, max_rit_minuten=45)
    so = _so_aanvraag(v, alleen_reizen=True, chauffeur_info="Epilepsie: noodmedicatie in de rugtas")
    elders = services.aanvraag_indienen(w.consulent, kampen.leerling, beperking=True)
    assert (so.gemeente, elders.gemeente) == (v.zwolle, kampen)

    zwolle = api(w.vervoer)
    rijen = _rijen(_ok(zwolle.get(f"{API}vervoersaanvragen/")))
    assert sorted(r["id"] for r in rijen) == sorted([eigen.pk, so.pk])
    rij = next(r for r in rijen if r["id"] == eigen.pk)
    assert rij["leerling_naam"] == w.leerling.naam and rij["leeftijd"] == w.leerling.leeftijd()
    assert rij["tlv"] == {"soort": "so", "soort_tekst": "Speciaal onderwijs (SO)", "categorie": "laag",
                          "einddatum": tlv.einddatum.isoformat()}
    assert (rij["pc4"], rij["school_soort"], rij["rolstoel"], rij["max_rit_minuten"]) == ("8012", "BAO", True, 45)
    assert rij["voorstel"]["recht"] is True and rij["voorstel"]["vorm"] == "aangepast"
    assert next(r for r in rijen if r["id"] == so.pk)["tlv"] is None
    # What the decision does not need is not there: no date of birth, no street address.
    tekst = json.dumps(rijen)
    assert w.leerling.geboortedatum.isoformat() not in tekst and "geboortedatum" not in tekst
    assert "huisnummer" not in tekst and "8012AB" not in tekst
    # Reading one request is recorded; it has what the driver must know.
    detail = _ok(zwolle.get(f"{API}vervoersaanvragen/{so.pk}/"))
    assert detail["chauffeur_info"] == "Epilepsie: noodmedicatie in de rugtas" and detail["mag_besluiten"] is True
    assert detail["alleen_reizen"] is True and "geboortedatum" not in detail
    assert AuditEvent.objects.filter(actie="view", object_type="vervoer.vervoersaanvraag", object_id=str(so.pk),
                                     user=w.vervoer.user).exists()
    # Another gemeente's resident: 404; Kampen sees only its own; SWV staff all three; a school its own pupils.
    _fout(zwolle.get(f"{API}vervoersaanvragen/{elders.pk}/"), 404)
    assert [r["id"] for r in _rijen(_ok(api(kampen.vervoer).get(f"{API}vervoersaanvragen/")))] == [elders.pk]
    _fout(api(kampen.vervoer).get(f"{API}vervoersaanvragen/{so.pk}/"), 404)
    assert len(_rijen(_ok(api(w.consulent).get(f"{API}vervoersaanvragen/")))) == 3
    assert [r["id"] for r in _rijen(_ok(api(w.school).get(f"{API}vervoersaanvragen/")))] == [eigen.pk]
    for wie in ("andere_staf", "leerplicht", "andere_school"):
        assert _rijen(_ok(api(getattr(w, wie)).get(f"{API}vervoersaanvragen/"))) == []
        _fout(api(getattr(w, wie)).get(f"{API}vervoersaanvragen/{so.pk}/"), 404)


def test_filters_op_status_en_vorm(v, api):
    w = v.w
    so = _so_aanvraag(v)
    eigen = services.aanvraag_indienen(w.ouder, w.leerling, kan_zelfstandig_reizen=True)
    services.besluiten(w.vervoer, so, toekennen=True)
    zwolle = api(w.vervoer)
    ids = [r["id"] for r in _rijen(_ok(zwolle.get(f"{API}vervoersaanvragen/", {"status": "ingediend"})))]
    assert ids == [eigen.pk]
    ids = [r["id"] for r in _rijen(_ok(zwolle.get(f"{API}vervoersaanvragen/", {"vorm": "aangepast"})))]
    assert ids == [so.pk]
    assert _rijen(_ok(zwolle.get(f"{API}vervoersaanvragen/", {"vorm": "ov"}))) == []
    fout = _fout(zwolle.get(f"{API}vervoersaanvragen/", {"status": "klaar"}))
    assert fout["fouten"]["status"] == ["Onbekende waarde 'klaar'; kies uit: ingediend, toegekend, afgewezen."]


def test_besluit_via_de_api_bevestigen_en_afwijken_met_motivering(v, kampen, api):
    w = v.w
    so = _so_aanvraag(v)
    zwolle = api(w.vervoer)
    # Not the gemeente: refused with the reason (and recorded); another gemeente: not found.
    fout = _fout(_post(api(w.school_so), f"vervoersaanvragen/{so.pk}/besluit/", toekennen=True), 403)
    assert fout["detail"] == "Alleen de gemeente van het woonadres besluit over deze aanvraag."
    assert AuditEvent.objects.filter(actie="denied", object_type="vervoer.vervoersaanvraag",
                                     object_id=str(so.pk)).exists()
    _fout(_post(api(kampen.vervoer), f"vervoersaanvragen/{so.pk}/besluit/", toekennen=True), 404)
    _fout(_post(zwolle, "vervoersaanvragen/999999/besluit/", toekennen=True), 404)
    # Wrong input: Dutch messages per field, nothing decided.
    assert "toekennen" in _fout(_post(zwolle, f"vervoersaanvragen/{so.pk}/besluit/"))["fouten"]
    fout = _fout(_post(zwolle, f"vervoersaanvragen/{so.pk}/besluit/", toekennen=True, vorm="fiets"))
    assert fout["fouten"]["motivering"] == ["Het besluit wijkt af van het voorstel: geef de reden."]
    fout = _fout(_post(zwolle, f"vervoersaanvragen/{so.pk}/besluit/", toekennen=True, eigen_bijdrage="20000"))
    assert fout["fouten"]["eigen_bijdrage"] == ["Vul een bedrag van 0 tot 10.000 euro in."]
    assert Vervoersaanvraag.objects.get(pk=so.pk).status == "ingediend"
    # Confirming the proposal: aangepast vervoer, by this user, today.
    data = _ok(_post(zwolle, f"vervoersaanvragen/{so.pk}/besluit/", toekennen=True))
    assert (data["status"], data["vorm"], data["besloten_door"], data["mag_besluiten"]) == (
        "toegekend", "aangepast", str(w.vervoer.user), False)
    assert data["besloten_op"] is not None
    fout = _fout(_post(zwolle, f"vervoersaanvragen/{so.pk}/besluit/", toekennen=False, motivering="Toch niet."))
    assert fout["fouten"]["__all__"] == ["Over deze aanvraag is al besloten (toegekend)."]
    # Departing from a refusal: granted with a motivering, which the parent reads (without the official's name).
    eigen = services.aanvraag_indienen(w.ouder, w.leerling)
    assert eigen.voorstel["recht"] is False
    data = _ok(_post(zwolle, f"vervoersaanvragen/{eigen.pk}/besluit/", toekennen=True, vorm="aangepast",
                     motivering="Medisch advies: tijdelijk niet zelfstandig."))
    assert (data["status"], data["vorm"]) == ("toegekend", "aangepast")
    ouder = _ok(api(w.ouder).get(f"{API}vervoersaanvragen/{eigen.pk}/"))
    assert ouder["motivering"] == "Medisch advies: tijdelijk niet zelfstandig." and ouder["besloten_door"] == ""


def test_voorstel_opnieuw_berekenen(v, api):
    w = v.w
    a = services.aanvraag_indienen(w.ouder, w.leerling, kan_zelfstandig_reizen=True)
    assert a.voorstel["recht"] is False
    # The gemeente lowers its threshold to 1 km: the pupil 1.4 km away now has a right (bicycle or public transport).
    services.instellingen_opslaan(w.vervoer, km_drempel=1)
    assert Vervoersinstellingen.voor(v.zwolle).km_drempel == 1
    _fout(_post(api(w.ouder), f"vervoersaanvragen/{a.pk}/voorstel/"), 403)
    data = _ok(_post(api(w.vervoer), f"vervoersaanvragen/{a.pk}/voorstel/"))
    assert data["voorstel"]["recht"] is True and data["voorstel"]["vorm"] == "ov"
    assert data["status"] == "ingediend"
    # After the decision the proposal stays as it was.
    services.besluiten(w.vervoer, a, toekennen=True)
    services.instellingen_opslaan(w.vervoer, km_drempel=6)
    fout = _fout(_post(api(w.vervoer), f"vervoersaanvragen/{a.pk}/voorstel/"))
    assert fout["fouten"]["__all__"] == ["Over deze aanvraag is al besloten: het voorstel blijft zoals het was."]
    assert Vervoersaanvraag.objects.get(pk=a.pk).voorstel["recht"] is True


# --------------------------------------------------------------------------------------------------------
# Voertuigen
# --------------------------------------------------------------------------------------------------------

def test_gemeente_beheert_haar_voertuigen(v, kampen, api):
    w = v.w
    zwolle = api(w.vervoer)
    rijen = _rijen(_ok(zwolle.get(f"{API}voertuigen/")))
    assert [(r["naam"], r["zitplaatsen"], r["rolstoelplaatsen"], r["beschikbaar_van"], r["beschikbaar_tot"])
            for r in rijen] == [("Bus 1", 6, 1, "07:00", "09:30"), ("Taxi 1", 4, 0, "07:00", "09:30")]
    data = _ok(_post(zwolle, "voertuigen/", naam="Taxibus 2", zitplaatsen=8, rolstoelplaatsen=2, depot_pc4="8091",
                     beschikbaar_van="07:15"), 201)
    nieuw = Voertuig.objects.get(pk=data["id"])
    assert (nieuw.gemeente, nieuw.zitplaatsen, nieuw.rolstoelplaatsen, str(nieuw.beschikbaar_van), nieuw.actief) == (
        v.zwolle, 8, 2, "07:15:00", True)
    # The service's Dutch messages.
    fout = _fout(_post(zwolle, "voertuigen/", naam=" ", zitplaatsen=0, depot_pc4="9999", beschikbaar_van="09:00",
                       beschikbaar_tot="08:00"))
    assert fout["fouten"] == {"naam": ["Geef het voertuig een naam."],
                              "zitplaatsen": ["Een voertuig heeft 1 tot 60 zitplaatsen."],
                              "depot_pc4": ["Vul een bestaande postcode (4 cijfers) in."],
                              "beschikbaar_tot": ["De eindtijd moet na de begintijd liggen."]}
    # PATCH changes only what is sent; PUT the whole vehicle.
    data = _ok(zwolle.patch(f"{API}voertuigen/{v.taxi.pk}/", {"actief": False}, format="json"))
    assert (data["naam"], data["zitplaatsen"], data["actief"]) == ("Taxi 1", 4, False)
    data = _ok(zwolle.put(f"{API}voertuigen/{v.taxi.pk}/", {"naam": "Taxi Noord", "zitplaatsen": 3,
                                                             "depot_pc4": "8012"}, format="json"))
    assert (data["naam"], data["depot_pc4"], data["beschikbaar_tot"], data["actief"]) == ("Taxi Noord", "8012",
                                                                                         "09:30", True)
    # Another gemeente does not see them; other roles are refused.
    assert _rijen(_ok(api(kampen.vervoer).get(f"{API}voertuigen/"))) == []
    _fout(api(kampen.vervoer).get(f"{API}voertuigen/{v.bus.pk}/"), 404)
    _fout(api(kampen.vervoer).patch(f"{API}voertuigen/{v.bus.pk}/", {"actief": False}, format="json"), 404)
    for wie in ("consulent", "leerplicht", "school"):
        client = api(getattr(w, wie))
        assert _fout(client.get(f"{API}voertuigen/"), 403)["detail"] == "Alleen de gemeente beheert de voertuigen."
        _fout(_post(client, "voertuigen/", naam="X", zitplaatsen=4, depot_pc4="8011"), 403)
        _fout(client.patch(f"{API}voertuigen/{v.bus.pk}/", {"actief": False}, format="json"), 403)
    assert Voertuig.objects.get(pk=v.bus.pk).actief is True


# --------------------------------------------------------------------------------------------------------
# Routeplanningen
# --------------------------------------------------------------------------------------------------------

def test_planning_via_de_api_antwoordt_202_en_wordt_klaar_met_routes(v, kampen, api,
                                                                     django_capture_on_commit_callbacks):
    w = v.w
    zwolle = api(w.vervoer)
    # Nothing granted yet: a 400 with the reason.
    fout = _fout(_post(zwolle, "routeplanningen/", richting="heen", seconden=2))
    assert fout["fouten"]["__all__"] == ["Er zijn nog geen leerlingen met toegekend aangepast vervoer."]
    so = services.besluiten(w.vervoer, _so_aanvraag(v, max_rit_minuten=40), toekennen=True)
    fout = _fout(_post(zwolle, "routeplanningen/", richting="zijwaarts", seconden=0))
    assert set(fout["fouten"]) == {"richting"}
    assert _fout(_post(zwolle, "routeplanningen/", seconden=0))["fouten"]["seconden"] == [
        "Kies een rekentijd van 1 tot 600 seconden."]
    assert not Routeplanning.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(zwolle, "routeplanningen/", richting="heen", seconden=2)
    data = _ok(response, 202)
    p = Routeplanning.objects.get()
    assert data["id"] == p.pk and data["richting"] == "heen" and data["seconden"] == 2
    assert response["Location"] == f"http://testserver{API}routeplanningen/{p.pk}/"
    # The job ran (immediately, in tests): the planning behind the Location is ready, with checked routes.
    klaar = _ok(zwolle.get(response["Location"]))
    assert (klaar["status"], klaar["voortgang"], klaar["fout"]) == ("klaar", 100, ""), klaar
    assert klaar["job"] == p.job_id is not None
    assert klaar["kengetallen"]["leerlingen"] == klaar["kengetallen"]["ingepland"] == 1
    route = klaar["resultaat"]["routes"][0]
    assert route["naam"] in ("Taxi 1", "Bus 1")
    assert [(h["aanvraag"], h["soort"]) for h in route["haltes"]] == [(so.pk, "ophaal"), (so.pk, "aflever")]
    ophaal, aflever = route["haltes"]
    assert "08:10" <= aflever["tijd"] <= "08:25" and ophaal["tijd"] < aflever["tijd"]
    assert 0 < klaar["resultaat"]["rittijden"][str(so.pk)] <= 40
    assert klaar["resultaat"]["niet_ingepland"] == []
    lijst = _rijen(_ok(zwolle.get(f"{API}routeplanningen/")))
    assert [r["id"] for r in lijst] == [p.pk] and "resultaat" not in lijst[0]
    assert lijst[0]["kengetallen"]["voertuigen"] == 1
    # Another gemeente sees nothing of it; other roles are refused.
    assert _rijen(_ok(api(kampen.vervoer).get(f"{API}routeplanningen/"))) == []
    _fout(api(kampen.vervoer).get(f"{API}routeplanningen/{p.pk}/"), 404)
    fout = _fout(_post(api(kampen.vervoer), "routeplanningen/", seconden=2))
    assert fout["fouten"]["__all__"] == ["Voeg eerst voertuigen toe."]
    for wie in ("consulent", "ouder", "leerplicht"):
        client = api(getattr(w, wie))
        assert _fout(client.get(f"{API}routeplanningen/"), 403)["detail"] == "Alleen de gemeente plant de routes."
        _fout(client.get(f"{API}routeplanningen/{p.pk}/"), 403)
        _fout(_post(client, "routeplanningen/", seconden=2), 403)
    assert Routeplanning.objects.count() == 1


# --------------------------------------------------------------------------------------------------------
# Query counts and schema
# --------------------------------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as q:
        _ok(client.get(url))
    return len(q.captured_queries)


def test_lijsten_doen_even_veel_queries_bij_meer_rijen(v, api, django_capture_on_commit_callbacks):
    w = v.w
    zwolle, consulent = api(w.vervoer), api(w.consulent)
    services.besluiten(w.vervoer, _so_aanvraag(v), toekennen=True)
    w.naar(w.aanvraag(), Status.BESLOTEN)  # a pupil with a TLV
    services.aanvraag_indienen(w.ouder, w.leerling, beperking=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.planning_starten(w.vervoer, seconden=1)
    urls = [f"{API}vervoersaanvragen/", f"{API}voertuigen/", f"{API}routeplanningen/"]
    voor = {u: _queries(zwolle, u) for u in urls}
    voor_staf = _queries(consulent, f"{API}vervoersaanvragen/")

    for i in range(4):
        leerling = InschrijvingFactory(school=w.so_school, leerling__swv=w.swv, leerling__postcode="8091AB").leerling
        a = services.aanvraag_indienen(w.consulent, leerling, beperking=True, chauffeur_info=f"Rij {i}")
        if i % 2:
            services.besluiten(w.vervoer, a, toekennen=True)
        services.voertuig_opslaan(w.vervoer, None, naam=f"Taxi {i + 2}", zitplaatsen=4, rolstoelplaatsen=0,
                                  depot_pc4="8011", beschikbaar_van=v.taxi.beschikbaar_van,
                                  beschikbaar_tot=v.taxi.beschikbaar_tot)
    with django_capture_on_commit_callbacks(execute=True):
        services.planning_starten(w.vervoer, richting="terug", seconden=1)
    assert len(_rijen(_ok(zwolle.get(f"{API}vervoersaanvragen/")))) == 6
    assert len(_rijen(_ok(zwolle.get(f"{API}routeplanningen/")))) == 2
    assert {u: _queries(zwolle, u) for u in urls} == voor
    assert _queries(consulent, f"{API}vervoersaanvragen/") == voor_staf


def test_schema_zonder_waarschuwingen_met_de_vervoerpaden(db):
    uit = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=uit)
    paden = json.loads(uit.getvalue())["paths"]
    for pad in ("vervoersaanvragen/", "vervoersaanvragen/{id}/", "vervoersaanvragen/{id}/besluit/",
                "vervoersaanvragen/{id}/voorstel/", "voertuigen/", "voertuigen/{id}/", "routeplanningen/",
                "routeplanningen/{id}/"):
        assert f"/api/v1/{pad}" in paden, pad
    assert set(paden["/api/v1/vervoersaanvragen/"]) == {"get", "post"}
    assert set(paden["/api/v1/voertuigen/{id}/"]) == {"get", "put", "patch"}
    assert set(paden["/api/v1/routeplanningen/{id}/"]) == {"get"}
    assert "202" in paden["/api/v1/routeplanningen/"]["post"]["responses"]
