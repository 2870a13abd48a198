"""The whole country at once (issue 6, performance): every SWV's inputs for one budget year in a fixed handful
of queries (SWV's, settings, rates, official counts, schools with their bestuur, arrangements, and the TLV's on
each sector's count date and after it), then for every SWV its budget (regels.begroting) and what each of the
four distribution models (regels.verdeel) gives its schools.

The inputs per SWV are the same as gegevens.py reads for one SWV (same rules: the SWV's own rates win, its
official count wins over the register, TLV's valid on the count date counted once, growth after it for the
vangnet, arrangements pro rata for the budget's period); tests/middelen/test_gegevens.py checks that both give
the same budget and distribution. An SWV whose rates are incomplete gets its OntbrekendNormbedrag (naming the
year and the components), never a zero budget.

Used by the benchmark (bench/middelen.py); no access checks here: callers that show the result to a user
must check access themselves.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from passend.register.models import Samenwerkingsverband, School, Soort
from passend.toewijzing.models import Arrangement, Tlv

from . import regels
from .gegevens import LABELS, aanpassing_procent, naar_rato
from .models import Leerlingtelling, Middeleninstellingen, Normbedrag, Verdeelmodel

MODELLEN = tuple(Verdeelmodel.values)  # school, expertise, leerling, hybride
SPECIAAL = ("sbo", "so", "vso")
NUL = Decimal(0)


@dataclass
class Uitkomst:
    """One SWV's year: its inputs, budget and the four distributions (or the reason there is no budget)."""

    swv_id: int
    code: str
    sector: str
    invoer: regels.Invoer
    tarieven: dict
    scholen: list[regels.School]
    begroting: regels.Begroting | None = None
    verdelingen: dict[str, regels.Verdeling] = field(default_factory=dict)
    fout: regels.OntbrekendNormbedrag | None = None


def _sector(code: str) -> str:
    return "VO" if code.startswith("VO") else "PO"  # as gegevens.sector_van


def _tlv_basis(sector: str):
    qs = Tlv.objects.filter(soort__in=SPECIAAL)
    return qs.filter(swv__code__startswith="VO") if sector == "VO" else qs.exclude(swv__code__startswith="VO")


def _speciaal_per_swv(qs) -> dict[int, list[regels.Speciaal]]:
    uit: dict[int, list[regels.Speciaal]] = {}
    for swv_id, nummer, soort, categorie, geboren in qs.values_list(
            "swv_id", "nummer", "soort", "categorie", "leerling__geboortedatum").order_by("nummer"):
        uit.setdefault(swv_id, []).append(regels.Speciaal(nummer, soort, categorie or "", geboren))
    return uit


def _tlvs(sector: str, jaar: int) -> tuple[dict, dict]:
    """TLV pupils on the sector's count date, and the growth after it (regels.groeivenster), per SWV."""
    op = regels.teldatum(jaar, sector)
    op_teldatum = (_tlv_basis(sector).filter(begindatum__lte=op, einddatum__gte=op)
                   .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=op))
                   .exclude(vervangen_door__begindatum__lte=op))
    _, groei_tot = regels.groeivenster(jaar, sector)
    groei = (_tlv_basis(sector).filter(begindatum__gt=op, begindatum__lte=groei_tot, vervangt__isnull=True)
             .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=groei_tot)))
    return _speciaal_per_swv(op_teldatum), _speciaal_per_swv(groei)


