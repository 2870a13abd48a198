"""The one place that changes the portal settings. Switching pupil accounts off switches every pupil account of
the SWV off at once (their roles become inactive, so they can no longer see anything); switching them on again
restores the accounts of pupils who are still old enough. Everything is recorded in the audit trail through the
model signals and `record`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning
from passend.audit.services import record
from passend.core.access import can
from passend.register.models import Leerling

from . import regels
from .models import Portaalinstellingen

MIN_LEEFTIJD, MAX_LEEFTIJD = 12, 18


@transaction.atomic
def instellingen_opslaan(rol, *, leerlingaccounts: bool, minimumleeftijd: int) -> tuple[Portaalinstellingen, int]:
    """Save the SWV's portal settings. Returns the settings and how many pupil accounts were switched on or off."""
    inst = Portaalinstellingen.objects.select_for_update().filter(swv_id=rol.swv_id).first() if rol else None
    inst = inst or Portaalinstellingen(swv_id=rol.swv_id if rol else None)
    if rol is None or not can(rol, "change", inst):
        raise PermissionDenied("Alleen de directeur van het samenwerkingsverband of de beheerder kan dit instellen.")
    try:
        minimumleeftijd = int(minimumleeftijd)
    except (TypeError, ValueError):
        raise ValidationError({"minimumleeftijd": "Vul een leeftijd in hele jaren in."}) from None
    if not MIN_LEEFTIJD <= minimumleeftijd <= MAX_LEEFTIJD:
        raise ValidationError({"minimumleeftijd": f"Kies een leeftijd van {MIN_LEEFTIJD} tot en met {MAX_LEEFTIJD} jaar."})
    inst.leerlingaccounts = bool(leerlingaccounts)
    inst.minimumleeftijd = minimumleeftijd
    inst.save()
    return inst, _rollen_bijwerken(inst)


def _rollen_bijwerken(inst: Portaalinstellingen) -> int:
    vandaag = timezone.localdate()
    geboren = dict(Leerling.objects.filter(swv_id=inst.swv_id, user__isnull=False).values_list("user_id", "geboortedatum"))
    gewijzigd = 0
    for r in Roltoekenning.objects.select_for_update().filter(swv_id=inst.swv_id, rol=Rol.LEERLING):
        gd = geboren.get(r.user_id)
        actief = gd is not None and regels.mag_eigen_account(
            gd, vandaag, toegestaan=inst.leerlingaccounts, minimumleeftijd=inst.minimumleeftijd)
        if r.actief != actief:
            r.actief = actief
            r.save(update_fields=["actief"])
            record("update", r, velden=["actief"], swv_id=inst.swv_id,
                   omschrijving="Leerlingaccount aangezet" if actief else "Leerlingaccount uitgezet (instelling SWV)")
            gewijzigd += 1
    return gewijzigd
