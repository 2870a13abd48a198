"""Retention, hooked into passend.register.retention. The register is cumulative (the Inspectie asks that no
row is deleted), but pupil data may not be kept longer than needed. So:

- a pupil with an open case is kept (nog_bewaren);
- when a pupil's record goes, their closed cases stay for the counts and lose everything that identifies the
  pupil: the link to the record, the free texts, the contacts and the plan of approach, and who recorded the
  hours and the categories. What stays is what the anonymised report uses: category, dates, age at the start,
  school type, gemeente, reasons, outcome, and the categories and hours of education with the dates they
  applied from.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import Melding


def nog_bewaren(grens) -> Q:
    return Q(Exists(Melding.objects.filter(leerling_id=OuterRef("pk"), einddatum__isnull=True)))


def verwijder_van(leerling_ids) -> int:
    meldingen = list(Melding.objects.filter(leerling_id__in=list(leerling_ids)))
    for m in meldingen:
        m.contacten.all().delete()
        m.acties.all().delete()
        for stand in (*m.urenstanden.exclude(door__isnull=True), *m.categoriestanden.exclude(door__isnull=True)):
            stand.door = None
            stand.save(update_fields=["door"])
        m.leerling = None
        m.toelichting = m.reden_anders = m.uitkomst_toelichting = ""
        m.casushouder = None
        m.geanonimiseerd_op = timezone.localdate()
        m.save()
    return len(meldingen)
