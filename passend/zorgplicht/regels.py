"""The deadlines of the zorgplicht as pure functions (domain.md section 1).

Sources: the bestuur decides within 6 weeks after receipt of the written aanmelding, may extend once by at
most 4 weeks, informing the parents in writing with the reason and the new deadline; after 10 weeks without a
decision the pupil is entitled to temporary placement at the school of aanmelding
(onderwijsconsulenten.nl zorgplicht; swvrijnstreek.nl; samenwerkingsverbandvo.nl; art. 40 WPO / 40 WEC /
27 WVO old numbering [GK-unverified article numbers]). Weeks are calendar weeks counted from the date of
receipt (SWV practice: swvoostachterhoek.nl stroomschema). No Algemene termijnenwet shift is applied: these are
terms for the school, not for the parents, and the sources count plain calendar weeks.
"""

import datetime as dt

BESLISTERMIJN = dt.timedelta(weeks=6)
MAX_VERLENGING = dt.timedelta(weeks=4)


def beslis_uiterlijk(ontvangen_op: dt.date) -> dt.date:
    """Last day for the decision without extension: 6 calendar weeks after receipt."""
    return ontvangen_op + BESLISTERMIJN


def verlengd_uiterlijk(ontvangen_op: dt.date) -> dt.date:
    """Last day for the decision after the one extension: 10 calendar weeks after receipt."""
    return ontvangen_op + BESLISTERMIJN + MAX_VERLENGING


def termijn(ontvangen_op: dt.date, verlengd: bool) -> dt.date:
    """The deadline that applies now."""
    return verlengd_uiterlijk(ontvangen_op) if verlengd else beslis_uiterlijk(ontvangen_op)


def verlenging_mogelijk(ontvangen_op: dt.date, al_verlengd: bool, peildatum: dt.date) -> str | None:
    """None when the school may still extend on `peildatum`, else why not (in Dutch).

    Only once, and only before the first 6 weeks have passed (an extension after the deadline is no extension)."""
    if al_verlengd:
        return "De termijn is al eens verlengd; dat kan maar één keer."
    if peildatum > beslis_uiterlijk(ontvangen_op):
        return "De termijn van 6 weken is al voorbij; verlengen kan alleen binnen die termijn."
    if peildatum < ontvangen_op:
        return "De aanmelding is op deze datum nog niet ontvangen."
    return None


def recht_op_tijdelijke_plaatsing(ontvangen_op: dt.date, besloten_op: dt.date | None, peildatum: dt.date) -> bool:
    """After 10 weeks without a decision the pupil may be placed temporarily at the school of aanmelding."""
    if besloten_op is not None and besloten_op <= peildatum:
        return False
    return peildatum > verlengd_uiterlijk(ontvangen_op)


def termijn_status(ontvangen_op: dt.date, verlengd: bool, peildatum: dt.date, waarschuwen_dagen: int = 7) -> str:
    """For an open aanmelding on `peildatum`: "op_tijd", "bijna" (within `waarschuwen_dagen` of the deadline),
    "verlopen" (deadline passed) or "tijdelijke_plaatsing" (10 weeks passed: right to temporary placement)."""
    if peildatum > verlengd_uiterlijk(ontvangen_op):
        return "tijdelijke_plaatsing"
    uiterlijk = termijn(ontvangen_op, verlengd)
    if peildatum > uiterlijk:
        return "verlopen"
    if (uiterlijk - peildatum).days <= waarschuwen_dagen:
        return "bijna"
    return "op_tijd"


def dagen_tot(uiterlijk: dt.date, peildatum: dt.date) -> int:
    """Days left until (negative: past) the deadline."""
    return (uiterlijk - peildatum).days


def binnen_termijn(ontvangen_op: dt.date, besloten_op: dt.date, verlengd: bool) -> bool:
    """Was the decision taken within the term that applied (6 weeks, or 10 after an extension)?"""
    return besloten_op <= termijn(ontvangen_op, verlengd)
