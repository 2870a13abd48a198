"""The toewijzing REST API (/api/v1/aanvragen/ ...): the whole TLV path through the API only, refused steps,
scoping per role, audit of reads, TLV's, arrangementen, bezwaren and the OpenAPI schema."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from passend.audit.models import AuditEvent
from passend.toewijzing import services
from passend.toewijzing.models import Aanvraag, Gebeurtenis, Soort, Status, Tlv
from tests.apihulp import ok as _ok

from .conftest import pdf_upload

INHOUD = {
    "vraag": "Wat heeft deze leerling nodig om zich te kunnen ontwikkelen?",
    "al_gedaan": "Handelingsplan, extra begeleiding in de groep, observatie door het SWV.",
    "zienswijze_leerling": "Wil graag naar een kleinere groep.",
    "zienswijze_ouders_school": "Ouders steunen de aanvraag.",
}






def _stap(client, a_id, naam, **data):
    return client.post(f"/api/v1/aanvragen/{a_id}/stappen/{naam}/", data, format="json")


def _geweigerd(response, *in_reden):
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "ongeldige_stap"
    for deel in in_reden:
        assert deel in body["detail"], body["detail"]
    return body["detail"]


def _nieuwe_aanvraag(w, api, **extra):
    data = {"leerling": w.leerling.pk, "school": "27aa01", "soort": "tlv", "tlv_soort": "so", "categorie": "laag",
            **INHOUD, **extra}
    return _ok(api(w.school).post("/api/v1/aanvragen/", data, format="json"), 201)


# --------------------------------------------------------------------------------------------------------
# The whole path
# --------------------------------------------------------------------------------------------------------

def test_tlv_from_request_to_objection_through_the_api_only(w, api):
    school, ouder, consulent, directeur = api(w.school), api(w.ouder), api(w.consulent), api(w.directeur)

    # The school opens the request: a concept that still misses the OPP.
    a = _nieuwe_aanvraag(w, api)
    a_id = a["id"]
    assert a["status"] == "concept" and a["school"] == "27AA01" and a["leerling"] == w.leerling.pk
    assert any("OPP" in m for m in a["ontbrekend"])
    indienen = next(s for s in a["mogelijke_stappen"] if s["naam"] == "indienen")
    assert indienen["mogelijk"] is False and "nog niet compleet" in indienen["reden"]
    _geweigerd(_stap(school, a_id, "indienen"), "nog niet compleet", "OPP")

    upload = SimpleUploadedFile("opp.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    bijlage = _ok(school.post(f"/api/v1/aanvragen/{a_id}/bijlagen/", {"soort": "opp", "bestand": upload},
                              format="multipart"), 201)
    assert bijlage["naam"] == "opp.pdf" and bijlage["url"] == f"/toewijzing/bijlagen/{bijlage['id']}/"
    a = _ok(school.patch(f"/api/v1/aanvragen/{a_id}/", {"vraag": "Welke plek past bij deze leerling?"},
                         format="json"))
    assert a["vraag"] == "Welke plek past bij deze leerling?" and a["ontbrekend"] == []

    # The parent sees it and agrees; the school submits.
    reactie = _ok(ouder.post(f"/api/v1/aanvragen/{a_id}/ouderreactie/",
                             {"akkoord": "akkoord", "zienswijze": "Wij willen dit ook."}, format="json"), 201)
    assert reactie["heeft_gezag"] is True and reactie["akkoord"] == "akkoord"
    assert _ok(_stap(school, a_id, "indienen", toelichting=""))["status"] == "ingediend"
    assert _ok(school.get(f"/api/v1/aanvragen/{a_id}/"))["mogelijke_stappen"] == [
        {"naam": "intrekken", "label": "Intrekken", "naar": "ingetrokken", "mogelijk": True, "reden": None,
         "vraagt": "de reden"},
    ]

    # The SWV: a consulent, in behandeling, two experts.
    _geweigerd(_stap(consulent, a_id, "in_behandeling_nemen"), "Wijs eerst een consulent toe.")
    _ok(consulent.post(f"/api/v1/aanvragen/{a_id}/consulent/", {"consulent": w.consulent.user_id}, format="json"))
    assert _ok(_stap(consulent, a_id, "in_behandeling_nemen"))["status"] == "in_behandeling"
    _geweigerd(_stap(consulent, a_id, "advies_vragen"), "twee deskundigen")
    eerste = _ok(consulent.post(f"/api/v1/aanvragen/{a_id}/deskundigen/",
                                {"deskundige": w.deskundige1.user_id, "volgorde": 1, "beroep": "orthopedagoog"},
                                format="json"), 201)
    tweede = _ok(consulent.post(f"/api/v1/aanvragen/{a_id}/deskundigen/",
                                {"deskundige": w.deskundige2.user_id, "volgorde": 2, "beroep": "arts"},
                                format="json"), 201)
    assert _ok(_stap(consulent, a_id, "advies_vragen"))["status"] == "advies_gevraagd"

    # No decision before both advices.
    _geweigerd(_stap(directeur, a_id, "besluiten", uitkomst="toegekend", motivering="Positief advies, toelaatbaar."),
               "adviesvraag open")

    # Each expert sees only their own assignment, and the file while it is open.
    for rol, opdracht in ((w.deskundige1, eerste), (w.deskundige2, tweede)):
        client = api(rol)
        assert [o["id"] for o in _ok(client.get("/api/v1/adviesopdrachten/"))["results"]] == [opdracht["id"]]
        assert _ok(client.get(f"/api/v1/aanvragen/{a_id}/"))["nummer"] == a["nummer"]
        advies = _ok(client.post(f"/api/v1/adviesopdrachten/{opdracht['id']}/advies/", {
            "niet_eerder_betrokken": True, "zelfstandig_opgesteld": True, "conclusie": "positief",
            "advies": "De leerling heeft een kleine groep en veel structuur nodig; toelaatbaar tot het SO.",
        }, format="json"))
        assert advies["status"] == "gegeven"

    # Only the directeur decides on a TLV.
    _geweigerd(_stap(consulent, a_id, "besluiten", uitkomst="toegekend", motivering="Positief advies, toelaatbaar."),
               "voorbehouden aan")
    besloten = _ok(_stap(directeur, a_id, "besluiten", uitkomst="toegekend", categorie="midden",
                         motivering="Beide deskundigen adviseren positief; de leerling is toelaatbaar."))
    assert besloten["status"] == "besloten"
    assert besloten["besluit"]["uitkomst"] == "toegekend" and besloten["besluit"]["categorie"] == "midden"
    assert len(besloten["tlvs"]) == 1 and len(besloten["beschikkingen"]) == 1
    # The experts lose access once the case is decided.
    assert api(w.deskundige1).get(f"/api/v1/aanvragen/{a_id}/").status_code == 404

    # Parent and school see the decision, the letter and the TLV.
    voor_ouder = _ok(ouder.get(f"/api/v1/aanvragen/{a_id}/"))
    assert voor_ouder["besluit"]["uitkomst"] == "toegekend"
    assert voor_ouder["beschikkingen"][0]["url"].startswith("/toewijzing/brieven/")
    assert "consulent" not in voor_ouder
    tlv = _ok(ouder.get(f"/api/v1/tlvs/{besloten['tlvs'][0]}/"))
    assert (tlv["soort"], tlv["categorie"], tlv["status"]) == ("so", "midden", "actief")
    assert tlv["einddatum"].endswith("-07-31")

    # An objection, decided: upheld, the TLV is revised to categorie hoog.
    bezwaar = _ok(_stap(consulent, a_id, "bezwaar_registreren", ontvangen_op=dt.date.today().isoformat(),
                        indiener="ouders", gronden="Wij vinden categorie midden te laag."))
    assert bezwaar["status"] == "bezwaar"
    rijen = _ok(ouder.get("/api/v1/bezwaren/"))["results"]
    assert [r["aanvraag"] for r in rijen] == [a_id] and rijen[0]["te_laat"] is False
    assert rijen[0]["termijnen"]["lbt_vragen_uiterlijk"] == (dt.date.today() + dt.timedelta(weeks=2)).isoformat()
    _geweigerd(_stap(consulent, a_id, "beslissen_op_bezwaar", uitkomst="gegrond"), "voorbehouden aan")
    klaar = _ok(_stap(directeur, a_id, "beslissen_op_bezwaar", uitkomst="gegrond",
                      motivering="De ondersteuningsbehoefte past bij categorie hoog.", herzien={"categorie": "hoog"}))
    assert klaar["status"] == "afgesloten"
    tlvs = {t["categorie"]: t for t in _ok(directeur.get("/api/v1/tlvs/", {"leerling": w.leerling.pk}))["results"]}
    assert tlvs["hoog"]["status"] == "actief" and tlvs["midden"]["status"] == "ingetrokken"
    assert tlvs["hoog"]["vervangt"] == tlvs["midden"]["id"]

    # Every step is on the timeline.
    overgangen = list(Gebeurtenis.objects.filter(aanvraag_id=a_id).exclude(transitie="")
                      .order_by("tijdstip", "pk").values_list("transitie", flat=True))
    assert overgangen == ["indienen", "in_behandeling_nemen", "advies_vragen", "besluiten", "bezwaar_registreren",
                          "beslissen_op_bezwaar"]


# --------------------------------------------------------------------------------------------------------
# Refused steps change nothing
# --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rol, naam, reden", [
    ("school", "besluiten", "kan niet vanuit de status 'Ingediend'"),
    ("school", "afsluiten", "kan niet vanuit de status"),
    ("consulent", "indienen", "kan niet vanuit de status"),
    ("ouder", "intrekken", "voorbehouden aan"),
    ("consulent", "in_behandeling_nemen", "Wijs eerst een consulent toe."),
    ("directeur", "bezwaar_registreren", "kan niet vanuit de status"),
])
def test_illegal_step_is_409_with_the_reason_and_changes_nothing(w, api, rol, naam, reden):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    gebeurtenissen = Gebeurtenis.objects.filter(aanvraag=a).count()
    audit = AuditEvent.objects.filter(actie="update").count()
    _geweigerd(_stap(api(getattr(w, rol)), a.pk, naam, toelichting="Poging"), reden)
    a.refresh_from_db()
    assert a.status == Status.INGEDIEND
    assert Gebeurtenis.objects.filter(aanvraag=a).count() == gebeurtenissen
    assert AuditEvent.objects.filter(actie="update").count() == audit


def test_invalid_decision_input_is_400_and_saves_nothing(w, api):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    response = _stap(api(w.directeur), a.pk, "besluiten", uitkomst="misschien", motivering="kort")
    assert response.status_code == 400, response.content
    fouten = response.json()["fouten"]
    assert fouten["uitkomst"] == ["Kies: toekennen of afwijzen."]
    assert "Motiveer het besluit" in fouten["motivering"][0]
    a.refresh_from_db()
    assert a.status == Status.ADVIES_GEVRAAGD and not Tlv.objects.filter(aanvraag=a).exists()
    slecht = _stap(api(w.directeur), a.pk, "besluiten", uitkomst="toegekend", motivering="Prima onderbouwd.",
                   datum="31-12-2025")
    assert slecht.status_code == 400 and "datum" in slecht.json()["fouten"]


def test_withdrawing_needs_a_reason(w, api):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    response = _stap(api(w.school), a.pk, "intrekken")
    assert response.status_code == 400
    assert response.json()["fouten"]["toelichting"] == ["Schrijf de reden; school en ouders zien die."]
    assert _ok(_stap(api(w.school), a.pk, "intrekken", toelichting="Leerling verhuist."))["status"] == "ingetrokken"


def test_unknown_step_is_404(w, api):
    a = w.aanvraag()
    response = _stap(api(w.school), a.pk, "overslaan")
    assert response.status_code == 404
    assert response.json()["detail"] == "Niet gevonden."


# --------------------------------------------------------------------------------------------------------
# Scoping and refusals
# --------------------------------------------------------------------------------------------------------

def test_roles_outside_scope_get_404_and_empty_lists(w, api):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    url = f"/api/v1/aanvragen/{a.pk}/"
    for rol in (w.andere_school, w.andere_staf, w.leerplicht, w.deskundige1):
        client = api(rol)
        assert client.get(url).status_code == 404, rol.rol
        assert _ok(client.get("/api/v1/aanvragen/"))["results"] == []
        assert _stap(client, a.pk, "intrekken", toelichting="x").status_code == 404
    a.refresh_from_db()
    assert a.status == Status.INGEDIEND
    # Staff of the SWV, the school and the parent do see it.
    for rol in (w.consulent, w.directeur, w.school, w.ouder):
        assert [r["id"] for r in _ok(api(rol).get("/api/v1/aanvragen/"))["results"]] == [a.pk]


def test_list_filters(w, api):
    tlv = w.aanvraag()
    arr = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.INGEDIEND)
    client = api(w.consulent)

    def ids(**params):
        return [r["id"] for r in _ok(client.get("/api/v1/aanvragen/", params))["results"]]

    assert ids(soort="arrangement") == [arr.pk]
    assert ids(status="concept") == [tlv.pk]
    assert set(ids(leerling=w.leerling.pk)) == {tlv.pk, arr.pk}
    assert set(ids(school="27aa01")) == {tlv.pk, arr.pk} and ids(school="27BB01") == []
    assert ids(q=tlv.nummer[-4:]) == [tlv.pk]
    fout = client.get("/api/v1/aanvragen/", {"status": "klaar"})
    assert fout.status_code == 400 and "Onbekende waarde 'klaar'" in fout.json()["fouten"]["status"][0]


def test_only_a_school_opens_requests_for_its_own_pupils(w, api):
    before = Aanvraag.objects.count()
    data = {"leerling": w.leerling.pk, "school": "27AA01", "soort": "tlv"}
    for rol in (w.ouder, w.consulent):
        response = api(rol).post("/api/v1/aanvragen/", data, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "Alleen een school kan een aanvraag openen."
    # A pupil of another school is unknown to this school; its own pupil at a school not its own is refused.
    response = api(w.school).post("/api/v1/aanvragen/", {**data, "leerling": w.leerling_b.pk}, format="json")
    assert response.status_code == 400 and "Onbekende leerling" in str(response.json()["fouten"])
    response = api(w.school).post("/api/v1/aanvragen/", {**data, "school": "27BB01"}, format="json")
    assert response.status_code == 403 and "zorgplicht" in response.json()["detail"]
    response = api(w.school).post("/api/v1/aanvragen/", {**data, "tlv_soort": "sbo", "categorie": "hoog"},
                                  format="json")
    assert response.status_code == 400
    assert response.json()["fouten"]["categorie"] == ["SBO en PrO kennen geen bekostigingscategorie; laat dit veld leeg."]
    assert Aanvraag.objects.count() == before


def test_submitted_request_cannot_be_changed(w, api):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    response = api(w.school).patch(f"/api/v1/aanvragen/{a.pk}/", {"vraag": "Anders"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze aanvraag kan niet meer worden gewijzigd."
    assert api(w.consulent).patch(f"/api/v1/aanvragen/{a.pk}/", {"vraag": "Anders"}, format="json").status_code == 403
    a.refresh_from_db()
    assert a.vraag == INHOUD["vraag"]
    assert AuditEvent.objects.filter(actie="denied", object_type="toewijzing.aanvraag", object_id=str(a.pk),
                                     user_id=w.school.user_id).exists()
    vast = api(w.school).patch(f"/api/v1/aanvragen/{w.aanvraag().pk}/", {"soort": "arrangement"}, format="json")
    assert vast.status_code == 400 and "soort" in vast.json()["fouten"]


def test_handling_endpoints_are_for_swv_staff(w, api):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    school = api(w.school)
    response = school.post(f"/api/v1/aanvragen/{a.pk}/consulent/", {"consulent": w.consulent.user_id}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen medewerkers van het samenwerkingsverband kunnen dit doen."
    fout = api(w.consulent).post(f"/api/v1/aanvragen/{a.pk}/consulent/", {"consulent": w.school.user_id},
                                 format="json")
    assert fout.status_code == 400
    assert fout.json()["fouten"]["consulent"] == ["Kies een medewerker van dit samenwerkingsverband."]
    a.refresh_from_db()
    assert a.consulent_id is None
    assert api(w.ouder).post(f"/api/v1/aanvragen/{a.pk}/ouderreactie/", {"akkoord": "weet niet"},
                             format="json").status_code == 400
    assert school.post(f"/api/v1/aanvragen/{a.pk}/ouderreactie/", {"akkoord": "akkoord"},
                       format="json").status_code == 403


def test_expert_gives_advice_only_on_own_assignment(w, api):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    opdracht = a.adviesopdrachten.get(volgorde=2)
    advies = {"niet_eerder_betrokken": True, "zelfstandig_opgesteld": True, "conclusie": "positief",
              "advies": "Een uitgebreide onderbouwing van dit advies over de leerling."}
    assert api(w.deskundige1).post(f"/api/v1/adviesopdrachten/{opdracht.pk}/advies/", advies,
                                   format="json").status_code == 404
    onvolledig = api(w.deskundige2).post(f"/api/v1/adviesopdrachten/{opdracht.pk}/advies/",
                                         {**advies, "zelfstandig_opgesteld": False}, format="json")
    assert onvolledig.status_code == 400 and "gezamenlijk advies" in str(onvolledig.json()["fouten"])
    opdracht.refresh_from_db()
    assert opdracht.status == "gevraagd"
    # The expert declares earlier involvement: the assignment goes back and their access ends.
    terug = _ok(api(w.deskundige2).post(f"/api/v1/adviesopdrachten/{opdracht.pk}/advies/",
                                        {"niet_eerder_betrokken": False}, format="json"))
    assert terug["status"] == "betrokken"
    assert api(w.deskundige2).get(f"/api/v1/aanvragen/{a.pk}/").status_code == 404
    # Staff see all assignments of the request and can withdraw an open one.
    staf = api(w.consulent)
    rijen = _ok(staf.get("/api/v1/adviesopdrachten/", {"aanvraag": a.pk}))["results"]
    assert {r["volgorde"] for r in rijen} == {1, 2}
    eerste = a.adviesopdrachten.get(volgorde=1)
    assert _ok(staf.post(f"/api/v1/adviesopdrachten/{eerste.pk}/intrekken/"))["status"] == "ingetrokken"


# --------------------------------------------------------------------------------------------------------
# Audit of reads
# --------------------------------------------------------------------------------------------------------

def test_reading_one_object_is_recorded_lists_are_not(w, api):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    client = api(w.school)
    client.get("/api/v1/aanvragen/")
    client.get("/api/v1/tlvs/")
    assert not AuditEvent.objects.filter(actie="view").exists()
    tlv = Tlv.objects.get(aanvraag=a)
    _ok(client.get(f"/api/v1/aanvragen/{a.pk}/"))
    _ok(client.get(f"/api/v1/tlvs/{tlv.pk}/"))
    gezien = AuditEvent.objects.filter(actie="view", user_id=w.school.user_id)
    assert set(gezien.values_list("object_type", "object_id")) == {
        ("toewijzing.aanvraag", str(a.pk)), ("toewijzing.tlv", str(tlv.pk))}
    assert set(gezien.values_list("leerling_id", flat=True)) == {w.leerling.pk}


# --------------------------------------------------------------------------------------------------------
# TLV's, arrangementen, bezwaren
# --------------------------------------------------------------------------------------------------------

def test_tlv_filters_and_scope(w, api):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = Tlv.objects.get(aanvraag=a)
    client = api(w.consulent)

    def ids(**params):
        return [r["id"] for r in _ok(client.get("/api/v1/tlvs/", params))["results"]]

    assert ids() == [tlv.pk]
    assert ids(status="actief") == [tlv.pk] and ids(status="ingetrokken") == []
    assert ids(soort="so", categorie="laag") == [tlv.pk] and ids(soort="sbo") == []
    assert ids(leerling=w.leerling_b.pk) == []
    services.tlv_intrekken(w.directeur, tlv, reden="Leerling verhuisd naar het buitenland.")
    assert ids(status="ingetrokken") == [tlv.pk] and ids(status="actief") == []
    assert client.get("/api/v1/tlvs/", {"status": "oud"}).status_code == 400
    assert api(w.andere_school).get(f"/api/v1/tlvs/{tlv.pk}/").status_code == 404
    assert api(w.andere_staf).get("/api/v1/tlvs/").json()["results"] == []


def test_arrangement_with_spending_and_totals(w, api):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT, bedrag=Decimal("1000")), Status.BESLOTEN)
    arrangement = a.arrangement
    services.besteding_boeken(w.consulent, arrangement, datum=arrangement.begindatum, omschrijving="Begeleiding",
                              uren=Decimal("6"), bedrag=Decimal("250"))
    services.besteding_boeken(w.consulent, arrangement, datum=arrangement.begindatum, omschrijving="Materiaal",
                              bedrag=Decimal("100"))
    for rol in (w.consulent, w.school, w.ouder):
        rij = _ok(api(rol).get("/api/v1/arrangementen/"))["results"][0]
        assert rij["id"] == arrangement.pk
        assert (rij["bedrag"], rij["besteed_bedrag"], rij["rest_bedrag"]) == ("1000.00", "350.00", "650.00")
        assert (rij["uren"], rij["besteed_uren"], rij["rest_uren"]) == ("40.0", "6.0", "34.0")
        assert sorted(b["omschrijving"] for b in rij["bestedingen"]) == ["Begeleiding", "Materiaal"]
    assert _ok(api(w.andere_school).get("/api/v1/arrangementen/"))["results"] == []
    detail = _ok(api(w.school).get(f"/api/v1/arrangementen/{arrangement.pk}/"))
    assert detail["school"] == "27AA01"


def test_bezwaren_list_and_filters(w, api):
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    client = api(w.consulent)
    rijen = _ok(client.get("/api/v1/bezwaren/", {"open": "true"}))["results"]
    assert [r["aanvraag"] for r in rijen] == [a.pk]
    assert rijen[0]["termijnen"]["verweer_uiterlijk"] is None
    assert _ok(client.get("/api/v1/bezwaren/", {"open": "false"}))["results"] == []
    assert _ok(api(w.deskundige1).get("/api/v1/bezwaren/"))["results"] == []
    bezwaar = a.bezwaren.get()
    assert _ok(client.get(f"/api/v1/bezwaren/{bezwaar.pk}/"))["indiener"] == "ouders"
    assert api(w.andere_school).get(f"/api/v1/bezwaren/{bezwaar.pk}/").status_code == 404


def test_lbt_procedure_through_the_api_then_decide_unfounded(w, api):
    """Recording the LBT's advice is what deciding 'ongegrond' needs: possible through the API alone."""
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    bezwaar = a.bezwaren.get()
    consulent, directeur = api(w.consulent), api(w.directeur)
    url = f"/api/v1/bezwaren/{bezwaar.pk}/lbt/"
    vandaag = dt.date.today().isoformat()
    _geweigerd(_stap(consulent, a.pk, "beslissen_op_bezwaar", uitkomst="ongegrond"), "voorbehouden aan")
    zonder_advies = _stap(directeur, a.pk, "beslissen_op_bezwaar", uitkomst="ongegrond",
                          motivering="Het besluit is zorgvuldig genomen.")
    assert zonder_advies.status_code == 400 and "LBT" in str(zonder_advies.json())
    # Bad input: a clear message, nothing saved.
    fout = consulent.post(url, {"lbt_advies": "ongegrond"}, format="json")
    assert fout.status_code == 400 and "datum van het advies" in str(fout.json())
    bezwaar.refresh_from_db()
    assert bezwaar.lbt_advies == "" and bezwaar.lbt_gevraagd_op is None
    # Only SWV staff; a parent who may read the objection may not change it.
    assert api(w.ouder).post(url, {"lbt_gevraagd_op": vandaag}, format="json").status_code == 403
    assert api(w.andere_school).post(url, {"lbt_gevraagd_op": vandaag}, format="json").status_code == 404
    rij = _ok(consulent.post(url, {"lbt_gevraagd_op": vandaag, "hoorzitting_op": vandaag}, format="json"))
    assert rij["lbt_gevraagd_op"] == vandaag and rij["termijnen"]["verweer_uiterlijk"] is not None
    rij = _ok(consulent.post(url, {"lbt_advies_op": vandaag, "lbt_advies": "ongegrond"}, format="json"))
    assert (rij["lbt_gevraagd_op"], rij["lbt_advies"]) == (vandaag, "ongegrond")  # earlier steps stay
    klaar = _ok(_stap(directeur, a.pk, "beslissen_op_bezwaar", uitkomst="ongegrond",
                      motivering="Het besluit is zorgvuldig genomen; de LBT adviseert ongegrond."))
    assert klaar["status"] == "afgesloten"
    assert consulent.post(url, {"hoorzitting_op": vandaag}, format="json").status_code == 400  # decided


