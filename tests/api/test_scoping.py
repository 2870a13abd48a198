"""Every list and detail of /api/v1/ shows only what the active role may see (passend.core.access)."""

import pytest

from passend.audit.models import AuditEvent
from tests.factories import (
    GemeenteFactory,
    InschrijvingFactory,
    OuderKindFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
)


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_school_user_lists_only_pupils_of_its_school(wereld, api):
    assert _ids(api(wereld.school).get("/api/v1/leerlingen/")) == [wereld.leerling_a.pk]
    assert api(wereld.school).get(f"/api/v1/leerlingen/{wereld.leerling_b.pk}/").status_code == 404


def test_school_user_loses_a_pupil_whose_enrolment_ended(wereld, api):
    inschrijving = wereld.leerling_a.inschrijvingen.get()
    inschrijving.einddatum = inschrijving.begindatum
    inschrijving.save()
    assert _ids(api(wereld.school).get("/api/v1/leerlingen/")) == []


def test_swv_staff_sees_all_pupils_of_its_own_swv(wereld, api):
    assert set(_ids(api(wereld.staf).get("/api/v1/leerlingen/"))) == {wereld.leerling_a.pk, wereld.leerling_b.pk}


def test_staff_of_another_swv_sees_none_of_this_tenants_pupils(wereld, api):
    client = api(wereld.andere_staf)
    ids = _ids(client.get("/api/v1/leerlingen/"))
    assert len(ids) == 1
    assert wereld.leerling_a.pk not in ids and wereld.leerling_b.pk not in ids
    assert client.get(f"/api/v1/leerlingen/{wereld.leerling_a.pk}/").status_code == 404
    assert _ids(client.get(f"/api/v1/inschrijvingen/?leerling={wereld.leerling_a.pk}")) == []
    assert _ids(client.get("/api/v1/ouders/")) == []


def test_ouder_sees_only_own_child_and_own_record(wereld, api):
    client = api(wereld.ouder)
    assert _ids(client.get("/api/v1/leerlingen/")) == [wereld.leerling_a.pk]
    ouders = client.get("/api/v1/ouders/").json()["results"]
    assert [o["id"] for o in ouders] == [wereld.ouder_record.pk]
    assert ouders[0]["kinderen"] == [{"leerling": wereld.leerling_a.pk, "relatie": "moeder", "heeft_gezag": True}]


def test_ouder_record_shows_only_children_the_role_may_see(wereld, api):
    OuderKindFactory(ouder=wereld.ouder_record, leerling=wereld.leerling_b)
    ouders = api(wereld.school).get("/api/v1/ouders/").json()["results"]
    assert [k["leerling"] for k in ouders[0]["kinderen"]] == [wereld.leerling_a.pk]


def test_deskundige_sees_only_assigned_pupil(wereld, api):
    assert _ids(api(wereld.deskundige).get("/api/v1/leerlingen/")) == [wereld.leerling_a.pk]


def test_pupil_shows_its_enrolments(wereld, api):
    data = api(wereld.staf).get(f"/api/v1/leerlingen/{wereld.leerling_a.pk}/").json()
    assert data["swv"] == "PO2701"
    assert [(i["school"], i["actief"]) for i in data["inschrijvingen"]] == [("27AA00", True)]


def test_pupil_filters(wereld, api):
    client = api(wereld.staf)
    assert _ids(client.get("/api/v1/leerlingen/", {"q": "aald"})) == [wereld.leerling_a.pk]
    datum = wereld.leerling_b.geboortedatum.isoformat()
    assert wereld.leerling_b.pk in _ids(client.get("/api/v1/leerlingen/", {"geboortedatum": datum}))
    fout = client.get("/api/v1/leerlingen/", {"geboortedatum": "28-11-2016"})
    assert fout.status_code == 400
    assert "geen geldige datum" in fout.json()["fouten"]["geboortedatum"][0]


def test_enrolments_filtered_by_pupil_within_scope(wereld, api):
    client = api(wereld.staf)
    rows = client.get("/api/v1/inschrijvingen/", {"leerling": wereld.leerling_b.pk}).json()["results"]
    assert [(r["leerling"], r["school"]) for r in rows] == [(wereld.leerling_b.pk, "27BB00")]
    assert _ids(api(wereld.school).get("/api/v1/inschrijvingen/", {"leerling": wereld.leerling_b.pk})) == []


