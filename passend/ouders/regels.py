"""Rules of the portal for parents and pupils, as small pure functions."""

import datetime as dt


def leeftijd(geboortedatum: dt.date, op: dt.date) -> int:
    """Age in whole years on `op` (someone born on 29 February turns a year older on 1 March in other years)."""
    return op.year - geboortedatum.year - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))


def mag_eigen_account(geboortedatum: dt.date, op: dt.date, *, toegestaan: bool, minimumleeftijd: int) -> bool:
    """May a pupil get an own account on `op`?

    Source: issue 4 ("Pupils aged 16+ can get their own account where the SWV allows it"). No law sets this age;
    the pupil's own say grows with age (hoorrecht on the OPP, Kamerstuk 36443; from 18 a pupil in VSO who is
    handelingsbekwaam consents to the OPP himself, domain.md section 3). The SWV setting Portaalinstellingen
    decides whether it is allowed (`toegestaan`) and from which age (`minimumleeftijd`, 16 by default)."""
    return toegestaan and leeftijd(geboortedatum, op) >= minimumleeftijd
