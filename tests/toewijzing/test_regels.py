"""Property tests for every date rule in regels.py, with the known dates of the Dutch calendar as anchors.

No database: regels.py is pure.
"""

import datetime as dt
import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from passend.toewijzing import regels

datums = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
schooljaren = st.integers(min_value=1, max_value=8)
DAG = dt.timedelta(days=1)
# Pure functions, microseconds each; no deadline, so a busy CI machine cannot make them flaky.
ruim = settings(deadline=None)


def _werkdag(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in regels.feestdagen(d.year)


# ------------------------------------------------------------------------------------------------------------
# School years
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums)
def test_schooljaar_loopt_van_1_augustus_tot_31_juli(d):
    jaar = regels.schooljaar(d)
    assert dt.date(jaar, 8, 1) <= d <= regels.einde_schooljaar(jaar)
    assert regels.einde_schooljaar(jaar) == dt.date(jaar + 1, 7, 31)
    # The next day is in the same school year, except after 31 July.
    volgende = regels.schooljaar(d + DAG)
    assert volgende == (jaar + 1 if (d.month, d.day) == (7, 31) else jaar)


@pytest.mark.parametrize(("datum", "jaar"), [
    (dt.date(2026, 7, 31), 2025), (dt.date(2026, 8, 1), 2026), (dt.date(2027, 1, 15), 2026),
    (dt.date(2026, 12, 31), 2026), (dt.date(2027, 1, 1), 2026),
])
def test_schooljaar_voorbeelden(datum, jaar):
    assert regels.schooljaar(datum) == jaar


# ------------------------------------------------------------------------------------------------------------
# Holidays and the Algemene termijnenwet
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("jaar", "pasen"), [
    (2019, dt.date(2019, 4, 21)), (2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)),
    (2026, dt.date(2026, 4, 5)), (2027, dt.date(2027, 3, 28)), (2038, dt.date(2038, 4, 25)),
])
def test_paasdatum(jaar, pasen):
    assert regels._pasen(jaar) == pasen
    feest = regels.feestdagen(jaar)
    assert pasen + DAG in feest  # tweede Paasdag
    assert pasen + dt.timedelta(days=39) in feest  # Hemelvaartsdag (a Thursday)
    assert pasen + dt.timedelta(days=50) in feest  # tweede Pinksterdag


@ruim
@given(st.integers(min_value=1900, max_value=2199))
def test_pasen_is_een_zondag_tussen_22_maart_en_25_april(jaar):
    pasen = regels._pasen(jaar)
    assert pasen.weekday() == 6
    assert dt.date(jaar, 3, 22) <= pasen <= dt.date(jaar, 4, 25)
    feest = regels.feestdagen(jaar)
    assert (pasen + dt.timedelta(days=39)).weekday() == 3
    assert (pasen + dt.timedelta(days=50)).weekday() == 0
    assert {dt.date(jaar, 1, 1), dt.date(jaar, 5, 5), dt.date(jaar, 12, 25), dt.date(jaar, 12, 26)} <= feest
    # Koningsdag: 27 April, or the 26th when the 27th is a Sunday.
    zondag = dt.date(jaar, 4, 27).weekday() == 6
    assert (dt.date(jaar, 4, 26) if zondag else dt.date(jaar, 4, 27)) in feest
    assert (dt.date(jaar, 4, 27) in feest) is not zondag
    assert 7 <= len(feest) <= 8  # Hemelvaartsdag can fall on 5 May (2005, 2016)


def test_koningsdag():
    assert dt.date(2025, 4, 26) in regels.feestdagen(2025)  # 27 April 2025 is a Sunday
    assert dt.date(2025, 4, 27) not in regels.feestdagen(2025)
    assert dt.date(2026, 4, 27) in regels.feestdagen(2026)
    assert dt.date(2014, 4, 26) in regels.feestdagen(2014)


@ruim
@given(datums)
def test_termijnenwet_geeft_de_eerste_werkdag_vanaf_de_laatste_dag(d):
    uit = regels.termijnenwet(d)
    assert uit >= d
    assert _werkdag(uit)
    # Never more than a few days on (the longest run: Christmas on a Friday or Easter Monday after a weekend).
    assert (uit - d).days <= 4
    # Every day skipped was a weekend day or a holiday.
    assert all(not _werkdag(d + DAG * i) for i in range((uit - d).days))
    if _werkdag(d):
        assert uit == d


