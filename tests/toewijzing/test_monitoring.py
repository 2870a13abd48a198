"""Monitoring of toewijzing: the figures over known small data, the page with its charts and tables, the Excel
export, and who may see it."""

import datetime as dt
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.toewijzing import monitoring, services
from passend.toewijzing.models import Soort, Status, Toewijzingsinstellingen

D = dt.date
JAAR_2025 = monitoring.eigen_periode(D(2025, 1, 1), D(2025, 12, 31))
SVG = "{http://www.w3.org/2000/svg}"


def _op(monkeypatch, dag):
    """Let the services act on `dag` (what they record as submitted, decided and issued)."""
    monkeypatch.setattr(services, "vandaag", lambda: dag)


@pytest.fixture
def data(w, monkeypatch):
    """Requests of one SWV in and around 2025, each walked through the services on its own dates:

    A1 TLV SO laag   submitted 03-02-2025, granted  03-03-2025 (28 days)
    A2 TLV           submitted 01-04-2025, refused  10-06-2025 (70 days, beyond 8 weeks)
    A3 TLV SBO       submitted 01-05-2025, granted  05-06-2025 (35 days)
    A4 arrangement   submitted 01-09-2025, granted  11-09-2025 (10 days)
    A5 TLV           submitted 01-10-2025, still in behandeling
    A6 TLV           submitted 03-11-2025, withdrawn
    A7 TLV           concept, never submitted
    A8 TLV SO laag   submitted 01-12-2024 (before the period), granted 20-01-2025 (50 days)
    """

    def pad(soort=Soort.TLV, ingediend=None, besloten=None, **velden):
        besluit = {k: velden.pop(k) for k in ("uitkomst",) if k in velden}
        _op(monkeypatch, ingediend or D(2025, 1, 2))
        a = w.aanvraag(soort, **velden)
        if ingediend:
            a = w.naar(a, Status.INGEDIEND)
        if besloten:
            _op(monkeypatch, besloten)
            a = w.naar(a, Status.BESLOTEN, **besluit)
        return a

    uit = {
        "A8": pad(ingediend=D(2024, 12, 1), besloten=D(2025, 1, 20)),
        "A1": pad(ingediend=D(2025, 2, 3), besloten=D(2025, 3, 3)),
        "A2": pad(ingediend=D(2025, 4, 1), besloten=D(2025, 6, 10), uitkomst="afgewezen"),
        "A3": pad(ingediend=D(2025, 5, 1), besloten=D(2025, 6, 5), tlv_soort="sbo", categorie=""),
        "A4": pad(Soort.ARRANGEMENT, ingediend=D(2025, 9, 1), besloten=D(2025, 9, 11)),
        "A5": pad(ingediend=D(2025, 10, 1)),
        "A6": pad(ingediend=D(2025, 11, 3)),
        "A7": pad(),
    }
    _op(monkeypatch, D(2025, 10, 2))
    services.consulent_toewijzen(w.consulent, uit["A5"], w.consulent.user)
    services.transitie(w.consulent, uit["A5"], "in_behandeling_nemen")
    _op(monkeypatch, D(2025, 11, 4))
    services.transitie(w.school, uit["A6"], "intrekken", toelichting="De leerling verhuist.")
    monkeypatch.undo()
    return uit


# --------------------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------------------

def test_counts_per_soort_status_and_outcome(w, data):
    per = monitoring.aanvragen_per_soort_en_status(w.swv, JAAR_2025)
    assert sum(per[Soort.TLV].values()) == 5  # A1, A2, A3, A5, A6: not A8 (earlier), not A7 (concept)
    assert per[Soort.TLV][Status.BESLOTEN] == 3 and per[Soort.TLV][Status.IN_BEHANDELING] == 1
    assert per[Soort.TLV][Status.INGETROKKEN] == 1 and per[Soort.TLV][Status.CONCEPT] == 0
    assert sum(per[Soort.ARRANGEMENT].values()) == 1 and sum(per[Soort.ADVIES].values()) == 0
    uitkomsten = monitoring.uitkomsten_per_soort(w.swv, JAAR_2025)
    assert uitkomsten[Soort.TLV] == {"toegekend": 2, "afgewezen": 1, "ingetrokken": 1, "buiten_behandeling": 0, "lopend": 1}
    assert uitkomsten[Soort.ARRANGEMENT] == {"toegekend": 1, "afgewezen": 0, "ingetrokken": 0, "buiten_behandeling": 0, "lopend": 0}


