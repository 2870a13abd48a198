"""The OPP REST API (/api/v1/opps/, oppversies, evaluaties, instemmingen): an OPP walked through the API only
(create, fill in the concept, refused while incomplete, set, parent consent, evaluation, a new version), the
services' Dutch reasons, scoping per role, audit of reads and the OpenAPI schema."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.opp import services
from passend.opp.models import Instemming, Opp, OppVersie
from tests.apihulp import ok as _ok
from tests.factories import InschrijvingFactory, OuderFactory, OuderKindFactory, RolFactory, UserFactory

VANDAAG = dt.date.today()
INHOUD = {
    "uitstroombestemming": "vmbo_kb",
    "onderbouwing": "Leert goed in een kleine groep; rekenen loopt achter.",
    "belemmerende_factoren": "Snel afgeleid, werkgeheugen.",
    "bevorderende_factoren": "Gemotiveerd, goede band met de leerkracht.",
    "ondersteuning": "Twee keer per week begeleiding in een kleine groep.",
    "afwijkingen": "Eigen leerlijn rekenen.",
    "doelen": "Aan het eind van het jaar niveau M6 rekenen.",
    "zienswijze_leerling": "Wil graag meer rust in de klas.",
    "oogo_op": VANDAAG.isoformat(),
    "oogo_verslag": "Besproken met beide ouders; zij herkennen het beeld.",
}






def _nieuw_opp(api, w, dagen_geleden=10):
    return _ok(api(w.school).post("/api/v1/opps/", {
        "leerling": w.leerling.pk, "school": "27aa01", "aanleiding": "inschrijving",
        "aanleiding_datum": (VANDAAG - dt.timedelta(days=dagen_geleden)).isoformat(),
    }, format="json"), 201)


def _vastgesteld(w):
    o = services.opp_aanmaken(w.school, leerling=w.leerling, school=w.school_a, aanleiding="inschrijving",
                              aanleiding_datum=VANDAAG - dt.timedelta(days=20))
    v = services.versie_bijwerken(w.school, o.versies.get(), **{**INHOUD, "oogo_op": VANDAAG})
    return o, services.vaststellen(w.school, v)


# --------------------------------------------------------------------------------------------------------
# The whole path
# --------------------------------------------------------------------------------------------------------

def test_opp_from_concept_to_consent_through_the_api(w, api):
    school, ouder = api(w.school), api(w.ouder)

    o = _nieuw_opp(api, w)
    o_id = o["id"]
    assert (o["status"], o["school"], o["leerling"]) == ("vaststellen", "27AA01", w.leerling.pk)
    assert o["vaststellen_uiterlijk"] == (VANDAAG - dt.timedelta(days=10) + dt.timedelta(weeks=6)).isoformat()
    assert o["huidige_versie"] is None and o["instemming"] is None
    [versie] = o["versies"]
    assert (versie["nummer"], versie["status"]) == (1, "concept")
    v_url = f"/api/v1/oppversies/{versie['id']}/"

    # Part of the content; setting it now is refused with what is still missing, and nothing changes.
    v = _ok(school.patch(v_url, {"uitstroombestemming": "vmbo_kb", "onderbouwing": INHOUD["onderbouwing"]},
                         format="json"))
    assert v["uitstroombestemming"] == "vmbo_kb"
    assert "de verwachte uitstroombestemming" not in v["ontbrekend"] and "de doelen (handelingsdeel)" in v["ontbrekend"]
    fout = school.post(f"{v_url}vaststellen/", {}, format="json")
    assert fout.status_code == 400
    [reden] = fout.json()["fouten"]
    assert reden.startswith("Het OPP is nog niet compleet. Nog nodig: de belemmerende factoren;")
    assert "de zienswijze van de leerling" in reden and "(OOGO)" in reden
    assert OppVersie.objects.get(pk=versie["id"]).status == "concept"
    ongeldig = school.patch(v_url, {"uitstroombestemming": "universiteit"}, format="json")
    assert ongeldig.status_code == 400 and "uitstroombestemming" in ongeldig.json()["fouten"]

    # Complete and set.
    v = _ok(school.patch(v_url, INHOUD, format="json"))
    assert v["ontbrekend"] == []
    v = _ok(school.post(f"{v_url}vaststellen/", {}, format="json"))
    assert (v["status"], v["vastgesteld_op"], v["ontbrekend"]) == ("vastgesteld", VANDAAG.isoformat(), [])
    # A set version stays as it is.
    vast = school.patch(v_url, {"doelen": "Iets anders"}, format="json")
    assert vast.status_code == 403
    assert vast.json()["detail"].startswith("Deze versie is vastgesteld en blijft zoals hij is")
    assert OppVersie.objects.get(pk=versie["id"]).doelen == INHOUD["doelen"]

    # The parent gives consent on the handelingsdeel; the school cannot do that for them.
    assert school.post(f"{v_url}instemming/", {"besluit": "instemming"}, format="json").status_code == 403
    inst = _ok(ouder.post(f"{v_url}instemming/", {"besluit": "instemming", "toelichting": "Goed plan."},
                          format="json"), 201)
    assert (inst["besluit"], inst["heeft_gezag"], inst["ouder"]) == ("instemming", True, w.ouder_record.pk)
    o = _ok(school.get(f"/api/v1/opps/{o_id}/"))
    assert o["status"] == "op_orde" and o["huidige_versie"] == versie["id"]
    assert o["vastgesteld_op"] == VANDAAG.isoformat()
    instemming = o["instemming"]
    assert (instemming["ouders_met_gezag"], instemming["ingestemd"], instemming["niet_ingestemd"],
            instemming["geen_reactie"]) == (1, 1, 0, 0)
    # A second reaction of the same parent replaces the first.
    _ok(ouder.post(f"{v_url}instemming/", {"besluit": "geen_instemming"}, format="json"), 201)
    assert Instemming.objects.get(versie_id=versie["id"]).besluit == "geen_instemming"
    assert _ok(ouder.get(f"/api/v1/opps/{o_id}/"))["instemming"]["niet_ingestemd"] == 1

    # An evaluation, then an adjustment: a concept copy without the discussion with the parents.
    evaluatie = _ok(school.post(f"/api/v1/opps/{o_id}/evaluaties/", {
        "datum": VANDAAG.isoformat(), "verslag": "Doelen rekenen bijna gehaald; bijstellen.", "bijstelling_nodig": True,
    }, format="json"), 201)
    assert evaluatie["bijstelling_nodig"] is True and evaluatie["opp"] == o_id
    v2 = _ok(school.post(f"/api/v1/opps/{o_id}/nieuwe-versie/"), 201)
    assert (v2["nummer"], v2["status"], v2["doelen"], v2["oogo_op"]) == (2, "concept", INHOUD["doelen"], None)
    assert v2["vorige_versie"] == versie["id"]
    assert "de datum van het gesprek met de ouders (OOGO)" in v2["ontbrekend"]
    nogmaals = school.post(f"/api/v1/opps/{o_id}/nieuwe-versie/")
    assert nogmaals.status_code == 400 and nogmaals.json()["fouten"] == ["Er is al een conceptversie; werk die bij."]
    o = _ok(school.get(f"/api/v1/opps/{o_id}/"))
    assert [(v["nummer"], v["status"]) for v in o["versies"]] == [(2, "concept"), (1, "vastgesteld")]
    assert o["huidige_versie"] == versie["id"] and [e["id"] for e in o["evaluaties"]] == [evaluatie["id"]]
    assert [i["versie"] for i in _ok(ouder.get("/api/v1/instemmingen/", {"opp": o_id}))["results"]] == [versie["id"]]


def test_parent_without_gezag_cannot_consent(w, api):
    _, v = _vastgesteld(w)
    rol = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="stiefouder"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=rol.user), leerling=w.leerling, heeft_gezag=False)
    response = api(rol).post(f"/api/v1/oppversies/{v.pk}/instemming/", {"besluit": "instemming"}, format="json")
    assert response.status_code == 400 and response.json()["fouten"] == ["Instemmen kan alleen een ouder met gezag."]
    keuze = api(w.ouder).post(f"/api/v1/oppversies/{v.pk}/instemming/", {"besluit": "weet niet"}, format="json")
    assert keuze.status_code == 400
    assert keuze.json()["fouten"]["besluit"] == ["Kies of u wel of niet instemt met het handelingsdeel."]
    assert not Instemming.objects.exists()


def test_consent_only_on_a_set_version(w, api):
    """The concept is the school's draft: a parent does not see it, so cannot consent to it either."""
    o = _nieuw_opp(api, w)
    versie_id = o["versies"][0]["id"]
    assert api(w.ouder).get(f"/api/v1/oppversies/{versie_id}/").status_code == 404
    response = api(w.ouder).post(f"/api/v1/oppversies/{versie_id}/instemming/", {"besluit": "instemming"},
                                 format="json")
    assert response.status_code == 404
    assert not Instemming.objects.exists()