def test_termijnenwet_voorbeelden():
    assert regels.termijnenwet(dt.date(2026, 3, 7)) == dt.date(2026, 3, 9)  # Saturday -> Monday
    assert regels.termijnenwet(dt.date(2026, 4, 5)) == dt.date(2026, 4, 7)  # Easter Sunday -> Tuesday
    assert regels.termijnenwet(dt.date(2026, 12, 25)) == dt.date(2026, 12, 28)  # Christmas Friday -> Monday
    assert regels.termijnenwet(dt.date(2025, 4, 26)) == dt.date(2025, 4, 28)  # Koningsdag Saturday
    assert regels.termijnenwet(dt.date(2026, 5, 5)) == dt.date(2026, 5, 6)  # Bevrijdingsdag
    assert regels.termijnenwet(dt.date(2026, 3, 10)) == dt.date(2026, 3, 10)


# ------------------------------------------------------------------------------------------------------------
# Objection term and the LBT
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums)
def test_bezwaartermijn_is_zes_weken_verlengd_tot_een_werkdag(besluit):
    einde = regels.bezwaartermijn_einde(besluit)
    zes_weken = besluit + dt.timedelta(days=42)
    assert einde >= zes_weken
    assert _werkdag(einde)
    assert (einde - zes_weken).days <= 4
    if _werkdag(zes_weken):
        assert einde == zes_weken
    assert regels.bezwaar_tijdig(besluit, einde)
    assert not regels.bezwaar_tijdig(besluit, einde + DAG)


def test_bezwaartermijn_voorbeelden():
    # 42 days after 17 January 2026 is Saturday 28 February: the term runs to Monday 2 March.
    assert (dt.date(2026, 1, 17) + dt.timedelta(days=42)).weekday() == 5
    assert regels.bezwaartermijn_einde(dt.date(2026, 1, 17)) == dt.date(2026, 3, 2)
    assert regels.bezwaartermijn_einde(dt.date(2026, 1, 13)) == dt.date(2026, 2, 24)  # a Tuesday, no shift
    # Ending on Easter Monday 2026 (6 April): runs to Tuesday 7 April.
    assert regels.bezwaartermijn_einde(dt.date(2026, 2, 23)) == dt.date(2026, 4, 7)


@ruim
@given(datums, st.integers(min_value=-100, max_value=200), st.integers(min_value=-100, max_value=200))
def test_bezwaar_tijdig_is_monotoon(besluit, a, b):
    eerder, later = sorted((besluit + dt.timedelta(days=a), besluit + dt.timedelta(days=b)))
    # Received earlier is never later than received later.
    assert regels.bezwaar_tijdig(besluit, later) <= regels.bezwaar_tijdig(besluit, eerder)
    # And a later decision never makes an objection on the same day late.
    assert regels.bezwaar_tijdig(besluit, later) <= regels.bezwaar_tijdig(besluit + DAG, later)


@ruim
@given(datums, st.integers(min_value=1, max_value=26))
def test_lbt_verweer_en_beslissing_op_bezwaar(d, weken):
    assert regels.lbt_vragen_uiterlijk(d) == d + dt.timedelta(days=14)
    assert regels.verweer_uiterlijk(d) == d + dt.timedelta(days=14)
    assert regels.beslissing_op_bezwaar_uiterlijk(d) == regels.bezwaartermijn_einde(d) + dt.timedelta(weeks=12)
    assert regels.beslissing_op_bezwaar_uiterlijk(d, weken) == regels.bezwaartermijn_einde(d) + dt.timedelta(weeks=weken)
    assert regels.beslissing_op_bezwaar_uiterlijk(d, weken) > regels.bezwaartermijn_einde(d)


# ------------------------------------------------------------------------------------------------------------
# Decision term
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=26))
def test_besluit_uiterlijk_en_doorlooptijd(ingediend, dagen, weken):
    besloten = ingediend + dt.timedelta(days=dagen)
    assert regels.besluit_uiterlijk(ingediend) == ingediend + dt.timedelta(days=56)
    assert regels.besluit_uiterlijk(ingediend, weken) == ingediend + dt.timedelta(weeks=weken)
    assert regels.doorlooptijd_dagen(ingediend, besloten) == dagen
    assert regels.binnen_termijn(ingediend, besloten, weken) == (dagen <= 7 * weken)


