"""Start panels for the thuiszitters register, and the worklist queries the list page shares with them: one
definition of "duurklasse", "naar thuiszittersoverleg" and the plan status.

Duration classes are regels.duurklasse from Melding.duur_sinds (the start date, or the day the pupil became a
thuiszitter after a change of category: regels.duur_vanaf), up to today for an open case, up to the end date
for a closed one; escalation is regels.escalatie_nodig with the SWV's `escalatie_weken`, turned into a filter
(escalatie_q) so the count on the start page and the list's filter agree with the badge shown per row.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import regels, signalen
from .models import Actie, Melding, Thuiszittersinstellingen
from .services import vandaag
from .toegang import mag_melden

AANTAL_IN_PANEEL = 8


def open_meldingen(rol):
    return visible(rol, Melding).filter(einddatum__isnull=True)


def escalatie_weken(rol) -> int:
    return Thuiszittersinstellingen.voor(rol.swv_id).escalatie_weken


def escalatie_q(peildatum: dt.date, drempel_weken: int) -> Q:
    """Open cases for which regels.escalatie_nodig holds on `peildatum`: past the threshold, no plan of
    approach (no action at all), not yet at the thuiszittersoverleg."""
    return (Q(einddatum__isnull=True, tafel_op__isnull=True,
              startdatum__lte=peildatum - dt.timedelta(weeks=drempel_weken))
            & ~Q(Exists(Actie.objects.filter(melding_id=OuterRef("pk")))))


def met_plan(qs, peildatum: dt.date):
    """The plan status per case: all actions, open actions, open actions past their date."""
    return qs.annotate(
        n_acties=Count("acties", distinct=True),
        open_acties=Count("acties", filter=Q(acties__gedaan_op__isnull=True), distinct=True),
        te_late_acties=Count("acties", filter=Q(acties__gedaan_op__isnull=True, acties__uiterlijk__lt=peildatum),
                             distinct=True),
    )


def peildatum_van(m: Melding, vandaag_: dt.date) -> dt.date:
    """The duration runs up to today for an open case, up to the end date for a closed one."""
    return m.einddatum or vandaag_


def met_duur(meldingen, peildatum: dt.date, drempel_weken: int) -> list:
    """The rows with duration (days, weeks), duration class, age and escalation (computed by regels.py)."""
    rijen = list(meldingen)
    for m in rijen:
        tot = peildatum_van(m, peildatum)
        m.duur_dagen = regels.duur_dagen(m.duur_sinds, tot)
        m.duur_weken = m.duur_dagen // 7
        m.duurklasse = regels.duurklasse(m.duur_sinds, tot)
        m.duurklasse_label = regels.DUURKLASSEN[m.duurklasse]
        m.leeftijd = (regels.leeftijd(m.leerling.geboortedatum, tot) if m.leerling_id and m.leerling
                      else m.leeftijd_bij_start)
        heeft_plan = getattr(m, "n_acties", None)
        if heeft_plan is None:
            heeft_plan = m.acties.exists()
        m.escalatie = m.is_open and regels.escalatie_nodig(
            m.startdatum, peildatum, heeft_plan=bool(heeft_plan), al_aan_tafel=m.tafel_op is not None,
            drempel_weken=drempel_weken)
    return rijen


def per_duurklasse(qs, peildatum: dt.date) -> list[dict]:
    """Open cases per duration class, in the order of regels.DUURKLASSEN: [{klasse, label, aantal}]."""
    telling = dict.fromkeys(regels.DUURKLASSEN, 0)
    for start in qs.filter(einddatum__isnull=True).values_list("duur_sinds", flat=True):
        telling[regels.duurklasse(start, peildatum)] += 1
    return [{"klasse": k, "label": regels.DUURKLASSEN[k], "aantal": n} for k, n in telling.items()]


def met_duurklasse(qs, klasse: str, peildatum: dt.date):
    """Only the cases in duration class `klasse` (open: up to today; closed: up to the end date)."""
    pks = [pk for pk, start, eind in qs.values_list("pk", "duur_sinds", "einddatum")
           if regels.duurklasse(start, eind or peildatum) == klasse]
    return qs.filter(pk__in=pks)


def kengetallen(rol, qs=None, peildatum: dt.date | None = None) -> dict:
    p = peildatum or vandaag()
    qs = open_meldingen(rol) if qs is None else qs.filter(einddatum__isnull=True)
    weken = escalatie_weken(rol)
    klassen = per_duurklasse(qs, p)
    return {
        "open": sum(k["aantal"] for k in klassen),
        "per_duurklasse": klassen,
        "escalatie": qs.filter(escalatie_q(p, weken)).count(),
        "escalatie_weken": weken,
    }


# --------------------------------------------------------------------------------------------------------
# Panels
# --------------------------------------------------------------------------------------------------------

@start_panel(*SWV_STAF, volgorde=9)
def swv_thuiszitters(request, rol):
    p = vandaag()
    k = kengetallen(rol, peildatum=p)
    k["signalen"] = len(signalen.signalen(rol, p))
    return Panel("Thuiszitters", "thuiszitters/panelen/swv.html", k)


@start_panel(Rol.SCHOOL, Rol.LEERPLICHT, volgorde=6)
def eigen_thuiszitters(request, rol):
    if rol.rol == Rol.LEERPLICHT and not rol.gemeente_id:
        return None
    p = vandaag()
    qs = open_meldingen(rol).select_related("leerling", "school").order_by("startdatum", "pk")
    k = kengetallen(rol, qs, p)
    k["meldingen"] = met_duur(met_plan(qs, p)[:AANTAL_IN_PANEEL], p, k["escalatie_weken"])
    k["meer"] = k["open"] > AANTAL_IN_PANEEL
    k["kan_melden"] = mag_melden(rol)
    k["is_leerplicht"] = rol.rol == Rol.LEERPLICHT
    return Panel("Thuiszitters" + (f" in {rol.gemeente}" if rol.rol == Rol.LEERPLICHT else " van mijn school"),
                 "thuiszitters/panelen/eigen.html", k)
