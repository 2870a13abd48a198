"""Property tests for the zorgplicht deadlines (regels.py), for any date, across year ends and 29 February,
with known dates as anchors. No database: regels.py is pure."""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from passend.zorgplicht import regels

datums = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
dagen = st.integers(min_value=-30, max_value=200)
waarschuwen = st.integers(min_value=0, max_value=60)
DAG = dt.timedelta(days=1)
ruim = settings(deadline=None)
VOLGORDE = ("op_tijd", "bijna", "verlopen", "tijdelijke_plaatsing")
# Receipt dates whose terms cross a year end or 29 February.
RANDGEVALLEN = (dt.date(2023, 12, 31), dt.date(2024, 1, 18), dt.date(2024, 2, 29), dt.date(2024, 12, 21),
                dt.date(2027, 12, 31), dt.date(2028, 1, 20), dt.date(2099, 11, 1))


# ------------------------------------------------------------------------------------------------------------
# The two terms
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums)
@example(dt.date(2024, 2, 29))
@example(dt.date(2023, 12, 31))
def test_beslistermijn_is_precies_6_weken_en_verlenging_4_weken_erbij(ontvangen):
    beslis = regels.beslis_uiterlijk(ontvangen)
    verlengd = regels.verlengd_uiterlijk(ontvangen)
    assert (beslis - ontvangen).days == 42
    assert (verlengd - ontvangen).days == 70
    assert (verlengd - beslis).days == 28
    # Calendar weeks: the deadline falls on the same weekday as the receipt.
    assert beslis.weekday() == verlengd.weekday() == ontvangen.weekday()
    assert regels.termijn(ontvangen, verlengd=False) == beslis
    assert regels.termijn(ontvangen, verlengd=True) == verlengd


@ruim
@given(datums, datums)
def test_termijnen_schuiven_mee_met_de_ontvangstdatum(a, b):
    assert (regels.beslis_uiterlijk(b) - regels.beslis_uiterlijk(a)) == b - a
    assert (regels.verlengd_uiterlijk(b) - regels.verlengd_uiterlijk(a)) == b - a


@pytest.mark.parametrize(("ontvangen", "zes", "tien"), [
    (dt.date(2026, 9, 1), dt.date(2026, 10, 13), dt.date(2026, 11, 10)),
    (dt.date(2026, 11, 30), dt.date(2027, 1, 11), dt.date(2027, 2, 8)),     # over the year end
    (dt.date(2024, 1, 31), dt.date(2024, 3, 13), dt.date(2024, 4, 10)),     # through 29 February 2024
    (dt.date(2025, 1, 31), dt.date(2025, 3, 14), dt.date(2025, 4, 11)),     # the same, no leap day
    (dt.date(2024, 2, 29), dt.date(2024, 4, 11), dt.date(2024, 5, 9)),      # received on the leap day
    (dt.date(2023, 12, 21), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),     # ten weeks end on the leap day
])
def test_termijnen_voorbeelden(ontvangen, zes, tien):
    assert regels.beslis_uiterlijk(ontvangen) == zes
    assert regels.verlengd_uiterlijk(ontvangen) == tien


# ------------------------------------------------------------------------------------------------------------
# Extending: once, and only within the first 6 weeks
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, dagen)
@example(dt.date(2024, 1, 18), 42)
@example(dt.date(2024, 1, 18), 43)
def test_verlengen_kan_eenmaal_en_alleen_binnen_6_weken(ontvangen, na):
    peildatum = ontvangen + dt.timedelta(days=na)
    nog_niet = regels.verlenging_mogelijk(ontvangen, False, peildatum)
    assert (nog_niet is None) == (0 <= na <= 42)
    # Once extended, never again, whatever the date.
    tweede = regels.verlenging_mogelijk(ontvangen, True, peildatum)
    assert tweede is not None and "één keer" in tweede
    if na > 42:
        assert "6 weken" in nog_niet


def test_verlengen_voorbeelden():
    ontvangen = dt.date(2026, 11, 30)
    assert regels.verlenging_mogelijk(ontvangen, False, dt.date(2026, 11, 30)) is None
    assert regels.verlenging_mogelijk(ontvangen, False, dt.date(2027, 1, 11)) is None  # the last day
    assert regels.verlenging_mogelijk(ontvangen, False, dt.date(2027, 1, 12)) is not None
    assert regels.verlenging_mogelijk(ontvangen, False, dt.date(2026, 11, 29)) is not None


# ------------------------------------------------------------------------------------------------------------
# Temporary placement after 10 weeks
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, dagen, st.one_of(st.none(), dagen))
@example(dt.date(2024, 2, 29), 70, None)
@example(dt.date(2024, 2, 29), 71, None)
@example(dt.date(2024, 2, 29), 71, 71)
def test_recht_op_tijdelijke_plaatsing_precies_na_dag_70_en_nooit_na_een_besluit(ontvangen, na, besloten_na):
    peildatum = ontvangen + dt.timedelta(days=na)
    besloten = None if besloten_na is None else ontvangen + dt.timedelta(days=besloten_na)
    recht = regels.recht_op_tijdelijke_plaatsing(ontvangen, besloten, peildatum)
    besloten_voor_peildatum = besloten is not None and besloten <= peildatum
    assert recht == (na > 70 and not besloten_voor_peildatum)


@ruim
@given(datums, st.integers(min_value=0, max_value=400))
def test_een_besluit_beeindigt_het_recht_voorgoed(ontvangen, besloten_na):
    besloten = ontvangen + dt.timedelta(days=besloten_na)
    for na in range(besloten_na, besloten_na + 400, 37):
        assert not regels.recht_op_tijdelijke_plaatsing(ontvangen, besloten, ontvangen + dt.timedelta(days=na))


