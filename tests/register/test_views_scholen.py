"""School pages: list (search, filters, sorting, paging, export) and detail (map, SWV, pupil count)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from passend.accounts.models import Rol
from passend.register.maps import BRON, kaartbasis, locatiekaart
from passend.register.models import Soort
from tests.factories import (
    GemeenteFactory,
    InschrijvingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolbestuurFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory(code="PO2301", naam="Passend Primair Zwolle")


@pytest.fixture
def rol(swv):
    return RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv)


def _namen(response):
    return [s.naam for s in response.context["page"].object_list]


def test_list_defaults_to_my_swv_and_can_show_all(login, swv, rol):
    SchoolFactory(naam="Eigen", regio_swv_po=swv)
    SchoolFactory(naam="Vreemd")
    client = login(rol)
    assert _namen(client.get(reverse("scholen:lijst"))) == ["Eigen"]
    response = client.get(reverse("scholen:lijst"), {"f": "1"})  # box unticked
    assert _namen(response) == ["Eigen", "Vreemd"]
    assert 'id="id_mijn" name="mijn" value="1" checked' not in response.content.decode()


def test_search_soort_and_gemeente_filters(login, swv, rol):
    kampen = GemeenteFactory(naam="Kampen")
    SchoolFactory(naam="De Linde", plaats="Zwolle", soort=Soort.BAO, regio_swv_po=swv)
    SchoolFactory(naam="De Brug", plaats="Kampen", gemeente=kampen, soort=Soort.SBO, regio_swv_po=swv)
    SchoolFactory(naam="Het Anker", plaats="Kampen", gemeente=kampen, soort=Soort.BAO, regio_swv_po=swv,
                  vestigingscode="12AB00")
    client = login(rol)
    url = reverse("scholen:lijst")
    assert _namen(client.get(url, {"f": 1, "mijn": 1, "q": "kampen"})) == ["De Brug", "Het Anker"]
    assert _namen(client.get(url, {"f": 1, "mijn": 1, "q": "12ab00"})) == ["Het Anker"]
    assert _namen(client.get(url, {"f": 1, "mijn": 1, "soort": "SBO"})) == ["De Brug"]
    response = client.get(url, {"f": 1, "mijn": 1, "gemeente": kampen.pk, "soort": "BAO"})
    assert _namen(response) == ["Het Anker"]
    html = response.content.decode()
    assert "1 school gevonden" in html
    assert f'<option value="{kampen.pk}" selected>Kampen</option>' in html


def test_sorting_by_pupils_and_place_with_aria_sort(login, swv, rol):
    SchoolFactory(naam="A", plaats="Zwolle", leerlingen=100, regio_swv_po=swv)
    SchoolFactory(naam="B", plaats="Kampen", leerlingen=300, regio_swv_po=swv)
    SchoolFactory(naam="C", plaats="Dalfsen", leerlingen=None, regio_swv_po=swv)
    client = login(rol)
    url = reverse("scholen:lijst")
    assert _namen(client.get(url, {"sort": "-leerlingen"})) == ["B", "A", "C"]
    assert _namen(client.get(url, {"sort": "leerlingen"})) == ["A", "B", "C"]
    response = client.get(url, {"sort": "plaats"})
    assert _namen(response) == ["C", "B", "A"]
    html = response.content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-plaats">Plaats', html)


def test_paging_25_keeps_filters(login, swv, rol):
    for i in range(27):
        SchoolFactory(naam=f"School {i:02d}", regio_swv_po=swv)
    client = login(rol)
    response = client.get(reverse("scholen:lijst"), {"f": 1, "mijn": 1, "q": "school"})
    assert len(response.context["page"].object_list) == 25
    html = response.content.decode()
    assert "27 scholen gevonden" in html
    assert "?f=1&amp;mijn=1&amp;q=school&amp;page=2" in html
    page2 = client.get(reverse("scholen:lijst"), {"f": 1, "mijn": 1, "q": "school", "page": 2})
    assert _namen(page2) == ["School 25", "School 26"]


def test_excel_export_contains_the_filtered_rows(login, swv, rol):
    SchoolFactory(naam="De Linde", soort=Soort.BAO, regio_swv_po=swv, vestigingscode="01AA00")
    SchoolFactory(naam="De Brug", soort=Soort.SBO, regio_swv_po=swv, vestigingscode="02BB00")
    SchoolFactory(naam="Elders", soort=Soort.SBO)
    response = login(rol).get(reverse("scholen:export"), {"f": 1, "mijn": 1, "soort": "SBO"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Vestigingscode", "BRIN", "Naam")
    assert [r[2] for r in rows[1:]] == ["De Brug"]
    assert rows[1][11] == "PO 23-01"


def test_detail_shows_fields_swv_and_map_with_school_dot(login, swv, rol):
    bestuur = SchoolbestuurFactory(naam="Stichting Kans")
    s = SchoolFactory(naam="De Linde", vestigingscode="01AA00", soort=Soort.BAO, regio_swv_po=swv, bestuur=bestuur,
                      straat="Lindelaan", huisnummer="1", postcode="8011AA", plaats="Zwolle", leerlingen=250,
                      denominatie="Protestants-Christelijk", lat=52.51, lon=6.09)
    response = login(rol).get(reverse("scholen:detail", args=["01aa00"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>De Linde</h1>" in html
    for tekst in ("Lindelaan 1, 8011 AA Zwolle", "Protestants-Christelijk", "Stichting Kans", "250",
                  "Passend Primair Zwolle", "uw samenwerkingsverband", BRON):
        assert tekst in html, tekst
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "Ligging van De Linde" in svg
    cx, cy = map(float, re.search(r'<circle class="school" cx="([\d.]+)" cy="([\d.]+)"', svg).groups())
    # Zwolle lies in the north-east half of the country.
    b = kaartbasis()
    assert b.breedte / 2 < cx < b.breedte and cy < b.hoogte / 2
    assert s.pk


def test_special_school_serves_several_swvs(login, swv, rol):
    vo = SamenwerkingsverbandFactory(code="VO2302", naam="Passend VO Zwolle")
    SchoolFactory(naam="De Twijn", vestigingscode="03CC00", soort=Soort.SO_VSO, regio_swv_po=swv, regio_swv_vo=vo)
    html = login(rol).get(reverse("scholen:detail", args=["03CC00"])).content.decode()
    assert "meerdere samenwerkingsverbanden" in html
    assert "Passend VO Zwolle" in html


def test_pupil_count_only_for_roles_that_see_pupils(login, swv, rol):
    s = SchoolFactory(vestigingscode="01AA00", regio_swv_po=swv)
    InschrijvingFactory(leerling__swv=swv, school=s)
    InschrijvingFactory(leerling__swv=swv, school=s)
    html = login(rol).get(reverse("scholen:detail", args=["01AA00"])).content.decode()
    assert "Actief in Passend" in html and "2 leerlingen" in html
    bestuur_rol = RolFactory(rol=Rol.SCHOOLBESTUUR, swv=swv)
    html = login(bestuur_rol).get(reverse("scholen:detail", args=["01AA00"])).content.decode()
    assert "Actief in Passend" not in html


def test_unknown_school_is_404(login, rol):
    assert login(rol).get(reverse("scholen:detail", args=["ZZZZ99"])).status_code == 404


def test_school_without_location_has_no_map(login, swv, rol):
    SchoolFactory(vestigingscode="04DD00", lat=None, lon=None)
    html = login(rol).get(reverse("scholen:detail", args=["04DD00"])).content.decode()
    assert "<svg" not in html and "niet bekend" in html


def test_map_projection_puts_corners_of_the_country_apart():
    b = kaartbasis()
    west = b.projecteer(3.36, 51.4)  # Zeeland
    east = b.projecteer(7.2, 53.2)  # Groningen
    south = b.projecteer(5.7, 50.76)  # Zuid-Limburg
    assert west[0] < east[0] and east[1] < south[1]
    assert b.hoogte > b.breedte  # with cos(52°) the country is taller than wide
    assert locatiekaart(None, 5.0, "x") == ""
