"""Small maps drawn by the app itself: inline SVG of the Netherlands with a dot for a location.

No tile server, no JavaScript: the national outline and the province borders (data/geo, CBS / PDOK) are
projected with a plain equirectangular projection, the longitude scaled by cos(52°) so the country keeps
its shape. The files are small (about 1,700 points), so they are used as they are and parsed once.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LAND_BESTAND = Path("geo") / "nl_land_2025.geojson"
PROVINCIE_BESTAND = Path("geo") / "nl_provincies_2025.geojson"
BRON = "Bron: CBS / PDOK (CBS Gebiedsindelingen), bewerkt"

COS_52 = math.cos(math.radians(52))
BREEDTE = 300  # width of the drawing in SVG units; the height follows from the country's shape
MARGE = 6


@dataclass(frozen=True)
class Kaartbasis:
    land: str  # SVG path data of the national outline
    provincies: str  # SVG path data of the province borders
    lon_min: float
    lat_max: float
    schaal: float
    breedte: float
    hoogte: float

    def projecteer(self, lon: float, lat: float) -> tuple[float, float]:
        """WGS84 lon/lat -> SVG x/y (y grows downwards)."""
        x = MARGE + (lon - self.lon_min) * COS_52 * self.schaal
        y = MARGE + (self.lat_max - lat) * self.schaal
        return x, y


def _polygonen(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _ringen(pad: Path) -> list[list[list[float]]]:
    with pad.open(encoding="utf-8") as f:
        data = json.load(f)
    return [ring for feature in data["features"] for poly in _polygonen(feature["geometry"]) for ring in poly]


def _pad(ringen, projecteer) -> str:
    delen = []
    for ring in ringen:
        punten = [projecteer(lon, lat) for lon, lat, *_ in ring]
        if len(punten) < 3:
            continue
        delen.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in punten) + " Z")
    return " ".join(delen)


@lru_cache(maxsize=4)
def _basis(data_dir: str) -> Kaartbasis:
    land = _ringen(Path(data_dir) / LAND_BESTAND)
    provincies = _ringen(Path(data_dir) / PROVINCIE_BESTAND)
    lons = [p[0] for ring in land for p in ring]
    lats = [p[1] for ring in land for p in ring]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    schaal = (BREEDTE - 2 * MARGE) / ((lon_max - lon_min) * COS_52)
    hoogte = (lat_max - lat_min) * schaal + 2 * MARGE
    basis = Kaartbasis("", "", lon_min, lat_max, schaal, BREEDTE, hoogte)
    return Kaartbasis(
        land=_pad(land, basis.projecteer),
        provincies=_pad(provincies, basis.projecteer),
        lon_min=lon_min,
        lat_max=lat_max,
        schaal=schaal,
        breedte=BREEDTE,
        hoogte=hoogte,
    )


def kaartbasis() -> Kaartbasis:
    return _basis(str(settings.DATA_DIR))


def locatiekaart(lat: float | None, lon: float | None, titel: str, *, id_prefix: str = "kaart") -> SafeString:
    """An inline SVG map of the Netherlands with a dot at (lat, lon); empty when the location is unknown."""
    if lat is None or lon is None:
        return mark_safe("")
    b = kaartbasis()
    x, y = b.projecteer(lon, lat)
    titel_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {b.breedte:.0f} {b.hoogte:.0f}" '
        f'role="img" aria-labelledby="{titel_id} {desc_id}" focusable="false">'
        f'<title id="{titel_id}">{escape(titel)}</title>'
        f'<desc id="{desc_id}">Kaart van Nederland met de provinciegrenzen; de stip geeft de ligging aan '
        f"(breedtegraad {lat:.3f}, lengtegraad {lon:.3f}).</desc>"
        f'<path class="land" d="{b.land}"/>'
        f'<path class="provincies" d="{b.provincies}"/>'
        f'<circle class="school" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
        "</svg>"
    )