def _uiterlijk_per_dag(ingediend, weken, opschortingen):
    """Reference for Awb 4:15 by counting day by day: the term counts the days after submission; the days
    from the day after a request to complete up to (not including) the day it was completed do not count;
    an open request to complete suspends every day from the day after it."""
    def geschorst(d):
        return any(van < d and (tot is None or d < tot) for van, tot in opschortingen)

    d, geteld = ingediend, 0
    while geteld < 7 * weken:
        d += DAG
        if geschorst(d):
            if any(tot is None and van < d for van, tot in opschortingen):
                return None
            continue
        geteld += 1
    return d


opschorting = st.tuples(st.integers(min_value=0, max_value=120), st.one_of(st.none(), st.integers(0, 60)))


@ruim
@given(datums, st.integers(min_value=1, max_value=12), st.lists(opschorting, max_size=4))
def test_besluit_uiterlijk_telt_opgeschorte_dagen_niet_mee(ingediend, weken, ruwe):
    """Awb 4:15 lid 1 onder a: the same as counting day by day, for any (even overlapping) periods."""
    opschortingen = [(ingediend + dt.timedelta(days=na), None if duur is None else ingediend + dt.timedelta(days=na + duur))
                     for na, duur in ruwe]
    verwacht = _uiterlijk_per_dag(ingediend, weken, opschortingen)
    assert regels.besluit_uiterlijk(ingediend, weken, opschortingen) == verwacht
    zonder = regels.besluit_uiterlijk(ingediend, weken)
    # Suspension only ever moves the deadline later, never earlier.
    assert verwacht is None or verwacht >= zonder


@ruim
@given(datums, st.integers(min_value=0, max_value=55), st.integers(min_value=0, max_value=60),
       st.integers(min_value=0, max_value=200))
def test_een_aanvulling_verschuift_de_termijn_met_de_dagen_ertussen(ingediend, na, duur, besloten_na):
    """A request to complete on day `na` (within the 8 weeks), completed `duur` days later: the deadline moves by
    the days in between (the day after the request up to, not including, the day of completion)."""
    gevraagd = ingediend + dt.timedelta(days=na)
    aangevuld = gevraagd + dt.timedelta(days=duur)
    uiterlijk = regels.besluit_uiterlijk(ingediend, 8, [(gevraagd, aangevuld)])
    assert uiterlijk == ingediend + dt.timedelta(days=56 + max(0, duur - 1))
    # While it is not completed there is no deadline; a decision then is not late.
    assert regels.besluit_uiterlijk(ingediend, 8, [(gevraagd, None)]) is None
    besloten = ingediend + dt.timedelta(days=besloten_na)
    assert regels.binnen_termijn(ingediend, besloten, 8, [(gevraagd, aangevuld)]) == (besloten <= uiterlijk)


@ruim
@given(datums, st.integers(min_value=0, max_value=100), st.one_of(st.none(), st.integers(0, 60)))
def test_een_aanvulling_na_afloop_van_de_termijn_schort_niets_op(ingediend, later, duur):
    """A term that has run out cannot be suspended: a request to complete on or after the last day changes nothing."""
    zonder = regels.besluit_uiterlijk(ingediend, 8)
    gevraagd = zonder + dt.timedelta(days=later)
    tot = None if duur is None else gevraagd + dt.timedelta(days=duur)
    assert regels.besluit_uiterlijk(ingediend, 8, [(gevraagd, tot)]) == zonder


def _uiterlijk_per_dag_met_aanvultermijn(ingediend, weken, opschortingen):
    """Reference for Awb 4:15 lid 1 onder a with the completion term, day by day and independent of
    regels.opschorting_einde: a day d is suspended when the request to complete came before d and, on day d, the
    school had not completed yet (d < aangevuld) and the completion term was not over yet (d < uiterlijk).
    Without either end the suspension is open: no deadline once such a day is reached."""
    def geschorst(d):
        return any(van < d and (tot is None or d < tot) and (uiterste is None or d < uiterste)
                   for van, tot, uiterste in opschortingen)

    def open_(d):
        return any(van < d and tot is None and uiterste is None for van, tot, uiterste in opschortingen)

    d, geteld = ingediend, 0
    while geteld < 7 * weken:
        d += DAG
        if geschorst(d):
            if open_(d):
                return None
            continue
        geteld += 1
    return d


