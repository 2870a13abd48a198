"""The start page is a list of panels: each says what needs attention now, for the active role.

A module adds a panel with `@start_panel(Rol.X, ..., volgorde=N)` on a function `(request, rol) -> Panel | None`
(None: nothing to show). The function gets its rows through passend.core.access.visible, like every page.
Modules that register panels import their panel module in their AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from passend.accounts.models import SWV_STAF, Dossiertoegang, Rol, User
from passend.audit.models import AuditEvent
from passend.register.models import Inschrijving, Leerling, School, Soort, actief_op

from .access import visible
from .models import Job


@dataclass
class Panel:
    titel: str
    template: str
    context: dict = field(default_factory=dict)
    breed: bool = False


@dataclass(frozen=True)
class _Provider:
    volgorde: int
    rollen: frozenset
    func: Callable


PROVIDERS: list[_Provider] = []


def start_panel(*rollen, volgorde: int = 100):
    """Register a panel function for these roles (none given: every role)."""

    def decorator(func):
        PROVIDERS.append(_Provider(volgorde, frozenset(rollen), func))
        return func

    return decorator


def panels_voor(request) -> list[Panel]:
    rol = getattr(request, "rol", None)
    if rol is None:
        return []
    panels = []
    for provider in sorted(PROVIDERS, key=lambda p: p.volgorde):
        if provider.rollen and rol.rol not in provider.rollen:
            continue
        panel = provider.func(request, rol)
        if panel is not None:
            panels.append(panel)
    return panels


# --------------------------------------------------------------------------------------------------------
# Shared queries
# --------------------------------------------------------------------------------------------------------

def met_actieve_inschrijving(leerlingen):
    actief = Inschrijving.objects.filter(leerling_id=OuterRef("pk")).filter(actief_op())
    return leerlingen.filter(Exists(actief))


def scholen_in_regio(rol):
    return visible(rol, School).filter(Q(regio_swv_po_id=rol.swv_id) | Q(regio_swv_vo_id=rol.swv_id))


def tel_per_soort(scholen) -> list[dict]:
    """[{soort, label, aantal, leerlingen}] in the order of Soort."""
    rijen = {r["soort"]: r for r in scholen.values("soort").annotate(aantal=Count("pk"), leerlingen=Sum("leerlingen"))}
    return [
        {"soort": s.value, "label": s.label, "aantal": rijen[s.value]["aantal"], "leerlingen": rijen[s.value]["leerlingen"]}
        for s in Soort
        if s.value in rijen
    ]


# --------------------------------------------------------------------------------------------------------
# The panels of the register, audit and beheer parts
# --------------------------------------------------------------------------------------------------------

@start_panel(*SWV_STAF, volgorde=10)
def swv_leerlingen(request, rol):
    leerlingen = visible(rol, Leerling)
    return Panel("Leerlingen in Passend", "core/panelen/leerlingen_swv.html", {
        "totaal": leerlingen.count(),
        "actief": met_actieve_inschrijving(leerlingen).count(),
        "zonder_school": leerlingen.exclude(pk__in=met_actieve_inschrijving(leerlingen).values("pk")).count(),
    })


@start_panel(*SWV_STAF, volgorde=20)
def swv_scholen(request, rol):
    per_soort = tel_per_soort(scholen_in_regio(rol))
    return Panel("Scholen in de regio", "core/panelen/scholen_per_soort.html", {
        "per_soort": per_soort,
        "totaal": sum(r["aantal"] for r in per_soort),
        "toelichting": f"Scholen met een adres in de regio van {rol.swv.code_leesbaar} (DUO-gegevens).",
    })


@start_panel(*SWV_STAF, volgorde=90)
def swv_audit(request, rol):
    events = visible(rol, AuditEvent)[:8]
    return Panel("Recente gebeurtenissen in de audittrail", "core/panelen/audit.html", {"events": events}, breed=True)


@start_panel(Rol.SCHOOL, volgorde=10)
def school_scholen(request, rol):
    scholen = list(visible(rol, School).filter(pk__in=rol.scholen.values("pk")).order_by("naam"))
    in_passend = dict(
        visible(rol, Inschrijving)
        .filter(actief_op(), school__in=[s.pk for s in scholen])
        .values("school")
        .annotate(n=Count("leerling", distinct=True))
        .values_list("school", "n")
    )
    for s in scholen:
        s.in_passend = in_passend.get(s.pk, 0)
    titel = "Mijn school" if len(scholen) == 1 else "Mijn scholen"
    return Panel(titel, "core/panelen/mijn_scholen.html", {"scholen": scholen})


@start_panel(Rol.SCHOOL, volgorde=20)
def school_leerlingen(request, rol):
    leerlingen = visible(rol, Leerling)
    return Panel("Leerlingen van mijn school in Passend", "core/panelen/leerlingen_lijst.html", {
        "totaal": leerlingen.count(),
        "leerlingen": leerlingen.order_by("-aangemaakt")[:10],
        "leeg": "Er staan nog geen leerlingen van uw school in Passend.",
        "meer_tekst": "Alle leerlingen",
    })


@start_panel(Rol.DESKUNDIGE, volgorde=10)
def deskundige_dossiers(request, rol):
    today = timezone.localdate()
    toegangen = (
        visible(rol, Dossiertoegang)
        .filter(user_id=rol.user_id, leerling__in=visible(rol, Leerling))
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=today))
        .select_related("leerling")
        .order_by("geldig_tot", "leerling__achternaam")
    )
    return Panel("Dossiers die aan mij zijn toegewezen", "core/panelen/dossiers.html", {"toegangen": toegangen}, breed=True)


@start_panel(Rol.OUDER, volgorde=10)
def ouder_kinderen(request, rol):
    kinderen = list(visible(rol, Leerling).prefetch_related("inschrijvingen__school"))
    today = timezone.localdate()
    for k in kinderen:
        k.huidige_scholen = [i.school for i in k.inschrijvingen.all() if i.is_actief(today)]
    return Panel("Mijn kinderen", "core/panelen/kinderen.html", {"kinderen": kinderen}, breed=True)


@start_panel(Rol.SCHOOLBESTUUR, volgorde=10)
def bestuur_scholen(request, rol):
    if rol.bestuur_id is None:
        return Panel("Scholen van het bestuur", "core/panelen/tekst.html", {
            "tekst": "Aan uw rol is nog geen schoolbestuur gekoppeld. Vraag de beheerder dit in te stellen.",
        })
    scholen = visible(rol, School).filter(bestuur_id=rol.bestuur_id).order_by("naam")
    return Panel(f"Scholen van {rol.bestuur}", "core/panelen/bestuur_scholen.html", {
        "scholen": scholen,
        "totaal": scholen.aggregate(n=Sum("leerlingen"))["n"] or 0,
    }, breed=True)


@start_panel(Rol.LEERPLICHT, Rol.VERVOER, volgorde=10)
def gemeente_scholen(request, rol):
    if rol.gemeente_id is None:
        return Panel("Scholen in uw gemeente", "core/panelen/tekst.html", {
            "tekst": "Aan uw rol is nog geen gemeente gekoppeld. Vraag de beheerder dit in te stellen.",
        })
    per_soort = tel_per_soort(visible(rol, School).filter(gemeente_id=rol.gemeente_id))
    return Panel(f"Scholen in de gemeente {rol.gemeente}", "core/panelen/scholen_per_soort.html", {
        "per_soort": per_soort,
        "totaal": sum(r["aantal"] for r in per_soort),
        "gemeente": rol.gemeente,
        "toelichting": "Scholen met een adres in uw gemeente (DUO-gegevens).",
    })


@start_panel(Rol.VERVOER, volgorde=20)
def gemeente_modules(request, rol):
    return Panel("Uw werk in Passend", "core/panelen/tekst.html", {
        "tekst": "De module voor leerlingenvervoer volgt in een volgende versie van Passend. "
        "Tot die tijd ziet u hier de scholen in uw gemeente.",
    })


@start_panel(Rol.BEHEERDER, volgorde=10)
def beheer_gebruikers(request, rol):
    return Panel("Gebruikers", "core/panelen/gebruikers.html", {"aantal": visible(rol, User).count()})


@start_panel(Rol.BEHEERDER, volgorde=20)
def beheer_register(request, rol):
    return Panel("Register", "core/panelen/register.html", {})


@start_panel(Rol.BEHEERDER, volgorde=30)
def beheer_taken(request, rol):
    return Panel("Recente taken", "core/panelen/taken.html", {"jobs": visible(rol, Job)[:5]}, breed=True)
