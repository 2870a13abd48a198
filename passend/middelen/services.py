"""The one place that changes Middelen data. Each function is one transaction, checks access and validates;
on an error nothing changes (imports are all-or-nothing)."""

import csv
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from passend.core.access import can
from passend.core.invoer import getal

from .models import Component, Leerlingtelling, Middeleninstellingen, Normbedrag, Verdeelmodel
from .toegang import mag_wijzigen

GEEN_RECHT = "Alleen de directeur van het samenwerkingsverband kan dit wijzigen."
PROCENTEN = ("apparaat_procent", "hybride_school_procent", "hybride_leerling_procent", "hybride_expertise_procent",
             "vangnet_drempel_procent", "signalering_procent")
BEDRAGEN = ("vaste_voet_per_school", "signalering_minimum", "reserve", "totale_baten")
GROEI = ("groei_leerlingen_procent", "groei_tlv_procent", "indexatie_procent")
VELDEN = (*PROCENTEN, *BEDRAGEN, *GROEI, "vangnet_factor", "prognose_jaren", "gekozen_model")


def _decimaal(waarde, veld: str, fouten: dict, *, leeg_mag: bool = False) -> Decimal | None:
    if waarde in (None, ""):
        if not leeg_mag:
            fouten[veld] = "Vul een getal in."
        return None
    try:
        d = getal(waarde)  # Dutch notation ("7.000", "12,5"); refuses "NaN" and "Infinity"
    except ValueError:
        fouten[veld] = "Vul een getal in, bijvoorbeeld 12,5."
        return None
    if abs(d) >= Decimal("1e10"):
        fouten[veld] = "Dit getal is te groot."
        return None
    return d


@transaction.atomic
def instellingen_opslaan(rol, **velden) -> Middeleninstellingen:
    inst = Middeleninstellingen.objects.select_for_update().filter(swv_id=rol.swv_id).first() if rol else None
    inst = inst or Middeleninstellingen(swv_id=getattr(rol, "swv_id", None))
    if rol is None or not can(rol, "change", inst):
        raise PermissionDenied(GEEN_RECHT)
    onbekend = set(velden) - set(VELDEN)
    if onbekend:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(onbekend))}.")
    fouten: dict = {}
    for veld, waarde in velden.items():
        if veld == "gekozen_model":
            if waarde not in Verdeelmodel.values:
                fouten[veld] = "Kies een verdeelmodel."
            else:
                inst.gekozen_model = waarde
            continue
        if veld == "prognose_jaren":
            try:
                jaren = int(waarde)
            except (TypeError, ValueError):
                fouten[veld] = "Vul een aantal jaren in."
                continue
            if not 3 <= jaren <= 5:
                fouten[veld] = "Een prognose gaat over 3 tot 5 jaar."
            inst.prognose_jaren = jaren
            continue
        d = _decimaal(waarde, veld, fouten, leeg_mag=veld in ("reserve", "totale_baten"))
        if veld in fouten:
            continue
        if veld in PROCENTEN and d is not None and not Decimal(0) <= d <= Decimal(100):
            fouten[veld] = "Een percentage ligt tussen 0 en 100."
        elif veld in BEDRAGEN and d is not None and d < 0:
            fouten[veld] = "Een bedrag kan niet negatief zijn."
        elif veld in GROEI and d is not None and not Decimal(-50) <= d <= Decimal(50):
            fouten[veld] = "Kies een percentage tussen -50 en 50 per jaar."
        elif veld == "vangnet_factor" and d is not None and not Decimal(0) <= d <= Decimal(1):
            fouten[veld] = "Een deel van een jaar ligt tussen 0 en 1."
        setattr(inst, veld, d)
    if fouten:
        raise ValidationError(fouten)
    som = inst.hybride_school_procent + inst.hybride_leerling_procent + inst.hybride_expertise_procent
    if som != 100:
        raise ValidationError({"hybride_school_procent": f"De delen van het hybride model tellen op tot {som} %, "
                                                         "niet tot 100 %."})
    inst.full_clean()
    inst.save()
    return inst


