"""Who may see and change what in toewijzing: the rules for passend.core.access (visible / can).

As in core/access.py each model has two independent forms, a queryset filter (`_scope_*`) and a check on
one object (`_can_*`), kept in agreement by a property test (tests/toewijzing/test_toegang.py).

- SWV staff see every request, TLV and arrangement of their own SWV.
- A school user sees the requests of its own school(s); the TLV's it requested and those of pupils now
  enrolled at its school (the special school registers the TLV with DUO); the arrangements of its school.
- A parent sees everything about their own child, except the SWV's internal notes; a pupil with an own account
  the same about themself, except the parents' reactions.
- An expert sees only the requests they were asked to advise on, and only while that assignment is open
  and the case undecided.
- Given advices are shown to school and parents once the decision is taken.
"""

from django.db.models import Exists, OuterRef, Q

from passend.accounts.models import BETROKKENEN, SWV_STAF, Rol
from passend.core.access import (
    eigen_q,
    is_eigen,
    leerling_q,
    may_see_leerling,
    registreer,
    swv_instellingen_regels,
)
from passend.core.access import school_ids as _school_ids

from .models import (
    Aanvraag,
    Adviesopdracht,
    Arrangement,
    Beschikking,
    Besluit,
    Besteding,
    Bezwaar,
    Bijlage,
    Gebeurtenis,
    Notitie,
    Ouderreactie,
    Overleg,
    Status,
    Tlv,
    Toewijzingsinstellingen,
)

NONE = Q(pk__in=[])
# While a case is in one of these states, an expert with an open or given advice on it may see it.
DESKUNDIGE_STATUSSEN = (Status.INGEDIEND, Status.AANVULLING, Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD)
ACTIEVE_OPDRACHT = (Adviesopdracht.Status.GEVRAAGD, Adviesopdracht.Status.GEGEVEN)
BEWERKBAAR = (Status.CONCEPT, Status.AANVULLING)
BESLOTEN = (Status.BESLOTEN, Status.BEZWAAR, Status.AFGESLOTEN)


def _staf(rol) -> bool:
    return rol.rol in SWV_STAF


# ------------------------------------------------------------------------------------------------------------
# Aanvraag
# ------------------------------------------------------------------------------------------------------------

def aanvraag_q(rol, prefix: str = "") -> Q:
    """Which requests this role may see, as a filter on Aanvraag (with `prefix` for related models)."""
    p = prefix
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if _staf(rol):
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & Q(**{f"{p}school__in": rol.scholen.all()})
    if rol.rol in BETROKKENEN:
        return tenant & eigen_q(rol, f"{p}leerling_id")
    if rol.rol == Rol.DESKUNDIGE:
        opdracht = Adviesopdracht.objects.filter(
            aanvraag_id=OuterRef(f"{p}pk"), deskundige_id=rol.user_id, status__in=ACTIEVE_OPDRACHT
        )
        return tenant & Q(**{f"{p}status__in": DESKUNDIGE_STATUSSEN}) & Q(Exists(opdracht))
    return NONE


def aanvraag_zichtbaar(rol, a: Aanvraag) -> bool:
    if rol is None or not rol.actief or a.swv_id != rol.swv_id:
        return False
    if _staf(rol):
        return True
    if rol.rol == Rol.SCHOOL:
        return a.school_id in _school_ids(rol)
    if rol.rol in BETROKKENEN:
        return is_eigen(rol, a.leerling_id)
    if rol.rol == Rol.DESKUNDIGE:
        return a.status in DESKUNDIGE_STATUSSEN and any(
            o.deskundige_id == rol.user_id and o.status in ACTIEVE_OPDRACHT for o in a.adviesopdrachten.all()
        )
    return False


def _scope_aanvraag(rol, action):
    if action == "change":
        if rol.rol != Rol.SCHOOL:
            return NONE
        return aanvraag_q(rol) & Q(status__in=BEWERKBAAR)
    return aanvraag_q(rol)


def _can_aanvraag(rol, action, a):
    if action == "change":
        return rol.rol == Rol.SCHOOL and a.status in BEWERKBAAR and aanvraag_zichtbaar(rol, a)
    return aanvraag_zichtbaar(rol, a)


