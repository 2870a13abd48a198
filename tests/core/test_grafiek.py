"""passend.core.grafiek: server-side SVG charts that are well-formed, accessible, proportional, and that
survive empty or all-zero data."""

import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from passend.core.grafiek import Reeks, datatabel, getal, lijndiagram, schaal, staafdiagram

NS = "{http://www.w3.org/2000/svg}"


def _svg(grafiek):
    root = ET.fromstring(str(grafiek.svg))
    assert root.tag == f"{NS}svg"
    return root


def _staven(root):
    return [r for r in root.iter(f"{NS}rect") if r.get("class") == "staaf"]


def _hoogte(rect) -> float:
    return float(rect.get("height"))


def _tekst(el) -> str:
    return "".join(el.itertext())


def test_bar_chart_is_accessible_svg_with_title_desc_and_table():
    g = staafdiagram("Aanvragen per soort", ["TLV", "Arrangement"], [Reeks("Aantal", [4, 2])],
                     beschrijving="Ingediend in 2025")
    root = _svg(g)
    assert root.get("role") == "img"
    titel, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert titel.text == "Aanvragen per soort"
    assert desc.text.startswith("Ingediend in 2025.")
    assert "Hoogste waarde: 4 (TLV)" in desc.text and "tabel" in desc.text
    assert root.get("aria-labelledby") == f"{titel.get('id')} {desc.get('id')}"
    # Each bar names its own value for pointer users.
    assert [_tekst(r.find(f"{NS}title")) for r in _staven(root)] == ["TLV: 4", "Arrangement: 2"]
    tabel = ET.fromstring(str(g.tabel))
    assert _tekst(tabel.find("caption")) == "Aanvragen per soort: de cijfers"
    assert [th.get("scope") for th in tabel.iter("th")] == ["col", "col", "row", "row"]
    assert [[_tekst(c) for c in tr] for tr in tabel.find("tbody")] == [["TLV", "4"], ["Arrangement", "2"]]


def test_template_renders_chart_and_table_unescaped():
    g = staafdiagram("X", ["a"], [Reeks("n", [1])])
    html = Template("{{ g }}").render(Context({"g": g}))
    assert html.startswith('<div class="grafiek-met-tabel">')
    assert "<svg" in html and "<table" in html and "&lt;" not in html


def test_bar_heights_are_proportional_to_the_values():
    waarden = [1, 2, 4, 7]
    root = _svg(staafdiagram("Evenredig", ["a", "b", "c", "d"], [Reeks("n", waarden)]))
    staven = _staven(root)
    assert len(staven) == 4
    verhoudingen = {round(_hoogte(r) / v, 6) for r, v in zip(staven, waarden, strict=True)}
    assert len(verhoudingen) == 1
    # All bars stand on the same baseline.
    assert len({round(float(r.get("y")) + _hoogte(r), 6) for r in staven}) == 1


def test_grouped_bars_side_by_side_with_legend_and_patterns():
    root = _svg(staafdiagram("Groepen", ["TLV", "Arrangement"],
                             [Reeks("Toegekend", [3, 1]), Reeks("Afgewezen", [1, None])]))
    staven = _staven(root)
    assert [(r.get("data-reeks"), r.get("data-waarde")) for r in staven] == [("0", "3"), ("1", "1"), ("0", "1")]
    assert _hoogte(staven[0]) == pytest.approx(3 * _hoogte(staven[1]))
    # Series differ by pattern as well as colour, and the legend names them in words.
    assert staven[0].get("fill") != staven[1].get("fill")
    patronen = {p.get("id"): p for p in root.iter(f"{NS}pattern")}
    assert len(patronen) == 2 and len(list(patronen[staven[1].get("fill")[5:-1]])) > 1
    legenda = [_tekst(t) for t in root.iter(f"{NS}text") if t.get("x") and _tekst(t) in ("Toegekend", "Afgewezen")]
    assert legenda == ["Toegekend", "Afgewezen"]


def test_stacked_bars_add_up():
    root = _svg(staafdiagram("Gestapeld", ["TLV"], [Reeks("a", [2]), Reeks("b", [6])], gestapeld=True))
    onder, boven = _staven(root)
    assert _hoogte(boven) == pytest.approx(3 * _hoogte(onder))
    assert float(boven.get("y")) + _hoogte(boven) == pytest.approx(float(onder.get("y")))
    tabel = ET.fromstring(str(staafdiagram("Gestapeld", ["TLV"], [Reeks("a", [2]), Reeks("b", [6])],
                                           gestapeld=True).tabel))
    assert [_tekst(c) for c in tabel.find("thead/tr")][-1] == "Totaal"
    assert [_tekst(c) for c in tabel.find("tbody/tr")] == ["TLV", "2", "6", "8"]


