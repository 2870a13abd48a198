"""The deadlines of the OPP as pure functions (domain.md section 3).

Sources: the OPP is set within 6 weeks after enrolment (for a temporarily placed pupil: after definitive
placement) (passendonderwijs.nl, veelgestelde vragen OPP); for pupils already enrolled who start receiving
extra support SWV's use 6 weeks after the start of the arrangement (samenwerkingsverbandlha.nl) — statutory
basis [uncertain], so which trigger applies is the SWV's setting (Oppinstellingen.aanleiding_regulier). It is
evaluated with the parents at least once per school year (passendonderwijsenouders.nl OPP page).
"""

import datetime as dt

from passend.toewijzing.regels import einde_schooljaar, schooljaar

VASTSTELTERMIJN = dt.timedelta(weeks=6)


def vaststellen_uiterlijk(aanleiding_datum: dt.date) -> dt.date:
    """Last day to set the OPP: 6 calendar weeks after enrolment or the start of extra support."""
    return aanleiding_datum + VASTSTELTERMIJN


def evaluatie_uiterlijk(vastgesteld_op: dt.date, laatste_evaluatie: dt.date | None) -> dt.date:
    """The next evaluation is due by the end (31 July) of the school year after the one of the last evaluation
    or, before any evaluation, by the end of the school year the OPP was set in (at least once a school year).
    An OPP set in June or July is first due at the end of the next school year: a whole year's support
    between setting and evaluating."""
    if laatste_evaluatie is not None:
        return einde_schooljaar(schooljaar(laatste_evaluatie) + 1)
    jaar = schooljaar(vastgesteld_op)
    if vastgesteld_op.month in (6, 7):
        jaar += 1
    return einde_schooljaar(jaar)


def opp_status(aanleiding_datum: dt.date, vastgesteld_op: dt.date | None, laatste_evaluatie: dt.date | None,
               peildatum: dt.date, waarschuwen_dagen: int = 14) -> str:
    """One of: "te_laat" (not set and past 6 weeks), "vaststellen" (not set, term running), "evaluatie_te_laat",
    "evaluatie_binnenkort" (due within `waarschuwen_dagen`), "op_orde"."""
    if vastgesteld_op is None:
        return "te_laat" if peildatum > vaststellen_uiterlijk(aanleiding_datum) else "vaststellen"
    uiterlijk = evaluatie_uiterlijk(vastgesteld_op, laatste_evaluatie)
    if peildatum > uiterlijk:
        return "evaluatie_te_laat"
    if (uiterlijk - peildatum).days <= waarschuwen_dagen:
        return "evaluatie_binnenkort"
    return "op_orde"


def op_tijd_vastgesteld(aanleiding_datum: dt.date, vastgesteld_op: dt.date) -> bool:
    return vastgesteld_op <= vaststellen_uiterlijk(aanleiding_datum)
