"""Retention of toewijzing records, hooked into passend.register.retention.

A pupil's requests, advices, decisions, letters, TLV's, arrangements and objections go when the pupil's record
goes (the register's retention period after the last enrolment ended), but never while a TLV was still valid
after the retention limit or an objection is undecided: then the file may still be needed. Files (attachments,
letters) are removed from storage after the transaction commits. Deletions land in the audit trail through the
model signals, like the pupil's own.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from .models import Aanvraag, Besteding, Bezwaar, Tlv


def nog_bewaren(grens) -> Q:
    """Pupils to keep: a TLV that ended on or after `grens`, or an objection not yet decided."""
    tlv = Tlv.objects.filter(leerling_id=OuterRef("pk"), einddatum__gte=grens)
    bezwaar = Bezwaar.objects.filter(aanvraag__leerling_id=OuterRef("pk"), beslist_op__isnull=True)
    return Q(Exists(tlv)) | Q(Exists(bezwaar))


def verwijder_van(leerling_ids) -> int:
    """Delete every toewijzing record of these pupils (children before parents: the keys protect history)."""
    aanvragen = list(Aanvraag.objects.filter(leerling_id__in=leerling_ids))
    if not aanvragen:
        return 0
    bestanden = []
    for a in aanvragen:
        bestanden += [b.bestand for b in a.bijlagen.all()] + [d.bestand for d in a.beschikkingen.all()]
    for b in Besteding.objects.filter(arrangement__leerling_id__in=leerling_ids):
        b.delete()
    # A verlenging points at the TLV it extends; unlink first (the request itself goes below).
    Aanvraag.objects.filter(leerling_id__in=leerling_ids, vorige_tlv__isnull=False).update(vorige_tlv=None)
    for model_rows in (
        Bezwaar.objects.filter(aanvraag__in=aanvragen),
        Tlv.objects.filter(leerling_id__in=leerling_ids).order_by("-pk"),
    ):
        for obj in model_rows:
            obj.delete()
    for a in aanvragen:
        if hasattr(a, "arrangement"):
            a.arrangement.delete()
        a.ouderreacties.all().delete()
    for a in Aanvraag.objects.filter(leerling_id__in=leerling_ids).order_by("-pk"):
        a.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in bestanden if f])
    return len(aanvragen)
