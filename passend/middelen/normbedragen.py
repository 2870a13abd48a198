"""The official rates, loaded into every database after migrate (apps.py):

- schooljaar 2015-2016 from data/bekostiging_normbedragen_swv_2015_2016.csv (Regeling bekostiging personeel PO
  2015-2016, BWBR0037118, articles 19-28; provenance in data/README.md);
- calendar year 2024: the SBO and SO amounts an SWV pays per pupil, as published by SWV Kop van Noord-Holland
  (domain.md section 6; VSO 2024 amounts and the income rates for 2024 were not found, so those are missing and a
  budget for 2024 says so).

Which CSV row is which component: the mapping below, each with the row it reads. Article 29 (the percentage,
3,315 %, by which amounts computed with articles 23-28 are adjusted) is not a rate per pupil: it is read from the
same CSV by `aanpassing_verevening` and applied to the SO/VSO deductions by regels.begroting (regels.
aanpassing_verevening)."""

import csv
import functools
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Component, Normbedrag

CSV = "bekostiging_normbedragen_swv_2015_2016.csv"
BRON_2015 = ("Regeling bekostiging personeel PO 2015-2016 (BWBR0037118), art. {artikel}: {subgroep}"
             "{kolom}; data/bekostiging_normbedragen_swv_2015_2016.csv")
BRON_2024 = ("Ondersteuningsbedragen 2024 zoals gepubliceerd door SWV Kop van Noord-Holland (teldatum 1-2 T-1), "
             "https://swvkopvannoordholland.nl/primair-onderwijs/professionals/onderwijszorgarrangementen-en-top-arrangementen/")

# (sector, component) <- (artikel, sector in csv, subgroep starts with, kolom)
KAART_2015 = [
    ("PO", Component.LICHT, "19", "PO", "Besluit bekostiging WPO art. 31 lid 1", ""),
    ("PO", Component.SBO, "19", "PO", "Besluit bekostiging WPO art. 32 lid 1", ""),
    ("PO", Component.SMW, "20", "PO", "swv met som schoolgewichten", ""),
    ("PO", Component.ZWAAR, "21", "PO", "WPO art. 132 lid 3", ""),
    ("VO", Component.ZWAAR, "22", "VO", "WVO art. 85b lid 2", ""),
    ("PO", Component.SO_JONG_LAAG, "28", "PO/VO", "SO jonger dan 8", "categorie 1/laag"),
    ("PO", Component.SO_JONG_MIDDEN, "28", "PO/VO", "SO jonger dan 8", "categorie 2/midden"),
    ("PO", Component.SO_JONG_HOOG, "28", "PO/VO", "SO jonger dan 8", "categorie 3/hoog"),
    ("PO", Component.SO_LAAG, "28", "PO/VO", "SO 8 jaar en ouder", "categorie 1/laag"),
    ("PO", Component.SO_MIDDEN, "28", "PO/VO", "SO 8 jaar en ouder", "categorie 2/midden"),
    ("PO", Component.SO_HOOG, "28", "PO/VO", "SO 8 jaar en ouder", "categorie 3/hoog"),
    ("VO", Component.VSO_LAAG, "28", "PO/VO", "VSO", "categorie 1/laag"),
    ("VO", Component.VSO_MIDDEN, "28", "PO/VO", "VSO", "categorie 2/midden"),
    ("VO", Component.VSO_HOOG, "28", "PO/VO", "VSO", "categorie 3/hoog"),
]
BEDRAGEN_2024 = [
    ("PO", Component.SBO, Decimal("6634.52")),
    ("PO", Component.SO_LAAG, Decimal("12938.34")),
    ("PO", Component.SO_MIDDEN, Decimal("21053.23")),
    ("PO", Component.SO_HOOG, Decimal("31419.53")),
]


def _csv_pad() -> Path:
    return Path(settings.DATA_DIR) / CSV


def rijen_2015() -> list[dict]:
    """The official 2015-2016 rows as (sector, component, bedrag, bron), read from the CSV."""
    with open(_csv_pad(), encoding="utf-8", newline="") as f:
        csv_rijen = list(csv.DictReader(f))
    uit = []
    for sector, component, artikel, csv_sector, subgroep, kolom in KAART_2015:
        treffers = [r for r in csv_rijen if r["artikel_regeling"] == artikel and r["sector"] == csv_sector
                    and r["subgroep"].startswith(subgroep) and r["kolom"] == kolom]
        if len(treffers) != 1:
            raise ValueError(f"Normbedrag {component} 2015-2016 niet eenduidig in {CSV}: {len(treffers)} rijen")
        r = treffers[0]
        uit.append({"jaar": 2015, "periode": "2015-2016", "sector": sector, "component": component,
                    "bedrag": Decimal(r["bedrag_eur"]),
                    "bron": BRON_2015.format(artikel=artikel, subgroep=r["subgroep"],
                                             kolom=f", {r['kolom']}" if r["kolom"] else "")})
    return uit


BRON_ART29 = ("Regeling bekostiging personeel PO 2015-2016 (BWBR0037118), art. 29: aanpassingspercentage "
              "vereveningsbedragen (art. 23 t/m 28); data/bekostiging_normbedragen_swv_2015_2016.csv")


@functools.cache
def _aanpassingen() -> dict[int, tuple[Decimal, str]]:
    with open(_csv_pad(), encoding="utf-8", newline="") as f:
        rijen = [r for r in csv.DictReader(f) if r["artikel_regeling"] == "29" and r["eenheid"] == "procent"]
    return {int(r["schooljaar"][:4]): (Decimal(r["bedrag_eur"]), BRON_ART29) for r in rijen}


def aanpassing_verevening(jaar: int) -> tuple[Decimal, str] | None:
    """The art. 29 adjustment percentage of the vereveningsbedragen for budget year `jaar`, with its source, or
    None when the official data has none for that year (the verevening ran 2015-2020; only 2015-2016 is in data/)."""
    return _aanpassingen().get(jaar)


def rijen_2024() -> list[dict]:
    return [{"jaar": 2024, "periode": "2024", "sector": s, "component": c, "bedrag": b, "bron": BRON_2024}
            for s, c, b in BEDRAGEN_2024]


@transaction.atomic
def laad_officiele_normbedragen() -> int:
    """Create or update the official rows (no SWV). Idempotent; returns how many rows exist.

    Bulk writes, so no audit rows: this is public reference data loaded by `migrate`, not a user's action (the
    SWV's own rates, entered in the app, are audited)."""
    bestaand = {(n.jaar, n.sector, n.component): n for n in Normbedrag.objects.filter(swv__isnull=True)}
    nieuw, gewijzigd = [], []
    for rij in rijen_2015() + rijen_2024():
        n = bestaand.get((rij["jaar"], rij["sector"], rij["component"]))
        if n is None:
            nieuw.append(Normbedrag(swv=None, **rij))
        elif (n.bedrag, n.bron, n.periode) != (rij["bedrag"], rij["bron"], rij["periode"]):
            n.bedrag, n.bron, n.periode = rij["bedrag"], rij["bron"], rij["periode"]
            gewijzigd.append(n)
    Normbedrag.objects.bulk_create(nieuw)
    Normbedrag.objects.bulk_update(gewijzigd, ["bedrag", "bron", "periode"])
    return Normbedrag.objects.filter(swv__isnull=True).count()
