"""The region map of the coverage page: an inline SVG drawn by the app (no tiles, no JavaScript).

It reuses the projection and the national outline / province borders of passend/register/maps.py and zooms in
on the region by setting the viewBox to the bounding box of the region's points (PC4 centroids and schools) with
a margin. For one need it shows:

- every PC4 centroid of the region, marked by the distance to the nearest school that offers the need: a filled
  circle when within the SWV's maximum distance, a cross when beyond it (or when no school offers the need);
- every school: a square for a regular school, a triangle for a special school (SBO, SO, VSO); filled when it
  offers the need, hollow when not;
- a light tint over the area within the maximum distance of an offering school (the union of the discs).

Shape and fill carry the meaning, colour only repeats it (WCAG 1.4.1). The SVG has a <title> and a <desc>; every
marker has its own <title> (a tooltip). The legend is HTML, and the same facts come as tables (`gebieden`,
`scholen`), for the page to show next to the map.
"""

import math
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from passend.register.maps import BRON, kaartbasis
from passend.register.models import Soort

from . import regels
from .models import Niveau

__all__ = ["BRON", "Gebied", "Kaartschool", "Regiokaart", "km_tekst", "regiokaart"]

REGULIER = (Soort.BAO, Soort.VO)

BINNEN = "#1e5e2e"  # green: PC4 within the maximum distance
TE_VER = "#9b1c1c"  # red: PC4 beyond it
AANBOD = "#1d3b5c"  # dark blue: school offering the need
GEEN_AANBOD = "#5b6672"  # grey outline: school without the offer
WATER = "#eef4fa"
LAND = "#dfe7d8"
LAND_RAND = "#5f6f5a"
PROVINCIE_RAND = "#8c9a86"
BEREIK = "#1d3b5c"

WEERGAVE_BREEDTE = 560  # the width the map is drawn for (px); marker sizes follow from it
MIN_KM = 8.0  # the smallest extent shown, so a region of one or two points still gets a readable map
KM_PER_GRAAD = 111.2


def km_tekst(km) -> str:
    if km is None:
        return "–"
    return f"{km:.1f} km".replace(".", ",")


@dataclass
class Gebied:
    """A PC4 area of the region with the distance from its centroid to the nearest offering school."""

    pc4: str
    lat: float
    lon: float
    leerlingen: int
    afstand_km: float | None  # None: no school offers the need (or none has a known location)
    dichtstbij: str = ""  # name of the nearest offering school
    te_ver: bool = False


@dataclass
class Kaartschool:
    school_id: int
    naam: str
    plaats: str
    soort: str
    lat: float | None
    lon: float | None
    biedt: bool
    speciaal: bool
    niveau: str = ""
    capaciteit: int | None = None
    bezet: int = 0
    vol: bool = False
    via_basis: bool = False
    heeft_profiel: bool = False

    @property
    def vrij(self) -> int | None:
        return regels.vrij(self.capaciteit, self.bezet) if self.biedt else None

    @property
    def niveau_label(self) -> str:
        return dict(Niveau.choices).get(self.niveau, self.niveau)


