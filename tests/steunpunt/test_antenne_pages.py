"""The antenna pages: six SWV's with pupils and TLV's. One SWV issued only 2 SBO TLV's: the page shows "<5" for
it, the 2 appears nowhere in its row, and the Excel export holds "<5" too. A named SWV shows its name, an
anonymous one does not; an SWV directeur sees their own SWV named and marked; a school is refused; the
signals export opens in Excel; the directeur chooses named or anonymous."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from passend.accounts.models import Rol
from passend.steunpunt import regels, services
from passend.steunpunt.models import Antennedeelname, Thema
from passend.toewijzing.models import Aanvraag, Tlv
from tests.factories import LeerlingFactory, RolFactory, SamenwerkingsverbandFactory, SchoolFactory
from tests.html import Tabel

pytestmark = pytest.mark.django_db

KLEIN = "Samenwerkingsverband Klein Kwartier"
GENOEMD = "Passend Onderwijs Open Oever"
ANONIEM = "Passend Onderwijs Verborgen Vallei"
TLV_BLAD = "TLV's"


def _tlvs(swv, school, soort: str, categorie: str, aantal: int):
    # In the last completed school year: the antenna never shows a running one.
    vandaag = dt.date(regels.schooljaar_van(timezone.localdate()) - 1, 10, 1)
    for _ in range(aantal):
        leerling = LeerlingFactory(swv=swv)
        n = Tlv.objects.count() + 1
        aanvraag = Aanvraag.objects.create(swv=swv, leerling=leerling, school=school, soort="tlv",
                                           nummer=f"AV-ANT-{n:04d}")
        Tlv.objects.create(swv=swv, leerling=leerling, aanvraag=aanvraag, nummer=f"TLV-ANT-{n:04d}", soort=soort,
                           categorie=categorie, begindatum=vandaag, einddatum=vandaag.replace(year=vandaag.year + 1),
                           afgegeven_op=vandaag, aanvragende_school=school)


@pytest.fixture
def swvs():
    """Six SWV's of 400 pupils each: 'klein' (named) with 2 SBO TLV's, 'genoemd' (named), 'anoniem' and three
    more anonymous ones, each with enough TLV's to be shown."""
    # (SBO, SO laag) per SWV. Secondary suppression hides the smallest other cell of a line with one hidden
    # cell: here the anonymous SWV's, so the named one stays readable.
    aantallen = {KLEIN: (2, 0), ANONIEM: (7, 6), "Passend Onderwijs Derde Dal": (9, 8),
                 "Passend Onderwijs Vierde Veld": (10, 9), "Passend Onderwijs Vijfde Vlakte": (11, 10),
                 GENOEMD: (12, 11)}
    uit = {}
    for naam, (sbo, so) in aantallen.items():
        swv = SamenwerkingsverbandFactory(naam=naam)
        school = SchoolFactory(regio_swv_po=swv, leerlingen=400)
        _tlvs(swv, school, "sbo", "", sbo)
        _tlvs(swv, school, "so", "laag", so)
        uit[naam] = swv
    for naam in (KLEIN, GENOEMD):
        Antennedeelname.objects.create(swv=uit[naam], naam_tonen=True)
    return uit


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


def _label(swv, eigen=False) -> str:
    return f"{swv.code_leesbaar} {swv.naam}" + (" (uw SWV)" if eigen else "")


def test_een_klein_aantal_staat_er_als_minder_dan_5_en_nergens_als_getal(login, swvs, steunpunt):
    r = login(steunpunt).get(reverse("steunpunt:antenne"))
    assert r.status_code == 200
    html = r.content.decode()
    assert '<abbr title="minder dan 5 leerlingen: niet getoond">&lt;5</abbr>' in html
    t = Tabel(html, "antenne-tlv")
    kop = t.rijen[0]
    assert kop[:3] == ["Samenwerkingsverband", "Leerlingen in de regio", "SBO"]
    rij = t.rij(_label(swvs[KLEIN]))
    assert rij[kop.index("SBO")] == "<5"
    assert rij[kop.index("Totaal")] == "<5"
    assert "2" not in [woord for cel in rij[1:] for woord in cel.split()]
    # A shown count carries its rate per 1,000 pupils: 12 SBO TLV's of 400 pupils is 30 per 1.000.
    genoemd = t.rij(_label(swvs[GENOEMD]))
    assert genoemd[1] == "400"
    assert genoemd[kop.index("SBO")] == "12 (30 per 1.000)"
    assert genoemd[kop.index("Totaal")] == "23 (57,5 per 1.000)"
    assert genoemd[kop.index("Kengetal (per 1.000)")] == "57,5"
    # The national total and the median row are there.
    # Four SWV's are anonymous: the national total would let their pupil counts be worked out, so it is withheld.
    assert t.rij("Alle SWV's op het platform")[1] == "·"
    assert t.rij("Landelijke mediaan")
    # The explanation of the suppression is on the page.
    assert "Kleine aantallen zijn verborgen." in html


