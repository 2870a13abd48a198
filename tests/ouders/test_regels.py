"""Property tests for the portal's date rule (ouders/regels.py): the age on any day, and whether a pupil may get
an own account, across year ends and 29 February. No database: regels.py is pure."""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from passend.ouders import regels

datums = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
ruim = settings(deadline=None)


def _verjaardag(geboren: dt.date, jaar: int) -> dt.date:
    """The birthday in `jaar`; someone born on 29 February has it on 1 March in other years."""
    try:
        return geboren.replace(year=jaar)
    except ValueError:
        return dt.date(jaar, 3, 1)


@ruim
@given(datums, st.integers(min_value=0, max_value=30))
@example(dt.date(2008, 2, 29), 16)
@example(dt.date(2009, 12, 31), 16)
@example(dt.date(2010, 1, 1), 16)
def test_leeftijd_gaat_precies_op_de_verjaardag_omhoog(geboren, jaren):
    dag = _verjaardag(geboren, geboren.year + jaren)
    assert regels.leeftijd(geboren, dag) == jaren
    assert regels.leeftijd(geboren, dag - dt.timedelta(days=1)) == jaren - 1


@ruim
@given(datums, datums)
def test_leeftijd_loopt_nooit_terug(geboren, peil):
    later = peil + dt.timedelta(days=1)
    assert regels.leeftijd(geboren, later) - regels.leeftijd(geboren, peil) in (0, 1)


@ruim
@given(datums, st.integers(min_value=12, max_value=18), st.integers(min_value=-400, max_value=400), st.booleans())
@example(dt.date(2008, 2, 29), 16, 0, True)
@example(dt.date(2008, 2, 29), 16, -1, True)
def test_eigen_account_vanaf_de_verjaardag_en_alleen_als_het_swv_het_toestaat(geboren, minimum, dagen, toegestaan):
    dag = _verjaardag(geboren, geboren.year + minimum) + dt.timedelta(days=dagen)
    mag = regels.mag_eigen_account(geboren, dag, toegestaan=toegestaan, minimumleeftijd=minimum)
    assert mag == (toegestaan and dagen >= 0)


@pytest.mark.parametrize(("geboren", "op", "mag"), [
    (dt.date(2010, 3, 1), dt.date(2026, 2, 28), False),
    (dt.date(2010, 3, 1), dt.date(2026, 3, 1), True),
    (dt.date(2008, 2, 29), dt.date(2024, 2, 28), False),   # leap-day child: 16 on 29 February 2024
    (dt.date(2008, 2, 29), dt.date(2024, 2, 29), True),
    (dt.date(2012, 2, 29), dt.date(2028, 2, 29), True),
    (dt.date(2012, 2, 29), dt.date(2027, 2, 28), False),    # not a leap year: turns 15 on 1 March
    (dt.date(2009, 12, 31), dt.date(2025, 12, 31), True),   # over the year end
    (dt.date(2009, 12, 31), dt.date(2025, 12, 30), False),
])
def test_eigen_account_voorbeelden(geboren, op, mag):
    assert regels.mag_eigen_account(geboren, op, toegestaan=True, minimumleeftijd=16) is mag
    assert regels.mag_eigen_account(geboren, op, toegestaan=False, minimumleeftijd=16) is False
