"""The dekkend-netwerk REST API (/api/v1/behoeften/, schoolprofielen/, dekking/, plaatsingsverzoeken/) on the small
world of tests/netwerk/conftest.py: what each role reads, saving a profile through the API, the coverage figures
and gap list, a placement walked through the API only (start, suggestions, choice, a refusal, a new choice, the
confirmation), the Dutch 400s of the services, refusals (403) and invisibility (404), audit of reads, query
counts that do not grow with the rows, and an OpenAPI schema without warnings."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.audit.models import AuditEvent
from passend.netwerk import services
from passend.netwerk.models import Aanbod, Leerlingbehoefte, Plaatsingsverzoek, Schoolprofiel
from passend.toewijzing.models import Status
from tests.apihulp import fout as _fout
from tests.apihulp import ok as _ok
from tests.apihulp import rijen as _rijen
from tests.factories import InschrijvingFactory, SchoolFactory

from .conftest import behoefte

API = "/api/v1/"








def _post(client, pad, **data):
    return client.post(f"{API}{pad}", data, format="json")




VAN, TOT = "2024-08-01", "2028-07-31"


# --------------------------------------------------------------------------------------------------------
# Behoeften
# --------------------------------------------------------------------------------------------------------

def test_behoeften_standaardlijst_eigen_behoefte_en_basisondersteuning(n, api):
    w = n.w
    eigen = services.behoefte_toevoegen(w.consulent, naam="Hechtingsproblematiek")
    data = _ok(api(w.consulent).get(f"{API}behoeften/"))
    rijen = {r["code"]: r for r in _rijen(data)}
    assert len(rijen) == 13 and rijen["hechtingsproblematiek"]["eigen"] is True
    assert rijen["gedrag"] == {"id": n.b["gedrag"].pk, "code": "gedrag", "naam": "Gedrag",
                               "omschrijving": "Gedragsproblemen, externaliserend gedrag", "volgorde": 10,
                               "eigen": False, "basisondersteuning": False}
    # The plan puts NT2 in the basisondersteuning, nothing else.
    assert [c for c, r in rijen.items() if r["basisondersteuning"]] == ["nt2"]
    # Every role of the SWV reads the list (a parent too); another SWV does not see this SWV's own need.
    assert len(_rijen(_ok(api(w.ouder).get(f"{API}behoeften/")))) == 13
    anderen = {r["code"] for r in _rijen(_ok(api(w.andere_staf).get(f"{API}behoeften/")))}
    assert "hechtingsproblematiek" not in anderen and "gedrag" in anderen
    assert _ok(api(w.school).get(f"{API}behoeften/{eigen.pk}/"))["naam"] == "Hechtingsproblematiek"
    _fout(api(w.andere_staf).get(f"{API}behoeften/{eigen.pk}/"), 404)
    # Read only.
    assert api(w.consulent).post(f"{API}behoeften/", {"naam": "X"}, format="json").status_code == 405


# --------------------------------------------------------------------------------------------------------
# Schoolprofielen
# --------------------------------------------------------------------------------------------------------

def test_schoolprofielen_lijst_met_aanbod_en_filters(n, api):
    w = n.w
    data = _ok(api(w.ouder).get(f"{API}schoolprofielen/"))  # profiles describe the offer: every role reads them
    assert [(p["school"], p["school_naam"]) for p in _rijen(data)] == [
        ("27BB01", "De Eik"), ("27AA01", "De Linde"), ("27SO01", "SO De Brug")]
    eik = _rijen(data)[0]
    assert (eik["speciaal"], eik["periode"], eik["geldig_van"], eik["geldig_tot"]) == (False, "geldig", VAN, TOT)
    assert [(a["behoefte"], a["niveau"], a["capaciteit"], a["bezet"], a["vrij"], a["vol"]) for a in eik["aanbod"]] == [
        ("gedrag", "extra", 5, 2, 3, False), ("ass", "extra", 3, 3, 0, True)]

    consulent = api(w.consulent)
    ass = [p["school"] for p in _rijen(_ok(consulent.get(f"{API}schoolprofielen/", {"behoefte": "ass"})))]
    assert ass == ["27BB01", "27SO01"]
    assert [p["school"] for p in _rijen(_ok(consulent.get(f"{API}schoolprofielen/", {"school": "27aa01"})))] == [
        "27AA01"]
    assert _rijen(_ok(consulent.get(f"{API}schoolprofielen/", {"behoefte": "meervoudig"}))) == []
    assert "Onbekende behoefte" in str(_fout(consulent.get(f"{API}schoolprofielen/", {"behoefte": "vliegen"})))

    so = _ok(consulent.get(f"{API}schoolprofielen/27so01/"))
    assert (so["speciaal"], so["plaatsen"], so["bezetting"], so["wachtlijst"], so["mr_advies_op"]) == (
        True, 80, 78, 7, "2024-06-01")
    assert [a["behoefte"] for a in so["aanbod"]] == ["gedrag", "ass", "zml"]
    # Who may change what: the school its own profile, SWV staff every profile.
    assert _ok(api(w.school).get(f"{API}schoolprofielen/27AA01/"))["mag_wijzigen"] is True
    assert _ok(api(w.school).get(f"{API}schoolprofielen/27BB01/"))["mag_wijzigen"] is False
    assert so["mag_wijzigen"] is True
    # Another SWV sees none of these profiles.
    assert _rijen(_ok(api(w.andere_staf).get(f"{API}schoolprofielen/"))) == []
    _fout(api(w.andere_staf).get(f"{API}schoolprofielen/27BB01/"), 404)


def test_school_wijzigt_het_eigen_profiel_en_niet_dat_van_een_ander(n, api):
    w = n.w
    school = api(w.school)
    p = _ok(school.patch(f"{API}schoolprofielen/27AA01/", {
        "expertise": "Twee leerkrachten met de master SEN", "aanbod": [
            {"behoefte": "dyslexie-dyscalculie"},
            {"behoefte": "gedrag", "capaciteit": 4, "bezet": 1, "toelichting": "Time-outruimte"}]}, format="json"))
    assert p["expertise"] == "Twee leerkrachten met de master SEN" and (p["geldig_van"], p["geldig_tot"]) == (VAN, TOT)
    assert [(a["behoefte"], a["capaciteit"], a["bezet"], a["vrij"], a["toelichting"]) for a in p["aanbod"]] == [
        ("gedrag", 4, 1, 3, "Time-outruimte"), ("dyslexie-dyscalculie", None, 0, None, "")]
    # A PATCH without `aanbod` leaves the offer as it is.
    p = _ok(school.patch(f"{API}schoolprofielen/27AA01/", {"mr_advies_op": "2025-03-01"}, format="json"))
    assert p["mr_advies_op"] == "2025-03-01" and len(p["aanbod"]) == 2
    assert Schoolprofiel.objects.get(school=w.school_a).bijgewerkt_door == w.school.user

    # Another school's profile: 403 with the service's reason, nothing changes.
    voor = list(Aanbod.objects.filter(profiel__school=w.school_b).values_list("behoefte_id", "bezet"))
    fout = _fout(school.put(f"{API}schoolprofielen/27BB01/", {"geldig_van": VAN, "geldig_tot": TOT, "aanbod": []},
                            format="json"), 403)
    assert fout["detail"] == "U kunt alleen het profiel van uw eigen school wijzigen."
    assert list(Aanbod.objects.filter(profiel__school=w.school_b).values_list("behoefte_id", "bezet")) == voor
    assert AuditEvent.objects.filter(actie="denied", object_type="netwerk.schoolprofiel").exists()
    # Refused whatever is sent (not a 400 for the input first); parents change nothing either.
    fout = _fout(school.put(f"{API}schoolprofielen/27BB01/", {"aanbod": "onzin"}, format="json"), 403)
    assert fout["detail"] == "U kunt alleen het profiel van uw eigen school wijzigen."
    _fout(api(w.ouder).patch(f"{API}schoolprofielen/27AA01/", {"expertise": "x"}, format="json"), 403)
    assert Schoolprofiel.objects.get(school=w.school_a).expertise == "Twee leerkrachten met de master SEN"


def test_profiel_opslaan_geeft_de_nederlandse_meldingen_en_bewaart_niets(n, api):
    w = n.w
    consulent = api(w.consulent)

    def patch(code, **data):
        return consulent.patch(f"{API}schoolprofielen/{code}/", data, format="json")

    fout = _fout(patch("27BB01", aanbod=[{"behoefte": "gedrag", "capaciteit": 2, "bezet": 3}]))
    assert fout["fouten"] == {"aanbod.gedrag.bezet": ["Gedrag: er zijn meer leerlingen (3) dan plaatsen (2)."]}
    fout = _fout(patch("27BB01", geldig_van="2024-08-01", geldig_tot="2029-08-01"))
    assert "langer dan 4 jaar" in fout["fouten"]["geldig_tot"][0]
    fout = _fout(patch("27BB01", plaatsen=40))
    assert fout["fouten"]["plaatsen"] == ["Plaatsen, bezetting en wachtlijst horen bij een speciale school (SBO, SO, "
                                          "VSO)."]
    assert "Onbekende behoefte: vliegen." in str(_fout(patch("27BB01", aanbod=[{"behoefte": "vliegen"}])))
    assert "één keer" in str(_fout(patch("27BB01", aanbod=[{"behoefte": "ass"}, {"behoefte": "ass"}])))
    assert "niveau" in str(_fout(patch("27BB01", aanbod=[{"behoefte": "ass", "niveau": "super"}])))
    # Nothing of the above was saved.
    p = Schoolprofiel.objects.get(school=w.school_b)
    assert (p.geldig_tot, p.plaatsen) == (dt.date(2028, 7, 31), None)
    assert sorted(p.aanbod.values_list("behoefte__code", "capaciteit", "bezet")) == [("ass", 3, 3), ("gedrag", 5, 2)]
    # PUT asks for the whole profile.
    fout = _fout(consulent.put(f"{API}schoolprofielen/27BB01/", {"aanbod": []}, format="json"))
    assert {"geldig_van", "geldig_tot"} <= set(fout["fouten"])
    # Unknown school, or a PATCH on a school without a profile: 404.
    _fout(patch("99ZZ99", expertise="x"), 404)
    SchoolFactory(vestigingscode="27CC01", naam="De Es", regio_swv_po=w.swv)
    _fout(patch("27CC01", expertise="x"), 404)


def test_swv_maakt_met_put_een_profiel_voor_een_school_zonder_profiel(n, api):
    w = n.w
    SchoolFactory(vestigingscode="27CC01", naam="De Es", regio_swv_po=w.swv)
    consulent = api(w.consulent)
    _fout(consulent.get(f"{API}schoolprofielen/27CC01/"), 404)
    p = _ok(consulent.put(f"{API}schoolprofielen/27cc01/", {
        "geldig_van": "2025-08-01", "geldig_tot": "2029-07-31", "voorzieningen": "Lift",
        "aanbod": [{"behoefte": "lichamelijk", "niveau": "extra", "capaciteit": 2}]}, format="json"), 201)
    assert (p["school"], p["voorzieningen"], [a["behoefte"] for a in p["aanbod"]]) == (
        "27CC01", "Lift", ["lichamelijk"])
    # A second PUT replaces it (200): the offer is what was sent.
    p = _ok(consulent.put(f"{API}schoolprofielen/27CC01/", {
        "geldig_van": "2025-08-01", "geldig_tot": "2029-07-31", "aanbod": []}, format="json"))
    assert (p["aanbod"], p["voorzieningen"]) == ([], "")
    assert Schoolprofiel.objects.filter(school__vestigingscode="27CC01").count() == 1
    # An SBO school records places, occupancy and a waiting list too.
    SchoolFactory(vestigingscode="27SB01", naam="SBO De Vonk", soort="SBO", regio_swv_po=w.swv)
    p = _ok(consulent.put(f"{API}schoolprofielen/27SB01/", {
        "geldig_van": "2025-08-01", "geldig_tot": "2029-07-31", "plaatsen": 120, "bezetting": 118, "wachtlijst": 3,
        "aanbod": [{"behoefte": "moeilijk-lerend", "niveau": "specialistisch", "capaciteit": 40, "bezet": 38}]},
        format="json"), 201)
    assert (p["speciaal"], p["plaatsen"], p["bezetting"], p["wachtlijst"]) == (True, 120, 118, 3)


# --------------------------------------------------------------------------------------------------------
# Dekking
# --------------------------------------------------------------------------------------------------------

def test_dekking_per_behoefte_met_gatenlijst(n, api):
    w = n.w
    # Demand: the pupil Aalders has a submitted request and needs ASS; a pupil without a running request, OPP or
    # TLV does not count.
    assert w.naar(w.aanvraag(), Status.INGEDIEND).status == Status.INGEDIEND
    services.leerlingbehoeften_zetten(w.consulent, w.leerling, [n.b["ass"]], bron=Leerlingbehoefte.Bron.AANVRAAG)
    services.leerlingbehoeften_zetten(w.consulent, w.leerling_so, [n.b["ass"], n.b["zml"]])

    d = _ok(api(w.consulent).get(f"{API}dekking/"))
    assert (d["swv"], d["scholen"], d["profielen"], d["scholen_zonder_profiel"]) == ("PO2799", 3, 3, [])
    assert d["plan"]["basis_behoeften"] == ["nt2"] and d["plan"]["opr_instemming_op"] == "2024-04-15"
    assert d["instellingen"]["max_afstand_km"] == "10.0"
    per = {x["behoefte"]: x for x in d["dekking"]}
    assert len(per) == 12
    gedrag = per["gedrag"]
    assert (gedrag["aantal_aanbieders"], gedrag["capaciteit"], gedrag["bezet"], gedrag["vrij"], gedrag["vraag"]) == (
        2, 25, 12, 13, 0)
    # The figures add up: the need's capacity and occupancy are the sums over its schools.
    for x in d["dekking"]:
        if x["capaciteit"] is not None:
            assert x["capaciteit"] == sum(a["capaciteit"] for a in x["aanbieders"])
        assert x["bezet"] == sum(a["bezet"] for a in x["aanbieders"])
        assert x["aantal_aanbieders"] == len(x["aanbieders"])
    assert (per["ass"]["vraag"], per["zml"]["vraag"]) == (1, 0)
    assert [(a["school"], a["vol"]) for a in per["ass"]["aanbieders"]] == [("27BB01", True), ("27SO01", False)]
    # Basisondersteuning: every regular school offers NT2, without a fixed limit.
    assert per["nt2"]["capaciteit"] is None
    assert sorted((a["school"], a["niveau"], a["via_basis"]) for a in per["nt2"]["aanbieders"]) == [
        ("27AA01", "basis", True), ("27BB01", "basis", True)]
    # ZML only at SO De Brug, 21.1 km from PC4 8011: both PC4 areas of the region are too far.
    assert (per["zml"]["max_afstand_km"], sorted(per["zml"]["pc4_te_ver"])) == (21.1, ["8011", "8091"])

    gaten = d["gaten"]
    assert [g["ernst"] for g in gaten] == sorted((g["ernst"] for g in gaten), reverse=True)
    geen = {g["behoefte"] for g in gaten if g["soort"] == "geen_aanbod"}
    assert geen == {"taal-tos", "hoogbegaafdheid", "medisch", "lichamelijk", "moeilijk-lerend", "sociaal-emotioneel",
                    "meervoudig"}
    assert {(g["soort"], g["school"], g["behoefte"]) for g in gaten if g["soort"] in ("vol", "wachtlijst")} == {
        ("vol", "27BB01", "ass"), ("wachtlijst", "27SO01", "")}
    assert any(g["soort"] == "afstand" and g["behoefte"] == "zml" for g in gaten)

    # The trend: the saved measurements, oldest first.
    from passend.netwerk import gegevens

    gegevens.meting_opslaan(w.swv, op=dt.date(2026, 1, 1))
    gegevens.meting_opslaan(w.swv, op=dt.date(2026, 2, 1))
    trend = _ok(api(w.directeur).get(f"{API}dekking/"))["trend"]
    assert [t["datum"] for t in trend] == ["2026-01-01", "2026-02-01"] and trend[0]["gaten"] == len(gaten)


@pytest.mark.parametrize("wie", ["consulent", "directeur", "bestuur", "beheerder"])
def test_dekking_voor_staf_besturen_en_beheer(n, api, wie):
    assert len(_ok(api(getattr(n.w, wie)).get(f"{API}dekking/"))["dekking"]) == 12


@pytest.mark.parametrize("wie", ["school", "ouder", "leerplicht", "deskundige1"])
def test_dekking_niet_voor_scholen_ouders_en_gemeente(n, api, wie):
    fout = _fout(api(getattr(n.w, wie)).get(f"{API}dekking/"), 403)
    assert fout["detail"] == ("Alleen medewerkers van het samenwerkingsverband, schoolbesturen en beheerders zien de "
                              "dekking.")


# --------------------------------------------------------------------------------------------------------
# Plaatsingsverzoeken
# --------------------------------------------------------------------------------------------------------

def test_plaatsing_via_de_api_van_start_tot_bevestiging(n, api):
    w = n.w
    school, eik, so, consulent = api(w.school), api(w.andere_school), api(w.school_so), api(w.consulent)
    p = _ok(_post(school, "plaatsingsverzoeken/", leerling=w.leerling.pk, behoeften=["gedrag"], pc4="8011",
                  toelichting="Zorgplicht: wij kunnen de ondersteuning niet bieden."), 201)
    pk = p["id"]
    assert (p["status"], p["is_open"], p["vanuit_school"], p["vanuit_school_naam"], p["behoeften"], p["pc4"]) == (
        "open", True, "27AA01", "De Linde", ["gedrag"], "8011")
    assert p["aangemaakt_door"] == str(w.school.user) and p["mag_wijzigen"] is True
    # The stated need became the pupil's need (the demand side).
    assert Leerlingbehoefte.objects.filter(leerling=w.leerling, behoefte=n.b["gedrag"], bron="plaatsing").exists()

    # Suggestions: De Eik (3 places free, 4.4 km) before SO De Brug (waiting list, 21.1 km); not the own school.
    s = _ok(school.get(f"{API}plaatsingsverzoeken/{pk}/suggesties/"))
    assert [(r["rang"], r["school"], r["vol"], r["afstand_km"], r["vrije_plaatsen"]) for r in s] == [
        (1, "27BB01", False, 4.4, 3), (2, "27SO01", True, 21.1, 10)]
    assert s[0]["redenen"] == ["Biedt 1 van 1 behoeften: Gedrag", "3 vrije plaatsen", "4,4 km"]
    assert "Wachtlijst: 7" in s[1]["redenen"] and (s[0]["wachtlijst"], s[1]["wachtlijst"]) == (False, True)
    assert s[0]["gedekt"] == ["gedrag"] and s[0]["ontbreekt"] == []
    assert AuditEvent.objects.filter(actie="view", object_type="netwerk.plaatsingsverzoek", object_id=str(pk),
                                     leerling_id=w.leerling.pk).exists()

    # De Eik does not see the request until it is chosen.
    _fout(eik.get(f"{API}plaatsingsverzoeken/{pk}/"), 404)
    p = _ok(_post(school, f"plaatsingsverzoeken/{pk}/kiezen/", school="27bb01", reden="Dichtbij, plaats vrij"))
    assert (p["status"], p["gekozen_school"], p["keuze_reden"], p["gekozen_door"]) == (
        "gekozen", "27BB01", "Dichtbij, plaats vrij", str(w.school.user))
    assert [r["id"] for r in _rijen(_ok(eik.get(f"{API}plaatsingsverzoeken/")))] == [pk]
    assert _ok(eik.get(f"{API}plaatsingsverzoeken/{pk}/"))["mag_wijzigen"] is True

    # De Eik declines: a reason is required.
    fout = _fout(_post(eik, f"plaatsingsverzoeken/{pk}/antwoord/", akkoord=False))
    assert fout["fouten"]["toelichting"] == ["Geef aan waarom de school de leerling niet kan plaatsen."]
    p = _ok(_post(eik, f"plaatsingsverzoeken/{pk}/antwoord/", akkoord=False, toelichting="Groep is vol na de zomer."))
    assert (p["status"], p["is_open"], p["antwoord_toelichting"], p["beantwoord_door"]) == (
        "afgewezen", True, "Groep is vol na de zomer.", str(w.andere_school.user))
    # The school that declined drops out of the suggestions.
    assert [r["school"] for r in _ok(consulent.get(f"{API}plaatsingsverzoeken/{pk}/suggesties/"))] == ["27SO01"]

    # The consulent chooses the SO school, which confirms.
    p = _ok(_post(consulent, f"plaatsingsverzoeken/{pk}/kiezen/", school="27SO01", reden="Na overleg met ouders"))
    assert (p["status"], p["gekozen_school"], p["antwoord_toelichting"]) == ("gekozen", "27SO01", "")
    fout = _fout(_post(eik, f"plaatsingsverzoeken/{pk}/antwoord/", akkoord=True), 404)  # no longer De Eik's
    assert fout["detail"] == "Niet gevonden."
    p = _ok(_post(so, f"plaatsingsverzoeken/{pk}/antwoord/", akkoord=True, toelichting="Welkom per 1 februari."))
    assert (p["status"], p["is_open"], p["beantwoord_door"]) == ("bevestigd", False, str(w.school_so.user))

    # Confirmed: no new choice, no withdrawal.
    assert "kiezen kan niet meer" in str(_fout(_post(consulent, f"plaatsingsverzoeken/{pk}/kiezen/", school="27BB01")))
    assert "al bevestigd" in str(_fout(_post(consulent, f"plaatsingsverzoeken/{pk}/intrekken/")))
    r = Plaatsingsverzoek.objects.get(pk=pk)
    assert (r.status, r.gekozen_school_id, r.beantwoord_door_id) == ("bevestigd", w.so_school.pk, w.school_so.user_id)

    # The parent reads the request of their child, without staff names; the pupil too.
    ouder = _ok(api(w.ouder).get(f"{API}plaatsingsverzoeken/{pk}/"))
    assert (ouder["status"], ouder["gekozen_school_naam"], ouder["gekozen_door"], ouder["beantwoord_door"]) == (
        "bevestigd", "SO De Brug", "", "")
    assert ouder["mag_wijzigen"] is False
    assert _ok(api(w.leerling_zelf).get(f"{API}plaatsingsverzoeken/{pk}/"))["id"] == pk


def test_consulent_start_trekt_in_en_filters(n, api):
    w = n.w
    consulent = api(w.consulent)
    p = _ok(_post(consulent, "plaatsingsverzoeken/", leerling=w.leerling_b.pk, behoeften=["gedrag", "zml"]), 201)
    # No pc4 given: the pupil's own postcode (8011AB); no school that seeks (the SWV starts it).
    assert (p["pc4"], p["vanuit_school"], p["behoeften"]) == ("8011", None, ["gedrag", "zml"])
    s = _ok(consulent.get(f"{API}plaatsingsverzoeken/{p['id']}/suggesties/", {"aantal": 1}))
    # SO De Brug covers both needs: first, though it has a waiting list and is further away.
    assert [(r["school"], r["gedekt"], r["ontbreekt"]) for r in s] == [("27SO01", ["gedrag", "zml"], [])]
    assert "aantal" in _fout(consulent.get(f"{API}plaatsingsverzoeken/{p['id']}/suggesties/", {"aantal": 0}))["fouten"]

    tweede = _ok(_post(consulent, "plaatsingsverzoeken/", leerling=w.leerling_so.pk, behoeften=["ass"], pc4="8091"),
                 201)
    i = _ok(_post(consulent, f"plaatsingsverzoeken/{tweede['id']}/intrekken/", toelichting="Ouders kiezen zelf."))
    assert (i["status"], i["is_open"], i["antwoord_toelichting"]) == ("ingetrokken", False, "Ouders kiezen zelf.")

    def ids(**params):
        return [r["id"] for r in _rijen(_ok(consulent.get(f"{API}plaatsingsverzoeken/", params)))]

    assert ids() == [tweede["id"], p["id"]]
    assert ids(status="open") == [p["id"]] and ids(status="ingetrokken") == [tweede["id"]]
    assert ids(leerling=w.leerling_b.pk) == [p["id"]]
    assert ids(school="27AA01") == []
    assert "Onbekende waarde" in str(_fout(consulent.get(f"{API}plaatsingsverzoeken/", {"status": "zoek"})))


def test_plaatsing_starten_nederlandse_meldingen(n, api):
    w = n.w
    school = api(w.school)

    def start(**data):
        return _post(school, "plaatsingsverzoeken/", **{"leerling": w.leerling.pk, "behoeften": ["gedrag"], **data})

    assert _fout(start(behoeften=[]))["fouten"]["behoeften"] == ["Kies minstens één ondersteuningsbehoefte."]
    assert _fout(start(behoeften=["gedrag", "vliegen"]))["fouten"]["behoeften"] == ["Onbekende behoefte: vliegen."]
    assert _fout(start(pc4="9999"))["fouten"]["pc4"] == ["Postcode 9999 bestaat niet in het register."]
    assert "vier cijfers" in _fout(start(pc4="80"))["fouten"]["pc4"][0]
    assert _fout(start(vanuit_school="27BB01"))["fouten"]["vanuit_school"] == ["Kies uw eigen school."]
    # A pupil the school cannot see (of another school) is unknown to it.
    assert "Onbekende leerling" in str(_fout(start(leerling=w.leerling_b.pk)))
    assert not Plaatsingsverzoek.objects.exists()
    _ok(start(), 201)
    assert _fout(start())["fouten"]["__all__"] == ["Voor deze leerling loopt al een plaatsingsverzoek."]
    assert Plaatsingsverzoek.objects.count() == 1


def test_plaatsing_weigeringen_en_buiten_beeld(n, api):
    w = n.w
    p = services.plaatsing_starten(w.school, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    url = f"{API}plaatsingsverzoeken/{p.pk}/"
    # Roles that do not place: 403 on starting, whatever they send.
    for wie in ("ouder", "leerplicht", "bestuur", "deskundige1"):
        fout = _fout(_post(api(getattr(w, wie)), "plaatsingsverzoeken/", leerling=w.leerling.pk,
                           behoeften=["gedrag"]), 403)
        assert fout["detail"] == "Alleen medewerkers van het samenwerkingsverband en scholen zoeken een plaats voor " \
                                 "een leerling."
    # The parent sees the request but chooses nothing: 403 with the reason, written to the audit trail.
    fout = _fout(_post(api(w.ouder), f"plaatsingsverzoeken/{p.pk}/kiezen/", school="27BB01"), 403)
    assert fout["detail"] == "U kunt voor dit verzoek geen school kiezen."
    assert AuditEvent.objects.filter(actie="denied", object_type="netwerk.plaatsingsverzoek",
                                     object_id=str(p.pk)).exists()
    # Outside the role's scope: 404, for reading and for every step.
    for wie in ("andere_school", "school_so", "leerplicht", "andere_staf", "bestuur"):
        client = api(getattr(w, wie))
        _fout(client.get(url), 404)
        _fout(client.get(f"{url}suggesties/"), 404)
        for stap, data in (("kiezen", {"school": "27BB01"}), ("antwoord", {"akkoord": True}), ("intrekken", {})):
            _fout(client.post(f"{url}{stap}/", data, format="json"), 404)
        assert _rijen(_ok(client.get(f"{API}plaatsingsverzoeken/"))) == []
    _fout(api(w.consulent).get(f"{API}plaatsingsverzoeken/999999/"), 404)
    # Wrong input on a step: 400 with the reason.
    consulent = api(w.consulent)
    assert _fout(_post(consulent, f"plaatsingsverzoeken/{p.pk}/kiezen/", school="99ZZ99"))["fouten"]["school"] == [
        "Onbekende school: 99ZZ99"]
    fout = _fout(_post(consulent, f"plaatsingsverzoeken/{p.pk}/kiezen/", school="27AA01"))
    assert fout["fouten"]["school"] == ["Kies een andere school dan de school die een plaats zoekt."]
    SchoolFactory(vestigingscode="30ZZ01", naam="De Es", regio_swv_po=w.ander_swv)  # outside the region
    fout = _fout(_post(consulent, f"plaatsingsverzoeken/{p.pk}/kiezen/", school="30ZZ01"))
    assert fout["fouten"]["school"] == ["Kies een school uit de regio of een school met een ondersteuningsprofiel in "
                                        "dit samenwerkingsverband."]
    assert _fout(_post(consulent, f"plaatsingsverzoeken/{p.pk}/antwoord/", akkoord=True))["fouten"]["__all__"] == [
        "Er is geen gekozen school die nog moet antwoorden."]
    assert "akkoord" in _fout(_post(consulent, f"plaatsingsverzoeken/{p.pk}/antwoord/"))["fouten"]
    # A school that is chosen may answer but not choose another school or withdraw.
    services.plaatsing_kiezen(w.consulent, p, w.school_b)
    eik = api(w.andere_school)
    assert _fout(_post(eik, f"plaatsingsverzoeken/{p.pk}/kiezen/", school="27SO01"), 403)["detail"] == (
        "U kunt voor dit verzoek geen school kiezen.")
    assert _fout(_post(eik, f"plaatsingsverzoeken/{p.pk}/intrekken/"), 403)["detail"] == (
        "Alleen de school die een plaats zoekt of het samenwerkingsverband trekt dit in.")
    assert Plaatsingsverzoek.objects.get(pk=p.pk).status == "gekozen"


# --------------------------------------------------------------------------------------------------------
# Query counts and schema
# --------------------------------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as q:
        _ok(client.get(url))
    return len(q.captured_queries)


def test_lijsten_doen_even_veel_queries_bij_meer_rijen(n, api):
    w = n.w
    consulent, school = api(w.consulent), api(w.school)
    services.plaatsing_starten(w.consulent, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011",
                               vanuit_school=w.school_a)
    urls = [f"{API}behoeften/", f"{API}schoolprofielen/", f"{API}plaatsingsverzoeken/", f"{API}dekking/"]
    voor = {u: _queries(consulent, u) for u in urls}
    voor_school = _queries(school, f"{API}plaatsingsverzoeken/")

    # More rows everywhere: own needs, profiles with offers, requests with several needs.
    services.behoefte_toevoegen(w.consulent, naam="Hechtingsproblematiek")
    services.behoefte_toevoegen(w.consulent, naam="Slechtziend")
    for i in range(4):
        s = SchoolFactory(vestigingscode=f"27DD0{i}", naam=f"De Wilg {i}", regio_swv_po=w.swv, lat=52.5, lon=6.1)
        services.profiel_opslaan(w.consulent, s, geldig_van=dt.date(2025, 8, 1), geldig_tot=dt.date(2029, 7, 31),
                                 mr_advies_op=None, aanbod={behoefte(c).pk: {"capaciteit": 3}
                                                            for c in ("gedrag", "ass", "medisch")})
    for leerling in (w.leerling_b, w.leerling_so,
                     InschrijvingFactory(school=w.school_a, leerling__swv=w.swv).leerling):
        services.plaatsing_starten(w.consulent, leerling, behoeften=[n.b["gedrag"], n.b["ass"]], pc4="8091",
                                   vanuit_school=w.school_a)
    assert len(_rijen(_ok(consulent.get(f"{API}plaatsingsverzoeken/")))) == 4
    assert len(_rijen(_ok(consulent.get(f"{API}schoolprofielen/")))) == 7
    assert len(_rijen(_ok(school.get(f"{API}plaatsingsverzoeken/")))) == 4
    assert {u: _queries(consulent, u) for u in urls} == voor
    assert _queries(school, f"{API}plaatsingsverzoeken/") == voor_school


def test_schema_zonder_waarschuwingen_met_de_netwerkpaden(db):
    uit = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=uit)
    import json

    schema = json.loads(uit.getvalue())
    paden = schema["paths"]
    for pad in ("behoeften/", "behoeften/{id}/", "schoolprofielen/", "schoolprofielen/{vestigingscode}/", "dekking/",
                "plaatsingsverzoeken/", "plaatsingsverzoeken/{id}/", "plaatsingsverzoeken/{id}/kiezen/",
                "plaatsingsverzoeken/{id}/antwoord/", "plaatsingsverzoeken/{id}/intrekken/",
                "plaatsingsverzoeken/{id}/suggesties/"):
        assert f"/api/v1/{pad}" in paden, pad
    assert set(paden["/api/v1/schoolprofielen/{vestigingscode}/"]) == {"get", "put", "patch"}
    assert set(paden["/api/v1/dekking/"]) == {"get"}
    dekking = paden["/api/v1/dekking/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert dekking == {"$ref": "#/components/schemas/Dekking"}  # one object, not a paged list
    suggesties = paden["/api/v1/plaatsingsverzoeken/{id}/suggesties/"]["get"]["responses"]["200"]
    assert suggesties["content"]["application/json"]["schema"]["type"] == "array"