def test_de_excel_export_heeft_minder_dan_5_en_nooit_het_ruwe_aantal(login, swvs, steunpunt):
    r = login(steunpunt).get(reverse("steunpunt:antenne_export"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb[TLV_BLAD]
    rijen = [[c.value for c in rij] for rij in ws.iter_rows()]
    kop = rijen[0]
    rij = next(r for r in rijen if r[0] == _label(swvs[KLEIN]))
    assert rij[kop.index("SBO")] == "<5"
    assert rij[kop.index("Totaal")] == "<5"
    assert 2 not in rij and "2" not in rij
    # Nowhere in the indicator sheets is a count below 5 written as a number (the count columns: not the pupils
    # of the region, the rates per 1,000, the headline value or the median).
    for naam in ("TLV's", "Doorlooptijden", "Zorgplicht", "OPP's", "Thuiszitters"):
        blad = wb[naam]
        koppen = [c.value for c in blad[1]]
        tellingen = [i for i, k in enumerate(koppen)
                     if i >= 2 and not any(w in k for w in ("per 1.000", "Kengetal", "Mediaan"))]
        for cellen in blad.iter_rows(min_row=2, values_only=True):
            for i in tellingen:
                assert not (isinstance(cellen[i], int | float) and cellen[i] < 5), (naam, koppen[i], cellen)


def test_met_naam_of_anoniem(login, swvs, steunpunt):
    html = login(steunpunt).get(reverse("steunpunt:antenne")).content.decode()
    assert _label(swvs[GENOEMD]) in html
    assert ANONIEM not in html
    assert swvs[ANONIEM].code_leesbaar not in html
    labels = [r[0] for r in Tabel(html, "antenne-tlv").rijen[1:]]
    assert sum(1 for label in labels if label.startswith("SWV ")) == 4


def test_een_swv_directeur_ziet_de_eigen_naam_gemarkeerd(login, swvs):
    directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swvs[ANONIEM])
    r = login(directeur).get(reverse("steunpunt:antenne"))
    assert r.status_code == 200
    html = r.content.decode()
    eigen = _label(swvs[ANONIEM], eigen=True)
    assert eigen in html
    assert f'<tr class="eigen">\n        <th scope="row"><strong>{eigen}</strong>' in html
    assert "Uw eigen rij is gemarkeerd." in html
    # The signals are the Steunpunt's.
    assert login(directeur).get(reverse("steunpunt:signalen")).status_code == 403


def test_een_school_krijgt_geen_antenne(login, swvs):
    swv = swvs[GENOEMD]
    school = RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[SchoolFactory(regio_swv_po=swv)])
    client = login(school)
    for naam in ("steunpunt:antenne", "steunpunt:antenne_export", "steunpunt:signalen", "steunpunt:signalen_export",
                 "steunpunt:antenne_instelling"):
        assert client.get(reverse(naam)).status_code == 403, naam


def test_trend_en_verdeelmodellen_staan_erbij(login, swvs, steunpunt):
    html = login(steunpunt).get(reverse("steunpunt:antenne"), {"indicator": "tlv"}).content.decode()
    trend = Tabel(html, "antenne-trend")
    assert len(trend.rijen[0]) == 1 + 4  # the SWV and four school years
    assert trend.rij("Landelijke mediaan")
    assert 'id="antenne-trend-titel"' in html and 'id="antenne-verdeel-titel"' in html
    verdeel = Tabel(html, "antenne-verdeelmodellen")
    assert verdeel.rij(_label(swvs[GENOEMD]))[1] == "Hybride model"


def test_de_signalen_als_excel(login, swvs, steunpunt):
    vrager = RolFactory(rol=Rol.SCHOOL, swv=swvs[GENOEMD])
    thema = Thema.objects.get(slug="thuiszitters")
    for n in range(3):
        services.vraag_stellen(vrager, onderwerp=f"Vraag {n} over thuiszitters", tekst="Hoe werkt het?",
                               thema=thema)
    client = login(steunpunt)
    html = client.get(reverse("steunpunt:signalen")).content.decode()
    assert Tabel(html, "antenne-signalen").rij("Helpdeskthema")[1] == thema.naam
    r = client.get(reverse("steunpunt:signalen_export"))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content))["Signalen"]
    rijen = [[c.value for c in rij] for rij in ws.iter_rows()]
    assert rijen[0] == ["Soort", "Onderwerp", "Wie", "Toelichting"]
    assert ["Helpdeskthema", thema.naam, "Helpdesk"] in [r_[:3] for r_ in rijen]


def test_de_directeur_kiest_met_naam_een_medewerker_leest_het(login, swvs):
    swv = swvs[ANONIEM]
    medewerker = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv)
    html = login(medewerker).get(reverse("steunpunt:antenne_instelling")).content.decode()
    assert "Anoniem" in html and "De directeur of de beheerder van uw samenwerkingsverband kan dit wijzigen." in html
    assert login(medewerker).post(reverse("steunpunt:antenne_instelling"), {"naam_tonen": "ja"}).status_code == 403

    directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv)
    r = login(directeur).post(reverse("steunpunt:antenne_instelling"), {"naam_tonen": "ja"}, follow=True)
    assert "Opgeslagen: uw samenwerkingsverband staat met naam" in r.content.decode()
    assert Antennedeelname.objects.get(swv=swv).naam_tonen is True
    steunpunt = RolFactory(rol=Rol.STEUNPUNT, swv=None)
    assert _label(swv) in login(steunpunt).get(reverse("steunpunt:antenne")).content.decode()


def test_zonder_swvs_op_het_platform_opent_de_pagina_met_lege_tabellen(login, steunpunt):
    client = login(steunpunt)
    r = client.get(reverse("steunpunt:antenne"), {"jaar": "1999", "indicator": "bestaat-niet"})
    assert r.status_code == 200
    html = r.content.decode()
    nu = timezone.localdate()
    jaar = (nu.year if nu.month >= 8 else nu.year - 1) - 1
    assert f"schooljaar {jaar}-{jaar + 1}" in html  # an unknown year falls back to the last completed one
    assert "Er zijn nog geen samenwerkingsverbanden met leerlingen op Passend." in html
    assert client.get(reverse("steunpunt:antenne_export")).status_code == 200
    assert "Er zijn nu geen signalen." in client.get(reverse("steunpunt:signalen")).content.decode()