def _normbedrag_rij(rij: dict, regel: str, fouten: list) -> dict | None:
    try:
        jaar = int(str(rij.get("jaar", "")).strip())
    except ValueError:
        fouten.append(f"{regel}: het jaar ontbreekt of is geen getal.")
        return None
    if not 2014 <= jaar <= 2100:
        fouten.append(f"{regel}: het jaar {jaar} ligt buiten 2014-2100.")
        return None
    sector = str(rij.get("sector", "")).strip().upper()
    if sector not in ("PO", "VO"):
        fouten.append(f"{regel}: de sector is PO of VO, niet '{sector}'.")
        return None
    component = str(rij.get("component", "")).strip()
    if component not in Component.values:
        fouten.append(f"{regel}: onbekend onderdeel '{component}'. Mogelijk: {', '.join(Component.values)}.")
        return None
    f: dict = {}
    bedrag = _decimaal(rij.get("bedrag"), "bedrag", f)
    if f or bedrag is None or not 0 <= bedrag < Decimal("1e8"):  # the column holds up to 99.999.999,99
        fouten.append(f"{regel}: het bedrag is geen (positief) getal.")
        return None
    bron = str(rij.get("bron", "")).strip()
    if not bron:
        fouten.append(f"{regel}: vermeld de bron van het bedrag (regeling, DUO-bericht).")
        return None
    return {"jaar": jaar, "sector": sector, "component": component, "bedrag": bedrag.quantize(Decimal("0.01")),
            "bron": bron[:500], "periode": str(rij.get("periode", "") or jaar).strip()[:20]}


@transaction.atomic
def normbedragen_opslaan(rol, rijen: list[dict]) -> int:
    """Add or change the SWV's own rates (one or many rows). All-or-nothing: one bad row changes nothing and the
    message names every bad row."""
    if not mag_wijzigen(rol):
        raise PermissionDenied(GEEN_RECHT)
    fouten: list[str] = []
    schoon = [_normbedrag_rij(r, f"Regel {i}", fouten) for i, r in enumerate(rijen, start=1)]
    dubbel = {(r["jaar"], r["sector"], r["component"]) for r in schoon if r}
    if len(dubbel) != len([r for r in schoon if r]):
        fouten.append("Hetzelfde jaar, dezelfde sector en hetzelfde onderdeel staan er meer dan eens in.")
    if not rijen:
        fouten.append("Er staan geen bedragen in.")
    if fouten:
        raise ValidationError(fouten)
    for r in schoon:
        Normbedrag.objects.update_or_create(
            jaar=r["jaar"], sector=r["sector"], component=r["component"], swv_id=rol.swv_id,
            defaults={"bedrag": r["bedrag"], "bron": r["bron"], "periode": r["periode"], "ingevoerd_door_id": rol.user_id})
    return len(schoon)


def normbedragen_lezen(inhoud: bytes, bestandsnaam: str) -> list[dict]:
    """Rows from an uploaded CSV (; or ,) or Excel file with columns jaar, sector, component, bedrag, bron
    (periode optional). A file that cannot be read raises ValidationError in Dutch."""
    naam = (bestandsnaam or "").lower()
    if naam.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            ws = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True).active
            rijen = [[("" if c is None else c) for c in r] for r in ws.iter_rows(values_only=True)]
        except Exception:
            raise ValidationError("Dit Excel-bestand kan niet worden gelezen.") from None
    elif naam.endswith(".csv"):
        try:
            tekst = inhoud.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("Sla het CSV-bestand op als UTF-8.") from None
        scheiding = ";" if tekst.count(";") > tekst.count(",") else ","
        rijen = list(csv.reader(io.StringIO(tekst), delimiter=scheiding))
    else:
        raise ValidationError("Kies een CSV- of Excel-bestand (.csv of .xlsx).")
    rijen = [r for r in rijen if any(str(c).strip() for c in r)]
    if not rijen:
        raise ValidationError("Het bestand is leeg.")
    kop = [str(c).strip().lower() for c in rijen[0]]
    mist = [k for k in ("jaar", "sector", "component", "bedrag", "bron") if k not in kop]
    if mist:
        raise ValidationError(f"Deze kolommen ontbreken: {', '.join(mist)}.")
    return [dict(zip(kop, r, strict=False)) for r in rijen[1:]]


@transaction.atomic
def leerlingtelling_opslaan(rol, *, jaar, bo=0, sbo=0, vo=0, schoolgewichten=0, bron="") -> Leerlingtelling:
    if not mag_wijzigen(rol):
        raise PermissionDenied(GEEN_RECHT)
    fouten = {}
    waarden = {}
    for veld, w in (("jaar", jaar), ("bo", bo), ("sbo", sbo), ("vo", vo), ("schoolgewichten", schoolgewichten)):
        try:
            waarden[veld] = int(w or 0)
        except (TypeError, ValueError):
            fouten[veld] = "Vul een heel getal in."
            continue
        if waarden[veld] < 0:
            fouten[veld] = "Een aantal kan niet negatief zijn."
    if "jaar" in waarden and not 2014 <= waarden["jaar"] <= 2100:
        fouten["jaar"] = "Kies een jaar tussen 2014 en 2100."
    if fouten:
        raise ValidationError(fouten)
    t, _ = Leerlingtelling.objects.update_or_create(
        swv_id=rol.swv_id, jaar=waarden.pop("jaar"), defaults={**waarden, "bron": (bron or "").strip()[:300]})
    return t
