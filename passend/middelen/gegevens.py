"""From the database to the plain inputs of regels.py: rates for a year, the pupil counts and TLV pupils on the
count date, and the schools with their bestuur and granted arrangements. Bounded queries (a handful per SWV);
`landelijk.bereken` loads the whole country at once for the benchmark."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum

from passend.register.models import School, Soort
from passend.toewijzing.models import Arrangement, Tlv

from . import normbedragen, regels
from .models import Component, Leerlingtelling, Normbedrag

LABELS = dict(Component.choices)


def sector_van(swv) -> str:
    return "VO" if swv.code.startswith("VO") else "PO"


def tarieven(swv, jaar: int) -> tuple[dict, dict]:
    """The rates for `jaar` (regels.kies_tarieven: the SWV's own rows win, special-education amounts from either
    sector) and their sources."""
    sector = sector_van(swv)
    rijen = list(Normbedrag.objects.filter(jaar=jaar).filter(Q(swv__isnull=True) | Q(swv=swv))
                 .values_list("swv_id", "sector", "component", "bedrag", "bron"))
    bedragen = regels.kies_tarieven([(s is not None, sec, c, b) for s, sec, c, b, _ in rijen], sector)
    bronnen = {}
    for s, _sec, c, b, bron in rijen:
        if bedragen.get(c) == b and (c not in bronnen or s is not None):
            bronnen[c] = bron
    return bedragen, bronnen


def jaren_met_tarieven(swv) -> list[int]:
    return sorted(set(Normbedrag.objects.filter(Q(swv__isnull=True) | Q(swv=swv), sector=sector_van(swv))
                      .values_list("jaar", flat=True)), reverse=True)


def _scholen_q(swv) -> Q:
    return Q(regio_swv_vo=swv, soort=Soort.VO) if sector_van(swv) == "VO" else Q(regio_swv_po=swv,
                                                                                 soort__in=[Soort.BAO, Soort.SBO])


def _tlvs_op(swv, op: dt.date):
    return (Tlv.objects.filter(swv=swv, begindatum__lte=op, einddatum__gte=op, soort__in=["sbo", "so", "vso"])
            .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=op))
            .exclude(vervangen_door__begindatum__lte=op))


def _speciaal(qs) -> list[regels.Speciaal]:
    return [regels.Speciaal(nummer, soort, categorie or "", geboren)
            for nummer, soort, categorie, geboren in qs.values_list("nummer", "soort", "categorie",
                                                                   "leerling__geboortedatum").order_by("nummer")]


def invoer(swv, jaar: int) -> regels.Invoer:
    sector = sector_van(swv)
    op = regels.teldatum(jaar, sector)
    telling = Leerlingtelling.objects.filter(swv=swv, jaar=jaar).first()
    if telling is not None:
        n = telling.vo if sector == "VO" else telling.bo + telling.sbo
        gewichten, bron = telling.schoolgewichten, telling.bron or "Telling ingevoerd door het SWV"
    else:
        n = School.objects.filter(_scholen_q(swv)).aggregate(n=Sum("leerlingen"))["n"] or 0
        gewichten, bron = 0, "DUO-leerlingaantallen van de scholen in het register"
    speciaal = _speciaal(_tlvs_op(swv, op))
    # Growth after the count date (the vangnet): TLV's that started in regels.groeivenster.
    _, groei_tot = regels.groeivenster(jaar, sector)
    groei = _speciaal(Tlv.objects.filter(swv=swv, begindatum__gt=op, begindatum__lte=groei_tot,
                                         soort__in=["sbo", "so", "vso"], vervangt__isnull=True)
                      .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=groei_tot)))
    return regels.Invoer(jaar=jaar, sector=sector, leerlingen=n, speciaal=speciaal, groei=groei,
                         schoolgewichten=gewichten, bron_leerlingen=bron)


def aanpassing_procent(jaar: int) -> Decimal | None:
    """The art. 29 adjustment percentage for `jaar` (normbedragen.aanpassing_verevening), or None."""
    a = normbedragen.aanpassing_verevening(jaar)
    return a[0] if a else None


def begroting(swv, jaar: int, inst) -> regels.Begroting:
    bedragen, _ = tarieven(swv, jaar)
    return regels.begroting(invoer(swv, jaar), bedragen, vangnet_drempel_procent=inst.vangnet_drempel_procent,
                            vangnet_factor=inst.vangnet_factor, labels=LABELS,
                            aanpassing_verevening_procent=aanpassing_procent(jaar))


def naar_rato(bedrag, b: dt.date, e: dt.date, begin: dt.date, eind: dt.date) -> Decimal:
    """The part of `bedrag` (for the days b..e) that falls in begin..eind, by days; 0 when they do not meet."""
    binnen = (min(e, eind) - max(b, begin)).days + 1
    if binnen <= 0:
        return Decimal(0)
    return Decimal(bedrag or 0) * binnen / ((e - b).days + 1)


def scholen(swv, jaar: int) -> list[regels.School]:
    """The SWV's member schools with their bestuur and the arrangement amounts granted for `jaar` (pro rata
    for the days of the arrangement that fall in the budget's period, regels.begrotingsperiode: the school year
    for PO before 2023, else the calendar year)."""
    begin, eind = regels.begrotingsperiode(jaar, sector_van(swv))
    per_school: dict[int, Decimal] = {}
    for school_id, bedrag, b, e in (Arrangement.objects.filter(swv=swv, begindatum__lte=eind, einddatum__gte=begin)
                                    .values_list("school_id", "bedrag", "begindatum", "einddatum")):
        per_school[school_id] = per_school.get(school_id, Decimal(0)) + naar_rato(bedrag, b, e, begin, eind)
    return [regels.School(pk, naam, bestuur_id, bestuur or "Onbekend bestuur", leerlingen or 0,
                          regels.cent(per_school.get(pk, Decimal(0))))
            for pk, naam, bestuur_id, bestuur, leerlingen in School.objects.filter(_scholen_q(swv))
            .values_list("pk", "naam", "bestuur_id", "bestuur__naam", "leerlingen").order_by("naam", "pk")]


def besteed(swv, jaar: int) -> dict:
    """Granted arrangements booked against the budget's period (pro rata), and what was actually spent in it
    (bestedingen dated in the period)."""
    from passend.toewijzing.models import Besteding

    begin, eind = regels.begrotingsperiode(jaar, sector_van(swv))
    toegekend = sum((s.arrangementen for s in scholen(swv, jaar)), Decimal(0))
    uitgegeven = (Besteding.objects.filter(arrangement__swv=swv, datum__gte=begin, datum__lte=eind)
                  .aggregate(s=Sum("bedrag"))["s"] or Decimal(0))
    return {"toegekend": regels.cent(toegekend), "uitgegeven": regels.cent(uitgegeven)}


def waargenomen(swv, jaar: int, jaren: int = 3) -> dict:
    """What was observed over the last `jaren` budget years up to `jaar`: TLV pupils on each count date (from the
    TLV register) and the official pupil counts the SWV entered (the register holds one DUO count only)."""
    sector = sector_van(swv)
    reeks = list(range(jaar - jaren + 1, jaar + 1))
    tlvs = [(j, _tlvs_op(swv, regels.teldatum(j, sector)).count()) for j in reeks]
    tellingen = {t.jaar: (t.vo if sector == "VO" else t.bo + t.sbo)
                 for t in Leerlingtelling.objects.filter(swv=swv, jaar__in=reeks)}
    leerlingen = [(j, tellingen[j]) for j in reeks if j in tellingen]
    return {
        "tlvs": tlvs, "tlv_trend": regels.trend_procent([n for _, n in tlvs]),
        "leerlingen": leerlingen, "leerling_trend": regels.trend_procent([n for _, n in leerlingen]),
    }