def test_create_rules(w, api):
    school = api(w.school)
    data = {"leerling": w.leerling.pk, "school": "27AA01", "aanleiding": "inschrijving",
            "aanleiding_datum": VANDAAG.isoformat()}
    for rol in (w.consulent, w.ouder):
        response = api(rol).post("/api/v1/opps/", data, format="json")
        assert response.status_code == 403 and response.json()["detail"] == "Alleen de school stelt een OPP op."
    slecht = school.post("/api/v1/opps/", {**data, "aanleiding": "zomaar"}, format="json")
    assert slecht.status_code == 400
    assert slecht.json()["fouten"]["aanleiding"] == ["Kies wat de termijn van 6 weken start."]
    ander = school.post("/api/v1/opps/", {**data, "school": "27BB01"}, format="json")
    assert ander.status_code == 403
    _ok(school.post("/api/v1/opps/", data, format="json"), 201)
    dubbel = school.post("/api/v1/opps/", data, format="json")
    assert dubbel.status_code == 400
    assert dubbel.json()["fouten"]["leerling"] == ["Deze leerling heeft op deze school al een lopend OPP."]
    assert Opp.objects.count() == 1


def test_external_opp_must_be_a_pdf_and_ending(w, api):
    o = _nieuw_opp(api, w)
    school = api(w.school)
    exe = SimpleUploadedFile("opp.exe", b"MZ", content_type="application/octet-stream")
    fout = school.post(f"/api/v1/opps/{o['id']}/extern-opp/", {"bestand": exe}, format="multipart")
    assert fout.status_code == 400 and fout.json()["fouten"]["bestand"] == ["Voeg het OPP toe als PDF."]
    pdf = SimpleUploadedFile("opp.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    assert _ok(school.post(f"/api/v1/opps/{o['id']}/extern-opp/", {"bestand": pdf}, format="multipart"))[
        "heeft_extern_opp"] is True
    klaar = _ok(school.post(f"/api/v1/opps/{o['id']}/beeindigen/", {}, format="json"))
    assert (klaar["status"], klaar["beeindigd_op"]) == ("beeindigd", VANDAAG.isoformat())
    client = api(w.consulent)
    assert [r["id"] for r in _ok(client.get("/api/v1/opps/", {"lopend": "false"}))["results"]] == [o["id"]]
    assert _ok(client.get("/api/v1/opps/", {"lopend": "true"}))["results"] == []


