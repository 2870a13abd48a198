"""The money rules recomputed by hand (issue 6, "Export and checks"): the official 2015-2016 rates applied to a
small SWV give, to the cent, what a person with a calculator gets; the SBO deduction that lichte ondersteuning
cannot carry; the vangnet with its threshold and factor; the count dates; a missing rate names the year and the
components. Then properties of the distribution: every model hands out exactly the free budget, nobody gets a
negative amount, and moving a share moves the money the way the board expects. Pure functions, no database
(except the one check that the rows loaded after migrate are the CSV's)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from passend.middelen import normbedragen, regels
from passend.middelen.models import Normbedrag

D = Decimal
PO_2015 = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2015() if r["sector"] == "PO"}
VO_2015 = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2015() if r["sector"] == "VO"}
# PO budget 2015 is school year 2015-2016 (the regeling of the official rates): counted on 1 October before it.
TELDATUM_2015 = dt.date(2014, 10, 1)


def _sp(ref, soort, categorie="", geboren=None):
    return regels.Speciaal(ref, soort, categorie, geboren)


def _regel(regels_, component):
    [r] = [r for r in regels_ if r.component == component]
    return r


# ------------------------------------------------------------------------------------------------------------
# The official rates
# ------------------------------------------------------------------------------------------------------------

def test_de_gebruikte_tarieven_zijn_de_officiele_2015_2016():
    assert PO_2015["licht"] == D("156.61") and PO_2015["zwaar"] == D("318.83") and PO_2015["sbo"] == D("2986.87")
    assert (PO_2015["so_laag"], PO_2015["so_midden"], PO_2015["so_hoog"]) == (D("7958.38"), D("13921.11"),
                                                                              D("20645.71"))
    assert PO_2015["so_jong_laag"] == D("8770.09") and PO_2015["smw"] == D("111.96")
    assert (VO_2015["zwaar"], VO_2015["vso_laag"], VO_2015["vso_hoog"]) == (D("512.95"), D("8852.67"), D("19540.53"))
    assert "licht" not in VO_2015  # the CSV has no VO lichte ondersteuning for 2015-2016


def test_de_rijen_na_migrate_zijn_die_uit_de_csv(db):
    for r in normbedragen.rijen_2015():
        rij = Normbedrag.objects.get(jaar=2015, sector=r["sector"], component=r["component"], swv=None)
        assert (rij.bedrag, rij.periode) == (r["bedrag"], "2015-2016")
        assert "BWBR0037118" in rij.bron


# ------------------------------------------------------------------------------------------------------------
# A small PO SWV by hand
# ------------------------------------------------------------------------------------------------------------

def _klein_po():
    """1.234 pupils on 1-10-2014; 7 SBO-TLV's; SO: two laag (8 and older), one midden, one hoog, one laag younger
    than 8 on the count date."""
    speciaal = [_sp(f"SBO-{i}", "sbo") for i in range(1, 8)] + [
        _sp("SO-1", "so", "laag", dt.date(2006, 5, 1)),  # 8 on 1-10-2014 (7 on 1-2-2014)
        _sp("SO-2", "so", "laag", dt.date(2004, 9, 9)),  # 10
        _sp("SO-3", "so", "midden", dt.date(2003, 1, 1)),  # 11
        _sp("SO-4", "so", "hoog", dt.date(2002, 6, 30)),  # 12
        _sp("SO-5", "so", "laag", dt.date(2007, 3, 1)),  # 7: the younger-than-8 rate (art. 28)
    ]
    return regels.Invoer(jaar=2015, sector="PO", leerlingen=1234, speciaal=speciaal)


def test_klein_swv_po_2015_met_de_hand():
    b = regels.begroting(_klein_po(), PO_2015)
    assert b.teldatum == TELDATUM_2015
    # Income: 1234 × 156,61 = 193.256,74 (licht); 1234 × 318,83 = 393.436,22 (zwaar); together 586.692,96.
    assert _regel(b.inkomsten, "licht").totaal == D("193256.74")
    assert _regel(b.inkomsten, "zwaar").totaal == D("393436.22")
    assert b.bruto == D("586692.96")
    # Deductions: 7 × 2.986,87 = 20.908,09 (SBO); 2 × 7.958,38 = 15.916,76 (SO laag); 1 × 13.921,11 (SO midden);
    # 1 × 20.645,71 (SO hoog); 1 × 8.770,09 (SO laag, younger than 8). Together 80.161,76.
    # The count date decides SO-1's rate: 8 on 1-10-2014, so SO laag (7.958,38). Counted on 1-2-2014 (the
    # calendar-year rule of 2023) SO-1 would be 7 and cost 8.770,09, 811,71 more: aftrek 80.973,47.
    assert _regel(b.aftrek, "sbo").totaal == D("20908.09")
    assert _regel(b.aftrek, "so_laag").totaal == D("15916.76")
    assert _regel(b.aftrek, "so_midden").totaal == D("13921.11")
    assert _regel(b.aftrek, "so_hoog").totaal == D("20645.71")
    assert _regel(b.aftrek, "so_jong_laag").totaal == D("8770.09")
    assert b.totaal_aftrek == D("80161.76")
    assert regels.so_component("so", "laag", dt.date(2006, 5, 1), dt.date(2014, 2, 1), PO_2015) == "so_jong_laag"
    # Free budget: 586.692,96 − 80.161,76 = 506.531,20.
    assert b.vrij == D("506531.20")
    assert b.licht_tekort == 0 and b.vangnet == []


def test_elk_bedrag_is_terug_te_voeren_op_leerlingen_en_tarief():
    b = regels.begroting(_klein_po(), PO_2015)
    sbo = _regel(b.aftrek, "sbo")
    assert sbo.refs == [f"SBO-{i}" for i in range(1, 8)] and sbo.aantal == 7 and sbo.bedrag_per == D("2986.87")
    assert _regel(b.aftrek, "so_laag").refs == ["SO-1", "SO-2"]  # SO-1 is 8 on 1-10-2014
    assert _regel(b.aftrek, "so_jong_laag").refs == ["SO-5"]
    for r in b.inkomsten + b.aftrek:
        assert r.totaal == (r.aantal * r.bedrag_per).quantize(D("0.01"))


def test_acht_jaar_op_de_teldatum_is_niet_meer_jonger_dan_acht():
    invoer = regels.Invoer(2015, "PO", 0, [_sp("A", "so", "midden", dt.date(2006, 10, 1)),  # 8 on 1-10-2014
                                           _sp("B", "so", "midden", dt.date(2006, 10, 2))])  # 7
    b = regels.begroting(invoer, PO_2015)
    assert _regel(b.aftrek, "so_midden").refs == ["A"]
    assert _regel(b.aftrek, "so_jong_midden").refs == ["B"]
    # 13.921,11 + 12.856,61 = 26.777,72
    assert b.totaal_aftrek == D("26777.72")


def test_zonder_jong_tarief_geldt_het_gewone_so_tarief():
    tarieven = {k: v for k, v in PO_2015.items() if not k.startswith("so_jong")}
    b = regels.begroting(regels.Invoer(2015, "PO", 0, [_sp("B", "so", "hoog", dt.date(2010, 1, 1))]), tarieven)
    assert _regel(b.aftrek, "so_hoog").totaal == D("20645.71")


def test_schoolmaatschappelijk_werk_per_schoolgewicht():
    b = regels.begroting(regels.Invoer(2015, "PO", 1234, schoolgewichten=150), PO_2015)
    # 150 × 111,96 = 16.794,00; bruto 586.692,96 + 16.794,00 = 603.486,96
    assert _regel(b.inkomsten, "smw").totaal == D("16794.00")
    assert b.bruto == b.vrij == D("603486.96")


def test_vo_met_eigen_licht_tarief_en_twee_vso_leerlingen():
    """VO counts on 1 October; 2015 has no official VO licht rate, the SWV adds its own (here 100,00)."""
    tarieven = {**VO_2015, "licht": D("100.00")}
    invoer = regels.Invoer(2015, "VO", 2000, [_sp("V-1", "vso", "laag"), _sp("V-2", "vso", "hoog")])
    b = regels.begroting(invoer, tarieven)
    assert b.teldatum == dt.date(2014, 10, 1)
    # 2000 × 100,00 = 200.000,00; 2000 × 512,95 = 1.025.900,00; bruto 1.225.900,00
    assert b.bruto == D("1225900.00")
    # 8.852,67 + 19.540,53 = 28.393,20; vrij 1.225.900,00 − 28.393,20 = 1.197.506,80
    assert b.totaal_aftrek == D("28393.20")
    assert b.vrij == D("1197506.80")


def test_licht_tekort_als_de_sbo_aftrek_groter_is_dan_licht():
    """10 pupils and one SBO-TLV: lichte ondersteuning 10 × 156,61 = 1.566,10 cannot carry 2.986,87; DUO pays
    nothing for licht (no negative), the rest 1.420,77 is shown as the shortfall, not deducted from zwaar."""
    b = regels.begroting(regels.Invoer(2015, "PO", 10, [_sp("S", "sbo")]), PO_2015)
    assert b.licht_tekort == D("1420.77")
    assert _regel(b.aftrek, "sbo").totaal == D("1566.10")
    # zwaar 10 × 318,83 = 3.188,30 is what is left
    assert b.vrij == D("3188.30")


def test_geen_licht_tekort_precies_op_de_grens():
    # 2.986,87 / 156,61 = 19,07...: 20 pupils carry one SBO pupil (3.132,20 ≥ 2.986,87)
    b = regels.begroting(regels.Invoer(2015, "PO", 20, [_sp("S", "sbo")]), PO_2015)
    assert b.licht_tekort == 0 and b.totaal_aftrek == D("2986.87")


def _vangnet_invoer(groei):
    speciaal = [_sp(f"T{i:02d}", "so", "laag", dt.date(2000, 1, 1)) for i in range(20)]
    return regels.Invoer(2015, "PO", 1000, speciaal, groei=groei)


def test_vangnet_met_drempel_en_factor():
    """20 TLV pupils on the count date; 5 more after it. Drempel 10 %: 2 pupils of growth are the SWV's own,
    3 are compensated at 0,583 of the yearly rate: 7.958,38 × 0,583 = 4.639,73554 → 4.639,74 each,
    3 × 4.639,74 = 13.919,22."""
    groei = [_sp(f"G{i}", "so", "laag", dt.date(2000, 1, 1)) for i in (5, 1, 4, 2, 3)]
    b = regels.begroting(_vangnet_invoer(groei), PO_2015, vangnet_drempel_procent=D(10),
                         vangnet_factor=D("0.583"))
    [r] = b.vangnet
    assert (r.aantal, r.bedrag_per, r.totaal) == (3, D("4639.74"), D("13919.22"))
    assert r.refs == ["G1", "G2", "G3"]
    assert b.totaal_vangnet == D("13919.22")
    # 1000 × (156,61 + 318,83) = 475.440,00; aftrek 20 × 7.958,38 = 159.167,60;
    # vrij 475.440,00 − 159.167,60 − 13.919,22 = 302.353,18
    assert b.vrij == D("302353.18")


def test_vangnet_zonder_drempel_per_onderdeel():
    """SBO 2.986,87 × 0,583 = 1.741,34521 → 1.741,35; SO midden 13.921,11 × 0,583 = 8.116,00713 → 8.116,01,
    twice 16.232,02; together 17.973,37."""
    groei = [_sp("G1", "sbo"), _sp("G2", "so", "midden", dt.date(2000, 1, 1)),
             _sp("G3", "so", "midden", dt.date(2001, 1, 1))]
    b = regels.begroting(_vangnet_invoer(groei), PO_2015)
    assert _regel(b.vangnet, "sbo").totaal == D("1741.35")
    assert _regel(b.vangnet, "so_midden").totaal == D("16232.02")
    assert b.totaal_vangnet == D("17973.37")


def test_groei_binnen_de_drempel_kost_niets():
    groei = [_sp("G1", "so", "laag"), _sp("G2", "so", "laag")]
    b = regels.begroting(_vangnet_invoer(groei), PO_2015, vangnet_drempel_procent=D(10))  # 10 % of 20 = 2
    assert b.vangnet == [] and b.totaal_vangnet == 0


# ------------------------------------------------------------------------------------------------------------
# Count date, period and growth window around the PO change of 1-1-2023 (domain.md section 6)
# ------------------------------------------------------------------------------------------------------------

d = dt.date


@pytest.mark.parametrize("jaar, sector, teldatum, periode, groei_tot", [
    # PO per school year: 1 October before it; growth as in the old groeiregeling, until 1 February.
    (2015, "PO", d(2014, 10, 1), (d(2015, 8, 1), d(2016, 7, 31)), d(2015, 2, 1)),
    (2021, "PO", d(2020, 10, 1), (d(2021, 8, 1), d(2022, 7, 31)), d(2021, 2, 1)),
    # Transition: August to December 2022 on the count of 1-10-2021.
    (2022, "PO", d(2021, 10, 1), (d(2022, 8, 1), d(2022, 12, 31)), d(2022, 2, 1)),
    # Calendar years: 1 February of the year before; the vangnet counts growth until 1 October.
    (2023, "PO", d(2022, 2, 1), (d(2023, 1, 1), d(2023, 12, 31)), d(2022, 10, 1)),
    (2024, "PO", d(2023, 2, 1), (d(2024, 1, 1), d(2024, 12, 31)), d(2023, 10, 1)),
    (2026, "PO", d(2025, 2, 1), (d(2026, 1, 1), d(2026, 12, 31)), d(2025, 10, 1)),
    # VO: 1 October of the year before, calendar year, every year (the growth window stays empty, as before).
    (2015, "VO", d(2014, 10, 1), (d(2015, 1, 1), d(2015, 12, 31)), d(2014, 10, 1)),
    (2021, "VO", d(2020, 10, 1), (d(2021, 1, 1), d(2021, 12, 31)), d(2020, 10, 1)),
    (2022, "VO", d(2021, 10, 1), (d(2022, 1, 1), d(2022, 12, 31)), d(2021, 10, 1)),
    (2023, "VO", d(2022, 10, 1), (d(2023, 1, 1), d(2023, 12, 31)), d(2022, 10, 1)),
    (2024, "VO", d(2023, 10, 1), (d(2024, 1, 1), d(2024, 12, 31)), d(2023, 10, 1)),
])
def test_teldatum_periode_en_groeivenster(jaar, sector, teldatum, periode, groei_tot):
    assert regels.teldatum(jaar, sector) == teldatum
    assert regels.begrotingsperiode(jaar, sector) == periode
    assert regels.groeivenster(jaar, sector) == (teldatum, groei_tot)


def test_de_begroting_draagt_teldatum_en_periode():
    b = regels.begroting(regels.Invoer(2022, "PO", 10), PO_2015)
    assert (b.teldatum, b.periode) == (d(2021, 10, 1), (d(2022, 8, 1), d(2022, 12, 31)))
    b = regels.begroting(regels.Invoer(2023, "PO", 10), PO_2015)
    assert (b.teldatum, b.periode) == (d(2022, 2, 1), (d(2023, 1, 1), d(2023, 12, 31)))


@given(st.integers(2000, 2100), st.sampled_from(["PO", "VO"]))
def test_teldatum_ligt_altijd_voor_de_periode_en_de_perioden_sluiten_aan(jaar, sector):
    op = regels.teldatum(jaar, sector)
    begin, eind = regels.begrotingsperiode(jaar, sector)
    assert op < begin <= eind
    # Consecutive budgets cover time without gap or overlap, and count on ever later dates.
    assert regels.begrotingsperiode(jaar + 1, sector)[0] == eind + dt.timedelta(days=1)
    assert regels.teldatum(jaar + 1, sector) > op
    # Growth is measured after the count date and before the period starts, and not again the next year.
    van, tot = regels.groeivenster(jaar, sector)
    assert van == op and op <= tot < begin
    assert tot <= regels.teldatum(jaar + 1, sector)


def test_ontbrekend_normbedrag_noemt_jaar_sector_en_onderdelen():
    with pytest.raises(regels.OntbrekendNormbedrag) as e:
        regels.begroting(regels.Invoer(2015, "VO", 2000), VO_2015)
    assert (e.value.jaar, e.value.sector, e.value.componenten) == (2015, "VO", ["licht"])
    assert "2015" in str(e.value) and "VO" in str(e.value) and "licht" in str(e.value)
    # 2024 has only the SBO and SO amounts: licht and zwaar are missing, both named.
    met_2024 = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2024()}
    with pytest.raises(regels.OntbrekendNormbedrag, match="2024.*licht, zwaar") as e:
        regels.begroting(regels.Invoer(2024, "PO", 100), met_2024)
    assert e.value.componenten == ["licht", "zwaar"]


def test_ontbrekend_tarief_voor_een_leerling_is_geen_nul():
    """A PO SWV with a VSO pupil: PO has no VSO rate; the budget says so instead of deducting 0."""
    with pytest.raises(regels.OntbrekendNormbedrag, match="vso_midden"):
        regels.begroting(regels.Invoer(2015, "PO", 100, [_sp("V", "vso", "midden")]), PO_2015)
    with pytest.raises(regels.OntbrekendNormbedrag, match="vso_laag"):
        regels.begroting(regels.Invoer(2015, "PO", 100, groei=[_sp("V", "vso", "laag")]), PO_2015)


# ------------------------------------------------------------------------------------------------------------
# Distribution: by hand
# ------------------------------------------------------------------------------------------------------------

SCHOLEN = [regels.School(1, "De Linde", 10, "Bestuur A", 300, D("4000")),
           regels.School(2, "De Eik", 10, "Bestuur A", 100, D("0")),
           regels.School(3, "Het Anker", 20, "Bestuur B", 100, D("1000"))]


def test_schoolmodel_met_vaste_voet_met_de_hand():
    # 100.000,00; apparaat 5 % = 5.000,00; voet 3 × 2.000,00 = 6.000,00; 89.000,00 over 500 pupils:
    # 300/500 = 53.400,00, 100/500 = 17.800,00 each.
    v = regels.verdeel(D("100000.00"), SCHOLEN, "school", apparaat_procent=D(5), vaste_voet_per_school=D(2000))
    assert v.per_school == {1: D("55400.00"), 2: D("19800.00"), 3: D("19800.00")}
    assert v.swv == D("5000.00")
    assert v.per_bestuur(SCHOLEN) == {10: D("75200.00"), 20: D("19800.00")}


def test_leerlingmodel_en_expertisemodel_met_de_hand():
    v = regels.verdeel(D("100000.00"), SCHOLEN, "leerling", apparaat_procent=D(5))
    assert v.per_school == {1: D("4000.00"), 2: D("0.00"), 3: D("1000.00")} and v.swv == D("95000.00")
    # Only 4.750,00 available after 5 %: arrangements 4.000 + 1.000 scaled by 0,95.
    v = regels.verdeel(D("5000.00"), SCHOLEN, "leerling", apparaat_procent=D(5))
    assert v.per_school == {1: D("3800.00"), 2: D("0.00"), 3: D("950.00")} and v.swv == D("250.00")
    v = regels.verdeel(D("5000.00"), SCHOLEN, "expertise", apparaat_procent=D(5))
    assert set(v.per_school.values()) == {0} and v.swv == D("5000.00")


def test_hybride_met_de_hand():
    # 100.000 − 5 % = 95.000: school 50 % = 47.500 by pupils (28.500 / 9.500 / 9.500); leerling 25 % = 23.750
    # of which arrangements take 5.000; expertise 25 % stays. Schools: 32.500 / 9.500 / 10.500; SWV 47.500.
    v = regels.verdeel(D("100000.00"), SCHOLEN, "hybride", apparaat_procent=D(5),
                       hybride={"school": D(50), "leerling": D(25), "expertise": D(25)})
    assert v.per_school == {1: D("32500.00"), 2: D("9500.00"), 3: D("10500.00")}
    assert v.swv == D("47500.00")


def test_negatief_budget_verdeelt_niets():
    v = regels.verdeel(D("-1234.56"), SCHOLEN, "school")
    assert set(v.per_school.values()) == {0} and v.swv == D("-1234.56") and v.totaal == D("-1234.56")


# ------------------------------------------------------------------------------------------------------------
# Distribution: properties
# ------------------------------------------------------------------------------------------------------------

centen = st.integers(min_value=-10**8, max_value=10**10).map(lambda c: D(c) / 100)
procent = st.integers(min_value=0, max_value=10_000).map(lambda c: D(c) / 100)  # 0,00 .. 100,00


@st.composite
def scholen_st(draw, max_size=12):
    n = draw(st.integers(min_value=0, max_value=max_size))
    return [regels.School(i, f"School {i}", draw(st.integers(1, 4)), "B", draw(st.integers(0, 5000)),
                          D(draw(st.integers(min_value=0, max_value=5_000_000))) / 100)
            for i in range(1, n + 1)]


@st.composite
def hybride_st(draw):
    """Three shares in cents of a percent summing to exactly 100."""
    a = draw(st.integers(0, 10_000))
    b = draw(st.integers(0, 10_000 - a))
    return {"school": D(a) / 100, "leerling": D(b) / 100, "expertise": D(10_000 - a - b) / 100}


MODELLEN = ("school", "expertise", "leerling", "hybride")
SNEL = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SNEL
@given(bedrag=centen, scholen=scholen_st(), model=st.sampled_from(MODELLEN), apparaat=procent,
       voet=st.integers(0, 20_000).map(D), hybride=hybride_st())
@example(bedrag=D(0), scholen=[regels.School(1, "A", 1, "B", 10)], model="school", apparaat=D(0), voet=D(0),
         hybride={"school": D(50), "leerling": D(25), "expertise": D(25)})
@example(bedrag=D("-0.01"), scholen=[regels.School(1, "A", 1, "B", 10)], model="hybride", apparaat=D(5), voet=D(0),
         hybride={"school": D(50), "leerling": D(25), "expertise": D(25)})
@example(bedrag=D("0.01"), scholen=[regels.School(1, "A", 1, "B", 0), regels.School(2, "B", 2, "B", 0)],
         model="school", apparaat=D(0), voet=D(1), hybride={"school": D(100), "leerling": D(0), "expertise": D(0)})
def test_verdeling_telt_precies_op_en_niemand_krijgt_negatief(bedrag, scholen, model, apparaat, voet, hybride):
    v = regels.verdeel(bedrag, scholen, model, apparaat_procent=apparaat, vaste_voet_per_school=voet, hybride=hybride)
    assert sum(v.per_school.values(), D(0)) + v.swv == bedrag
    assert v.totaal == bedrag
    assert set(v.per_school) == {s.school_id for s in scholen}
    assert all(b >= 0 for b in v.per_school.values())
    assert all(b == b.quantize(D("0.01")) for b in v.per_school.values())
    if bedrag >= 0:
        assert v.swv >= 0
    # The besturen's totals are the schools' totals.
    assert sum(v.per_bestuur(scholen).values(), D(0)) == sum(v.per_school.values(), D(0))
    if model == "expertise" or bedrag <= 0:
        assert all(b == 0 for b in v.per_school.values())


@SNEL
@given(bedrag=centen, scholen=scholen_st(), apparaat=procent, voet=st.integers(0, 20_000).map(D))
def test_schoolmodel_meer_leerlingen_nooit_minder_geld(bedrag, scholen, apparaat, voet):
    v = regels.verdeel(bedrag, scholen, "school", apparaat_procent=apparaat, vaste_voet_per_school=voet)
    for a in scholen:
        for b in scholen:
            if a.leerlingen > b.leerlingen:
                assert v.per_school[a.school_id] >= v.per_school[b.school_id]
            if a.leerlingen == b.leerlingen:
                assert abs(v.per_school[a.school_id] - v.per_school[b.school_id]) <= D("0.01")


@SNEL
@given(bedrag=centen, scholen=scholen_st(), apparaat=procent, voet=st.integers(0, 20_000).map(D),
       hybride=hybride_st(), verschuif=st.integers(1, 10_000).map(lambda c: D(c) / 100))
def test_meer_schooldeel_in_hybride_nooit_minder_naar_de_besturen(bedrag, scholen, apparaat, voet, hybride,
                                                                   verschuif):
    """Moving part of the expertise share to the school share never lowers what the besturen receive."""
    assume(hybride["expertise"] > 0)
    verschuif = min(verschuif, hybride["expertise"])
    meer = {**hybride, "school": hybride["school"] + verschuif, "expertise": hybride["expertise"] - verschuif}
    voor = regels.verdeel(bedrag, scholen, "hybride", apparaat_procent=apparaat, vaste_voet_per_school=voet,
                          hybride=hybride)
    na = regels.verdeel(bedrag, scholen, "hybride", apparaat_procent=apparaat, vaste_voet_per_school=voet,
                        hybride=meer)
    assert sum(na.per_school.values(), D(0)) >= sum(voor.per_school.values(), D(0))
    assert na.swv <= voor.swv


@SNEL
@given(bedrag=centen, scholen=scholen_st(), apparaat=procent)
def test_leerlingmodel_geeft_hoogstens_de_arrangementen(bedrag, scholen, apparaat):
    v = regels.verdeel(bedrag, scholen, "leerling", apparaat_procent=apparaat)
    for s in scholen:
        assert v.per_school[s.school_id] <= s.arrangementen
    beschikbaar = bedrag - regels.cent(bedrag * apparaat / 100)
    if bedrag > 0 and sum((s.arrangementen for s in scholen), D(0)) <= beschikbaar:
        assert all(v.per_school[s.school_id] == s.arrangementen for s in scholen)  # everything fits: all paid


@SNEL
@given(bedrag=st.integers(min_value=1, max_value=10**10).map(lambda c: D(c) / 100),
       gewichten=st.dictionaries(st.integers(0, 50), st.integers(0, 10**6), min_size=1, max_size=20))
def test_verdeel_in_centen_telt_precies_op(bedrag, gewichten):
    assume(sum(gewichten.values()) > 0)
    delen = regels.verdeel_in_centen(bedrag, gewichten)
    assert set(delen) == set(gewichten)
    assert sum(delen.values(), D(0)) == bedrag
    totaal = sum(gewichten.values())
    for k, g in gewichten.items():
        exact = bedrag * g / totaal
        assert delen[k] >= 0 and abs(delen[k] - exact) < D("0.01")


def test_verdeel_in_centen_zonder_gewicht_of_bedrag_geeft_niets():
    assert regels.verdeel_in_centen(D("10.00"), {1: 0, 2: 0}) == {1: 0, 2: 0}
    assert regels.verdeel_in_centen(D("0"), {1: 5}) == {1: 0}


# ------------------------------------------------------------------------------------------------------------
# Reserves and forecast: properties
# ------------------------------------------------------------------------------------------------------------

baten = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c) / 100)


@SNEL
@given(a=baten, b=baten, minimum=st.integers(0, 10**6).map(D), pct=procent)
def test_signaleringswaarde_minstens_minimum_en_stijgend_in_baten(a, b, minimum, pct):
    laag, hoog = sorted((a, b))
    wl = regels.signaleringswaarde(laag, minimum=minimum, procent=pct)
    wh = regels.signaleringswaarde(hoog, minimum=minimum, procent=pct)
    assert wl >= minimum and wh >= minimum
    assert wl <= wh


def test_signaleringswaarde_met_de_hand():
    # max(250.000; 3,5 % × 10.000.000 = 350.000)
    assert regels.signaleringswaarde(D("10000000")) == D("350000.00")
    assert regels.signaleringswaarde(D("1000000")) == D("250000.00")
    assert regels.boven_signaleringswaarde(D("400000"), D("350000.00")) == D("50000.00")
    assert regels.boven_signaleringswaarde(D("300000"), D("350000.00")) == 0


@SNEL
@given(leerlingen=st.integers(0, 50_000), jaren=st.integers(1, 5),
       tlvs=st.lists(st.tuples(st.sampled_from(["sbo", "so"]), st.sampled_from(["laag", "midden", "hoog"]),
                               st.dates(dt.date(2000, 1, 1), dt.date(2011, 12, 31))), max_size=30))
@example(leerlingen=10, jaren=3, tlvs=[("so", "hoog", dt.date(2008, 2, 29)), ("so", "laag", dt.date(2006, 2, 2))])
def test_prognose_zonder_groei_en_indexatie_is_elk_jaar_dit_jaar(leerlingen, jaren, tlvs):
    """No growth and no indexation: every forecast year is this year's budget, pupils younger than 8 included
    (the mix of ages stays). The vangnet is this year's growth after the count date: not repeated."""
    speciaal = [_sp(f"T{i}", soort, cat if soort == "so" else "", geboren)
                for i, (soort, cat, geboren) in enumerate(tlvs)]
    invoer = regels.Invoer(2015, "PO", leerlingen, speciaal)
    nu = regels.begroting(invoer, PO_2015)
    later = regels.prognose(invoer, PO_2015, jaren, groei_leerlingen_procent=D(0), groei_tlv_procent=D(0),
                            indexatie_procent=D(0))
    assert [b.jaar for b in later] == list(range(2016, 2016 + jaren))
    for b in later:
        assert (b.bruto, b.totaal_aftrek, b.vrij, b.licht_tekort) == (nu.bruto, nu.totaal_aftrek, nu.vrij,
                                                                      nu.licht_tekort)
        assert {r.component: r.aantal for r in b.aftrek} == {r.component: r.aantal for r in nu.aftrek}


def test_prognose_met_groei_en_indexatie_met_de_hand():
    # 1000 pupils, −1 %/year → 990 in year 1; rates +2 %: licht 156,61 × 1,02 = 159,7422 → 159,74;
    # zwaar 318,83 × 1,02 = 325,2066 → 325,21. Income 990 × 159,74 = 158.142,60 + 990 × 325,21 = 321.957,90.
    [b] = regels.prognose(regels.Invoer(2015, "PO", 1000), PO_2015, 1, groei_leerlingen_procent=D(-1),
                          groei_tlv_procent=D(0), indexatie_procent=D(2))
    assert b.jaar == 2016 and b.bruto == D("158142.60") + D("321957.90")
