"""The Steunpunt in the REST API (/api/v1/steunpunt/): the public knowledge base and agenda without a token,
registering beyond capacity, the helpdesk's privacy and answers, and the antenna that never lets a number below 5
leave."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from passend.accounts.models import Rol
from passend.steunpunt import regels, services
from passend.steunpunt.models import Activiteit, Antennedeelname, Artikel, Deelname, Thema, Vraag
from passend.toewijzing.models import Aanvraag, Tlv
from tests.apihulp import fout, ok, rijen
from tests.factories import (
    InschrijvingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BASIS = "/api/v1/steunpunt"


@pytest.fixture
def s():
    """An SWV with a school, the people around it who may ask the helpdesk, and the Steunpunt."""

    class S:
        pass

    s = S()
    s.swv = SamenwerkingsverbandFactory(code="PO2701", naam="SWV De Vallei")
    s.school_obj = SchoolFactory(vestigingscode="27AA00", naam="De Linde", regio_swv_po=s.swv, leerlingen=400)
    InschrijvingFactory(school=s.school_obj, leerling__swv=s.swv)
    s.steunpunt = RolFactory(rol=Rol.STEUNPUNT, swv=None, user=UserFactory(username="adviseur"))
    s.school = RolFactory(rol=Rol.SCHOOL, swv=s.swv, scholen=[s.school_obj], user=UserFactory(username="ib-linde"))
    s.staf = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=s.swv, user=UserFactory(username="consulent"))
    s.ouder = RolFactory(rol=Rol.OUDER, swv=s.swv, user=UserFactory(username="ouder-a"))
    s.andere_ouder = RolFactory(rol=Rol.OUDER, swv=s.swv, user=UserFactory(username="ouder-b"))
    s.zorgplicht = Thema.objects.get(slug="zorgplicht")
    return s


def _activiteit(steunpunt, titel="Regiobijeenkomst thuiszitters", capaciteit=1, publiceren=True):
    begin = timezone.now() + dt.timedelta(days=14)
    a = services.activiteit_opslaan(steunpunt, None, titel=titel, soort="regiobijeenkomst", omschrijving="Welkom.",
                                    begin=begin, eind=begin + dt.timedelta(hours=2), locatie="Zwolle",
                                    online_link="", capaciteit=capaciteit, themas=[], sectoren=["po"])
    if publiceren:
        a = services.activiteit_status(steunpunt, a, Activiteit.Status.GEPUBLICEERD)
    return a


# ------------------------------------------------------------------------------------------------------------
# Knowledge base and agenda: public
# ------------------------------------------------------------------------------------------------------------

def test_kennisbank_is_openbaar_en_concepten_ziet_alleen_het_steunpunt(s, api):
    concept = services.artikel_opslaan(s.steunpunt, None, titel="Plusklassen in de Achterhoek",
                                       soort="praktijkvoorbeeld", tekst="Het plusklasconvenant van de regio.",
                                       themas=[Thema.objects.get(slug="dekkend-netwerk")], sectoren=["po"])
    publiek = APIClient()
    gevonden = rijen(ok(publiek.get(f"{BASIS}/artikelen/", {"q": "achterhoek plusklasconvenant"})))
    assert gevonden == []  # the only article with both words is a draft
    ok(publiek.get(f"{BASIS}/artikelen/{concept.slug}/"), 404)

    steunpunt = api(s.steunpunt)
    assert [a["slug"] for a in rijen(ok(steunpunt.get(f"{BASIS}/artikelen/", {"q": "achterhoek plusklasconvenant"})))] \
        == [concept.slug]
    ok(steunpunt.post(f"{BASIS}/artikelen/{concept.slug}/status/", {"status": "gepubliceerd"}, format="json"))

    gevonden = rijen(ok(publiek.get(f"{BASIS}/artikelen/", {"q": "Achterhoek PLUSKLAS", "thema": "dekkend-netwerk",
                                                             "sector": "po", "soort": "praktijkvoorbeeld"})))
    assert [a["titel"] for a in gevonden] == ["Plusklassen in de Achterhoek"]
    artikel = ok(publiek.get(f"{BASIS}/artikelen/{concept.slug}/"))
    assert artikel["tekst"] == "Het plusklasconvenant van de regio."
    assert artikel["status"] == "gepubliceerd" and artikel["themas"] == ["dekkend-netwerk"]
    assert rijen(ok(publiek.get(f"{BASIS}/artikelen/", {"q": "achterhoek", "sector": "vo"}))) == []
    assert fout(publiek.get(f"{BASIS}/artikelen/", {"soort": "roman"}))["fouten"]["soort"][0].startswith(
        "Onbekende waarde 'roman'")


def test_artikel_schrijven_kan_alleen_het_steunpunt(s, api):
    invoer = {"titel": "Zorgplicht in de zomervakantie", "soort": "artikel", "tekst": "De termijn loopt door.",
              "themas": ["zorgplicht"], "sectoren": ["po", "vo"], "bronnen": ["https://wetten.overheid.nl/"]}
    assert fout(api(s.school).post(f"{BASIS}/artikelen/", invoer, format="json"), 403)["detail"] == \
        "Alleen medewerkers van het Steunpunt mogen dit doen."
    assert fout(APIClient().post(f"{BASIS}/artikelen/", invoer, format="json"), 401)["detail"].startswith(
        "Niet ingelogd")

    steunpunt = api(s.steunpunt)
    nieuw = ok(steunpunt.post(f"{BASIS}/artikelen/", invoer, format="json"), 201)
    assert nieuw["status"] == "concept" and nieuw["sectoren"] == ["po", "vo"]
    assert nieuw["bronnen"] == ["https://wetten.overheid.nl/"]
    gewijzigd = ok(steunpunt.patch(f"{BASIS}/artikelen/{nieuw['slug']}/", {"samenvatting": "Kort."}, format="json"))
    assert (gewijzigd["samenvatting"], gewijzigd["titel"], gewijzigd["themas"]) == (
        "Kort.", "Zorgplicht in de zomervakantie", ["zorgplicht"])
    fouten = fout(steunpunt.patch(f"{BASIS}/artikelen/{nieuw['slug']}/", {"bronnen": ["wetten.nl"]}, format="json"))
    assert fouten["fouten"]["bronnen"] == [
        "'wetten.nl' is geen webadres. Zet één adres per regel, beginnend met https://."]
    document = fout(steunpunt.post(f"{BASIS}/artikelen/", {**invoer, "soort": "document"}, format="json"))
    assert document["fouten"]["bestand"] == ["Een document heeft een pdf-bestand nodig."]


def test_aanmelden_zonder_token_en_boven_de_capaciteit_op_de_wachtlijst(s, api):
    a = _activiteit(s.steunpunt, capaciteit=1)
    publiek = APIClient()
    lijst = rijen(ok(publiek.get(f"{BASIS}/activiteiten/")))
    assert [(r["titel"], r["vrij"], r["open_voor_aanmelding"]) for r in lijst] == [
        ("Regiobijeenkomst thuiszitters", 1, True)]

    eerste = ok(publiek.post(f"{BASIS}/activiteiten/{a.pk}/aanmelden/",
                             {"naam": "Fatima el Idrissi", "email": "fatima@example.nl", "organisatie": "OBS De Es"},
                             format="json"), 201)
    assert eerste["status"] == "geplaatst"
    tweede = ok(publiek.post(f"{BASIS}/activiteiten/{a.pk}/aanmelden/",
                             {"naam": "Joost de Vries", "email": "joost@example.nl"}, format="json"), 201)
    assert tweede["status"] == "wachtlijst"
    assert tweede["bericht"].startswith("De activiteit is vol. U staat op de wachtlijst")
    dubbel = fout(publiek.post(f"{BASIS}/activiteiten/{a.pk}/aanmelden/",
                               {"naam": "Joost", "email": "JOOST@example.nl"}, format="json"))
    assert dubbel["fouten"]["email"] == ["Met dit e-mailadres bent u al aangemeld voor deze activiteit."]
    assert fout(publiek.post(f"{BASIS}/activiteiten/{a.pk}/aanmelden/", {"naam": "", "email": "x"},
                             format="json"))["fouten"] == {
        "naam": ["Vul uw naam in."], "email": ["Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl."]}

    vol = ok(publiek.get(f"{BASIS}/activiteiten/{a.pk}/"))
    assert (vol["geplaatst"], vol["wachtlijst"], vol["vrij"]) == (1, 1, 0)
    # Names and addresses only for the Steunpunt.
    fout(publiek.get(f"{BASIS}/activiteiten/{a.pk}/deelnemers/"), 403)
    fout(api(s.school).get(f"{BASIS}/activiteiten/{a.pk}/deelnemers/"), 403)
    deelnemers = ok(api(s.steunpunt).get(f"{BASIS}/activiteiten/{a.pk}/deelnemers/"))
    assert [(d["naam"], d["status"]) for d in deelnemers] == [("Fatima el Idrissi", "geplaatst"),
                                                              ("Joost de Vries", "wachtlijst")]
    assert Deelname.objects.filter(activiteit=a).count() == 2


def test_een_concept_activiteit_bestaat_niet_voor_het_publiek(s, api):
    concept = _activiteit(s.steunpunt, titel="Training OPP (in voorbereiding)", publiceren=False)
    publiek = APIClient()
    assert rijen(ok(publiek.get(f"{BASIS}/activiteiten/"))) == []
    fout(publiek.post(f"{BASIS}/activiteiten/{concept.pk}/aanmelden/",
                      {"naam": "Fatima el Idrissi", "email": "fatima@example.nl"}, format="json"), 404)
    assert [r["titel"] for r in rijen(ok(api(s.steunpunt).get(f"{BASIS}/activiteiten/")))] == [
        "Training OPP (in voorbereiding)"]


def test_nieuwsbrief_geeft_altijd_hetzelfde_antwoord(s):
    publiek = APIClient()
    eerste = ok(publiek.post(f"{BASIS}/abonnementen/", {"email": "lezer@example.nl"}, format="json"), 202)
    services.bevestigen(services.bevestig_token(services.abonneren("lezer@example.nl")))
    nog_eens = ok(publiek.post(f"{BASIS}/abonnementen/", {"email": "lezer@example.nl"}, format="json"), 202)
    assert eerste == nog_eens
    assert fout(publiek.post(f"{BASIS}/abonnementen/", {"email": "geen adres"}, format="json"))["fouten"] == {
        "email": ["Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl."]}


# ------------------------------------------------------------------------------------------------------------
# Helpdesk
# ------------------------------------------------------------------------------------------------------------

def _vraag(client, onderwerp, thema="zorgplicht"):
    return ok(client.post(f"{BASIS}/vragen/", {"onderwerp": onderwerp, "tekst": "Hoe zit dat?", "thema": thema,
                                                "sectoren": ["po"]}, format="json"), 201)


def test_een_ouder_ziet_alleen_de_eigen_vragen(s, api):
    eigen = _vraag(api(s.ouder), "Mag de school mijn zoon weigeren?")
    ander = _vraag(api(s.andere_ouder), "Wie betaalt het vervoer naar het SO?", thema="leerlingenvervoer")
    _vraag(api(s.school), "Termijn zorgplicht bij verhuizing")

    ouder = api(s.ouder)
    assert [v["onderwerp"] for v in rijen(ok(ouder.get(f"{BASIS}/vragen/")))] == ["Mag de school mijn zoon weigeren?"]
    fout(ouder.get(f"{BASIS}/vragen/{ander['id']}/"), 404)
    assert eigen["nummer"].startswith(f"HD-{timezone.localdate().year}-")
    assert eigen["vrager"] == "" and eigen["status"] == "nieuw"
    # Colleagues in the same SWV do not see it either; the Steunpunt sees every question, with who asked.
    assert rijen(ok(api(s.staf).get(f"{BASIS}/vragen/"))) == []
    alle = rijen(ok(api(s.steunpunt).get(f"{BASIS}/vragen/")))
    assert len(alle) == 3
    assert {v["vrager_rol"] for v in alle} == {"ouder", "school"}
    assert {v["vrager_swv"] for v in alle} == {"PO2701"}
    # The Steunpunt itself does not ask the helpdesk.
    assert fout(api(s.steunpunt).post(f"{BASIS}/vragen/", {"onderwerp": "x", "tekst": "y", "thema": "zorgplicht"},
                                      format="json"), 403)["detail"] == \
        "In deze rol kunt u geen vraag aan de helpdesk stellen."
    assert fout(ouder.post(f"{BASIS}/vragen/", {"onderwerp": "", "tekst": "", "thema": ""}, format="json"))[
        "fouten"] == {"onderwerp": ["Vat uw vraag samen in een onderwerp."], "tekst": ["Schrijf uw vraag."],
                      "thema": ["Kies het thema waar uw vraag over gaat."]}


def test_het_steunpunt_beantwoordt_via_de_api_en_de_school_leest_het_antwoord(s, api,
                                                                               django_capture_on_commit_callbacks):
    vraag = _vraag(api(s.school), "Termijn zorgplicht bij verhuizing")
    fout(api(s.school).post(f"{BASIS}/vragen/{vraag['id']}/beantwoorden/", {"antwoord": "Zelf bedacht."},
                            format="json"), 403)
    steunpunt = api(s.steunpunt)
    assert fout(steunpunt.post(f"{BASIS}/vragen/{vraag['id']}/beantwoorden/", {"antwoord": " "},
                               format="json"))["fouten"] == {"antwoord": ["Schrijf het antwoord."]}
    opgepakt = ok(steunpunt.post(f"{BASIS}/vragen/{vraag['id']}/oppakken/"))
    assert (opgepakt["status"], opgepakt["behandelaar"]) == ("in_behandeling", str(s.steunpunt.user))
    with django_capture_on_commit_callbacks() as mails:
        beantwoord = ok(steunpunt.post(f"{BASIS}/vragen/{vraag['id']}/beantwoorden/",
                                       {"antwoord": "De termijn van 6 weken begint bij de schriftelijke aanmelding."},
                                       format="json"))
    assert len(mails) == 1  # the e-mail to the questioner, sent after the commit
    assert beantwoord["status"] == "beantwoord" and beantwoord["op_tijd"] is True

    gelezen = ok(api(s.school).get(f"{BASIS}/vragen/{vraag['id']}/"))
    assert gelezen["antwoord"] == "De termijn van 6 weken begint bij de schriftelijke aanmelding."
    assert gelezen["status_tekst"] == "Beantwoord" and gelezen["behandelaar"] == ""

    faq = ok(steunpunt.post(f"{BASIS}/vragen/{vraag['id']}/faq/", {}, format="json"), 201)
    assert (faq["titel"], faq["soort"], faq["status"]) == ("Termijn zorgplicht bij verhuizing?", "faq", "concept")
    assert ok(api(s.school).post(f"{BASIS}/vragen/{vraag['id']}/sluiten/"))["status"] == "gesloten"
    assert Vraag.objects.get(pk=vraag["id"]).faq.slug == faq["slug"]


# ------------------------------------------------------------------------------------------------------------
# Antenna
# ------------------------------------------------------------------------------------------------------------

TLV_SOORTEN = [("sbo", ""), ("so", "laag"), ("so", "midden"), ("so", "hoog"), ("vso", "laag"), ("pro", "")]


def _tlvs(swv, school, aantallen: dict, dag: dt.date):
    """TLV's issued on `dag`: `aantallen` {(soort, categorie): n}."""
    n = 0
    for (soort, categorie), aantal in aantallen.items():
        for _ in range(aantal):
            n += 1
            leerling = InschrijvingFactory(school=school, leerling__swv=swv).leerling
            aanvraag = Aanvraag.objects.create(swv=swv, leerling=leerling, school=school, soort="tlv",
                                               nummer=f"{swv.code}-T-{n}", status="besloten", tlv_soort=soort,
                                               categorie=categorie)
            Tlv.objects.create(swv=swv, leerling=leerling, aanvraag=aanvraag, nummer=f"{swv.code}-{n}", soort=soort,
                               categorie=categorie, begindatum=dag, einddatum=dag + dt.timedelta(days=365),
                               afgegeven_op=dag, aanvragende_school=school)