def test_lead_times_median_mean_p90_and_share_within_term(w, data):
    tijden = monitoring.doorlooptijden(w.swv, JAAR_2025)
    tlv = tijden[Soort.TLV]
    assert tlv.dagen == (28, 35, 50, 70)  # decided in 2025, A8 included
    assert tlv.mediaan == 42.5 and tlv.gemiddelde == 45.8 and tlv.p90 == 70
    assert (tlv.binnen_termijn, tlv.aantal, tlv.aandeel_binnen_termijn) == (3, 4, 0.75)
    assert (tlv.toegekend, tlv.afgewezen) == (3, 1)
    assert tijden[Soort.ARRANGEMENT].dagen == (10,) and tijden[Soort.ARRANGEMENT].aandeel_binnen_termijn == 1
    alles = tijden[""]
    assert alles.mediaan == 35 and alles.aandeel_binnen_termijn == 0.8
    leeg = tijden[Soort.ADVIES]
    assert (leeg.aantal, leeg.mediaan, leeg.p90, leeg.aandeel_binnen_termijn) == (0, None, None, None)


def test_share_within_term_follows_the_swv_setting(w, data):
    Toewijzingsinstellingen.objects.create(swv=w.swv, besluittermijn_weken=5)
    tlv = monitoring.doorlooptijden(w.swv, JAAR_2025)[Soort.TLV]
    assert tlv.binnen_termijn == 2  # 28 and 35 days; 50 is now too late
    assert monitoring.overzicht(w.swv, JAAR_2025).termijn_dagen == 35


def _aanvulling(w, monkeypatch, a, gevraagd, aangevuld, uiterlijk=None):
    """Send `a` back for completion on `gevraagd` (to complete by `uiterlijk`, default the SWV's 2 weeks) and submit
    it again on `aangevuld` (the timeline records the moment of each step: set to those days, as set-up)."""
    from passend.toewijzing.models import Gebeurtenis

    vragen = {"toelichting": "Graag het OPP.", "aanvullen_uiterlijk": uiterlijk}
    for dag, rol, stap, extra in ((gevraagd, w.consulent, "aanvulling_vragen", vragen),
                                  (aangevuld, w.school, "opnieuw_indienen", {})):
        _op(monkeypatch, dag)
        a = services.transitie(rol, a, stap, **extra)
        Gebeurtenis.objects.filter(aanvraag=a, transitie=stap).update(
            tijdstip=dt.datetime.combine(dag, dt.time(12), dt.UTC))
    return a


def test_days_waiting_for_completion_do_not_count_against_the_term(w, monkeypatch):
    """Awb 4:15: decided after 70 calendar days, but 20 of them the SWV waited for the school: within 8 weeks."""
    _op(monkeypatch, D(2025, 3, 3))
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    # To complete by 7 April; completed on 31 March: 11..30 March, 20 days suspended.
    a = _aanvulling(w, monkeypatch, a, D(2025, 3, 10), D(2025, 3, 31), uiterlijk=D(2025, 4, 7))
    _op(monkeypatch, D(2025, 5, 12))  # 70 days after submission; deadline 28-04 + 20 days = 18-05
    w.naar(a, Status.BESLOTEN)
    _op(monkeypatch, D(2025, 3, 3))
    b = w.naar(w.aanvraag(leerling=w.leerling), Status.INGEDIEND)  # same 70 days, never sent back: too late
    _op(monkeypatch, D(2025, 5, 12))
    w.naar(b, Status.BESLOTEN)
    monkeypatch.undo()
    tlv = monitoring.doorlooptijden(w.swv, JAAR_2025)[Soort.TLV]
    assert tlv.dagen == (70, 70)  # the lead time stays in calendar days
    assert tlv.binnen_termijn == 1 and tlv.aandeel_binnen_termijn == 0.5


def test_the_suspension_ends_with_the_completion_term(w, monkeypatch):
    """Awb 4:15 lid 1 onder a: suspended until completion, but at most until the completion term set (here the
    SWV's default of 2 weeks, to 24 March): completed on 31 March, only 11..23 March (13 days) count as suspended,
    so the deadline is 28-04 + 13 days = 11-05. Decided on 11 May: in time; on 12 May: late."""
    besloten = {}
    for besluitdag in (D(2025, 5, 11), D(2025, 5, 12)):
        _op(monkeypatch, D(2025, 3, 3))
        a = w.naar(w.aanvraag(leerling=w.leerling), Status.INGEDIEND)
        a = _aanvulling(w, monkeypatch, a, D(2025, 3, 10), D(2025, 3, 31))
        _op(monkeypatch, besluitdag)
        besloten[besluitdag] = w.naar(a, Status.BESLOTEN)
    monkeypatch.undo()
    tlv = monitoring.doorlooptijden(w.swv, JAAR_2025)[Soort.TLV]
    assert tlv.dagen == (69, 70)
    assert tlv.binnen_termijn == 1


