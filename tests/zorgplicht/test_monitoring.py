"""Monitoring of leerlingzorg (zorgplicht and OPP): the figures over known small data walked through the services
on their own dates, the page with its charts and tables, the Excel export, and who may see it."""

import datetime as dt
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.opp import monitoring as opp_monitoring
from passend.opp import services as opp
from passend.register.models import Soort as SchoolSoort
from passend.toewijzing.monitoring import eigen_periode, schooljaar_periode
from passend.zorgplicht import monitoring, services
from tests.factories import InschrijvingFactory, OuderFactory, OuderKindFactory, RolFactory, UserFactory

D = dt.date
JAAR_2025 = eigen_periode(D(2025, 1, 1), D(2025, 12, 31))
SVG = "{http://www.w3.org/2000/svg}"
INHOUD = {
    "uitstroombestemming": "vmbo_kb", "onderbouwing": "Leert goed in een kleine groep.",
    "belemmerende_factoren": "Snel afgeleid.", "bevorderende_factoren": "Gemotiveerd.",
    "ondersteuning": "Begeleiding in een kleine groep.", "doelen": "Niveau M6 rekenen.",
    "zienswijze_leerling": "Wil meer rust.",
}


@pytest.fixture
def op(monkeypatch):
    """`op(dag)`: let the zorgplicht and OPP services act on `dag`."""

    def _op(dag):
        monkeypatch.setattr(services, "vandaag", lambda: dag)
        monkeypatch.setattr(opp, "vandaag", lambda: dag)

    yield _op
    monkeypatch.undo()


@pytest.fixture
def zorgplicht(w, op):
    """Aanmeldingen of one SWV in and around 2025:

    Z8 De Linde  received 01-11-2024, admitted without support 10-01-2025 (70 days: within 10 weeks, not extended)
    Z1 De Linde  received 06-01-2025, admitted with support    03-02-2025 (28 days)
    Z2 De Linde  received 03-03-2025, extended 01-04, admitted without support 05-05-2025 (63 days, within term)
    Z3 De Linde  received 01-05-2025, refused (grondslag)      01-08-2025 (92 days)
    Z4 De Linde  received 01-09-2025, proposed at De Eik 15-09, confirmed by De Eik 20-09-2025 (19 days)
    Z7 De Linde  received 01-10-2025, withdrawn 10-10-2025
    Z5 De Eik    received 03-11-2025, open (on 31-12-2025: 58 days, past the term)
    Z6 De Linde  received 15-12-2025, open (16 days, term running)
    """

    def nieuw(ontvangen, rol=None, school=None):
        op(ontvangen)
        return services.aanmelding_registreren(
            rol or w.school, school=school or w.school_a, ontvangen_op=ontvangen,
            nieuwe_leerling={"voornaam": "Kind", "achternaam": f"Z{ontvangen:%m%d}", "geboortedatum": D(2020, 1, 1)})

    z = {}
    z["Z8"] = nieuw(D(2024, 11, 1))
    op(D(2025, 1, 10))
    services.toelaten(w.school, z["Z8"], met_extra_ondersteuning=False)
    z["Z1"] = nieuw(D(2025, 1, 6))
    op(D(2025, 2, 3))
    services.toelaten(w.school, z["Z1"], met_extra_ondersteuning=True)
    z["Z2"] = nieuw(D(2025, 3, 3))
    op(D(2025, 4, 1))
    services.verlengen(w.school, z["Z2"], reden="Onderzoek loopt nog.")
    op(D(2025, 5, 5))
    services.toelaten(w.school, z["Z2"], met_extra_ondersteuning=False)
    z["Z3"] = nieuw(D(2025, 5, 1))
    op(D(2025, 8, 1))
    services.weigeren(w.school, z["Z3"], grond="grondslag", motivering="Ouders respecteren de grondslag niet.")
    z["Z4"] = nieuw(D(2025, 9, 1))
    op(D(2025, 9, 15))
    services.elders_voorstellen(w.school, z["Z4"], andere_school=w.school_b, motivering="De Eik heeft een taalklas.")
    op(D(2025, 9, 20))
    services.elders_bevestigen(w.andere_school, z["Z4"], akkoord=True)
    z["Z7"] = nieuw(D(2025, 10, 1))
    op(D(2025, 10, 10))
    services.intrekken(w.school, z["Z7"], reden="Ouders kozen een andere school.")
    z["Z5"] = nieuw(D(2025, 11, 3), rol=w.andere_school, school=w.school_b)
    z["Z6"] = nieuw(D(2025, 12, 15))
    return z