@dataclass
class Regiokaart:
    titel: str
    behoefte: str
    max_afstand_km: float
    svg: SafeString
    legenda: SafeString
    gebieden: list[Gebied] = field(default_factory=list)
    scholen: list[Kaartschool] = field(default_factory=list)

    @property
    def aanbieders(self) -> list[Kaartschool]:
        return [s for s in self.scholen if s.biedt]

    @property
    def te_ver(self) -> list[Gebied]:
        return [g for g in self.gebieden if g.te_ver]

    @property
    def leerlingen_te_ver(self) -> int:
        return sum(g.leerlingen for g in self.gebieden if g.te_ver)

    @property
    def zonder_ligging(self) -> list[Kaartschool]:
        return [s for s in self.scholen if s.lat is None or s.lon is None]

    def tabel_aanbieders(self) -> SafeString:
        """The offering schools as a table (rendered here in one pass: a large SWV has hundreds)."""
        profiel = reverse("netwerk:profiel", args=[0]).removesuffix("0/")
        rijen = []
        for s in self.aanbieders:
            naam = f'<a href="{profiel}{s.school_id}/">{_e(s.naam)}</a>' if s.heeft_profiel else _e(s.naam)
            basis = '<br><span class="hint">via de basisondersteuning</span>' if s.via_basis else ""
            cap = '<span class="zacht">geen vaste grens</span>' if s.capaciteit is None else str(s.capaciteit)
            vrij = '<span class="zacht">–</span>' if s.vrij is None else str(s.vrij)
            vol = ' <span class="label fout">vol</span>' if s.vol else ""
            teken = ("ligging onbekend" if s.lat is None or s.lon is None
                     else "dichte driehoek" if s.speciaal else "dicht vierkant")
            rijen.append(f'<tr><th scope="row">{naam}</th><td>{_e(s.plaats)}</td><td>{_e(s.soort)}</td>'
                         f'<td>{_e(s.niveau_label)}{basis}</td><td class="getal">{cap}</td>'
                         f'<td class="getal">{s.bezet}</td><td class="getal">{vrij}{vol}</td><td>{teken}</td></tr>')
        return mark_safe(  # noqa: S308 - every text is escaped above
            '<table class="kaart-aanbieders"><caption class="visually-hidden">Scholen die '
            f"{_e(self.behoefte)} bieden, met niveau en plaatsen</caption><thead><tr>"
            '<th scope="col">School</th><th scope="col">Plaats</th><th scope="col">Soort</th>'
            '<th scope="col">Niveau</th><th scope="col" class="getal">Capaciteit</th>'
            '<th scope="col" class="getal">Bezet</th><th scope="col" class="getal">Vrij</th>'
            f'<th scope="col">Op de kaart</th></tr></thead><tbody>{"".join(rijen)}</tbody></table>')

    def tabel_gebieden(self) -> SafeString:
        """Every PC4 area with its distance to the nearest offering school, furthest first."""
        rijen = []
        for g in self.gebieden:
            km = '<span class="zacht">–</span>' if g.afstand_km is None else _e(km_tekst(g.afstand_km))
            binnen = ('<span class="label fout">nee, te ver</span>' if g.te_ver
                      else '<span class="label goed">ja</span>')
            rijen.append(f'<tr><th scope="row">{_e(g.pc4)}</th><td class="getal">{g.leerlingen}</td>'
                         f'<td class="getal">{km}</td><td>{_e(g.dichtstbij or "geen school met dit aanbod")}</td>'
                         f"<td>{binnen}</td></tr>")
        grens = _e(km_tekst(self.max_afstand_km))
        return mark_safe(  # noqa: S308 - every text is escaped above
            '<table class="kaart-gebieden"><caption>Postcodegebieden van de regio, verste eerst: afstand van het '
            f"middelpunt tot de dichtstbijzijnde school die {_e(self.behoefte)} biedt</caption><thead><tr>"
            '<th scope="col">Postcode (4 cijfers)</th><th scope="col" class="getal">Leerlingen</th>'
            '<th scope="col" class="getal">Afstand</th><th scope="col">Dichtstbijzijnde school</th>'
            f'<th scope="col">Binnen {grens}?</th></tr></thead><tbody>{"".join(rijen)}</tbody></table>')


def _e(tekst) -> str:
    return escape(str(tekst))


def _dichtstbij(lat: float, lon: float, punten: list[tuple[float, float, str]]) -> tuple[float, str]:
    """(distance in km, name) of the nearest point; an equirectangular pre-filter keeps one haversine per area."""
    c = math.cos(math.radians(lat))
    beste = min(punten, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * c) ** 2)
    return regels.afstand_km(lat, lon, beste[0], beste[1]), beste[2]


def _viewbox(punten: list[tuple[float, float]], schaal: float) -> tuple[float, float, float, float]:
    """(x, y, width, height) around the projected points, with a margin, at least MIN_KM across and not
    narrower than square nor wider than 16:9 (the map fills the width of its column)."""
    xs = [p[0] for p in punten]
    ys = [p[1] for p in punten]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    minimaal = MIN_KM / KM_PER_GRAAD * schaal
    b, h = max(x1 - x0, minimaal), max(y1 - y0, minimaal)
    b = max(b, h)
    h = max(h, b * 9 / 16)
    marge = max(b, h) * 0.08
    b, h = b + 2 * marge, h + 2 * marge
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - b / 2, cy - h / 2, b, h