def mag_aanvragen(rol) -> bool:
    """May this role open new requests? School users with at least one school."""
    return rol is not None and rol.actief and rol.rol == Rol.SCHOOL and bool(_school_ids(rol))


# ------------------------------------------------------------------------------------------------------------
# Rows that belong to one aanvraag
# ------------------------------------------------------------------------------------------------------------

def _via_aanvraag(view_extra=None, change_rollen=frozenset(), change_extra=None, alleen_staf_ziet=False):
    """Rules for a model with an `aanvraag` FK: visible when the request is visible (optionally narrowed),
    changeable by `change_rollen` when the request is visible (optionally narrowed)."""

    def scope(rol, action):
        if alleen_staf_ziet and not _staf(rol):
            return NONE
        q = Q(aanvraag__in=Aanvraag.objects.filter(aanvraag_q(rol)))
        if action == "change":
            if rol.rol not in change_rollen:
                return NONE
            return q & (change_extra[0](rol) if change_extra else Q())
        return q & (view_extra[0](rol) if view_extra else Q())

    def can(rol, action, obj):
        if alleen_staf_ziet and not _staf(rol):
            return False
        if not aanvraag_zichtbaar(rol, obj.aanvraag):
            return False
        if action == "change":
            return rol.rol in change_rollen and (change_extra[1](rol, obj) if change_extra else True)
        return view_extra[1](rol, obj) if view_extra else True

    return scope, can


def _alleen_voor_ouders():
    def q(rol):
        return Q() if _staf(rol) else Q(voor_ouders=True)

    def ok(rol, obj):
        return _staf(rol) or obj.voor_ouders

    return q, ok


def _eigen_ouderreactie():
    def q(rol):
        return Q(ouder__user_id=rol.user_id, aanvraag__status__in=[*BEWERKBAAR, *DESKUNDIGE_STATUSSEN])

    def ok(rol, obj):
        return obj.ouder.user_id == rol.user_id and obj.aanvraag.status in (*BEWERKBAAR, *DESKUNDIGE_STATUSSEN)

    return q, ok


def _bijlage_bewerkbaar():
    """The school while it may edit the request; SWV staff while the request is being handled. Once decided,
    the file stays as it was decided on (an objection months later must find it complete)."""

    def statussen(rol):
        return DESKUNDIGE_STATUSSEN if _staf(rol) else BEWERKBAAR

    def q(rol):
        return Q(aanvraag__status__in=statussen(rol))

    def ok(rol, obj):
        return obj.aanvraag.status in statussen(rol)

    return q, ok


def _advies_zichtbaar():
    """Staff see all; the expert their own; school and parents the given advices once decided."""

    def q(rol):
        if _staf(rol):
            return Q()
        if rol.rol == Rol.DESKUNDIGE:
            return Q(deskundige_id=rol.user_id, status__in=ACTIEVE_OPDRACHT)
        return Q(status=Adviesopdracht.Status.GEGEVEN, aanvraag__status__in=BESLOTEN)

    def ok(rol, obj):
        if _staf(rol):
            return True
        if rol.rol == Rol.DESKUNDIGE:
            return obj.deskundige_id == rol.user_id and obj.status in ACTIEVE_OPDRACHT
        return obj.status == Adviesopdracht.Status.GEGEVEN and obj.aanvraag.status in BESLOTEN

    return q, ok


def _eigen_open_advies():
    def q(rol):
        if _staf(rol):
            return Q()
        return Q(deskundige_id=rol.user_id, status=Adviesopdracht.Status.GEVRAAGD)

    def ok(rol, obj):
        return _staf(rol) or (obj.deskundige_id == rol.user_id and obj.status == Adviesopdracht.Status.GEVRAAGD)

    return q, ok


def _niet_voor_deskundige():
    def q(rol):
        return NONE if rol.rol == Rol.DESKUNDIGE else Q()

    def ok(rol, obj):
        return rol.rol != Rol.DESKUNDIGE

    return q, ok


def _niet_voor_leerling():
    """A parent's reaction is the parent's statement to the SWV: the pupil's own account does not read it."""
    def q(rol):
        return NONE if rol.rol == Rol.LEERLING else Q()

    def ok(rol, obj):
        return rol.rol != Rol.LEERLING

    return q, ok