@pytest.fixture
def opps(w, op):
    """OPP's of one SWV in 2025 (reference date 31-12-2025):

    O1 w.leerling     De Linde (BAO)  from 06-01-2025, set 10-02-2025 (on time), evaluated 01-10-2025; parent consents
    O2 w.leerling_b   De Eik (BAO)    from 03-03-2025, set 01-05-2025 (late), not evaluated; one parent withholds
                                      consent, the other (also with gezag) has not reacted
    O3 w.leerling_so  SO De Brug (SO) from 01-10-2025, not set (term passed 12-11-2025)
    O4 new pupil      SO De Brug (SO) from 15-12-2025, not set (term runs to 26-01-2026)
    O5 new pupil      De Linde (BAO)  from 02-09-2024, set 20-09-2024, ended 30-06-2025
    """

    def maak(rol, leerling, school, begin, vastgesteld=None, beeindigd=None):
        op(begin)
        o = opp.opp_aanmaken(rol, leerling=leerling, school=school, aanleiding="inschrijving", aanleiding_datum=begin)
        if vastgesteld:
            op(vastgesteld)
            v = opp.versie_bijwerken(rol, o.versies.get(), **INHOUD, oogo_op=vastgesteld)
            v = opp.vaststellen(rol, v)
            o.huidige = v
        if beeindigd:
            op(beeindigd)
            opp.opp_beeindigen(rol, o, datum=beeindigd)
        return o

    o = {}
    o["O1"] = maak(w.school, w.leerling, w.school_a, D(2025, 1, 6), D(2025, 2, 10))
    op(D(2025, 10, 1))
    opp.evaluatie_toevoegen(w.school, o["O1"], datum=D(2025, 10, 1), verslag="Doelen gehaald, zo doorgaan.")
    opp.instemming_geven(w.ouder, o["O1"].huidige, besluit="instemming")
    o["O2"] = maak(w.andere_school, w.leerling_b, w.school_b, D(2025, 3, 3), D(2025, 5, 1))
    ouders_b = []
    for naam in ("moeder-b", "vader-b"):
        rol = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username=naam))
        OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=rol.user), leerling=w.leerling_b, heeft_gezag=True)
        ouders_b.append(rol)
    opp.instemming_geven(ouders_b[0], o["O2"].huidige, besluit="geen_instemming", toelichting="Te weinig uren.")
    o["O3"] = maak(w.school_so, w.leerling_so, w.so_school, D(2025, 10, 1))
    nieuw = InschrijvingFactory(school=w.so_school, leerling__swv=w.swv).leerling
    o["O4"] = maak(w.school_so, nieuw, w.so_school, D(2025, 12, 15))
    oud = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv).leerling
    o["O5"] = maak(w.school, oud, w.school_a, D(2024, 9, 2), D(2024, 9, 20), beeindigd=D(2025, 6, 30))
    return o


# --------------------------------------------------------------------------------------------------------
# Zorgplicht figures
# --------------------------------------------------------------------------------------------------------

def test_zorgplicht_received_open_decided_and_speed(w, zorgplicht):
    o = monitoring.overzicht(w.swv, JAAR_2025)
    t = o.totaal
    assert o.peildatum == D(2025, 12, 31)
    assert t.ontvangen == 7  # not Z8, received in 2024
    assert (t.open, t.termijn_voorbij) == (2, 1)
    assert t.termijn_status == {"verlopen": 1, "op_tijd": 1}
    assert t.besloten == 5  # Z8, Z1, Z2, Z3, Z4; the withdrawal Z7 is no decision
    assert t.snelheid == {"binnen_6": 2, "binnen_10": 2, "later": 1}
    assert t.binnen_termijn == 3  # Z1, Z2 (extended), Z4
    assert t.aandeel_binnen_6 == pytest.approx(0.4) and t.aandeel_binnen_termijn == pytest.approx(0.6)
    assert t.uitkomsten == {"toegelaten_met": 1, "toegelaten_zonder": 2, "elders_geplaatst": 1,
                            "geweigerd_grondslag": 1, "ingetrokken": 1}


def test_zorgplicht_per_school(w, zorgplicht):
    per_school = {s.naam: s for s in monitoring.overzicht(w.swv, JAAR_2025).per_school}
    assert set(per_school) == {"De Linde", "De Eik"}
    linde, eik = per_school["De Linde"], per_school["De Eik"]
    assert (linde.soort, linde.ontvangen, linde.open, linde.besloten) == ("Basisonderwijs", 6, 1, 5)
    assert linde.uitkomsten["elders_geplaatst"] == 1  # the placement counts at the school of aanmelding
    assert (eik.ontvangen, eik.open, eik.termijn_voorbij, eik.besloten) == (1, 1, 1, 0)


