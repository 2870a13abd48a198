"""The deadlines of the zorgplicht as pure functions (domain.md section 1).

Sources: the bestuur decides within 6 weeks after receipt of the written aanmelding, may extend once by at
most 4 weeks, informing the parents in writing with the reason and the new deadline; after 10 weeks without a
decision the pupil is entitled to temporary placement at the school of aanmelding
(onderwijsconsulenten.nl zorgplicht; swvrijnstreek.nl; samenwerkingsverbandvo.nl; art. 40 WPO / 40 WEC /
27 WVO old numbering [GK-unverified article numbers]). Weeks are calendar weeks counted from the date of
receipt (SWV practice: swvoostachterhoek.nl stroomschema). No Algemene termijnenwet shift is applied: these are
terms for the school, not for the parents, and the sources count plain calendar weeks.

The extension is "at most 4 weeks" (https://onderwijsconsulenten.nl/advies/passend-onderwijs/zorgplicht/ ;
https://www.swvrijnstreek.nl/voor_professionals_/aanmelding__toelaten_en_zorgplicht): the school chooses 1, 2,
3 or 4 whole weeks (VERLENGING_WEKEN), and the extended deadline is 6 + that many weeks after receipt. Passend
asks for whole weeks because the sources count in weeks; the letter to the parents names the resulting date.
"""

import datetime as dt

BESLISTERMIJN = dt.timedelta(weeks=6)
MAX_VERLENGING_WEKEN = 4
MAX_VERLENGING = dt.timedelta(weeks=MAX_VERLENGING_WEKEN)
# The lengths of the one extension a school may choose, in weeks.
VERLENGING_WEKEN = tuple(range(1, MAX_VERLENGING_WEKEN + 1))
# The mark for temporary placement: 10 weeks after receipt, whatever extension the school chose.
TIEN_WEKEN = BESLISTERMIJN + MAX_VERLENGING


def beslis_uiterlijk(ontvangen_op: dt.date) -> dt.date:
    """Last day for the decision without extension: 6 calendar weeks after receipt."""
    return ontvangen_op + BESLISTERMIJN


def verlenging_weken_fout(weken) -> str | None:
    """None when `weken` is an extension the law allows (a whole number of weeks, 1 up to and including 4), else
    why not, in Dutch. Source: "eenmaal verlengen met ten hoogste 4 weken" (domain.md §1,
    https://onderwijsconsulenten.nl/advies/passend-onderwijs/zorgplicht/)."""
    if type(weken) is not int or weken not in VERLENGING_WEKEN:
        return (f"Kies hoeveel weken de school de termijn verlengt: 1, 2, 3 of {MAX_VERLENGING_WEKEN} weken. "
                f"Langer dan {MAX_VERLENGING_WEKEN} weken mag niet.")
    return None


def verlengd_uiterlijk(ontvangen_op: dt.date, weken: int = MAX_VERLENGING_WEKEN) -> dt.date:
    """Last day for the decision after the one extension by `weken` weeks (1-4): 6 + `weken` calendar weeks
    after receipt. Without `weken`: the longest extension, 10 weeks after receipt (domain.md §1: "once by at most
    4 weeks"). A length the law does not allow is a ValueError (callers check verlenging_weken_fout first)."""
    if verlenging_weken_fout(weken):
        raise ValueError(f"Geen geldige verlenging: {weken!r} weken.")
    return ontvangen_op + BESLISTERMIJN + dt.timedelta(weeks=weken)


def termijn(ontvangen_op: dt.date, verlengd: bool, weken: int = MAX_VERLENGING_WEKEN) -> dt.date:
    """The deadline that applies now: 6 weeks after receipt, or after the extension 6 + `weken` weeks (the
    number of weeks the school chose; domain.md §1). `weken` only counts when `verlengd`."""
    return verlengd_uiterlijk(ontvangen_op, weken) if verlengd else beslis_uiterlijk(ontvangen_op)


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
    """After 10 weeks without a decision the pupil may be placed temporarily at the school of aanmelding.

    The 10-week mark holds regardless of the extension: domain.md §1 ("If no decision after 10 weeks, the pupil
    is entitled to tijdelijke plaatsing", https://samenwerkingsverbandvo.nl/professionals/aanmelding-en-zorgplicht/ ;
    https://www.pold.nl/voor-ouders/aanmelden-en-inschrijven-bij-een-school/) ties the right to 10 weeks after
    receipt, not to the end of the (possibly shorter) extended term. So after an extension of fewer than 4 weeks
    the extended term can pass without a decision ("verlopen": the school is late) while the right to temporary
    placement only starts after day 70. Without an extension it is the same day 70."""
    if besloten_op is not None and besloten_op <= peildatum:
        return False
    return peildatum > ontvangen_op + TIEN_WEKEN


def termijn_status(ontvangen_op: dt.date, verlengd: bool, peildatum: dt.date, waarschuwen_dagen: int = 7,
                   weken: int = MAX_VERLENGING_WEKEN) -> str:
    """For an open aanmelding on `peildatum`: "op_tijd", "bijna" (within `waarschuwen_dagen` of the deadline),
    "verlopen" (the deadline that applies, regels.termijn with the chosen `weken`, passed) or
    "tijdelijke_plaatsing" (10 weeks passed: right to temporary placement, whatever the extension)."""
    if recht_op_tijdelijke_plaatsing(ontvangen_op, None, peildatum):
        return "tijdelijke_plaatsing"
    uiterlijk = termijn(ontvangen_op, verlengd, weken)
    if peildatum > uiterlijk:
        return "verlopen"
    if (uiterlijk - peildatum).days <= waarschuwen_dagen:
        return "bijna"
    return "op_tijd"


def dagen_tot(uiterlijk: dt.date, peildatum: dt.date) -> int:
    """Days left until (negative: past) the deadline."""
    return (uiterlijk - peildatum).days


def binnen_termijn(ontvangen_op: dt.date, besloten_op: dt.date, verlengd: bool,
                   weken: int = MAX_VERLENGING_WEKEN) -> bool:
    """Was the decision taken within the term that applied (6 weeks, or 6 + the chosen `weken` after an
    extension)?"""
    return besloten_op <= termijn(ontvangen_op, verlengd, weken)
