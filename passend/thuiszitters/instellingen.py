"""Saving the SWV's thuiszitters settings (Thuiszittersinstellingen): the only writer of that row.

Who: whoever may change the row (toegang.py: the SWV-directeur and the beheerder). What is checked: the weeks are
whole numbers in a sensible range, the reference dates parse in every year (so not 29-02, which fails in three
years out of four), the report's columns are known (rapport.kolommen_uit) and appear once. The values are stored
in a normal form ("01-01,01-04"; "volgnummer,categorie"). One transaction; the audit trail records the change
through the model's signals.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from passend.core.access import can

from . import rapport, regels
from .models import Thuiszittersinstellingen

VELDEN = ("escalatie_weken", "peildata", "kolommen", "signaal_weken")
GRENZEN = {"escalatie_weken": (1, 52), "signaal_weken": (1, 26)}
GEEN_RECHT = "Alleen de directeur van het samenwerkingsverband of de beheerder kan deze instellingen wijzigen."
SCHRIKKELJAAR, GEWOON_JAAR = 2028, 2027


def peildata_normaal(tekst: str) -> str:
    """The reference dates as "dd-mm,dd-mm" (sorted, each once). ValueError (Dutch) when one is wrong."""
    data = regels.peildata(SCHRIKKELJAAR, tekst)
    try:
        regels.peildata(GEWOON_JAAR, tekst)
    except ValueError:
        raise ValueError("29-02 bestaat niet elk jaar: kies 28-02 of 01-03.") from None
    return ",".join(sorted({f"{d:%d-%m}" for d in data}, key=lambda s: (s[3:], s[:2])))


def kolommen_normaal(tekst: str) -> str:
    """The report's columns as "naam,naam" in the given order. ValueError (Dutch) on an unknown or double one."""
    if not (tekst or "").strip():
        raise ValueError("Kies ten minste één kolom.")
    namen = rapport.kolommen_uit(tekst)
    dubbel = sorted({k for k in namen if namen.count(k) > 1})
    if dubbel:
        raise ValueError(f"Deze kolom(men) staan er meer dan eens in: {', '.join(dubbel)}.")
    return ",".join(namen)


def _weken(waarde, veld: str, fouten: dict):
    laag, hoog = GRENZEN[veld]
    try:
        n = int(str(waarde).strip())
    except (TypeError, ValueError):
        fouten[veld] = "Vul een aantal hele weken in."
        return None
    if not laag <= n <= hoog:
        fouten[veld] = f"Kies een aantal weken van {laag} tot en met {hoog}."
        return None
    return n


@transaction.atomic
def instellingen_opslaan(rol, **velden) -> Thuiszittersinstellingen:
    """Save (some of) VELDEN for the role's SWV; raises PermissionDenied or ValidationError (per field) and saves
    nothing then."""
    if rol is None or not rol.actief:
        raise PermissionDenied(GEEN_RECHT)
    inst = (Thuiszittersinstellingen.objects.select_for_update().filter(swv_id=rol.swv_id).first()
            or Thuiszittersinstellingen(swv_id=rol.swv_id))
    if not can(rol, "change", inst):
        raise PermissionDenied(GEEN_RECHT)
    onbekend = set(velden) - set(VELDEN)
    if onbekend:
        raise ValidationError(f"Onbekende instelling(en): {', '.join(sorted(onbekend))}.")
    fouten: dict = {}
    waarden = {}
    for veld in ("escalatie_weken", "signaal_weken"):
        if veld in velden:
            waarden[veld] = _weken(velden[veld], veld, fouten)
    for veld, normaal in (("peildata", peildata_normaal), ("kolommen", kolommen_normaal)):
        if veld in velden:
            try:
                waarden[veld] = normaal(velden[veld] or "")
            except ValueError as e:
                fouten[veld] = str(e)
    if fouten:
        raise ValidationError(fouten)
    for veld, waarde in waarden.items():
        setattr(inst, veld, waarde)
    inst.full_clean()
    inst.save()
    return inst