@pytest.fixture
def antenne_wereld(s):
    """Four SWV's with TLV's: large and small cells, one named, the others anonymous. In the last completed
    school year (the antenna never shows a running one)."""
    dag = dt.date(regels.schooljaar_van(timezone.localdate()) - 1, 10, 1)
    swvs = [s.swv]
    for code in ("PO2702", "PO2703", "PO2704"):
        swv = SamenwerkingsverbandFactory(code=code, naam=f"SWV {code}")
        SchoolFactory(vestigingscode=f"{code[2:]}AA", regio_swv_po=swv, leerlingen=5000)
        swvs.append(swv)
    scholen = {swv.pk: SchoolFactory(vestigingscode=f"{swv.code[2:]}SO", soort="SO", regio_swv_po=swv, leerlingen=80)
               for swv in swvs}
    verdeling = [
        {("sbo", ""): 12, ("so", "laag"): 7, ("so", "hoog"): 2, ("pro", ""): 6},
        {("sbo", ""): 9, ("so", "laag"): 3, ("vso", "laag"): 5, ("pro", ""): 1},
        {("sbo", ""): 15, ("so", "midden"): 6, ("so", "laag"): 5},
        {("sbo", ""): 4, ("so", "laag"): 8, ("so", "hoog"): 1},
    ]
    for swv, aantallen in zip(swvs, verdeling, strict=True):
        _tlvs(swv, scholen[swv.pk], aantallen, dag)
    Antennedeelname.objects.create(swv=swvs[2], naam_tonen=True)
    return swvs


