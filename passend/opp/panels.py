"""Start-page panels: for a school the OPP's that need attention (to set, late, evaluation due), for a parent the
set OPP versions that wait for their consent."""

from django.db.models import Exists, OuterRef

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel
from passend.register.models import OuderKind

from . import services
from .models import Instemming, Opp, OppVersie
from .views import werklijst


@start_panel(Rol.SCHOOL, volgorde=8)
def school_opps(request, rol):
    peildatum = services.vandaag()
    dagen = werklijst.waarschuwen_dagen(rol.swv_id)
    telling = werklijst.tellingen(werklijst.met_termijnen(visible(rol, Opp)), peildatum, dagen)
    return Panel("OPP's", "opp/panelen/school.html", {**telling, "dagen": dagen})


@start_panel(Rol.OUDER, volgorde=6)
def ouder_opps(request, rol):
    opps = werklijst.met_termijnen(visible(rol, Opp).filter(beeindigd_op__isnull=True))
    totaal = opps.count()
    if not totaal:
        return None
    gezag = OuderKind.objects.filter(leerling_id=OuterRef("opp__leerling_id"), ouder__user_id=rol.user_id,
                                     heeft_gezag=True)
    eigen = Instemming.objects.filter(versie_id=OuterRef("pk"), ouder__user_id=rol.user_id)
    wachten = list(
        OppVersie.objects.filter(pk__in=opps.values("huidige_versie_id"), status=OppVersie.Status.VASTGESTELD)
        .filter(Exists(gezag)).exclude(Exists(eigen))
        .select_related("opp__leerling", "opp__school").order_by("-vastgesteld_op", "-pk")[:10]
    )
    return Panel("OPP van uw kind", "opp/panelen/ouder.html", {"wachten": wachten, "totaal": totaal})
