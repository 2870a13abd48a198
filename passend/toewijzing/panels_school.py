"""Start panels for school users (the requests of their school) and parents (what waits for their reaction,
and the decision letters they received)."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import termijnen
from .forms_aanvragen import LOPEND, LOPEND_STATUSSEN, REACTIE_STATUSSEN
from .models import Aanvraag, Afsluitreden, Beschikking, Ouderreactie, Status, vandaag
from .toegang import mag_aanvragen

RECENT_DAGEN = 30  # "recently decided" on the school's panel
BRIEVEN_WEKEN = 8  # letters shown to parents: the 6-week objection term and some margin


@start_panel(Rol.SCHOOL, volgorde=5)
def school_aanvragen(request, rol):
    aanvragen = visible(rol, Aanvraag)
    grens = vandaag() - dt.timedelta(days=RECENT_DAGEN)
    telling = aanvragen.aggregate(
        concept=Count("pk", filter=Q(status=Status.CONCEPT)),
        aanvulling=Count("pk", filter=Q(status=Status.AANVULLING)),
        lopend=Count("pk", filter=Q(status__in=LOPEND_STATUSSEN)),
        besloten=Count("pk", filter=Q(besloten_op__gte=grens)),
    )
    aanvulling = []
    if telling["aanvulling"]:
        aanvulling = list(
            aanvragen.filter(status=Status.AANVULLING).select_related("leerling").order_by("-aangemaakt", "-pk")[:5]
        )
        perioden = termijnen.opschortingen([a.pk for a in aanvulling])
        for a in aanvulling:
            gevraagd = termijnen.open_aanvulling(perioden.get(a.pk, []))
            a.aanvullen_uiterlijk = gevraagd[2] if gevraagd else None
        # The completion term that ends first on top.
        aanvulling.sort(key=lambda a: (a.aanvullen_uiterlijk or dt.date.max, -a.pk))
    return Panel("Aanvragen van uw school", "toewijzing/panelen/school_aanvragen.html", {
        **telling,
        "aanvulling_lijst": aanvulling,
        "lopend_filter": LOPEND,
        "recent_dagen": RECENT_DAGEN,
        "kan_aanvragen": mag_aanvragen(rol),
    })


@start_panel(Rol.OUDER, volgorde=5)
def ouder_aanvragen(request, rol):
    aanvragen = visible(rol, Aanvraag)
    eigen_reactie = Ouderreactie.objects.filter(aanvraag_id=OuterRef("pk"), ouder__user_id=rol.user_id)
    wachten = list(
        aanvragen.filter(status__in=REACTIE_STATUSSEN).exclude(Exists(eigen_reactie))
        .select_related("leerling", "school").order_by("-aangemaakt", "-pk")[:10]
    )
    brieven = list(
        visible(rol, Beschikking)
        .filter(verzonden_op__gte=timezone.now() - dt.timedelta(weeks=BRIEVEN_WEKEN))
        .select_related("aanvraag__leerling").order_by("-verzonden_op")[:10]
    )
    # Stopped because the school did not complete them in time (Awb 4:5): there is no letter, so say it here.
    gestopt = list(
        aanvragen.filter(status=Status.AFGESLOTEN, afsluitreden=Afsluitreden.BUITEN_BEHANDELING,
                         afgesloten_op__gte=vandaag() - dt.timedelta(weeks=BRIEVEN_WEKEN))
        .select_related("leerling", "school").order_by("-afgesloten_op", "-pk")[:10]
    )
    totaal = aanvragen.count()
    if not totaal and not brieven:
        return None
    return Panel("Aanvragen voor uw kind", "toewijzing/panelen/ouder_aanvragen.html", {
        "wachten": wachten, "brieven": brieven, "gestopt": gestopt, "totaal": totaal,
    }, breed=True)