STAF = frozenset(SWV_STAF)
registreer(Bijlage, *_via_aanvraag(change_rollen=STAF | {Rol.SCHOOL}, change_extra=_bijlage_bewerkbaar()))
registreer(Ouderreactie, *_via_aanvraag(view_extra=_niet_voor_leerling(), change_rollen=frozenset({Rol.OUDER}),
                                        change_extra=_eigen_ouderreactie()))
registreer(Gebeurtenis, *_via_aanvraag(view_extra=_alleen_voor_ouders()))
registreer(Notitie, *_via_aanvraag(alleen_staf_ziet=True))
registreer(Overleg, *_via_aanvraag(view_extra=_niet_voor_deskundige(), change_rollen=STAF))
registreer(Adviesopdracht, *_via_aanvraag(
    view_extra=_advies_zichtbaar(), change_rollen=STAF | {Rol.DESKUNDIGE}, change_extra=_eigen_open_advies()))
registreer(Besluit, *_via_aanvraag(view_extra=_niet_voor_deskundige(), change_rollen=frozenset({Rol.SWV_DIRECTEUR}) | STAF))
registreer(Beschikking, *_via_aanvraag(view_extra=_niet_voor_deskundige()))
registreer(Bezwaar, *_via_aanvraag(view_extra=_niet_voor_deskundige(), change_rollen=STAF))
registreer(Aanvraag, _scope_aanvraag, _can_aanvraag)


# ------------------------------------------------------------------------------------------------------------
# TLV, arrangement, spending, settings
# ------------------------------------------------------------------------------------------------------------

def _scope_tlv(rol, action):
    tenant = Q(swv_id=rol.swv_id)
    if action == "change":
        return tenant if rol.rol == Rol.SWV_DIRECTEUR else NONE
    if _staf(rol):
        return tenant
    if rol.rol == Rol.SCHOOL:
        return tenant & (Q(aanvragende_school__in=rol.scholen.all()) | Q(leerling__in=_leerlingen(rol)))
    if rol.rol in (*BETROKKENEN, Rol.DESKUNDIGE):
        return tenant & Q(leerling__in=_leerlingen(rol))
    return NONE


def _leerlingen(rol):
    from passend.register.models import Leerling

    return Leerling.objects.filter(leerling_q(rol))


def _can_tlv(rol, action, t):
    if t.swv_id != rol.swv_id:
        return False
    if action == "change":
        return rol.rol == Rol.SWV_DIRECTEUR
    if _staf(rol):
        return True
    if rol.rol == Rol.SCHOOL:
        return t.aanvragende_school_id in _school_ids(rol) or may_see_leerling(rol, t.leerling)
    if rol.rol in (*BETROKKENEN, Rol.DESKUNDIGE):
        return may_see_leerling(rol, t.leerling)
    return False


def _scope_arrangement(rol, action, prefix=""):
    p = prefix
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if _staf(rol):
        return tenant
    if action == "change":
        return NONE
    if rol.rol == Rol.SCHOOL:
        return tenant & Q(**{f"{p}school__in": rol.scholen.all()})
    if rol.rol in BETROKKENEN:
        return tenant & Q(**{f"{p}leerling__in": _leerlingen(rol)})
    return NONE


def _can_arrangement(rol, action, a):
    if a.swv_id != rol.swv_id:
        return False
    if _staf(rol):
        return True
    if action == "change":
        return False
    if rol.rol == Rol.SCHOOL:
        return a.school_id in _school_ids(rol)
    if rol.rol in BETROKKENEN:
        return may_see_leerling(rol, a.leerling)
    return False


def _scope_besteding(rol, action):
    return _scope_arrangement(rol, action, prefix="arrangement__")


def _can_besteding(rol, action, b):
    return _can_arrangement(rol, action, b.arrangement)


registreer(Tlv, _scope_tlv, _can_tlv)
registreer(Arrangement, _scope_arrangement, _can_arrangement)
registreer(Besteding, _scope_besteding, _can_besteding)
registreer(Toewijzingsinstellingen, *swv_instellingen_regels())
