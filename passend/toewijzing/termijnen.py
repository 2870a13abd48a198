"""The decision term of requests as stored: the suspensions (Awb 4:15) read from the timeline, and the deadline
per request (regels.besluit_uiterlijk). Worklists, the request pages, the API and monitoring all use this one
definition.

A suspension starts when the SWV sends a request back for completion (transition aanvulling_vragen, which
records the completion term the SWV set in Gebeurtenis.aanvullen_uiterlijk) and ends when the school submits
it again (opnieuw_indienen), withdraws it (intrekken) or the SWV stops it (buiten_behandeling_stellen), but at the latest when the completion term ends
(regels.opschorting_einde). The timeline (Gebeurtenis) is append-only, so the periods cannot be changed
afterwards.
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from . import regels
from .models import Aanvraag, Gebeurtenis, Status, vandaag

OPSCHORTING_BEGIN = "aanvulling_vragen"
OPSCHORTING_EINDE = ("opnieuw_indienen", "intrekken", "buiten_behandeling_stellen")

# (gevraagd_op, aangevuld_op or None while open, aanvullen_uiterlijk or None when none was recorded)
Periode = tuple[dt.date, dt.date | None, dt.date | None]


def opschortingen(aanvraag_ids) -> dict[int, list[Periode]]:
    """{aanvraag id: [(gevraagd_op, aangevuld_op or None, aanvullen_uiterlijk), ...]} (one query)."""
    uit: dict[int, list[Periode]] = defaultdict(list)
    open_sinds: dict[int, tuple[dt.date, dt.date | None]] = {}
    rijen = (Gebeurtenis.objects.filter(aanvraag_id__in=aanvraag_ids,
                                        transitie__in=(OPSCHORTING_BEGIN, *OPSCHORTING_EINDE))
             .order_by("tijdstip", "pk").values_list("aanvraag_id", "transitie", "tijdstip", "aanvullen_uiterlijk"))
    for aanvraag_id, transitie, tijdstip, uiterste in rijen:
        dag = timezone.localdate(tijdstip)
        if transitie == OPSCHORTING_BEGIN:
            open_sinds.setdefault(aanvraag_id, (dag, uiterste))
        elif aanvraag_id in open_sinds:
            van, uiterste_open = open_sinds.pop(aanvraag_id)
            uit[aanvraag_id].append((van, dag, uiterste_open))
    for aanvraag_id, (van, uiterste) in open_sinds.items():
        uit[aanvraag_id].append((van, None, uiterste))
    return uit


def _op(perioden: list[Periode], peildatum: dt.date | None) -> list[Periode]:
    """The periods as known on `peildatum` (default today): a request to complete that is not answered and whose
    completion term has not ended yet has no known end, so the term stands still (besluit_uiterlijk gives None
    when it actually suspends: not when the term had run out before it)."""
    peildatum = peildatum or vandaag()
    return [(van, None, None) if aangevuld is None and (uiterste is None or peildatum < uiterste)
            else (van, aangevuld, uiterste) for van, aangevuld, uiterste in perioden]


def open_aanvulling(perioden: list[Periode]) -> Periode | None:
    """The request to complete that the school has not answered yet (also when its completion term is over)."""
    return next((p for p in perioden if p[1] is None), None)


def besluit_uiterlijk_zonder_aanvulling(aanvraag: Aanvraag, weken: int, perioden: list[Periode]) -> dt.date | None:
    """While the term stands still: the deadline that will hold when the school does not complete the request
    before its completion term ends (completing earlier moves it forward)."""
    return regels.besluit_uiterlijk(aanvraag.ingediend_op, weken, perioden) if aanvraag.ingediend_op else None


def uiterlijk(aanvraag: Aanvraag, weken: int, perioden: list[Periode] | None = None,
              peildatum: dt.date | None = None) -> dt.date | None:
    """The decision deadline of one request (None: not submitted yet, or the term stands still on
    `peildatum`, default today)."""
    if aanvraag.ingediend_op is None:
        return None
    if perioden is None:
        perioden = opschortingen([aanvraag.pk]).get(aanvraag.pk, [])
    return regels.besluit_uiterlijk(aanvraag.ingediend_op, weken, _op(perioden, peildatum))


def uiterlijk_per_aanvraag(qs, weken: int, peildatum: dt.date | None = None) -> dict[int, dt.date | None]:
    """{pk: deadline, or None while the term stands still} for the submitted requests in `qs` (two queries)."""
    ingediend = qs.filter(ingediend_op__isnull=False).order_by()
    rijen = list(ingediend.values_list("pk", "ingediend_op"))
    perioden = opschortingen(ingediend.values("pk")) if rijen else {}
    peildatum = peildatum or vandaag()
    return {pk: regels.besluit_uiterlijk(ingediend_op, weken, _op(perioden.get(pk, []), peildatum))
            for pk, ingediend_op in rijen}


def aanvullen_uiterlijk_per_aanvraag(qs) -> dict[int, dt.date | None]:
    """{pk: the completion term (None when none was recorded)} for the requests in `qs` that wait for a
    completion now (status aanvulling, two queries)."""
    wachtend = list(qs.filter(status=Status.AANVULLING).order_by().values_list("pk", flat=True))
    perioden = opschortingen(wachtend) if wachtend else {}
    uit = {}
    for pk in wachtend:
        gevraagd = open_aanvulling(perioden.get(pk, []))
        if gevraagd is not None:
            uit[pk] = gevraagd[2]
    return uit
