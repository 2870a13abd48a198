"""Start-page panels of the Steunpunt: what needs attention now.

- Steunpunt: the helpdesk (open questions, new ones nobody picked up, and those past the answer norm), the coming
  activities with their places and waiting lists, and the editors' drafts (articles and a newsletter).
- Whoever may ask the helpdesk (school, bestuur, SWV, parent, gemeente, deskundige): their own questions, open
  and answered, but only once they asked one.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import regels, services
from .models import Activiteit, Artikel, Deelname, Nieuwsbrief, Vraag

OPEN = (Vraag.Status.NIEUW, Vraag.Status.IN_BEHANDELING)
IN_PANEEL = 5


def _te_laat(vragen, nu) -> list:
    norm = settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN
    return [v for v in vragen if regels.reactie_op_tijd(v.gesteld_op, None, nu, norm) is False]


@start_panel(Rol.STEUNPUNT, volgorde=10)
def helpdesk(request, rol):
    nu = timezone.now()
    open_vragen = list(visible(rol, Vraag).filter(status__in=OPEN).select_related("thema")
                       .order_by("gesteld_op", "pk"))
    te_laat = _te_laat(open_vragen, nu)
    return Panel("Helpdesk", "steunpunt/panelen/helpdesk.html", {
        "open": len(open_vragen),
        "nieuw": sum(1 for v in open_vragen if v.status == Vraag.Status.NIEUW),
        "te_laat": len(te_laat),
        "norm": settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN,
        # The oldest first: late ones lead the list.
        "vragen": open_vragen[:IN_PANEEL],
        "laat_ids": {v.pk for v in te_laat},
    })


@start_panel(Rol.STEUNPUNT, volgorde=20)
def activiteiten(request, rol):
    komend = list(
        visible(rol, Activiteit).filter(begin__gt=timezone.now())
        .exclude(status=Activiteit.Status.GEANNULEERD)
        .annotate(geplaatst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.GEPLAATST)),
                  wachtlijst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.WACHTLIJST)))
        .order_by("begin", "pk")[:IN_PANEEL]
    )
    return Panel("Activiteiten", "steunpunt/panelen/activiteiten.html", {"activiteiten": komend})


@start_panel(Rol.STEUNPUNT, volgorde=30)
def redactie(request, rol):
    return Panel("Redactie", "steunpunt/panelen/redactie.html", {
        "concepten": visible(rol, Artikel).filter(status=Artikel.Status.CONCEPT).count(),
        "brieven": visible(rol, Nieuwsbrief).filter(status=Nieuwsbrief.Status.CONCEPT).count(),
        "abonnees": services.aantal_abonnees(),
    })


@start_panel(*services.VRAGERS, volgorde=95)
def mijn_vragen(request, rol):
    eigen = visible(rol, Vraag).exclude(status=Vraag.Status.GESLOTEN)
    vragen = list(eigen.select_related("thema").order_by("-gesteld_op", "-pk")[:IN_PANEEL])
    if not vragen:
        return None
    return Panel("Mijn vragen aan het Steunpunt", "steunpunt/panelen/mijn_vragen.html", {
        "vragen": vragen,
        "open": eigen.filter(status__in=OPEN).count(),
        "beantwoord": eigen.filter(status=Vraag.Status.BEANTWOORD).count(),
    })
