"""Who may see and change the portal settings (rules for passend.core.access): everyone in the SWV reads them
(a school must know whether it can invite a pupil); the SWV-directeur and the beheerder change them."""

from django.db.models import Q

from passend.accounts.models import Rol
from passend.core import access

from .models import Portaalinstellingen

INSTELLERS = (Rol.SWV_DIRECTEUR, Rol.BEHEERDER)


def _scope(rol, action):
    if action == "change" and rol.rol not in INSTELLERS:
        return Q(pk__in=[])
    return Q(swv_id=rol.swv_id)


def _can(rol, action, obj):
    if action == "change" and rol.rol not in INSTELLERS:
        return False
    return obj.swv_id == rol.swv_id


access.registreer(Portaalinstellingen, _scope, _can)