def test_zorgplicht_open_on_a_past_reference_date(w, zorgplicht):
    """On 31-07-2025 (end of school year 2024-2025) only Z3 was open: 91 days, past 10 weeks."""
    o = monitoring.overzicht(w.swv, schooljaar_periode(2024))
    assert o.peildatum == D(2025, 7, 31)
    assert (o.totaal.open, o.totaal.termijn_status) == (1, {"tijdelijke_plaatsing": 1})
    assert o.totaal.ontvangen == 4  # Z8, Z1, Z2, Z3
    assert o.totaal.besloten == 3  # Z8, Z1, Z2: Z3 was decided in August


def test_zorgplicht_speed_rule():
    assert monitoring.snelheid(D(2025, 1, 1), D(2025, 2, 12)) == "binnen_6"
    assert monitoring.snelheid(D(2025, 1, 1), D(2025, 2, 13)) == "binnen_10"
    assert monitoring.snelheid(D(2025, 1, 1), D(2025, 3, 12)) == "binnen_10"
    assert monitoring.snelheid(D(2025, 1, 1), D(2025, 3, 13)) == "later"


# --------------------------------------------------------------------------------------------------------
# OPP figures
# --------------------------------------------------------------------------------------------------------

def test_opp_pupils_per_school_and_type(w, opps):
    o = opp_monitoring.overzicht(w.swv, JAAR_2025)
    assert (o.totaal.met_opp, o.totaal.met_vastgesteld_opp) == (4, 2)  # not O5, ended in June
    assert [(t.naam, t.met_opp, t.met_vastgesteld_opp) for t in o.per_soort] == [
        ("Basisonderwijs", 2, 2), ("Speciaal onderwijs", 2, 0)]
    assert [(t.naam, t.soort, t.met_opp) for t in o.per_school] == [
        ("De Eik", "Basisonderwijs", 1), ("De Linde", "Basisonderwijs", 1), ("SO De Brug", "Speciaal onderwijs", 2)]
    assert SchoolSoort.SO.label == "Speciaal onderwijs"


def test_opp_set_on_time_evaluated_and_states(w, opps):
    o = opp_monitoring.overzicht(w.swv, JAAR_2025)
    # Terms ending in 2025: O1 (on time), O2 (late), O3 (not set, passed); O4 ends in 2026, O5 in 2024.
    assert o.op_tijd == {"op_tijd": 1, "te_laat": 1, "niet_vastgesteld": 1}
    assert o.aandeel_op_tijd == pytest.approx(1 / 3)
    assert (o.lopend_vastgesteld, o.geevalueerd, o.schooljaar_label) == (2, 1, "2025-2026")
    assert o.aandeel_geevalueerd == pytest.approx(0.5)
    assert o.standen == {"op_orde": 1, "evaluatie_te_laat": 1, "te_laat": 1, "vaststellen": 1}


def test_opp_consent_on_current_versions(w, opps, op):
    o = opp_monitoring.overzicht(w.swv, JAAR_2025)
    assert o.instemming == {"instemming": 1, "geen_instemming": 1, "geen_reactie": 1}
    assert o.instemming_per_opp == {"alle": 1, "niet": 1}
    # A new set version of O1 needs new consent: the parent's earlier consent is on the old version.
    op(D(2025, 12, 2))
    v2 = opp.nieuwe_versie(w.school, opps["O1"])
    opp.versie_bijwerken(w.school, v2, oogo_op=D(2025, 12, 1))
    opp.vaststellen(w.school, v2)
    o = opp_monitoring.overzicht(w.swv, JAAR_2025)
    assert o.instemming == {"geen_instemming": 1, "geen_reactie": 2}
    assert o.instemming_per_opp == {"niet": 1, "open": 1}
    # Earlier in the year the old version was still the current one.
    eerder = opp_monitoring.overzicht(w.swv, JAAR_2025, peildatum=D(2025, 11, 30))
    assert eerder.instemming["instemming"] == 1


def test_other_swv_counts_nothing(w, zorgplicht, opps):
    assert monitoring.overzicht(w.ander_swv, JAAR_2025).totaal.ontvangen == 0
    leeg = opp_monitoring.overzicht(w.ander_swv, JAAR_2025)
    assert leeg.totaal.met_opp == 0 and leeg.aandeel_op_tijd is None and leeg.aandeel_geevalueerd is None


# --------------------------------------------------------------------------------------------------------
# Page and export
# --------------------------------------------------------------------------------------------------------

