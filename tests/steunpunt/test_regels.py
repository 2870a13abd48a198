"""The Steunpunt's pure rules: small-cell suppression above all (no figure below 5 ever leaves an SWV, also not
through differences of totals), and the periods, waiting list, reminders and response times."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passend.steunpunt import regels

AMS = ZoneInfo("Europe/Amsterdam")

tabellen = st.integers(1, 7).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 40), min_size=k, max_size=k), min_size=1, max_size=9))


@settings(max_examples=300, deadline=None)
@given(tabellen)
def test_geen_getoond_getal_onder_de_vijf(tabel):
    o = regels.onderdruk(tabel)
    for i in range(o.rijen + 1):
        for j in range(o.kolommen + 1):
            w = o.toon(i, j)
            assert w is None or w >= 5


@settings(max_examples=300, deadline=None)
@given(tabellen)
def test_geen_verborgen_cel_terug_te_rekenen_uit_een_rij_of_kolom(tabel):
    """Each row and column (with its total) has no hidden entry, or at least two: subtracting the shown
    entries from a shown total never gives a hidden one."""
    o = regels.onderdruk(tabel)
    r, k = o.rijen, o.kolommen
    for i in range(r + 1):
        assert sum((i, j) in o.verborgen for j in range(k + 1)) != 1
    for j in range(k + 1):
        assert sum((i, j) in o.verborgen for i in range(r + 1)) != 1


@settings(max_examples=200, deadline=None)
@given(tabellen)
def test_getoonde_waarden_zijn_de_echte_aantallen(tabel):
    o = regels.onderdruk(tabel)
    volledig = regels.met_marges(tabel)
    for i in range(o.rijen + 1):
        for j in range(o.kolommen + 1):
            if o.toon(i, j) is not None:
                assert o.toon(i, j) == volledig[i][j]


def test_een_kleine_cel_verbergt_ook_een_tweede_in_dezelfde_rij():
    # SWV 1: 2 SBO, 10 SO, 20 PrO (total 32). Showing 10, 20 and 32 would give the 2 back.
    o = regels.onderdruk([[2, 10, 20], [30, 40, 50]])
    assert o.toon(0, 0) is None
    assert o.toon(0, 1) is None  # the smallest other cell of the row, hidden as well
    assert o.toon(0, 3) == 32  # the total stays readable
    # ... and in the SBO column another cell hides too, or the column total would give it back.
    assert o.toon(1, 0) is None or o.toon(2, 0) is None


def test_nul_is_ook_een_kleine_cel():
    o = regels.onderdruk([[0, 12], [9, 8]])
    assert o.toon(0, 0) is None


def test_grote_tabel_verbergt_niets():
    o = regels.onderdruk([[10, 20], [30, 40]])
    assert o.verborgen == frozenset()
    assert o.toon(2, 2) == 100


def test_ongeldige_tabel():
    with pytest.raises(ValueError):
        regels.onderdruk([[1, 2], [3]])
    with pytest.raises(ValueError):
        regels.onderdruk([[-1, 6]])


def test_per_duizend_alleen_bij_getoond_aantal():
    assert regels.per_duizend(12, 4000) == 3.0
    assert regels.per_duizend(None, 4000) is None
    assert regels.per_duizend(12, 0) is None


def test_mediaan_alleen_over_getoonde_waarden():
    assert regels.mediaan([1.0, None, 3.0, 5.0]) == 3.0
    assert regels.mediaan([1.0, None, None]) is None  # fewer than 3 shown values


def test_schooljaar():
    assert regels.schooljaar_van(dt.date(2026, 7, 31)) == 2025
    assert regels.schooljaar_van(dt.date(2026, 8, 1)) == 2026
    assert regels.schooljaar_grenzen(2026) == (dt.date(2026, 8, 1), dt.date(2027, 7, 31))
    assert regels.afgeronde_schooljaren(dt.date(2026, 12, 5), 3) == [2023, 2024, 2025]
    assert regels.afgeronde_schooljaren(dt.date(2026, 7, 31), 1) == [2024]  # 2025-2026 runs until 31 July
    assert regels.afgeronde_schooljaren(dt.date(2026, 8, 1), 1) == [2025]


def test_wachtlijst():
    assert regels.plaats_of_wachtlijst(2, 0) == "geplaatst"
    assert regels.plaats_of_wachtlijst(2, 1) == "geplaatst"
    assert regels.plaats_of_wachtlijst(2, 2) == "wachtlijst"


def test_herinnering_eenmaal_in_de_dagen_ervoor():
    begin = dt.datetime(2026, 12, 10, 14, 0, tzinfo=AMS)
    assert not regels.herinnering_nu(begin, begin - dt.timedelta(days=3), 2, False)
    assert regels.herinnering_nu(begin, begin - dt.timedelta(days=1), 2, False)
    assert not regels.herinnering_nu(begin, begin - dt.timedelta(days=1), 2, True)
    assert not regels.herinnering_nu(begin, begin + dt.timedelta(hours=1), 2, False)


def test_werkdagen_tellen_het_weekend_niet():
    vrijdag = dt.datetime(2026, 12, 4, 12, 0, tzinfo=AMS)
    maandag = dt.datetime(2026, 12, 7, 12, 0, tzinfo=AMS)
    assert regels.werkdagen_tussen(vrijdag, maandag) == 1.0
    assert regels.werkdagen_tussen(maandag, vrijdag) == 0.0


def test_reactie_op_tijd():
    gesteld = dt.datetime(2026, 11, 2, 9, 0, tzinfo=AMS)  # a Monday
    assert regels.reactie_op_tijd(gesteld, gesteld + dt.timedelta(days=4), gesteld, 5) is True
    assert regels.reactie_op_tijd(gesteld, gesteld + dt.timedelta(days=14), gesteld, 5) is False
    assert regels.reactie_op_tijd(gesteld, None, gesteld + dt.timedelta(days=2), 5) is None
    assert regels.reactie_op_tijd(gesteld, None, gesteld + dt.timedelta(days=10), 5) is False


def test_signalen():
    assert regels.stijgend_thema(6, 2, 3, 1.5)
    assert not regels.stijgend_thema(2, 0, 3, 1.5)  # too few
    assert not regels.stijgend_thema(6, 5, 3, 1.5)  # not enough growth
    assert regels.beweging(15.0, 10.0, 25) == 50.0
    assert regels.beweging(11.0, 10.0, 25) is None
    assert regels.beweging(None, 10.0, 25) is None
