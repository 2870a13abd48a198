"""Retention of OPP's, hooked into passend.register.retention: they go with the pupil's record (versions,
consents and evaluations with them); attached external PDF's are removed after the transaction commits."""

from django.db import transaction
from django.db.models import Q

from .models import Opp


def nog_bewaren(grens) -> Q:
    return Q(pk__in=[])


def verwijder_van(leerling_ids) -> int:
    opps = list(Opp.objects.filter(leerling_id__in=leerling_ids))
    bestanden = [o.extern_bestand for o in opps if o.extern_bestand]
    for o in opps:
        for v in o.versies.all():
            v.instemmingen.all().delete()
        o.delete()
    transaction.on_commit(lambda: [b.delete(save=False) for b in bestanden])
    return len(opps)
