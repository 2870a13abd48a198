"""Who may see and change leerlingenvervoer (rules for passend.core.access).

- The gemeente's vervoer role (Roltoekenning.gemeente) sees the requests of pupils living in its gemeente, with
  what the decision needs, and decides them; it keeps the gemeente's vehicles, settings and route plannings.
- SWV staff and the pupil's school read the requests of their pupils (to know transport is arranged); parents and
  the pupil read their own. Nobody else.
"""

from django.db.models import Q

from passend.accounts.models import BETROKKENEN, SWV_STAF, Rol
from passend.core import access

from .models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig

NONE = Q(pk__in=[])


def is_vervoer(rol) -> bool:
    return rol is not None and rol.actief and rol.rol == Rol.VERVOER and rol.gemeente_id is not None


def mag_aanvragen(rol) -> bool:
    """Who may submit a request: parents (for their child), the school, SWV staff."""
    return rol is not None and rol.actief and rol.rol in (*SWV_STAF, Rol.SCHOOL, Rol.OUDER)


def _scope_aanvraag(rol, action):
    tenant = Q(swv_id=rol.swv_id)
    if rol.rol == Rol.VERVOER:
        return tenant & Q(gemeente_id=rol.gemeente_id) if rol.gemeente_id else NONE
    if action == "change":
        return NONE
    if rol.rol in SWV_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & Q(school_id__in=access.school_ids(rol))
    if rol.rol in BETROKKENEN:
        return tenant & access.eigen_q(rol)
    return NONE


def _can_aanvraag(rol, action, obj):
    if obj.swv_id != rol.swv_id:
        return False
    if rol.rol == Rol.VERVOER:
        return rol.gemeente_id is not None and obj.gemeente_id == rol.gemeente_id
    if action == "change":
        return False
    if rol.rol in SWV_STAF:
        return True
    if rol.rol == Rol.SCHOOL:
        return obj.school_id in access.school_ids(rol)
    if rol.rol in BETROKKENEN:
        return access.is_eigen(rol, obj.leerling_id)
    return False


def _scope_gemeente(rol, action):
    return Q(gemeente_id=rol.gemeente_id) if is_vervoer(rol) else NONE


def _can_gemeente(rol, action, obj):
    return is_vervoer(rol) and obj.gemeente_id == rol.gemeente_id


def _scope_planning(rol, action):
    return Q(gemeente_id=rol.gemeente_id, swv_id=rol.swv_id) if is_vervoer(rol) else NONE


def _can_planning(rol, action, obj):
    return is_vervoer(rol) and obj.gemeente_id == rol.gemeente_id and obj.swv_id == rol.swv_id


access.registreer(Vervoersaanvraag, _scope_aanvraag, _can_aanvraag)
access.registreer(Voertuig, _scope_gemeente, _can_gemeente)
access.registreer(Vervoersinstellingen, _scope_gemeente, _can_gemeente)
access.registreer(Routeplanning, _scope_planning, _can_planning)