def test_a_tlv_revised_on_objection_counts_once(w, monkeypatch):
    _op(monkeypatch, D(2025, 2, 3))
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    _op(monkeypatch, D(2025, 3, 3))
    a = w.naar(a, Status.BESLOTEN)
    _op(monkeypatch, D(2025, 3, 20))
    services.transitie(w.consulent, a, "bezwaar_registreren", ontvangen_op=D(2025, 3, 20), indiener="ouders",
                       gronden="Wij vinden categorie midden passend.")
    _op(monkeypatch, D(2025, 5, 6))
    services.transitie(w.directeur, a, "beslissen_op_bezwaar", uitkomst="gegrond",
                       motivering="De deskundigen onderbouwen categorie midden.",
                       herzien={"tlv_soort": "so", "categorie": "midden", "begindatum": "2025-03-10"})
    monkeypatch.undo()
    from passend.toewijzing.models import Tlv

    assert Tlv.objects.filter(aanvraag=a).count() == 2  # the old one withdrawn, the revised one issued
    kwartalen = monitoring.tlvs_per_interval(w.swv, JAAR_2025, "kwartaal")
    assert [dict(k.aantallen) for k in kwartalen] == [{("so", "midden"): 1}, {}, {}, {}]
    # The revision dates back to 10 March: one active TLV on every day, the original before that date.
    assert monitoring.actieve_tlvs(w.swv, D(2025, 3, 5)) == {("so", "laag"): 1}
    assert monitoring.actieve_tlvs(w.swv, D(2025, 4, 1)) == {("so", "midden"): 1}
    assert monitoring.actieve_tlvs(w.swv, D(2025, 6, 1)) == {("so", "midden"): 1}
    assert monitoring.overzicht(w.swv, JAAR_2025).tlvs_afgegeven == 1


def test_decisions_granted_and_refused(w, data):
    besluiten = monitoring.besluiten_per_soort(w.swv, JAAR_2025)
    assert besluiten[Soort.TLV] == {"toegekend": 3, "afgewezen": 1}
    assert besluiten[Soort.ARRANGEMENT] == {"toegekend": 1, "afgewezen": 0}


def test_tlvs_per_quarter_and_active_on_a_date(w, data):
    kwartalen = monitoring.tlvs_per_interval(w.swv, JAAR_2025, "kwartaal")
    assert [k.label for k in kwartalen] == ["K1 2025", "K2 2025", "K3 2025", "K4 2025"]
    assert [dict(k.aantallen) for k in kwartalen] == [{("so", "laag"): 2}, {("sbo", ""): 1}, {}, {}]
    maanden = monitoring.tlvs_per_interval(w.swv, monitoring.eigen_periode(D(2025, 1, 15), D(2025, 3, 31)), "maand")
    assert [(m.label, m.totaal) for m in maanden] == [("jan 2025", 1), ("feb 2025", 0), ("mrt 2025", 1)]
    # Every TLV ends on 31 July 2025.
    assert monitoring.actieve_tlvs(w.swv, D(2025, 6, 30)) == {("so", "laag"): 2, ("sbo", ""): 1}
    assert monitoring.actieve_tlvs(w.swv, D(2025, 2, 1)) == {("so", "laag"): 1}
    assert monitoring.actieve_tlvs(w.swv, D(2025, 8, 1)) == {}


def test_other_swv_counts_nothing(w, data):
    o = monitoring.overzicht(w.ander_swv, JAAR_2025)
    assert (o.ingediend, o.totaal.aantal, o.tlvs_afgegeven, o.tlvs_actief) == (0, 0, 0, 0)


