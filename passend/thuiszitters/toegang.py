"""Who may see and change the thuiszitters register (rules for passend.core.access; the two forms are kept equal
by a test).

- SWV staff see and work on every case of their SWV.
- A school user sees and works on the cases of its own school(s) (enrolled there, or reported by it).
- The leerplichtambtenaar (gemeente role) sees and works on the cases of pupils of their gemeente, in this register
  only: the case shows the pupil's name, age and school, never the rest of the pupil's file.
- Nobody else (parents, experts, besturen, vervoer) sees the register; besturen and the Steunpunt get counts only.
Nothing is ever deleted, so there is no delete right; a closed case can only be read.
"""

from django.db.models import Q

from passend.accounts.models import SWV_STAF, Rol
from passend.core import access
from passend.core.access import school_ids as _school_ids
from passend.core.access import swv_instellingen_regels

from .models import Actie, Categoriestand, Contact, Melding, Thuiszittersinstellingen, Urenstand

NONE = Q(pk__in=[])
WERKERS = (*SWV_STAF, Rol.SCHOOL, Rol.LEERPLICHT)


def melding_q(rol, prefix: str = "") -> Q:
    p = prefix
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if rol.rol in SWV_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & (Q(**{f"{p}school__in": rol.scholen.all()}) | Q(**{f"{p}gemeld_door_id": rol.user_id}))
    if rol.rol == Rol.LEERPLICHT:
        if not rol.gemeente_id:
            return NONE
        return tenant & Q(**{f"{p}gemeente_id": rol.gemeente_id})
    return NONE


def melding_zichtbaar(rol, m: Melding) -> bool:
    if rol is None or not rol.actief or m.swv_id != rol.swv_id:
        return False
    if rol.rol in SWV_STAF:
        return True
    if rol.rol == Rol.SCHOOL:
        return (m.school_id is not None and m.school_id in _school_ids(rol)) or m.gemeld_door_id == rol.user_id
    if rol.rol == Rol.LEERPLICHT:
        return bool(rol.gemeente_id) and m.gemeente_id == rol.gemeente_id
    return False


def _scope_melding(rol, action):
    q = melding_q(rol)
    if action == "change":
        return q & Q(einddatum__isnull=True) if rol.rol in WERKERS else NONE
    return q


def _can_melding(rol, action, m):
    if not melding_zichtbaar(rol, m):
        return False
    if action == "change":
        return rol.rol in WERKERS and m.einddatum is None
    return True


def _via_melding(change: bool):
    def scope(rol, action):
        q = Q(melding__in=Melding.objects.filter(melding_q(rol)))
        if action == "change":
            return q & Q(melding__einddatum__isnull=True) if change and rol.rol in WERKERS else NONE
        return q

    def can(rol, action, obj):
        if not melding_zichtbaar(rol, obj.melding):
            return False
        if action == "change":
            return change and rol.rol in WERKERS and obj.melding.einddatum is None
        return True

    return scope, can


access.registreer(Melding, _scope_melding, _can_melding)
access.registreer(Actie, *_via_melding(change=True))
access.registreer(Contact, *_via_melding(change=False))  # the timeline is append-only
access.registreer(Urenstand, *_via_melding(change=False))  # the history of hours is append-only
access.registreer(Categoriestand, *_via_melding(change=False))  # so is the history of categories


access.registreer(Thuiszittersinstellingen, *swv_instellingen_regels())


def mag_melden(rol) -> bool:
    """May this role report a thuiszitter? A school (with a school), SWV staff, leerplicht (with a gemeente)."""
    if rol is None or not rol.actief:
        return False
    if rol.rol == Rol.SCHOOL:
        return bool(_school_ids(rol))
    if rol.rol == Rol.LEERPLICHT:
        return bool(rol.gemeente_id)
    return rol.rol in SWV_STAF


def mag_register_zien(rol) -> bool:
    return rol is not None and rol.actief and rol.rol in WERKERS
