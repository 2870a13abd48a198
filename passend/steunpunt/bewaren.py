"""Retention of the Steunpunt's personal data (not pupil data): see the models' docstring for the terms.
Run by `passend bewaartermijn --uitvoeren` beside the pupil records."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import Abonnee, Activiteit, Deelname, Vraag


def te_verwijderen(nu: dt.datetime | None = None) -> dict:
    """What is past its term now, as querysets."""
    nu = nu or timezone.now()
    return {
        "abonnees": Abonnee.objects.filter(
            bevestigd_op__isnull=True,
            aangemeld_op__lt=nu - dt.timedelta(days=settings.PASSEND_STEUNPUNT_BEVESTIG_DAGEN)),
        "activiteiten": Activiteit.objects.filter(
            eind__lt=nu - dt.timedelta(days=settings.PASSEND_STEUNPUNT_DEELNAME_DAGEN), deelnames__isnull=False,
        ).distinct(),
        "vragen": Vraag.objects.filter(
            status=Vraag.Status.GESLOTEN,
            gesloten_op__lt=nu - dt.timedelta(days=365 * settings.PASSEND_STEUNPUNT_VRAAG_JAREN)),
    }


@transaction.atomic
def opschonen(nu: dt.datetime | None = None) -> dict:
    """Delete what is past its term. Activities keep their counts of placed and present participants."""
    t = te_verwijderen(nu)
    abonnees = t["abonnees"].delete()[0]
    deelnemers = 0
    for a in t["activiteiten"]:
        tel = a.deelnames.aggregate(
            geplaatst=Count("pk", filter=Q(status=Deelname.Status.GEPLAATST)),
            aanwezig=Count("pk", filter=Q(status=Deelname.Status.GEPLAATST, aanwezig=True)))
        a.geteld_geplaatst, a.geteld_aanwezig = tel["geplaatst"], tel["aanwezig"]
        a.save(update_fields=["geteld_geplaatst", "geteld_aanwezig"])
        deelnemers += a.deelnames.all().delete()[0]
    vragen = t["vragen"].delete()[0]
    return {"abonnees": abonnees, "deelnemers": deelnemers, "vragen": vragen}
