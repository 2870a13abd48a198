"""Who may see and do what. The one place for both questions:

- `visible(rol, Model)`: the rows of Model this role may see (list scoping, as a queryset filter).
- `can(rol, action, obj)`: may this role do `action` ("view", "change") on this object (the rule set,
  evaluated on the object itself).

Pages, API, search and exports all call these two. They are written independently on purpose (one as a
database filter, one in Python on the object) and a property test checks they never disagree.

`rol` is the Roltoekenning the user acts in (request.rol). Everything is bound to `rol.swv`: no tenant
sees another's pupils, users or audit rows. Public reference data (schools, besturen, SWV's, gemeenten)
is visible to everyone who is logged in.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from passend.accounts.models import SWV_STAF, Dossiertoegang, Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.core.models import Job
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    actief_op,
)

ACTIONS = ("view", "change")

# Domain modules that give a school user sight of pupils who are not (yet) enrolled at its school (e.g. a
# written aanmelding) add a pair here: (q_fn(rol, prefix) -> Q on Leerling, can_fn(rol, leerling) -> bool).
SCHOOL_LEERLINGEN: list = []

# Domain modules add their own models here (from their AppConfig.ready): model -> (scope_fn, can_fn), with
# scope_fn(rol, action) -> Q and can_fn(rol, action, obj) -> bool, the same two independent forms as below.
REGELS: dict = {}


def registreer(model, scope_fn, can_fn) -> None:
    """Add the access rules of a domain model (see REGELS)."""
    REGELS[model] = (scope_fn, can_fn)


INSTELLERS = (Rol.SWV_DIRECTEUR, Rol.BEHEERDER)


def swv_instellingen_regels(instellers=INSTELLERS):
    """The rules for a module's per-SWV settings row (a model with `swv`): everyone in the SWV reads it (a page
    must know the settings it applies), `instellers` change it. Returns (scope_fn, can_fn) for registreer()."""

    def scope(rol, action):
        if action == "change" and rol.rol not in instellers:
            return Q(pk__in=[])
        return Q(swv_id=rol.swv_id)

    def can(rol, action, obj):
        if action == "change" and rol.rol not in instellers:
            return False
        return obj.swv_id == rol.swv_id

    return scope, can


def school_ids(rol) -> set[int]:
    """The ids of the role's schools, read once per role object (a request's role lives one request)."""
    ids = getattr(rol, "_school_ids_cache", None)
    if ids is None:
        ids = set(rol.scholen.values_list("pk", flat=True))
        rol._school_ids_cache = ids
    return ids


def leerling_q(rol, prefix: str = "") -> Q:
    """Public form of the pupil filter, for the rules of domain modules."""
    return _leerling_q(rol, prefix)


def eigen_q(rol, veld: str = "leerling_id") -> Q:
    """For a parent or a pupil with an own account (BETROKKENEN): the rows whose pupil (`veld`, an OuterRef path
    to the pupil's id) is their own child, or themself. Other roles: nothing."""
    if rol.rol == Rol.OUDER:
        return Q(Exists(OuderKind.objects.filter(leerling_id=OuterRef(veld), ouder__user_id=rol.user_id)))
    if rol.rol == Rol.LEERLING:
        return Q(Exists(Leerling.objects.filter(pk=OuterRef(veld), user_id=rol.user_id)))
    return Q(pk__in=[])


def is_eigen(rol, leerling_id) -> bool:
    """The object form of eigen_q for one pupil id."""
    if rol.rol == Rol.OUDER:
        return OuderKind.objects.filter(leerling_id=leerling_id, ouder__user_id=rol.user_id).exists()
    if rol.rol == Rol.LEERLING:
        return Leerling.objects.filter(pk=leerling_id, user_id=rol.user_id).exists()
    return False


def may_see_leerling(rol, leerling) -> bool:
    """Public form of the pupil check, for the rules of domain modules."""
    return _may_see_leerling(rol, leerling)


def _today():
    return timezone.localdate()


def _is(rol, *rollen) -> bool:
    return rol is not None and rol.actief and rol.rol in rollen


# --------------------------------------------------------------------------------------------------------
# List scoping: one Q per model
# --------------------------------------------------------------------------------------------------------

def _leerling_q(rol, prefix: str = "") -> Q:
    """Which pupils this role may see, as a filter on Leerling (with `prefix` for related models)."""
    p = prefix
    if rol is None or not rol.actief:
        return Q(pk__in=[])
    tenant = Q(**{f"{p}swv_id": rol.swv_id})
    if rol.rol in SWV_STAF:
        return tenant
    if rol.rol == Rol.SCHOOL:
        active = Inschrijving.objects.filter(
            leerling_id=OuterRef(f"{p}pk"),
            school__in=rol.scholen.all(),
        ).filter(actief_op(_today()))
        q = Q(Exists(active))
        for extra_q, _ in SCHOOL_LEERLINGEN:
            q |= extra_q(rol, p)
        return tenant & q
    if rol.rol == Rol.DESKUNDIGE:
        assigned = Dossiertoegang.objects.filter(leerling_id=OuterRef(f"{p}pk"), user_id=rol.user_id).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=_today())
        )
        return tenant & Q(Exists(assigned))
    if rol.rol == Rol.OUDER:
        own = OuderKind.objects.filter(leerling_id=OuterRef(f"{p}pk"), ouder__user_id=rol.user_id)
        return tenant & Q(Exists(own))
    if rol.rol == Rol.LEERLING:
        return tenant & Q(**{f"{p}user_id": rol.user_id})
    return Q(pk__in=[])


