"""The thuiszitters dashboard: the figures of a known world (made through the services), "<5" for small numbers
on the page and in the Excel download, the trend over the reference dates, per 1,000 pupils with known school
counts, the median duration until return, who may see it, and a bounded number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.register.models import School
from passend.register.models import Soort as SchoolSoort
from passend.thuiszitters import monitoring, regels, services
from passend.thuiszitters.rapport import Casus
from tests.factories import SchoolFactory

V = services.vandaag()
DAG = dt.timedelta(days=1)
URL = "/thuiszitters/rapportage/dashboard/"


def _d(d):
    return f"{d:%d-%m-%Y}"


def _nieuw(t, i, start, **velden):
    return services.melding_registreren(
        t.leerplicht, categorie="absoluut", startdatum=start, redenen=["geen_aanbod"],
        nieuwe_leerling={"voornaam": "Sam", "achternaam": f"Thuis{i}", "geboortedatum": dt.date(2012, 3, 1 + i),
                         "postcode": "8011AB"}, **velden)


def _wereld(t):
    """Today: five pupils not enrolled for 900 days (A), one more that went back to school 100 days ago (B), the
    relatief case of school A's pupil of 70 days (R), a vrijstelling of 30 days and a threatened case of 10 days.
    1,000 pupils in the region (three PO schools and a VO school), a school of another SWV not counted."""
    for i in range(5):
        _nieuw(t, i, V - 900 * DAG)
    b = _nieuw(t, 5, V - 900 * DAG)
    services.beeindigen(t.consulent, b, einddatum=V - 100 * DAG, uitkomst="terug_op_school", school=t.school_b, uren=20)
    services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief", startdatum=V - 70 * DAG,
                                 redenen=["schoolangst"])
    services.melding_registreren(t.consulent, leerling=t.leerling_so, categorie="vrijstelling_5a",
                                 startdatum=V - 30 * DAG)
    services.melding_registreren(t.consulent, leerling=t.leerling_b, categorie="dreigend", startdatum=V - 10 * DAG)
    School.objects.filter(regio_swv_po=t.swv).update(leerlingen=None)
    for school, n in ((t.school_a, 200), (t.school_b, 300), (t.so_school, 100)):
        School.objects.filter(pk=school.pk).update(leerlingen=n)
    SchoolFactory(naam="VO De Toren", soort=SchoolSoort.VO, regio_swv_po=None, regio_swv_vo=t.swv, leerlingen=400)
    SchoolFactory(naam="Elders", regio_swv_po=t.ander_swv, leerlingen=5000)


def _verwachte_trend(d):
    thuis = 5 + (d < V - 100 * DAG) + (d >= V - 42 * DAG)
    lang = 5 + (d < V - 100 * DAG)
    vrij = int(d >= V - 30 * DAG)
    dreigend = int(d >= V - 10 * DAG)
    return [_d(d), regels.klein(thuis), regels.klein(lang), regels.klein(vrij), regels.klein(dreigend)]


def test_cijfers_van_een_bekende_wereld(t):
    _wereld(t)
    d = monitoring.overzicht(t.swv)
    assert (d.nu.thuiszitters, d.nu.lang, d.nu.vrijstellingen, d.nu.dreigend) == (6, 5, 1, 1)
    assert (d.regio.leerlingen, d.regio.scholen, d.regio.scholen_zonder_telling) == (1000, 4, 0)
    assert d.per_duizend == "6"
    kengetallen, open_, trend, redenen = monitoring.tabellen(d)
    k = dict(kengetallen.rijen)
    assert k[f"Thuiszitters op {_d(V)}"] == 6 and k["Lopende vrijstellingen"] == "<5"
    assert k["Dreigende thuiszitters"] == "<5" and k["Leerlingen in de regio (DUO-telling)"] == 1000
    rijen = {r[0]: r[1:] for r in open_.rijen}
    assert rijen["Absoluut verzuim (niet ingeschreven)"] == [0, 0, 5, 5]
    assert rijen["Langdurig relatief verzuim (meer dan 4 weken)"] == [0, "<5", 0, "<5"]
    assert rijen["Thuiszitters totaal"] == [0, "<5", 5, 6]
    assert rijen["Vrijstellingen totaal"] == [0, "<5", 0, "<5"]
    assert rijen["Dreigende thuiszitters"] == ["<5", 0, 0, "<5"]
    # The trend: the quarterly reference dates of the last two years, oldest first.
    data = [regels.plus_maanden(dt.date(V.year, (V.month - 1) // 3 * 3 + 1, 1), -3 * i) for i in range(8)][::-1]
    assert [r[0] for r in trend.rijen] == [_d(x) for x in data]
    assert trend.rijen == [_verwachte_trend(x) for x in data]
    assert redenen.rijen == [["Geen passend onderwijsaanbod gevonden", 5], ["Schoolangst / schoolweigering", "<5"]]
    # One return only: no median (it would be that pupil's duration).
    assert d.terugkeer == [800] and d.mediaan_dagen is None and k["Mediane duur tot terugkeer (dagen)"] == "–"


def test_pagina_toont_kleine_aantallen_als_minder_dan_5(t, login):
    _wereld(t)
    r = login(t.consulent).get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert '<span class="kengetal">6</span>' in html  # thuiszitters
    assert '<span class="kengetal">&lt;5</span><span class="kengetal-label">lopende vrijstellingen' in html
    assert "van 1.000 leerlingen" in html and "de DUO-telling van de 4 scholen" in html
    assert 'id="grafiek-trend-titel"' in html  # the chart, with the table under it
    assert "<caption>Aantal op elke peildatum van de laatste twee jaar</caption>" in html
    assert "Geen mediaan" in html
    # No pupil and no school.
    for verboden in ("Thuis0", t.leerling.achternaam, t.school_a.naam, "TZ-"):
        assert verboden not in html


def test_trend_met_kleine_aantallen_zonder_grafiekpunten(t, login):
    for i in range(2):
        _nieuw(t, i, V - 400 * DAG)
    html = login(t.directeur).get(URL).content.decode()
    assert "te klein om te tekenen" in html and 'id="grafiek-trend-titel"' not in html
    assert 'data-waarde="2"' not in html
    assert '<td class="getal">&lt;5</td>' in html


def test_per_duizend_en_mediaan_bij_kleine_aantallen():
    def dashboard(thuis, leerlingen, duren=()):
        nu = monitoring.Stand(V, thuis, 0, 0, 0)
        return monitoring.Dashboard(swv=None, peildatum=V, regio=monitoring.Regio(leerlingen, 1, 0), nu=nu, open={},
                                    trend=[], terugkeer_van=V, terugkeer=sorted(duren), redenen=[])

    assert dashboard(3, 10_000).per_duizend == "<0,5"  # 1 to 4: only the bound
    assert dashboard(0, 10_000).per_duizend == "0"
    assert dashboard(25, 10_000).per_duizend == "2,5"
    assert dashboard(5, 0).per_duizend == "onbekend"
    assert dashboard(0, 1, [10, 20, 30, 40]).mediaan_dagen is None
    d = dashboard(0, 1, [10, 20, 30, 40, 51])
    assert d.mediaan_dagen == 30 and d.mediaan_tekst == "30 dagen (4,3 weken)"


def test_duur_tot_terugkeer_telt_alleen_teruggekeerde_thuiszitters():
    def geeindigd(dagen, uitkomst="terug_op_school", categorie="absoluut", eind=V - 10 * DAG):
        return Casus(categorie, eind - dagen * DAG, eind, 10, "", uitkomst=uitkomst)

    lijst = [geeindigd(10), geeindigd(20, "ander_onderwijs"), geeindigd(30, categorie="relatief"), geeindigd(40),
             geeindigd(50),
             geeindigd(5, "zorg"),  # not a return to education
             geeindigd(6, categorie="dreigend"),  # was not at home
             geeindigd(7, eind=V - 400 * DAG),  # ended more than 12 months ago
             Casus("absoluut", V - 60 * DAG, None, 10, "")]  # still open
    duren = monitoring.terugkeer_duren(lijst, V - 365 * DAG, V)
    assert duren == [10, 20, 30, 40, 50]
    assert regels.mediaan_dagen(duren) == 30


def test_excel_van_het_dashboard_met_dezelfde_regel(t, login):
    _wereld(t)
    r = login(t.bestuur).get(URL + "export/")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Kengetallen", "Lopend naar categorie", "Trend", "Redenen", "Toelichting"]
    for ws in wb.worksheets[:4]:
        for rij in list(ws.iter_rows(values_only=True))[1:]:
            for v in rij[1:]:
                assert not (isinstance(v, int) and 0 < v < 5), (ws.title, rij)
    k = {rij[0]: rij[1] for rij in wb["Kengetallen"].iter_rows(min_row=2, values_only=True)}
    assert k[f"Thuiszitters op {_d(V)}"] == 6 and k["Lopende vrijstellingen"] == "<5"
    assert k["Thuiszitters per 1.000 leerlingen"] == "6"
    assert AuditEvent.objects.filter(actie="export", user_id=t.bestuur.user_id, object_type="thuiszitters.melding").exists()


@pytest.mark.parametrize("wie, status", [("consulent", 200), ("directeur", 200), ("bestuur", 200), ("school", 403),
                                         ("leerplicht", 403), ("ouder", 403), ("beheerder", 403), ("deskundige1", 403)])
def test_wie_het_dashboard_ziet(t, login, wie, status):
    c = login(getattr(t, wie))
    assert c.get(URL).status_code == status
    assert c.get(URL + "export/").status_code == status


def test_aantal_queries_hangt_niet_af_van_het_aantal_meldingen(t, login):
    _wereld(t)
    c = login(t.consulent)
    c.get(URL)
    with CaptureQueriesContext(connection) as voor:
        c.get(URL)
    for i in range(10, 14):
        _nieuw(t, i, V - (50 + i) * DAG)
    with CaptureQueriesContext(connection) as na:
        html = c.get(URL).content.decode()
    assert len(na.captured_queries) == len(voor.captured_queries)
    assert '<span class="kengetal">10</span>' in html  # 6 + 4 new ones


def test_foute_peildata_in_de_instellingen_geven_een_melding_en_de_standaard_kwartalen(t, login):
    from passend.thuiszitters.models import Thuiszittersinstellingen

    Thuiszittersinstellingen.objects.create(swv=t.swv, peildata="31-02")  # written before validation existed
    for i in range(5):
        _nieuw(t, i, V - 900 * DAG)
    r = login(t.consulent).get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert "De peildata in de instellingen kloppen niet" in html and "Ongeldige peildatum" in html
    assert html.count('<td class="getal">5</td>') >= 8  # eight quarters, five thuiszitters on each
