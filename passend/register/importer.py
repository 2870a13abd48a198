"""Import of the public register data: DUO school locations, the official PC4 → SWV region table and PC4
centroids (files and provenance in data/README.md).

All-or-nothing: every file is read and checked first; one bad line stops the import with its file, line
number and reason, and nothing is written. A second run with the same files changes nothing; a newer DUO
file updates schools in place (matched on vestigingscode).
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .models import Gemeente, Postcodegebied, Samenwerkingsverband, School, Sector, Soort

SCHOLEN_BESTAND = "scholen_nl_2024.csv"
REGIO_BESTAND = "swv_regio_pc4_2015.csv"
CENTROIDE_BESTAND = "pc4_centroids_postcodetabel.csv"

VESTIGINGSCODE = re.compile(r"^[0-9A-Z]{4}[0-9]{2}$")
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
PC4 = re.compile(r"^[1-9][0-9]{3}$")
SWV_CODE = re.compile(r"^(PO|VO)[0-9]{4}$")

Progress = Callable[[int, str], None]


class ImportFout(Exception):
    """A file cannot be imported. `regels` lists every problem as 'bestand, regel N: reden'."""

    def __init__(self, regels: list[str]):
        self.regels = regels
        super().__init__("\n".join(regels[:20]) + (f"\n… en {len(regels) - 20} meer" if len(regels) > 20 else ""))


@dataclass
class Resultaat:
    aantallen: dict = field(default_factory=dict)
    waarschuwingen: list = field(default_factory=list)

    def tel(self, soort: str, wat: str, n: int = 1):
        self.aantallen.setdefault(soort, {"nieuw": 0, "bijgewerkt": 0, "ongewijzigd": 0})
        self.aantallen[soort][wat] += n

    def samenvatting(self) -> str:
        return "; ".join(
            f"{soort}: {a['nieuw']} nieuw, {a['bijgewerkt']} bijgewerkt, {a['ongewijzigd']} ongewijzigd"
            for soort, a in self.aantallen.items()
        )


def _lees(pad: Path, verplicht: list[str], fouten: list[str]):
    """Yield (line number, row) of a CSV file; header problems go to `fouten`."""
    naam = pad.name
    if not pad.exists():
        fouten.append(f"{naam}: bestand niet gevonden ({pad})")
        return
    try:
        with pad.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            ontbreekt = [k for k in verplicht if k not in (reader.fieldnames or [])]
            if ontbreekt:
                fouten.append(f"{naam}, regel 1: kolom(men) ontbreken: {', '.join(ontbreekt)}")
                return
            for row in reader:
                if None in row:
                    fouten.append(f"{naam}, regel {reader.line_num}: te veel kolommen")
                    continue
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except UnicodeDecodeError as e:
        fouten.append(f"{naam}: geen geldige UTF-8-tekst ({e.reason} bij byte {e.start})")


def _float(waarde: str, naam: str, regel: int, kolom: str, fouten: list[str], lo: float, hi: float):
    if waarde == "":
        return None
    try:
        x = float(waarde)
    except ValueError:
        fouten.append(f"{naam}, regel {regel}: {kolom} '{waarde}' is geen getal")
        return None
    if not lo <= x <= hi:
        fouten.append(f"{naam}, regel {regel}: {kolom} {x} ligt niet in Nederland ({lo}–{hi})")
        return None
    return x


def lees_regio(pad: Path, fouten: list[str]) -> dict[str, dict]:
    rows = {}
    for regel, r in _lees(pad, ["pc4", "gemeente", "swv_po", "swv_vo"], fouten):
        if not PC4.match(r["pc4"]):
            fouten.append(f"{pad.name}, regel {regel}: postcode '{r['pc4']}' is geen geldige PC4")
            continue
        for kolom in ("swv_po", "swv_vo"):
            if r[kolom] and (not SWV_CODE.match(r[kolom]) or r[kolom][:2] != kolom[-2:].upper()):
                fouten.append(f"{pad.name}, regel {regel}: {kolom} '{r[kolom]}' is geen geldige SWV-code")
        if r["pc4"] in rows:
            fouten.append(f"{pad.name}, regel {regel}: postcode {r['pc4']} komt dubbel voor")
        rows[r["pc4"]] = r
    return rows


def lees_centroiden(pad: Path, fouten: list[str], waarschuwingen: list[str] | None = None) -> dict[str, tuple]:
    """PC4 centroids. A number that is no coordinate at all is an error; a centroid that lies just outside
    the Netherlands (the source has three, in Zuid-Limburg) is left empty with a warning."""
    rows = {}
    waarschuwingen = waarschuwingen if waarschuwingen is not None else []
    for regel, r in _lees(pad, ["pc4", "lat", "lon"], fouten):
        if not PC4.match(r["pc4"]):
            fouten.append(f"{pad.name}, regel {regel}: postcode '{r['pc4']}' is geen geldige PC4")
            continue
        lat = _float(r["lat"], pad.name, regel, "lat", fouten, 47.0, 56.0)
        lon = _float(r["lon"], pad.name, regel, "lon", fouten, 1.0, 9.0)
        if lat is not None and lon is not None and not (50.7 <= lat <= 53.7 and 3.2 <= lon <= 7.3):
            waarschuwingen.append(f"{pad.name}, regel {regel}: centroïde van {r['pc4']} ligt buiten Nederland; leeg gelaten")
            lat = lon = None
        rows[r["pc4"]] = (lat, lon)
    return rows


SCHOOL_KOLOMMEN = [
    "vestigingscode", "brin", "naam", "sector", "duo_type", "denominatie", "internetadres", "straat",
    "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "plaats", "gemeente", "provincie",
    "leerlingen", "lat", "lon",
]


def lees_scholen(pad: Path, fouten: list[str]) -> list[dict]:
    soorten = {s.value for s in Soort}
    rows, gezien = [], set()
    for regel, r in _lees(pad, SCHOOL_KOLOMMEN, fouten):
        n = len(fouten)
        code = r["vestigingscode"].upper()
        if not VESTIGINGSCODE.match(code):
            fouten.append(f"{pad.name}, regel {regel}: vestigingscode '{r['vestigingscode']}' is ongeldig")
        elif code in gezien:
            fouten.append(f"{pad.name}, regel {regel}: vestigingscode {code} komt dubbel voor")
        if not r["naam"]:
            fouten.append(f"{pad.name}, regel {regel}: naam ontbreekt")
        if r["sector"] not in soorten:
            fouten.append(f"{pad.name}, regel {regel}: soort '{r['sector']}' is onbekend (verwacht: {', '.join(sorted(soorten))})")
        postcode = r["postcode"].replace(" ", "").upper()
        if postcode and not POSTCODE.match(postcode):
            fouten.append(f"{pad.name}, regel {regel}: postcode '{r['postcode']}' is ongeldig")
        leerlingen = None
        if r["leerlingen"]:
            if r["leerlingen"].isdigit():
                leerlingen = int(r["leerlingen"])
            else:
                fouten.append(f"{pad.name}, regel {regel}: leerlingen '{r['leerlingen']}' is geen geheel getal")
        lat = _float(r["lat"], pad.name, regel, "lat", fouten, 50.5, 53.8)
        lon = _float(r["lon"], pad.name, regel, "lon", fouten, 3.0, 7.5)
        if len(fouten) > n:
            continue
        gezien.add(code)
        huisnummer = r["huisnummer"] + r["huisletter"] + (f"-{r['huisnummertoevoeging']}" if r["huisnummertoevoeging"] else "")
        rows.append({
            "vestigingscode": code, "brin": r["brin"].upper(), "naam": r["naam"][:255], "soort": r["sector"],
            "duo_type": r["duo_type"][:40], "denominatie": r["denominatie"][:100],
            "internetadres": r["internetadres"][:200], "straat": r["straat"][:200], "huisnummer": huisnummer[:20],
            "postcode": postcode, "plaats": r["plaats"].title()[:100] if r["plaats"].isupper() else r["plaats"][:100],
            "gemeente": r["gemeente"], "provincie": r["provincie"][:50], "leerlingen": leerlingen,
            "lat": lat, "lon": lon,
        })
    return rows


def _mooie_naam(naam: str) -> str:
    """DUO writes gemeenten in capitals ('S-HERTOGENBOSCH); show them as people write them."""
    if not naam.isupper():
        return naam
    t = naam.title().replace("'S-", "'s-").replace(" Aan ", " aan ").replace(" En ", " en ")
    return t.replace(" De ", " de ").replace(" Den ", " den ").replace(" Op ", " op ")


def import_register(data_dir: Path | None = None, progress: Progress | None = None) -> Resultaat:
    """Import (or update) the register from `data_dir` (default settings.DATA_DIR). Raises ImportFout."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    meld = progress or (lambda pct, tekst: None)
    fouten: list[str] = []
    meld(2, "Regio-indeling lezen")
    regio = lees_regio(data_dir / REGIO_BESTAND, fouten)
    meld(8, "PC4-centroïden lezen")
    waarschuwingen: list[str] = []
    centroiden = lees_centroiden(data_dir / CENTROIDE_BESTAND, fouten, waarschuwingen)
    meld(15, "Scholen lezen")
    scholen = lees_scholen(data_dir / SCHOLEN_BESTAND, fouten)
    if fouten:
        raise ImportFout(fouten)

    res = Resultaat(waarschuwingen=waarschuwingen)
    with transaction.atomic():
        meld(25, "Gemeenten bijwerken")
        gemeenten = {g.sleutel: g for g in Gemeente.objects.all()}
        nieuwe = {}
        for naam in [r["gemeente"] for r in regio.values()] + [s["gemeente"] for s in scholen]:
            if not naam:
                continue
            sleutel = Gemeente.maak_sleutel(naam)
            if sleutel not in gemeenten and sleutel not in nieuwe:
                nieuwe[sleutel] = Gemeente(naam=_mooie_naam(naam), sleutel=sleutel)
        Gemeente.objects.bulk_create(nieuwe.values())
        res.tel("gemeenten", "nieuw", len(nieuwe))
        res.tel("gemeenten", "ongewijzigd", len(gemeenten))
        gemeenten = {g.sleutel: g.pk for g in Gemeente.objects.all()}

        meld(35, "Samenwerkingsverbanden bijwerken")
        bestaand = {s.code: s.pk for s in Samenwerkingsverband.objects.all()}
        codes = sorted({r[k] for r in regio.values() for k in ("swv_po", "swv_vo") if r[k]})
        nieuw_swv = [
            Samenwerkingsverband(code=c, sector=Sector(c[:2]), naam=f"Samenwerkingsverband {c[:2]} {c[2:4]}-{c[4:]}")
            for c in codes if c not in bestaand
        ]
        Samenwerkingsverband.objects.bulk_create(nieuw_swv)
        res.tel("samenwerkingsverbanden", "nieuw", len(nieuw_swv))
        res.tel("samenwerkingsverbanden", "ongewijzigd", len(codes) - len(nieuw_swv))
        swv = {s.code: s.pk for s in Samenwerkingsverband.objects.all()}

        meld(45, "Postcodegebieden bijwerken")
        oud = {p.pc4: p for p in Postcodegebied.objects.all()}
        maak, wijzig = [], []
        for pc4 in sorted(set(regio) | set(centroiden)):
            r = regio.get(pc4, {})
            lat, lon = centroiden.get(pc4, (None, None))
            waarden = {
                "gemeente_id": gemeenten.get(Gemeente.maak_sleutel(r.get("gemeente", ""))),
                "swv_po_id": swv.get(r.get("swv_po", "")), "swv_vo_id": swv.get(r.get("swv_vo", "")),
                "lat": lat, "lon": lon,
            }
            p = oud.get(pc4)
            if p is None:
                maak.append(Postcodegebied(pc4=pc4, **waarden))
            elif any(getattr(p, k) != v for k, v in waarden.items()):
                for k, v in waarden.items():
                    setattr(p, k, v)
                wijzig.append(p)
        Postcodegebied.objects.bulk_create(maak, batch_size=1000)
        Postcodegebied.objects.bulk_update(wijzig, ["gemeente_id", "swv_po_id", "swv_vo_id", "lat", "lon"], batch_size=1000)
        res.tel("postcodegebieden", "nieuw", len(maak))
        res.tel("postcodegebieden", "bijgewerkt", len(wijzig))
        res.tel("postcodegebieden", "ongewijzigd", len(oud) - len(wijzig))

        meld(60, "Scholen bijwerken")
        velden = [
            "brin", "naam", "soort", "duo_type", "denominatie", "internetadres", "straat", "huisnummer", "postcode",
            "plaats", "gemeente_id", "provincie", "leerlingen", "lat", "lon", "regio_swv_po_id", "regio_swv_vo_id",
            "zoeknaam",
        ]
        oud_s = {s.vestigingscode: s for s in School.objects.all()}
        maak, wijzig = [], []
        for i, s in enumerate(scholen):
            r = regio.get(s["postcode"][:4], {})
            waarden = {k: v for k, v in s.items() if k not in ("vestigingscode", "gemeente")}
            waarden["gemeente_id"] = gemeenten.get(Gemeente.maak_sleutel(s["gemeente"]))
            waarden["regio_swv_po_id"] = swv.get(r.get("swv_po", ""))
            waarden["regio_swv_vo_id"] = swv.get(r.get("swv_vo", ""))
            waarden["zoeknaam"] = " ".join([s["naam"], waarden["plaats"], s["vestigingscode"]]).casefold()
            obj = oud_s.get(s["vestigingscode"])
            if obj is None:
                maak.append(School(vestigingscode=s["vestigingscode"], **waarden))
            elif any(getattr(obj, k) != v for k, v in waarden.items()):
                for k, v in waarden.items():
                    setattr(obj, k, v)
                wijzig.append(obj)
            if i % 2000 == 0:
                meld(60 + int(25 * i / max(len(scholen), 1)), f"Scholen bijwerken ({i} van {len(scholen)})")
        School.objects.bulk_create(maak, batch_size=500)
        School.objects.bulk_update(wijzig, velden, batch_size=500)
        res.tel("scholen", "nieuw", len(maak))
        res.tel("scholen", "bijgewerkt", len(wijzig))
        res.tel("scholen", "ongewijzigd", len(oud_s) - len(wijzig))

        meld(90, "Gemeenten per samenwerkingsverband koppelen")
        Through = Samenwerkingsverband.gemeenten.through
        paren = set(
            Postcodegebied.objects.filter(gemeente__isnull=False, swv_po__isnull=False).values_list("swv_po_id", "gemeente_id")
        ) | set(
            Postcodegebied.objects.filter(gemeente__isnull=False, swv_vo__isnull=False).values_list("swv_vo_id", "gemeente_id")
        )
        bestaande_paren = set(Through.objects.values_list("samenwerkingsverband_id", "gemeente_id"))
        Through.objects.bulk_create(
            [Through(samenwerkingsverband_id=a, gemeente_id=b) for a, b in sorted(paren - bestaande_paren)], batch_size=1000
        )
    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load (stale ones make scoped queries pick bad plans).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE register_school; ANALYZE register_postcodegebied; ANALYZE register_gemeente")
    meld(100, "Klaar: " + res.samenvatting())
    return res
