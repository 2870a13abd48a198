"""The category of a case, kept with its date (Categoriestand): every change is recorded with the day it takes
effect, the quarterly Inspectie report and the dashboard read the category valid on their reference date, and
the duration counts from the day regels.duur_vanaf gives (the time as dreigend thuiszitter is not time at home).
Through the rule, the service, the case page, the API, the downloaded workbook, the dashboard, the migration of
existing cases, and property tests over any history."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from passend.register.models import Inschrijving
from passend.thuiszitters import monitoring, rapport, regels, services
from passend.thuiszitters.models import Categorie, Categoriestand, Contact, Melding, Thuiszittersinstellingen

VANDAAG = dt.date.today()
DREIGEND = Categorie.DREIGEND.label
RELATIEF = Categorie.RELATIEF.label
START = dt.date(2026, 1, 5)


def _dagen(n: int) -> dt.date:
    return VANDAAG - dt.timedelta(days=n)


def _d(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def _dreigend(t, *, start=200):
    return services.melding_registreren(t.school, leerling=t.leerling, categorie="dreigend",
                                        startdatum=_dagen(start), uren_onderwijs="10")


def _standen(m) -> list[tuple[dt.date, str]]:
    return [(c.geldig_vanaf, c.categorie)
            for c in Categoriestand.objects.filter(melding=m).order_by("geldig_vanaf", "pk")]


def _vers(m) -> Melding:
    return Melding.objects.get(pk=m.pk)


# ------------------------------------------------------------------------------------------------------------
# The rule: from which day the duration counts
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("historie, peildag, vanaf", [
    ([(0, "relatief")], 100, 0),  # never changed: the start date, as before
    ([(0, "dreigend"), (60, "relatief")], 100, 60),  # dreigend is not yet at home
    ([(0, "dreigend"), (60, "relatief")], 59, 0),  # before the change: dreigend since the start
    ([(0, "absoluut"), (40, "relatief"), (70, "absoluut")], 100, 0),  # enrolled or not: at home all along
    ([(0, "relatief"), (30, "dreigend"), (50, "relatief")], 100, 50),  # back partly at school: a new stretch
    ([(0, "relatief"), (30, "dreigend"), (50, "relatief")], 40, 30),  # the dreigend stretch itself
    ([(0, "vrijstelling_5a"), (80, "absoluut")], 100, 80),  # exempt is not verzuim
    ([(0, "vrijstelling_11g"), (80, "vrijstelling_5a")], 100, 0),  # one vrijstelling to another
    ([(0, "dreigend"), (60, "relatief"), (60, "dreigend")], 100, 0),  # a same-day correction: the last counts
])
def test_duur_vanaf_bekende_gevallen(historie, peildag, vanaf):
    assert regels.duur_vanaf(START, [(_d(d), c) for d, c in historie], _d(peildag)) == _d(vanaf)


def test_dreigend_geworden_relatief_verzuim_telt_pas_na_4_weken_als_thuiszitter():
    historie = [(START, "dreigend"), (_d(100), "relatief")]
    op = _d(120)  # 120 days after the start, 20 days of relatief verzuim
    assert not regels.telt_als_thuiszitter("relatief", regels.duur_vanaf(START, historie, op), op)
    op = _d(128)
    assert regels.telt_als_thuiszitter("relatief", regels.duur_vanaf(START, historie, op), op)
    assert regels.duurklasse(regels.duur_vanaf(START, historie, op), op) == regels.VIER_WEKEN_DRIE_MAANDEN


@st.composite
def categorie_historie(draw):
    start = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31)))
    dagen = sorted(draw(st.lists(st.integers(0, 500), max_size=5)))
    return start, tuple((start + dt.timedelta(days=d), draw(st.sampled_from(Categorie.values)))
                        for d in [0, *dagen])


@settings(deadline=None, max_examples=100)
@given(categorie_historie(), st.integers(0, 700), st.integers(1, 300), st.sampled_from(Categorie.values))
def test_duur_vanaf_eigenschappen(h, na_start, later, nieuwe_categorie):
    start, historie = h
    peildatum = start + dt.timedelta(days=na_start)
    vanaf = regels.duur_vanaf(start, historie, peildatum)
    # Never before the start, never after the reference date, never later than the last change before it.
    assert start <= vanaf <= peildatum
    assert vanaf <= max(d for d, _ in historie if d <= peildatum)
    # A change after the reference date does not alter it.
    wijziging = (max(peildatum, historie[-1][0]) + dt.timedelta(days=later), nieuwe_categorie)
    assert regels.duur_vanaf(start, (*historie, wijziging), peildatum) == vanaf
    # One group all the time (only absoluut and relatief verzuim, say): the start date.
    als_thuiszitter = tuple((d, "relatief" if i % 2 else "absoluut") for i, (d, _) in enumerate(historie))
    assert regels.duur_vanaf(start, als_thuiszitter, peildatum) == start


# ------------------------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------------------------

def test_melden_legt_de_categorie_vast_vanaf_de_startdatum(t):
    m = _dreigend(t)
    assert _standen(m) == [(_dagen(200), "dreigend")]
    assert m.duur_sinds == _dagen(200)


def test_wijziging_van_de_categorie_krijgt_haar_datum_een_stap_en_een_nieuwe_duur(t):
    m = _dreigend(t)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(50))
    m = _vers(m)
    assert (m.categorie, m.duur_sinds) == ("relatief", _dagen(50))
    assert _standen(m) == [(_dagen(200), "dreigend"), (_dagen(50), "relatief")]
    stap = Contact.objects.get(melding=m, verslag__contains="categorie van dreigende thuiszitter naar langdurig")
    assert f"vanaf {_dagen(50):%d-%m-%Y}" in stap.verslag
    # Unenrolled while at home: absoluut verzuim from today, and the duration still runs from the same day.
    Inschrijving.objects.filter(leerling=t.leerling).update(einddatum=_dagen(10))
    services.melding_bijwerken(t.consulent, m, categorie="absoluut")
    m = _vers(m)
    assert _standen(m)[-1] == (VANDAAG, "absoluut") and m.duur_sinds == _dagen(50)
    # Other changes, or the same category again, add no row.
    services.melding_bijwerken(t.school, m, categorie="absoluut", categorie_sinds=_dagen(1), toelichting="Overleg.")
    assert len(_standen(m)) == 3


@pytest.mark.parametrize("sinds, fout", [
    (VANDAAG + dt.timedelta(days=1), "De datum waarop de nieuwe categorie ingaat ligt in de toekomst."),
    (VANDAAG - dt.timedelta(days=201), "De nieuwe categorie kan niet ingaan voor de startdatum"),
    (VANDAAG - dt.timedelta(days=31), "De categorie is al gewijzigd per"),
    ("gisteren", "Geen geldige datum"),
])
def test_foute_datum_van_de_categorie_verandert_niets(t, sinds, fout):
    m = _dreigend(t)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(30))
    voor = (_standen(m), Contact.objects.filter(melding=m).count(), _vers(m).categorie, _vers(m).duur_sinds)
    with pytest.raises(ValidationError) as e:
        services.melding_bijwerken(t.school, m, categorie="dreigend", categorie_sinds=sinds, toelichting="Terug.")
    assert fout in " ".join(e.value.message_dict["categorie_sinds"])
    m = _vers(m)
    assert (_standen(m), Contact.objects.filter(melding=m).count(), m.categorie, m.duur_sinds) == voor
    assert m.toelichting == ""


def test_afsluiten_voor_de_laatste_wijziging_van_de_categorie_kan_niet(t):
    m = _dreigend(t)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(30))
    with pytest.raises(ValidationError) as e:
        services.beeindigen(t.consulent, m, einddatum=_dagen(31), uitkomst="verhuisd")
    assert "De categorie is gewijzigd per" in " ".join(e.value.message_dict["einddatum"])
    assert _vers(m).is_open
    services.beeindigen(t.consulent, m, einddatum=_dagen(30), uitkomst="verhuisd")
    assert not _vers(m).is_open


# ------------------------------------------------------------------------------------------------------------
# The report and the dashboard read the category of the reference date
# ------------------------------------------------------------------------------------------------------------

def _rapport(t, peildatum: dt.date, kolommen=("categorie", "duurklasse", "duur_weken", "status")):
    return rapport.registratie(monitoring.casussen(t.swv.pk, tot=peildatum), peildatum, list(kolommen))


def _rij(tabel, begin: str) -> list:
    return next(r for r in tabel if r[0].startswith(begin))


def test_wijziging_na_de_peildatum_verandert_dat_kwartaal_niet(t):
    m = _dreigend(t, start=200)
    peildatum = _dagen(60)
    voor = _rapport(t, peildatum)
    assert voor == [[DREIGEND, "Langer dan 3 maanden", 140 // 7, "Lopend"]]
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(59))
    assert _rapport(t, peildatum) == voor
    # From the change on: relatief verzuim, and the duration counts from that day, not from the report.
    assert _rapport(t, _dagen(59)) == [[RELATIEF, "Korter dan 4 weken", 0, "Lopend"]]
    assert _rapport(t, VANDAAG) == [[RELATIEF, "4 weken tot 3 maanden", 59 // 7, "Lopend"]]
    casussen = monitoring.casussen(t.swv.pk)
    op = rapport.telling_op_peildatum(casussen, peildatum)
    assert _rij(op, DREIGEND)[-1] == "<5" and _rij(op, RELATIEF)[-1] == 0
    cum = rapport.telling_cumulatief(casussen, peildatum)
    assert _rij(cum, DREIGEND)[3] == "<5" and _rij(cum, RELATIEF)[3] == 0
    nu = rapport.telling_op_peildatum(casussen, VANDAAG)
    assert _rij(nu, RELATIEF)[2] == "<5" and _rij(nu, RELATIEF)[3] == 0  # 4 weeks to 3 months, not longer


def test_dashboard_op_een_eerdere_dag_telt_de_categorie_van_toen(t):
    m = _dreigend(t, start=200)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(59))
    toen = monitoring.overzicht(t.swv, _dagen(60), instelling="01-01,01-04,01-07,01-10")
    assert (toen.nu.dreigend, toen.nu.thuiszitters) == (1, 0)
    assert sum(toen.open[Categorie.DREIGEND.value].values()) == 1
    assert sum(toen.open[Categorie.RELATIEF.value].values()) == 0
    nu = monitoring.overzicht(t.swv, VANDAAG, instelling="01-01,01-04,01-07,01-10")
    assert (nu.nu.dreigend, nu.nu.thuiszitters, nu.nu.lang) == (0, 1, 0)
    assert nu.open[Categorie.RELATIEF.value] == {regels.VIER_WEKEN_DRIE_MAANDEN: 1}


def test_trend_van_het_dashboard_in_de_api(t, api):
    """The trend table the dashboard (page, Excel, API) shows: each reference date with the category of then."""
    instelling = Thuiszittersinstellingen.voor(t.swv).peildata
    p1 = regels.laatste_peildatum(VANDAAG, instelling)
    p0 = regels.laatste_peildatum(p1 - dt.timedelta(days=1), instelling)
    m = services.melding_registreren(t.school, leerling=t.leerling, categorie="dreigend",
                                     startdatum=p0 - dt.timedelta(days=10), uren_onderwijs="10")
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=p0 + dt.timedelta(days=1))
    r = api(t.consulent).get("/api/v1/thuiszitters/dashboard/")
    assert r.status_code == 200, r.content
    trend = next(tab for tab in r.json()["tabellen"] if tab["naam"] == "Trend")
    rijen = {rij[0]: rij[1:] for rij in trend["rijen"]}
    # Thuiszitters, of whom over 3 months, vrijstellingen, dreigend.
    assert rijen[f"{p0:%d-%m-%Y}"] == [0, 0, 0, "<5"]
    # With today's category and the case's start it would be relatief for over 3 months on p1.
    assert rijen[f"{p1:%d-%m-%Y}"] == ["<5", 0, 0, 0]


def test_gedownloade_rapportage_houdt_de_categorie_van_de_peildatum(t, login):
    peildatum = regels.laatste_peildatum(_dagen(1), Thuiszittersinstellingen.voor(t.swv).peildata)
    Thuiszittersinstellingen.objects.create(swv=t.swv, kolommen="categorie,duurklasse")
    m = services.melding_registreren(t.school, leerling=t.leerling, categorie="dreigend",
                                     startdatum=peildatum - dt.timedelta(weeks=8), uren_onderwijs="10")
    client = login(t.consulent)

    def werkboek():
        r = client.get(reverse("thuiszitters:rapport_download"), {"peildatum": peildatum.isoformat()})
        assert r.status_code == 200
        wb = load_workbook(io.BytesIO(r.content))
        return {ws.title: [list(rij) for rij in ws.iter_rows(values_only=True)] for ws in wb.worksheets
                if ws.title != "Toelichting"}

    voor = werkboek()
    assert voor["Registratie"] == [["Categorie", "Duur"], [DREIGEND, "4 weken tot 3 maanden"]]
    services.melding_bijwerken(t.school, m, categorie="relatief")  # today: after the reference date
    assert werkboek() == voor
    assert _vers(m).categorie == "relatief"


def test_queries_voor_de_rapportage_hangen_niet_af_van_wijzigingen(t):
    m = _dreigend(t)
    with CaptureQueriesContext(connection) as voor:
        monitoring.casussen(t.swv.pk)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(100))
    Inschrijving.objects.filter(leerling=t.leerling).update(einddatum=_dagen(60))
    services.melding_bijwerken(t.school, m, categorie="absoluut", categorie_sinds=_dagen(50))
    with CaptureQueriesContext(connection) as na:
        casussen = monitoring.casussen(t.swv.pk)
    assert len(voor.captured_queries) == len(na.captured_queries) == 3  # cases, hours, categories
    assert rapport.categorie_op(casussen[0], _dagen(101)) == "dreigend"


# ------------------------------------------------------------------------------------------------------------
# Page, list, API, migration
# ------------------------------------------------------------------------------------------------------------

def test_pagina_wijzigt_de_categorie_met_datum_en_toont_de_historie(t, login):
    m = _dreigend(t)
    client = login(t.school)
    gegevens = {"bewerken-categorie": "relatief", "bewerken-uren_onderwijs": "10", "bewerken-partijen": ["school"]}
    url = reverse("thuiszitters:stap", args=[m.pk, "bewerken"])
    resp = client.post(url, {**gegevens, "bewerken-categorie_sinds": (VANDAAG + dt.timedelta(days=3)).isoformat()})
    assert resp.status_code == 200
    assert "De datum waarop de nieuwe categorie ingaat ligt in de toekomst." in resp.content.decode()
    assert _standen(m) == [(_dagen(200), "dreigend")] and _vers(m).categorie == "dreigend"
    resp = client.post(url, {**gegevens, "bewerken-categorie_sinds": _dagen(40).isoformat()})
    assert resp.status_code == 302
    assert _standen(m) == [(_dagen(200), "dreigend"), (_dagen(40), "relatief")]
    pagina = client.get(reverse("thuiszitters:detail", args=[m.pk])).content.decode()
    assert f"{DREIGEND} vanaf" in pagina and f"{RELATIEF} vanaf" in pagina
    assert "De duur telt vanaf" in pagina and "5 weken (40 dagen)" in pagina


def test_lijst_en_api_tellen_de_duur_vanaf_de_wijziging(t, api, login):
    m = _dreigend(t, start=200)
    services.melding_bijwerken(t.school, m, categorie="relatief", categorie_sinds=_dagen(40))
    r = api(t.school).get("/api/v1/thuiszitters/", {"status": "open"})
    (rij,) = [x for x in r.json()["results"] if x["id"] == m.pk]
    assert (rij["duur_sinds"], rij["duur_dagen"], rij["duurklasse"], rij["telt_als_thuiszitter"]) == (
        _dagen(40).isoformat(), 40, regels.VIER_WEKEN_DRIE_MAANDEN, True)
    # The list page filters on the same duration class.
    client = login(t.school)
    lang = client.get(reverse("thuiszitters:lijst"), {"duurklasse": regels.LANG}).content.decode()
    middel = client.get(reverse("thuiszitters:lijst"), {"duurklasse": regels.VIER_WEKEN_DRIE_MAANDEN}).content.decode()
    assert m.nummer not in lang and m.nummer in middel


def test_api_wijzigt_de_categorie_met_datum(t, api):
    m = _dreigend(t)
    url = f"/api/v1/thuiszitters/{m.pk}/"
    r = api(t.school).patch(url, {"categorie": "relatief", "categorie_sinds": _dagen(201).isoformat()},
                            format="json")
    assert r.status_code == 400 and "startdatum" in r.content.decode()
    assert _vers(m).categorie == "dreigend"
    r = api(t.school).patch(url, {"categorie": "relatief", "categorie_sinds": _dagen(20).isoformat()},
                            format="json")
    assert r.status_code == 200, r.content
    assert r.json()["categorie_historie"] == [{"geldig_vanaf": _dagen(200).isoformat(), "categorie": "dreigend"},
                                              {"geldig_vanaf": _dagen(20).isoformat(), "categorie": "relatief"}]
    assert (r.json()["categorie"], r.json()["duur_sinds"], r.json()["telt_als_thuiszitter"]) == (
        "relatief", _dagen(20).isoformat(), False)  # relatief verzuim for 20 days: not yet a thuiszitter


def test_migratie_geeft_bestaande_meldingen_hun_categorie_vanaf_de_start(t):
    m = services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief", startdatum=_dagen(100))
    Categoriestand.objects.filter(melding=m).delete()  # as before the migration
    migratie = importlib.import_module("passend.thuiszitters.migrations.0003_categoriestand")
    migratie.bestaande_categorieen(apps, None)
    migratie.bestaande_categorieen(apps, None)  # twice: no second row
    assert _standen(m) == [(_dagen(100), "relatief")]
    assert _rapport(t, _dagen(50), ["categorie"]) == [[RELATIEF]]
