"""Property tests for the OPP deadlines (regels.py), for any date, across year ends and 29 February, with
known dates as anchors. No database: regels.py is pure."""

import datetime as dt

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from passend.opp import regels
from passend.toewijzing.regels import schooljaar

datums = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
waarschuwen = st.integers(min_value=0, max_value=60)
ruim = settings(deadline=None)
VOLGORDE_CONCEPT = ("vaststellen", "te_laat")
VOLGORDE_VASTGESTELD = ("op_orde", "evaluatie_binnenkort", "evaluatie_te_laat")
TWEE_SCHOOLJAREN = 731  # days: 1 August of one year to 31 July two years on


# ------------------------------------------------------------------------------------------------------------
# Setting the OPP: within 6 weeks
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums)
@example(dt.date(2024, 2, 29))
@example(dt.date(2024, 12, 31))
def test_vaststellen_uiterlijk_is_precies_6_weken(aanleiding):
    uiterlijk = regels.vaststellen_uiterlijk(aanleiding)
    assert (uiterlijk - aanleiding).days == 42
    assert uiterlijk.weekday() == aanleiding.weekday()
    assert regels.op_tijd_vastgesteld(aanleiding, uiterlijk)
    assert not regels.op_tijd_vastgesteld(aanleiding, uiterlijk + dt.timedelta(days=1))


@pytest.mark.parametrize(("aanleiding", "uiterlijk"), [
    (dt.date(2026, 8, 24), dt.date(2026, 10, 5)),
    (dt.date(2026, 12, 1), dt.date(2027, 1, 12)),   # over the year end
    (dt.date(2024, 1, 31), dt.date(2024, 3, 13)),   # through 29 February
    (dt.date(2024, 2, 29), dt.date(2024, 4, 11)),   # from the leap day
    (dt.date(2028, 1, 18), dt.date(2028, 2, 29)),   # to the leap day
])
def test_vaststellen_voorbeelden(aanleiding, uiterlijk):
    assert regels.vaststellen_uiterlijk(aanleiding) == uiterlijk


# ------------------------------------------------------------------------------------------------------------
# Evaluating: at least once a school year
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.one_of(st.none(), st.integers(min_value=0, max_value=900)))
@example(dt.date(2024, 2, 29), None)
@example(dt.date(2027, 7, 31), None)
@example(dt.date(2027, 8, 1), None)
@example(dt.date(2027, 5, 31), 0)
def test_evaluatie_uiterlijk_is_een_31_juli_na_de_laatste_gebeurtenis_en_hooguit_2_schooljaren_verder(vastgesteld, na):
    evaluatie = None if na is None else vastgesteld + dt.timedelta(days=na)
    uiterlijk = regels.evaluatie_uiterlijk(vastgesteld, evaluatie)
    assert (uiterlijk.month, uiterlijk.day) == (7, 31)
    laatste = evaluatie or vastgesteld
    assert uiterlijk > laatste
    assert (uiterlijk - laatste).days <= TWEE_SCHOOLJAREN
    # At least once a school year: after an evaluation, the next is due by the end of the next school year.
    if evaluatie is not None:
        assert schooljaar(uiterlijk) == schooljaar(evaluatie) + 1
        assert (uiterlijk - evaluatie).days >= 365
    else:
        # A first OPP is evaluated in the school year it was set, unless it was set in June or July.
        laat_in_het_jaar = vastgesteld.month in (6, 7)
        assert schooljaar(uiterlijk) == schooljaar(vastgesteld) + (1 if laat_in_het_jaar else 0)
        assert (uiterlijk - vastgesteld).days >= 365 if laat_in_het_jaar else (uiterlijk - vastgesteld).days >= 61


@ruim
@given(datums, datums, datums)
def test_evaluatie_uiterlijk_schuift_nooit_naar_voren(vastgesteld, e1, e2):
    """A later evaluation never brings the deadline forward, and neither does evaluating at all."""
    assume(e1 >= vastgesteld and e2 >= vastgesteld)
    vroeg, laat = sorted((e1, e2))
    zonder = regels.evaluatie_uiterlijk(vastgesteld, None)
    assert zonder <= regels.evaluatie_uiterlijk(vastgesteld, vroeg) <= regels.evaluatie_uiterlijk(vastgesteld, laat)


@ruim
@given(datums, datums)
def test_evaluatie_uiterlijk_is_monotoon_in_de_vaststelling(a, b):
    vroeg, laat = sorted((a, b))
    assert regels.evaluatie_uiterlijk(vroeg, None) <= regels.evaluatie_uiterlijk(laat, None)


@pytest.mark.parametrize(("vastgesteld", "evaluatie", "uiterlijk"), [
    (dt.date(2026, 9, 15), None, dt.date(2027, 7, 31)),
    (dt.date(2027, 5, 31), None, dt.date(2027, 7, 31)),
    (dt.date(2027, 6, 1), None, dt.date(2028, 7, 31)),     # set in June: a whole year of support first
    (dt.date(2027, 7, 31), None, dt.date(2028, 7, 31)),
    (dt.date(2027, 8, 1), None, dt.date(2028, 7, 31)),
    (dt.date(2024, 2, 29), None, dt.date(2024, 7, 31)),
    (dt.date(2026, 9, 15), dt.date(2027, 3, 1), dt.date(2028, 7, 31)),
    (dt.date(2026, 9, 15), dt.date(2027, 7, 31), dt.date(2028, 7, 31)),
    (dt.date(2026, 9, 15), dt.date(2027, 8, 1), dt.date(2029, 7, 31)),
    (dt.date(2023, 9, 1), dt.date(2024, 2, 29), dt.date(2025, 7, 31)),
])
def test_evaluatie_voorbeelden(vastgesteld, evaluatie, uiterlijk):
    assert regels.evaluatie_uiterlijk(vastgesteld, evaluatie) == uiterlijk


