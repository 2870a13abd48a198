"""The map of a route planning: an inline SVG drawn by the app (no tiles, no JavaScript).

Like passend/netwerk/kaart.py it reuses the projection and the national outline / province borders of
passend/register/maps.py (kaartbasis().projecteer) and zooms in on the routes by setting the viewBox to the
bounding box of their points, with a margin. It shows:

- per vehicle one line from its standplaats (depot) through its stops in order. Each vehicle has a letter (A, B,
  ...), its own dash pattern and its own colour: the letter and the pattern carry the meaning, colour only repeats
  it (WCAG 1.4.1);
- the stops: a circle at a home (the centre of the pupil's PC4 area), a square at a school, a diamond at a
  standplaats. Stops at the same place share one marker, labelled with every stop there ("A1, A3, B2": vehicle
  letter and stop number, the numbers of the table per vehicle).

The SVG has a <title> and a <desc>; every marker has its own <title> (a tooltip). The legend is HTML; the same
facts are in the tables per vehicle on the page. Nothing identifies a pupil on the map: a home is the PC4 centre.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from passend.register.maps import BRON, kaartbasis

__all__ = ["BRON", "Lijn", "Routekaart", "letter", "routekaart"]

WATER = "#eef4fa"
LAND = "#dfe7d8"
LAND_RAND = "#5f6f5a"
PROVINCIE_RAND = "#8c9a86"
THUIS = "#ffffff"
SCHOOL = "#1d3b5c"
DEPOT = "#4a3b00"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; the dash pattern repeats the difference.
KLEUREN = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7a5c00", "#56B4E9", "#000000", "#8f3b76"]
# (SVG dasharray in px of the drawn map, name for the legend). Patterns are distinct in their rhythm.
PATRONEN = [
    ("", "doorgetrokken lijn"),
    ("10 5", "lange streepjes"),
    ("2 4", "stippellijn"),
    ("12 4 2 4", "streep-stip"),
    ("5 5", "korte streepjes"),
    ("12 4 2 4 2 4", "streep-stip-stip"),
    ("18 6", "zeer lange streepjes"),
    ("2 4 2 10", "dubbele stip"),
]

WEERGAVE_BREEDTE = 640  # the width the map is drawn for (px); marker and text sizes follow from it
MIN_KM = 4.0  # the smallest extent shown
KM_PER_GRAAD = 111.2
MAX_LABELS = 6  # labels at one marker; more are summarised ("+3") and listed in the tooltip


def _e(tekst) -> str:
    return escape(str(tekst))


def letter(i: int) -> str:
    """A, B, ..., Z, AA, AB, ... for the i-th vehicle (0-based)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class Lijn:
    """How one vehicle's route is drawn (also used by the page's legend and tables)."""

    letter: str
    naam: str
    kleur: str
    patroon: str
    patroon_naam: str

    def voorbeeld(self) -> SafeString:
        """A small line sample for the legend (decorative: the text next to it says the same)."""
        dash = f' stroke-dasharray="{self.patroon}"' if self.patroon else ""
        return mark_safe(  # noqa: S308 - only fixed values
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44 12" width="44" height="12" aria-hidden="true" '
            f'focusable="false" style="vertical-align:middle"><line x1="1" y1="6" x2="43" y2="6" '
            f'stroke="{self.kleur}" stroke-width="3"{dash}/></svg>')


@dataclass
class Plek:
    """One marker: every stop at the same place."""

    soort: str  # "thuis", "school", "depot"
    lat: float
    lon: float
    naam: str  # what the tooltip calls the place
    labels: list[str] = field(default_factory=list)
    regels: list[str] = field(default_factory=list)


@dataclass
class Routekaart:
    titel: str
    svg: SafeString
    legenda: SafeString
    lijnen: list[Lijn]


def lijnen_voor(routes: list[dict]) -> list[Lijn]:
    uit = []
    for i, r in enumerate(routes):
        patroon, naam = PATRONEN[i % len(PATRONEN)]
        uit.append(Lijn(letter(i), r.get("naam", ""), KLEUREN[i % len(KLEUREN)], patroon, naam))
    return uit


