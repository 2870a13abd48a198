"""Property tests for the rules of the thuiszitters register (regels.py): the duration classes, who counts as a
thuiszitter, calendar months, the reference dates and the small-number rule. No database: regels.py is pure."""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from passend.thuiszitters import regels

datums = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2095, 12, 31))
dagen = st.integers(min_value=0, max_value=800)
ruim = settings(deadline=None)
DAG = dt.timedelta(days=1)
VOLGORDE = list(regels.DUURKLASSEN)  # KORT < VIER_WEKEN_DRIE_MAANDEN < LANG
CATEGORIEEN = ("absoluut", "relatief", "vrijstelling_5a", "vrijstelling_5b", "vrijstelling_5c", "vrijstelling_art5a",
               "vrijstelling_11g", "vrijstelling_15", "dreigend")


# ------------------------------------------------------------------------------------------------------------
# plus_maanden
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.integers(min_value=-36, max_value=36))
@example(dt.date(2024, 1, 31), 1)
@example(dt.date(2023, 1, 31), 1)
@example(dt.date(2024, 2, 29), 12)
@example(dt.date(2024, 3, 31), -1)
def test_plus_maanden_is_dezelfde_dag_of_het_eind_van_de_maand(d, maanden):
    uit = regels.plus_maanden(d, maanden)
    assert (uit.year * 12 + uit.month) - (d.year * 12 + d.month) == maanden
    if uit.day != d.day:
        # Clipped: only when the target month is shorter, and then to its last day.
        assert uit.day < d.day and (uit + DAG).day == 1


@pytest.mark.parametrize("d, maanden, verwacht", [
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year
    (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
    (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
    (dt.date(2024, 1, 31), 3, dt.date(2024, 4, 30)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2025, 12, 15), 3, dt.date(2026, 3, 15)),  # over a year end
    (dt.date(2026, 3, 31), -24, dt.date(2024, 3, 31)),
])
def test_plus_maanden_bekende_data(d, maanden, verwacht):
    assert regels.plus_maanden(d, maanden) == verwacht


@ruim
@given(datums, datums, st.integers(min_value=0, max_value=24))
def test_plus_maanden_houdt_de_volgorde(a, b, maanden):
    a, b = min(a, b), max(a, b)
    assert regels.plus_maanden(a, maanden) <= regels.plus_maanden(b, maanden)


# ------------------------------------------------------------------------------------------------------------
# Duration classes
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, dagen, dagen)
def test_duurklasse_loopt_alleen_op_met_de_peildatum(start, a, b):
    a, b = min(a, b), max(a, b)
    eerder = regels.duurklasse(start, start + dt.timedelta(days=a))
    later = regels.duurklasse(start, start + dt.timedelta(days=b))
    assert VOLGORDE.index(eerder) <= VOLGORDE.index(later)


@ruim
@given(datums)
@example(dt.date(2024, 1, 31))
@example(dt.date(2023, 12, 31))
@example(dt.date(2024, 2, 29))
def test_grens_van_4_weken_is_precies_28_dagen(start):
    assert regels.duurklasse(start, start + dt.timedelta(days=27)) == regels.KORT
    assert regels.duurklasse(start, start + dt.timedelta(days=28)) == regels.VIER_WEKEN_DRIE_MAANDEN
    assert regels.duurklasse(start, start + dt.timedelta(weeks=4)) == regels.VIER_WEKEN_DRIE_MAANDEN


@ruim
@given(datums)
@example(dt.date(2024, 1, 31))  # + 3 months = 30 April
@example(dt.date(2023, 11, 30))  # + 3 months = 29 February 2024
@example(dt.date(2022, 11, 30))  # + 3 months = 28 February 2023
@example(dt.date(2024, 2, 29))
def test_grens_van_3_maanden_is_drie_kalendermaanden(start):
    grens = regels.plus_maanden(start, 3)
    assert regels.duurklasse(start, grens) == regels.VIER_WEKEN_DRIE_MAANDEN
    assert regels.duurklasse(start, grens + DAG) == regels.LANG