# ------------------------------------------------------------------------------------------------------------
# The status on the worklist
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.integers(min_value=-10, max_value=60), st.one_of(st.none(), st.integers(0, 400)), waarschuwen)
@example(dt.date(2024, 1, 18), 30, None, 14)
@example(dt.date(2024, 6, 3), 50, 300, 0)
def test_opp_status_is_monotoon_en_volgt_de_termijnen(aanleiding, vastgesteld_na, evaluatie_na, waarschuwen_dagen):
    vastgesteld = aanleiding + dt.timedelta(days=vastgesteld_na)
    evaluatie = None if evaluatie_na is None else vastgesteld + dt.timedelta(days=evaluatie_na)
    evaluatie_uiterlijk = regels.evaluatie_uiterlijk(vastgesteld, evaluatie)
    # Not yet set: "vaststellen" up to and including day 42, then "te_laat".
    vorige = 0
    for na in range(-3, 80, 1):
        peildatum = aanleiding + dt.timedelta(days=na)
        status = regels.opp_status(aanleiding, None, None, peildatum, waarschuwen_dagen)
        assert status == ("te_laat" if na > 42 else "vaststellen")
        assert VOLGORDE_CONCEPT.index(status) >= vorige
        vorige = VOLGORDE_CONCEPT.index(status)
    # Set: "op_orde", then "evaluatie_binnenkort" for the last days, then "evaluatie_te_laat".
    vorige = 0
    begin = evaluatie or vastgesteld
    for na in range(0, (evaluatie_uiterlijk - begin).days + 40, 5):
        peildatum = begin + dt.timedelta(days=na)
        status = regels.opp_status(aanleiding, vastgesteld, evaluatie, peildatum, waarschuwen_dagen)
        fase = VOLGORDE_VASTGESTELD.index(status)
        assert fase >= vorige, (peildatum, status)
        vorige = fase
        resterend = (evaluatie_uiterlijk - peildatum).days
        verwacht = "evaluatie_te_laat" if resterend < 0 else "evaluatie_binnenkort" if resterend <= waarschuwen_dagen \
            else "op_orde"
        assert status == verwacht


@ruim
@given(datums, st.integers(0, 60), st.one_of(st.none(), st.integers(0, 400)), waarschuwen, datums, datums)
def test_opp_status_is_monotoon_in_de_peildatum(aanleiding, vastgesteld_na, evaluatie_na, waarschuwen_dagen, p1, p2):
    vastgesteld = aanleiding + dt.timedelta(days=vastgesteld_na)
    evaluatie = None if evaluatie_na is None else vastgesteld + dt.timedelta(days=evaluatie_na)
    vroeg, laat = sorted((p1, p2))
    a = regels.opp_status(aanleiding, vastgesteld, evaluatie, vroeg, waarschuwen_dagen)
    b = regels.opp_status(aanleiding, vastgesteld, evaluatie, laat, waarschuwen_dagen)
    assert VOLGORDE_VASTGESTELD.index(a) <= VOLGORDE_VASTGESTELD.index(b)
    c = regels.opp_status(aanleiding, None, None, vroeg, waarschuwen_dagen)
    d = regels.opp_status(aanleiding, None, None, laat, waarschuwen_dagen)
    assert VOLGORDE_CONCEPT.index(c) <= VOLGORDE_CONCEPT.index(d)


def test_opp_status_voorbeelden():
    aanleiding = dt.date(2026, 9, 1)  # set by 13 October 2026
    assert regels.opp_status(aanleiding, None, None, dt.date(2026, 10, 13)) == "vaststellen"
    assert regels.opp_status(aanleiding, None, None, dt.date(2026, 10, 14)) == "te_laat"
    # Set late still counts as set: the next question is the evaluation (by 31 July 2027).
    laat = dt.date(2026, 11, 20)
    assert not regels.op_tijd_vastgesteld(aanleiding, laat)
    assert regels.opp_status(aanleiding, laat, None, dt.date(2027, 7, 16)) == "op_orde"
    assert regels.opp_status(aanleiding, laat, None, dt.date(2027, 7, 17)) == "evaluatie_binnenkort"
    assert regels.opp_status(aanleiding, laat, None, dt.date(2027, 7, 31)) == "evaluatie_binnenkort"
    assert regels.opp_status(aanleiding, laat, None, dt.date(2027, 8, 1)) == "evaluatie_te_laat"
    # Evaluated in March: fine until the end of the next school year.
    assert regels.opp_status(aanleiding, laat, dt.date(2027, 3, 10), dt.date(2027, 8, 1)) == "op_orde"
    assert regels.opp_status(aanleiding, laat, dt.date(2027, 3, 10), dt.date(2028, 8, 1)) == "evaluatie_te_laat"
