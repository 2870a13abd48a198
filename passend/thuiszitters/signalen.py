"""Signals of possible thuiszitters for the SWV to check (a worklist, never an automatic registration):

- an aanmelding still open past its 10-week deadline (the pupil is entitled to a temporary place, and may be
  at home meanwhile);
- an enrolment that ended some weeks ago (setting) without a new one, for a pupil of compulsory-school age.
Pupils with an open thuiszitters case are left out.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from passend.accounts.models import SWV_STAF
from passend.register.models import Inschrijving, Leerling, actief_op
from passend.zorgplicht import regels as zorgplicht_regels
from passend.zorgplicht.models import OPEN_STATUSSEN, Aanmelding

from .models import Melding, Thuiszittersinstellingen

LEERPLICHT_VAN, LEERPLICHT_TOT = 5, 16


@dataclass
class Signaal:
    soort: str  # "aanmelding" | "uitschrijving"
    leerling: Leerling
    sinds: dt.date
    tekst: str
    school: object = None


def _zonder_melding(prefix="leerling_id"):
    return ~Q(Exists(Melding.objects.filter(leerling_id=OuterRef(prefix), einddatum__isnull=True)))


def signalen(rol, op: dt.date, limiet: int = 200) -> list[Signaal]:
    if rol is None or not rol.actief or rol.rol not in SWV_STAF:
        return []
    uit: list[Signaal] = []
    grens = op - dt.timedelta(weeks=10)
    for a in (Aanmelding.objects.filter(swv_id=rol.swv_id, status__in=OPEN_STATUSSEN, ontvangen_op__lte=grens)
              .filter(_zonder_melding()).select_related("leerling", "school").order_by("ontvangen_op")[:limiet]):
        if zorgplicht_regels.recht_op_tijdelijke_plaatsing(a.ontvangen_op, a.besloten_op, op):
            uit.append(Signaal("aanmelding", a.leerling, a.ontvangen_op,
                               f"Aanmelding bij {a.school.naam} is na 10 weken nog niet besloten", a.school))
    weken = Thuiszittersinstellingen.voor(rol.swv_id).signaal_weken
    eind_tot = op - dt.timedelta(weeks=weken)
    eind_van = op - dt.timedelta(days=365)
    geboren_na = dt.date(op.year - LEERPLICHT_TOT - 1, op.month, 1)
    geboren_voor = dt.date(op.year - LEERPLICHT_VAN, op.month, 1)
    actief = Inschrijving.objects.filter(leerling_id=OuterRef("leerling_id")).filter(actief_op(op))
    later = Inschrijving.objects.filter(leerling_id=OuterRef("leerling_id"), begindatum__gt=OuterRef("einddatum"))
    geweest = set()
    for i in (Inschrijving.objects.filter(leerling__swv_id=rol.swv_id, einddatum__gte=eind_van, einddatum__lte=eind_tot,
                                          leerling__geboortedatum__gt=geboren_na,
                                          leerling__geboortedatum__lte=geboren_voor)
              .exclude(Exists(actief)).exclude(Exists(later)).filter(_zonder_melding())
              .select_related("leerling", "school").order_by("einddatum")[:limiet]):
        if i.leerling_id in geweest:
            continue
        geweest.add(i.leerling_id)
        uit.append(Signaal("uitschrijving", i.leerling, i.einddatum,
                           f"Uitgeschreven bij {i.school.naam}, geen nieuwe inschrijving", i.school))
    return sorted(uit, key=lambda s: s.sinds)