def test_scholen_lookup_filters_and_ordering(wereld, api):
    gemeente = GemeenteFactory(naam="Kampen")
    SchoolFactory(vestigingscode="27CC00", naam="Het Anker", soort="SBO", gemeente=gemeente,
                  regio_swv_po=wereld.ander_swv)
    client = api(wereld.school)
    detail = client.get("/api/v1/scholen/27aa00/")
    assert detail.status_code == 200 and detail.json()["naam"] == "De Linde"

    def codes(**params):
        response = client.get("/api/v1/scholen/", params)
        assert response.status_code == 200, response.content
        return [s["vestigingscode"] for s in response.json()["results"]]

    assert codes(swv="PO2701", ordering="naam") == ["27BB00", "27AA00"]
    assert codes(swv="PO2701", ordering="-naam") == ["27AA00", "27BB00"]
    assert codes(soort="SBO") == ["27CC00"]
    assert codes(gemeente=gemeente.pk) == ["27CC00"]
    assert codes(q="anker") == ["27CC00"]
    assert client.get("/api/v1/scholen/", {"soort": "XYZ"}).status_code == 400
    assert client.get("/api/v1/scholen/", {"gemeente": "Kampen"}).status_code == 400


def test_reference_data_is_readable_for_every_role(wereld, api):
    client = api(wereld.ouder)
    swv = client.get("/api/v1/samenwerkingsverbanden/PO2701/")
    assert swv.status_code == 200 and swv.json()["code_leesbaar"] == "PO 27-01"
    assert client.get("/api/v1/gemeenten/").status_code == 200
    assert client.get("/api/v1/schoolbesturen/").status_code == 200


def test_no_delete_of_pupils(wereld, api):
    response = api(wereld.staf).delete(f"/api/v1/leerlingen/{wereld.leerling_a.pk}/")
    assert response.status_code == 405
    assert response.json()["detail"] == "Deze methode is hier niet toegestaan."


def test_reference_data_is_read_only(wereld, api):
    response = api(wereld.staf).post("/api/v1/scholen/", {"vestigingscode": "99XX00"}, format="json")
    assert response.status_code == 405


def test_audit_endpoint_refused_for_school_role(wereld, api):
    response = api(wereld.school).get("/api/v1/audit/")
    assert response.status_code == 403
    assert response.json()["detail"] == "U heeft geen toegang tot deze gegevens."
    assert api(wereld.ouder).get("/api/v1/audit/").status_code == 403


def test_audit_endpoint_shows_own_tenant_only_with_filters(wereld, api):
    client = api(wereld.staf)
    rows = client.get("/api/v1/audit/", {"leerling": wereld.leerling_a.pk, "actie": "create"}).json()["results"]
    assert rows and {r["leerling_id"] for r in rows} == {wereld.leerling_a.pk}
    assert {r["swv"] for r in rows} == {"PO2701"}
    andere = api(wereld.andere_staf).get("/api/v1/audit/").json()["results"]
    assert andere and {r["swv"] for r in andere} == {"PO2702"}
    assert client.get("/api/v1/audit/", {"van": "2999-01-01"}).json()["results"] == []
    vandaag = client.get("/api/v1/audit/", {"tot": "2999-01-01", "actie": "create"}).json()["count"]
    assert vandaag == AuditEvent.objects.filter(swv=wereld.swv, actie="create").count()
    assert client.get("/api/v1/audit/", {"actie": "weg"}).status_code == 400
    other_event = AuditEvent.objects.filter(swv=wereld.ander_swv).first()
    assert client.get(f"/api/v1/audit/{other_event.pk}/").status_code == 404


@pytest.mark.parametrize("pad", ["/api/v1/leerlingen/", "/api/v1/inschrijvingen/", "/api/v1/ouders/",
                                 "/api/v1/scholen/", "/api/v1/audit/", "/api/v1/samenwerkingsverbanden/"])
def test_list_query_count_does_not_grow_with_rows(wereld, api, pad, django_assert_max_num_queries):
    client = api(wereld.staf)
    with django_assert_max_num_queries(10) as weinig:
        assert client.get(pad).status_code == 200
    for _ in range(6):
        leerling = InschrijvingFactory(school=SchoolFactory(regio_swv_po=wereld.swv), leerling__swv=wereld.swv).leerling
        OuderKindFactory(leerling=leerling)
        SamenwerkingsverbandFactory().gemeenten.set([GemeenteFactory(), GemeenteFactory()])
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(pad).json()["count"] >= 6
