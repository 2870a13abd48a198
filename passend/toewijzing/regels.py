"""The legal rules of toewijzing as small pure functions: dates, terms and who may advise.

Each function names its source. Where domain.md marks the law uncertain, the value is a parameter that
comes from the SWV's settings (Toewijzingsinstellingen) and the docstring says so. Nothing here touches
the database.
"""

import datetime as dt
from collections.abc import Iterable
from functools import cache

# ------------------------------------------------------------------------------------------------------------
# Calendar: school years and the Algemene termijnenwet
# ------------------------------------------------------------------------------------------------------------


def schooljaar(datum: dt.date) -> int:
    """The school year `datum` falls in, as its starting calendar year (2026 = 2026-2027).

    Source: art. 1 WPO / art. 1.1.1 WVO 2020: "schooljaar: tijdvak dat aanvangt op 1 augustus en eindigt
    op 31 juli"."""
    return datum.year if datum.month >= 8 else datum.year - 1


def einde_schooljaar(jaar: int) -> dt.date:
    """31 July that ends school year `jaar` (`jaar` = its starting year)."""
    return dt.date(jaar + 1, 7, 31)


def _pasen(jaar: int) -> dt.date:
    """Easter Sunday (Gregorian calendar; the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    maand = (h + ell - 7 * m + 114) // 31
    dag = ((h + ell - 7 * m + 114) % 31) + 1
    return dt.date(jaar, maand, dag)


@cache
def feestdagen(jaar: int) -> frozenset[dt.date]:
    """The general holidays of art. 3 Algemene termijnenwet: Nieuwjaarsdag, tweede Paas- en Pinksterdag,
    Hemelvaartsdag, both Christmas days, the King's birthday as celebrated, and 5 May.

    Koningsdag is 27 April, or 26 April when the 27th is a Sunday (Besluit van 2013, Stb. 2013, 263)."""
    pasen = _pasen(jaar)
    koningsdag = dt.date(jaar, 4, 27)
    if koningsdag.weekday() == 6:
        koningsdag = dt.date(jaar, 4, 26)
    return frozenset({
        dt.date(jaar, 1, 1),
        pasen + dt.timedelta(days=1),
        pasen + dt.timedelta(days=39),  # Hemelvaartsdag
        pasen + dt.timedelta(days=50),  # tweede Pinksterdag
        koningsdag,
        dt.date(jaar, 5, 5),
        dt.date(jaar, 12, 25),
        dt.date(jaar, 12, 26),
    })


def termijnenwet(laatste_dag: dt.date) -> dt.date:
    """A statutory term that ends on a Saturday, Sunday or general holiday runs to the next day that is none
    of these (art. 1 lid 1 Algemene termijnenwet; applies to Awb terms such as the objection term)."""
    dag = laatste_dag
    while dag.weekday() >= 5 or dag in feestdagen(dag.year):
        dag += dt.timedelta(days=1)
    return dag


# ------------------------------------------------------------------------------------------------------------
# Request and decision
# ------------------------------------------------------------------------------------------------------------


Opschorting = tuple[dt.date, dt.date | None] | tuple[dt.date, dt.date | None, dt.date | None]


def opschorting_einde(aangevuld_op: dt.date | None, aanvullen_uiterlijk: dt.date | None) -> dt.date | None:
    """The day a suspension for completion ends (the term runs again from that day): the day the request was
    completed, but at the latest the last day of the completion term the SWV set. None: still open, without a
    completion term (only suspensions recorded before Passend stored that term).

    Source: Awb art. 4:15 lid 1 onder a (https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:15):
    suspended "tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn ongebruikt is
    verstreken"; Awb art. 4:5 lid 1: completion "binnen een door het bestuursorgaan gestelde termijn". Without
    a term set there is no suspension at all (ABRvS 21-09-2016, ECLI:NL:RVS:2016:2527). domain.md does not
    cover Awb 4:15 (it names Awb 4:13 only, §2.7), so this reading is Passend's: the completion term ends at
    the end of its last day, and that day counts again, as the day of completion does ("tot", not "tot en
    met"). A completion after the term changes nothing: the suspension had already ended."""
    if aangevuld_op is None:
        return aanvullen_uiterlijk
    if aanvullen_uiterlijk is None:
        return aangevuld_op
    return min(aangevuld_op, aanvullen_uiterlijk)


def besluit_uiterlijk(ingediend_op: dt.date, weken: int = 8, opschortingen: Iterable[Opschorting] = ()) -> dt.date | None:
    """Last day for the SWV's decision: `weken` after the request was submitted, not counting the days the
    term was suspended while the SWV waited for the school to complete the request.

    Sources: no specific statutory term exists; a TLV is an Awb-besluit, so Awb 4:13 applies (a reasonable
    term, at most 8 weeks when none is set) [GK-unverified in domain.md §2.7]. `weken` is the SWV's setting
    (Toewijzingsinstellingen.besluittermijn_weken), 8 by default.
    Suspension: Awb art. 4:15 lid 1 onder a (https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:15):
    the term is suspended "met ingang van de dag na die waarop het bestuursorgaan [...] de aanvrager uitnodigt
    de aanvraag aan te vullen, tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn
    ongebruikt is verstreken". Each period is (gevraagd_op, aangevuld_op or None while open,
    aanvullen_uiterlijk: the completion term the SWV set, Awb 4:5); the suspension ends on
    opschorting_einde(aangevuld_op, aanvullen_uiterlijk), so it lasts until completion but at most until the
    completion term ends (ABRvS 21-09-2016, ECLI:NL:RVS:2016:2527: no term set, no suspension). Read
    literally ("tot", not "tot en met"): the days from the day after the request up to, not including, that
    day do not count. An open request with a completion term gives the deadline that holds when the school
    does not complete earlier (completing earlier only moves it forward); None only for an open request
    without a completion term (recorded before Passend stored one). A request to complete made after the
    term had already run out suspends nothing."""
    termijn = dt.timedelta(weeks=weken).days
    perioden = []
    for periode in opschortingen:
        van, aangevuld = periode[0], periode[1]
        uiterste = periode[2] if len(periode) > 2 else None
        perioden.append((van, opschorting_einde(aangevuld, uiterste)))
    # The term counts the days after submission; walk the suspended stretches in order of their start.
    geschorst = sorted(
        ((van + dt.timedelta(days=1), None if tot is None else tot - dt.timedelta(days=1))
         for van, tot in perioden),
        key=lambda p: (p[0], p[1] is None, p[1] or p[0]),
    )
    uiterlijk = ingediend_op + dt.timedelta(days=termijn)
    geteld_tot = ingediend_op  # the last day already accounted for
    for begin, einde in geschorst:
        begin = max(begin, geteld_tot + dt.timedelta(days=1))
        if begin > uiterlijk:
            break  # the term had run out before this suspension started
        if einde is None:
            return None  # suspended without an end: no deadline until the school has completed the request
        if einde < begin:
            continue
        uiterlijk += dt.timedelta(days=(einde - begin).days + 1)
        geteld_tot = max(geteld_tot, einde)
    return uiterlijk


def binnen_termijn(ingediend_op: dt.date, besloten_op: dt.date, weken: int = 8,
                   opschortingen: Iterable[Opschorting] = ()) -> bool:
    """Was the decision taken within the SWV's term, suspensions for completion taken into account (see
    besluit_uiterlijk)? A decision taken while the term is suspended is within it."""
    uiterlijk = besluit_uiterlijk(ingediend_op, weken, opschortingen)
    return uiterlijk is None or besloten_op <= uiterlijk


def aanvultermijn_verstreken(aanvullen_uiterlijk: dt.date | None, peildatum: dt.date) -> bool:
    """Has the completion term the SWV set passed unused on `peildatum`, so that the SWV may decide not to
    consider the request ('buiten behandeling stellen')? `aanvullen_uiterlijk` is the last day the school
    could complete (it may still do so on that day); from the day after, the term has passed. Without a term
    set, never: the school must have had the chance to complete within a term the SWV set.

    Source: Awb art. 4:5 lid 1 onder c (https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:5): the
    bestuursorgaan "kan besluiten de aanvraag niet te behandelen, indien [...] de verstrekte gegevens en
    bescheiden onvoldoende zijn voor de beoordeling van de aanvraag [...], mits de aanvrager de gelegenheid
    heeft gehad de aanvraag binnen een door het bestuursorgaan gestelde termijn aan te vullen". domain.md does
    not cover Awb 4:5 (§2.7 names Awb 4:13 only); this reading (the last day itself still counts for the
    school) is Passend's, the same as regels.opschorting_einde. Lid 4 (the decision is made known within
    four weeks after the term passed) is a term for the SWV, not a condition, so it is not enforced here."""
    return aanvullen_uiterlijk is not None and peildatum > aanvullen_uiterlijk


def doorlooptijd_dagen(ingediend_op: dt.date, besloten_op: dt.date) -> int:
    """Calendar days from submission to decision."""
    return (besloten_op - ingediend_op).days


# ------------------------------------------------------------------------------------------------------------
# The TLV's period
# ------------------------------------------------------------------------------------------------------------


def tlv_einddatum(begindatum: dt.date, schooljaren: int = 1) -> dt.date:
    """Default end of a TLV: 31 July of the school year that is `schooljaren` school years on from the one the
    TLV starts in (1 = the end of the current school year).

    Source: SWV practice, most TLV's end on 31 July (domain.md §2.5: swvunita.nl, werkplaats.ppo-nk.nl).
    The duration is the SWV's choice (Toewijzingsinstellingen.tlv_standaard_schooljaren); whether a minimum
    of one school year is statutory is [uncertain] in domain.md, so it is not enforced.
    A TLV that starts in July (the summer holiday) counts from the coming school year."""
    if schooljaren < 1:
        raise ValueError("Een TLV geldt minstens één schooljaar.")
    start = schooljaar(begindatum)
    if begindatum.month == 7:
        # Starting in July would otherwise give a TLV of a few weeks.
        start += 1
    return einde_schooljaar(start + schooljaren - 1)


def tlv_einddatum_emb(begindatum: dt.date, geboortedatum: dt.date, eindleeftijd: int) -> dt.date:
    """End of an EMB pupil's TLV: the whole SO or VSO period, i.e. 31 July of the school year in which the
    pupil reaches `eindleeftijd`.

    Source: sector guideline PO-Raad/VO-raad after motie-Elias (domain.md §2.5): issue the TLV once, valid
    for the whole SO period; a new one at the transition to VSO, valid to the end of schooling. The ages
    that end those periods are settings (emb_so_eindleeftijd, emb_vso_eindleeftijd) since the statutory
    "TLV voor onbepaalde duur" is [uncertain] in domain.md."""
    jarig = _verjaardag(geboortedatum, geboortedatum.year + eindleeftijd)
    einde = einde_schooljaar(schooljaar(jarig))
    if einde < begindatum:
        # Already past that age: the TLV runs to the end of the current school year.
        return einde_schooljaar(schooljaar(begindatum))
    return einde


def _verjaardag(geboortedatum: dt.date, jaar: int) -> dt.date:
    try:
        return geboortedatum.replace(year=jaar)
    except ValueError:  # 29 February in a non-leap year
        return dt.date(jaar, 3, 1)


def verloopt_binnenkort(einddatum: dt.date, peildatum: dt.date, maanden: int = 3) -> bool:
    """Does a TLV that is still valid on `peildatum` end within `maanden` months? (worklist "verloopt").

    Source: SWV practice; a verlenging needs a recent evaluated OPP (domain.md §2.5). The window is the
    SWV's setting (verloop_signaal_maanden)."""
    return peildatum <= einddatum <= plus_maanden(peildatum, maanden)


def plus_maanden(datum: dt.date, maanden: int) -> dt.date:
    """`datum` plus whole calendar months; the last day of a shorter month when the day does not exist."""
    import calendar

    maand_index = datum.month - 1 + maanden
    jaar, maand = datum.year + maand_index // 12, maand_index % 12 + 1
    return dt.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def tlv_status(begindatum: dt.date, einddatum: dt.date, ingetrokken_op: dt.date | None, peildatum: dt.date,
               maanden: int = 3) -> str:
    """One of "ingetrokken", "toekomstig", "verloopt", "actief", "verlopen" on `peildatum`."""
    if ingetrokken_op is not None and ingetrokken_op <= peildatum:
        return "ingetrokken"
    if peildatum < begindatum:
        return "toekomstig"
    if peildatum > einddatum:
        return "verlopen"
    if verloopt_binnenkort(einddatum, peildatum, maanden):
        return "verloopt"
    return "actief"


# ------------------------------------------------------------------------------------------------------------
# Objection (bezwaar) and the LBT
# ------------------------------------------------------------------------------------------------------------


def bezwaartermijn_einde(bekendgemaakt_op: dt.date) -> dt.date:
    """Last day to object: six weeks, starting the day after the decision was made known (Awb 6:7 and 6:8),
    extended by the Algemene termijnenwet when it ends on a weekend day or holiday.

    Source: domain.md §2.8 (bezwaar at the SWV within 6 weeks; LBT reglement)."""
    return termijnenwet(bekendgemaakt_op + dt.timedelta(weeks=6))


def bezwaar_tijdig(bekendgemaakt_op: dt.date, ontvangen_op: dt.date) -> bool:
    """Was the objection received within the term? A late one is flagged, never refused: Awb 6:11 lets the
    SWV accept it when the delay is excusable."""
    return ontvangen_op <= bezwaartermijn_einde(bekendgemaakt_op)


def lbt_vragen_uiterlijk(ontvangen_op: dt.date) -> dt.date:
    """The SWV must ask the LBT for advice within two weeks of receiving the objection (Reglement LBT;
    domain.md §2.8). Not needed when the SWV grants the objection in full."""
    return ontvangen_op + dt.timedelta(weeks=2)


def verweer_uiterlijk(lbt_gevraagd_op: dt.date) -> dt.date:
    """The SWV sends its verweerschrift with the documents within 14 days of asking the LBT (Reglement LBT;
    domain.md §2.8)."""
    return lbt_gevraagd_op + dt.timedelta(days=14)


def beslissing_op_bezwaar_uiterlijk(bekendgemaakt_op: dt.date, weken: int = 12) -> dt.date:
    """Decide on the objection within `weken` after the objection term ended (Awb 7:10: 12 weeks when an
    advisory committee hears the case) [GK-unverified in domain.md §2.8]; `weken` is the SWV's setting."""
    return bezwaartermijn_einde(bekendgemaakt_op) + dt.timedelta(weeks=weken)


# ------------------------------------------------------------------------------------------------------------
# Deskundigenadvies
# ------------------------------------------------------------------------------------------------------------

EERSTE_DESKUNDIGE = frozenset({"orthopedagoog", "psycholoog"})
TWEEDE_DESKUNDIGE = frozenset({
    "kj_psycholoog", "pedagoog", "orthopedagoog", "kinderpsychiater", "maatschappelijk_werker", "arts",
})


def beroep_past(volgorde: int, beroep: str) -> bool:
    """May an expert of profession `beroep` give the first (1) or second (2) advice?

    Source: art. 18a lid 11 WPO / 17a lid 11 WVO and the AMvB (domain.md §2.3): the first is an
    orthopedagoog or psycholoog; the second, depending on the pupil, a kinder- of jeugdpsycholoog,
    pedagoog, kinderpsychiater, maatschappelijk werker or arts. An orthopedagoog may be the second as a
    pedagoog (NVO, after the LBT's ruling); a plain pedagoog may not be the first."""
    if volgorde == 1:
        return beroep in EERSTE_DESKUNDIGE
    if volgorde == 2:
        return beroep in TWEEDE_DESKUNDIGE
    return False


def deskundigenadvies_compleet(adviezen: list[tuple[int, str, int, bool, bool]]) -> str | None:
    """Check the advices a TLV decision rests on. Each advice is (volgorde, beroep, deskundige_id,
    niet_eerder_betrokken, zelfstandig_opgesteld) of an advice that was given. Returns None when there are
    two valid separate advices, else the reason in Dutch.

    Source: domain.md §2.3: two separate written advices (LBT 18-02-2019, nr. 108582: a joint advice does
    not count), by impartial experts (LBT 14-08-2018, nr. 108283), of the right professions."""
    per_volgorde = {}
    for volgorde, beroep, deskundige_id, onpartijdig, zelfstandig in adviezen:
        if not onpartijdig:
            return "Een deskundige die eerder bij de leerling betrokken was, mag niet adviseren."
        if not zelfstandig:
            return "Een gezamenlijk advies telt niet: elke deskundige geeft een eigen, apart advies."
        if not beroep_past(volgorde, beroep):
            return "Het beroep van een deskundige past niet bij de rol van eerste of tweede deskundige."
        per_volgorde.setdefault(volgorde, deskundige_id)
    if 1 not in per_volgorde:
        return "Het advies van de eerste deskundige (orthopedagoog of psycholoog) ontbreekt."
    if 2 not in per_volgorde:
        return "Het advies van de tweede deskundige ontbreekt."
    if per_volgorde[1] == per_volgorde[2]:
        return "De twee adviezen moeten van twee verschillende deskundigen komen."
    return None


# ------------------------------------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------------------------------------


def tlv_nummer(swv_code: str, jaar: int, volgnummer: int) -> str:
    """A TLV number unique within the SWV and readable on paper, e.g. "PO2305-2026-0042"."""
    return f"{swv_code}-{jaar}-{volgnummer:04d}"


def aanvraag_nummer(swv_code: str, jaar: int, volgnummer: int) -> str:
    """A request number, e.g. "AV-PO2305-2026-0042"."""
    return f"AV-{swv_code}-{jaar}-{volgnummer:04d}"
