"""Who may see and change the dekkend netwerk (rules for passend.core.access).

- Behoeften, the ondersteuningsplan and school profiles describe the region's offer, not pupils: every role in
  the SWV reads them. The SWV's staff change the plan (directeur) and the own needs (medewerker, directeur);
  a school user changes the profiles of their own schools, SWV staff change every profile.
- Leerlingbehoefte is pupil data: whoever may see the pupil sees it; SWV staff and the pupil's school change it.
- Plaatsingsverzoek: SWV staff; the school that asks (vanuit_school) and the chosen school (to confirm); the
  parents and the pupil read their own.
- Dekkingsmeting (aggregates): SWV staff and besturen. Settings: everyone reads, directeur/beheerder change.
"""

from django.db.models import Q

from passend.accounts.models import BETROKKENEN, SWV_STAF, Rol
from passend.core import access

from .models import (
    Aanbod,
    Behoefte,
    Dekkingsmeting,
    Leerlingbehoefte,
    Netwerkinstellingen,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)

NONE = Q(pk__in=[])
PLAN_SCHRIJVERS = (Rol.SWV_DIRECTEUR,)
PROFIEL_STAF = (Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR)
PLAATSERS = (Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR)
METING_LEZERS = (*SWV_STAF, Rol.SCHOOLBESTUUR, Rol.BEHEERDER)


def mag_plaatsen(rol) -> bool:
    """May start a placement request: SWV staff and school users."""
    return rol is not None and rol.actief and rol.rol in (*PLAATSERS, Rol.SCHOOL)


def mag_dekking_zien(rol) -> bool:
    return rol is not None and rol.actief and rol.rol in METING_LEZERS


# --- Behoefte ---------------------------------------------------------------------------------------------
def _scope_behoefte(rol, action):
    if action == "change":
        return Q(swv_id=rol.swv_id) if rol.rol in PROFIEL_STAF else NONE
    return Q(swv__isnull=True) | Q(swv_id=rol.swv_id)


def _can_behoefte(rol, action, obj):
    if action == "change":
        return obj.swv_id is not None and obj.swv_id == rol.swv_id and rol.rol in PROFIEL_STAF
    return obj.swv_id is None or obj.swv_id == rol.swv_id


# --- Ondersteuningsplan -----------------------------------------------------------------------------------
def _scope_plan(rol, action):
    if action == "change" and rol.rol not in PLAN_SCHRIJVERS:
        return NONE
    return Q(swv_id=rol.swv_id)


def _can_plan(rol, action, obj):
    if action == "change" and rol.rol not in PLAN_SCHRIJVERS:
        return False
    return obj.swv_id == rol.swv_id


# --- Schoolprofiel and Aanbod -----------------------------------------------------------------------------
def _scope_profiel(rol, action, p=""):
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if action == "view":
        return tenant
    if rol.rol in PROFIEL_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & Q(**{f"{p}school_id__in": access.school_ids(rol)})
    return NONE


def _can_profiel(rol, action, obj):
    if obj.swv_id != rol.swv_id:
        return False
    if action == "view" or rol.rol in PROFIEL_STAF:
        return True
    return rol.rol == Rol.SCHOOL and obj.school_id in access.school_ids(rol)


def _scope_aanbod(rol, action):
    return _scope_profiel(rol, action, "profiel__")


def _can_aanbod(rol, action, obj):
    return _can_profiel(rol, action, obj.profiel)


# --- Leerlingbehoefte -------------------------------------------------------------------------------------
def _scope_lb(rol, action):
    if action == "change" and rol.rol not in (*PROFIEL_STAF, Rol.SCHOOL):
        return NONE
    return access.leerling_q(rol, "leerling__")


def _can_lb(rol, action, obj):
    if action == "change" and rol.rol not in (*PROFIEL_STAF, Rol.SCHOOL):
        return False
    return access.may_see_leerling(rol, obj.leerling)


# --- Plaatsingsverzoek ------------------------------------------------------------------------------------
def _scope_plaatsing(rol, action):
    tenant = Q(swv_id=rol.swv_id)
    if rol.rol in PLAATSERS:
        return tenant
    if rol.rol == Rol.SCHOOL:
        mijn = access.school_ids(rol)
        return tenant & (Q(vanuit_school_id__in=mijn) | Q(gekozen_school_id__in=mijn))
    if rol.rol in BETROKKENEN:
        return NONE if action == "change" else tenant & access.eigen_q(rol)
    return NONE


def _can_plaatsing(rol, action, obj):
    if obj.swv_id != rol.swv_id:
        return False
    if rol.rol in PLAATSERS:
        return True
    if rol.rol == Rol.SCHOOL:
        mijn = access.school_ids(rol)
        return obj.vanuit_school_id in mijn or obj.gekozen_school_id in mijn
    if rol.rol in BETROKKENEN:
        return action == "view" and access.is_eigen(rol, obj.leerling_id)
    return False


# --- Dekkingsmeting ---------------------------------------------------------------------------------------
def _scope_meting(rol, action):
    return Q(swv_id=rol.swv_id) if action == "view" and rol.rol in METING_LEZERS else NONE


def _can_meting(rol, action, obj):
    return action == "view" and rol.rol in METING_LEZERS and obj.swv_id == rol.swv_id


access.registreer(Behoefte, _scope_behoefte, _can_behoefte)
access.registreer(Ondersteuningsplan, _scope_plan, _can_plan)
access.registreer(Schoolprofiel, _scope_profiel, _can_profiel)
access.registreer(Aanbod, _scope_aanbod, _can_aanbod)
access.registreer(Leerlingbehoefte, _scope_lb, _can_lb)
access.registreer(Plaatsingsverzoek, _scope_plaatsing, _can_plaatsing)
access.registreer(Dekkingsmeting, _scope_meting, _can_meting)
access.registreer(Netwerkinstellingen, *access.swv_instellingen_regels())
