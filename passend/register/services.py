"""The one place that changes register state (pupils and enrolments) from the web pages.

Every function runs in one transaction and checks the access rules on the objects themselves
(passend.core.access), also when the page already did: a refused change leaves nothing behind.
The audit trail records the writes through the model signals (passend.audit.signals).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from passend.accounts.models import Rol
from passend.core.access import can, can_create, visible

from .models import Inschrijving, Leerling, School, Soort

GEEN_RECHT = "U mag in deze rol geen leerlinggegevens wijzigen."


def scholen_voor_inschrijving(rol):
    """The schools this role may enrol a pupil at: a school user only at its own schools; SWV staff at the
    schools in the SWV's region and at every SO/VSO school, since special schools serve pupils of several
    SWV's and a TLV may place a pupil at one outside the region (art. 18a WPO / 17a WVO)."""
    if rol is None:
        return School.objects.none()
    scholen = visible(rol, School)
    if rol.rol == Rol.SCHOOL:
        return scholen.filter(pk__in=rol.scholen.values("pk")).order_by("naam")
    return scholen.filter(
        Q(regio_swv_po_id=rol.swv_id) | Q(regio_swv_vo_id=rol.swv_id)
        | Q(soort__in=[Soort.SO, Soort.VSO, Soort.SO_VSO])
    ).order_by("naam", "plaats")


def _check_school(rol, school: School) -> None:
    if not scholen_voor_inschrijving(rol).filter(pk=school.pk).exists():
        raise PermissionDenied("U kunt in deze rol geen leerling op deze school inschrijven.")


@transaction.atomic
def leerling_aanmaken(rol, leerling: Leerling, *, school: School | None = None,
                      begindatum: dt.date | None = None) -> Leerling:
    """Save a new pupil in the role's SWV, with its first enrolment when a school is given."""
    if not can_create(rol, Leerling):
        raise PermissionDenied(GEEN_RECHT)
    if leerling.pk is not None:
        raise ValueError("leerling_aanmaken is voor nieuwe leerlingen")
    leerling.swv = rol.swv
    leerling.full_clean()
    leerling.save()
    if school is not None:
        _check_school(rol, school)
        if begindatum is None:
            raise ValidationError({"begindatum": "Vul de begindatum van de inschrijving in."})
        Inschrijving.objects.create(leerling=leerling, school=school, begindatum=begindatum)
    # The new pupil must lie within what this role may change (a school user: enrolled at its school).
    if not can(rol, "change", Leerling.objects.get(pk=leerling.pk)):
        raise PermissionDenied("U kunt alleen leerlingen aanmaken die op uw eigen school staan ingeschreven.")
    return leerling


@transaction.atomic
def leerling_bijwerken(rol, leerling: Leerling) -> Leerling:
    """Save changes to an existing pupil (name, date of birth, address)."""
    bestaand = Leerling.objects.select_for_update().filter(pk=leerling.pk).first()
    if bestaand is None or not can(rol, "change", bestaand):
        raise PermissionDenied(GEEN_RECHT)
    leerling.swv_id = bestaand.swv_id  # a pupil never moves to another tenant
    leerling.full_clean()
    leerling.save()
    return leerling


@transaction.atomic
def inschrijving_toevoegen(rol, inschrijving: Inschrijving) -> Inschrijving:
    """Add an enrolment to a pupil this role may change."""
    if inschrijving.pk is not None:
        raise ValueError("inschrijving_toevoegen is voor nieuwe inschrijvingen")
    leerling = Leerling.objects.filter(pk=inschrijving.leerling_id).first()
    if leerling is None or not can(rol, "change", leerling):
        raise PermissionDenied(GEEN_RECHT)
    _check_school(rol, inschrijving.school)
    inschrijving.full_clean()
    inschrijving.save()
    return inschrijving


@transaction.atomic
def inschrijving_beeindigen(rol, inschrijving: Inschrijving, einddatum: dt.date) -> Inschrijving:
    """End an enrolment on `einddatum` (not before its begindatum)."""
    bestaand = Inschrijving.objects.select_for_update().select_related("leerling").filter(pk=inschrijving.pk).first()
    if bestaand is None or not can(rol, "change", bestaand):
        raise PermissionDenied(GEEN_RECHT)
    if einddatum < bestaand.begindatum:
        raise ValidationError({"einddatum": "De einddatum mag niet vóór de begindatum liggen."})
    bestaand.einddatum = einddatum
    bestaand.save(update_fields=["einddatum"])
    return bestaand
