"""Retention of transport requests, hooked into passend.register.retention: they go with the pupil's record; a
request granted for a school year that has not ended keeps the pupil. Route plannings hold request ids and
positions of PC4 centroids, no names: they are removed with the requests they plan (see verwijder_van)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from .models import Routeplanning, Vervoersaanvraag


def nog_bewaren(grens) -> Q:
    vandaag = dt.date.today()
    lopend = vandaag.year if vandaag.month >= 8 else vandaag.year - 1
    return Q(Exists(Vervoersaanvraag.objects.filter(leerling_id=OuterRef("pk"), schooljaar__gte=lopend,
                                                    status=Vervoersaanvraag.Status.TOEGEKEND)))


def verwijder_van(leerling_ids) -> int:
    aanvragen = list(Vervoersaanvraag.objects.filter(leerling_id__in=list(leerling_ids)))
    gemeenten = {a.gemeente_id for a in aanvragen}
    for a in aanvragen:
        a.delete()  # one by one: the audit trail records each deletion
    # A planning that routed a removed pupil would still show the stop: remove those plannings.
    ids = {a.pk for a in aanvragen}
    for p in Routeplanning.objects.filter(gemeente_id__in=gemeenten):
        if ids & {int(k) for k in p.resultaat.get("rittijden", {})}:
            p.delete()
    return len(aanvragen)