def _vierkant(x, y, r, vul, rand, sw) -> str:
    return (f'<rect x="{x - r:.3f}" y="{y - r:.3f}" width="{2 * r:.3f}" height="{2 * r:.3f}" fill="{vul}" '
            f'stroke="{rand}" stroke-width="{sw:.3f}"')


def _driehoek(x, y, r, vul, rand, sw) -> str:
    return (f'<path d="M{x:.3f},{y - r * 1.15:.3f} L{x + r * 1.1:.3f},{y + r * 0.8:.3f} '
            f'L{x - r * 1.1:.3f},{y + r * 0.8:.3f} Z" fill="{vul}" stroke="{rand}" stroke-width="{sw:.3f}" '
            'stroke-linejoin="round"')


def _kruis(x, y, r, kleur, sw) -> str:
    return (f'<path d="M{x - r:.3f},{y - r:.3f} L{x + r:.3f},{y + r:.3f} M{x + r:.3f},{y - r:.3f} '
            f'L{x - r:.3f},{y + r:.3f}" stroke="{kleur}" stroke-width="{sw:.3f}" stroke-linecap="round" fill="none"')


def _rondje(x, y, r, kleur, sw) -> str:
    return f'<circle cx="{x:.3f}" cy="{y:.3f}" r="{r:.3f}" fill="{kleur}" stroke="#fff" stroke-width="{sw:.3f}"'


def _icoon(inhoud: str, label: str) -> str:
    """A small legend symbol (in px) with its text."""
    return (f'<li><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20" '
            f'aria-hidden="true" focusable="false" style="vertical-align:middle">{inhoud}</svg> {_e(label)}</li>')


def _legenda(naam: str, max_km: float, met_bereik: bool) -> SafeString:
    items = [
        _icoon(_rondje(10, 10, 5, BINNEN, 1.5) + "/>",
               f"Postcodegebied binnen {km_tekst(max_km)} van een school die {naam} biedt (rondje)"),
        _icoon(_kruis(10, 10, 5.5, TE_VER, 3) + "/>",
               f"Postcodegebied verder dan {km_tekst(max_km)}, of nergens aanbod (kruisje)"),
        _icoon(_vierkant(10, 10, 6, AANBOD, "#fff", 1.5) + "/>", f"Reguliere school die {naam} biedt (dicht vierkant)"),
        _icoon(_driehoek(10, 11, 6.5, AANBOD, "#fff", 1.5) + "/>",
               f"Speciale school (SBO, SO, VSO) die {naam} biedt (dichte driehoek)"),
        _icoon(_vierkant(10, 10, 5, "#fff", GEEN_AANBOD, 2) + "/>",
               f"Reguliere school zonder {naam} (open vierkant)"),
        _icoon(_driehoek(10, 11, 5.5, "#fff", GEEN_AANBOD, 2) + "/>",
               f"Speciale school zonder {naam} (open driehoek)"),
    ]
    if met_bereik:
        items.append(_icoon(f'<circle cx="10" cy="10" r="8" fill="{BEREIK}" fill-opacity="0.13"/>',
                            f"Gebied binnen {km_tekst(max_km)} van een school met aanbod (lichte cirkel)"))
    return mark_safe('<ul class="lijst-kaal kaartlegenda">' + "".join(items) + "</ul>")  # noqa: S308 - escaped


