"""Retention of aanmeldingen, hooked into passend.register.retention: they go with the pupil's record, but an
open aanmelding keeps the pupil (the zorgplicht still runs). Extension letters are removed from storage after
the transaction commits."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from .models import OPEN_STATUSSEN, Aanmelding


def nog_bewaren(grens) -> Q:
    return Q(Exists(Aanmelding.objects.filter(leerling_id=OuterRef("pk"), status__in=OPEN_STATUSSEN)))


def verwijder_van(leerling_ids) -> int:
    aanmeldingen = list(Aanmelding.objects.filter(leerling_id__in=leerling_ids))
    brieven = [a.verlengingsbrief for a in aanmeldingen if a.verlengingsbrief]
    for a in aanmeldingen:
        a.delete()  # one by one: the audit trail records each deletion
    transaction.on_commit(lambda: [b.delete(save=False) for b in brieven])
    return len(aanmeldingen)