def routekaart(planning, plekken_van, *, id_prefix: str = "routekaart") -> Routekaart:
    """The map of a finished planning. `plekken_van(halte)` says what a stop is: ("thuis" | "school", place name
    for the tooltip, text for the tooltip line of this stop)."""
    routes = (planning.resultaat or {}).get("routes", [])
    lijnen = lijnen_voor(routes)
    titel = ("Kaart van de routes naar school" if planning.richting == "heen"
             else "Kaart van de routes van school naar huis")
    plekken: dict[tuple, Plek] = {}

    def plek(soort, lat, lon, naam) -> Plek:
        # One marker per kind and place: schools at the same location share it (their names both in the tooltip).
        sleutel = (soort, round(lat, 5), round(lon, 5))
        if sleutel not in plekken:
            plekken[sleutel] = Plek(soort, lat, lon, naam)
        elif naam not in plekken[sleutel].naam.split(" / "):
            plekken[sleutel].naam += f" / {naam}"
        return plekken[sleutel]

    paden = []
    for lijn, r in zip(lijnen, routes, strict=True):
        depot = r.get("depot")
        punten = []
        if depot:
            d = plek("depot", depot[0], depot[1], "Standplaats")
            d.labels.append(lijn.letter)
            d.regels.append(f"{lijn.letter} {lijn.naam}: vertrek {r.get('vertrek', '')}, terug {r.get('terug', '')}")
            punten.append((depot[0], depot[1]))
        for nr, h in enumerate(r.get("haltes", []), start=1):
            soort, naam, regel = plekken_van(h)
            p = plek(soort, h["lat"], h["lon"], naam)
            p.labels.append(f"{lijn.letter}{nr}")
            p.regels.append(f"{lijn.letter}{nr} {h.get('tijd', '')} {regel}")
            punten.append((h["lat"], h["lon"]))
        paden.append((lijn, r, punten))

    svg = _svg(titel, _omschrijving(planning, lijnen, routes, plekken), paden, list(plekken.values()), id_prefix)
    return Routekaart(titel, svg, _legenda(lijnen), lijnen)


def _viewbox(punten, schaal):
    xs = [p[0] for p in punten]
    ys = [p[1] for p in punten]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    minimaal = MIN_KM / KM_PER_GRAAD * schaal
    b, h = max(x1 - x0, minimaal), max(y1 - y0, minimaal)
    b = max(b, h)  # not narrower than square: the labels go to the right of the markers
    h = max(h, b * 9 / 16)
    marge = max(b, h) * 0.1
    b, h = b + 2 * marge, h + 2 * marge
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - b / 2, cy - h / 2, b, h


def _svg(titel, omschrijving, paden, plekken, id_prefix) -> SafeString:
    basis = kaartbasis()
    titel_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    kop = (f'<title id="{titel_id}">{_e(titel)}</title><desc id="{desc_id}">{_e(omschrijving)}</desc>')
    alle = [basis.projecteer(p.lon, p.lat) for p in plekken]
    if not alle:
        return mark_safe(  # noqa: S308 - escaped
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 60" role="img" class="routekaart" '
            f'aria-labelledby="{titel_id} {desc_id}" focusable="false" style="width:100%;height:auto">{kop}'
            '<text x="150" y="34" font-size="12" text-anchor="middle" fill="#475260">Geen routes om te tekenen'
            "</text></svg>")
    vx, vy, vb, vh = _viewbox(alle, basis.schaal)
    u = vb / WEERGAVE_BREEDTE  # one px of the drawn map in viewBox units
    delen = [
        f'<rect x="{vx:.4f}" y="{vy:.4f}" width="{vb:.4f}" height="{vh:.4f}" fill="{WATER}"/>',
        f'<path class="land" d="{basis.land}" fill="{LAND}" stroke="{LAND_RAND}" stroke-width="{1.2 * u:.4f}" '
        'stroke-linejoin="round"/>',
        f'<path class="provincies" d="{basis.provincies}" fill="none" stroke="{PROVINCIE_RAND}" '
        f'stroke-width="{1.2 * u:.4f}" stroke-dasharray="{6 * u:.4f} {4 * u:.4f}"/>',
    ]
    lijnen = []
    for lijn, r, punten in paden:
        if len(punten) < 2:
            continue
        xy = " ".join("{:.4f},{:.4f}".format(*basis.projecteer(lon, lat)) for lat, lon in punten)
        dash = (f' stroke-dasharray="{" ".join(f"{float(d) * u:.4f}" for d in lijn.patroon.split())}"'
                if lijn.patroon else "")
        tip = f"Route {lijn.letter}: {lijn.naam}, {len(r.get('haltes', []))} haltes, {_km(r.get('km'))}"
        # A white casing under each line keeps it visible where it crosses the land border or another route.
        lijnen.append(
            f'<g class="route" data-voertuig="{_e(r.get("voertuig", ""))}" data-letter="{lijn.letter}">'
            f'<title>{_e(tip)}</title>'
            f'<polyline points="{xy}" fill="none" stroke="#fff" stroke-width="{5.5 * u:.4f}" '
            'stroke-linejoin="round" stroke-linecap="round" opacity="0.8"/>'
            f'<polyline points="{xy}" fill="none" stroke="{lijn.kleur}" stroke-width="{3 * u:.4f}" '
            f'stroke-linejoin="round" stroke-linecap="round"{dash}/></g>')
    delen.append('<g class="routes">' + "".join(lijnen) + "</g>")
    markers = []
    # Homes first, then the standplaatsen, then the schools on top (a school is where many routes meet).
    volgorde = {"thuis": 0, "depot": 1, "school": 2}
    for p in sorted(plekken, key=lambda p: volgorde[p.soort]):
        x, y = basis.projecteer(p.lon, p.lat)
        if p.soort == "thuis":
            r = 5 * u
            teken = (f'<circle cx="{x:.4f}" cy="{y:.4f}" r="{r:.4f}" fill="{THUIS}" stroke="#1b1b1b" '
                     f'stroke-width="{1.6 * u:.4f}"/>')
        elif p.soort == "school":
            r = 6.5 * u
            teken = (f'<rect x="{x - r:.4f}" y="{y - r:.4f}" width="{2 * r:.4f}" height="{2 * r:.4f}" '
                     f'fill="{SCHOOL}" stroke="#fff" stroke-width="{1.4 * u:.4f}"/>')
        else:
            # An open diamond, larger than a school's square: a standplaats at a school stays visible around it.
            r = 9.5 * u
            teken = (f'<path d="M{x:.4f},{y - r:.4f} L{x + r:.4f},{y:.4f} L{x:.4f},{y + r:.4f} '
                     f'L{x - r:.4f},{y:.4f} Z" fill="#fff" stroke="{DEPOT}" stroke-width="{2.2 * u:.4f}" '
                     'stroke-linejoin="round"/>')
        labels = p.labels if len(p.labels) <= MAX_LABELS else [*p.labels[:MAX_LABELS - 1],
                                                               f"+{len(p.labels) - MAX_LABELS + 1}"]
        # Labels to the right of a stop; a standplaats (often next to a school) has its label on the left.
        links = p.soort == "depot"
        tx = x - r - 2.5 * u if links else x + r + 2.5 * u
        anker = 'text-anchor="end" ' if links else ""
        tekst = (f'<text x="{tx:.4f}" y="{y + 3.5 * u:.4f}" font-size="{10 * u:.4f}" '
                 f'{anker}font-family="sans-serif" fill="#111" stroke="#fff" '
                 f'stroke-width="{2.5 * u:.4f}" paint-order="stroke" aria-hidden="true">'
                 f'{_e(", ".join(labels))}</text>')
        tip = f"{p.naam}: " + "; ".join(p.regels)
        markers.append(f'<g class="plek {p.soort}"><title>{_e(tip)}</title>{teken}{tekst}</g>')
    delen.append('<g class="haltes">' + "".join(markers) + "</g>")
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx:.4f} {vy:.4f} {vb:.4f} {vh:.4f}" role="img" '
        f'aria-labelledby="{titel_id} {desc_id}" focusable="false" class="routekaart" '
        'preserveAspectRatio="xMidYMid meet" style="width:100%;height:auto;display:block;border:1px solid #8a96a3">'
        + kop + "".join(delen) + "</svg>")


