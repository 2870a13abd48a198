"""The rules of the thuiszitters register as small pure functions, each with its source (domain.md section 5).

Where the Inspectie's form or the law is not public or not settled ([uncertain] in domain.md), the value is a
setting (Thuiszittersinstellingen) and the function takes it as an argument.
"""

import calendar
import datetime as dt
import statistics

# Duration classes, in the order they are shown.
KORT = "korter_dan_4_weken"
VIER_WEKEN_DRIE_MAANDEN = "4_weken_tot_3_maanden"
LANG = "langer_dan_3_maanden"
DUURKLASSEN = {
    KORT: "Korter dan 4 weken",
    VIER_WEKEN_DRIE_MAANDEN: "4 weken tot 3 maanden",
    LANG: "Langer dan 3 maanden",
}

KLEIN_AANTAL = 5
KLEIN_LABEL = "<5"


def plus_maanden(d: dt.date, maanden: int) -> dt.date:
    """`d` plus whole calendar months; the day is clipped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    m = d.month - 1 + maanden
    jaar, maand = d.year + m // 12, m % 12 + 1
    return dt.date(jaar, maand, min(d.day, calendar.monthrange(jaar, maand)[1]))


def duur_dagen(startdatum: dt.date, peildatum: dt.date) -> int:
    """Days without education from `startdatum` up to `peildatum` (0 when the start lies after it)."""
    return max(0, (peildatum - startdatum).days)


def duurklasse(startdatum: dt.date, peildatum: dt.date) -> str:
    """The Inspectie's duration classes for thuiszitters: under 4 weeks, 4 weeks to 3 months, over 3 months.

    Source: the definition of a thuiszitter (kst-26695-108: langdurig relatief verzuim is more than 4 weeks) and
    the sub-groups the SWV's report to the Inspectie (LRV 4 weken–3 maanden, LRV > 3 maanden;
    swvslingeberkel.nl); the Thuiszitterspact's limit of 3 months. "4 weeks" is 28 days, "3 months" is three
    calendar months from the start date."""
    if peildatum < startdatum + dt.timedelta(weeks=4):
        return KORT
    if peildatum <= plus_maanden(startdatum, 3):
        return VIER_WEKEN_DRIE_MAANDEN
    return LANG


def telt_als_thuiszitter(categorie: str, startdatum: dt.date, peildatum: dt.date) -> bool:
    """Is this case a thuiszitter on `peildatum`? Absoluut verzuim from the first day; relatief verzuim only after
    more than 4 weeks (kst-26695-108: the umbrella term since Feb 2016). Vrijstellingen and threatened
    thuiszitters are registered (the Inspectie also asks for 5-onder-a vrijstellingen) but are not thuiszitters."""
    if peildatum < startdatum:
        return False
    if categorie == "absoluut":
        return True
    if categorie == "relatief":
        return duurklasse(startdatum, peildatum) != KORT
    return False


# The groups of categories within which a change does not restart the duration (duur_vanaf).
THUISZITTEND = ("absoluut", "relatief")


def _groep(categorie: str) -> str:
    if categorie in THUISZITTEND:
        return "thuiszitter"
    if categorie.startswith("vrijstelling"):
        return "vrijstelling"
    return categorie


def duur_vanaf(startdatum: dt.date, categorieen, peildatum: dt.date) -> dt.date:
    """From which day the duration (duur_dagen, duurklasse, telt_als_thuiszitter) counts on `peildatum`, for a
    case whose category may have changed. `categorieen`: (valid from, category) in the order recorded, oldest
    first; of changes with the same date the one recorded last counts.

    The duration class is how long the pupil has been without education as a thuiszitter (domain.md section 5:
    a thuiszitter is absoluut verzuim or langdurig relatief verzuim, more than 4 weeks, without vrijstelling,
    kst-26695-108; the Inspectie's sub-groups LRV 4 weken-3 maanden and LRV > 3 maanden,
    swvslingeberkel.nl/inclusiever-onderwijs/thuiszitters-risicoleerlingen; the Thuiszitterspact's limit of
    3 months, samenwerkingsverbandvowaterland.nl/Thuiszittersaanpak.html). So the clock runs from the first day
    of the uninterrupted stretch, up to `peildatum`, in which the case was in the group of its category then:

    - absoluut and relatief verzuim are one group: a pupil who is enrolled or unenrolled while at home has been
      without education all along, so that switch does not restart the clock;
    - a dreigend thuiszitter is (partly) at school and not yet a thuiszitter: the time as dreigend does not
      count, the clock starts on the day the case became absoluut or relatief verzuim (and again, after a
      return to dreigend, on the day it became verzuim once more);
    - the vrijstellingen are one group (exempt, not verzuim): a change from or to a vrijstelling restarts the
      clock as well.

    Without changes (one category from the start date) this is the start date, as before."""
    geldig: dict[dt.date, str] = {}
    for vanaf, categorie in categorieen:
        geldig[vanaf] = categorie  # of equal dates the one recorded last
    tijdlijn = sorted((d, c) for d, c in geldig.items() if d <= peildatum)
    if not tijdlijn:
        return startdatum
    groep = _groep(tijdlijn[-1][1])
    vanaf = startdatum  # the whole case in this group (before the first row: the first row's category)
    for i in range(len(tijdlijn) - 1, 0, -1):
        if _groep(tijdlijn[i - 1][1]) != groep:  # the stretch began with change i
            vanaf = tijdlijn[i][0]
            break
    return max(vanaf, startdatum)


def escalatie_nodig(startdatum: dt.date, peildatum: dt.date, *, heeft_plan: bool, al_aan_tafel: bool,
                    drempel_weken: int) -> bool:
    """Should the case go to the thuiszittersoverleg? When `drempel_weken` (a setting: the Inspectie expects a
    thuiszittersoverleg at SWV level but sets no term) have passed since the start without a plan of approach,
    and it is not there yet."""
    return (not heeft_plan and not al_aan_tafel
            and peildatum >= startdatum + dt.timedelta(weeks=drempel_weken))


def peildata(jaar: int, instelling: str) -> list[dt.date]:
    """The reference dates of a year from the setting "dd-mm,dd-mm,...". Raises ValueError with a Dutch message
    on a wrong setting. The Inspectie asks every three months; the exact dates are not public [uncertain]."""
    uit = []
    for deel in (instelling or "").split(","):
        deel = deel.strip()
        if not deel:
            continue
        try:
            dag, maand = (int(x) for x in deel.split("-"))
            uit.append(dt.date(jaar, maand, dag))
        except (ValueError, TypeError):
            raise ValueError(f"Ongeldige peildatum '{deel}': schrijf dag-maand, bijvoorbeeld 01-10.") from None
    if not uit:
        raise ValueError("Er zijn geen peildata ingesteld.")
    return sorted(uit)


def laatste_peildatum(op: dt.date, instelling: str) -> dt.date:
    """The last reference date on or before `op`."""
    kandidaten = [d for j in (op.year - 1, op.year) for d in peildata(j, instelling) if d <= op]
    return max(kandidaten)


def klein(n: int, drempel: int = KLEIN_AANTAL) -> int | str:
    """Small-number rule: a count of 1 to drempel-1 leaves the SWV as "<5" (0 stays 0: nothing to protect).
    Source: the issue (cells below 5 pupils), common statistical disclosure practice (CBS)."""
    return KLEIN_LABEL if 0 < n < drempel else n


def per_duizend(aantal: int, leerlingen: int) -> float | None:
    """Cases per 1,000 pupils of the region, one decimal; None when the pupil count is unknown."""
    if not leerlingen:
        return None
    return round(aantal * 1000 / leerlingen, 1)


def mediaan_dagen(duren: list[int]) -> float | None:
    """Median duration in days until return (None without ended cases)."""
    return statistics.median(duren) if duren else None


def leeftijd(geboortedatum: dt.date, op: dt.date) -> int:
    return op.year - geboortedatum.year - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))