def _cellen(data):
    """Every cell object anywhere in the JSON (a dict with the key `verborgen`)."""
    if isinstance(data, dict):
        if "verborgen" in data and "aantal" in data:
            yield data
        for waarde in data.values():
            yield from _cellen(waarde)
    elif isinstance(data, list):
        for waarde in data:
            yield from _cellen(waarde)


def test_antenne_laat_nooit_een_aantal_onder_de_5_zien(s, api, antenne_wereld):
    data = ok(api(s.steunpunt).get(f"{BASIS}/antenne/"))
    cellen = list(_cellen(data))
    tlv = next(t for t in data["tabellen"] if t["sleutel"] == "tlv")
    assert len(tlv["rijen"]) == 4 and len(cellen) > 40
    for cel in cellen:
        if cel["verborgen"]:
            assert cel["aantal"] is None and cel.get("per_duizend") is None
        else:
            # Shown, or withheld for an anonymous SWV (only its rate, which with the region's public pupil count
            # would otherwise name it).
            assert cel["aantal"] is None or cel["aantal"] >= 5, cel
    verborgen = [c for r in tlv["rijen"] for c in r["cellen"] if c["verborgen"]]
    getoond = [c["aantal"] for r in tlv["rijen"] for c in r["cellen"] if not c["verborgen"]]
    assert verborgen and tlv["verborgen"] >= len(verborgen)
    assert 15 in getoond and 12 not in getoond  # 12 is an anonymous SWV's count
    for r in tlv["rijen"]:
        if not r["genoemd"]:
            assert all(c["aantal"] is None for c in r["cellen"])
            assert any(c.get("per_duizend") for c in r["cellen"] if not c["verborgen"])
    # No row has exactly one hidden entry (it would follow from the row total).
    for r in [*tlv["rijen"], tlv["totaal"]]:
        assert sum(c["verborgen"] for c in [*r["cellen"], r["totaal"]]) != 1, r["label"]
    # The named SWV with its code; the anonymous ones without code or pupil count.
    labels = {r["label"]: r for r in tlv["rijen"]}
    assert labels["PO 27-03 SWV PO2703"]["swv"] == "PO2703"
    anoniem = [r for r in tlv["rijen"] if not r["genoemd"]]
    assert len(anoniem) == 3 and all(r["swv"] is None and r["leerlingen"] is None for r in anoniem)
    assert all(r["label"].startswith("SWV ") for r in anoniem)


