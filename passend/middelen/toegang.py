"""Who may see and change Middelen (rules for passend.core.access). Money figures, no pupil data except the TLV
numbers behind a deduction, which only SWV staff see.

- SWV staff (medewerker, directeur) read everything of their SWV; the directeur (and the beheerder for the
  settings) changes the settings, the SWV's own rates and its official pupil count.
- A schoolbestuur reads the comparison of the models (what each bestuur would receive), not the trace to pupils.
- Official rates (no SWV) are read by everyone and changed by nobody in the app (they come from data/).
"""

from django.db.models import Q

from passend.accounts.models import SWV_STAF, Rol
from passend.core import access

from .models import Leerlingtelling, Middeleninstellingen, Normbedrag

NONE = Q(pk__in=[])
LEZERS = (*SWV_STAF, Rol.SCHOOLBESTUUR, Rol.BEHEERDER)
SCHRIJVERS = (Rol.SWV_DIRECTEUR, Rol.BEHEERDER)


def mag_lezen(rol) -> bool:
    return rol is not None and rol.actief and rol.rol in LEZERS


def mag_herleiden(rol) -> bool:
    """May see which TLV's (pupils) an amount comes from."""
    return rol is not None and rol.actief and rol.rol in SWV_STAF


def mag_wijzigen(rol) -> bool:
    return rol is not None and rol.actief and rol.rol in SCHRIJVERS


def _tenant(rol, action):
    if action == "change":
        return Q(swv_id=rol.swv_id) if rol.rol in SCHRIJVERS else NONE
    return Q(swv_id=rol.swv_id) if rol.rol in LEZERS else NONE


def _can_tenant(rol, action, obj):
    if obj.swv_id != rol.swv_id:
        return False
    return rol.rol in (SCHRIJVERS if action == "change" else LEZERS)


def _scope_norm(rol, action):
    if action == "change":
        return Q(swv_id=rol.swv_id) if rol.rol in SCHRIJVERS else NONE
    return (Q(swv__isnull=True) | Q(swv_id=rol.swv_id)) if rol.rol in LEZERS else NONE


def _can_norm(rol, action, obj):
    if action == "change":
        return obj.swv_id is not None and obj.swv_id == rol.swv_id and rol.rol in SCHRIJVERS
    return rol.rol in LEZERS and (obj.swv_id is None or obj.swv_id == rol.swv_id)


access.registreer(Normbedrag, _scope_norm, _can_norm)
access.registreer(Leerlingtelling, _tenant, _can_tenant)
access.registreer(Middeleninstellingen, _tenant, _can_tenant)
