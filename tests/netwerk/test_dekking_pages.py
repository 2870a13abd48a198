"""The coverage page (netwerk:dekking), the coverage snapshot (netwerk:meting) and the gap export
(netwerk:gaten_export): the fixture's numbers as a user reads them, the region map, who may see it.

The fixture `n` (conftest.py): all on longitude 6.09; De Linde and PC4 8011 (3 pupils live there) at 52.51, De Eik
at 52.55 (4.4 km), SO De Brug at 52.70 (21.1 km), PC4 8091 at 52.60. De Eik: gedrag 5/2, ASS 3/3 (full); SO De
Brug: gedrag 20/10, ASS 10/4, ZML 12/6, waiting list 7 (threshold 5); De Linde: dyslexie without a limit; NT2 in
the basisondersteuning. Maximum distance: 10 km (default)."""

import io
import re
import xml.etree.ElementTree as ET

from django.urls import reverse
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.netwerk.models import Dekkingsmeting
from tests.html import Tabel

URL = reverse("netwerk:dekking")
SVG = "{http://www.w3.org/2000/svg}"


def tekst(resp) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", resp.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def kaart(resp) -> ET.Element:
    m = re.search(r'<svg[^>]*class="regiokaart".*?</svg>', resp.content.decode(), flags=re.S)
    assert m, "geen regiokaart op de pagina"
    return ET.fromstring(m.group(0))


def test_coverage_page_shows_the_numbers_per_need(n, login):
    c = login(n.w.consulent)
    r = c.get(URL)
    assert r.status_code == 200
    t = tekst(r)
    assert "3 / 3 scholen met een ondersteuningsprofiel" in t
    # Seven standard needs have no offer at all; eleven gaps in all (7 without offer, 2 distance, full, waiting list).
    assert "7 behoeften zonder aanbod" in t
    assert "11 gaten op de gatenlijst" in t

    rijen = Tabel(r.content.decode(), "dekking-tabel").als_dicts()
    zml = rijen["ZML"]
    assert zml["Scholen met aanbod"] == "1"
    assert (zml["Capaciteit"], zml["Bezet"], zml["Vrij"], zml["Tekort"]) == ("12", "6", "6", "0")
    assert zml["Verste afstand"] == "21,1 km"
    assert zml["Verder dan 10,0 km"] == "2 pc4, 3 leerlingen"
    gedrag = rijen["Gedrag op de kaart"]  # without ?behoefte= the map shows the first need with an offer
    assert (gedrag["Scholen met aanbod"], gedrag["Capaciteit"], gedrag["Bezet"], gedrag["Vrij"]) == ("2", "25", "12", "13")
    assert gedrag["Verste afstand"] == "5,6 km" and gedrag["Verder dan 10,0 km"] == "0"
    # Dyslexie at De Linde has no fixed limit; NT2 comes through the basisondersteuning of both regular schools.
    assert rijen["Dyslexie / dyscalculie"]["Capaciteit"] == "geen vaste grens"
    assert rijen["NT2"]["Scholen met aanbod"] == "2"
    assert rijen["Hoogbegaafdheid"]["Scholen met aanbod"] == "geen"


def test_gap_list_names_missing_offer_and_waiting_list_with_links(n, login):
    c = login(n.w.consulent)
    r = c.get(URL)
    gaten = Tabel(r.content.decode(), "gatenlijst").rijen[1:]
    omschrijvingen = [g[3] for g in gaten]
    assert "Geen enkele school in de regio biedt Hoogbegaafdheid." in omschrijvingen
    assert "SO De Brug: wachtlijst van 7 (drempel 5)." in omschrijvingen
    assert "De Eik: 3 van 3 plaatsen bezet voor Autisme (ASS)." in omschrijvingen
    # Most serious first: no offer before distance before full / waiting list.
    assert gaten[0][0] == "Geen aanbod" and gaten[-1][0] in ("Vol", "Wachtlijst")
    html = r.content.decode()
    assert f'href="{reverse("netwerk:profiel", args=[n.w.so_school.pk])}">SO De Brug</a>' in html

    r = c.get(URL, {"soort": "wachtlijst"})
    gaten = Tabel(r.content.decode(), "gatenlijst").rijen[1:]
    assert [g[3] for g in gaten] == ["SO De Brug: wachtlijst van 7 (drempel 5)."]
    assert "Wachtlijst (1)" in tekst(r)


