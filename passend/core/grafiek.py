"""Small charts drawn by the app itself: inline SVG bar charts (grouped or stacked) and line charts.

No JavaScript and nothing from elsewhere. Every chart is accessible on its own terms (WCAG 2.1 AA):

- `<svg role="img">` named by its `<title>` and described by a `<desc>` that says what is shown and its
  highest value; every bar and point has its own `<title>` (a tooltip with category, series and value);
- series differ by colour *and* by pattern (bars) or marker shape and dash (lines), with a legend in words;
- the same numbers always come as a data table (`<table>` with caption and header cells) next to or under
  the chart, so nothing is available only as a picture.

Use:

    g = staafdiagram("Aanvragen per soort", ["TLV", "Arrangement"],
                     [Reeks("Toegekend", [5, 3]), Reeks("Afgewezen", [1, 0])], gestapeld=True)
    {{ g }}            in a template: the chart with its table under it
    g.svg, g.tabel     the parts, to place them yourself

Values are numbers >= 0 (counts, days, amounts); None is "no value" (no bar or point, "–" in the table).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

SVG_NS = "http://www.w3.org/2000/svg"

# Dark enough for 3:1 against white (WCAG 1.4.11), distinguishable side by side; the patterns below make
# the series distinct without relying on colour.
KLEUREN = ("#1d3b5c", "#c2410c", "#1e5e2e", "#6b4fa0", "#8a5a00", "#0a5ca8", "#9b1c1c", "#475260")
PATRONEN = ("vol", "schuin", "stippen", "ruit", "liggend", "staand", "tegenschuin", "blokjes")
MARKERS = ("rondje", "vierkant", "driehoek", "ruit", "kruis", "rondje", "vierkant", "driehoek")
STREEPJES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")

TEKST = "#1b1f24"
TEKST_ZACHT = "#475260"
RAND = "#8a96a3"
RASTER = "#dde3ea"
HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke"'  # keeps a label readable over a bar or line

BREEDTE = 640
HOOGTE = 320
LINKS = 52
RECHTS = 16
ONDER = 44
LEGENDA_REGEL = 20
TEKEN_BREEDTE = 6.6  # approximate width of one character at font-size 12, for layout only


@dataclass(frozen=True)
class Reeks:
    """One series: a name (in the legend and the table header) and one value per category."""

    naam: str
    waarden: Sequence[float | int | None]


@dataclass(frozen=True)
class Grafiek:
    """A chart and its data table; renders in a template as both, the table under the chart."""

    titel: str
    svg: SafeString
    tabel: SafeString

    def __html__(self) -> SafeString:
        return mark_safe(  # noqa: S308 - both parts are built escaped
            f'<div class="grafiek-met-tabel"><div class="grafiek">{self.svg}</div>'
            f'<div class="tabel-omhulsel grafiek-tabel">{self.tabel}</div></div>'
        )

    def __str__(self) -> str:
        # A template renders str(value): keep it marked safe.
        return self.__html__()


# ------------------------------------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------------------------------------

def getal(waarde, decimalen: int = 1) -> str:
    """A number the Dutch way: 1.234 and 12,5; None is "–"."""
    if waarde is None:
        return "–"
    try:
        waarde = float(waarde)
    except (TypeError, ValueError):
        return str(waarde)
    if not math.isfinite(waarde):
        return "–"
    if float(waarde).is_integer():
        return f"{int(waarde):,}".replace(",", ".")
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _met_eenheid(waarde, eenheid: str) -> str:
    eenheid = eenheid.strip()
    return f"{getal(waarde)} {eenheid}" if eenheid else getal(waarde)


def _waarde(v) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return max(f, 0.0)


def schaal(maximum: float, stappen: int = 5, *, heel: bool = True) -> tuple[float, float]:
    """A round top for the value axis and the step between grid lines. Never zero: an empty or all-zero
    chart still gets an axis (0 to `stappen`)."""
    if not maximum or maximum <= 0 or not math.isfinite(maximum):
        return float(stappen), 1.0
    ruw = maximum / stappen
    macht = 10 ** math.floor(math.log10(ruw))
    stap = macht * 10
    for m in (1, 2, 2.5, 5, 10):
        if m * macht >= ruw:
            stap = m * macht
            break
    if heel:
        stap = max(1.0, float(math.ceil(stap)))
    top = math.ceil(maximum / stap - 1e-9) * stap
    return float(top), float(stap)


# ------------------------------------------------------------------------------------------------------------
# Drawing helpers
# ------------------------------------------------------------------------------------------------------------

def _e(tekst) -> str:
    return escape(str(tekst))


def _patroon_defs(prefix: str, aantal: int) -> str:
    """One <pattern> per series: its colour with white lines or dots (series 0 is plain)."""
    delen = []
    for i in range(aantal):
        kleur = KLEUREN[i % len(KLEUREN)]
        soort = PATRONEN[i % len(PATRONEN)]
        lijnen = {
            "vol": "",
            "schuin": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.6"/>',
            "stippen": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "ruit": '<path d="M0,4 h8 M4,0 v8" stroke="#fff" stroke-width="1.4"/>',
            "liggend": '<path d="M0,4 h8" stroke="#fff" stroke-width="1.8"/>',
            "staand": '<path d="M4,0 v8" stroke="#fff" stroke-width="1.8"/>',
            "tegenschuin": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#fff" stroke-width="1.6"/>',
            "blokjes": '<rect x="0" y="0" width="4" height="4" fill="#fff" fill-opacity="0.55"/>',
        }[soort]
        delen.append(
            f'<pattern id="{prefix}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{kleur}"/>{lijnen}</pattern>'
        )
    return "<defs>" + "".join(delen) + "</defs>"


def _marker(soort: str, x: float, y: float, kleur: str) -> str:
    if soort == "vierkant":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{kleur}"/>'
    if soort == "driehoek":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{kleur}"/>'
    if soort == "ruit":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" fill="{kleur}"/>'
    if soort == "kruis":
        return (f'<path d="M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x + 4:.1f},{y - 4:.1f} '
                f'L{x - 4:.1f},{y + 4:.1f}" stroke="{kleur}" stroke-width="2.5"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{kleur}"/>'


def _legenda(reeksen: Sequence[Reeks], prefix: str, *, lijnen: bool, referentie_label: str = "") -> tuple[str, float]:
    """The legend in words above the plot; returns the SVG and the height it takes."""
    items = [(i, r.naam) for i, r in enumerate(reeksen)]
    if referentie_label:
        items.append((-1, referentie_label))
    if len(reeksen) <= 1 and not referentie_label:
        return "", 0.0
    delen, x, y = [], float(LINKS), 8.0
    for i, naam in items:
        breedte = 22 + len(naam) * TEKEN_BREEDTE + 16
        if x + breedte > BREEDTE - RECHTS and x > LINKS:
            x, y = float(LINKS), y + LEGENDA_REGEL
        if i == -1:
            teken = (f'<line x1="{x:.1f}" y1="{y + 7:.1f}" x2="{x + 16:.1f}" y2="{y + 7:.1f}" stroke="{TEKST}" '
                     'stroke-width="2" stroke-dasharray="5 3"/>')
        elif lijnen:
            kleur = KLEUREN[i % len(KLEUREN)]
            streep = STREEPJES[i % len(STREEPJES)]
            dash = f' stroke-dasharray="{streep}"' if streep else ""
            teken = (f'<line x1="{x:.1f}" y1="{y + 7:.1f}" x2="{x + 16:.1f}" y2="{y + 7:.1f}" stroke="{kleur}" '
                     f'stroke-width="2.5"{dash}/>' + _marker(MARKERS[i % len(MARKERS)], x + 8, y + 7, kleur))
        else:
            teken = f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="url(#{prefix}-p{i})"/>'
        delen.append(f'<g class="legenda-item">{teken}<text x="{x + 22:.1f}" y="{y + 11:.1f}" font-size="12" '
                     f'fill="{TEKST}">{_e(naam)}</text></g>')
        x += breedte
    return '<g class="legenda">' + "".join(delen) + "</g>", y + LEGENDA_REGEL + 6


def _regels(tekst: str, max_tekens: int) -> list[str]:
    """Wrap a category label in at most two lines; a longer one is shortened with an ellipsis (the table
    and the bar's tooltip keep the whole label)."""
    woorden, regels, huidig = str(tekst).split(), [], ""
    for woord in woorden:
        kandidaat = f"{huidig} {woord}".strip()
        if len(kandidaat) <= max_tekens or not huidig:
            huidig = kandidaat
        else:
            regels.append(huidig)
            huidig = woord
    if huidig:
        regels.append(huidig)
    if len(regels) > 2:
        regels = [regels[0], " ".join(regels[1:])]
    return [r if len(r) <= max_tekens else r[: max(max_tekens - 1, 1)] + "…" for r in regels]


def _x_labels(categorieen: Sequence[str], x0: float, stap: float, y: float) -> str:
    max_tekens = max(int(stap / TEKEN_BREEDTE), 3)
    delen = []
    # With many categories, label only every n-th one (the table has them all).
    elke = max(1, math.ceil(len(categorieen) / max(1, int((BREEDTE - LINKS - RECHTS) / 42))))
    for i, cat in enumerate(categorieen):
        if i % elke:
            continue
        cx = x0 + stap * (i + 0.5)
        tspans = "".join(
            f'<tspan x="{cx:.1f}" dy="{0 if j == 0 else 14}">{_e(r)}</tspan>'
            for j, r in enumerate(_regels(cat, max_tekens * elke))
        )
        delen.append(f'<text x="{cx:.1f}" y="{y:.1f}" font-size="12" text-anchor="middle" fill="{TEKST}">{tspans}</text>')
    return "".join(delen)


def _y_as(top: float, stap: float, boven: float, plot_hoogte: float, as_label: str) -> str:
    delen = []
    n = int(round(top / stap))
    for k in range(n + 1):
        v = k * stap
        y = boven + plot_hoogte - v / top * plot_hoogte
        delen.append(f'<line x1="{LINKS}" y1="{y:.1f}" x2="{BREEDTE - RECHTS}" y2="{y:.1f}" stroke="{RASTER}" stroke-width="1"/>')
        delen.append(f'<text x="{LINKS - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="{TEKST_ZACHT}">'
                     f"{_e(getal(v))}</text>")
    if as_label:
        midden = boven + plot_hoogte / 2
        delen.append(f'<text x="12" y="{midden:.1f}" font-size="11" text-anchor="middle" fill="{TEKST_ZACHT}" '
                     f'transform="rotate(-90 12 {midden:.1f})">{_e(as_label)}</text>')
    return "".join(delen)


def _referentielijn(waarde: float, label: str, top: float, boven: float, plot_hoogte: float) -> str:
    y = boven + plot_hoogte - waarde / top * plot_hoogte
    return (f'<g class="referentie"><line x1="{LINKS}" y1="{y:.1f}" x2="{BREEDTE - RECHTS}" y2="{y:.1f}" '
            f'stroke="{TEKST}" stroke-width="2" stroke-dasharray="5 3"><title>{_e(label)}</title></line>'
            f'<text x="{BREEDTE - RECHTS - 4}" y="{y - 5:.1f}" font-size="11" text-anchor="end" fill="{TEKST}" '
            f'{HALO}>'
            f"{_e(label)}</text></g>")


def _omschrijving(soort: str, titel: str, categorieen, reeksen, eenheid: str, beschrijving: str,
                  gestapeld: bool = False) -> str:
    if not categorieen or not reeksen:
        return f"{soort}: {beschrijving + ' ' if beschrijving else ''}Er zijn geen gegevens om te tonen."
    zinnen = []
    if beschrijving:
        zinnen.append(beschrijving.rstrip(".") + ".")
    namen = ", ".join(r.naam for r in reeksen)
    zinnen.append(f"{soort} met {len(categorieen)} {'categorie' if len(categorieen) == 1 else 'categorieën'}"
                  + (f" en {len(reeksen)} reeksen ({namen}){', gestapeld' if gestapeld else ''}" if len(reeksen) > 1
                     else f" ({namen})") + ".")
    hoogste = None
    for r in reeksen:
        for cat, v in zip(categorieen, r.waarden, strict=False):
            w = _waarde(v)
            if w is not None and (hoogste is None or w > hoogste[0]):
                hoogste = (w, cat, r.naam)
    if hoogste is None or hoogste[0] == 0:
        zinnen.append("Alle waarden zijn nul.")
    else:
        wie = hoogste[1] if len(reeksen) == 1 else f"{hoogste[1]}, {hoogste[2]}"
        zinnen.append(f"Hoogste waarde: {_met_eenheid(hoogste[0], eenheid)} ({wie}).")
    zinnen.append("De cijfers staan ook in de tabel bij deze grafiek.")
    return " ".join(zinnen)


def _svg(prefix: str, titel: str, omschrijving: str, inhoud: str) -> SafeString:
    titel_id, desc_id = f"{prefix}-titel", f"{prefix}-beschrijving"
    return mark_safe(  # noqa: S308 - every text in `inhoud`, `titel` and `omschrijving` is escaped
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {BREEDTE} {HOOGTE}" width="{BREEDTE}" height="{HOOGTE}" '
        f'role="img" aria-labelledby="{titel_id} {desc_id}" focusable="false" class="grafiek-svg">'
        f'<title id="{titel_id}">{_e(titel)}</title><desc id="{desc_id}">{_e(omschrijving)}</desc>'
        f"{inhoud}</svg>"
    )


def _geen_gegevens(boven: float) -> str:
    return (f'<text x="{BREEDTE / 2:.0f}" y="{(boven + HOOGTE - ONDER) / 2:.0f}" font-size="14" text-anchor="middle" '
            f'fill="{TEKST_ZACHT}">Geen gegevens in deze periode</text>')


def _prefix(titel: str, id_prefix: str | None) -> str:
    return id_prefix or ("grafiek-" + (slugify(titel)[:40] or "x"))


def _normaliseer(categorieen, reeksen) -> tuple[list[str], list[Reeks]]:
    categorieen = [str(c) for c in categorieen]
    reeksen = [Reeks(r.naam, [(list(r.waarden)[i] if i < len(r.waarden) else None) for i in range(len(categorieen))])
               for r in reeksen]
    return categorieen, reeksen


# ------------------------------------------------------------------------------------------------------------
# Charts
# ------------------------------------------------------------------------------------------------------------

def staafdiagram(titel: str, categorieen: Sequence[str], reeksen: Sequence[Reeks], *, gestapeld: bool = False,
                 beschrijving: str = "", eenheid: str = "", as_label: str = "", kop: str = "",
                 referentie: tuple[float, str] | None = None, totaal: bool | None = None,
                 id_prefix: str | None = None) -> Grafiek:
    """A bar chart: per category one bar per series side by side (grouped), or one bar with the series on
    top of each other (`gestapeld`). `referentie` = (value, label) draws a dashed horizontal line, e.g. a
    term. `kop` heads the first table column; `totaal` adds a total column (default: when stacked)."""
    prefix = _prefix(titel, id_prefix)
    categorieen, reeksen = _normaliseer(categorieen, reeksen)
    legenda, legenda_hoogte = _legenda(reeksen, prefix, lijnen=False, referentie_label=referentie[1] if referentie else "")
    boven = max(legenda_hoogte, 8.0) + 14
    plot_hoogte = HOOGTE - boven - ONDER
    plot_breedte = BREEDTE - LINKS - RECHTS

    waarden = [[_waarde(v) for v in r.waarden] for r in reeksen]
    if gestapeld:
        maximum = max((sum(w[i] or 0 for w in waarden) for i in range(len(categorieen))), default=0)
    else:
        maximum = max((v or 0 for w in waarden for v in w), default=0)
    if referentie:
        maximum = max(maximum, _waarde(referentie[0]) or 0)
    heel = all(float(v).is_integer() for w in waarden for v in w if v is not None)
    top, stap = schaal(maximum, heel=heel)
    y0 = boven + plot_hoogte

    delen = [_patroon_defs(prefix, len(reeksen)), legenda, _y_as(top, stap, boven, plot_hoogte, as_label)]
    if not categorieen or not reeksen:
        delen.append(_geen_gegevens(boven))
    else:
        groep = plot_breedte / len(categorieen)
        binnen = groep * 0.7
        staaf_breedte = binnen if gestapeld else binnen / len(reeksen)
        staven = []
        for i, cat in enumerate(categorieen):
            x_groep = LINKS + groep * i + (groep - binnen) / 2
            basis = y0
            for j, r in enumerate(reeksen):
                v = waarden[j][i]
                if v is None:
                    continue
                h = v / top * plot_hoogte
                x = x_groep if gestapeld else x_groep + j * staaf_breedte
                y = (basis - h) if gestapeld else (y0 - h)
                tip = f"{cat}{'' if len(reeksen) == 1 else ', ' + r.naam}: {_met_eenheid(v, eenheid)}"
                staven.append(
                    f'<rect class="staaf" data-reeks="{j}" data-waarde="{getal(v)}" x="{x:.2f}" y="{y:.2f}" '
                    f'width="{max(staaf_breedte - (0 if gestapeld else 1), 0.5):.2f}" height="{h:.2f}" '
                    f'fill="url(#{prefix}-p{j})" stroke="#fff" stroke-width="{0.75 if gestapeld else 0}">'
                    f"<title>{_e(tip)}</title></rect>"
                )
                if not gestapeld and staaf_breedte >= 18:
                    staven.append(f'<text x="{x + staaf_breedte / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
                                  f'text-anchor="middle" fill="{TEKST}" {HALO}>{_e(getal(v))}</text>')
                if gestapeld:
                    basis -= h
            if gestapeld:
                som = sum(w[i] or 0 for w in waarden)
                staven.append(f'<text x="{x_groep + binnen / 2:.1f}" y="{basis - 4:.1f}" font-size="11" '
                              f'text-anchor="middle" fill="{TEKST}" {HALO}>{_e(getal(som))}</text>')
        delen.append('<g class="staven">' + "".join(staven) + "</g>")
        delen.append(_x_labels(categorieen, LINKS, groep, y0 + 16))
    delen.append(f'<line x1="{LINKS}" y1="{y0:.1f}" x2="{BREEDTE - RECHTS}" y2="{y0:.1f}" stroke="{RAND}" stroke-width="1.5"/>')
    if referentie:
        delen.append(_referentielijn(_waarde(referentie[0]) or 0, referentie[1], top, boven, plot_hoogte))

    soort = "Gestapeld staafdiagram" if gestapeld else "Staafdiagram"
    omschrijving = _omschrijving(soort, titel, categorieen, reeksen, eenheid, beschrijving, gestapeld)
    tabel = datatabel(titel, categorieen, reeksen, kop=kop, eenheid=eenheid,
                      totaal=gestapeld if totaal is None else totaal)
    return Grafiek(titel, _svg(prefix, titel, omschrijving, "".join(delen)), tabel)


def lijndiagram(titel: str, categorieen: Sequence[str], reeksen: Sequence[Reeks], *, beschrijving: str = "",
                eenheid: str = "", as_label: str = "", kop: str = "", referentie: tuple[float, str] | None = None,
                totaal: bool = False, id_prefix: str | None = None) -> Grafiek:
    """A line chart over ordered categories (e.g. quarters): one line per series, each with its own marker
    shape and dash pattern. A missing value (None) breaks the line."""
    prefix = _prefix(titel, id_prefix)
    categorieen, reeksen = _normaliseer(categorieen, reeksen)
    legenda, legenda_hoogte = _legenda(reeksen, prefix, lijnen=True, referentie_label=referentie[1] if referentie else "")
    boven = max(legenda_hoogte, 8.0) + 14
    plot_hoogte = HOOGTE - boven - ONDER
    plot_breedte = BREEDTE - LINKS - RECHTS

    waarden = [[_waarde(v) for v in r.waarden] for r in reeksen]
    maximum = max((v or 0 for w in waarden for v in w), default=0)
    if referentie:
        maximum = max(maximum, _waarde(referentie[0]) or 0)
    heel = all(float(v).is_integer() for w in waarden for v in w if v is not None)
    top, stap = schaal(maximum, heel=heel)
    y0 = boven + plot_hoogte

    delen = [legenda, _y_as(top, stap, boven, plot_hoogte, as_label)]
    if not categorieen or not reeksen:
        delen.append(_geen_gegevens(boven))
    else:
        groep = plot_breedte / len(categorieen)
        lijnen = []
        for j, r in enumerate(reeksen):
            kleur = KLEUREN[j % len(KLEUREN)]
            streep = STREEPJES[j % len(STREEPJES)]
            dash = f' stroke-dasharray="{streep}"' if streep else ""
            stukken, huidig, punten = [], [], []
            for i, cat in enumerate(categorieen):
                v = waarden[j][i]
                if v is None:
                    if huidig:
                        stukken.append(huidig)
                    huidig = []
                    continue
                x = LINKS + groep * (i + 0.5)
                y = y0 - v / top * plot_hoogte
                huidig.append((x, y))
                tip = f"{cat}{'' if len(reeksen) == 1 else ', ' + r.naam}: {_met_eenheid(v, eenheid)}"
                punten.append(f'<g class="punt" data-reeks="{j}" data-waarde="{getal(v)}">'
                              f'{_marker(MARKERS[j % len(MARKERS)], x, y, kleur)}<title>{_e(tip)}</title></g>')
            if huidig:
                stukken.append(huidig)
            for stuk in stukken:
                if len(stuk) > 1:
                    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in stuk)
                    lijnen.append(f'<polyline class="lijn" points="{pts}" fill="none" stroke="{kleur}" '
                                  f'stroke-width="2.5"{dash}/>')
            lijnen.extend(punten)
        delen.append('<g class="lijnen">' + "".join(lijnen) + "</g>")
        delen.append(_x_labels(categorieen, LINKS, groep, y0 + 16))
    delen.append(f'<line x1="{LINKS}" y1="{y0:.1f}" x2="{BREEDTE - RECHTS}" y2="{y0:.1f}" stroke="{RAND}" stroke-width="1.5"/>')
    if referentie:
        delen.append(_referentielijn(_waarde(referentie[0]) or 0, referentie[1], top, boven, plot_hoogte))

    omschrijving = _omschrijving("Lijndiagram", titel, categorieen, reeksen, eenheid, beschrijving)
    tabel = datatabel(titel, categorieen, reeksen, kop=kop, eenheid=eenheid, totaal=totaal)
    return Grafiek(titel, _svg(prefix, titel, omschrijving, "".join(delen)), tabel)