def test_spending_booked_through_the_api_with_the_same_rules(w, api):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT, bedrag=Decimal("1000")), Status.BESLOTEN)
    arrangement = a.arrangement
    url = f"/api/v1/arrangementen/{arrangement.pk}/bestedingen/"
    buiten = (arrangement.einddatum + dt.timedelta(days=1)).isoformat()
    fout = api(w.consulent).post(url, {"datum": buiten, "omschrijving": "Te laat", "bedrag": "50"}, format="json")
    assert fout.status_code == 400 and "buiten de periode" in str(fout.json())
    assert api(w.school).post(url, {"datum": arrangement.begindatum.isoformat(), "omschrijving": "Zelf",
                                    "bedrag": "50"}, format="json").status_code == 403
    assert not arrangement.bestedingen.exists()
    rij = _ok(api(w.consulent).post(url, {"datum": arrangement.begindatum.isoformat(), "omschrijving": "Begeleiding",
                                          "uren": "4", "bedrag": "250"}, format="json"), 201)
    assert (rij["bedrag"], rij["uren"]) == ("250.00", "4.0")
    totaal = _ok(api(w.consulent).get(f"/api/v1/arrangementen/{arrangement.pk}/"))
    assert (totaal["besteed_bedrag"], totaal["rest_bedrag"]) == ("250.00", "750.00")


