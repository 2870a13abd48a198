"""The settings, rates and pupil count pages of Middelen: who may read and change them, errors that keep what
was typed, the rates upload that is all-or-nothing and names the bad rows, and a good upload that makes a year's
budget computable."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from passend.middelen import gegevens, regels, services
from passend.middelen.forms import lees_getal
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from passend.register.models import School

INSTELLINGEN = {
    "gekozen_model": "school", "apparaat_procent": "4,5", "vaste_voet_per_school": "7.000",
    "hybride_school_procent": "60", "hybride_leerling_procent": "30", "hybride_expertise_procent": "10",
    "vangnet_drempel_procent": "2", "vangnet_factor": "0,583", "reserve": "900.000", "totale_baten": "10000000",
    "signalering_minimum": "250000", "signalering_procent": "3,5", "prognose_jaren": "5",
    "groei_leerlingen_procent": "-1,5", "groei_tlv_procent": "2", "indexatie_procent": "2,5",
}


def _csv(*regels_):
    return SimpleUploadedFile("bedragen.csv", ("\n".join(regels_) + "\n").encode("utf-8"), content_type="text/csv")


def _upload(client, bestand):
    return client.post(reverse("middelen:normbedragen"), {"actie": "bestand", "bestand-bestand": bestand})


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

def test_directeur_slaat_alle_instellingen_op(w, login):
    client = login(w.directeur)
    html = client.get(reverse("middelen:instellingen")).content.decode()
    for kop in ("Verdeling", "Vangnet: groei na de teldatum", "Reserve en signaleringswaarde", "Prognose"):
        assert f"<legend>{kop}</legend>" in html
    assert "omdat zij niet is geverifieerd" in html
    r = client.post(reverse("middelen:instellingen"), INSTELLINGEN)
    assert r.status_code == 302
    inst = Middeleninstellingen.voor(w.swv)
    assert inst.gekozen_model == "school"
    assert inst.apparaat_procent == Decimal("4.5") and inst.vaste_voet_per_school == Decimal("7000")
    assert inst.reserve == Decimal("900000") and inst.prognose_jaren == 5
    assert inst.groei_leerlingen_procent == Decimal("-1.5")
    # With reserve and income saved, the page shows the signaleringswaarde and that the reserve is above it.
    html = client.get(reverse("middelen:instellingen")).content.decode()
    assert "€ 350.000,00" in html  # max(250.000; 3,5 % of 10 mln)
    assert "Boven de signaleringswaarde" in html and "€ 550.000,00 boven" in html


def test_fouten_houden_de_getypte_waarden_en_bewaren_niets(w, login):
    r = login(w.directeur).post(reverse("middelen:instellingen"),
                                {**INSTELLINGEN, "vangnet_factor": "1,5", "hybride_leerling_procent": "35"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kies een waarde van 0 tot en met 1." in html
    assert "tellen samen op tot 105 %" in html
    assert 'name="vangnet_factor" value="1,5"' in html and 'name="reserve" value="900.000"' in html
    assert not Middeleninstellingen.objects.filter(swv=w.swv).exists()


def test_lezers_zien_de_instellingen_zonder_formulier(w, login):
    assert login(w.directeur).post(reverse("middelen:instellingen"), INSTELLINGEN).status_code == 302
    for rol in (w.consulent, w.bestuur):
        html = login(rol).get(reverse("middelen:instellingen")).content.decode()
        assert "<form method=\"post\" class=\"formulier" not in html
        assert "Schoolmodel" in html and "4,5 %" in html and "€ 7.000,00" in html
    r = login(w.consulent).post(reverse("middelen:instellingen"), {**INSTELLINGEN, "gekozen_model": "expertise"})
    assert r.status_code == 403
    assert Middeleninstellingen.voor(w.swv).gekozen_model == "school"


def test_beheerder_mag_wijzigen_school_niet_lezen(w, login):
    assert login(w.beheerder).post(reverse("middelen:instellingen"), INSTELLINGEN).status_code == 302
    for rol in (w.school, w.ouder, w.vervoer):
        assert login(rol).get(reverse("middelen:instellingen")).status_code == 403


# ------------------------------------------------------------------------------------------------------------
# Rates
# ------------------------------------------------------------------------------------------------------------

def test_officiele_bedragen_met_bron_en_onvolledig_jaar(w, login):
    html = login(w.consulent).get(reverse("middelen:normbedragen")).content.decode()
    assert "PO 2015-2016" in html and "€ 156,61" in html and "BWBR0037118" in html
    assert "officieel" in html and "eigen invoer" not in html
    assert "Voor een begroting 2024 ontbreken nog: Lichte ondersteuning (per leerling), Zware ondersteuning" in html
    assert "Eén normbedrag toevoegen" not in html  # a consulent cannot change rates


def test_upload_met_een_foute_regel_verandert_niets_en_noemt_de_regel(w, login):
    client = login(w.directeur)
    r = _upload(client, _csv("jaar;sector;component;bedrag;bron",
                             "2024;PO;licht;170,12;Regeling 2024 art. 19",
                             "2024;PO;zwaar;veel;Regeling 2024 art. 21",
                             "2024;PO;onbekend;10;Regeling 2024"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Regel 2: het bedrag is geen (positief) getal." in html
    assert "Regel 3: onbekend onderdeel &#x27;onbekend&#x27;" in html
    assert "Er is niets opgeslagen." in html
    assert not Normbedrag.objects.filter(swv=w.swv).exists()


def test_goede_upload_maakt_het_jaar_berekenbaar(w, login):
    inst = Middeleninstellingen.voor(w.swv)
    with pytest.raises(regels.OntbrekendNormbedrag):
        gegevens.begroting(w.swv, 2024, inst)
    r = _upload(login(w.directeur), _csv("jaar,sector,component,bedrag,bron",
                                         "2024,PO,licht,170.12,Regeling bekostiging 2024 art. 19",
                                         "2024,PO,zwaar,350.50,Regeling bekostiging 2024 art. 21"))
    assert r.status_code == 302
    assert Normbedrag.objects.filter(swv=w.swv, jaar=2024).count() == 2
    b = gegevens.begroting(w.swv, 2024, inst)
    leerlingen = sum(School.objects.filter(pk__in=[w.school_a.pk, w.school_b.pk]).values_list("leerlingen", flat=True))
    assert b.bruto == regels.cent(leerlingen * (Decimal("170.12") + Decimal("350.50")))
    html = login(w.directeur).get(reverse("middelen:normbedragen")).content.decode()
    assert "eigen invoer" in html and "€ 170,12" in html
    # The comparison page for 2024 now shows the budget instead of the missing-rates message.
    html = login(w.directeur).get(reverse("middelen:verdeling"), {"jaar": 2024}).content.decode()
    assert "Er ontbreken normbedragen" not in html and "verdeling-tabel" in html


def test_upload_als_excel(w, login):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["jaar", "sector", "component", "bedrag", "bron"])
    ws.append([2025, "PO", "licht", 171.5, "Regeling 2025"])
    inhoud = io.BytesIO()
    wb.save(inhoud)
    bestand = SimpleUploadedFile("bedragen.xlsx", inhoud.getvalue())
    assert _upload(login(w.directeur), bestand).status_code == 302
    assert Normbedrag.objects.get(swv=w.swv, jaar=2025, component="licht").bedrag == Decimal("171.50")


def test_verkeerd_bestandstype(w, login):
    r = _upload(login(w.directeur), SimpleUploadedFile("bedragen.pdf", b"%PDF"))
    assert "Kies een CSV- of Excel-bestand" in r.content.decode()


def test_een_normbedrag_toevoegen_en_fouten(w, login):
    client = login(w.directeur)
    data = {"actie": "bedrag", "bedrag-jaar": "2024", "bedrag-periode": "", "bedrag-sector": "PO",
            "bedrag-component": "licht", "bedrag-bedrag": "-5", "bedrag-bron": "Regeling 2024"}
    r = client.post(reverse("middelen:normbedragen"), data)
    assert r.status_code == 200 and "Een bedrag kan niet negatief zijn." in r.content.decode()
    assert 'value="Regeling 2024"' in r.content.decode()
    assert not Normbedrag.objects.filter(swv=w.swv).exists()
    r = client.post(reverse("middelen:normbedragen"), {**data, "bedrag-bedrag": "1.234,56"})
    assert r.status_code == 302
    n = Normbedrag.objects.get(swv=w.swv, jaar=2024, component="licht")
    assert (n.bedrag, n.periode, n.ingevoerd_door_id) == (Decimal("1234.56"), "2024", w.directeur.user_id)
    # Changing it: the form comes prefilled, and saving replaces the amount.
    html = client.get(reverse("middelen:normbedragen"), {"wijzig": n.pk}).content.decode()
    assert 'name="bedrag-bedrag" value="1234,56"' in html
    assert client.post(reverse("middelen:normbedragen"), {**data, "bedrag-bedrag": "200"}).status_code == 302
    assert Normbedrag.objects.get(pk=n.pk).bedrag == Decimal("200")


def test_alleen_wijzigers_mogen_bedragen_opslaan(w, login):
    for rol in (w.consulent, w.bestuur):
        r = _upload(login(rol), _csv("jaar;sector;component;bedrag;bron", "2024;PO;licht;1;x"))
        assert r.status_code == 403
    assert login(w.school).get(reverse("middelen:normbedragen")).status_code == 403
    assert not Normbedrag.objects.filter(swv=w.swv).exists()


def test_sjabloon_heeft_de_juiste_kolommen_en_leest_terug(w, login):
    r = login(w.directeur).get(reverse("middelen:normbedragen_sjabloon"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"]
    inhoud = r.content
    assert inhoud.decode("utf-8-sig").splitlines()[0] == "jaar;periode;sector;component;bedrag;bron;omschrijving"
    rijen = services.normbedragen_lezen(inhoud, "sjabloon.csv")
    assert {r["component"] for r in rijen} == {*regels.BENODIGD["PO"], "smw"}
    assert all(r["sector"] == "PO" and r["bedrag"] == "" for r in rijen)


# ------------------------------------------------------------------------------------------------------------
# Official pupil count
# ------------------------------------------------------------------------------------------------------------

def test_telling_invoeren_naast_het_register(w, login):
    School.objects.filter(pk=w.school_a.pk).update(leerlingen=300)
    School.objects.filter(pk=w.school_b.pk).update(leerlingen=100)
    client = login(w.directeur)
    html = client.get(reverse("middelen:telling")).content.decode()
    assert "De begroting rekent met het register: 400 leerlingen." in html
    assert 'name="vo"' not in html  # a PO SWV counts bo and sbo
    r = client.post(reverse("middelen:telling"), {"jaar": "2015", "bo": "410", "sbo": "12", "schoolgewichten": "",
                                                  "bron": "DUO, telling schooljaar 2015-2016"})
    assert r.status_code == 302
    t = Leerlingtelling.objects.get(swv=w.swv, jaar=2015)
    assert (t.bo, t.sbo, t.schoolgewichten) == (410, 12, 0)
    assert gegevens.invoer(w.swv, 2015).leerlingen == 422
    html = client.get(reverse("middelen:telling")).content.decode()
    assert "DUO, telling schooljaar 2015-2016" in html and "+22" in html
    assert '<th scope="row">2015</th><td>1-10-2014</td>' in html  # PO 2015: 1 October before the school year


def test_telling_fouten_en_rechten(w, login):
    r = login(w.directeur).post(reverse("middelen:telling"), {"jaar": "2015", "bo": "-1", "sbo": "x"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Een aantal kan niet negatief zijn." in html and "Vul een heel getal in." in html
    assert 'name="sbo" value="x"' in html
    assert not Leerlingtelling.objects.exists()
    assert login(w.consulent).post(reverse("middelen:telling"), {"jaar": "2015", "bo": "1", "sbo": "0"}).status_code == 403
    assert login(w.consulent).get(reverse("middelen:telling")).status_code == 200
    assert login(w.school).get(reverse("middelen:telling")).status_code == 403
    assert not Leerlingtelling.objects.exists()


@pytest.mark.parametrize("tekst, getal", [
    ("12,5", "12.5"), ("12.5", "12.5"), ("7.000", "7000"), ("€ 7.000,50", "7000.50"), ("0,583", "0.583"),
    ("0.583", "0.583"), ("-1,5", "-1.5"), ("1.234.567", "1234567"), ("50 %", "50"),
])
def test_getallen_op_zijn_nederlands(tekst, getal):
    assert lees_getal(tekst) == Decimal(getal)


@pytest.mark.parametrize("tekst", ["veel", "", "1,2,3", "NaN", "Infinity"])
def test_geen_getal(tekst):
    with pytest.raises(ValueError):
        lees_getal(tekst)


def test_vo_samenwerkingsverband_telt_vo_leerlingen(db, login):
    from passend.accounts.models import Rol
    from tests.factories import RolFactory, SamenwerkingsverbandFactory

    directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=SamenwerkingsverbandFactory(code="VO2799"))
    client = login(directeur)
    html = client.get(reverse("middelen:telling")).content.decode()
    assert 'name="vo"' in html and 'name="bo"' not in html
    assert client.post(reverse("middelen:telling"), {"jaar": "2025", "vo": "5000"}).status_code == 302
    assert gegevens.invoer(directeur.swv, 2025).leerlingen == 5000
    html = client.get(reverse("middelen:verdeling")).content.decode()
    assert "Er ontbreken normbedragen voor VO" in html
    assert "VO (uw samenwerkingsverband)" in client.get(reverse("middelen:normbedragen")).content.decode()