@pytest.mark.parametrize("maak", [staafdiagram, lijndiagram])
def test_all_zero_data_draws_without_dividing_by_zero(maak):
    g = maak("Nul", ["a", "b"], [Reeks("n", [0, 0]), Reeks("m", [0, None])])
    root = _svg(g)
    assert "Alle waarden zijn nul." in root.find(f"{NS}desc").text
    assert all(_hoogte(r) == 0 for r in _staven(root))


@pytest.mark.parametrize("maak", [staafdiagram, lijndiagram])
def test_empty_data_draws_a_message_and_an_empty_table(maak):
    for categorieen, reeksen in (([], []), (["a"], []), ([], [Reeks("n", [])])):
        g = maak("Leeg", categorieen, reeksen)
        root = _svg(g)
        assert "Geen gegevens in deze periode" in _tekst(root)
        assert "geen gegevens" in root.find(f"{NS}desc").text
        assert "Geen gegevens in deze periode." in str(g.tabel)
        ET.fromstring(str(g.tabel))


def test_line_chart_points_are_proportional_and_a_gap_breaks_the_line():
    root = _svg(lijndiagram("Per kwartaal", ["K1", "K2", "K3", "K4"],
                            [Reeks("SO", [1, 3, None, 2]), Reeks("SBO", [0, 0, 0, 0])]))
    lijnen = [p for p in root.iter(f"{NS}polyline")]
    # SO: K1-K2 is one line, K4 stands alone; SBO is one line.
    assert len(lijnen) == 2
    punten = [p for p in root.iter(f"{NS}g") if p.get("class") == "punt" and p.get("data-reeks") == "0"]
    assert [p.get("data-waarde") for p in punten] == ["1", "3", "2"]
    ys = [float(pt.split(",")[1]) for pt in lijnen[0].get("points").split()]
    basis = [float(pt.split(",")[1]) for pt in lijnen[1].get("points").split()][0]  # SBO: all zero
    assert (basis - ys[1]) == pytest.approx(3 * (basis - ys[0]))
    # Series differ by marker shape and dash as well as colour.
    assert lijnen[0].get("stroke-dasharray") != lijnen[1].get("stroke-dasharray")


def test_reference_line_is_within_the_scale_and_named():
    root = _svg(staafdiagram("Doorlooptijd", ["TLV"], [Reeks("Mediaan", [10])], eenheid="dagen",
                             referentie=(56, "Termijn: 56 dagen")))
    ref = next(g for g in root.iter(f"{NS}g") if g.get("class") == "referentie")
    lijn = ref.find(f"{NS}line")
    staaf = _staven(root)[0]
    basis = float(staaf.get("y")) + _hoogte(staaf)
    assert basis - float(lijn.get("y1")) == pytest.approx(5.6 * _hoogte(staaf))
    assert "Termijn: 56 dagen" in _tekst(ref)
    assert _tekst(staaf.find(f"{NS}title")) == "TLV: 10 dagen"


def test_text_is_escaped_and_stays_well_formed():
    boos = 'A & B <script>alert("x")</script>'
    g = staafdiagram(boos, [boos], [Reeks(boos, [1]), Reeks("twee", [2])], beschrijving=boos)
    root = _svg(g)
    assert root.find(f"{NS}title").text == boos
    assert "<script>" not in str(g.svg) and "<script>" not in str(g.tabel)
    ET.fromstring(str(g.tabel))


def test_numbers_are_written_the_dutch_way():
    assert [getal(v) for v in (0, 7, 1234, 12.5, 42.25, None, float("nan"))] == [
        "0", "7", "1.234", "12,5", "42,2", "–", "–"]
    tabel = datatabel("T", ["a"], [Reeks("n", [1234.5])])
    assert ">1.234,5<" in tabel


@pytest.mark.parametrize("maximum, top, stap", [(0, 5, 1), (-3, 5, 1), (3, 3, 1), (7, 8, 2), (10, 10, 2),
                                                 (42, 50, 10), (56, 60, 20), (123, 125, 25)])
def test_axis_scale_is_round_and_never_zero(maximum, top, stap):
    assert schaal(maximum) == (top, stap)


def test_axis_scale_for_fractions():
    top, stap = schaal(0.3, heel=False)
    assert top >= 0.3 and stap > 0 and top / stap <= 6


def test_many_categories_keep_the_svg_valid():
    categorieen = [f"Maand {i}" for i in range(40)]
    root = _svg(lijndiagram("Veel", categorieen, [Reeks("n", list(range(40)))]))
    assert len([p for p in root.iter(f"{NS}g") if p.get("class") == "punt"]) == 40
