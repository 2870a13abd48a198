"""Creating and changing pupil data through /api/v1/: access checks, Dutch validation, audit trail."""

import datetime as dt

from django.utils import timezone

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.register.models import Inschrijving, Leerling
from tests.factories import InschrijvingFactory, SchoolFactory

NIEUW = {
    "voornaam": "Sanne",
    "achternaam": "de Vries",
    "geboortedatum": "2016-05-28",
    "postcode": "8011 ab",
    "huisnummer": "3",
}


def _fouten(response) -> str:
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == "De invoer is niet geldig."
    return str(response.json()["fouten"])


def test_retrieve_writes_a_view_event_with_the_api_actor(wereld, api):
    response = api(wereld.school).get(f"/api/v1/leerlingen/{wereld.leerling_a.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(actie="view", leerling_id=wereld.leerling_a.pk)
    assert (event.user_id, event.gebruikersnaam, event.rol) == (wereld.school.user_id, "ib-linde", Rol.SCHOOL)
    assert event.swv_id == wereld.swv.pk
    assert event.ip == "127.0.0.1"


def test_list_writes_no_view_events(wereld, api):
    api(wereld.staf).get("/api/v1/leerlingen/")
    assert not AuditEvent.objects.filter(actie="view").exists()


def test_staff_creates_pupil_in_own_swv_with_audit(wereld, api):
    data = {**NIEUW, "swv": "PO2702", "onbekend_veld": "genegeerd",
            "inschrijving": {"school": "27bb00", "begindatum": "2022-08-22"}}
    response = api(wereld.staf).post("/api/v1/leerlingen/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    leerling = Leerling.objects.get(pk=body["id"])
    assert leerling.swv == wereld.swv and body["swv"] == "PO2701"
    assert leerling.postcode == "8011AB"
    assert [(i["school"], i["begindatum"]) for i in body["inschrijvingen"]] == [("27BB00", "2022-08-22")]
    event = AuditEvent.objects.get(actie="create", object_type="register.leerling", leerling_id=leerling.pk)
    assert {"voornaam", "achternaam", "geboortedatum", "postcode", "swv_id"} <= set(event.velden)
    assert (event.user_id, event.rol, event.swv_id) == (wereld.staf.user_id, Rol.SWV_MEDEWERKER, wereld.swv.pk)
    assert AuditEvent.objects.filter(actie="create", object_type="register.inschrijving", leerling_id=leerling.pk,
                                     user_id=wereld.staf.user_id).exists()


def test_update_writes_an_update_event_with_changed_field_names(wereld, api):
    url = f"/api/v1/leerlingen/{wereld.leerling_a.pk}/"
    response = api(wereld.school).patch(url, {"achternaam": "Aalders-Smit"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["achternaam"] == "Aalders-Smit"
    wereld.leerling_a.refresh_from_db()
    assert wereld.leerling_a.achternaam == "Aalders-Smit"
    event = AuditEvent.objects.get(actie="update", leerling_id=wereld.leerling_a.pk)
    assert event.velden == ["achternaam"]
    assert (event.user_id, event.gebruikersnaam, event.rol) == (wereld.school.user_id, "ib-linde", Rol.SCHOOL)


def test_put_replaces_the_pupil_fields(wereld, api):
    url = f"/api/v1/leerlingen/{wereld.leerling_b.pk}/"
    response = api(wereld.staf).put(url, {**NIEUW, "tussenvoegsel": ""}, format="json")
    assert response.status_code == 200, response.content
    wereld.leerling_b.refresh_from_db()
    assert (wereld.leerling_b.voornaam, wereld.leerling_b.geboortedatum) == ("Sanne", dt.date(2016, 5, 28))


def test_school_user_creates_pupil_at_own_school_and_then_sees_it(wereld, api):
    client = api(wereld.school)
    data = {**NIEUW, "inschrijving": {"school": "27AA00", "begindatum": "2022-08-22"}}
    response = client.post("/api/v1/leerlingen/", data, format="json")
    assert response.status_code == 201, response.content
    assert client.get(f"/api/v1/leerlingen/{response.json()['id']}/").status_code == 200


def test_school_user_cannot_create_pupil_at_another_school(wereld, api):
    before = (Leerling.objects.count(), Inschrijving.objects.count(), AuditEvent.objects.count())
    data = {**NIEUW, "inschrijving": {"school": "27BB00", "begindatum": "2022-08-22"}}
    response = api(wereld.school).post("/api/v1/leerlingen/", data, format="json")
    assert "U kunt alleen leerlingen inschrijven op uw eigen school" in _fouten(response)
    assert (Leerling.objects.count(), Inschrijving.objects.count(), AuditEvent.objects.count()) == before


def test_school_user_must_give_an_enrolment(wereld, api):
    before = Leerling.objects.count()
    response = api(wereld.school).post("/api/v1/leerlingen/", NIEUW, format="json")
    assert "inschrijving" in response.json()["fouten"]
    assert "eigen scholen" in _fouten(response)
    assert Leerling.objects.count() == before


def test_unknown_school_is_named(wereld, api):
    data = {**NIEUW, "inschrijving": {"school": "99ZZ99", "begindatum": "2022-08-22"}}
    response = api(wereld.staf).post("/api/v1/leerlingen/", data, format="json")
    assert "Onbekende school: 99ZZ99" in _fouten(response)


def test_invalid_pupil_data_gives_dutch_messages_and_saves_nothing(wereld, api):
    before = Leerling.objects.count()
    morgen = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api(wereld.staf).post(
        "/api/v1/leerlingen/", {**NIEUW, "postcode": "801AB", "geboortedatum": morgen}, format="json"
    )
    fouten = response.json()["fouten"]
    assert response.status_code == 400
    assert fouten["postcode"] == ["Vul de postcode in als 1234AB (vier cijfers en twee letters)."]
    assert fouten["geboortedatum"] == ["De geboortedatum kan niet in de toekomst liggen."]
    missing = api(wereld.staf).post("/api/v1/leerlingen/", {"voornaam": "X"}, format="json").json()["fouten"]
    assert missing["achternaam"] == ["Dit veld is vereist."]
    assert Leerling.objects.count() == before


def test_deskundige_cannot_update_or_create(wereld, api):
    client = api(wereld.deskundige)
    url = f"/api/v1/leerlingen/{wereld.leerling_a.pk}/"
    assert client.get(url).status_code == 200
    response = client.patch(url, {"achternaam": "Anders"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "U heeft geen toegang tot deze gegevens."
    wereld.leerling_a.refresh_from_db()
    assert wereld.leerling_a.achternaam == "Aalders"
    assert AuditEvent.objects.filter(actie="denied", leerling_id=wereld.leerling_a.pk,
                                     user_id=wereld.deskundige.user_id).exists()
    before = Leerling.objects.count()
    assert client.post("/api/v1/leerlingen/", NIEUW, format="json").status_code == 403
    assert Leerling.objects.count() == before


def test_ouder_cannot_change_own_child(wereld, api):
    url = f"/api/v1/leerlingen/{wereld.leerling_a.pk}/"
    assert api(wereld.ouder).patch(url, {"postcode": "1234AB"}, format="json").status_code == 403


def test_out_of_scope_pupil_cannot_be_changed(wereld, api):
    response = api(wereld.school).patch(f"/api/v1/leerlingen/{wereld.leerling_b.pk}/", {"achternaam": "X"},
                                        format="json")
    assert response.status_code == 404
    wereld.leerling_b.refresh_from_db()
    assert wereld.leerling_b.achternaam == "Bakker"


def test_enrolment_is_changed_via_its_own_endpoint(wereld, api):
    url = f"/api/v1/leerlingen/{wereld.leerling_a.pk}/"
    response = api(wereld.staf).patch(url, {"inschrijving": {"school": "27BB00", "begindatum": "2024-01-01"}},
                                      format="json")
    assert "/api/v1/inschrijvingen/" in _fouten(response)


# --- inschrijvingen -----------------------------------------------------------------------------------

def test_school_ends_an_enrolment_of_its_own_school(wereld, api):
    inschrijving = wereld.leerling_a.inschrijvingen.get()
    url = f"/api/v1/inschrijvingen/{inschrijving.pk}/"
    client = api(wereld.school)
    fout = client.patch(url, {"einddatum": "2020-01-01"}, format="json")
    assert "De einddatum mag niet vóór de begindatum liggen." in _fouten(fout)
    response = client.patch(url, {"einddatum": "2024-07-12", "leerling": wereld.leerling_b.pk}, format="json")
    assert response.status_code == 200, response.content
    inschrijving.refresh_from_db()
    assert inschrijving.einddatum == dt.date(2024, 7, 12)
    assert inschrijving.leerling_id == wereld.leerling_a.pk  # the pupil of an enrolment never changes
    event = AuditEvent.objects.get(actie="update", object_type="register.inschrijving")
    assert event.velden == ["einddatum"] and event.user_id == wereld.school.user_id
    # The pupil left the school: the school no longer sees it.
    assert client.get(f"/api/v1/leerlingen/{wereld.leerling_a.pk}/").status_code == 404


def test_school_cannot_change_an_enrolment_at_another_school(wereld, api):
    elders = InschrijvingFactory(leerling=wereld.leerling_a, school=wereld.school_b, begindatum=dt.date(2019, 8, 1),
                                 einddatum=dt.date(2022, 7, 1))
    response = api(wereld.school).patch(f"/api/v1/inschrijvingen/{elders.pk}/", {"einddatum": "2022-07-15"},
                                        format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "U kunt alleen inschrijvingen van uw eigen school wijzigen."
    elders.refresh_from_db()
    assert elders.einddatum == dt.date(2022, 7, 1)


def test_staff_adds_an_enrolment(wereld, api):
    data = {"leerling": wereld.leerling_a.pk, "school": "27BB00", "begindatum": "2025-08-18"}
    response = api(wereld.staf).post("/api/v1/inschrijvingen/", data, format="json")
    assert response.status_code == 201, response.content
    assert wereld.leerling_a.inschrijvingen.count() == 2


def test_enrolment_for_invisible_pupil_or_bad_period_is_refused(wereld, api):
    before = Inschrijving.objects.count()
    client = api(wereld.school)
    onzichtbaar = {"leerling": wereld.leerling_b.pk, "school": "27AA00", "begindatum": "2025-08-18"}
    assert f"Onbekende leerling: {wereld.leerling_b.pk}" in _fouten(client.post("/api/v1/inschrijvingen/",
                                                                                onzichtbaar, format="json"))
    elders = {"leerling": wereld.leerling_a.pk, "school": "27BB00", "begindatum": "2025-08-18"}
    assert "U kunt alleen leerlingen inschrijven op uw eigen school" in _fouten(
        client.post("/api/v1/inschrijvingen/", elders, format="json"))
    periode = {"leerling": wereld.leerling_a.pk, "school": "27AA00", "begindatum": "2025-08-18",
               "einddatum": "2025-08-01"}
    assert "De einddatum mag niet vóór de begindatum liggen." in _fouten(
        api(wereld.staf).post("/api/v1/inschrijvingen/", periode, format="json"))
    assert api(wereld.deskundige).post("/api/v1/inschrijvingen/", periode, format="json").status_code == 403
    assert Inschrijving.objects.count() == before


def test_staff_enrols_only_at_schools_in_the_swv_region(wereld, api):
    SchoolFactory(vestigingscode="30XX00", regio_swv_po=wereld.ander_swv)
    before = Leerling.objects.count()
    data = {**NIEUW, "inschrijving": {"school": "30XX00", "begindatum": "2022-08-22"}}
    response = api(wereld.staf).post("/api/v1/leerlingen/", data, format="json")
    assert "regio van uw samenwerkingsverband" in _fouten(response)
    assert Leerling.objects.count() == before


def test_staff_may_enrol_at_a_special_school_outside_the_region(wereld, api):
    """SO/VSO schools serve pupils of several SWV's: a TLV may place a pupil at one in another region."""
    SchoolFactory(vestigingscode="30SO00", soort="SO/VSO", regio_swv_po=wereld.ander_swv)
    data = {"leerling": wereld.leerling_a.pk, "school": "30SO00", "begindatum": "2025-08-18"}
    response = api(wereld.staf).post("/api/v1/inschrijvingen/", data, format="json")
    assert response.status_code == 201, response.content
    assert wereld.leerling_a.inschrijvingen.filter(school__vestigingscode="30SO00").exists()


def test_enrolment_update_changes_only_the_einddatum(wereld, api):
    inschrijving = wereld.leerling_a.inschrijvingen.get()
    url = f"/api/v1/inschrijvingen/{inschrijving.pk}/"
    client = api(wereld.staf)
    assert "nieuwe inschrijving" in _fouten(client.patch(url, {"school": "27BB00"}, format="json"))
    assert "Geef de einddatum" in _fouten(client.patch(url, {"einddatum": None}, format="json"))
    response = client.put(url, {"school": "27aa00", "begindatum": "2022-08-22", "einddatum": "2030-07-01"},
                          format="json")
    assert response.status_code == 200, response.content
    inschrijving.refresh_from_db()
    assert (inschrijving.school_id, inschrijving.einddatum) == (wereld.school_a.pk, dt.date(2030, 7, 1))
