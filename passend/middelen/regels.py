"""The money rules as pure functions on plain data (no database): the teldatum, the budget with its deductions
and the vangnet, the four distribution models, the signaleringswaarde and the forecast. Sources in each
docstring; domain.md section 6. All amounts are Decimal in euros; results are rounded to cents at the end,
and a distribution is rounded so that its parts add up to the whole exactly (largest remainder)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NUL = Decimal("0")
HONDERD = Decimal("100")


class OntbrekendNormbedrag(Exception):
    """A rate needed for a year is missing: never a silent zero. The message names the year, the sector and each
    missing component (by its Dutch label when `labels` gives one, else by its code)."""

    def __init__(self, jaar: int, sector: str, componenten: list[str], labels: dict | None = None):
        self.jaar, self.sector, self.componenten = jaar, sector, componenten
        namen = [(labels or {}).get(c, c) for c in componenten]
        super().__init__(f"Er ontbreken normbedragen voor {sector} in {jaar}: {', '.join(namen)}. "
                         f"Voeg ze toe bij Middelen → Normbedragen.")


def cent(x: Decimal) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


PO_KALENDERJAAR_VANAF = 2023  # vereenvoudiging bekostiging PO: per calendar year from 1-1-2023


def teldatum(jaar: int, sector: str) -> dt.date:
    """The count date for the budget of year `jaar` (see begrotingsperiode for the period that year covers).

    PO from 2023 (vereenvoudiging bekostiging, per calendar year): 1 February of the previous year (DUO,
    https://www.duo.nl/zakelijk/primair-onderwijs/bekostiging-en-subsidies/bekostiging-samenwerkingsverbanden/bekostiging-teldatum-1-februari.jsp).
    PO until 1-1-2023, per school year: 1 October before the school year that starts in `jaar` (so 2015, the
    school year 2015-2016 of the official 2015-2016 rates, counts on 1-10-2014) (DUO,
    https://duo.nl/zakelijk/primair-onderwijs/bekostiging-en-subsidies/bekostiging-samenwerkingsverbanden/bekostiging-teldatum-1-oktober.jsp).
    PO 2022 is the transition: August to December 2022 on the count of 1-10-2021, and calendar year 2023 on the
    count of 1-2-2022 (DUO,
    https://www.duo.nl/zakelijk/primair-onderwijs/bekostiging-en-subsidies/bekostiging-voortgezet-speciaal-onderwijs/bekostiging-teldatum-1-oktober.jsp).
    VO, every year: 1 October of the previous year (DUO,
    https://www.duo.nl/zakelijk/voortgezet-onderwijs/bekostiging-en-subsidies/samenwerkingsverbanden/).
    domain.md section 6, "Structure (DUO)"."""
    if sector == "PO" and jaar >= PO_KALENDERJAAR_VANAF:
        return dt.date(jaar - 1, 2, 1)
    return dt.date(jaar - 1, 10, 1)


def begrotingsperiode(jaar: int, sector: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the period the budget of `jaar` covers (the rates of `jaar`, Normbedrag.jaar,
    are those of the period starting in that year: 2015 for 2015-2016).

    PO until 2021: the school year from 1 August `jaar` to 31 July of the next year (the regelingen before the
    vereenvoudiging are per school year, like the Regeling bekostiging personeel PO 2015-2016). PO 2022: the
    transition period 1 August to 31 December 2022 (five months, on the count of 1-10-2021). PO from 2023: the
    calendar year (DUO pages as in teldatum; domain.md section 6). VO: the calendar year (domain.md names no
    school-year period for VO; Passend keeps the calendar year it always used)."""
    if sector == "PO" and jaar < PO_KALENDERJAAR_VANAF:
        return dt.date(jaar, 8, 1), (dt.date(jaar, 12, 31) if jaar == PO_KALENDERJAAR_VANAF - 1
                                     else dt.date(jaar + 1, 7, 31))
    return dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)


def groeivenster(jaar: int, sector: str) -> tuple[dt.date, dt.date]:
    """The growth that counts for the vangnet of `jaar`: TLV's that start after the first date (the count date)
    up to and including the second.

    PO from 2023: until 1 October of the count date's year (growth after teldatum 1 February; the vangnetbepaling
    in the ondersteuningsplan since the groeiregeling ended 1-1-2023, onderwijs-banen.nl 2022-04-20 in domain.md).
    PO until 2022: until 1 February after the count date of 1 October, the window of the old groeiregeling
    ("growth in (v)so/sbo between 1 oktober and 1 februari", art. 124 WPO, DUO groeibekostiging; domain.md
    section 6). Passend prices that growth with the SWV's vangnet setting, as for later years. The windows of
    consecutive PO years follow each other without overlap. VO: unchanged, from the count date to 1 October of
    its year, which is empty: VO growth is not computed yet (domain.md: the VSO deduction is based on 1 February
    of the previous year; open point)."""
    op = teldatum(jaar, sector)
    if sector == "PO" and jaar < PO_KALENDERJAAR_VANAF:
        return op, dt.date(op.year + 1, 2, 1)
    return op, dt.date(op.year, 10, 1)


def leeftijd(geboortedatum: dt.date, op: dt.date) -> int:
    return op.year - geboortedatum.year - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))


def so_component(soort: str, categorie: str, geboortedatum: dt.date | None, op: dt.date, tarieven: dict) -> str:
    """Which rate a special-education pupil with a TLV costs: SBO one amount; SO and VSO by bekostigingscategorie
    (laag/midden/hoog). Where a year has separate SO rates for pupils younger than 8 on the count date (2015-2016,
    art. 28), those apply to them."""
    if soort == "sbo":
        return "sbo"
    cat = categorie or "laag"
    if soort == "so":
        if geboortedatum is not None and leeftijd(geboortedatum, op) < 8 and f"so_jong_{cat}" in tarieven:
            return f"so_jong_{cat}"
        return f"so_{cat}"
    return f"vso_{cat}"


@dataclass(frozen=True)
class Speciaal:
    """One pupil with a TLV of this SWV on the count date (or after it, for the vangnet)."""

    ref: str  # the TLV number: the trace from an amount to a pupil
    soort: str  # sbo / so / vso
    categorie: str
    geboortedatum: dt.date | None = None


@dataclass
class Invoer:
    jaar: int
    sector: str
    leerlingen: int  # regular + SBO pupils of the SWV on the count date (PO: bo + sbo; VO: vo)
    speciaal: list[Speciaal] = field(default_factory=list)  # TLV pupils on the count date
    groei: list[Speciaal] = field(default_factory=list)  # TLV pupils added after the count date (vangnet)
    schoolgewichten: int = 0
    bron_leerlingen: str = ""


@dataclass
class Regel:
    omschrijving: str
    component: str
    aantal: Decimal
    bedrag_per: Decimal
    totaal: Decimal
    refs: list[str] = field(default_factory=list)


@dataclass
class Begroting:
    jaar: int
    sector: str
    teldatum: dt.date
    inkomsten: list[Regel]
    aftrek: list[Regel]
    vangnet: list[Regel]
    licht_tekort: Decimal  # the part of the SBO deduction that lichte ondersteuning could not carry (DUO pays 0)
    # Art. 29 (2015-2016): the SO/VSO deductions (art. 28 amounts) adjusted by a percentage; 0 when the year has none.
    aanpassing_procent: Decimal = NUL
    aanpassing_basis: Decimal = NUL
    aanpassing: Decimal = NUL

    @property
    def periode(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the period this budget covers (begrotingsperiode)."""
        return begrotingsperiode(self.jaar, self.sector)

    @property
    def bruto(self) -> Decimal:
        return sum((r.totaal for r in self.inkomsten), NUL)

    @property
    def totaal_aftrek(self) -> Decimal:
        """The deductions per component plus the art. 29 adjustment (if the year has one)."""
        return sum((r.totaal for r in self.aftrek), NUL) + self.aanpassing

    @property
    def totaal_vangnet(self) -> Decimal:
        return sum((r.totaal for r in self.vangnet), NUL)

    @property
    def vrij(self) -> Decimal:
        """The SWV's free budget: income minus deductions minus the vangnet (may be negative: a shortfall)."""
        return cent(self.bruto - self.totaal_aftrek - self.totaal_vangnet)


BENODIGD = {
    "PO": ["licht", "zwaar", "sbo", "so_laag", "so_midden", "so_hoog"],
    "VO": ["licht", "zwaar", "vso_laag", "vso_midden", "vso_hoog"],
}


INKOMSTEN_COMPONENTEN = ("licht", "zwaar", "smw")


def kies_tarieven(rijen, sector: str) -> dict:
    """The rates that apply to an SWV of `sector` from rows (eigen: the SWV's own row?, sector, component, bedrag).

    Income rates (licht, zwaar, smw) come from the SWV's own sector only. The amounts per SBO/SO/VSO pupil are one
    national table for both sectors (art. 28 of the 2015-2016 regeling is "PO/VO"): a PO-SWV that issued a VSO-TLV
    pays the VSO amount. The SWV's own rows win over official ones, and rows of its own sector over the other's."""
    gekozen: dict[str, tuple] = {}
    for eigen, rij_sector, component, bedrag in rijen:
        if component in INKOMSTEN_COMPONENTEN and rij_sector != sector:
            continue
        rang = (bool(eigen), rij_sector == sector)
        if component not in gekozen or rang > gekozen[component][0]:
            gekozen[component] = (rang, bedrag)
    return {c: b for c, (_, b) in gekozen.items()}


def controleer_tarieven(jaar: int, sector: str, tarieven: dict, labels: dict | None = None) -> None:
    """Raise OntbrekendNormbedrag naming the year and every missing component."""
    mist = [c for c in BENODIGD[sector] if c not in tarieven]
    if mist:
        raise OntbrekendNormbedrag(jaar, sector, mist, labels)


def is_vereveningsbedrag(component: str) -> bool:
    """Whether a deduction component's rate is one of the SO/VSO amounts per bekostigingscategorie (art. 28 of the
    2015-2016 regeling, "vereveningsbedragen voor zware ondersteuning"): the amounts art. 29 adjusts. SBO (art. 19)
    is not one of them."""
    return component.startswith(("so_", "vso_"))


def aanpassing_verevening(bedrag: Decimal, procent: Decimal) -> Decimal:
    """The adjustment of amounts computed with the vereveningsbedragen: `procent` % of `bedrag`, rounded to the
    cent. Regeling bekostiging personeel PO 2015-2016 (BWBR0037118, https://wetten.overheid.nl/BWBR0037118), art. 29:
    "Het percentage waarmee de met behulp van de artikelen 23 tot en met 28 berekende bedragen [...] worden
    aangepast, is 3,315%" (data/source/; domain.md section 6, verevening). The percentage is data per year (the
    art. 29 row of data/bekostiging_normbedragen_swv_2015_2016.csv); Passend applies it to the SO/VSO deductions,
    which it computes with the art. 28 amounts, as one extra line: the amounts per TLV stay traceable."""
    return cent(Decimal(bedrag) * Decimal(procent) / HONDERD)


def _per_component(pupils: list[Speciaal], op: dt.date, tarieven: dict) -> dict[str, list[str]]:
    uit: dict[str, list[str]] = {}
    for p in pupils:
        uit.setdefault(so_component(p.soort, p.categorie, p.geboortedatum, op, tarieven), []).append(p.ref)
    return uit


def begroting(invoer: Invoer, tarieven: dict[str, Decimal], *, vangnet_drempel_procent: Decimal = NUL,
              vangnet_factor: Decimal = Decimal("0.583"), labels: dict | None = None,
              aanpassing_verevening_procent: Decimal | None = None) -> Begroting:
    """The SWV's budget for one year.

    Income: lichte and zware ondersteuning, each rate × the pupils on the count date; schoolmaatschappelijk werk
    × the sum of school weights where it applies (DUO, bekostiging samenwerkingsverbanden). Deductions: for every
    pupil with a TLV of this SWV on the count date, the amount DUO pays the special school directly: SBO from
    lichte ondersteuning (what is left cannot be negative: DUO then pays nothing), SO/VSO by category from zware
    ondersteuning (DUO teldatum-1-februari page; "betalend samenwerkingsverband"). The count date is
    teldatum(jaar, sector). Vangnet (the SWV's own rule since the groeiregeling ended 1-1-2023, a setting): growth
    after the count date (in groeivenster; the caller selects it) above `vangnet_drempel_procent`
    of the TLV pupils on the count date, each at its rate × `vangnet_factor`. Where the year's regeling has an
    adjustment percentage for the vereveningsbedragen (`aanpassing_verevening_procent`, art. 29 in 2015-2016),
    the SO/VSO deductions are adjusted by it (aanpassing_verevening); the vangnet, the SWV's own rule, is not."""
    labels = labels or {}
    controleer_tarieven(invoer.jaar, invoer.sector, tarieven, labels)
    op = teldatum(invoer.jaar, invoer.sector)
    n = Decimal(invoer.leerlingen)
    inkomsten = [
        Regel("Lichte ondersteuning", "licht", n, tarieven["licht"], cent(n * tarieven["licht"])),
        Regel("Zware ondersteuning", "zwaar", n, tarieven["zwaar"], cent(n * tarieven["zwaar"])),
    ]
    if invoer.schoolgewichten and "smw" in tarieven:
        g = Decimal(invoer.schoolgewichten)
        inkomsten.append(Regel("Schoolmaatschappelijk werk", "smw", g, tarieven["smw"], cent(g * tarieven["smw"])))
    aftrek = []
    for comp, refs in sorted(_per_component(invoer.speciaal, op, tarieven).items()):
        if comp not in tarieven:
            raise OntbrekendNormbedrag(invoer.jaar, invoer.sector, [comp], labels)
        k = Decimal(len(refs))
        aftrek.append(Regel(labels.get(comp, comp), comp, k, tarieven[comp], cent(k * tarieven[comp]), sorted(refs)))
    # SBO comes off lichte ondersteuning; what it cannot carry is not paid by DUO (shown, not deducted).
    sbo = sum((r.totaal for r in aftrek if r.component == "sbo"), NUL)
    licht = inkomsten[0].totaal
    licht_tekort = max(NUL, sbo - licht)
    if licht_tekort:
        for r in aftrek:
            if r.component == "sbo":
                r.totaal = cent(r.totaal - licht_tekort)
    vangnet = []
    drempel = (Decimal(len(invoer.speciaal)) * vangnet_drempel_procent / HONDERD)
    te_vergoeden = max(0, len(invoer.groei) - int(drempel))
    if te_vergoeden:
        groei = sorted(invoer.groei, key=lambda p: p.ref)[:te_vergoeden]
        for comp, refs in sorted(_per_component(groei, op, tarieven).items()):
            if comp not in tarieven:
                raise OntbrekendNormbedrag(invoer.jaar, invoer.sector, [comp], labels)
            k = Decimal(len(refs))
            per = cent(tarieven[comp] * vangnet_factor)
            vangnet.append(Regel(f"Vangnet: groei na teldatum, {labels.get(comp, comp)}", comp, k, per, cent(k * per),
                                 sorted(refs)))
    procent = Decimal(aanpassing_verevening_procent or 0)
    basis = sum((r.totaal for r in aftrek if is_vereveningsbedrag(r.component)), NUL) if procent else NUL
    return Begroting(invoer.jaar, invoer.sector, op, inkomsten, aftrek, vangnet, cent(licht_tekort),
                     aanpassing_procent=procent if basis else NUL, aanpassing_basis=basis,
                     aanpassing=aanpassing_verevening(basis, procent) if basis else NUL)


# ------------------------------------------------------------------------------------------------------------
# Distribution
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class School:
    school_id: int
    naam: str
    bestuur_id: int | None
    bestuur: str
    leerlingen: int
    arrangementen: Decimal = NUL  # granted arrangement amounts in the year at this school


@dataclass
class Verdeling:
    model: str
    per_school: dict[int, Decimal]
    swv: Decimal  # what stays with the SWV (organisation, expertise, unspent)
    totaal: Decimal

    def per_bestuur(self, scholen: list[School]) -> dict[int | None, Decimal]:
        uit: dict[int | None, Decimal] = {}
        for s in scholen:
            uit[s.bestuur_id] = uit.get(s.bestuur_id, NUL) + self.per_school.get(s.school_id, NUL)
        return uit


def verdeel_in_centen(bedrag: Decimal, gewichten: dict, ) -> dict:
    """Split `bedrag` (≥ 0) over keys by weight, in cents, so that the parts add up to it exactly (largest
    remainder; ties by key order). All weights 0 → nothing is given out (everything to the first key? no: {})."""
    bedrag = cent(bedrag)
    totaal_gewicht = sum((Decimal(g) for g in gewichten.values()), NUL)
    if bedrag <= 0 or totaal_gewicht <= 0:
        return {k: NUL for k in gewichten}
    centen = int(bedrag * 100)
    ruw = {k: Decimal(g) * centen / totaal_gewicht for k, g in gewichten.items()}
    basis = {k: int(v) for k, v in ruw.items()}
    rest = centen - sum(basis.values())
    for k in sorted(ruw, key=lambda k: (-(ruw[k] - basis[k]), str(k)))[:rest]:
        basis[k] += 1
    return {k: Decimal(v) / 100 for k, v in basis.items()}


def verdeel(bedrag: Decimal, scholen: list[School], model: str, *, apparaat_procent: Decimal = NUL,
            vaste_voet_per_school: Decimal = NUL, hybride: dict | None = None) -> Verdeling:
    """What each school (and so each bestuur) receives from the SWV's free budget, and what the SWV keeps.

    - schoolmodel: after the SWV's own share (`apparaat_procent`), a fixed base per school (if it fits) and the
      rest by pupil numbers (aobmedezeggenschap.nl, schoolmodel; SPPOH: vaste voet + bedrag per leerling);
    - expertisemodel: the SWV keeps the money and funds arrangements and its expertise itself: besturen receive
      nothing directly (aobmedezeggenschap.nl, expertisemodel);
    - leerlingmodel: the money follows granted arrangements: each school receives its arrangement amounts (scaled
      down if together they exceed what is available); the rest stays with the SWV;
    - hybride: the shares in `hybride` ({"school": %, "leerling": %, "expertise": %}, summing to 100) of the
      available money each go through their model, and the results are added up.
    A negative budget distributes nothing. The parts always add up to `bedrag` to the cent."""
    bedrag = cent(bedrag)
    ids = [s.school_id for s in scholen]
    leeg = dict.fromkeys(ids, NUL)
    if bedrag <= 0:
        return Verdeling(model, leeg, bedrag, bedrag)
    apparaat = cent(bedrag * apparaat_procent / HONDERD)
    beschikbaar = bedrag - apparaat
    if model == "hybride":
        hybride = hybride or {"school": Decimal(50), "leerling": Decimal(25), "expertise": Decimal(25)}
        delen = verdeel_in_centen(beschikbaar, {m: Decimal(hybride.get(m, 0)) for m in ("school", "leerling", "expertise")})
        per_school = dict(leeg)
        swv = apparaat
        for m, deel in delen.items():
            v = verdeel(deel, scholen, m, vaste_voet_per_school=vaste_voet_per_school)
            swv += v.swv
            for k, b in v.per_school.items():
                per_school[k] += b
        return Verdeling(model, per_school, cent(swv), bedrag)
    if model == "expertise":
        return Verdeling(model, leeg, bedrag, bedrag)
    if model == "leerling":
        vraag = {s.school_id: max(NUL, cent(s.arrangementen)) for s in scholen}
        totaal_vraag = sum(vraag.values(), NUL)
        if totaal_vraag <= beschikbaar:
            per_school = {k: vraag[k] for k in ids}
        else:
            per_school = verdeel_in_centen(beschikbaar, vraag)
        return Verdeling(model, per_school, cent(bedrag - sum(per_school.values(), NUL)), bedrag)
    if model == "school":
        voet = cent(vaste_voet_per_school)
        if voet * len(scholen) > beschikbaar:
            voet = NUL  # the base does not fit: everything by pupil numbers
        rest = beschikbaar - voet * len(scholen)
        per_leerling = verdeel_in_centen(rest, {s.school_id: s.leerlingen for s in scholen})
        per_school = {k: voet + per_leerling.get(k, NUL) for k in ids}
        if not any(s.leerlingen for s in scholen):
            per_school = {k: voet for k in ids}
        return Verdeling(model, per_school, cent(bedrag - sum(per_school.values(), NUL)), bedrag)
    raise ValueError(f"Onbekend verdeelmodel: {model}")


# ------------------------------------------------------------------------------------------------------------
# Reserves and forecast
# ------------------------------------------------------------------------------------------------------------

def signaleringswaarde(totale_baten: Decimal, *, minimum: Decimal = Decimal("250000"),
                       procent: Decimal = Decimal("3.5")) -> Decimal:
    """The signaleringswaarde for an SWV's reserve: max(minimum; procent % of total income). The formula is
    recalled, not verified (domain.md section 6 [GK-unverified]): both numbers are settings."""
    return cent(max(minimum, Decimal(totale_baten) * procent / HONDERD))


def boven_signaleringswaarde(reserve: Decimal, waarde: Decimal) -> Decimal:
    """How much the reserve is above the signaleringswaarde (0 when not above)."""
    return cent(max(NUL, Decimal(reserve) - waarde))


def trend_procent(reeks: list[int]) -> Decimal | None:
    """The average yearly change of a series of yearly counts, as a compound percentage with one decimal (first
    to last value); None with fewer than two years or a start of 0. Shown next to the forecast's assumptions as
    what was observed, for the SWV to judge (issue 6: a forecast "from trends in pupil counts and TLV's")."""
    if len(reeks) < 2 or reeks[0] <= 0:
        return None
    factor = (Decimal(reeks[-1]) / Decimal(reeks[0])) ** (Decimal(1) / Decimal(len(reeks) - 1))
    return ((factor - 1) * HONDERD).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _jaren_later(d: dt.date | None, jaren: int) -> dt.date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year + jaren, day=28)


def prognose(invoer: Invoer, tarieven: dict, jaren: int, *, groei_leerlingen_procent: Decimal,
             groei_tlv_procent: Decimal, indexatie_procent: Decimal, **opties) -> list[Begroting]:
    """Budgets for the next `jaren` years from this year's input: pupil numbers and TLV pupils change by the given
    percentages per year (compound, rounded to whole pupils), rates by the indexation. Assumptions, not rules:
    the SWV edits them. `opties` go to begroting unchanged for every year (the vangnet settings and, where the base
    year has one, the art. 29 adjustment percentage, which is a percentage and so not indexed)."""
    uit = []
    for i in range(1, jaren + 1):
        f_ll = (1 + groei_leerlingen_procent / HONDERD) ** i
        f_tlv = (1 + groei_tlv_procent / HONDERD) ** i
        f_idx = (1 + indexatie_procent / HONDERD) ** i
        n_tlv = int((Decimal(len(invoer.speciaal)) * f_tlv).to_integral_value(rounding=ROUND_HALF_UP))
        basis = invoer.speciaal or []
        # The mix of this year's TLV pupils (type, category, age on the count date) is assumed to stay the same.
        speciaal = [Speciaal(f"{p.ref}~{j}", p.soort, p.categorie, _jaren_later(p.geboortedatum, i))
                    for j, p in ((j, basis[j % len(basis)]) for j in range(n_tlv))] if basis else []
        volgend = Invoer(jaar=invoer.jaar + i, sector=invoer.sector,
                         leerlingen=int((Decimal(invoer.leerlingen) * f_ll).to_integral_value(rounding=ROUND_HALF_UP)),
                         speciaal=speciaal, schoolgewichten=invoer.schoolgewichten)
        uit.append(begroting(volgend, {k: cent(v * f_idx) for k, v in tarieven.items()}, **opties))
    return uit