opschorting_met_termijn = st.tuples(st.integers(min_value=0, max_value=120), st.one_of(st.none(), st.integers(0, 60)),
                                    st.one_of(st.none(), st.integers(-3, 60)))


@ruim
@given(datums, st.integers(min_value=1, max_value=12), st.lists(opschorting_met_termijn, max_size=4))
def test_opschorting_duurt_hoogstens_tot_de_aanvultermijn(ingediend, weken, ruwe):
    """Awb 4:15 lid 1 onder a: suspended until completion or until the completion term set has passed unused,
    whichever comes first; the same as counting day by day, for any (even overlapping) periods."""
    def dag(basis, n):
        return None if n is None else basis + dt.timedelta(days=n)

    opschortingen = [(dag(ingediend, na), dag(ingediend, na + duur) if duur is not None else None,
                      dag(ingediend, na + termijn) if termijn is not None else None)
                     for na, duur, termijn in ruwe]
    verwacht = _uiterlijk_per_dag_met_aanvultermijn(ingediend, weken, opschortingen)
    assert regels.besluit_uiterlijk(ingediend, weken, opschortingen) == verwacht
    # A completion term only ever shortens the suspension: never a later deadline than without it.
    zonder_termijn = regels.besluit_uiterlijk(ingediend, weken, [(van, tot) for van, tot, _ in opschortingen])
    assert zonder_termijn is None or verwacht is None or verwacht <= zonder_termijn
    assert verwacht is None or verwacht >= regels.besluit_uiterlijk(ingediend, weken)


@ruim
@given(datums, st.integers(min_value=0, max_value=55), st.integers(min_value=1, max_value=60),
       st.one_of(st.none(), st.integers(min_value=0, max_value=90)))
def test_een_open_aanvulling_met_aanvultermijn_heeft_een_uiterste_besluitdatum(ingediend, na, termijn, aangevuld_na):
    """While the school has not completed, the deadline is the one that holds if it never does (the suspension
    ends with the completion term); completing earlier only moves it forward, later changes nothing."""
    gevraagd = ingediend + dt.timedelta(days=na)
    uiterste = gevraagd + dt.timedelta(days=termijn)
    open_ = regels.besluit_uiterlijk(ingediend, 8, [(gevraagd, None, uiterste)])
    assert open_ == ingediend + dt.timedelta(days=56 + termijn - 1)
    if aangevuld_na is not None:
        aangevuld = gevraagd + dt.timedelta(days=aangevuld_na)
        met = regels.besluit_uiterlijk(ingediend, 8, [(gevraagd, aangevuld, uiterste)])
        assert met == ingediend + dt.timedelta(days=56 + max(0, min(aangevuld_na, termijn) - 1))
        assert met <= open_ and (aangevuld < uiterste or met == open_)


@given(st.one_of(st.none(), datums), st.one_of(st.none(), datums))
def test_opschorting_einde(aangevuld, uiterste):
    einde = regels.opschorting_einde(aangevuld, uiterste)
    bekend = [d for d in (aangevuld, uiterste) if d is not None]
    assert einde == (min(bekend) if bekend else None)


@ruim
@given(st.one_of(st.none(), datums), datums)
def test_aanvultermijn_verstreken(uiterste, peildatum):
    """Awb 4:5: the SWV may stop the request only after the completion term it set, from the day after its
    last day; without a term set, never. When it may, the decision term no longer stands still (the suspension
    of Awb 4:15 ended on that last day at the latest)."""
    verstreken = regels.aanvultermijn_verstreken(uiterste, peildatum)
    assert verstreken == (uiterste is not None and peildatum > uiterste)
    if uiterste is not None:
        assert not regels.aanvultermijn_verstreken(uiterste, uiterste)  # the last day is still the school's
        assert regels.aanvultermijn_verstreken(uiterste, uiterste + DAG)
    if verstreken:
        assert regels.opschorting_einde(None, uiterste) < peildatum


