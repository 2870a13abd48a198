"""Retention: pupil records are removed once their retention period has passed.

The AVG sets no concrete periods; the bestuur must set and document them. School practice (PO-Raad FAQ,
https://www.poraad.nl/veelgestelde-vragen/wat-zijn-de-bewaartermijnen-mbt-leerlingdossiers-en-dan-meer-specifiek-de ;
https://www.onderwijsconsument.nl/bewaartermijn-leerlinggegevens/): leerlingdossier 2 years after leaving, data of
pupils referred to speciaal onderwijs 3 years after leaving. A period for SWV dossiers (TLV/OPP) was not found
(domain.md section 8: [uncertain]), so it is a setting: PASSEND_BEWAARTERMIJN_JAREN, default 3 (the longer of the
two, since SWV files concern referral to special education).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from .models import Inschrijving, Leerling, Ouder, OuderKind, actief_op

# Domain modules that keep records about a pupil add two hooks here (from their AppConfig.ready):
# NOG_BEWAREN: functions (grens) -> Q on Leerling of pupils that must still be kept (e.g. a TLV valid after `grens`);
# EERST_VERWIJDEREN: functions (leerling_ids) -> int that delete the module's records of those pupils first.
NOG_BEWAREN: list = []
EERST_VERWIJDEREN: list = []


def haak(bewaren) -> None:
    """Add a module's two hooks (`bewaren.nog_bewaren`, `bewaren.verwijder_van`) once, from its AppConfig.ready()."""
    if bewaren.verwijder_van not in EERST_VERWIJDEREN:
        NOG_BEWAREN.append(bewaren.nog_bewaren)
        EERST_VERWIJDEREN.append(bewaren.verwijder_van)


def bewaren_tot(laatste_einddatum: dt.date, jaren: int) -> dt.date:
    """The last day a record is kept: `jaren` years after the pupil's last enrolment ended.

    29 February moves to 28 February in a year without it.
    """
    try:
        return laatste_einddatum.replace(year=laatste_einddatum.year + jaren)
    except ValueError:
        return laatste_einddatum.replace(year=laatste_einddatum.year + jaren, day=28)


def bewaartermijn_jaren() -> int:
    return int(getattr(settings, "PASSEND_BEWAARTERMIJN_JAREN", 3))


def verlopen_leerlingen(op: dt.date | None = None, jaren: int | None = None):
    """Pupils whose retention period has passed on date `op`: no current enrolment, and the last one ended more
    than `jaren` years before `op` (pupils never enrolled: created more than `jaren` years ago)."""
    op = op or timezone.localdate()
    jaren = bewaartermijn_jaren() if jaren is None else jaren
    grens = bewaren_tot(op, -jaren)  # einddatum before this date -> expired
    actief = Inschrijving.objects.filter(leerling_id=OuterRef("pk")).filter(actief_op(op))
    ooit = Inschrijving.objects.filter(leerling_id=OuterRef("pk"))
    qs = (
        Leerling.objects.annotate(laatste=Max("inschrijvingen__einddatum"))
        .filter(~Exists(actief))
        .filter(Q(Exists(ooit), laatste__lt=grens) | Q(~Exists(ooit), aangemaakt__date__lt=grens))
    )
    for nog_bewaren in NOG_BEWAREN:
        qs = qs.exclude(nog_bewaren(grens))
    return qs


def verwijder_verlopen(op: dt.date | None = None, jaren: int | None = None) -> dict:
    """Delete expired pupil records (with their enrolments and parent links; parents left without children too).

    Every deletion is written to the audit trail (the trail itself is kept). One transaction.
    """
    with transaction.atomic():
        ids = list(verlopen_leerlingen(op, jaren).values_list("pk", flat=True))
        ouder_ids = set(OuderKind.objects.filter(leerling_id__in=ids).values_list("ouder_id", flat=True))
        for eerst in EERST_VERWIJDEREN:
            eerst(ids)
        for leerling in Leerling.objects.filter(pk__in=ids):
            leerling.delete()
        wees = Ouder.objects.filter(pk__in=ouder_ids).filter(~Exists(OuderKind.objects.filter(ouder_id=OuterRef("pk"))))
        n_ouders = 0
        for ouder in wees:
            ouder.delete()
            n_ouders += 1
    return {"leerlingen": len(ids), "ouders": n_ouders}
