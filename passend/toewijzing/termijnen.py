"""The decision term of requests as stored: the suspensions (Awb 4:15) read from the timeline, and the deadline
per request (regels.besluit_uiterlijk). Worklists, the request pages, the API and monitoring all use this one
definition.

A suspension starts when the SWV sends a request back for completion (transition aanvulling_vragen) and ends
when the school submits it again (opnieuw_indienen) or withdraws it (intrekken). The timeline (Gebeurtenis) is
append-only, so the periods cannot be changed afterwards.
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from . import regels
from .models import Aanvraag, Gebeurtenis

OPSCHORTING_BEGIN = "aanvulling_vragen"
OPSCHORTING_EINDE = ("opnieuw_indienen", "intrekken")

Periode = tuple[dt.date, dt.date | None]


def opschortingen(aanvraag_ids) -> dict[int, list[Periode]]:
    """{aanvraag id: [(gevraagd_op, aangevuld_op or None), ...]} for the given requests (one query)."""
    uit: dict[int, list[Periode]] = defaultdict(list)
    open_sinds: dict[int, dt.date] = {}
    rijen = (Gebeurtenis.objects.filter(aanvraag_id__in=aanvraag_ids,
                                        transitie__in=(OPSCHORTING_BEGIN, *OPSCHORTING_EINDE))
             .order_by("tijdstip", "pk").values_list("aanvraag_id", "transitie", "tijdstip"))
    for aanvraag_id, transitie, tijdstip in rijen:
        dag = timezone.localdate(tijdstip)
        if transitie == OPSCHORTING_BEGIN:
            open_sinds.setdefault(aanvraag_id, dag)
        elif aanvraag_id in open_sinds:
            uit[aanvraag_id].append((open_sinds.pop(aanvraag_id), dag))
    for aanvraag_id, dag in open_sinds.items():
        uit[aanvraag_id].append((dag, None))
    return uit


def uiterlijk(aanvraag: Aanvraag, weken: int, perioden: list[Periode] | None = None) -> dt.date | None:
    """The decision deadline of one request (None: not submitted yet, or suspended now)."""
    if aanvraag.ingediend_op is None:
        return None
    if perioden is None:
        perioden = opschortingen([aanvraag.pk]).get(aanvraag.pk, [])
    return regels.besluit_uiterlijk(aanvraag.ingediend_op, weken, perioden)


def uiterlijk_per_aanvraag(qs, weken: int) -> dict[int, dt.date | None]:
    """{pk: deadline or None when suspended} for the submitted requests in `qs` (two queries)."""
    ingediend = qs.filter(ingediend_op__isnull=False).order_by()
    rijen = list(ingediend.values_list("pk", "ingediend_op"))
    perioden = opschortingen(ingediend.values("pk")) if rijen else {}
    return {pk: regels.besluit_uiterlijk(ingediend, weken, perioden.get(pk, [])) for pk, ingediend in rijen}