def test_only_the_directeur_withdraws_a_tlv_through_the_api(w, api):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = a.tlvs.get()
    url = f"/api/v1/tlvs/{tlv.pk}/intrekken/"
    assert api(w.consulent).post(url, {"reden": "Verhuisd naar het buitenland."}, format="json").status_code == 403
    zonder_reden = api(w.directeur).post(url, {"reden": ""}, format="json")
    assert zonder_reden.status_code == 400 and "reden" in zonder_reden.json()["fouten"]
    tlv.refresh_from_db()
    assert tlv.ingetrokken_op is None
    rij = _ok(api(w.directeur).post(url, {"reden": "Verhuisd naar het buitenland."}, format="json"))
    assert rij["status"] == "ingetrokken" and rij["intrekkingsreden"] == "Verhuisd naar het buitenland."
    assert api(w.directeur).post(url, {"reden": "Nog eens."}, format="json").status_code == 400


# --------------------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------------------

def test_schema_has_the_toewijzing_paths(db):
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    paden = schema["paths"]
    for pad in ("/api/v1/aanvragen/", "/api/v1/aanvragen/{id}/", "/api/v1/aanvragen/{id}/stappen/{naam}/",
                "/api/v1/aanvragen/{id}/ouderreactie/", "/api/v1/aanvragen/{id}/consulent/",
                "/api/v1/aanvragen/{id}/deskundigen/", "/api/v1/aanvragen/{id}/bijlagen/",
                "/api/v1/adviesopdrachten/", "/api/v1/adviesopdrachten/{id}/advies/", "/api/v1/tlvs/",
                "/api/v1/tlvs/{id}/", "/api/v1/arrangementen/", "/api/v1/bezwaren/", "/api/v1/bezwaren/{id}/lbt/",
                "/api/v1/arrangementen/{id}/bestedingen/", "/api/v1/tlvs/{id}/intrekken/"):
        assert pad in paden, pad
    assert set(paden["/api/v1/aanvragen/{id}/"]) == {"get", "patch"}
    stap = paden["/api/v1/aanvragen/{id}/stappen/{naam}/"]["post"]
    assert "409" in stap["responses"]
    naam = next(p for p in stap["parameters"] if p["name"] == "naam")
    assert "besluiten" in naam["schema"]["enum"]
    assert {p["name"] for p in paden["/api/v1/aanvragen/"]["get"]["parameters"]} >= {"status", "soort", "leerling",
                                                                                     "school", "q"}


