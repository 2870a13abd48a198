"""The Steunpunt's rules as small pure functions: small-cell suppression, school-year periods, the waiting
list, reminder timing, helpdesk response times and signals. No database access here.

Thresholds that are policy rather than law are settings (passend/settings.py, PASSEND_STEUNPUNT_* and
PASSEND_ANTENNE_*), passed in by the callers.
"""

import datetime as dt
import math
import statistics
from dataclasses import dataclass

# ------------------------------------------------------------------------------------------------------------
# Small-cell suppression
# ------------------------------------------------------------------------------------------------------------

KLEIN = 5
"""Cells below this many pupils never leave an SWV. The threshold of 5 is the common rule for published
education statistics (CBS and DUO publish counts below 5 as '<5'); the issue asks for it too. Setting:
PASSEND_ANTENNE_DREMPEL (never lower than 5 in production)."""


def is_klein(n: int, drempel: int = KLEIN) -> bool:
    """A count below the threshold, zero included (the issue: every cell below 5 is shown as '<5')."""
    return n < drempel


@dataclass(frozen=True)
class Onderdrukt:
    """A table of counts with margins, and which cells may not be shown.

    `waarden[i][j]` for i < rijen, j < kolommen are the cells; column `kolommen` holds the row totals and row
    `rijen` the column totals (its last cell is the grand total). `verborgen` holds the (i, j) not shown."""

    waarden: tuple[tuple[int, ...], ...]
    verborgen: frozenset
    rijen: int
    kolommen: int

    def toon(self, i: int, j: int) -> int | None:
        """The count to show, or None for '<5' (suppressed)."""
        return None if (i, j) in self.verborgen else self.waarden[i][j]


def met_marges(tabel: list[list[int]]) -> list[list[int]]:
    """The table with a row-total column and a column-total row (and the grand total) added."""
    kolommen = len(tabel[0]) if tabel else 0
    rijen = [list(r) + [sum(r)] for r in tabel]
    totaal = [sum(r[j] for r in tabel) for j in range(kolommen)]
    return rijen + [totaal + [sum(totaal)]]


def onderdruk(tabel: list[list[int]], drempel: int = KLEIN) -> Onderdrukt:
    """Primary and secondary suppression of a table of counts (rows x columns), totals included.

    Primary: every cell below `drempel` (is_klein), the totals too. Secondary: a row or column, read as the
    equation 'cells = total', may never hold exactly one hidden entry, since subtracting the shown entries from
    the total would give it back. While a line has exactly one, the smallest other shown entry of that line is
    hidden as well (an inner cell before a total, so the totals stay readable where they can). This is the
    standard procedure for tables with margins (Hundepool et al., *Statistical Disclosure Control*, 2012, ch. 4).

    Guarantee, checked by a property test: no shown entry is below `drempel`, and every row and column has
    zero or at least two hidden entries. (Combining several equations can in rare tables narrow a hidden cell
    to a range; it never gives an exact value from one line.)
    """
    if not tabel or not tabel[0]:
        return Onderdrukt((), frozenset(), len(tabel), 0)
    if any(len(r) != len(tabel[0]) for r in tabel) or any(n < 0 for r in tabel for n in r):
        raise ValueError("Een tabel heeft even lange rijen met aantallen van 0 of meer.")
    volledig = met_marges(tabel)
    r, k = len(tabel), len(tabel[0])
    verborgen = {(i, j) for i in range(r + 1) for j in range(k + 1) if is_klein(volledig[i][j], drempel)}
    lijnen = [[(i, j) for j in range(k + 1)] for i in range(r + 1)] + [
        [(i, j) for i in range(r + 1)] for j in range(k + 1)]
    veranderd = True
    while veranderd:
        veranderd = False
        for lijn in lijnen:
            if sum(1 for c in lijn if c in verborgen) != 1:
                continue
            kandidaten = [c for c in lijn if c not in verborgen]
            # Inner cells first (i < r and j < k), then the smallest value, then the first.
            kandidaten.sort(key=lambda c: (c[0] == r or c[1] == k, volledig[c[0]][c[1]], c))
            verborgen.add(kandidaten[0])
            veranderd = True
    return Onderdrukt(tuple(tuple(rij) for rij in volledig), frozenset(verborgen), r, k)


def per_duizend(aantal: int | None, leerlingen: int) -> float | None:
    """`aantal` per 1,000 pupils, one decimal; None when the count is hidden or the pupil count is unknown.
    A rate is shown only where its count is shown: rate x pupils / 1000 would give the count back."""
    if aantal is None or leerlingen <= 0:
        return None
    return round(aantal * 1000 / leerlingen, 1)