def test_late_opp_shows_as_te_laat(w, api):
    o = _nieuw_opp(api, w, dagen_geleden=43)
    assert o["status"] == "te_laat"


# --------------------------------------------------------------------------------------------------------
# Scope and audit
# --------------------------------------------------------------------------------------------------------

def test_scope_per_role(w, api):
    o, v = _vastgesteld(w)
    urls = (f"/api/v1/opps/{o.pk}/", f"/api/v1/oppversies/{v.pk}/")
    for rol in (w.andere_school, w.andere_staf, w.leerplicht, w.deskundige1, w.school_so):
        client = api(rol)
        for url in urls:
            assert client.get(url).status_code == 404, (rol.rol, url)
        assert _ok(client.get("/api/v1/opps/"))["results"] == []
        assert client.post(f"/api/v1/opps/{o.pk}/nieuwe-versie/").status_code == 404
    for rol in (w.consulent, w.directeur, w.school, w.ouder):
        assert [r["id"] for r in _ok(api(rol).get("/api/v1/opps/"))["results"]] == [o.pk]
    # SWV staff read, only the school writes.
    staf = api(w.consulent)
    assert staf.post(f"/api/v1/opps/{o.pk}/nieuwe-versie/").status_code == 403
    assert staf.post(f"/api/v1/opps/{o.pk}/evaluaties/", {"datum": VANDAAG.isoformat(), "verslag": "Een verslag."},
                     format="json").status_code == 403
    v2 = services.nieuwe_versie(w.school, o)
    response = staf.patch(f"/api/v1/oppversies/{v2.pk}/", {"doelen": "Anders"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "Alleen de school wijzigt een OPP."
    assert AuditEvent.objects.filter(actie="denied", object_type="opp.oppversie", object_id=str(v2.pk),
                                     user_id=w.consulent.user_id).exists()


def test_reading_one_object_is_recorded_lists_are_not(w, api):
    o, v = _vastgesteld(w)
    client = api(w.school)
    client.get("/api/v1/opps/")
    assert not AuditEvent.objects.filter(actie="view").exists()
    _ok(client.get(f"/api/v1/opps/{o.pk}/"))
    _ok(client.get(f"/api/v1/oppversies/{v.pk}/"))
    gezien = AuditEvent.objects.filter(actie="view", user_id=w.school.user_id)
    assert set(gezien.values_list("object_type", "object_id")) == {("opp.opp", str(o.pk)), ("opp.oppversie", str(v.pk))}
    assert set(gezien.values_list("leerling_id", flat=True)) == {w.leerling.pk}


def test_list_query_count_does_not_grow_with_rows(w, api, django_assert_max_num_queries):
    _vastgesteld(w)
    client = api(w.consulent)
    with django_assert_max_num_queries(15) as weinig:
        assert client.get("/api/v1/opps/").json()["count"] == 1
    aantal = len(weinig.captured_queries)  # read now: a later request empties the query log
    assert aantal > 2
    for _ in range(3):
        leerling = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv).leerling
        o = services.opp_aanmaken(w.school, leerling=leerling, school=w.school_a, aanleiding="inschrijving",
                                  aanleiding_datum=VANDAAG)
        v = services.versie_bijwerken(w.school, o.versies.get(), **{**INHOUD, "oogo_op": VANDAAG})
        services.vaststellen(w.school, v)
        services.evaluatie_toevoegen(w.school, o, datum=VANDAAG, verslag="Gaat goed, doelen gehaald.")
        services.nieuwe_versie(w.school, o)
    with django_assert_max_num_queries(aantal):
        assert client.get("/api/v1/opps/").json()["count"] == 4


def test_schema_has_the_opp_paths(db):
    paden = Client().get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    for pad in ("/api/v1/opps/", "/api/v1/opps/{id}/", "/api/v1/opps/{id}/nieuwe-versie/",
                "/api/v1/opps/{id}/evaluaties/", "/api/v1/opps/{id}/extern-opp/", "/api/v1/opps/{id}/beeindigen/",
                "/api/v1/oppversies/{id}/", "/api/v1/oppversies/{id}/vaststellen/",
                "/api/v1/oppversies/{id}/instemming/", "/api/v1/evaluaties/", "/api/v1/instemmingen/"):
        assert pad in paden, pad
    assert set(paden["/api/v1/oppversies/{id}/"]) == {"get", "patch"}
    assert set(paden["/api/v1/opps/"]) == {"get", "post"}
    assert "400" in paden["/api/v1/oppversies/{id}/vaststellen/"]["post"]["responses"]
