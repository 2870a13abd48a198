"""The route pages of leerlingenvervoer: vehicles, plannings with progress, routes and map, and the driver's
route sheet (PDF) with only what the driver must know. Only the gemeente's vervoer role uses them."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.register.models import Gemeente
from passend.vervoer import services
from passend.vervoer.models import Routeplanning, Voertuig
from passend.vervoer.views_routes import ritlijst_html
from tests.factories import RolFactory, UserFactory
from tests.html import Tabel


def tekst(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def context_van(resp) -> dict:
    """The context of the template the PDF was made from (pypdf is not installed to read the PDF itself)."""
    c = resp.context
    return c.flatten() if hasattr(c, "flatten") else c[0].flatten()


def toekennen(v, leerling, **velden):
    a = services.aanvraag_indienen(v.w.consulent, leerling, **velden)
    return services.besluiten(v.w.vervoer, a, toekennen=True, vorm="aangepast", motivering="Aangepast vervoer nodig.")


@pytest.fixture
def gepland(v, django_capture_on_commit_callbacks):
    """Both pupils granted aangepast vervoer and planned (heen); the job runs at once."""
    v.a1 = toekennen(v, v.w.leerling, chauffeur_info="Zit graag voorin, achter de chauffeur", max_rit_minuten=45)
    v.a2 = toekennen(v, v.w.leerling_so, alleen_reizen=False)
    with django_capture_on_commit_callbacks(execute=True):
        v.p = services.planning_starten(v.w.vervoer, seconden=2)
    v.p.refresh_from_db()
    assert v.p.status == Routeplanning.Status.KLAAR, v.p.fout
    return v


# --- Access ------------------------------------------------------------------------------------------------------


def test_alleen_de_vervoersrol_van_de_gemeente(gepland, login, client):
    v = gepland
    route = v.p.resultaat["routes"][0]
    pagina_s = [reverse("vervoer:voertuigen"), reverse("vervoer:voertuig", args=[v.taxi.pk]),
                reverse("vervoer:planningen"), reverse("vervoer:planning", args=[v.p.pk]),
                reverse("vervoer:ritlijst", args=[v.p.pk, route["voertuig"]])]
    for rol in (v.w.school, v.w.consulent, v.w.ouder):
        login(rol)
        for url in pagina_s:
            assert client.get(url).status_code == 403, (rol.rol, url)
    # The vervoer role of another gemeente: its own (empty) lists, but not Zwolle's vehicle, planning or route sheet.
    kampen = Gemeente.objects.create(naam="Kampen", sleutel="kampen")
    ander = RolFactory(rol=Rol.VERVOER, swv=v.w.swv, gemeente=kampen, user=UserFactory(username="vervoer-kampen"))
    login(ander)
    resp = client.get(reverse("vervoer:voertuigen"))
    assert resp.status_code == 200 and "Taxi 1" not in resp.content.decode()
    resp = client.get(reverse("vervoer:planningen"))
    assert resp.status_code == 200 and reverse("vervoer:planning", args=[v.p.pk]) not in resp.content.decode()
    for url in pagina_s[1:2] + pagina_s[3:]:
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("vervoer:voertuig", args=[v.taxi.pk]), {"naam": "Gekaapt"}).status_code == 403
    v.taxi.refresh_from_db()
    assert v.taxi.naam == "Taxi 1"
    # A vehicle that is not in the planning has no route sheet.
    login(v.w.vervoer)
    assert client.get(reverse("vervoer:ritlijst", args=[v.p.pk, 999999])).status_code == 404


# --- Vehicles ----------------------------------------------------------------------------------------------------


def test_voertuig_toevoegen_en_fouten_houden_de_invoer(v, login):
    client = login(v.w.vervoer)
    resp = client.get(reverse("vervoer:voertuigen"))
    rijen = Tabel(resp.content.decode(), "voertuigen")
    assert rijen.rij("Bus 1")[1:] == ["6", "1", "8011", "07:00–09:30", "ja"]

    fout = {"naam": "Rolstoelbus", "zitplaatsen": "0", "rolstoelplaatsen": "2", "depot_pc4": "9999",
            "beschikbaar_van": "07:15", "beschikbaar_tot": "09:45", "actief": "on"}
    resp = client.post(reverse("vervoer:voertuigen"), fout)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Een voertuig heeft 1 tot 60 zitplaatsen." in html
    assert "Vul een bestaande postcode (4 cijfers) in." in html
    assert 'value="Rolstoelbus"' in html and 'value="9999"' in html and 'value="07:15"' in html
    assert not Voertuig.objects.filter(naam="Rolstoelbus").exists()

    resp = client.post(reverse("vervoer:voertuigen"), {**fout, "zitplaatsen": "5", "depot_pc4": "8091"})
    assert resp.status_code == 302
    nieuw = Voertuig.objects.get(naam="Rolstoelbus")
    assert (nieuw.gemeente, nieuw.zitplaatsen, nieuw.rolstoelplaatsen, nieuw.depot_pc4) == (v.zwolle, 5, 2, "8091")
    assert (nieuw.beschikbaar_van, nieuw.beschikbaar_tot, nieuw.actief) == (dt.time(7, 15), dt.time(9, 45), True)
    resp = client.get(reverse("vervoer:voertuigen"))
    assert Tabel(resp.content.decode(), "voertuigen").rij("Rolstoelbus")[1:] == [
        "5", "2", "8091", "07:15–09:45", "ja"]


def test_voertuig_wijzigen_met_tijden(v, login):
    client = login(v.w.vervoer)
    url = reverse("vervoer:voertuig", args=[v.taxi.pk])
    html = client.get(url).content.decode()
    assert 'name="beschikbaar_van" value="07:00"' in html and 'name="beschikbaar_tot" value="09:30"' in html

    gegevens = {"naam": "Taxi 1", "zitplaatsen": "4", "rolstoelplaatsen": "0", "depot_pc4": "8011",
                "beschikbaar_van": "09:00", "beschikbaar_tot": "08:00"}  # actief not ticked
    resp = client.post(url, gegevens)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in html
    assert 'value="09:00"' in html and 'value="08:00"' in html
    v.taxi.refresh_from_db()
    assert v.taxi.actief and v.taxi.beschikbaar_van == dt.time(7, 0)

    resp = client.post(url, {**gegevens, "beschikbaar_van": "06:45", "beschikbaar_tot": "09:15"})
    assert resp.status_code == 302
    v.taxi.refresh_from_db()
    assert (v.taxi.beschikbaar_van, v.taxi.beschikbaar_tot, v.taxi.actief) == (dt.time(6, 45), dt.time(9, 15), False)
    rij = Tabel(client.get(reverse("vervoer:voertuigen")).content.decode(), "voertuigen").rij("Taxi 1")
    assert rij[-2:] == ["06:45–09:15", "nee"]


# --- Plannings ---------------------------------------------------------------------------------------------------


def test_planning_starten_zonder_leerlingen_geeft_een_fout(v, login):
    client = login(v.w.vervoer)
    resp = client.post(reverse("vervoer:planningen"), {"richting": "heen", "seconden": "30"})
    assert resp.status_code == 200
    assert "Er zijn nog geen leerlingen met toegekend aangepast vervoer." in resp.content.decode()
    assert not Routeplanning.objects.exists()
    resp = client.post(reverse("vervoer:planningen"), {"richting": "heen", "seconden": "5000"})
    html = resp.content.decode()
    assert 'value="5000"' in html and not Routeplanning.objects.exists()


def test_planning_starten_en_routes_met_beide_leerlingen(v, login, django_capture_on_commit_callbacks):
    a1 = toekennen(v, v.w.leerling, chauffeur_info="Zit graag voorin")
    toekennen(v, v.w.leerling_so)
    client = login(v.w.vervoer)
    html = client.get(reverse("vervoer:planningen")).content.decode()
    assert re.search(r'kengetal">2</span><span class="kengetal-label">leerlingen met toegekend', html)
    assert re.search(r'kengetal">2</span><span class="kengetal-label">inzetbare voertuigen', html)
    assert 'name="seconden"' in html and 'value="30"' in html

    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("vervoer:planningen"), {"richting": "heen", "seconden": "2"})
    p = Routeplanning.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("vervoer:planning", args=[p.pk])
    assert p.seconden == 2 and p.richting == "heen"

    resp = client.get(resp["Location"])
    html = resp.content.decode()
    assert Routeplanning.objects.get().status == "klaar"
    assert v.w.leerling.naam in html and v.w.leerling_so.naam in html
    assert reverse("vervoer:aanvraag", args=[a1.pk]) in html
    assert "2 van 2</span><span class=\"kengetal-label\">leerlingen ingepland" in html
    # The map: an SVG with a title and description, one line per route, schools as squares, homes as circles.
    svg = re.search(r'<svg[^>]*class="routekaart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    p.refresh_from_db()
    assert svg.count('<g class="route"') == len(p.resultaat["routes"]) >= 1
    assert '<g class="plek school">' in svg and '<g class="plek thuis">' in svg and '<g class="plek depot">' in svg
    # A legend that names the line pattern, not only a colour.
    assert "doorgetrokken lijn" in html
    # Per vehicle: the stops in order with what happens where, and a link to its route sheet.
    route = p.resultaat["routes"][0]
    assert reverse("vervoer:ritlijst", args=[p.pk, route["voertuig"]]) in html
    haltes = Tabel(html, "haltes").rijen[1:]
    assert [r[1] for r in haltes] == [h["tijd"] for h in route["haltes"]]
    ophalen = [r for r in haltes if r[2].startswith("ophalen")]
    assert {r[3] for r in ophalen} == {v.w.leerling.naam, v.w.leerling_so.naam}
    assert all("thuis" in r[2] for r in ophalen)
    assert all("op school" in r[2] for r in haltes if r[2].startswith("afleveren"))

    html = client.get(reverse("vervoer:planningen")).content.decode()
    rij = Tabel(html, "planningen").rijen[1]
    assert rij[1:4] == ["Heen (naar school)", "Klaar", "2 van 2"]


def test_voortgang_tijdens_het_plannen_en_herladen_als_het_klaar_is(v, login):
    p = Routeplanning.objects.create(gemeente=v.zwolle, swv=v.w.swv, seconden=30)
    client = login(v.w.vervoer)
    url = reverse("vervoer:planning", args=[p.pk])
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html and f'hx-get="{url}?voortgang=1"' in html
    assert "in de wachtrij" in html
    resp = client.get(url + "?voortgang=1", HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "in de wachtrij" in resp.content.decode() and "<html" not in resp.content.decode()
    Routeplanning.objects.filter(pk=p.pk).update(status="fout", fout="Geen actieve voertuigen met een bekende "
                                                                      "standplaats.")
    resp = client.get(url + "?voortgang=1", HTTP_HX_REQUEST="true")
    assert resp["HX-Refresh"] == "true"
    html = client.get(url).content.decode()
    assert "De planning is mislukt" in html and "Geen actieve voertuigen met een bekende standplaats." in html
    assert "hx-trigger" not in html


def test_niet_ingepland_met_reden(v, login, django_capture_on_commit_callbacks):
    # 13 km over the road at 40 km/h is 19.5 minutes: a maximum of 10 minutes cannot be met.
    toekennen(v, v.w.leerling)
    te_kort = toekennen(v, v.w.leerling_so, max_rit_minuten=10)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.planning_starten(v.w.vervoer, seconden=2)
    p.refresh_from_db()
    assert p.status == "klaar" and p.resultaat["niet_ingepland"] == [te_kort.pk]
    html = login(v.w.vervoer).get(reverse("vervoer:planning", args=[p.pk])).content.decode()
    rij = Tabel(html, "niet-ingepland").rij(v.w.leerling_so.naam)
    assert "duurt al ongeveer 20 minuten, langer dan de grootste ritduur van 10 minuten" in rij[2]
    assert "1 van 2</span>" in html


# --- Route sheet -------------------------------------------------------------------------------------------------


def test_ritlijst_pdf_met_alleen_wat_de_chauffeur_moet_weten(gepland, login):
    v = gepland
    route = next(r for r in v.p.resultaat["routes"] if any(h["aanvraag"] == v.a1.pk for h in r["haltes"]))
    client = login(v.w.vervoer)
    resp = client.get(reverse("vervoer:ritlijst", args=[v.p.pk, route["voertuig"]]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert "attachment" in resp["Content-Disposition"]
    # The text of the sheet: the HTML the PDF is made from (the same context as the view used).
    t = tekst(ritlijst_html(context_van(resp)))
    leerling = v.w.leerling
    assert f"{leerling.voornaam} A." in t  # first name and the initial of the last name (Aalders)
    assert "Zit graag voorin, achter de chauffeur" in t
    assert "Rit ten hoogste 45 minuten (eigen grens)" in t
    assert f"Vertrek {route['vertrek']} vanaf de standplaats (postcode 8011)" in t
    assert "postcodegebied 8012 Zwolle" in t and "De Linde" in t
    # Nothing else about the pupil: no date of birth, no full last name, no TLV, no decision.
    for verboden in ("3 mei 2016", "03-05-2016", "2016-05-03", "Aalders", "TLV", "toelaatbaarheid", "Aangepast "
                     "vervoer nodig"):
        assert verboden not in t, verboden
    # The download is an export in each pupil's audit trail.
    exports = AuditEvent.objects.filter(actie="export", leerling_id=leerling.pk)
    assert exports.count() == 1 and "Ritlijst" in exports.get().omschrijving


def test_ritlijst_alleen_voor_een_klare_planning(v, login):
    p = Routeplanning.objects.create(gemeente=v.zwolle, swv=v.w.swv)
    resp = login(v.w.vervoer).get(reverse("vervoer:ritlijst", args=[p.pk, v.taxi.pk]))
    assert resp.status_code == 404


def test_rolstoel_en_alleen_reizen_in_de_tabel_en_op_de_ritlijst(v, login):
    # A stored plan (as planning.py writes it), independent of the solver: pupil 2 in a wheelchair, travels alone.
    a1 = toekennen(v, v.w.leerling)
    a2 = toekennen(v, v.w.leerling_so, rolstoel=True, alleen_reizen=True, chauffeur_info="Rolstoel vastzetten")
    p = Routeplanning.objects.create(
        gemeente=v.zwolle, swv=v.w.swv, status="klaar",
        kengetallen={"leerlingen": 2, "ingepland": 1, "voertuigen": 1, "km": 26.0, "langste_rit": 20.0,
                     "gemiddelde_rit": 20.0},
        resultaat={"routes": [{"voertuig": v.bus.pk, "naam": "Bus 1", "vertrek": "07:40", "terug": "08:20",
                               "depot": [52.51, 6.09], "km": 26.0, "haltes": [
                                   {"aanvraag": a2.pk, "soort": "ophaal", "tijd": "07:50", "minuut": 470,
                                    "lat": 52.6, "lon": 6.09},
                                   {"aanvraag": a2.pk, "soort": "aflever", "tijd": "08:10", "minuut": 490,
                                    "lat": 52.51, "lon": 6.09}]}],
                   "rittijden": {str(a2.pk): 20.0}, "niet_ingepland": [a1.pk]})
    client = login(v.w.vervoer)
    html = client.get(reverse("vervoer:planning", args=[p.pk])).content.decode()
    haltes = Tabel(html, "haltes").rijen[1:]
    assert haltes[0][:4] == ["A1", "07:50", "ophalen thuis (8091)", v.w.leerling_so.naam]
    assert haltes[0][-1] == "rolstoel reist alleen"
    assert haltes[1][:3] == ["A2", "08:10", "afleveren op school"] and haltes[1][5] == "20 min"
    assert Tabel(html, "niet-ingepland").rij(v.w.leerling.naam)[2].startswith("Geen voertuig kon de leerling")
    # One route, one line; the school and the home on the map.
    svg = re.search(r'<svg[^>]*class="routekaart".*?</svg>', html, re.S).group(0)
    assert svg.count('<g class="route"') == 1 and ">A1</text>" in svg and "SO De Brug" in svg

    resp = client.get(reverse("vervoer:ritlijst", args=[p.pk, v.bus.pk]))
    assert resp.content.startswith(b"%PDF")
    t = tekst(ritlijst_html(context_van(resp)))
    assert "Rolstoel vastzetten Rolstoel: gebruikt een rolstoelplaats." in t
    assert "Moet alleen reizen" in t and "Rit ten hoogste 60 minuten." in t
    assert "SO De Brug" in t and f"{v.w.leerling.voornaam} {v.w.leerling.achternaam[0]}" not in t
