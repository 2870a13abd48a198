"""Start panels for zorgplicht (a school's aanmeldingen, the SWV's view of the region) and the worklist queries
the list page shares with them: one definition of "bijna verlopen", "termijn verstreken" and "10 weken voorbij".

The deadline of an open aanmelding is regels.termijn (6 weeks after receipt, 6 + the chosen 1-4 weeks after the
one extension); its label is regels.termijn_status with the SWV's `waarschuwen_dagen`. The filters below are the
same rules turned into ranges of the receipt date, one range per extension length, so the counts agree with the
label shown per row (tests/zorgplicht/test_verlenging.py checks this for a mix of extensions).
"""

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Cast

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from . import regels
from .models import OPEN_STATUSSEN, Aanmelding, Status, Zorgplichtinstellingen
from .services import vandaag

# The labels of regels.termijn_status, as the worklist shows them (text, not colour alone).
TERMIJN_LABELS = {
    "op_tijd": ("", ""),
    "bijna": ("bijna verlopen", "let-op"),
    "verlopen": ("termijn verstreken", "fout"),
    "tijdelijke_plaatsing": ("recht op tijdelijke plaatsing", "fout"),
}

ZES_WEKEN = regels.BESLISTERMIJN
TIEN_WEKEN = regels.TIEN_WEKEN


def _termijngroepen() -> list[tuple[Q, dt.timedelta]]:
    """(filter, time from receipt to the deadline) for every kind of row: not extended (6 weeks), and extended by
    each length the school may choose (6 + 1..4 weeks, the stored `verlenging_weken`). Together they cover every
    aanmelding exactly once (the database allows only 1-4 weeks)."""
    groepen = [(Q(verlengd_op__isnull=True), ZES_WEKEN)]
    for weken in regels.VERLENGING_WEKEN:
        groepen.append((Q(verlengd_op__isnull=False, verlenging_weken=weken),
                        regels.verlengd_uiterlijk(dt.date.min, weken) - dt.date.min))
    return groepen


def open_aanmeldingen(rol):
    return visible(rol, Aanmelding).filter(status__in=OPEN_STATUSSEN)


def te_bevestigen(rol):
    """Aanmeldingen proposed to one of this school user's schools, waiting for its confirmation."""
    if rol.rol != Rol.SCHOOL:
        return Aanmelding.objects.none()
    return visible(rol, Aanmelding).filter(status=Status.ELDERS_VOORGESTELD, andere_school__in=rol.scholen.all())


def termijn_volgorde():
    """The deadline (regels.termijn with the chosen weeks) as a database expression. Cast to a date: on
    PostgreSQL a date plus an interval is a timestamp."""
    def plus(duur):
        return Cast(ExpressionWrapper(F("ontvangen_op") + Value(duur), output_field=DateField()), DateField())

    return Case(*[When(filter_, then=plus(duur)) for filter_, duur in _termijngroepen()[1:]],
                default=plus(ZES_WEKEN), output_field=DateField())


def termijn_q(status: str, peildatum: dt.date, waarschuwen_dagen: int) -> Q:
    """Open aanmeldingen whose regels.termijn_status on `peildatum` is `status`, as a filter on the receipt
    date per kind of row (not extended, or extended by 1, 2, 3 or 4 weeks; status: op_tijd, bijna, verlopen,
    tijdelijke_plaatsing). A row with deadline `ontvangen_op + duur` is "verlopen" once the deadline has passed
    but the 10 weeks have not, and "bijna" from `waarschuwen_dagen` before the deadline up to and including it."""
    p, wd = peildatum, dt.timedelta(days=waarschuwen_dagen)
    tijdelijk = Q(ontvangen_op__lt=p - TIEN_WEKEN)
    groepen = _termijngroepen()
    verlopen = reduce(or_, [f & Q(ontvangen_op__lt=p - duur, ontvangen_op__gte=p - TIEN_WEKEN) for f, duur in groepen])
    bijna = reduce(or_, [f & Q(ontvangen_op__gte=p - duur, ontvangen_op__lte=p + wd - duur) for f, duur in groepen])
    if status == "tijdelijke_plaatsing":
        return tijdelijk
    if status == "verlopen":
        return verlopen
    if status == "bijna":
        return bijna
    if status == "op_tijd":
        return ~(tijdelijk | verlopen | bijna)
    raise ValueError(status)


def kengetallen(rol, qs=None, peildatum: dt.date | None = None) -> dict:
    """Counts of open aanmeldingen per deadline label, in one query."""
    p = peildatum or vandaag()
    wd = Zorgplichtinstellingen.voor(rol.swv_id).waarschuwen_dagen
    qs = open_aanmeldingen(rol) if qs is None else qs.filter(status__in=OPEN_STATUSSEN)
    telling = qs.aggregate(
        open=Count("pk"),
        bijna=Count("pk", filter=termijn_q("bijna", p, wd)),
        verlopen=Count("pk", filter=termijn_q("verlopen", p, wd)),
        tijdelijke_plaatsing=Count("pk", filter=termijn_q("tijdelijke_plaatsing", p, wd)),
    )
    telling["waarschuwen_dagen"] = wd
    return telling


def dagen_tekst(dagen: int | None) -> str:
    """Days left in words: "nog 5 dagen", "vandaag", "3 dagen te laat"."""
    if dagen is None:
        return ""
    if dagen < 0:
        n = -dagen
        return f"{n} dag{'' if n == 1 else 'en'} te laat"
    if dagen == 0:
        return "vandaag"
    return f"nog {dagen} dag{'' if dagen == 1 else 'en'}"


def met_termijn(aanmeldingen, peildatum: dt.date, waarschuwen_dagen: int) -> list:
    """The rows with their deadline, days left and label (computed by regels.py, not the database)."""
    rijen = list(aanmeldingen)
    for a in rijen:
        verlengd = a.verlengd_op is not None
        a.uiterlijk = regels.termijn(a.ontvangen_op, verlengd, a.verlenging_weken)
        if a.status in OPEN_STATUSSEN:
            a.dagen = regels.dagen_tot(a.uiterlijk, peildatum)
            a.dagen_tekst = dagen_tekst(a.dagen)
            a.termijn_status = regels.termijn_status(a.ontvangen_op, verlengd, peildatum, waarschuwen_dagen,
                                                     a.verlenging_weken)
            a.termijn_label, a.termijn_klasse = TERMIJN_LABELS[a.termijn_status]
        else:
            a.dagen = None
            a.dagen_tekst = ""
            a.termijn_status = ""
            a.termijn_label, a.termijn_klasse = "", ""
            a.op_tijd_besloten = a.besloten_op is not None and regels.binnen_termijn(
                a.ontvangen_op, a.besloten_op, verlengd, a.verlenging_weken)
    return rijen


# --------------------------------------------------------------------------------------------------------
# Panels
# --------------------------------------------------------------------------------------------------------

@start_panel(Rol.SCHOOL, volgorde=4)
def school_aanmeldingen(request, rol):
    eigen = open_aanmeldingen(rol).filter(school__in=rol.scholen.all())
    k = kengetallen(rol, eigen)
    k["te_bevestigen"] = te_bevestigen(rol).count()
    return Panel("Aanmeldingen", "zorgplicht/panelen/school.html", k)


@start_panel(*SWV_STAF, volgorde=8)
def swv_zorgplicht(request, rol):
    return Panel("Zorgplicht in de regio", "zorgplicht/panelen/swv.html", kengetallen(rol))
