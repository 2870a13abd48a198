"""Who may see and change aanmeldingen (rules for passend.core.access; two forms kept equal by a test).

- SWV staff see every aanmelding of their SWV.
- A school user sees the aanmeldingen at its school(s), and those where its school is proposed as the other
  school (to confirm). It sees the pupil of an aanmelding while it is open or was decided less than a year ago.
- A parent sees the aanmeldingen of their own children.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from passend.accounts.models import BETROKKENEN, SWV_STAF, Rol
from passend.core import access
from passend.core.access import eigen_q, is_eigen, swv_instellingen_regels
from passend.core.access import school_ids as _school_ids

from .models import OPEN_STATUSSEN, Aanmelding, Stap, Status, Zorgplichtinstellingen

NONE = Q(pk__in=[])
ZICHTBAAR_NA_BESLUIT = dt.timedelta(days=365)
ELDERS = (Status.ELDERS_VOORGESTELD, Status.ELDERS_GEPLAATST)


def aanmelding_q(rol, prefix: str = "") -> Q:
    p = prefix
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if rol.rol in SWV_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        scholen = rol.scholen.all()
        return tenant & (Q(**{f"{p}school__in": scholen})
                         | Q(**{f"{p}andere_school__in": scholen, f"{p}status__in": ELDERS}))
    if rol.rol in BETROKKENEN:
        return tenant & eigen_q(rol, f"{p}leerling_id")
    return NONE


def aanmelding_zichtbaar(rol, a: Aanmelding) -> bool:
    if rol is None or not rol.actief or a.swv_id != rol.swv_id:
        return False
    if rol.rol in SWV_STAF:
        return True
    if rol.rol == Rol.SCHOOL:
        mijn = _school_ids(rol)
        return a.school_id in mijn or (a.andere_school_id in mijn and a.status in ELDERS)
    if rol.rol in BETROKKENEN:
        return is_eigen(rol, a.leerling_id)
    return False


def _scope_aanmelding(rol, action):
    if action == "change":
        if rol.rol != Rol.SCHOOL:
            return NONE
        return Q(swv_id=rol.swv_id, school__in=rol.scholen.all(), status__in=OPEN_STATUSSEN)
    return aanmelding_q(rol)


def _can_aanmelding(rol, action, a):
    if action == "change":
        return (rol.rol == Rol.SCHOOL and a.swv_id == rol.swv_id and a.school_id in _school_ids(rol)
                and a.status in OPEN_STATUSSEN)
    return aanmelding_zichtbaar(rol, a)


def _scope_stap(rol, action):
    if action == "change":
        return NONE
    return Q(aanmelding__in=Aanmelding.objects.filter(aanmelding_q(rol)))


def _can_stap(rol, action, s):
    return action == "view" and aanmelding_zichtbaar(rol, s.aanmelding)


# A school user sees the pupil of an aanmelding at its school while it is open or recently decided, and the pupil
# proposed to its school while it must confirm.
def _leerling_extra_q(rol, prefix: str) -> Q:
    grens = timezone.localdate() - ZICHTBAAR_NA_BESLUIT
    scholen = rol.scholen.all()
    aanmeldingen = Aanmelding.objects.filter(leerling_id=OuterRef(f"{prefix}pk")).filter(
        (Q(school__in=scholen) & (Q(status__in=OPEN_STATUSSEN) | Q(besloten_op__gte=grens)))
        | Q(andere_school__in=scholen, status=Status.ELDERS_VOORGESTELD)
    )
    return Q(Exists(aanmeldingen))


def _leerling_extra_can(rol, leerling) -> bool:
    grens = timezone.localdate() - ZICHTBAAR_NA_BESLUIT
    mijn = _school_ids(rol)
    for a in leerling.aanmeldingen.all():
        if a.school_id in mijn and (a.status in OPEN_STATUSSEN or (a.besloten_op and a.besloten_op >= grens)):
            return True
        if a.andere_school_id in mijn and a.status == Status.ELDERS_VOORGESTELD:
            return True
    return False


access.registreer(Aanmelding, _scope_aanmelding, _can_aanmelding)
access.registreer(Stap, _scope_stap, _can_stap)
access.registreer(Zorgplichtinstellingen, *swv_instellingen_regels())
if not any(q is _leerling_extra_q for q, _ in access.SCHOOL_LEERLINGEN):
    access.SCHOOL_LEERLINGEN.append((_leerling_extra_q, _leerling_extra_can))