@pytest.mark.parametrize("start, peildatum, klasse", [
    (dt.date(2024, 1, 31), dt.date(2024, 4, 30), regels.VIER_WEKEN_DRIE_MAANDEN),
    (dt.date(2024, 1, 31), dt.date(2024, 5, 1), regels.LANG),
    (dt.date(2023, 11, 30), dt.date(2024, 2, 29), regels.VIER_WEKEN_DRIE_MAANDEN),
    (dt.date(2023, 11, 30), dt.date(2024, 3, 1), regels.LANG),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 28), regels.KORT),  # 27 days
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29), regels.VIER_WEKEN_DRIE_MAANDEN),  # 28 days
])
def test_duurklasse_bekende_data(start, peildatum, klasse):
    assert regels.duurklasse(start, peildatum) == klasse


# ------------------------------------------------------------------------------------------------------------
# Who is a thuiszitter
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(st.sampled_from(CATEGORIEEN), datums, st.integers(min_value=-60, max_value=400))
def test_telt_als_thuiszitter(categorie, start, verschil):
    peildatum = start + dt.timedelta(days=verschil)
    telt = regels.telt_als_thuiszitter(categorie, start, peildatum)
    if categorie == "absoluut":
        assert telt == (verschil >= 0)  # from the first day
    elif categorie == "relatief":
        assert telt == (verschil >= 28)  # after 4 weeks
    else:
        assert not telt  # vrijstellingen and threatened thuiszitters are registered, not counted


@ruim
@given(st.sampled_from(("absoluut", "relatief")), datums, dagen, dagen)
def test_eens_thuiszitter_blijft_thuiszitter_zolang_de_melding_loopt(categorie, start, a, b):
    a, b = min(a, b), max(a, b)
    if regels.telt_als_thuiszitter(categorie, start, start + dt.timedelta(days=a)):
        assert regels.telt_als_thuiszitter(categorie, start, start + dt.timedelta(days=b))


# ------------------------------------------------------------------------------------------------------------
# Reference dates
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("instelling", ["", " , ", "1-13", "32-01", "abc", "01/04", "01-04-2025", "01-", "-04"])
def test_peildata_fout_geeft_een_nederlandse_melding(instelling):
    with pytest.raises(ValueError) as e:
        regels.peildata(2025, instelling)
    assert "peildat" in str(e.value).lower()


def test_29_februari_alleen_in_een_schrikkeljaar():
    assert regels.peildata(2024, "29-02") == [dt.date(2024, 2, 29)]
    with pytest.raises(ValueError, match="Ongeldige peildatum '29-02'"):
        regels.peildata(2025, "29-02")


def test_peildata_gesorteerd_en_spaties_mogen():
    assert regels.peildata(2026, " 01-10, 1-4 ,01-01") == [dt.date(2026, 1, 1), dt.date(2026, 4, 1), dt.date(2026, 10, 1)]


@ruim
@given(datums)
@example(dt.date(2026, 1, 1))
@example(dt.date(2025, 12, 31))
def test_laatste_peildatum_is_de_laatste_op_of_voor_de_dag(op):
    instelling = "01-01,01-04,01-07,01-10"
    p = regels.laatste_peildatum(op, instelling)
    assert p <= op and p.day == 1 and p.month in (1, 4, 7, 10)
    volgende = regels.plus_maanden(p, 3)
    assert volgende > op  # nothing in between


# ------------------------------------------------------------------------------------------------------------
# Small numbers and other figures
# ------------------------------------------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=100_000))
def test_klein(n):
    uit = regels.klein(n)
    if n == 0:
        assert uit == 0
    elif n < 5:
        assert uit == "<5"
    else:
        assert uit == n


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=2, max_value=10))
def test_klein_met_andere_drempel(n, drempel):
    assert (regels.klein(n, drempel) == regels.KLEIN_LABEL) == (0 < n < drempel)


def test_per_duizend_en_mediaan():
    assert regels.per_duizend(7, 1000) == 7.0
    assert regels.per_duizend(3, 12_345) == 0.2
    assert regels.per_duizend(3, 0) is None
    assert regels.mediaan_dagen([]) is None
    assert regels.mediaan_dagen([30, 10, 20]) == 20
    assert regels.mediaan_dagen([10, 20, 30, 40]) == 25
