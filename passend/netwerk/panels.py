"""Start-page panels of the dekkend netwerk: what needs attention now.

- SWV staff: running placement requests (and those waiting for the chosen school's answer), profiles missing or
  expiring, and the gaps of the latest coverage snapshot (computing the coverage on every start page is too heavy).
- School: placement requests waiting for the school's answer, the school's own running requests, and the state
  of its own profile(s)."""

from django.utils import timezone

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import school_ids, visible
from passend.core.panels import Panel, start_panel

from . import regels
from .models import Dekkingsmeting, Plaatsingsverzoek, Schoolprofiel

LOPEND = (Plaatsingsverzoek.Status.OPEN, Plaatsingsverzoek.Status.GEKOZEN, Plaatsingsverzoek.Status.AFGEWEZEN)
IN_PANEEL = 5


def _profielstatus(profielen, vandaag):
    tel = {"geldig": 0, "verloopt": 0, "verlopen": 0, "toekomst": 0}
    for van, tot in profielen:
        tel[regels.status_periode(van, tot, vandaag)] += 1
    return tel


@start_panel(*SWV_STAF, volgorde=12)
def swv_netwerk(request, rol):
    vandaag = timezone.localdate()
    verzoeken = visible(rol, Plaatsingsverzoek).filter(status__in=LOPEND)
    meting = Dekkingsmeting.objects.filter(swv_id=rol.swv_id).order_by("-datum").first()
    profielen = Schoolprofiel.objects.filter(swv_id=rol.swv_id).values_list("geldig_van", "geldig_tot")
    return Panel("Dekkend netwerk", "netwerk/panelen/swv.html", {
        "lopend": verzoeken.count(),
        "wacht_op_school": verzoeken.filter(status=Plaatsingsverzoek.Status.GEKOZEN).count(),
        "profielen": _profielstatus(profielen, vandaag),
        "meting": meting,
    })


@start_panel(Rol.SCHOOL, volgorde=8)
def school_netwerk(request, rol):
    mijn = school_ids(rol)
    vandaag = timezone.localdate()
    verzoeken = visible(rol, Plaatsingsverzoek).filter(status__in=LOPEND).select_related(
        "leerling", "gekozen_school", "vanuit_school")
    te_beantwoorden = [p for p in verzoeken if p.status == p.Status.GEKOZEN and p.gekozen_school_id in mijn]
    eigen = [p for p in verzoeken if p.vanuit_school_id in mijn]
    profielen = list(Schoolprofiel.objects.filter(swv_id=rol.swv_id, school_id__in=mijn).select_related("school"))
    for p in profielen:
        p.status = regels.status_periode(p.geldig_van, p.geldig_tot, vandaag)
    zonder = len(mijn) - len(profielen)
    if not (te_beantwoorden or eigen or profielen or zonder):
        return None
    return Panel("Plaatsingen en ondersteuningsprofiel", "netwerk/panelen/school.html", {
        "te_beantwoorden": te_beantwoorden[:IN_PANEEL], "eigen": eigen[:IN_PANEEL], "profielen": profielen,
        "zonder_profiel": zonder,
    })
