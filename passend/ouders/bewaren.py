"""Retention, hooked into passend.register.retention: a pupil's own account goes with the pupil's record (the
account exists only to read that record)."""

from django.db.models import Q

from passend.accounts.models import User
from passend.audit.services import record


def nog_bewaren(grens) -> Q:
    return Q(pk__in=[])


def verwijder_van(leerling_ids) -> int:
    users = list(User.objects.filter(leerlingdossier__pk__in=list(leerling_ids)))
    for u in users:
        record("delete", u, velden=[], omschrijving="Leerlingaccount verwijderd met het leerlingdossier (bewaartermijn)")
        u.delete()
    return len(users)