def test_upload_goes_through_the_service_rules(w, api):
    a = w.aanvraag(compleet=False)
    leeg = SimpleUploadedFile("leeg.pdf", b"", content_type="application/pdf")
    response = api(w.school).post(f"/api/v1/aanvragen/{a.pk}/bijlagen/", {"soort": "opp", "bestand": leeg},
                                  format="multipart")
    assert response.status_code == 400
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = api(w.school).post(f"/api/v1/aanvragen/{a.pk}/bijlagen/", {"soort": "opp", "bestand": exe},
                                  format="multipart")
    assert response.status_code == 400 and "bestandstype" in str(response.json()["fouten"])
    assert not a.bijlagen.exists()
    assert api(w.ouder).post(f"/api/v1/aanvragen/{a.pk}/bijlagen/", {"soort": "opp", "bestand": pdf_upload()},
                             format="multipart").status_code == 403


@pytest.mark.parametrize("pad", ["/api/v1/aanvragen/", "/api/v1/tlvs/", "/api/v1/arrangementen/",
                                 "/api/v1/bezwaren/", "/api/v1/adviesopdrachten/"])
def test_list_query_count_does_not_grow_with_rows(w, api, pad, django_assert_max_num_queries):
    w.naar(w.aanvraag(), Status.BEZWAAR)
    w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.BESLOTEN)
    client = api(w.consulent)
    with django_assert_max_num_queries(12) as weinig:
        assert client.get(pad).json()["count"] >= 1
    w.naar(w.aanvraag(leerling=w.leerling), Status.BEZWAAR)
    w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.BESLOTEN)
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(pad).json()["count"] >= 2