def test_besluit_uiterlijk_voorbeeld():
    # Submitted Monday 2 March 2026 (8 weeks: 27 April); sent back on 9 March, completed on 19 March:
    # 10 to 18 March (9 days) do not count, so the deadline moves to 6 May.
    assert regels.besluit_uiterlijk(dt.date(2026, 3, 2), 8) == dt.date(2026, 4, 27)
    assert regels.besluit_uiterlijk(dt.date(2026, 3, 2), 8, [(dt.date(2026, 3, 9), dt.date(2026, 3, 19))]) == dt.date(2026, 5, 6)
    # The same, but the SWV gave the school until 16 March: 10 to 15 March (6 days) do not count: 3 May.
    assert regels.besluit_uiterlijk(
        dt.date(2026, 3, 2), 8, [(dt.date(2026, 3, 9), dt.date(2026, 3, 19), dt.date(2026, 3, 16))]) == dt.date(2026, 5, 3)
    # Not completed at all: the same 3 May.
    assert regels.besluit_uiterlijk(dt.date(2026, 3, 2), 8, [(dt.date(2026, 3, 9), None, dt.date(2026, 3, 16))]) == dt.date(2026, 5, 3)


# ------------------------------------------------------------------------------------------------------------
# The TLV's period
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, schooljaren)
def test_tlv_einddatum(begin, jaren):
    einde = regels.tlv_einddatum(begin, jaren)
    assert (einde.month, einde.day) == (7, 31)
    assert einde > begin
    extra = 1 if begin.month == 7 else 0  # a July start counts from the coming school year
    assert regels.schooljaar(einde) - regels.schooljaar(begin) == jaren - 1 + extra
    # At least the rest of the school year, never more than `jaren` (+1 for a July start) school years.
    assert einde <= regels.einde_schooljaar(regels.schooljaar(begin) + jaren - 1 + extra)
    assert (einde - begin).days < 366 * (jaren + extra)
    # Longer validity never ends earlier.
    assert regels.tlv_einddatum(begin, jaren + 1) == dt.date(einde.year + 1, 7, 31)


def test_tlv_einddatum_voorbeelden():
    assert regels.tlv_einddatum(dt.date(2026, 10, 1)) == dt.date(2027, 7, 31)
    assert regels.tlv_einddatum(dt.date(2026, 8, 1), 2) == dt.date(2028, 7, 31)
    assert regels.tlv_einddatum(dt.date(2027, 3, 1)) == dt.date(2027, 7, 31)
    assert regels.tlv_einddatum(dt.date(2027, 7, 1)) == dt.date(2028, 7, 31)  # July: the coming school year
    assert regels.tlv_einddatum(dt.date(2027, 7, 31)) == dt.date(2028, 7, 31)
    with pytest.raises(ValueError):
        regels.tlv_einddatum(dt.date(2026, 10, 1), 0)


@ruim
@given(datums, st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2095, 12, 31)),
       st.integers(min_value=4, max_value=22))
def test_tlv_einddatum_emb(begin, geboren, leeftijd):
    assume(geboren < begin)
    einde = regels.tlv_einddatum_emb(begin, geboren, leeftijd)
    assert (einde.month, einde.day) == (7, 31)
    assert einde >= begin
    jarig = regels._verjaardag(geboren, geboren.year + leeftijd)
    if regels.einde_schooljaar(regels.schooljaar(jarig)) >= begin:
        # The end of the school year in which the pupil reaches the age.
        assert regels.schooljaar(einde) == regels.schooljaar(jarig)
    else:
        # Already past that age: to the end of the current school year.
        assert einde == regels.einde_schooljaar(regels.schooljaar(begin))


def test_tlv_einddatum_emb_voorbeelden():
    # Born 3 May 2016, SO until 14: turns 14 on 3 May 2030, school year 2029-2030.
    assert regels.tlv_einddatum_emb(dt.date(2026, 10, 1), dt.date(2016, 5, 3), 14) == dt.date(2030, 7, 31)
    # Born 29 February 2012: the 14th birthday in 2026 counts as 1 March.
    assert regels.tlv_einddatum_emb(dt.date(2025, 9, 1), dt.date(2012, 2, 29), 14) == dt.date(2026, 7, 31)
    assert regels.tlv_einddatum_emb(dt.date(2026, 10, 1), dt.date(2000, 1, 1), 14) == dt.date(2027, 7, 31)


