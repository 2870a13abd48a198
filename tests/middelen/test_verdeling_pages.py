"""The page that puts the four distribution models side by side (middelen:verdeling): per bestuur the amounts
regels.verdeel gives, totals equal to the free budget, the hybrid shares changed to see the effect (GET) and
saved by the directeur (POST), and who may see it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from passend.middelen import gegevens, regels, services
from passend.middelen.models import Middeleninstellingen
from passend.middelen.views_verdeling import euro
from passend.register.models import School
from passend.toewijzing import services as toewijzing_services
from passend.toewijzing.models import Arrangement, Soort
from tests.factories import OuderKindFactory, SchoolbestuurFactory
from tests.html import Tabel

MODELLEN = ["school", "expertise", "leerling", "hybride"]  # the column order on the page


def _arrangement_b(w, bedrag="20000"):
    """A granted arrangement of € 20.000 for the whole of school year 2015-2016 (the period of PO budget 2015) at
    De Eik (school_b)."""
    OuderKindFactory(ouder=w.ouder_record, leerling=w.leerling_b, heeft_gezag=True)
    a = w.aanvraag(Soort.ARRANGEMENT, leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)
    w.ouder_akkoord(a)
    a = toewijzing_services.transitie(w.andere_school, a, "indienen")
    toewijzing_services.consulent_toewijzen(w.consulent, a, w.consulent.user)
    a = toewijzing_services.transitie(w.consulent, a, "in_behandeling_nemen")
    toewijzing_services.transitie(w.consulent, a, "besluiten", uitkomst="toegekend", bedrag=bedrag,
                                  begindatum=dt.date(2015, 8, 1), einddatum=dt.date(2016, 7, 31),
                                  motivering="De school heeft de basisondersteuning benut; toegekend.")
    return Arrangement.objects.get(aanvraag=a)


@pytest.fixture
def wereld(w):
    """De Linde (300 pupils, no arrangements) of Stichting Linde; De Eik (100 pupils, € 20.000 arrangement in
    2015-2016) of Stichting Eik. Budget year 2015 (official rates), settings saved by the directeur."""
    w.linde = SchoolbestuurFactory(naam="Stichting Linde")
    w.eik = SchoolbestuurFactory(naam="Stichting Eik")
    School.objects.filter(pk=w.school_a.pk).update(leerlingen=300, bestuur=w.linde)
    School.objects.filter(pk=w.school_b.pk).update(leerlingen=100, bestuur=w.eik)
    _arrangement_b(w)
    services.instellingen_opslaan(w.directeur, gekozen_model="leerling", apparaat_procent="5",
                                  vaste_voet_per_school="1000", hybride_school_procent="50",
                                  hybride_leerling_procent="30", hybride_expertise_procent="20")
    return w


def _verwacht(w, jaar=2015, *, school=Decimal(50), leerling=Decimal(30), expertise=Decimal(20),
              apparaat=Decimal(5), voet=Decimal(1000)):
    inst = Middeleninstellingen.voor(w.swv)
    vrij = gegevens.begroting(w.swv, jaar, inst).vrij
    scholen = gegevens.scholen(w.swv, jaar)
    uit = {}
    for m in MODELLEN:
        v = regels.verdeel(vrij, scholen, m, apparaat_procent=apparaat, vaste_voet_per_school=voet,
                           hybride={"school": school, "leerling": leerling, "expertise": expertise})
        uit[m] = (v.per_bestuur(scholen), v.swv)
    return vrij, uit


def _pagina(client, **params):
    r = client.get(reverse("middelen:verdeling"), params)
    assert r.status_code == 200
    return r.content.decode()


def test_per_bestuur_de_bedragen_van_regels_en_totalen_gelijk_aan_het_vrije_budget(wereld, login):
    w = wereld
    html = _pagina(login(w.consulent), jaar=2015)
    vrij, verwacht = _verwacht(w)
    assert vrij == Decimal("190176.00")  # 400 pupils x (156,61 + 318,83), no TLV's in 2015
    t = Tabel(html, "verdeling-tabel")
    assert t.rijen[0][2:] == ["Schoolmodel", "Expertisemodel", "Leerlingmodel gekozen", "Hybride model"]
    for bestuur, naam in ((w.linde, "Stichting Linde"), (w.eik, "Stichting Eik")):
        assert t.rij(naam)[2:] == [euro(verwacht[m][0][bestuur.pk]) for m in MODELLEN]
    assert t.rij("Blijft bij het SWV")[2:] == [euro(verwacht[m][1]) for m in MODELLEN]
    assert t.rij("Totaal")[2:] == [euro(vrij)] * 4
    # A few amounts a person checks by hand: the leerlingmodel gives De Eik its arrangement, the expertisemodel
    # gives the besturen nothing, and under every model the SWV keeps at least its 5 %.
    assert t.rij("Stichting Eik")[4] == "€ 20.000,00"
    assert "vrij budget 2015 (teldatum 1-10-2014; schooljaar 2015-2016 (1 augustus 2015 tot en met 31 juli 2016))" in html
    assert t.rij("Stichting Linde")[3] == "€ 0,00"
    assert t.rij("Blijft bij het SWV")[3] == euro(vrij)
    # Per school on unfolding, and the chart with its title and description.
    assert "<details" in html and "De Linde" in html
    assert '<svg' in html and "<title id=\"grafiek-verdeling-titel\">" in html and "<desc" in html


def test_meer_schoolmodel_in_hybride_meer_naar_bestuur_met_veel_leerlingen_zonder_arrangementen(wereld, login):
    w = wereld
    client = login(w.directeur)
    veel = Tabel(_pagina(client, jaar=2015, hybride_school_procent="80", hybride_leerling_procent="10",
                         hybride_expertise_procent="10"), "verdeling-tabel")
    weinig = Tabel(_pagina(client, jaar=2015, hybride_school_procent="20", hybride_leerling_procent="70",
                           hybride_expertise_procent="10"), "verdeling-tabel")
    _, bij_veel = _verwacht(w, school=Decimal(80), leerling=Decimal(10), expertise=Decimal(10))
    _, bij_weinig = _verwacht(w, school=Decimal(20), leerling=Decimal(70), expertise=Decimal(10))
    assert veel.rij("Stichting Linde")[5] == euro(bij_veel["hybride"][0][w.linde.pk])
    assert weinig.rij("Stichting Linde")[5] == euro(bij_weinig["hybride"][0][w.linde.pk])
    assert bij_veel["hybride"][0][w.linde.pk] > bij_weinig["hybride"][0][w.linde.pk]
    # The leerlingmodel part is more than De Eik's arrangements: the rest of it stays with the SWV, so the SWV
    # keeps less when the school share grows.
    assert veel.rij("Blijft bij het SWV")[5] == euro(bij_veel["hybride"][1])
    assert bij_veel["hybride"][1] < bij_weinig["hybride"][1]
    # Nothing was saved by looking.
    inst = Middeleninstellingen.voor(w.swv)
    assert (inst.hybride_school_procent, inst.hybride_leerling_procent) == (Decimal(50), Decimal(30))


def test_delen_die_niet_100_zijn_geven_een_fout_en_houden_de_waarden(wereld, login):
    html = _pagina(login(wereld.consulent), jaar=2015, hybride_school_procent="50",
                   hybride_leerling_procent="33,5", hybride_expertise_procent="20")
    assert "tellen samen op tot 103,5 %, niet tot 100 %" in html
    assert 'name="hybride_leerling_procent" value="33,5"' in html
    assert 'name="hybride_school_procent" value="50"' in html
    assert "rekent met de opgeslagen instellingen" in html
    assert "Opslaan als instelling" not in html  # a consulent never gets the button


def test_ongeldig_getal_geeft_nederlandse_fout(wereld, login):
    html = _pagina(login(wereld.directeur), jaar=2015, apparaat_procent="veel")
    assert "Vul een getal in, bijvoorbeeld 12,5." in html
    assert 'name="apparaat_procent" value="veel"' in html
    assert "Opslaan als instelling" not in html


def test_directeur_slaat_op_als_instelling(wereld, login):
    client = login(wereld.directeur)
    html = _pagina(client, jaar=2015, hybride_school_procent="70", hybride_leerling_procent="20",
                   hybride_expertise_procent="10", vaste_voet_per_school="2.500")
    assert "Opslaan als instelling" in html and 'name="vaste_voet_per_school" value="2500"' in html
    r = client.post(reverse("middelen:verdeling"), {
        "jaar": "2015", "apparaat_procent": "5", "vaste_voet_per_school": "2500", "hybride_school_procent": "70",
        "hybride_leerling_procent": "20", "hybride_expertise_procent": "10"})
    assert r.status_code == 302 and r.url.endswith("?jaar=2015")
    inst = Middeleninstellingen.voor(wereld.swv)
    assert (inst.hybride_school_procent, inst.hybride_leerling_procent, inst.hybride_expertise_procent) == (70, 20, 10)
    assert inst.vaste_voet_per_school == Decimal("2500")
    assert inst.gekozen_model == "leerling"  # not touched


def test_opslaan_met_verkeerde_delen_bewaart_niets(wereld, login):
    r = login(wereld.directeur).post(reverse("middelen:verdeling"), {
        "jaar": "2015", "apparaat_procent": "5", "vaste_voet_per_school": "0", "hybride_school_procent": "90",
        "hybride_leerling_procent": "20", "hybride_expertise_procent": "10"})
    assert r.status_code == 200
    assert "tellen samen op tot 120 %" in r.content.decode()
    assert Middeleninstellingen.voor(wereld.swv).hybride_school_procent == Decimal(50)


def test_consulent_mag_niet_opslaan(wereld, login):
    r = login(wereld.consulent).post(reverse("middelen:verdeling"), {
        "jaar": "2015", "apparaat_procent": "5", "vaste_voet_per_school": "0", "hybride_school_procent": "100",
        "hybride_leerling_procent": "0", "hybride_expertise_procent": "0"})
    assert r.status_code == 403
    assert Middeleninstellingen.voor(wereld.swv).hybride_school_procent == Decimal(50)


@pytest.mark.parametrize("wie", ["school", "ouder", "deskundige1", "leerplicht"])
def test_anderen_dan_lezers_krijgen_403(wereld, login, wie):
    assert login(getattr(wereld, wie)).get(reverse("middelen:verdeling")).status_code == 403


def test_schoolbestuur_ziet_eigen_rij_gemarkeerd(wereld, login):
    w = wereld
    w.bestuur.bestuur = w.eik
    w.bestuur.save()
    html = _pagina(login(w.bestuur), jaar=2015)
    t = Tabel(html, "verdeling-tabel")
    assert t.rij("Stichting Eik")[0] == "Stichting Eik uw bestuur"
    assert t.rij("Stichting Linde")[0] == "Stichting Linde"
    assert '<tr class="eigen">' in html
    assert "Opslaan als instelling" not in html
    assert login(w.bestuur).post(reverse("middelen:verdeling"), {"jaar": "2015"}).status_code == 403


def test_jaar_zonder_normbedragen_toont_de_melding_geen_nullen(wereld, login):
    html = _pagina(login(wereld.directeur), jaar=2024)
    assert ("Er ontbreken normbedragen voor PO in 2024: Lichte ondersteuning (per leerling), Zware ondersteuning "
            "(per leerling).") in html
    assert "verdeling-tabel" not in html and "€ 0,00" not in html


def test_standaard_het_laatste_volledige_jaar(wereld, login):
    html = _pagina(login(wereld.consulent))
    assert '<option value="2015" selected>' in html
    assert "Vrij budget 2015" in html


def test_euro():
    assert euro(Decimal("1234567.5")) == "€ 1.234.567,50"
    assert euro(Decimal("-12")) == "€ -12,00"
    assert euro(Decimal("0.005")) == "€ 0,01"
