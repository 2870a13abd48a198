"""The one place that adds up the amounts of arrangementen: what was granted, what was spent, what is left.

Pages (the arrangementen list and detail) and, later, the funding module (issue 6) read their numbers here,
so a total means the same everywhere. Nothing here writes.

Rules:
- Granted ("toegekend") is Arrangement.bedrag (money, never empty: 0 when only hours were granted) and
  Arrangement.uren (hours, may be empty: counted as 0 in totals).
- Spent ("besteed") is the sum of the Bestedingen booked on an arrangement (services.besteding_boeken only
  accepts dates inside the arrangement's period).
- Rest = granted - spent, per arrangement and per total. It is negative when more was spent than granted;
  it is not capped.
- Nothing is pro-rated. `totalen(swv, van, tot)` takes every arrangement whose period overlaps [van, tot]
  (begindatum <= tot and einddatum >= van; an arrangement ended early with `beeindigd_op` before `van` does
  not count) with its *whole* granted amount and *all* its bookings, so rest = granted - spent holds per
  row. The bookings dated inside [van, tot] are given separately (`besteed_in_periode_*`) for reports that
  ask what was spent in a year.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Arrangement, Besteding

NUL = Decimal("0")
_BEDRAG = DecimalField(max_digits=14, decimal_places=2)
_UREN = DecimalField(max_digits=11, decimal_places=1)

PER = {
    "school": ("school_id", "school__naam"),
    "bestuur": ("school__bestuur_id", "school__bestuur__naam"),
}


def _besteed(veld: str, output):
    som = (
        Besteding.objects.filter(arrangement_id=OuterRef("pk")).order_by()
        .values("arrangement_id").annotate(s=Sum(veld)).values("s")
    )
    return Coalesce(Subquery(som, output_field=output), Value(NUL), output_field=output)


def toegekend_en_besteed(arrangementen):
    """The arrangementen queryset annotated per row with `besteed_bedrag`, `besteed_uren` (0 without
    bookings), `rest_bedrag` (bedrag - besteed_bedrag) and `rest_uren` (uren - besteed_uren; empty when no
    hours were granted). Sums come from subqueries, so joining or filtering the queryset further does not
    count a booking twice."""
    return arrangementen.annotate(
        besteed_bedrag=_besteed("bedrag", _BEDRAG),
        besteed_uren=_besteed("uren", _UREN),
    ).annotate(
        rest_bedrag=ExpressionWrapper(F("bedrag") - F("besteed_bedrag"), output_field=_BEDRAG),
        rest_uren=ExpressionWrapper(F("uren") - F("besteed_uren"), output_field=_UREN),
    )


@dataclass
class Totaal:
    """Totals for a group of arrangementen (a school, a bestuur, a selection, or everything)."""

    sleutel: int | None = None
    naam: str = ""
    aantal: int = 0
    toegekend_bedrag: Decimal = NUL
    toegekend_uren: Decimal = NUL
    besteed_bedrag: Decimal = NUL
    besteed_uren: Decimal = NUL
    besteed_in_periode_bedrag: Decimal = NUL
    besteed_in_periode_uren: Decimal = NUL

    @property
    def rest_bedrag(self) -> Decimal:
        return self.toegekend_bedrag - self.besteed_bedrag

    @property
    def rest_uren(self) -> Decimal:
        return self.toegekend_uren - self.besteed_uren

    @property
    def percentage_bedrag(self) -> int | None:
        return percentage(self.toegekend_bedrag, self.besteed_bedrag)

    @property
    def percentage_uren(self) -> int | None:
        return percentage(self.toegekend_uren, self.besteed_uren)


def percentage(toegekend, besteed) -> int | None:
    """Spent as a whole percentage of granted (may exceed 100); None when nothing was granted."""
    if not toegekend:
        return None
    return int((Decimal(besteed or 0) * 100 / Decimal(toegekend)).to_integral_value())


def _nul(waarde) -> Decimal:
    return NUL if waarde is None else Decimal(waarde)


def samenvatting(arrangementen, naam: str = "Totaal") -> Totaal:
    """Totals over a queryset of arrangementen (e.g. the filtered list a page shows, or one arrangement).
    There is no date window here, so `besteed_in_periode_*` equals `besteed_*`."""
    ids = arrangementen.order_by().values("pk")
    t = Arrangement.objects.filter(pk__in=ids).aggregate(
        aantal=Count("pk"), som_bedrag=Sum("bedrag"), som_uren=Sum("uren"),
    )
    b = Besteding.objects.filter(arrangement_id__in=ids).aggregate(som_bedrag=Sum("bedrag"), som_uren=Sum("uren"))
    besteed_bedrag, besteed_uren = _nul(b["som_bedrag"]), _nul(b["som_uren"])
    return Totaal(
        naam=naam, aantal=t["aantal"] or 0, toegekend_bedrag=_nul(t["som_bedrag"]),
        toegekend_uren=_nul(t["som_uren"]), besteed_bedrag=besteed_bedrag, besteed_uren=besteed_uren,
        besteed_in_periode_bedrag=besteed_bedrag, besteed_in_periode_uren=besteed_uren,
    )


def in_periode(arrangementen, van: dt.date, tot: dt.date):
    """The arrangementen whose period overlaps [van, tot] (both days included), leaving out those ended
    early (`beeindigd_op`) before `van`."""
    return arrangementen.filter(begindatum__lte=tot, einddatum__gte=van).filter(
        Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gte=van)
    )


def totalen(swv, van: dt.date, tot: dt.date, per: str = "school") -> list[Totaal]:
    """Granted, spent and rest per school (or per bestuur) for the SWV's arrangementen whose period overlaps
    [van, tot]; see the module docstring for what is counted. One row per school or bestuur that has such an
    arrangement, sorted by name; arrangementen of a school without a known bestuur form one row with
    sleutel None. Add the rows up with `optellen`."""
    if per not in PER:
        raise ValueError(f"per moet 'school' of 'bestuur' zijn, niet {per!r}")
    if tot < van:
        raise ValueError("tot ligt vóór van")
    sleutel, naam = PER[per]
    swv_id = getattr(swv, "pk", swv)
    arrangementen = in_periode(Arrangement.objects.filter(swv_id=swv_id), van, tot)
    rijen: dict = {}
    for r in arrangementen.order_by().values(sleutel, naam).annotate(
        aantal=Count("pk"), som_bedrag=Sum("bedrag"), som_uren=Sum("uren"),
    ):
        rijen[r[sleutel]] = Totaal(
            sleutel=r[sleutel], naam=r[naam] or ("Bestuur onbekend" if per == "bestuur" else ""),
            aantal=r["aantal"], toegekend_bedrag=_nul(r["som_bedrag"]), toegekend_uren=_nul(r["som_uren"]),
        )
    in_venster = Q(datum__gte=van, datum__lte=tot)
    for r in (
        Besteding.objects.filter(arrangement__in=arrangementen.values("pk")).order_by()
        .values(f"arrangement__{sleutel}")
        .annotate(som_bedrag=Sum("bedrag"), som_uren=Sum("uren"),
                  venster_bedrag=Sum("bedrag", filter=in_venster), venster_uren=Sum("uren", filter=in_venster))
    ):
        rij = rijen[r[f"arrangement__{sleutel}"]]
        rij.besteed_bedrag, rij.besteed_uren = _nul(r["som_bedrag"]), _nul(r["som_uren"])
        rij.besteed_in_periode_bedrag = _nul(r["venster_bedrag"])
        rij.besteed_in_periode_uren = _nul(r["venster_uren"])
    return sorted(rijen.values(), key=lambda t: (t.sleutel is None, t.naam.casefold(), t.sleutel or 0))


def optellen(rijen, naam: str = "Totaal") -> Totaal:
    """The sum of several Totaal rows (e.g. the output of `totalen`) as one row."""
    t = Totaal(naam=naam)
    for r in rijen:
        t.aantal += r.aantal
        for veld in ("toegekend_bedrag", "toegekend_uren", "besteed_bedrag", "besteed_uren",
                     "besteed_in_periode_bedrag", "besteed_in_periode_uren"):
            setattr(t, veld, getattr(t, veld) + getattr(r, veld))
    return t