@ruim
@given(datums, st.integers(min_value=0, max_value=40))
def test_plus_maanden(d, maanden):
    uit = regels.plus_maanden(d, maanden)
    assert (uit.year * 12 + uit.month) - (d.year * 12 + d.month) == maanden
    assert uit.day <= d.day
    if uit.day < d.day:  # only when the month is too short
        assert (uit + DAG).month != uit.month


@ruim
@given(datums, st.integers(min_value=-400, max_value=400), st.integers(min_value=1, max_value=12))
def test_verloopt_binnenkort(peil, dagen, maanden):
    einde = peil + dt.timedelta(days=dagen)
    uit = regels.verloopt_binnenkort(einde, peil, maanden)
    assert uit == (peil <= einde <= regels.plus_maanden(peil, maanden))
    if uit:
        assert regels.verloopt_binnenkort(einde, peil, maanden + 1)


@ruim
@given(datums, st.integers(min_value=0, max_value=1500), st.integers(min_value=-1500, max_value=1500),
       st.one_of(st.none(), st.integers(min_value=-1500, max_value=1500)), st.integers(min_value=1, max_value=12))
def test_tlv_status_deelt_elke_dag_in_precies_een_status(begin, duur, peil_na_begin, ingetrokken_na_begin, maanden):
    einde = begin + dt.timedelta(days=duur)
    peil = begin + dt.timedelta(days=peil_na_begin)
    ingetrokken = None if ingetrokken_na_begin is None else begin + dt.timedelta(days=ingetrokken_na_begin)
    status = regels.tlv_status(begin, einde, ingetrokken, peil, maanden)
    verwacht = {
        "ingetrokken": ingetrokken is not None and ingetrokken <= peil,
        "toekomstig": peil < begin,
        "verlopen": peil > einde,
        "verloopt": begin <= peil <= einde and regels.verloopt_binnenkort(einde, peil, maanden),
        "actief": begin <= peil <= einde and not regels.verloopt_binnenkort(einde, peil, maanden),
    }
    assert verwacht[status]
    if status != "ingetrokken":
        # Without a withdrawal exactly one of the other four holds.
        assert [k for k, v in verwacht.items() if v and k != "ingetrokken"] == [status]


def test_tlv_status_voorbeelden():
    begin, einde = dt.date(2025, 8, 1), dt.date(2026, 7, 31)
    assert regels.tlv_status(begin, einde, None, dt.date(2025, 7, 1)) == "toekomstig"
    assert regels.tlv_status(begin, einde, None, dt.date(2025, 10, 1)) == "actief"
    assert regels.tlv_status(begin, einde, None, dt.date(2026, 4, 30)) == "actief"
    assert regels.tlv_status(begin, einde, None, dt.date(2026, 5, 1)) == "verloopt"
    assert regels.tlv_status(begin, einde, None, dt.date(2026, 7, 31)) == "verloopt"
    assert regels.tlv_status(begin, einde, None, dt.date(2026, 8, 1)) == "verlopen"
    assert regels.tlv_status(begin, einde, dt.date(2026, 1, 1), dt.date(2025, 12, 31)) == "actief"
    assert regels.tlv_status(begin, einde, dt.date(2026, 1, 1), dt.date(2026, 1, 1)) == "ingetrokken"


# ------------------------------------------------------------------------------------------------------------
# Deskundigenadvies
# ------------------------------------------------------------------------------------------------------------

BEROEPEN = ["orthopedagoog", "psycholoog", "kj_psycholoog", "pedagoog", "kinderpsychiater", "maatschappelijk_werker",
            "arts"]


@pytest.mark.parametrize(("volgorde", "beroep"), list(itertools.product([0, 1, 2, 3], BEROEPEN)))
def test_beroep_past(volgorde, beroep):
    eerste = {"orthopedagoog", "psycholoog"}
    tweede = {"kj_psycholoog", "pedagoog", "orthopedagoog", "kinderpsychiater", "maatschappelijk_werker", "arts"}
    verwacht = (volgorde == 1 and beroep in eerste) or (volgorde == 2 and beroep in tweede)
    assert regels.beroep_past(volgorde, beroep) is verwacht