def regiokaart(ov, dekking, *, id_prefix: str = "regiokaart") -> Regiokaart:
    """The map of the region for one need (`dekking`, an item of `ov.dekking` from gegevens.overzicht)."""
    b = dekking.behoefte
    inst = ov.instellingen
    max_km = float(inst.max_afstand_km)
    wegfactor = float(inst.wegfactor)
    titel = f"Kaart van de regio: {b.naam}"

    aanbod = {a.school_id: a for a in dekking.aanbieders}
    scholen = []
    for s, profiel in ov.scholen:
        a = aanbod.pop(s.pk, None)
        k = Kaartschool(s.pk, s.naam, s.plaats, s.soort, s.lat, s.lon, biedt=a is not None,
                        speciaal=s.soort not in REGULIER, heeft_profiel=profiel is not None)
        if a is not None:
            k.niveau, k.capaciteit, k.bezet, k.vol, k.via_basis = a.niveau, a.capaciteit, a.bezet, a.vol, a.via_basis
        scholen.append(k)
    for a in aanbod.values():  # an offering school outside ov.scholen (should not happen; keep it visible)
        scholen.append(Kaartschool(a.school_id, a.naam, a.plaats, a.soort, a.lat, a.lon, True,
                                   a.soort not in REGULIER, a.niveau, a.capaciteit, a.bezet, a.vol, a.via_basis))
    scholen.sort(key=lambda k: (not k.biedt, k.naam, k.plaats))

    punten = [(k.lat, k.lon, k.naam) for k in scholen if k.biedt and k.lat is not None and k.lon is not None]
    gebieden = []
    for code, lat, lon, n in ov.pc4:
        if punten:
            km, naam = _dichtstbij(lat, lon, punten)
            km = round(km * wegfactor, 1)
            gebieden.append(Gebied(code, lat, lon, n, km, naam, km > max_km))
        else:
            gebieden.append(Gebied(code, lat, lon, n, None, "", True))
    gebieden.sort(key=lambda g: (not g.te_ver, -(g.afstand_km if g.afstand_km is not None else math.inf), g.pc4))

    svg = _svg(titel, b.naam, max_km, wegfactor, gebieden, scholen, id_prefix)
    return Regiokaart(titel, b.naam, max_km, svg, _legenda(b.naam, max_km, bool(punten)), gebieden, scholen)