def test_aanvulling_vragen_met_aanvultermijn_via_de_api(w, api):
    """Awb 4:5: the SWV sets the completion term (default its setting of 2 weeks); the request shows it and the
    timeline step records it. A date that is not after today is refused and changes nothing."""
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    consulent = api(w.consulent)
    vandaag = dt.date.today()
    fout = _stap(consulent, a.pk, "aanvulling_vragen", toelichting="Graag het OPP.", aanvullen_uiterlijk=vandaag.isoformat())
    assert fout.status_code == 400 and "Kies een datum na vandaag" in str(fout.json()["fouten"]["aanvullen_uiterlijk"])
    assert Aanvraag.objects.get(pk=a.pk).status == Status.INGEDIEND
    uiterlijk = vandaag + dt.timedelta(days=9)
    data = _ok(_stap(consulent, a.pk, "aanvulling_vragen", toelichting="Graag het OPP.",
                     aanvullen_uiterlijk=uiterlijk.isoformat()))
    assert data["status"] == "aanvulling" and data["aanvullen_uiterlijk"] == uiterlijk.isoformat()
    assert data["besluit_uiterlijk"] is None  # the term stands still
    stap = next(g for g in data["gebeurtenissen"] if g["transitie"] == "aanvulling_vragen")
    assert stap["aanvullen_uiterlijk"] == uiterlijk.isoformat()
    # Without a date: the SWV's default.
    b = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.INGEDIEND)
    data = _ok(_stap(consulent, b.pk, "aanvulling_vragen", toelichting="Graag het OPP."))
    assert data["aanvullen_uiterlijk"] == (vandaag + dt.timedelta(weeks=2)).isoformat()