def test_tijdelijke_plaatsing_voorbeelden():
    ontvangen = dt.date(2023, 12, 21)
    assert not regels.recht_op_tijdelijke_plaatsing(ontvangen, None, dt.date(2024, 2, 29))
    assert regels.recht_op_tijdelijke_plaatsing(ontvangen, None, dt.date(2024, 3, 1))
    assert not regels.recht_op_tijdelijke_plaatsing(ontvangen, dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    # Decided later than the day asked about: on that day the right still held.
    assert regels.recht_op_tijdelijke_plaatsing(ontvangen, dt.date(2024, 3, 5), dt.date(2024, 3, 2))


# ------------------------------------------------------------------------------------------------------------
# The status on the worklist
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.booleans(), waarschuwen)
@example(dt.date(2024, 2, 29), False, 7)
@example(dt.date(2023, 12, 31), True, 0)
def test_termijn_status_verdeelt_de_tijdlijn_in_oplopende_volgorde(ontvangen, verlengd, waarschuwen_dagen):
    """Day by day from before receipt to long after: the status only moves forward, through the phases in
    order, and each phase starts exactly where the rules say."""
    uiterlijk = regels.termijn(ontvangen, verlengd)
    vorige = 0
    for na in range(-5, 120):
        peildatum = ontvangen + dt.timedelta(days=na)
        status = regels.termijn_status(ontvangen, verlengd, peildatum, waarschuwen_dagen)
        fase = VOLGORDE.index(status)
        assert fase >= vorige, (na, status)
        vorige = fase
        # Each phase exactly where it belongs.
        if peildatum > regels.verlengd_uiterlijk(ontvangen):
            assert status == "tijdelijke_plaatsing"
            assert regels.recht_op_tijdelijke_plaatsing(ontvangen, None, peildatum)
        elif peildatum > uiterlijk:
            assert status == "verlopen" and not verlengd
        elif (uiterlijk - peildatum).days <= waarschuwen_dagen:
            assert status == "bijna"
        else:
            assert status == "op_tijd"
        assert regels.dagen_tot(uiterlijk, peildatum) == (uiterlijk - peildatum).days


@ruim
@given(datums, st.booleans(), waarschuwen, dagen, dagen)
def test_termijn_status_is_monotoon_in_de_peildatum(ontvangen, verlengd, waarschuwen_dagen, x, y):
    vroeg, laat = sorted((x, y))
    a = regels.termijn_status(ontvangen, verlengd, ontvangen + dt.timedelta(days=vroeg), waarschuwen_dagen)
    b = regels.termijn_status(ontvangen, verlengd, ontvangen + dt.timedelta(days=laat), waarschuwen_dagen)
    assert VOLGORDE.index(a) <= VOLGORDE.index(b)


@ruim
@given(datums, waarschuwen, dagen)
def test_verlengen_zet_een_aanmelding_nooit_verder_op_de_tijdlijn(ontvangen, waarschuwen_dagen, na):
    peildatum = ontvangen + dt.timedelta(days=na)
    zonder = regels.termijn_status(ontvangen, False, peildatum, waarschuwen_dagen)
    met = regels.termijn_status(ontvangen, True, peildatum, waarschuwen_dagen)
    assert VOLGORDE.index(met) <= VOLGORDE.index(zonder)
    # After an extension "verlopen" does not exist: past 10 weeks it is temporary placement straight away.
    assert met != "verlopen"


@pytest.mark.parametrize(("na", "verlengd", "status"), [
    (0, False, "op_tijd"), (34, False, "op_tijd"), (35, False, "bijna"), (42, False, "bijna"),
    (43, False, "verlopen"), (70, False, "verlopen"), (71, False, "tijdelijke_plaatsing"),
    (42, True, "op_tijd"), (63, True, "bijna"), (70, True, "bijna"), (71, True, "tijdelijke_plaatsing"),
])
@pytest.mark.parametrize("ontvangen", RANDGEVALLEN)
def test_termijn_status_voorbeelden(ontvangen, na, verlengd, status):
    assert regels.termijn_status(ontvangen, verlengd, ontvangen + dt.timedelta(days=na)) == status


def test_waarschuwen_vanaf_instelling():
    ontvangen = dt.date(2026, 9, 1)  # deadline 13 October
    assert regels.termijn_status(ontvangen, False, dt.date(2026, 9, 29), waarschuwen_dagen=14) == "bijna"
    assert regels.termijn_status(ontvangen, False, dt.date(2026, 9, 28), waarschuwen_dagen=14) == "op_tijd"
    assert regels.termijn_status(ontvangen, False, dt.date(2026, 10, 13), waarschuwen_dagen=0) == "bijna"
    assert regels.termijn_status(ontvangen, False, dt.date(2026, 10, 12), waarschuwen_dagen=0) == "op_tijd"


# ------------------------------------------------------------------------------------------------------------
# Decided on time
# ------------------------------------------------------------------------------------------------------------

@ruim
@given(datums, st.integers(min_value=0, max_value=200), st.booleans())
def test_binnen_termijn_is_op_of_voor_de_geldende_termijn(ontvangen, na, verlengd):
    besloten = ontvangen + dt.timedelta(days=na)
    assert regels.binnen_termijn(ontvangen, besloten, verlengd) == (na <= (70 if verlengd else 42))
    # A decision within the term was never a moment with a right to temporary placement.
    if regels.binnen_termijn(ontvangen, besloten, verlengd):
        assert not regels.recht_op_tijdelijke_plaatsing(ontvangen, besloten, besloten)
        assert regels.termijn_status(ontvangen, verlengd, besloten - DAG) in ("op_tijd", "bijna")