def _change_pupil_data(rol) -> bool:
    return _is(rol, Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR, Rol.SCHOOL)


def _tenant_users_q(rol) -> Q:
    return Q(Exists(Roltoekenning.objects.filter(user_id=OuterRef("pk"), swv_id=rol.swv_id)))


def scope(rol, model, action: str = "view") -> Q:
    """The filter for the rows of `model` this role may do `action` on."""
    none = Q(pk__in=[])
    if rol is None or not rol.actief:
        return none
    if model in REGELS:
        return REGELS[model][0](rol, action)
    if model in (School, Schoolbestuur, Samenwerkingsverband, Gemeente):
        if action == "view":
            return Q()
        if not _is(rol, Rol.BEHEERDER):
            return none
        if model is School:
            return Q(regio_swv_po_id=rol.swv_id) | Q(regio_swv_vo_id=rol.swv_id)
        if model is Schoolbestuur:
            return Q(pk__in=School.objects.filter(
                Q(regio_swv_po_id=rol.swv_id) | Q(regio_swv_vo_id=rol.swv_id), bestuur__isnull=False
            ).values("bestuur_id"))
        if model is Samenwerkingsverband:
            return Q(pk=rol.swv_id)
        return none
    if model is Leerling:
        if action == "change" and not _change_pupil_data(rol):
            return none
        return _leerling_q(rol)
    if model in (Inschrijving, OuderKind):
        if action == "change" and not _change_pupil_data(rol):
            return none
        if model is OuderKind and rol.rol == Rol.LEERLING:
            return none
        q = Q(leerling__in=Leerling.objects.filter(_leerling_q(rol)))
        if model is Inschrijving and action == "change" and rol.rol == Rol.SCHOOL:
            # A school changes only its own enrolments, not the pupil's history at other schools.
            q &= Q(school__in=rol.scholen.all())
        return q
    if model is Ouder:
        if (action == "change" and not _change_pupil_data(rol)) or rol.rol == Rol.LEERLING:
            return none
        return Q(Exists(OuderKind.objects.filter(
            ouder_id=OuterRef("pk"), leerling__in=Leerling.objects.filter(_leerling_q(rol))
        )))
    if model is AuditEvent:
        if action == "view" and _is(rol, Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR, Rol.BEHEERDER):
            return Q(swv_id=rol.swv_id)
        return none
    if model is User:
        if _is(rol, Rol.BEHEERDER):
            return _tenant_users_q(rol) | Q(pk=rol.user_id)
        return Q(pk=rol.user_id) if action == "view" else none
    if model is Roltoekenning:
        if _is(rol, Rol.BEHEERDER):
            return Q(swv_id=rol.swv_id)
        return Q(user_id=rol.user_id) if action == "view" else none
    if model is Dossiertoegang:
        if _is(rol, *SWV_STAF):
            return Q(leerling__swv_id=rol.swv_id)
        return Q(user_id=rol.user_id) if action == "view" else none
    if model is Job:
        if action == "view":
            if _is(rol, Rol.BEHEERDER):
                return Q(swv_id=rol.swv_id) | Q(aangemaakt_door_id=rol.user_id)
            return Q(aangemaakt_door_id=rol.user_id)
        return none
    return none


def visible(rol, model, action: str = "view") -> QuerySet:
    """The rows of `model` that `rol` may see (or change, with action="change")."""
    return model._default_manager.filter(scope(rol, model, action))


# --------------------------------------------------------------------------------------------------------
# Object checks: the same rules, evaluated on one object in Python
# --------------------------------------------------------------------------------------------------------

