"""From the database to the budget (gegevens.py), and the whole country at once (landelijk.py) giving the same.

One SWV with two regular schools (300 and 200 pupils) and an SO school, TLV's around the count date of budget
year 2015 (school year 2015-2016, counted on 1-10-2014): valid ones, one of the school year before that ended
before it, one revoked before it and one revoked after it, one replaced by a successor before the count date and
one extended after it (each counted once), growth after the count date for the vangnet (until 1-2-2015), a
PrO-TLV and a TLV of another SWV (never counted)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.middelen import gegevens, landelijk, regels, services
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from passend.register.models import Soort
from passend.toewijzing.models import Aanvraag, Arrangement, Besteding, Tlv
from tests.factories import LeerlingFactory, SamenwerkingsverbandFactory, SchoolbestuurFactory, SchoolFactory

D = Decimal
JAAR = 2015
OP = dt.date(2014, 10, 1)  # teldatum PO for 2015 (school year 2015-2016)
SCHOOLJAAR = (dt.date(2014, 8, 1), dt.date(2015, 7, 31))


def _aanvraag(swv, leerling, school, soort="tlv"):
    n = Aanvraag.objects.count() + 1
    return Aanvraag.objects.create(swv=swv, leerling=leerling, school=school, soort=soort, nummer=f"AV-TEST-{n:04d}")


def _tlv(w, nummer, soort="so", categorie="laag", begin=SCHOOLJAAR[0], eind=SCHOOLJAAR[1], *, swv=None,
         leerling=None, geboren=dt.date(2004, 5, 5), **velden):
    swv = swv or w.swv
    leerling = leerling or LeerlingFactory(swv=swv, geboortedatum=geboren)
    return Tlv.objects.create(swv=swv, leerling=leerling, aanvraag=_aanvraag(swv, leerling, w.school_a),
                              nummer=nummer, soort=soort, categorie=categorie if soort in ("so", "vso") else "",
                              begindatum=begin, einddatum=eind, afgegeven_op=begin, aanvragende_school=w.school_a,
                              **velden)


@pytest.fixture
def t(w):
    w.school_a.leerlingen, w.school_b.leerlingen, w.so_school.leerlingen = 300, 200, 99
    for s in (w.school_a, w.school_b, w.so_school):
        s.save()
    # A school of the other SWV (not counted).
    w.buren = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=w.ander_swv, leerlingen=777)
    _tlv(w, "T-GELDIG-SBO", "sbo")
    _tlv(w, "T-GELDIG-SO", "so", "laag")
    _tlv(w, "T-JONG", "so", "midden", geboren=dt.date(2008, 1, 1))  # 6 on the count date
    # Valid on 1-2-2014, the count date the calendar-year rule would give: ended before 1-10-2014, not counted.
    _tlv(w, "T-VERLOPEN", "so", "hoog", dt.date(2013, 8, 1), dt.date(2014, 7, 31))
    _tlv(w, "T-INGETROKKEN", "sbo", ingetrokken_op=dt.date(2014, 9, 15))
    _tlv(w, "T-LATER-INGETROKKEN", "sbo", ingetrokken_op=dt.date(2014, 11, 1))
    oud = _tlv(w, "T-OUD", "so", "laag")
    _tlv(w, "T-NIEUW", "so", "midden", dt.date(2014, 9, 8), dt.date(2016, 7, 31), leerling=oud.leerling, vervangt=oud)
    verlengd = _tlv(w, "T-VERLENGD", "so", "laag")
    _tlv(w, "T-VERLENGING", "so", "laag", dt.date(2015, 8, 1), dt.date(2016, 7, 31), leerling=verlengd.leerling,
         vervangt=verlengd)
    _tlv(w, "T-GROEI", "so", "hoog", dt.date(2014, 11, 1), dt.date(2015, 7, 31))
    _tlv(w, "T-GROEI-INGETROKKEN", "sbo", begin=dt.date(2014, 12, 1), eind=dt.date(2015, 7, 31),
         ingetrokken_op=dt.date(2015, 1, 5))
    _tlv(w, "T-NA-FEBRUARI", "sbo", begin=dt.date(2015, 3, 1), eind=dt.date(2015, 7, 31))
    _tlv(w, "T-PRO", "pro")
    _tlv(w, "T-BUREN", "sbo", swv=w.ander_swv)
    return w


def test_invoer_telt_de_tlvs_op_de_teldatum_elk_een_keer(t):
    invoer = gegevens.invoer(t.swv, JAAR)
    assert (invoer.jaar, invoer.sector) == (JAAR, "PO")
    assert sorted(p.ref for p in invoer.speciaal) == sorted(
        ["T-GELDIG-SBO", "T-GELDIG-SO", "T-JONG", "T-LATER-INGETROKKEN", "T-NIEUW", "T-VERLENGD"])
    assert [p.ref for p in invoer.groei] == ["T-GROEI"]
    nieuw = next(p for p in invoer.speciaal if p.ref == "T-NIEUW")
    assert (nieuw.soort, nieuw.categorie) == ("so", "midden")  # the successor's category, not the old one's


def test_invoer_leerlingen_uit_het_register(t):
    invoer = gegevens.invoer(t.swv, JAAR)
    assert invoer.leerlingen == 500  # BAO 300 + 200; the SO school and the other SWV's school do not count
    assert "register" in invoer.bron_leerlingen


def test_begroting_uit_de_database_met_de_hand(t):
    b = gegevens.begroting(t.swv, JAAR, Middeleninstellingen.voor(t.swv))
    # 500 × 156,61 = 78.305,00; 500 × 318,83 = 159.415,00; bruto 237.720,00
    assert b.bruto == D("237720.00")
    # SBO 2 × 2.986,87 = 5.973,74; SO laag 2 × 7.958,38 = 15.916,76; SO midden (T-NIEUW) 13.921,11;
    # SO jonger dan 8 midden (T-JONG) 12.856,61. Art. 29: 3,315 % of the SO part (42.694,48) = 1.415,3220... ->
    # 1.415,32. Together 50.083,54.
    assert {r.component: r.totaal for r in b.aftrek} == {
        "sbo": D("5973.74"), "so_laag": D("15916.76"), "so_midden": D("13921.11"), "so_jong_midden": D("12856.61")}
    assert (b.aanpassing_basis, b.aanpassing) == (D("42694.48"), D("1415.32"))
    assert b.totaal_aftrek == D("50083.54")
    # Vangnet (defaults: no threshold, 0,583): 20.645,71 × 0,583 = 12.036,44893 → 12.036,45 for T-GROEI.
    [v] = b.vangnet
    assert (v.refs, v.totaal) == (["T-GROEI"], D("12036.45"))
    # 237.720,00 − 50.083,54 − 12.036,45 = 175.600,01
    assert b.vrij == D("175600.01")


def test_vangnet_drempel_uit_de_instellingen(t):
    services.instellingen_opslaan(t.directeur, vangnet_drempel_procent="20")  # 20 % of 6 = 1,2 → 1 is the SWV's
    b = gegevens.begroting(t.swv, JAAR, Middeleninstellingen.voor(t.swv))
    assert b.vangnet == [] and b.vrij == D("187636.46")  # 237.720,00 − 50.083,54


def test_leerlingtelling_gaat_voor_het_register(t):
    Leerlingtelling.objects.create(swv=t.swv, jaar=JAAR, bo=1180, sbo=54, vo=999, schoolgewichten=150,
                                   bron="DUO, telling 1-10-2014")
    Leerlingtelling.objects.create(swv=t.swv, jaar=2016, bo=5, sbo=0)
    Leerlingtelling.objects.create(swv=t.ander_swv, jaar=JAAR, bo=1, sbo=1)
    invoer = gegevens.invoer(t.swv, JAAR)
    assert invoer.leerlingen == 1234 and invoer.schoolgewichten == 150  # bo + sbo; VO does not count for PO
    assert invoer.bron_leerlingen == "DUO, telling 1-10-2014"
    b = gegevens.begroting(t.swv, JAAR, Middeleninstellingen.voor(t.swv))
    # 1234 × 156,61 = 193.256,74; 150 × 111,96 = 16.794,00
    assert {r.component: r.totaal for r in b.inkomsten}["licht"] == D("193256.74")
    assert {r.component: r.totaal for r in b.inkomsten}["smw"] == D("16794.00")


def test_eigen_normbedrag_gaat_voor_het_officiele(t):
    Normbedrag.objects.create(jaar=JAAR, periode="2015-2016", sector="PO", component="licht", bedrag=D("160.00"),
                              bron="Eigen berekening SWV", swv=t.swv)
    Normbedrag.objects.create(jaar=JAAR, periode="2015-2016", sector="PO", component="zwaar", bedrag=D("999.00"),
                              bron="Van de buren", swv=t.ander_swv)
    Normbedrag.objects.create(jaar=2026, periode="2026", sector="VO", component="licht", bedrag=D("1.00"),
                              bron="Verkeerde sector", swv=t.swv)
    bedragen, bronnen = gegevens.tarieven(t.swv, JAAR)
    assert bedragen["licht"] == D("160.00") and bronnen["licht"] == "Eigen berekening SWV"
    assert bedragen["zwaar"] == D("318.83") and "BWBR0037118" in bronnen["zwaar"]
    # Income rates only from the SWV's own sector; the amounts per special-education pupil are one national
    # table (art. 28 "PO/VO"): a PO-SWV that issued a VSO-TLV pays the VSO amount.
    assert bedragen["vso_laag"] == D("8852.67")
    assert gegevens.tarieven(t.swv, 2026)[0] == {}  # its own VO 'licht' row does not apply to a PO-SWV
    assert gegevens.jaren_met_tarieven(t.swv) == [2024, 2015]
    b = gegevens.begroting(t.swv, JAAR, Middeleninstellingen.voor(t.swv))
    assert b.inkomsten[0].totaal == D("80000.00")  # 500 × 160,00


def test_ontbrekend_jaar_uit_de_database(t):
    with pytest.raises(regels.OntbrekendNormbedrag) as e:
        gegevens.begroting(t.swv, 2024, Middeleninstellingen.voor(t.swv))  # 2024: only SBO and SO amounts
    assert e.value.jaar == 2024 and e.value.componenten == ["licht", "zwaar"]


def _arrangement(w, school, begin, eind, bedrag, swv=None):
    swv = swv or w.swv
    leerling = LeerlingFactory(swv=swv)
    return Arrangement.objects.create(swv=swv, leerling=leerling, aanvraag=_aanvraag(swv, leerling, school, "arrangement"),
                                      school=school, doel="Zelfstandig werken", vorm="Ambulante begeleiding",
                                      bedrag=D(bedrag), begindatum=begin, einddatum=eind)


@pytest.fixture
def arr(t):
    t.bestuur_a = SchoolbestuurFactory(naam="Stichting Linde")
    t.school_a.bestuur = t.bestuur_a
    t.school_a.save()
    # 1-9-2025 .. 31-8-2026: 365 days, 243 of them in 2026: 3.650,00 × 243 / 365 = 2.430,00
    t.a1 = _arrangement(t, t.school_a, dt.date(2025, 9, 1), dt.date(2026, 8, 31), "3650.00")
    # wholly in 2026: 1.000,00
    _arrangement(t, t.school_a, dt.date(2026, 2, 1), dt.date(2026, 3, 2), "1000.00")
    # 1-12-2026 .. 30-1-2027: 61 days, 31 in 2026: 610,00 × 31 / 61 = 310,00
    _arrangement(t, t.school_b, dt.date(2026, 12, 1), dt.date(2027, 1, 30), "610.00")
    # wholly in 2025, and one of the other SWV: not in 2026 for this SWV
    _arrangement(t, t.school_b, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "5000.00")
    _arrangement(t, t.buren, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "7000.00", swv=t.ander_swv)
    return t


def test_scholen_met_arrangementen_naar_rato_van_het_jaar(arr):
    scholen = {s.naam: s for s in gegevens.scholen(arr.swv, 2026)}
    assert set(scholen) == {"De Linde", "De Eik"}  # member BAO/SBO schools only, not the SO school
    linde, eik = scholen["De Linde"], scholen["De Eik"]
    assert linde.arrangementen == D("3430.00")  # 2.430,00 + 1.000,00
    assert eik.arrangementen == D("310.00")
    assert (linde.bestuur_id, linde.bestuur, linde.leerlingen) == (arr.bestuur_a.pk, "Stichting Linde", 300)
    assert (eik.bestuur_id, eik.bestuur) == (None, "Onbekend bestuur")
    assert [s.arrangementen for s in gegevens.scholen(arr.swv, 2025) if s.naam == "De Eik"] == [D("5000.00")]


def test_besteed_boekt_toegekend_en_uitgegeven(arr):
    Besteding.objects.create(arrangement=arr.a1, datum=dt.date(2026, 3, 1), omschrijving="Begeleiding", bedrag=D("125.50"))
    Besteding.objects.create(arrangement=arr.a1, datum=dt.date(2025, 12, 1), omschrijving="Vorig jaar", bedrag=D("99"))
    assert gegevens.besteed(arr.swv, 2026) == {"toegekend": D("3740.00"), "uitgegeven": D("125.50")}


def test_po_2015_boekt_arrangementen_en_bestedingen_op_het_schooljaar(t):
    """PO budget 2015 covers school year 2015-2016 (1-8-2015 .. 31-7-2016)."""
    # 1-1-2015 .. 31-12-2015: 365 days, 153 of them from 1 August: 3.650,00 × 153 / 365 = 1.530,00
    a = _arrangement(t, t.school_a, dt.date(2015, 1, 1), dt.date(2015, 12, 31), "3650.00")
    # 1-7-2016 .. 31-8-2016: 62 days, 31 of them until 31 July: 620,00 × 31 / 62 = 310,00
    _arrangement(t, t.school_a, dt.date(2016, 7, 1), dt.date(2016, 8, 31), "620.00")
    # Before the school year: nothing.
    _arrangement(t, t.school_b, dt.date(2015, 1, 1), dt.date(2015, 7, 31), "999.00")
    Besteding.objects.create(arrangement=a, datum=dt.date(2015, 7, 31), omschrijving="Voor het schooljaar",
                             bedrag=D("40"))
    Besteding.objects.create(arrangement=a, datum=dt.date(2015, 8, 1), omschrijving="Eerste dag", bedrag=D("25.25"))
    scholen = {s.naam: s.arrangementen for s in gegevens.scholen(t.swv, JAAR)}
    assert scholen == {"De Linde": D("1840.00"), "De Eik": D("0.00")}
    assert gegevens.besteed(t.swv, JAAR) == {"toegekend": D("1840.00"), "uitgegeven": D("25.25")}
    assert _per_swv(JAAR)[t.swv.pk].scholen == gegevens.scholen(t.swv, JAAR)


def test_overgang_2022_2023_telt_elke_tlv_op_de_juiste_teldatum(w):
    """2022 (August-December) counts on 1-10-2021 with growth until 1-2-2022; 2023 counts on 1-2-2022 with growth
    until 1-10-2022; 2024 counts on 1-2-2023. A TLV is on one count date or in one growth window per year."""
    _tlv(w, "T-HERFST-2021", "sbo", begin=dt.date(2021, 8, 1), eind=dt.date(2021, 12, 31))
    _tlv(w, "T-WINTER-2022", "so", "laag", dt.date(2022, 1, 1), dt.date(2022, 7, 31))
    _tlv(w, "T-LENTE-2022", "sbo", begin=dt.date(2022, 3, 1), eind=dt.date(2023, 7, 31))
    verwacht = {2022: (["T-HERFST-2021"], ["T-WINTER-2022"]),
                2023: (["T-WINTER-2022"], ["T-LENTE-2022"]),
                2024: (["T-LENTE-2022"], [])}
    for jaar, (op_teldatum, groei) in verwacht.items():
        invoer = gegevens.invoer(w.swv, jaar)
        assert ([p.ref for p in invoer.speciaal], [p.ref for p in invoer.groei]) == (op_teldatum, groei), jaar
        assert _per_swv(jaar)[w.swv.pk].invoer == invoer, jaar


# ------------------------------------------------------------------------------------------------------------
# The whole country at once gives the same as one SWV at a time
# ------------------------------------------------------------------------------------------------------------

def _per_swv(jaar):
    return {u.swv_id: u for u in landelijk.bereken(jaar)}


def test_landelijk_geeft_hetzelfde_als_gegevens(arr):
    services.instellingen_opslaan(arr.directeur, apparaat_procent="3", vaste_voet_per_school="1000",
                                  hybride_school_procent="40", hybride_leerling_procent="40",
                                  hybride_expertise_procent="20", vangnet_factor="0.5")
    Normbedrag.objects.create(jaar=JAAR, periode="2015-2016", sector="PO", component="licht", bedrag=D("160.00"),
                              bron="Eigen", swv=arr.swv)
    # Arrangements in school year 2015-2016 (the period of PO budget 2015) so the leerlingmodel has something to pay.
    _arrangement(arr, arr.school_b, dt.date(2015, 9, 1), dt.date(2016, 2, 29), "2000.00")
    inst = Middeleninstellingen.voor(arr.swv)
    u = _per_swv(JAAR)[arr.swv.pk]
    assert u.fout is None and u.code == "PO2799"
    assert u.invoer == gegevens.invoer(arr.swv, JAAR)
    assert u.tarieven == gegevens.tarieven(arr.swv, JAAR)[0]
    assert u.scholen == gegevens.scholen(arr.swv, JAAR)
    assert u.begroting == gegevens.begroting(arr.swv, JAAR, inst)
    hybride = {"school": D(40), "leerling": D(40), "expertise": D(20)}
    for model in ("school", "expertise", "leerling", "hybride"):
        verwacht = regels.verdeel(u.begroting.vrij, gegevens.scholen(arr.swv, JAAR), model, apparaat_procent=D(3),
                                  vaste_voet_per_school=D(1000), hybride=hybride)
        assert u.verdelingen[model] == verwacht, model
    assert u.verdelingen["leerling"].per_school[arr.school_b.pk] == D("2000.00")


def test_landelijk_ander_swv_en_vo_swv(t):
    vo = SamenwerkingsverbandFactory(code="VO2799", sector="VO")
    SchoolFactory(vestigingscode="27VO01", naam="Het College", soort=Soort.VO, regio_swv_po=t.swv, regio_swv_vo=vo,
                  leerlingen=1500)
    per = _per_swv(JAAR)
    buren = per[t.ander_swv.pk]
    assert buren.invoer.leerlingen == 777 and [p.ref for p in buren.invoer.speciaal] == ["T-BUREN"]
    assert buren.begroting == gegevens.begroting(t.ander_swv, JAAR, Middeleninstellingen.voor(t.ander_swv))
    # The VO school counts for the VO SWV only; 2015 has no VO licht rate: the reason, not a zero budget.
    assert per[t.swv.pk].invoer.leerlingen == 500
    u = per[vo.pk]
    assert (u.sector, u.invoer.leerlingen, u.begroting, u.verdelingen) == ("VO", 1500, None, {})
    assert (u.fout.jaar, u.fout.sector, u.fout.componenten) == (2015, "VO", ["licht"])
    s = landelijk.samenvatting(per.values())
    assert "VO2799" in s["ontbrekend"] and s["berekend"] == s["swvs"] - 1


def test_landelijk_met_een_vast_aantal_queries(t):
    with CaptureQueriesContext(connection) as weinig:
        landelijk.bereken(JAAR)
    for i in range(5):  # more SWV's, schools and TLV's: not more queries
        swv = SamenwerkingsverbandFactory(code=f"PO27{i:02d}")
        school = SchoolFactory(vestigingscode=f"27X{i}01", regio_swv_po=swv, leerlingen=100 + i)
        _tlv(t, f"T-EXTRA-{i}", "sbo", swv=swv)
        services.instellingen_opslaan(t.directeur, apparaat_procent=str(i))
        assert school
    with CaptureQueriesContext(connection) as meer:
        uitkomsten = landelijk.bereken(JAAR)
    assert len(meer.captured_queries) == len(weinig.captured_queries) <= 11
    assert sum(len(u.invoer.speciaal) for u in uitkomsten) == 6 + 1 + 5  # this SWV, the neighbour, the new ones
