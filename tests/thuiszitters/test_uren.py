"""The hours of education a pupil still receives, kept with their date (Urenstand): every change is recorded
with the day it takes effect, and the quarterly Inspectie report reads the hours valid on its reference date, so
a change after that date leaves the report of that quarter as it was. Through the service, the case page, the
API, the downloaded workbook, the migration of existing cases, and a property test over any history."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from passend.thuiszitters import monitoring, rapport, regels, services
from passend.thuiszitters.models import Categorie, Contact, Melding, Thuiszittersinstellingen, Urenstand

VANDAAG = dt.date.today()
UREN = rapport.KOLOMMEN["uren_onderwijs"]


def _dagen(n: int) -> dt.date:
    return VANDAAG - dt.timedelta(days=n)


def _melding(t, *, start=100, uren="2"):
    return services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief", startdatum=_dagen(start),
                                       uren_onderwijs=uren)


def _standen(m) -> list[tuple[dt.date, str]]:
    return [(u.geldig_vanaf, str(u.uren)) for u in Urenstand.objects.filter(melding=m).order_by("geldig_vanaf", "pk")]


def _uren_in_rapport(t, peildatum: dt.date) -> list:
    return rapport.registratie(monitoring.casussen(t.swv.pk, tot=peildatum), peildatum, ["uren_onderwijs"])


# ------------------------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------------------------

def test_melden_legt_de_uren_vast_vanaf_de_startdatum(t):
    m = _melding(t, uren="2,5")
    assert _standen(m) == [(_dagen(100), "2.5")]


def test_wijziging_van_de_uren_krijgt_haar_datum_en_een_stap(t):
    m = _melding(t)
    services.melding_bijwerken(t.school, m, uren_onderwijs="6", uren_sinds=_dagen(10))
    services.melding_bijwerken(t.leerplicht, m, uren_onderwijs="8")  # no date: today
    assert _standen(m) == [(_dagen(100), "2.0"), (_dagen(10), "6.0"), (VANDAAG, "8.0")]
    assert str(Melding.objects.get(pk=m.pk).uren_onderwijs) == "8.0"
    stap = Contact.objects.filter(melding=m, verslag__contains="van 2 naar 6").get()
    assert f"vanaf {_dagen(10):%d-%m-%Y}" in stap.verslag
    # Other changes, or the same hours again, add no row.
    services.melding_bijwerken(t.school, m, uren_onderwijs="8.0", toelichting="Opbouw loopt.")
    assert len(_standen(m)) == 3


@pytest.mark.parametrize("sinds, fout", [
    (VANDAAG + dt.timedelta(days=1), "in de toekomst"),
    (VANDAAG - dt.timedelta(days=101), "voor de startdatum"),
    (VANDAAG - dt.timedelta(days=31), "al gewijzigd per"),
    ("morgen", "Geen geldige datum"),
])
def test_foute_datum_van_de_uren_verandert_niets(t, sinds, fout):
    m = _melding(t)
    services.melding_bijwerken(t.school, m, uren_onderwijs="4", uren_sinds=_dagen(30))
    voor = (_standen(m), Contact.objects.filter(melding=m).count(), str(Melding.objects.get(pk=m.pk).uren_onderwijs))
    with pytest.raises(ValidationError) as e:
        services.melding_bijwerken(t.school, m, uren_onderwijs="6", uren_sinds=sinds, toelichting="Meer uren.")
    assert "uren_sinds" in e.value.message_dict and fout in " ".join(e.value.message_dict["uren_sinds"])
    m = Melding.objects.get(pk=m.pk)
    assert (_standen(m), Contact.objects.filter(melding=m).count(), str(m.uren_onderwijs)) == voor
    assert m.toelichting == ""


# ------------------------------------------------------------------------------------------------------------
# The report reads the hours of the reference date
# ------------------------------------------------------------------------------------------------------------

def test_wijziging_na_de_peildatum_verandert_dat_kwartaal_niet(t):
    m = _melding(t, start=200, uren="2")
    peildatum = _dagen(60)
    assert _uren_in_rapport(t, peildatum) == [[2.0]]
    services.melding_bijwerken(t.school, m, uren_onderwijs="12", uren_sinds=_dagen(59))
    services.melding_bijwerken(t.school, m, uren_onderwijs="16")
    assert _uren_in_rapport(t, peildatum) == [[2.0]]
    assert _uren_in_rapport(t, _dagen(59)) == [[12.0]]  # the change counts from its own day
    assert _uren_in_rapport(t, VANDAAG) == [[16.0]]


def test_gedownloade_rapportage_houdt_de_uren_van_de_peildatum(t, login):
    inst = Thuiszittersinstellingen.voor(t.swv)
    peildatum = regels.laatste_peildatum(_dagen(1), inst.peildata)
    Thuiszittersinstellingen.objects.create(swv=t.swv, kolommen="categorie,uren_onderwijs")
    m = services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief",
                                     startdatum=peildatum - dt.timedelta(weeks=8), uren_onderwijs="2,5")
    client = login(t.consulent)

    def registratie():
        r = client.get(reverse("thuiszitters:rapport_download"), {"peildatum": peildatum.isoformat()})
        assert r.status_code == 200
        return [list(rij) for rij in load_workbook(io.BytesIO(r.content))["Registratie"].iter_rows(values_only=True)]

    voor = registratie()
    assert voor == [["Categorie", UREN], [Categorie.RELATIEF.label, 2.5]]
    services.melding_bijwerken(t.school, m, uren_onderwijs="10")  # today: after the reference date
    assert registratie() == voor
    assert str(Melding.objects.get(pk=m.pk).uren_onderwijs) == "10.0"


@st.composite
def historie(draw):
    start = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31)))
    wijzigingen = sorted(draw(st.lists(st.integers(0, 500), max_size=5)))
    uren = st.sampled_from([0.0, 1.5, 4.0, 12.0, 25.0])
    return start, tuple((start + dt.timedelta(days=d), draw(uren)) for d in [0, *wijzigingen])


@settings(deadline=None, max_examples=80)
@given(historie(), st.integers(0, 600), st.integers(1, 200), st.sampled_from([0.0, 3.0, 40.0]))
def test_latere_wijziging_verandert_het_rapport_van_de_peildatum_niet(h, na_start, later, nieuwe_uren):
    start, standen = h
    peildatum = start + dt.timedelta(days=na_start)
    casus = rapport.Casus("relatief", start, None, 10, "BAO", uren_onderwijs=standen[-1][1], uren_historie=standen)
    # The value of the reference date: the last change on or before it.
    assert rapport.uren_op(casus, peildatum) == [u for d, u in standen if d <= peildatum][-1]
    wijziging = (max(peildatum, standen[-1][0]) + dt.timedelta(days=later), nieuwe_uren)
    daarna = rapport.Casus("relatief", start, None, 10, "BAO", uren_onderwijs=nieuwe_uren,
                           uren_historie=(*standen, wijziging))
    kolommen = list(rapport.KOLOMMEN)
    assert rapport.registratie([daarna], peildatum, kolommen) == rapport.registratie([casus], peildatum, kolommen)


# ------------------------------------------------------------------------------------------------------------
# Page, API, migration
# ------------------------------------------------------------------------------------------------------------

def test_pagina_wijzigt_de_uren_met_datum_en_toont_de_historie(t, login):
    m = _melding(t)
    client = login(t.school)
    gegevens = {"bewerken-categorie": "relatief", "bewerken-uren_onderwijs": "6", "bewerken-partijen": ["school"]}
    url = reverse("thuiszitters:stap", args=[m.pk, "bewerken"])
    resp = client.post(url, {**gegevens, "bewerken-uren_sinds": (VANDAAG + dt.timedelta(days=3)).isoformat()})
    assert resp.status_code == 200 and "De datum waarop de uren ingaan ligt in de toekomst." in resp.content.decode()
    assert len(_standen(m)) == 1
    resp = client.post(url, {**gegevens, "bewerken-uren_sinds": _dagen(20).isoformat()})
    assert resp.status_code == 302
    assert _standen(m) == [(_dagen(100), "2.0"), (_dagen(20), "6.0")]
    pagina = client.get(reverse("thuiszitters:detail", args=[m.pk])).content.decode()
    assert "6 uur vanaf" in pagina and "2 uur vanaf" in pagina


def test_api_wijzigt_de_uren_met_datum(t, api):
    m = _melding(t)
    url = f"/api/v1/thuiszitters/{m.pk}/"
    r = api(t.school).patch(url, {"uren_onderwijs": "6", "uren_sinds": VANDAAG.replace(year=VANDAAG.year + 1)},
                            format="json")
    assert r.status_code == 400 and "toekomst" in r.content.decode()
    r = api(t.school).patch(url, {"uren_onderwijs": "6", "uren_sinds": _dagen(20).isoformat()}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["uren_historie"] == [{"geldig_vanaf": _dagen(100).isoformat(), "uren": "2.0"},
                                         {"geldig_vanaf": _dagen(20).isoformat(), "uren": "6.0"}]
    assert r.json()["uren_onderwijs"] == "6.0"


def test_migratie_geeft_bestaande_meldingen_hun_uren_vanaf_de_start(t):
    m = _melding(t, uren="3")
    Urenstand.objects.filter(melding=m).delete()  # as before the migration
    migratie = importlib.import_module("passend.thuiszitters.migrations.0002_urenstand")
    migratie.bestaande_uren(apps, None)
    assert _standen(m) == [(_dagen(100), "3.0")]
    assert _uren_in_rapport(t, _dagen(50)) == [[3.0]]