def test_antenne_voor_swv_met_eigen_naam_en_niet_voor_een_school(s, api, antenne_wereld):
    data = ok(api(s.staf).get(f"{BASIS}/antenne/", {"schooljaar": regels.schooljaar_van(timezone.localdate()) - 1}))
    tlv = next(t for t in data["tabellen"] if t["sleutel"] == "tlv")
    eigen = [r for r in tlv["rijen"] if r["eigen"]]
    assert len(eigen) == 1 and eigen[0]["swv"] == "PO2701"
    assert fout(api(s.school).get(f"{BASIS}/antenne/"), 403)["detail"] == \
        "Alleen het Steunpunt en medewerkers van een samenwerkingsverband zien de antenne."
    fout(api(s.ouder).get(f"{BASIS}/antenne/trend/"), 403)
    fout(APIClient().get(f"{BASIS}/antenne/"), 401)
    assert fout(api(s.staf).get(f"{BASIS}/antenne/signalen/"), 403)["detail"] == \
        "Alleen het Steunpunt ziet de signalen."
    assert fout(api(s.staf).get(f"{BASIS}/antenne/", {"schooljaar": "2999"}))["fouten"]["schooljaar"][0].startswith(
        "Kies een afgerond schooljaar, van 2000 tot en met")


def test_antenne_trend_verdeelmodellen_en_signalen_voor_het_steunpunt(s, api, antenne_wereld):
    steunpunt = api(s.steunpunt)
    trend = ok(steunpunt.get(f"{BASIS}/antenne/trend/", {"indicator": "tlv"}))
    assert len(trend["schooljaren"]) == len(trend["mediaan"]) and len(trend["rijen"]) == 4
    modellen = ok(steunpunt.get(f"{BASIS}/antenne/verdeelmodellen/"))
    assert len(modellen) == 4 and all("swv_id" not in m for m in modellen)
    for i in range(3):
        _vraag(api(s.school), f"Vraag over het OPP {i}", thema="opp")
    signalen = ok(steunpunt.get(f"{BASIS}/antenne/signalen/"))
    assert {"soort": "thema", "onderwerp": "Ontwikkelingsperspectief (OPP)", "wie": "Helpdesk"}.items() <= next(
        sig for sig in signalen if sig["soort"] == "thema").items()


def test_artikel_status_alleen_bekende_waarden(s, api):
    a = Artikel.objects.filter(status="gepubliceerd").first()
    assert fout(api(s.steunpunt).post(f"{BASIS}/artikelen/{a.slug}/status/", {"status": "weg"}, format="json"))[
        "fouten"] == ["Onbekende status."]
