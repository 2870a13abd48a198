"""Start-page panels of the portal: for a pupil with an own account what they can do here (and whether they can
give their view on a set plan); for the SWV-directeur and the beheerder the state of the portal settings, with a
link to change them."""

from django.db.models import Exists, OuterRef

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel
from passend.opp.models import Opp, OppVersie

from . import views_instellingen
from .models import Portaalinstellingen


@start_panel(Rol.LEERLING, volgorde=10)
def leerling_overzicht(request, rol):
    vastgesteld = OppVersie.objects.filter(opp_id=OuterRef("pk"), status=OppVersie.Status.VASTGESTELD)
    plan = (visible(rol, Opp).filter(beeindigd_op__isnull=True).filter(Exists(vastgesteld))
            .order_by("-aanleiding_datum", "-pk").first())
    return Panel("Mijn overzicht", "ouders/panelen/leerling.html", {"plan": plan})


@start_panel(Rol.SWV_DIRECTEUR, Rol.BEHEERDER, volgorde=80)
def portaal_instellingen(request, rol):
    return Panel("Portaal voor ouders en leerlingen", "ouders/panelen/instellingen.html", {
        "instellingen": Portaalinstellingen.voor(rol.swv_id),
        "tellingen": views_instellingen.tellingen(rol.swv_id),
    })
