"""Start panels for SWV staff (werkvoorraad toewijzing) and experts (their advice requests), and the
worklist queries the werkvoorraad page shares with them (one definition of 'overdue' and 'due soon')."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import regels
from .models import OPEN_STATUSSEN, Aanvraag, Adviesopdracht, Toewijzingsinstellingen, vandaag

SIGNAAL_DAGEN = 7  # "binnen een week": the warning on the worklist


def open_aanvragen(rol):
    """The open requests of the SWV (submitted, not yet decided), as this role may see them."""
    return visible(rol, Aanvraag).filter(status__in=OPEN_STATUSSEN)


def ingediend_grens(weken: int, peildatum: dt.date) -> dt.date:
    """The submission date whose decision deadline (regels.besluit_uiterlijk) is `peildatum`: its inverse, so
    the filters below agree with the deadline shown per row (a test checks this)."""
    return peildatum - dt.timedelta(weeks=weken)


def te_laat(qs, weken: int, peildatum: dt.date | None = None):
    """Requests whose decision deadline has passed."""
    peildatum = peildatum or vandaag()
    return qs.filter(ingediend_op__lt=ingediend_grens(weken, peildatum))


def binnen_week(qs, weken: int, peildatum: dt.date | None = None):
    """Requests whose decision deadline is today or within the coming week (not yet passed)."""
    peildatum = peildatum or vandaag()
    return qs.filter(
        ingediend_op__gte=ingediend_grens(weken, peildatum),
        ingediend_op__lte=ingediend_grens(weken, peildatum + dt.timedelta(days=SIGNAAL_DAGEN)),
    )


@dataclass
class Termijn:
    uiterlijk: dt.date | None
    dagen: int | None

    @property
    def te_laat(self) -> bool:
        return self.dagen is not None and self.dagen < 0

    @property
    def binnenkort(self) -> bool:
        return self.dagen is not None and 0 <= self.dagen <= SIGNAAL_DAGEN

    @property
    def tekst(self) -> str:
        if self.dagen is None:
            return ""
        if self.dagen < 0:
            n = -self.dagen
            return f"{n} dag{'' if n == 1 else 'en'} te laat"
        if self.dagen == 0:
            return "vandaag"
        return f"nog {self.dagen} dag{'' if self.dagen == 1 else 'en'}"


def termijn(a: Aanvraag, weken: int, peildatum: dt.date | None = None) -> Termijn:
    if a.ingediend_op is None:
        return Termijn(None, None)
    uiterlijk = regels.besluit_uiterlijk(a.ingediend_op, weken)
    return Termijn(uiterlijk, (uiterlijk - (peildatum or vandaag())).days)


def kengetallen(rol, qs=None) -> dict:
    """Counts for the top of the worklist and the start panel."""
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    qs = open_aanvragen(rol) if qs is None else qs
    return {
        "open": qs.count(),
        "te_laat": te_laat(qs, inst.besluittermijn_weken).count(),
        "binnen_week": binnen_week(qs, inst.besluittermijn_weken).count(),
        "zonder_consulent": qs.filter(consulent__isnull=True).count(),
        "mijn": qs.filter(consulent_id=rol.user_id).count(),
        "weken": inst.besluittermijn_weken,
    }


@start_panel(*SWV_STAF, volgorde=5)
def swv_werkvoorraad(request, rol):
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    qs = open_aanvragen(rol)
    urgent = list(qs.select_related("leerling").order_by("ingediend_op", "pk")[:5])
    for a in urgent:
        a.termijn = termijn(a, inst.besluittermijn_weken)
    return Panel("Werkvoorraad toewijzing", "toewijzing/panelen/swv_werkvoorraad.html",
                 {"k": kengetallen(rol, qs), "urgent": urgent}, breed=True)


def eigen_opdrachten(rol):
    """The expert's own assignments they may see now (open or given, on undecided requests): open first,
    then by due date."""
    return (
        visible(rol, Adviesopdracht).filter(deskundige_id=rol.user_id)
        .select_related("aanvraag", "aanvraag__leerling", "aanvraag__school")
        .order_by(F("gegeven_op").asc(nulls_first=True), F("uiterlijk").asc(nulls_last=True), "gevraagd_op")
    )


@start_panel(Rol.DESKUNDIGE, volgorde=5)
def deskundige_adviesvragen(request, rol):
    opdrachten = list(eigen_opdrachten(rol).filter(status=Adviesopdracht.Status.GEVRAAGD))
    vandaag_ = vandaag()
    for o in opdrachten:
        o.dagen = (o.uiterlijk - vandaag_).days if o.uiterlijk else None
    return Panel("Uw adviesvragen", "toewijzing/panelen/deskundige_adviesvragen.html",
                 {"opdrachten": opdrachten}, breed=True)