def test_periods():
    sj = monitoring.schooljaar_periode(2024)
    assert (sj.van, sj.tot, sj.label) == (D(2024, 8, 1), D(2025, 7, 31), "schooljaar 2024-2025")
    p = monitoring.laatste_12_maanden(D(2025, 3, 15))
    assert (p.van, p.tot) == (D(2024, 3, 16), D(2025, 3, 15))
    assert monitoring.standaard_interval(p) == "kwartaal"
    assert monitoring.standaard_interval(monitoring.eigen_periode(D(2025, 1, 1), D(2025, 3, 31))) == "maand"
    with pytest.raises(ValueError):
        monitoring.eigen_periode(D(2025, 2, 1), D(2025, 1, 1))
    assert monitoring.percentiel([5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 90) == 9
    assert monitoring.percentiel([], 90) is None


# --------------------------------------------------------------------------------------------------------
# Page and export
# --------------------------------------------------------------------------------------------------------

def test_page_shows_key_figures_charts_and_tables(w, data, login):
    response = login(w.consulent).get("/toewijzing/monitoring/", {"van": "2025-01-01", "tot": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "01-01-2025 t/m 31-12-2025" in html
    assert "80%" in html  # decided within the term, all types together
    assert "besloten binnen 8 weken (4 van 5)" in html
    # Four charts, each an accessible SVG with its data table.
    svgs = [ET.fromstring(html[b:html.index("</svg>", b) + 6]) for b in _starts(html, "<svg")]
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.get("role") == "img"
        titel, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert titel.text and desc.text and svg.get("aria-labelledby") == f"{titel.get('id')} {desc.get('id')}"
    assert html.count('class="datatabel"') == 4
    assert "Termijn: 8 weken (56 dagen)" in html
    assert "<caption>Ingediende aanvragen per soort en uitkomst: de cijfers</caption>" in html
    assert "<caption>Besluiten in de periode: uitkomst en doorlooptijd" in html


def _starts(tekst, deel):
    i = tekst.find(deel)
    while i != -1:
        yield i
        i = tekst.find(deel, i + 1)


def test_page_period_choice_and_errors(w, data, login):
    client = login(w.directeur)
    html = client.get("/toewijzing/monitoring/", {"schooljaar": "2024"}).content.decode()
    assert "schooljaar 2024-2025" in html
    assert '<span class="kengetal">4</span><span class="kengetal-label">aanvragen ingediend' in html  # A8, A1-A3
    fout = client.get("/toewijzing/monitoring/", {"schooljaar": "2024", "van": "2025-01-01"})
    assert fout.status_code == 200
    assert "Kies een schooljaar of een eigen periode" in fout.content.decode()
    assert "laatste 12 maanden" in fout.content.decode()
    omgekeerd = client.get("/toewijzing/monitoring/", {"van": "2025-05-01", "tot": "2025-01-01"}).content.decode()
    assert "Het einde van de periode ligt vóór het begin." in omgekeerd


def test_page_without_any_data_renders(w, login):
    response = login(w.consulent).get("/toewijzing/monitoring/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "laatste 12 maanden" in html and 'role="img"' in html
    assert "Geen gegevens in deze periode" in html


def test_export_is_a_workbook_with_a_sheet_per_table_and_is_audited(w, data, login):
    response = login(w.consulent).get("/toewijzing/monitoring/export/", {"van": "2025-01-01", "tot": "2025-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="monitoring-toewijzing-20250101-20251231.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Kengetallen", "Aanvragen per status", "Uitkomsten", "Besluiten en doorlooptijd",
                             "TLV per kwartaal", "Actieve TLV", "Toelichting"]
    kengetallen = {r[0].value: r[1] for r in wb["Kengetallen"].iter_rows(min_row=2)}
    assert kengetallen["Periode van"].value.date() == D(2025, 1, 1)
    assert kengetallen["Periode van"].number_format == "DD-MM-YYYY"
    assert kengetallen["Aanvragen ingediend"].value == 6
    assert kengetallen["Aandeel binnen de termijn"].value == pytest.approx(0.8)
    assert kengetallen["Aandeel binnen de termijn"].number_format == "0%"
    assert kengetallen["Doorlooptijd mediaan (dagen)"].value == 35
    besluiten = list(wb["Besluiten en doorlooptijd"].iter_rows(min_row=1, values_only=True))
    assert besluiten[0][:5] == ("Soort", "Besluiten", "Toegekend", "Afgewezen", "Mediaan (dagen)")
    tlv = next(r for r in besluiten if r[0] == "TLV")
    assert tlv[1:7] == (4, 3, 1, 42.5, 45.8, 70)
    kwartalen = list(wb["TLV per kwartaal"].iter_rows(min_row=1, values_only=True))
    assert kwartalen[0] == ("Kwartaal", "SBO", "SO laag", "Totaal")
    assert kwartalen[1] == ("K1 2025", 0, 2, 2)
    event = AuditEvent.objects.get(actie="export", user_id=w.consulent.user_id)
    assert event.swv_id == w.swv.pk and "Monitoring toewijzing" in event.omschrijving


@pytest.mark.parametrize("rol", ["school", "ouder", "deskundige1", "bestuur", "leerplicht", "beheerder"])
def test_only_swv_staff_see_monitoring(w, login, rol):
    client = login(getattr(w, rol))
    assert client.get("/toewijzing/monitoring/").status_code == 403
    assert client.get("/toewijzing/monitoring/export/").status_code == 403
    assert not AuditEvent.objects.filter(actie="export").exists()


def test_monitoring_requires_login(client, db):
    response = client.get("/toewijzing/monitoring/")
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