def test_map_of_the_chosen_need_with_schools_and_pc4_beyond_the_distance(n, login):
    c = login(n.w.consulent)
    r = c.get(URL, {"behoefte": "zml"})
    svg = kaart(r)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Kaart van de regio: ZML"
    desc = svg.find(f"{SVG}desc").text
    assert "1 school biedt ZML: SO De Brug" in desc
    assert "2 postcodegebied(en) met 3 leerling(en) liggen verder dan 10,0 km" in desc
    # Zoomed in on the region: the viewBox is a small part of the national map (300 units wide).
    x, y, b, h = map(float, svg.get("viewBox").split())
    assert 0 < b < 60 and 0 < h < 60
    scholen = {g.get("data-school"): g.get("class") for g in svg.iter(f"{SVG}g") if g.get("data-school")}
    assert scholen == {str(n.w.so_school.pk): "school aanbod speciaal", str(n.w.school_b.pk): "school geen-aanbod",
                       str(n.w.school_a.pk): "school geen-aanbod"}
    pc4 = {g.get("data-pc4"): g.get("class") for g in svg.iter(f"{SVG}g") if g.get("data-pc4")}
    assert pc4 == {"8011": "pc4 te-ver", "8091": "pc4 te-ver"}
    tip = next(g for g in svg.iter(f"{SVG}g") if g.get("data-pc4") == "8011").find(f".//{SVG}title").text
    assert tip == "Postcode 8011: 3 leerling(en); 21,1 km naar SO De Brug (verder dan 10,0 km)"

    # The same facts as tables next to the map, and a legend in words.
    t = tekst(r)
    assert "Postcodegebied verder dan 10,0 km, of nergens aanbod (kruisje)" in t
    assert "8011 3 21,1 km SO De Brug nee, te ver" in t
    assert "8091 0 11,1 km SO De Brug nee, te ver" in t
    assert "SO De Brug Zwolle SO Specialistisch (SBO/SO/VSO) 12 6 6 dichte driehoek" in t

    r = c.get(URL, {"behoefte": "gedrag"})
    svg = kaart(r)
    pc4 = {g.get("data-pc4"): g.get("class") for g in svg.iter(f"{SVG}g") if g.get("data-pc4")}
    assert pc4 == {"8011": "pc4 binnen", "8091": "pc4 binnen"}
    assert "8011 3 4,4 km De Eik ja" in tekst(r)

    # A need nobody offers: every area is marked, and the text says there is no offer at all.
    r = c.get(URL, {"behoefte": "hoogbegaafdheid"})
    svg = kaart(r)
    assert "Geen enkele school in de regio biedt Hoogbegaafdheid" in svg.find(f"{SVG}desc").text
    assert {g.get("class") for g in svg.iter(f"{SVG}g") if g.get("data-pc4")} == {"pc4 te-ver"}
    assert not [g for g in svg.iter(f"{SVG}g") if "aanbod" in (g.get("class") or "").split()]
    assert "8011 3 – geen school met dit aanbod nee, te ver" in tekst(r)


def test_only_swv_staff_and_besturen_see_coverage(n, login):
    for rol in (n.w.school, n.w.ouder, n.w.deskundige1):
        assert login(rol).get(URL).status_code == 403
        assert login(rol).get(reverse("netwerk:gaten_export")).status_code == 403
    r = login(n.w.bestuur).get(URL)
    assert r.status_code == 200
    assert "Meting opslaan" not in tekst(r)
    assert login(n.w.bestuur).post(reverse("netwerk:meting")).status_code == 403
    assert not Dekkingsmeting.objects.exists()


def test_saving_a_snapshot_shows_it_in_the_trend(n, login):
    c = login(n.w.consulent)
    r = c.get(URL)
    assert "Er is nog geen meting opgeslagen" in tekst(r)
    assert c.get(reverse("netwerk:meting")).status_code == 405
    r = c.post(reverse("netwerk:meting"), {"behoefte": "zml"})
    assert r.status_code == 302 and r["Location"] == f"{URL}?behoefte=zml#trend"
    m = Dekkingsmeting.objects.get(swv=n.w.swv)
    assert m.gaten == 11 and m.cijfers["zml"]["aanbieders"] == 1
    r = c.get(r["Location"])
    t = tekst(r)
    assert f"De meting van {m.datum:%d-%m-%Y} is opgeslagen: 11 gaten" in t
    trend = Tabel(r.content.decode(), "datatabel").rijen
    assert trend[0] == ["Meting", "Aantal gaten", "Vraag (leerlingen met een behoefte)"]
    assert trend[1] == [f"{m.datum:%d-%m-%Y}", "11", "0"]
    assert 'class="grafiek-svg"' in r.content.decode()


def test_export_has_gaps_and_the_table_per_need_and_is_audited(n, login):
    c = login(n.w.directeur)
    r = c.get(reverse("netwerk:gaten_export"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Gaten", "Dekking per behoefte"]
    gaten = [[c.value for c in rij] for rij in wb["Gaten"].iter_rows(min_row=2)]
    assert ["hoog", "Geen aanbod", "Hoogbegaafdheid", None,
            "Geen enkele school in de regio biedt Hoogbegaafdheid."] in gaten
    assert len(gaten) == 11
    per = {rij[0].value: [c.value for c in rij] for rij in wb["Dekking per behoefte"].iter_rows(min_row=2)}
    assert per["ZML"][:9] == ["ZML", 1, 0, 12, "ja", 6, 6, 0, 0]
    assert per["ZML"][9:] == [21.1, 2, 3, "8011 8091"]
    e = AuditEvent.objects.get(actie="export", object_type="netwerk.dekking")
    assert e.swv_id == n.w.swv.pk and "11 gaten" in e.omschrijving

    r = c.get(reverse("netwerk:gaten_export"), {"soort": "vol"})
    gaten = [[c.value for c in rij] for rij in load_workbook(io.BytesIO(r.content))["Gaten"].iter_rows(min_row=2)]
    assert gaten == [["laag", "Vol", "Autisme (ASS)", "De Eik", "De Eik: 3 van 3 plaatsen bezet voor Autisme (ASS)."]]
