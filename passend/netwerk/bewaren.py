"""Retention of the dekkend netwerk's pupil data, hooked into passend.register.retention: a pupil's stated needs
and placement requests go with the pupil's record; a placement request still running (open, or waiting for the
chosen school's answer) keeps the pupil. The coverage snapshots (Dekkingsmeting) hold no pupil data and stay."""

from django.db.models import Exists, OuterRef, Q

from .models import Leerlingbehoefte, Plaatsingsverzoek

LOPEND = (Plaatsingsverzoek.Status.OPEN, Plaatsingsverzoek.Status.GEKOZEN, Plaatsingsverzoek.Status.AFGEWEZEN)


def nog_bewaren(grens) -> Q:
    return Q(Exists(Plaatsingsverzoek.objects.filter(leerling_id=OuterRef("pk"), status__in=LOPEND)))


def verwijder_van(leerling_ids) -> int:
    ids = list(leerling_ids)
    verzoeken = list(Plaatsingsverzoek.objects.filter(leerling_id__in=ids))
    for p in verzoeken:
        p.delete()  # one by one: the audit trail records each deletion
    for lb in Leerlingbehoefte.objects.filter(leerling_id__in=ids).select_related("leerling"):
        lb.delete()
    return len(verzoeken)