def aandeel(deel: int | None, totaal: int | None) -> float | None:
    """`deel` / `totaal` as a fraction, only when both are shown (not suppressed) and the total is positive."""
    if deel is None or totaal is None or totaal <= 0:
        return None
    return deel / totaal


def mediaan(waarden: list[float | None], minimaal: int = 3) -> float | None:
    """The median of the shown values (None = hidden), over at least `minimaal` of them.

    Only shown values count: a median over hidden values would equal one SWV's hidden figure (or the mean of
    two), which together with the public pupil counts could give a hidden count back."""
    getoond = [w for w in waarden if w is not None]
    if len(getoond) < minimaal:
        return None
    return round(float(statistics.median(getoond)), 1)


# ------------------------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------------------------

def schooljaar_van(datum: dt.date) -> int:
    """The school year a date falls in, by its first calendar year: 1 August to 31 July (WPO art. 1 / WVO 2020:
    'schooljaar: het tijdvak van 1 augustus tot en met 31 juli')."""
    return datum.year if datum.month >= 8 else datum.year - 1


def schooljaar_grenzen(jaar: int) -> tuple[dt.date, dt.date]:
    """First and last day of school year `jaar`-`jaar+1`."""
    return dt.date(jaar, 8, 1), dt.date(jaar + 1, 7, 31)


def afgeronde_schooljaren(vandaag: dt.date, aantal: int) -> list[int]:
    """The last `aantal` school years that ended before `vandaag`, oldest first (on 31 July the year still runs)."""
    laatste = schooljaar_van(vandaag) - 1
    return list(range(laatste - aantal + 1, laatste + 1))


# ------------------------------------------------------------------------------------------------------------
# Activities
# ------------------------------------------------------------------------------------------------------------

def plaats_of_wachtlijst(capaciteit: int, geplaatst: int) -> str:
    """'geplaatst' while places are free, else 'wachtlijst'. A cancellation frees a place for the first on the
    waiting list (first come, first served)."""
    return "geplaatst" if geplaatst < capaciteit else "wachtlijst"


def herinnering_nu(begin: dt.datetime, nu: dt.datetime, dagen_vooraf: int, al_verstuurd: bool) -> bool:
    """A reminder is due from `dagen_vooraf` days before the start until the start, once."""
    return not al_verstuurd and begin - dt.timedelta(days=dagen_vooraf) <= nu < begin


# ------------------------------------------------------------------------------------------------------------
# Helpdesk
# ------------------------------------------------------------------------------------------------------------

def werkdagen_tussen(van: dt.datetime, tot: dt.datetime) -> float:
    """Working days (Monday to Friday) between two moments, in days with one decimal; weekend time does not
    count. Public holidays are not taken into account."""
    if tot <= van:
        return 0.0
    seconden = 0.0
    dag = van
    while dag < tot:
        volgende = min(tot, dt.datetime.combine(dag.date() + dt.timedelta(days=1), dt.time(), tzinfo=dag.tzinfo))
        if dag.weekday() < 5:
            seconden += (volgende - dag).total_seconds()
        dag = volgende
    return round(seconden / 86400, 1)


def reactie_op_tijd(gesteld: dt.datetime, beantwoord: dt.datetime | None, nu: dt.datetime, norm_werkdagen: int) -> bool | None:
    """Answered within the norm (True/False); None while open and still within it. An open question past the
    norm is late (False). The norm is a setting (PASSEND_STEUNPUNT_REACTIE_WERKDAGEN), not law."""
    if beantwoord is not None:
        return werkdagen_tussen(gesteld, beantwoord) <= norm_werkdagen
    return None if werkdagen_tussen(gesteld, nu) <= norm_werkdagen else False


def vraag_nummer(jaar: int, volgnummer: int) -> str:
    """HD-2026-0007."""
    return f"HD-{jaar}-{volgnummer:04d}"


# ------------------------------------------------------------------------------------------------------------
# Signals
# ------------------------------------------------------------------------------------------------------------

def stijgend_thema(nu: int, vorige: int, minimaal: int, factor: float) -> bool:
    """A helpdesk theme is rising when this period has at least `minimaal` questions and at least `factor` times
    the previous period (a theme from nothing counts when it reaches `minimaal`)."""
    return nu >= minimaal and nu >= math.ceil(vorige * factor) and nu > vorige


def beweging(nu: float | None, vorige: float | None, drempel_procent: float) -> float | None:
    """The relative change from the previous period in percent, when it is at least `drempel_procent` either
    way; None otherwise, or when either value is hidden or the previous is zero."""
    if nu is None or vorige is None or vorige == 0:
        return None
    verschil = (nu - vorige) / abs(vorige) * 100
    return round(verschil, 1) if abs(verschil) >= drempel_procent else None