def _svg(titel, naam, max_km, wegfactor, gebieden, scholen, id_prefix) -> SafeString:
    basis = kaartbasis()
    geplaatst = [(g, *basis.projecteer(g.lon, g.lat)) for g in gebieden]
    op_kaart = [(k, *basis.projecteer(k.lon, k.lat)) for k in scholen if k.lat is not None and k.lon is not None]
    alle = [(x, y) for _, x, y in geplaatst] + [(x, y) for _, x, y in op_kaart]
    titel_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    omschrijving = _omschrijving(naam, max_km, gebieden, scholen)
    if not alle:
        return mark_safe(  # noqa: S308 - escaped
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 60" role="img" '
            f'aria-labelledby="{titel_id} {desc_id}" focusable="false" style="width:100%;height:auto">'
            f'<title id="{titel_id}">{_e(titel)}</title><desc id="{desc_id}">{_e(omschrijving)}</desc>'
            '<text x="150" y="34" font-size="12" text-anchor="middle" fill="#475260">'
            "Geen postcodegebieden of scholen met een bekende ligging</text></svg>")
    vx, vy, vb, vh = _viewbox(alle, basis.schaal)
    u = vb / WEERGAVE_BREEDTE  # one px of the drawn map in viewBox units
    delen = [
        f'<rect x="{vx:.3f}" y="{vy:.3f}" width="{vb:.3f}" height="{vh:.3f}" fill="{WATER}"/>',
        f'<path class="land" d="{basis.land}" fill="{LAND}" stroke="{LAND_RAND}" stroke-width="{1.2 * u:.3f}" '
        'stroke-linejoin="round"/>',
        f'<path class="provincies" d="{basis.provincies}" fill="none" stroke="{PROVINCIE_RAND}" '
        f'stroke-width="{1.2 * u:.3f}" stroke-dasharray="{6 * u:.3f} {4 * u:.3f}"/>',
    ]
    # The reach of each offering school: max distance (travel) / road factor = straight-line radius.
    straal = max_km / wegfactor / KM_PER_GRAAD * basis.schaal
    bereik = [f'<circle cx="{x:.3f}" cy="{y:.3f}" r="{straal:.3f}"/>' for k, x, y in op_kaart if k.biedt]
    if bereik:
        # Opacity on the group, not on each disc: overlapping discs show as one evenly tinted area.
        delen.append(f'<g class="bereik" fill="{BEREIK}" opacity="0.13" aria-hidden="true">' + "".join(bereik) + "</g>")
    pc4 = []
    for g, x, y in geplaatst:
        if g.afstand_km is None:
            tip = f"Postcode {g.pc4}: {g.leerlingen} leerling(en); geen school in de regio biedt {naam}"
        else:
            tip = (f"Postcode {g.pc4}: {g.leerlingen} leerling(en); {km_tekst(g.afstand_km)} naar {g.dichtstbij}"
                   f" ({'verder dan' if g.te_ver else 'binnen'} {km_tekst(max_km)})")
        teken = _kruis(x, y, 4.5 * u, TE_VER, 2.4 * u) if g.te_ver else _rondje(x, y, 4.5 * u, BINNEN, 1.2 * u)
        pc4.append(f'<g class="pc4 {"te-ver" if g.te_ver else "binnen"}" data-pc4="{_e(g.pc4)}">{teken}>'
                   f"<title>{_e(tip)}</title></{'path' if g.te_ver else 'circle'}></g>")
    marks = {False: [], True: []}
    for k, x, y in op_kaart:
        vul, rand = (AANBOD, "#fff") if k.biedt else ("#fff", GEEN_AANBOD)
        r = (6.5 if k.biedt else 4.5) * u
        sw = (1.5 if k.biedt else 1.8) * u
        teken = _driehoek(x, y, r * 1.1, vul, rand, sw) if k.speciaal else _vierkant(x, y, r, vul, rand, sw)
        element = "path" if k.speciaal else "rect"
        if k.biedt:
            extra = " (basisondersteuning)" if k.via_basis else ""
            plaatsen = ("" if k.capaciteit is None
                        else f"; {k.bezet} van {k.capaciteit} plaatsen bezet{' (vol)' if k.vol else ''}")
            tip = f"{k.naam}, {k.plaats}: biedt {naam}{extra}{plaatsen}"
        else:
            tip = f"{k.naam}, {k.plaats}: biedt geen {naam}"
        marks[k.biedt].append(
            f'<g class="school {"aanbod" if k.biedt else "geen-aanbod"}{" speciaal" if k.speciaal else ""}" '
            f'data-school="{k.school_id}">{teken}><title>{_e(tip)}</title></{element}></g>')
    # Drawing order: schools without the offer (hollow), then the PC4 marks (a cross stays visible on a hollow
    # school at the same spot), then the offering schools on top.
    delen.append('<g class="scholen zonder-aanbod">' + "".join(marks[False]) + "</g>")
    delen.append('<g class="postcodegebieden">' + "".join(pc4) + "</g>")
    delen.append('<g class="scholen met-aanbod">' + "".join(marks[True]) + "</g>")
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx:.3f} {vy:.3f} {vb:.3f} {vh:.3f}" '
        f'role="img" aria-labelledby="{titel_id} {desc_id}" focusable="false" class="regiokaart" '
        f'preserveAspectRatio="xMidYMid meet" style="width:100%;height:auto;display:block;border:1px solid #8a96a3">'
        f'<title id="{titel_id}">{_e(titel)}</title><desc id="{desc_id}">{_e(omschrijving)}</desc>'
        + "".join(delen) + "</svg>")


def _omschrijving(naam, max_km, gebieden, scholen) -> str:
    biedt = [k for k in scholen if k.biedt]
    te_ver = [g for g in gebieden if g.te_ver]
    zinnen = [f"Kaart van de regio met {len(gebieden)} postcodegebieden en {len(scholen)} scholen."]
    if biedt:
        zinnen.append(f"{len(biedt)} {'school biedt' if len(biedt) == 1 else 'scholen bieden'} {naam}: "
                      + ", ".join(k.naam for k in biedt[:10]) + (" en meer" if len(biedt) > 10 else "") + ".")
    else:
        zinnen.append(f"Geen enkele school in de regio biedt {naam}: alle postcodegebieden zijn zonder aanbod.")
    if not biedt:
        pass
    elif te_ver:
        n = sum(g.leerlingen for g in te_ver)
        zinnen.append(f"{len(te_ver)} postcodegebied(en) met {n} leerling(en) liggen verder dan {km_tekst(max_km)} "
                      "van de dichtstbijzijnde school met dit aanbod.")
    else:
        zinnen.append(f"Alle postcodegebieden liggen binnen {km_tekst(max_km)} van een school met dit aanbod.")
    zinnen.append("Dezelfde gegevens staan in de tabellen bij de kaart.")
    return " ".join(zinnen)