def _may_see_leerling(rol, leerling: Leerling) -> bool:
    if rol is None or not rol.actief or leerling.swv_id != rol.swv_id:
        return False
    if rol.rol in SWV_STAF:
        return True
    today = _today()
    if rol.rol == Rol.SCHOOL:
        mijn = set(rol.scholen.values_list("pk", flat=True))
        if any(i.school_id in mijn and i.is_actief(today) for i in leerling.inschrijvingen.all()):
            return True
        return any(extra_can(rol, leerling) for _, extra_can in SCHOOL_LEERLINGEN)
    if rol.rol == Rol.DESKUNDIGE:
        return any(
            t.user_id == rol.user_id and (t.geldig_tot is None or t.geldig_tot >= today)
            for t in leerling.dossiertoegangen.all()
        )
    if rol.rol == Rol.OUDER:
        return any(r.ouder.user_id == rol.user_id for r in leerling.ouderrelaties.select_related("ouder"))
    if rol.rol == Rol.LEERLING:
        return leerling.user_id == rol.user_id
    return False


def can(rol, action: str, obj) -> bool:
    """May `rol` do `action` ("view" or "change") on `obj`?"""
    if action not in ACTIONS:
        raise ValueError(f"Onbekende actie: {action}")
    if rol is None or not rol.actief:
        return False
    if type(obj) in REGELS:
        return REGELS[type(obj)][1](rol, action, obj)
    if isinstance(obj, School | Schoolbestuur | Samenwerkingsverband | Gemeente):
        if action == "view":
            return True
        if rol.rol != Rol.BEHEERDER:
            return False
        if isinstance(obj, School):
            return rol.swv_id in (obj.regio_swv_po_id, obj.regio_swv_vo_id)
        if isinstance(obj, Schoolbestuur):
            return any(rol.swv_id in (s.regio_swv_po_id, s.regio_swv_vo_id) for s in obj.scholen.all())
        if isinstance(obj, Samenwerkingsverband):
            return obj.pk == rol.swv_id
        return False
    if isinstance(obj, Leerling):
        if action == "change" and not _change_pupil_data(rol):
            return False
        return _may_see_leerling(rol, obj)
    if isinstance(obj, Inschrijving | OuderKind):
        if action == "change" and not _change_pupil_data(rol):
            return False
        if isinstance(obj, OuderKind) and rol.rol == Rol.LEERLING:
            return False
        if isinstance(obj, Inschrijving) and action == "change" and rol.rol == Rol.SCHOOL:
            if not rol.scholen.filter(pk=obj.school_id).exists():
                return False
        return _may_see_leerling(rol, obj.leerling)
    if isinstance(obj, Ouder):
        if (action == "change" and not _change_pupil_data(rol)) or rol.rol == Rol.LEERLING:
            return False
        return any(_may_see_leerling(rol, r.leerling) for r in obj.kindrelaties.select_related("leerling"))
    if isinstance(obj, AuditEvent):
        return action == "view" and rol.rol in (Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR, Rol.BEHEERDER) and (
            obj.swv_id == rol.swv_id
        )
    if isinstance(obj, User):
        if rol.rol == Rol.BEHEERDER:
            return obj.pk == rol.user_id or any(r.swv_id == rol.swv_id for r in obj.rollen.all())
        return action == "view" and obj.pk == rol.user_id
    if isinstance(obj, Roltoekenning):
        if rol.rol == Rol.BEHEERDER:
            return obj.swv_id == rol.swv_id
        return action == "view" and obj.user_id == rol.user_id
    if isinstance(obj, Dossiertoegang):
        if rol.rol in SWV_STAF:
            return obj.leerling.swv_id == rol.swv_id
        return action == "view" and obj.user_id == rol.user_id
    if isinstance(obj, Job):
        if action != "view":
            return False
        if rol.rol == Rol.BEHEERDER and obj.swv_id == rol.swv_id:
            return True
        return obj.aangemaakt_door_id == rol.user_id
    return False


def can_create(rol, model) -> bool:
    """May `rol` add new rows of `model`? Pupil data only; the new row itself must then pass `can(.., "change")`."""
    if model in (Leerling, Inschrijving, Ouder, OuderKind):
        return _change_pupil_data(rol)
    return False


def get_or_refuse(rol, model, pk, action: str = "view"):
    """Fetch one object for a page or API call, or raise PermissionDenied / Http404.

    A row that exists but is outside the role's scope is refused (403, recorded in the audit trail);
    a row that does not exist is a 404.
    """
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from passend.audit.services import record

    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if not can(rol, action, obj):
        if model in (Leerling, Inschrijving, Ouder, OuderKind) or model in REGELS:
            record("denied", obj, omschrijving=f"Geen toegang ({action})")
        raise PermissionDenied("U heeft geen toegang tot deze gegevens.")
    return obj
