"""Start panels for SWV staff (werkvoorraad toewijzing) and experts (their advice requests), and the
worklist queries the werkvoorraad page shares with them (one definition of 'overdue' and 'due soon')."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import regels, termijnen
from .models import OPEN_STATUSSEN, Aanvraag, Adviesopdracht, Status, Toewijzingsinstellingen, vandaag

SIGNAAL_DAGEN = 7  # "binnen een week": the warning on the worklist


def open_aanvragen(rol):
    """The open requests of the SWV (submitted, not yet decided), as this role may see them."""
    return visible(rol, Aanvraag).filter(status__in=OPEN_STATUSSEN)


def _met_termijn(qs, weken: int, peildatum: dt.date | None, wel):
    peildatum = peildatum or vandaag()
    per = termijnen.uiterlijk_per_aanvraag(qs, weken, peildatum)
    return qs.filter(pk__in=[pk for pk, u in per.items() if wel(Termijn.op(u, peildatum))])


def te_laat(qs, weken: int, peildatum: dt.date | None = None):
    """Requests whose decision deadline has passed (suspensions for completion taken into account)."""
    return _met_termijn(qs, weken, peildatum, lambda t: t.te_laat)


def binnen_week(qs, weken: int, peildatum: dt.date | None = None):
    """Requests whose decision deadline is today or within the coming week (not yet passed)."""
    return _met_termijn(qs, weken, peildatum, lambda t: t.binnenkort)


def op_termijn_geordend(qs, weken: int) -> list[int]:
    """The pks of `qs` by deadline: earliest first, suspended ones (no deadline now) last."""
    per = termijnen.uiterlijk_per_aanvraag(qs, weken)
    return sorted(per, key=lambda pk: (per[pk] is None, per[pk] or dt.date.max, pk))


@dataclass
class Termijn:
    uiterlijk: dt.date | None
    dagen: int | None
    opgeschort: bool = False
    aanvullen_uiterlijk: dt.date | None = None  # the completion term of an unanswered request to complete
    # That completion term has passed (from the day after its last day): the SWV may stop the request (Awb 4:5).
    aanvulling_verstreken: bool = False

    @classmethod
    def op(cls, uiterlijk: dt.date | None, peildatum: dt.date, ingediend: bool = True,
           aanvullen_uiterlijk: dt.date | None = None) -> "Termijn":
        verstreken = regels.aanvultermijn_verstreken(aanvullen_uiterlijk, peildatum)
        if uiterlijk is None:
            return cls(None, None, opgeschort=ingediend, aanvullen_uiterlijk=aanvullen_uiterlijk,
                       aanvulling_verstreken=verstreken)
        return cls(uiterlijk, (uiterlijk - peildatum).days, aanvullen_uiterlijk=aanvullen_uiterlijk,
                   aanvulling_verstreken=verstreken)

    @property
    def te_laat(self) -> bool:
        return self.dagen is not None and self.dagen < 0

    @property
    def binnenkort(self) -> bool:
        return self.dagen is not None and 0 <= self.dagen <= SIGNAAL_DAGEN

    @property
    def tekst(self) -> str:
        if self.opgeschort:
            if self.aanvullen_uiterlijk:
                return f"termijn opgeschort: wacht op aanvulling (uiterlijk {self.aanvullen_uiterlijk:%d-%m-%Y})"
            return "termijn opgeschort: wacht op aanvulling"
        if self.dagen is None:
            return ""
        if self.dagen < 0:
            n = -self.dagen
            return f"{n} dag{'' if n == 1 else 'en'} te laat"
        if self.dagen == 0:
            return "vandaag"
        return f"nog {self.dagen} dag{'' if self.dagen == 1 else 'en'}"

    @property
    def aanvulling_te_laat(self) -> bool:
        """The decision term runs again while the school has not completed the request: its completion term
        has passed, or today is its last day (the school may still complete today, regels.opschorting_einde)."""
        return not self.opgeschort and self.aanvullen_uiterlijk is not None


def termijn(a: Aanvraag, weken: int, peildatum: dt.date | None = None, perioden=None) -> Termijn:
    if perioden is None:
        perioden = termijnen.opschortingen([a.pk]).get(a.pk, [])
    peildatum = peildatum or vandaag()
    gevraagd = termijnen.open_aanvulling(perioden) if a.status == Status.AANVULLING else None
    return Termijn.op(termijnen.uiterlijk(a, weken, perioden, peildatum), peildatum, a.ingediend_op is not None,
                      aanvullen_uiterlijk=gevraagd[2] if gevraagd else None)


def opgeschort(qs, weken: int, peildatum: dt.date | None = None):
    """Requests whose decision term stands still on `peildatum`: waiting for a completion whose term has not
    ended yet (Awb 4:15). A request still to complete whose completion term is over is not among them."""
    return _met_termijn(qs, weken, peildatum, lambda t: t.opgeschort)


def aanvulling_verstreken(qs, peildatum: dt.date | None = None):
    """Requests still waiting for a completion whose term has passed unused: the SWV may now decide not to
    consider them (Awb 4:5, workflow step buiten_behandeling_stellen)."""
    peildatum = peildatum or vandaag()
    per = termijnen.aanvullen_uiterlijk_per_aanvraag(qs)
    return qs.filter(pk__in=[pk for pk, d in per.items() if regels.aanvultermijn_verstreken(d, peildatum)])


def kengetallen(rol, qs=None) -> dict:
    """Counts for the top of the worklist and the start panel; each equals the number of rows its filter shows
    (te_laat, binnen_week, opgeschort, aanvulling_verstreken above)."""
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    qs = open_aanvragen(rol) if qs is None else qs
    peildatum = vandaag()
    per = [Termijn.op(u, peildatum)
           for u in termijnen.uiterlijk_per_aanvraag(qs, inst.besluittermijn_weken, peildatum).values()]
    aanvullen = termijnen.aanvullen_uiterlijk_per_aanvraag(qs).values()
    return {
        "open": qs.count(),
        "te_laat": sum(t.te_laat for t in per),
        "binnen_week": sum(t.binnenkort for t in per),
        "opgeschort": sum(t.opgeschort for t in per),
        "aanvulling_verstreken": sum(regels.aanvultermijn_verstreken(d, peildatum) for d in aanvullen),
        "zonder_consulent": qs.filter(consulent__isnull=True).count(),
        "mijn": qs.filter(consulent_id=rol.user_id).count(),
        "weken": inst.besluittermijn_weken,
    }


@start_panel(*SWV_STAF, volgorde=5)
def swv_werkvoorraad(request, rol):
    inst = Toewijzingsinstellingen.voor(rol.swv_id)
    qs = open_aanvragen(rol)
    volgorde = op_termijn_geordend(qs, inst.besluittermijn_weken)[:5]
    per_pk = qs.select_related("leerling").in_bulk(volgorde)
    urgent = [per_pk[pk] for pk in volgorde]
    perioden = termijnen.opschortingen(volgorde)
    for a in urgent:
        a.termijn = termijn(a, inst.besluittermijn_weken, perioden=perioden.get(a.pk, []))
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