def _km(km) -> str:
    return "–" if km is None else f"{km:.1f} km".replace(".", ",")


def _omschrijving(planning, lijnen, routes, plekken) -> str:
    scholen = sum(1 for p in plekken.values() if p.soort == "school")
    zinnen = [f"{len(routes)} {'route' if len(routes) == 1 else 'routes'} naar {scholen} "
              f"{'school' if scholen == 1 else 'scholen'}."]
    for lijn, r in zip(lijnen, routes, strict=True):
        n = sum(1 for h in r.get("haltes", []) if h.get("soort") == "ophaal")
        zinnen.append(f"Route {lijn.letter} ({lijn.patroon_naam}): {lijn.naam}, vertrek {r.get('vertrek', '')}, "
                      f"{n} {'leerling' if n == 1 else 'leerlingen'}, {_km(r.get('km'))}.")
        if len(zinnen) > 20:
            zinnen.append("En meer routes.")
            break
    zinnen.append("Rondje: woonadres (midden van het postcodegebied); vierkant: school; open ruit: standplaats. "
                  "Dezelfde gegevens staan in de tabellen per voertuig.")
    return " ".join(zinnen)


def _icoon(inhoud: str, label: str) -> str:
    return (f'<li><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20" '
            f'aria-hidden="true" focusable="false" style="vertical-align:middle">{inhoud}</svg> {_e(label)}</li>')


def _legenda(lijnen: list[Lijn]) -> SafeString:
    items = [
        _icoon(f'<circle cx="10" cy="10" r="6" fill="{THUIS}" stroke="#1b1b1b" stroke-width="2"/>',
               "Woonadres: midden van het postcodegebied (rondje)"),
        _icoon(f'<rect x="3" y="3" width="14" height="14" fill="{SCHOOL}"/>', "School (vierkant)"),
        _icoon(f'<path d="M10,2 L18,10 L10,18 L2,10 Z" fill="#fff" stroke="{DEPOT}" stroke-width="2"/>',
               "Standplaats van het voertuig (open ruit)"),
    ]
    for lijn in lijnen:
        items.append(f"<li>{lijn.voorbeeld()} <strong>{_e(lijn.letter)}</strong> {_e(lijn.naam)} "
                     f"({_e(lijn.patroon_naam)})</li>")
    tekst = ('<p class="hint">Bij een halte staan de letter van het voertuig en het nummer van de halte '
             "(A2: tweede halte van voertuig A).</p>")
    return mark_safe('<ul class="lijst-kaal kaartlegenda">' + "".join(items) + "</ul>" + tekst)  # noqa: S308