def invoer_alle(jaar: int) -> list[Uitkomst]:
    """Every SWV's inputs for `jaar` (budget and distributions not computed yet). Ten queries in all."""
    swvs = list(Samenwerkingsverband.objects.order_by("code").values_list("pk", "code"))
    sector_van = {pk: _sector(code) for pk, code in swvs}

    # Rates: the official rows and each SWV's own rows, chosen per SWV by regels.kies_tarieven (as gegevens does).
    officiele_rijen: list[tuple] = []
    eigen_rijen: dict[int, list[tuple]] = {}
    for swv_id, sector, component, bedrag in Normbedrag.objects.filter(jaar=jaar).values_list(
            "swv_id", "sector", "component", "bedrag"):
        if swv_id is None:
            officiele_rijen.append((False, sector, component, bedrag))
        else:
            eigen_rijen.setdefault(swv_id, []).append((True, sector, component, bedrag))

    tellingen = {t[0]: t[1:] for t in Leerlingtelling.objects.filter(jaar=jaar).values_list(
        "swv_id", "bo", "sbo", "vo", "schoolgewichten", "bron")}

    # Member schools, as gegevens._scholen_q: PO SWV's their BAO and SBO schools, VO SWV's their VO schools.
    leden: dict[int, list[tuple]] = {}
    for pk, naam, bestuur_id, bestuur, leerlingen, soort, po, vo in (
            School.objects.filter(soort__in=[Soort.BAO, Soort.SBO, Soort.VO])
            .values_list("pk", "naam", "bestuur_id", "bestuur__naam", "leerlingen", "soort", "regio_swv_po_id",
                         "regio_swv_vo_id").order_by("naam", "pk")):
        swv_id = vo if soort == Soort.VO else po
        if swv_id is not None and sector_van.get(swv_id) == ("VO" if soort == Soort.VO else "PO"):
            leden.setdefault(swv_id, []).append((pk, naam, bestuur_id, bestuur, leerlingen))

    # Granted arrangements, pro rata for the days in the budget's period of the SWV's sector (as gegevens.scholen):
    # one query over both sectors' periods, each arrangement then counted for its own SWV's period.
    perioden = {sector: regels.begrotingsperiode(jaar, sector) for sector in ("PO", "VO")}
    begin, eind = min(p[0] for p in perioden.values()), max(p[1] for p in perioden.values())
    arrangementen: dict[tuple[int, int], Decimal] = {}
    for swv_id, school_id, bedrag, b, e in (Arrangement.objects.filter(begindatum__lte=eind, einddatum__gte=begin)
                                            .values_list("swv_id", "school_id", "bedrag", "begindatum", "einddatum")):
        if swv_id not in sector_van:
            continue
        deel = naar_rato(bedrag, b, e, *perioden[sector_van[swv_id]])
        if deel:
            sleutel = (swv_id, school_id)
            arrangementen[sleutel] = arrangementen.get(sleutel, NUL) + deel

    speciaal, groei = {}, {}
    for sector in ("PO", "VO"):
        s, g = _tlvs(sector, jaar)
        speciaal.update(s)
        groei.update(g)

    uit = []
    for swv_id, code in swvs:
        sector = sector_van[swv_id]
        scholen = [regels.School(pk, naam, bestuur_id, bestuur or "Onbekend bestuur", leerlingen or 0,
                                 regels.cent(arrangementen.get((swv_id, pk), NUL)))
                   for pk, naam, bestuur_id, bestuur, leerlingen in leden.get(swv_id, [])]
        if swv_id in tellingen:
            bo, sbo, vo, gewichten, bron = tellingen[swv_id]
            n = vo if sector == "VO" else bo + sbo
            bron = bron or "Telling ingevoerd door het SWV"
        else:
            n = sum(s.leerlingen for s in scholen)
            gewichten, bron = 0, "DUO-leerlingaantallen van de scholen in het register"
        invoer = regels.Invoer(jaar=jaar, sector=sector, leerlingen=n, speciaal=speciaal.get(swv_id, []),
                               groei=groei.get(swv_id, []), schoolgewichten=gewichten, bron_leerlingen=bron)
        tarieven = regels.kies_tarieven(officiele_rijen + eigen_rijen.get(swv_id, []), sector)
        uit.append(Uitkomst(swv_id, code, sector, invoer, tarieven, scholen))
    return uit


def bereken(jaar: int) -> list[Uitkomst]:
    """Budget and all four distribution models for every SWV in the country, for budget year `jaar`."""
    uitkomsten = invoer_alle(jaar)
    instellingen = {i.swv_id: i for i in Middeleninstellingen.objects.all()}
    aanpassing = aanpassing_procent(jaar)
    for u in uitkomsten:
        inst = instellingen.get(u.swv_id) or Middeleninstellingen(swv_id=u.swv_id)
        try:
            u.begroting = regels.begroting(u.invoer, u.tarieven, vangnet_drempel_procent=inst.vangnet_drempel_procent,
                                           vangnet_factor=inst.vangnet_factor, labels=LABELS,
                                           aanpassing_verevening_procent=aanpassing)
        except regels.OntbrekendNormbedrag as e:
            u.fout = e
            continue
        hybride = {"school": inst.hybride_school_procent, "leerling": inst.hybride_leerling_procent,
                   "expertise": inst.hybride_expertise_procent}
        for model in MODELLEN:
            u.verdelingen[model] = regels.verdeel(u.begroting.vrij, u.scholen, model,
                                                  apparaat_procent=inst.apparaat_procent,
                                                  vaste_voet_per_school=inst.vaste_voet_per_school, hybride=hybride)
    return uitkomsten


def samenvatting(uitkomsten: list[Uitkomst]) -> dict:
    """Counts for a report line: SWV's, computed ones, those with missing rates, schools, TLV pupils, money."""
    berekend = [u for u in uitkomsten if u.begroting is not None]
    return {
        "swvs": len(uitkomsten),
        "berekend": len(berekend),
        "ontbrekend": sorted(u.code for u in uitkomsten if u.fout is not None),
        "scholen": sum(len(u.scholen) for u in uitkomsten),
        "tlvs_op_teldatum": sum(len(u.invoer.speciaal) for u in uitkomsten),
        "tlvs_groei": sum(len(u.invoer.groei) for u in uitkomsten),
        "vrij": str(sum((u.begroting.vrij for u in berekend), NUL)),
        "verdelingen": sum(len(u.verdelingen) for u in uitkomsten),
    }
