"""Who may see and change OPP's (rules for passend.core.access; two forms kept equal by a test).

- SWV staff see every OPP of their SWV (read only: the school sets the OPP).
- A school user sees and edits the OPP's of its school(s).
- A parent sees the OPP's of their own children (the versions the school has set, not its draft) and gives
  consent on the handelingsdeel.
- A pupil with an own account sees their own OPP like a parent, without the parents' consent rows, and gives
  their own view (hoorrecht, Mening).
- An expert sees the OPP's of a pupil whose file they may see (an assigned advice).
"""

from django.db.models import Q

from passend.accounts.models import BETROKKENEN, SWV_STAF, Rol
from passend.core import access
from passend.core.access import eigen_q, is_eigen, swv_instellingen_regels
from passend.core.access import school_ids as _school_ids
from passend.register.models import Leerling

from .models import Evaluatie, Instemming, Mening, Opp, Oppinstellingen, OppVersie

NONE = Q(pk__in=[])


def opp_q(rol, prefix: str = "") -> Q:
    p = prefix
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if rol.rol in SWV_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & Q(**{f"{p}school__in": rol.scholen.all()})
    if rol.rol in BETROKKENEN:
        return tenant & eigen_q(rol, f"{p}leerling_id")
    if rol.rol == Rol.DESKUNDIGE:
        return tenant & Q(**{f"{p}leerling__in": Leerling.objects.filter(access.leerling_q(rol))})
    return NONE


def opp_zichtbaar(rol, o: Opp) -> bool:
    if rol is None or not rol.actief or o.swv_id != rol.swv_id:
        return False
    if rol.rol in SWV_STAF:
        return True
    if rol.rol == Rol.SCHOOL:
        return o.school_id in _school_ids(rol)
    if rol.rol in BETROKKENEN:
        return is_eigen(rol, o.leerling_id)
    if rol.rol == Rol.DESKUNDIGE:
        return access.may_see_leerling(rol, o.leerling)
    return False


def _scope_opp(rol, action):
    if action == "change":
        return opp_q(rol) if rol.rol == Rol.SCHOOL else NONE
    return opp_q(rol)


def _can_opp(rol, action, o):
    if action == "change":
        return rol.rol == Rol.SCHOOL and opp_zichtbaar(rol, o)
    return opp_zichtbaar(rol, o)


def _via(pad: str, opp_van, change_rol=None, change_q=None, change_ok=None, view_q=None, view_ok=None):
    def scope(rol, action):
        q = Q(**{f"{pad}__in": Opp.objects.filter(opp_q(rol))})
        if action == "change":
            if rol.rol != change_rol:
                return NONE
            return q & (change_q(rol) if change_q else Q())
        return q & (view_q(rol) if view_q else Q())

    def can(rol, action, obj):
        if not opp_zichtbaar(rol, opp_van(obj)):
            return False
        if action == "change":
            return rol.rol == change_rol and (change_ok(rol, obj) if change_ok else True)
        return view_ok(rol, obj) if view_ok else True

    return scope, can


def _versie_q(rol):
    """Parents and the pupil read a version once the school has set it; the concept is the school's draft."""
    return ~Q(status=OppVersie.Status.CONCEPT) if rol.rol in BETROKKENEN else Q()


def _versie_ok(rol, v):
    return rol.rol not in BETROKKENEN or v.status != OppVersie.Status.CONCEPT


def _instemming_q(rol):
    """A parent's consent is between the parents and the school: the pupil's own account does not see it."""
    return NONE if rol.rol == Rol.LEERLING else Q()


def _instemming_ok(rol, i):
    return rol.rol != Rol.LEERLING


access.registreer(Opp, _scope_opp, _can_opp)
access.registreer(OppVersie, *_via(
    "opp", lambda v: v.opp, Rol.SCHOOL,
    lambda rol: Q(status=OppVersie.Status.CONCEPT), lambda rol, v: v.status == OppVersie.Status.CONCEPT,
    _versie_q, _versie_ok))
access.registreer(Evaluatie, *_via("opp", lambda e: e.opp, Rol.SCHOOL))
access.registreer(Instemming, *_via(
    "versie__opp", lambda i: i.versie.opp, Rol.OUDER,
    lambda rol: Q(ouder__user_id=rol.user_id), lambda rol, i: i.ouder.user_id == rol.user_id,
    _instemming_q, _instemming_ok))


def _mening_q(rol):
    """The pupil's own words go to the school (and the SWV); parents read the pupil's view in the OPP itself."""
    return NONE if rol.rol == Rol.OUDER else Q()


def _mening_ok(rol, m):
    return rol.rol != Rol.OUDER


# Nobody changes a view once given (change_rol None): a new view is a new row, written by services.mening_geven.
access.registreer(Mening, *_via("opp", lambda m: m.opp, None, view_q=_mening_q, view_ok=_mening_ok))


access.registreer(Oppinstellingen, *swv_instellingen_regels())