def test_beroepen_zijn_de_keuzes_van_het_model():
    from passend.toewijzing.models import Beroep

    assert set(BEROEPEN) == set(Beroep.values)


def _advies_reden(adviezen):
    """What deskundigenadvies_compleet must say, written out from the law (domain.md §2.3)."""
    for volgorde, beroep, _id, onpartijdig, zelfstandig in adviezen:
        if not onpartijdig:
            return "eerder bij de leerling betrokken"
        if not zelfstandig:
            return "gezamenlijk advies"
        if not regels.beroep_past(volgorde, beroep):
            return "beroep"
    volgordes = {a[0]: a[2] for a in reversed(adviezen)}
    if 1 not in volgordes:
        return "eerste deskundige"
    if 2 not in volgordes:
        return "tweede deskundige"
    if volgordes[1] == volgordes[2]:
        return "twee verschillende deskundigen"
    return None


ADVIES_OPTIES = list(itertools.product([1, 2], ["psycholoog", "pedagoog", "arts"], [7, 8], [True, False],
                                       [True, False]))


@pytest.mark.parametrize("aantal", [0, 1, 2])
def test_deskundigenadvies_compleet_alle_combinaties(aantal):
    """All combinations of up to two advices: order, profession (valid for 1, for 2 only, for both not),
    same or different person, impartial or not, written alone or jointly."""
    for adviezen in itertools.product(ADVIES_OPTIES, repeat=aantal):
        adviezen = list(adviezen)
        uit = regels.deskundigenadvies_compleet(adviezen)
        verwacht = _advies_reden(adviezen)
        if verwacht is None:
            assert uit is None, adviezen
        else:
            assert uit is not None and verwacht in uit, (adviezen, uit)


def test_deskundigenadvies_compleet_voorbeelden():
    goed = [(1, "orthopedagoog", 7, True, True), (2, "arts", 8, True, True)]
    assert regels.deskundigenadvies_compleet(goed) is None
    assert regels.deskundigenadvies_compleet(list(reversed(goed))) is None
    # An orthopedagoog may be the second (as pedagoog), a plain pedagoog not the first.
    assert regels.deskundigenadvies_compleet([(1, "psycholoog", 7, True, True),
                                              (2, "orthopedagoog", 8, True, True)]) is None
    assert "beroep" in regels.deskundigenadvies_compleet([(1, "pedagoog", 7, True, True), goed[1]])
    assert "verschillende" in regels.deskundigenadvies_compleet([goed[0], (2, "arts", 7, True, True)])
    assert "ontbreekt" in regels.deskundigenadvies_compleet([goed[0]])
    assert "ontbreekt" in regels.deskundigenadvies_compleet([])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 2]), st.sampled_from(BEROEPEN), st.integers(1, 4), st.booleans(),
                          st.booleans()), max_size=4))
def test_deskundigenadvies_compleet_vraagt_altijd_twee_geldige_adviezen(adviezen):
    if regels.deskundigenadvies_compleet(adviezen) is None:
        assert all(onpartijdig and zelfstandig and regels.beroep_past(v, b) for v, b, _i, onpartijdig, zelfstandig in adviezen)
        eerste = {i for v, _b, i, *_ in adviezen if v == 1}
        tweede = {i for v, _b, i, *_ in adviezen if v == 2}
        assert eerste and tweede
        assert next(i for v, _b, i, *_ in adviezen if v == 1) != next(i for v, _b, i, *_ in adviezen if v == 2)


# ------------------------------------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------------------------------------

def test_nummers():
    assert regels.tlv_nummer("PO2305", 2026, 42) == "PO2305-2026-0042"
    assert regels.aanvraag_nummer("PO2305", 2026, 7) == "AV-PO2305-2026-0007"
    # Sorting as text keeps the order up to 9999 per year (the services take the highest as "last").
    nummers = [regels.tlv_nummer("PO2305", 2026, n) for n in range(1, 10000, 37)]
    assert sorted(nummers) == nummers