def _starts(tekst, deel):
    i = tekst.find(deel)
    while i != -1:
        yield i
        i = tekst.find(deel, i + 1)


def test_page_shows_key_figures_charts_and_tables(w, zorgplicht, opps, login):
    assert reverse("leerlingzorg_monitoring:overzicht") == "/monitoring/leerlingzorg/"
    response = login(w.consulent).get("/monitoring/leerlingzorg/", {"van": "2025-01-01", "tot": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "01-01-2025 t/m 31-12-2025" in html
    assert '<span class="kengetal">7</span><span class="kengetal-label">aanmeldingen ontvangen' in html
    assert "besloten binnen 6 weken (2 van 5)" in html and "40%" in html
    assert "besloten binnen de geldende termijn (3 van 5)" in html and "60%" in html
    assert "op tijd vastgesteld (1 van 3)" in html and "33%" in html
    assert "geëvalueerd in schooljaar 2025-2026 (1 van 2)" in html
    assert "ouders stemden in (1 niet, 1 nog geen reactie)" in html
    svgs = [ET.fromstring(html[b:html.index("</svg>", b) + 6]) for b in _starts(html, "<svg")]
    assert len(svgs) == 6
    for svg in svgs:
        assert svg.get("role") == "img"
        titel, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert titel.text and desc.text and svg.get("aria-labelledby") == f"{titel.get('id')} {desc.get('id')}"
    assert html.count('class="datatabel"') == 6
    assert "<caption>Uitkomsten van aanmeldingen: de cijfers</caption>" in html
    assert "<caption>Zorgplicht per school</caption>" in html and "<caption>Leerlingen met een OPP op 31-12-2025 per school</caption>" in html
    assert '<th scope="row">SO De Brug</th>' in html


def test_page_without_any_data_renders(w, login):
    response = login(w.directeur).get("/monitoring/leerlingzorg/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "laatste 12 maanden" in html and 'role="img"' in html
    assert "Geen gegevens in deze periode" in html


def test_export_is_a_workbook_with_a_sheet_per_table_and_is_audited(w, zorgplicht, opps, login):
    response = login(w.consulent).get("/monitoring/leerlingzorg/export/", {"van": "2025-01-01", "tot": "2025-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="monitoring-leerlingzorg-20250101-20251231.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Zorgplicht kengetallen", "Open aanmeldingen", "Uitkomsten", "Zorgplicht per school",
                             "OPP kengetallen", "OPP per soort school", "OPP per school", "OPP op tijd vastgesteld",
                             "OPP stand", "Instemming", "Instemming per OPP", "Toelichting"]
    kengetallen = {r[0].value: r[1] for r in wb["Zorgplicht kengetallen"].iter_rows(min_row=2)}
    assert kengetallen["Aanmeldingen ontvangen"].value == 7
    assert kengetallen["Aandeel besloten binnen 6 weken"].value == pytest.approx(0.4)
    assert kengetallen["Aandeel besloten binnen 6 weken"].number_format == "0%"
    scholen = list(wb["Zorgplicht per school"].iter_rows(values_only=True))
    assert scholen[0][:6] == ("School", "Soort", "Ontvangen", "Open op 31-12-2025", "Termijn voorbij", "Besluiten")
    assert scholen[1][:6] == ("De Eik", "Basisonderwijs", 1, 1, 1, 0)
    opp_kengetallen = {r[0].value: r[1].value for r in wb["OPP kengetallen"].iter_rows(min_row=2)}
    assert opp_kengetallen["Leerlingen met een OPP op 31-12-2025"] == 4
    assert opp_kengetallen["Aandeel op tijd vastgesteld"] == pytest.approx(1 / 3)
    assert list(wb["Instemming"].iter_rows(min_row=2, values_only=True)) == [
        ("Ingestemd", 1), ("Niet ingestemd", 1), ("Nog geen reactie", 1), ("Totaal", 3)]
    event = AuditEvent.objects.get(actie="export", user_id=w.consulent.user_id)
    assert event.swv_id == w.swv.pk and "Monitoring leerlingzorg" in event.omschrijving


@pytest.mark.parametrize("rol", ["school", "ouder", "deskundige1", "bestuur", "leerplicht", "beheerder"])
def test_only_swv_staff_see_monitoring(w, login, rol):
    client = login(getattr(w, rol))
    assert client.get("/monitoring/leerlingzorg/").status_code == 403
    assert client.get("/monitoring/leerlingzorg/export/").status_code == 403
    assert not AuditEvent.objects.filter(actie="export").exists()


def test_monitoring_requires_login(client, db):
    response = client.get("/monitoring/leerlingzorg/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