def datatabel(titel: str, categorieen: Sequence[str], reeksen: Sequence[Reeks], *, kop: str = "",
              eenheid: str = "", totaal: bool = False) -> SafeString:
    """The numbers of a chart as a table: a row per category, a column per series (and a total)."""
    categorieen, reeksen = _normaliseer(categorieen, reeksen)
    eenheid_tekst = f" ({eenheid.strip()})" if eenheid.strip() else ""
    koppen = [f'<th scope="col">{_e(kop or "Categorie")}</th>']
    koppen += [f'<th scope="col" class="getal">{_e(r.naam)}{_e(eenheid_tekst)}</th>' for r in reeksen]
    if totaal:
        koppen.append('<th scope="col" class="getal">Totaal</th>')
    rijen = []
    for i, cat in enumerate(categorieen if reeksen else []):
        cellen = [f'<th scope="row">{_e(cat)}</th>']
        som = 0.0
        for r in reeksen:
            v = r.waarden[i]
            som += _waarde(v) or 0
            cellen.append(f'<td class="getal">{_e(getal(v))}</td>')
        if totaal:
            cellen.append(f'<td class="getal">{_e(getal(som))}</td>')
        rijen.append("<tr>" + "".join(cellen) + "</tr>")
    if not rijen:
        rijen.append(f'<tr><td colspan="{len(koppen)}">Geen gegevens in deze periode.</td></tr>')
    return mark_safe(  # noqa: S308 - all text is escaped above
        f"<table class=\"datatabel\"><caption>{_e(titel)}: de cijfers</caption>"
        f"<thead><tr>{''.join(koppen)}</tr></thead><tbody>{''.join(rijen)}</tbody></table>"
    )
