"""The quarterly Inspectie report: anonymised (property tests over any list of cases), cumulative, and the
workbook as downloaded by the SWV for a known small world; who may download it; a wrong setting; the settings
page."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.thuiszitters import export, rapport, regels, services
from passend.thuiszitters.instellingen import instellingen_opslaan
from passend.thuiszitters.models import Categorie, Reden, Thuiszittersinstellingen, Uitkomst
from passend.thuiszitters.views_rapport import keuze_peildata

VANDAAG = dt.date.today()
DATUM = re.compile(r"\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")
DATABLADEN = ("Registratie", "Op peildatum", "Cumulatief")
ALLE_KOLOMMEN = ",".join(rapport.KOLOMMEN)


def _instellingen(**velden):
    return Thuiszittersinstellingen(**{"kolommen": ALLE_KOLOMMEN, **velden})


def _opslaan_en_laden(wb):
    buf = io.BytesIO()
    wb.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue()))


def _waarden(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _tellingen(ws):
    """The count cells of a counts sheet: every cell but the header row and the first (label) column."""
    return [v for rij in _waarden(ws)[1:] for v in rij[1:]]


# ------------------------------------------------------------------------------------------------------------
# Property tests over any register
# ------------------------------------------------------------------------------------------------------------

@st.composite
def casussen(draw):
    start = draw(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2026, 12, 31)))
    geeindigd = draw(st.booleans())
    eind = start + dt.timedelta(days=draw(st.integers(0, 700))) if geeindigd else None
    # The categories over time (a dreigend thuiszitter who became relatief verzuim, ...): the last is the present.
    categorieen = tuple((start + dt.timedelta(days=d), draw(st.sampled_from(Categorie.values)))
                        for d in [0, *sorted(draw(st.lists(st.integers(0, 400), max_size=3)))])
    return rapport.Casus(
        categorie=categorieen[-1][1],
        startdatum=start,
        einddatum=eind,
        leeftijd_bij_start=draw(st.none() | st.integers(4, 18)),
        schoolsoort=draw(st.sampled_from(list(rapport.SCHOOLSOORTEN))),
        redenen=tuple(draw(st.lists(st.sampled_from(Reden.values), max_size=3, unique=True))),
        uitkomst=draw(st.sampled_from(Uitkomst.values)) if geeindigd else "",
        uren_onderwijs=draw(st.sampled_from([0.0, 2.5, 4.0, 12.0])),
        tafel_op=draw(st.none() | st.dates(min_value=start, max_value=start + dt.timedelta(days=400))),
        uren_historie=tuple((start + dt.timedelta(days=d), draw(st.sampled_from([0.0, 2.5, 6.0])))
                            for d in [0, *sorted(draw(st.lists(st.integers(1, 400), max_size=3)))]),
        categorie_historie=categorieen,
    )


# Everything a text cell of the sheet 'Registratie' may hold: labels from fixed lists, never free text.
TOEGESTAAN = {"", "ja", "nee", "Lopend", "Beëindigd", *regels.DUURKLASSEN.values(), *rapport.SCHOOLSOORTEN.values(),
              *Categorie.labels, *Uitkomst.labels}
REDENLABELS = set(Reden.labels)


@settings(deadline=None, max_examples=60)
@given(st.lists(casussen(), max_size=30), st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_rapport_bevat_geen_datum_geen_vrije_tekst_en_geen_klein_aantal(lijst, peildatum):
    wb = _opslaan_en_laden(export.rapport_werkboek(lijst, peildatum, swv_naam="PO 27-99 Testverband",
                                                   instellingen=_instellingen()))
    assert wb.sheetnames == ["Toelichting", *DATABLADEN]
    for ws in wb.worksheets:
        for rij in _waarden(ws):
            for v in rij:
                assert not isinstance(v, dt.date | dt.datetime), (ws.title, v)
                if ws.title in DATABLADEN and isinstance(v, str):
                    assert not DATUM.search(v), (ws.title, v)
    # The explanation names the reference date and no other date.
    toelichting = " ".join(str(v) for rij in _waarden(wb["Toelichting"]) for v in rij if v)
    assert set(DATUM.findall(toelichting)) == {f"{peildatum:%d-%m-%Y}"}

    registratie = _waarden(wb["Registratie"])
    assert registratie[0] == list(rapport.KOLOMMEN.values())
    for rij in registratie[1:]:
        for kop, v in zip(registratie[0], rij, strict=True):
            if isinstance(v, str) and kop != "Redenen":
                assert v in TOEGESTAAN, (kop, v)
            elif isinstance(v, str):
                assert all(deel in REDENLABELS for deel in v.split("; ") if deel), v
            else:
                assert v is None or isinstance(v, int | float)
    # Cumulative: every case that started by the reference date has a row, ended or not.
    assert len(registratie) - 1 == sum(1 for c in lijst if c.startdatum <= peildatum)

    for titel in ("Op peildatum", "Cumulatief"):
        for v in _tellingen(wb[titel]):
            assert v == "<5" or v == 0 or (isinstance(v, int) and v >= 5), (titel, v)


@settings(deadline=None, max_examples=40)
@given(st.lists(casussen(), max_size=40), st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_tellingen_kloppen_met_de_registratie(lijst, peildatum):
    """Without the small-number rule (drempel 1) the counts add up to the register."""
    cum = rapport.telling_cumulatief(lijst, peildatum, drempel=1)
    op = rapport.telling_op_peildatum(lijst, peildatum, drempel=1)
    in_register = [c for c in lijst if c.startdatum <= peildatum]
    assert sum(r[3] for r in cum[1:]) == len(in_register)
    assert sum(r[1] + r[2] for r in cum[1:]) == len(in_register)
    lopend = sum(1 for c in in_register if c.einddatum is None or c.einddatum > peildatum)
    assert sum(r[-1] for r in op[1:]) == lopend == sum(r[1] for r in cum[1:])


def test_cumulatief_blad_houdt_beeindigde_meldingen():
    p = dt.date(2026, 4, 1)
    geeindigd = [rapport.Casus("absoluut", dt.date(2025, 1, 6), dt.date(2025, 6, 1), 12, "") for _ in range(6)]
    lopend = [rapport.Casus("relatief", dt.date(2026, 1, 5), None, 14, "VO")]
    wb = export.rapport_werkboek(geeindigd + lopend, p, swv_naam="X", instellingen=_instellingen())
    cum = {r[0]: r[1:] for r in _waarden(wb["Cumulatief"])[1:]}
    assert cum[Categorie.ABSOLUUT.label] == [0, 6, 6]
    assert cum[Categorie.RELATIEF.label] == ["<5", 0, "<5"]
    op = {r[0]: r[1:] for r in _waarden(wb["Op peildatum"])[1:]}
    assert op[Categorie.ABSOLUUT.label] == [0, 0, 0, 0]  # ended: not on the reference date, but still registered
    registratie = _waarden(wb["Registratie"])
    status = registratie[0].index("Status op peildatum")
    assert [r[status] for r in registratie[1:]].count("Beëindigd") == 6


def test_kolommen_uit_de_instelling_en_een_foute_instelling():
    lijst = [rapport.Casus("dreigend", dt.date(2026, 2, 1), None, 9, "BAO")]
    wb = export.rapport_werkboek(lijst, dt.date(2026, 4, 1), swv_naam="X",
                                 instellingen=_instellingen(kolommen="categorie, leeftijd"))
    assert _waarden(wb["Registratie"]) == [["Categorie", "Leeftijd bij start"], [Categorie.DREIGEND.label, 9]]
    with pytest.raises(ValueError, match="Onbekende kolom"):
        export.rapport_werkboek(lijst, dt.date(2026, 4, 1), swv_naam="X", instellingen=_instellingen(kolommen="naam"))


# ------------------------------------------------------------------------------------------------------------
# A known small world, through the services
# ------------------------------------------------------------------------------------------------------------

def _peildatum():
    """The oldest reference date offered (1 January of last year): the world can start before and after it."""
    return keuze_peildata(Thuiszittersinstellingen.voor(None).peildata, VANDAAG)[-1]


def _wereld(t, p):
    """On reference date p: six pupils not enrolled (absoluut; five longer than 3 months, one of 2 weeks), one
    relatief case of 10 weeks (school A), a vrijstelling ended before p, a threatened one that ends after p, and a
    case that starts after p (not in the report)."""
    meldingen = []
    for i in range(6):
        start = p - dt.timedelta(weeks=20 if i < 5 else 2)
        meldingen.append(services.melding_registreren(
            t.leerplicht, categorie="absoluut", startdatum=start, redenen=["geen_aanbod"],
            nieuwe_leerling={"voornaam": "Sam", "achternaam": f"Thuisblijver{i}", "geboortedatum": dt.date(2012, 3, 1 + i),
                             "postcode": "8011AB"}))
    meldingen.append(services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief",
                                                  startdatum=p - dt.timedelta(weeks=10), redenen=["schoolangst"]))
    vrij = services.melding_registreren(t.consulent, leerling=t.leerling_so, categorie="vrijstelling_5a",
                                        startdatum=p - dt.timedelta(weeks=30))
    services.beeindigen(t.consulent, vrij, einddatum=p - dt.timedelta(weeks=1), uitkomst="vrijstelling")
    dreigend = services.melding_registreren(t.consulent, leerling=t.leerling_b, categorie="dreigend",
                                            startdatum=p - dt.timedelta(weeks=3))
    services.beeindigen(t.consulent, dreigend, einddatum=p + dt.timedelta(days=10), uitkomst="terug_op_school",
                        school=t.school_b, uren=20)
    services.melding_registreren(t.leerplicht, categorie="absoluut", startdatum=p + dt.timedelta(days=5),
                                 nieuwe_leerling={"voornaam": "Later", "achternaam": "Nagekomen",
                                                  "geboortedatum": dt.date(2013, 1, 1), "postcode": "8011AB"})
    return meldingen


def test_werkboek_downloaden_met_de_juiste_aantallen(t, login):
    p = _peildatum()
    _wereld(t, p)
    c = login(t.consulent)
    pagina = c.get("/thuiszitters/rapportage/", {"peildatum": p.isoformat()})
    assert pagina.status_code == 200
    assert f"?peildatum={p.isoformat()}" in pagina.content.decode()

    r = c.get("/thuiszitters/rapportage/download/", {"peildatum": p.isoformat()})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{p:%Y%m%d}.xlsx" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Toelichting", *DATABLADEN]

    op = {rij[0]: rij[1:] for rij in _waarden(wb["Op peildatum"])[1:]}
    assert _waarden(wb["Op peildatum"])[0] == ["Categorie", *regels.DUURKLASSEN.values(), "Totaal"]
    assert op[Categorie.ABSOLUUT.label] == ["<5", 0, 5, 6]
    assert op[Categorie.RELATIEF.label] == [0, "<5", 0, "<5"]
    assert op[Categorie.VRIJSTELLING_5A.label] == [0, 0, 0, 0]  # ended before p
    assert op[Categorie.DREIGEND.label] == ["<5", 0, 0, "<5"]  # ends after p: still open on p

    cum = {rij[0]: rij[1:] for rij in _waarden(wb["Cumulatief"])[1:]}
    assert cum[Categorie.ABSOLUUT.label] == [6, 0, 6]  # the one starting after p is not in it
    assert cum[Categorie.VRIJSTELLING_5A.label] == [0, "<5", "<5"]
    assert cum[Categorie.DREIGEND.label] == ["<5", 0, "<5"]

    registratie = _waarden(wb["Registratie"])
    inst = Thuiszittersinstellingen.voor(t.swv)
    assert registratie[0] == [rapport.KOLOMMEN[k] for k in rapport.kolommen_uit(inst.kolommen)]
    assert len(registratie) == 1 + 9
    assert [r[0] for r in registratie[1:]] == list(range(1, 10))

    # Nothing that identifies a pupil or a school.
    tekst = " ".join(str(v) for ws in wb.worksheets for rij in _waarden(ws) for v in rij if v is not None)
    for verboden in ("Thuisblijver", "Nagekomen", t.leerling.achternaam, t.leerling.naam, t.school_a.naam,
                     t.school_b.naam, t.so_school.naam, "TZ-", "8011", t.gemeente.naam):
        assert verboden not in tekst
    assert str(t.swv.naam) in tekst

    e = AuditEvent.objects.get(actie="export", object_type="thuiszitters.melding")
    assert e.user_id == t.consulent.user_id and e.swv_id == t.swv.pk and f"{p:%d-%m-%Y}" in e.omschrijving


def test_andere_kolommen_uit_de_instelling_in_het_bestand(t, login):
    p = _peildatum()
    _wereld(t, p)
    Thuiszittersinstellingen.objects.create(swv=t.swv, kolommen="categorie,duurklasse")
    r = login(t.directeur).get("/thuiszitters/rapportage/download/", {"peildatum": p.isoformat()})
    registratie = _waarden(load_workbook(io.BytesIO(r.content))["Registratie"])
    assert registratie[0] == ["Categorie", "Duur"]
    assert registratie.count([Categorie.ABSOLUUT.label, regels.DUURKLASSEN[regels.LANG]]) == 5


@pytest.mark.parametrize("wie", ["school", "leerplicht", "bestuur", "ouder", "beheerder"])
def test_alleen_swv_staf_downloadt(t, login, wie):
    p = _peildatum()
    c = login(getattr(t, wie))
    assert c.get("/thuiszitters/rapportage/").status_code == 403
    assert c.get("/thuiszitters/rapportage/download/", {"peildatum": p.isoformat()}).status_code == 403
    assert not AuditEvent.objects.filter(actie="export").exists()


def test_peildatum_niet_uit_de_lijst(t, login):
    c = login(t.consulent)
    r = c.get("/thuiszitters/rapportage/download/", {"peildatum": "2001-05-05"})
    assert r.status_code == 400
    assert "Kies een van de peildata uit de lijst" in r.content.decode()
    r = c.get("/thuiszitters/rapportage/download/")
    assert r.status_code == 400 and "Kies een peildatum." in r.content.decode()
    assert not AuditEvent.objects.filter(actie="export").exists()


def test_standaard_de_laatste_peildatum(t, login):
    r = login(t.consulent).get("/thuiszitters/rapportage/")
    laatste = regels.laatste_peildatum(VANDAAG, Thuiszittersinstellingen.voor(t.swv).peildata)
    html = r.content.decode()
    assert f"Peildatum {laatste:%d-%m-%Y}" in html
    assert f'value="{laatste.isoformat()}" selected' in html


@pytest.mark.parametrize("veld, waarde, tekst", [
    ("peildata", "31-02,01-04", "De peildata in de instellingen kloppen niet"),
    ("kolommen", "naam,categorie", "De kolommen in de instellingen kloppen niet"),
])
def test_foute_instelling_geeft_een_duidelijke_melding(t, login, veld, waarde, tekst):
    Thuiszittersinstellingen.objects.create(swv=t.swv, **{veld: waarde})  # e.g. written before validation existed
    c = login(t.directeur)
    r = c.get("/thuiszitters/rapportage/")
    assert r.status_code == 200
    html = r.content.decode()
    assert tekst in html and "/thuiszitters/rapportage/instellingen/" in html
    assert "Download de rapportage" not in html
    r = c.get("/thuiszitters/rapportage/download/", {"peildatum": f"{VANDAAG.year}-01-01"})
    assert r.status_code == 400 and tekst in r.content.decode()
    assert not AuditEvent.objects.filter(actie="export").exists()


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

GOED = {"escalatie_weken": "8", "peildata": "1-10, 01-01,01-04,1-7", "kolommen": "categorie, leeftijd,duurklasse",
        "signaal_weken": "3"}


def test_directeur_slaat_instellingen_op_in_een_nette_vorm(t, login):
    c = login(t.directeur)
    assert 'name="peildata"' in c.get("/thuiszitters/rapportage/instellingen/").content.decode()
    r = c.post("/thuiszitters/rapportage/instellingen/", GOED)
    assert r.status_code == 302
    inst = Thuiszittersinstellingen.objects.get(swv=t.swv)
    assert (inst.escalatie_weken, inst.peildata, inst.kolommen, inst.signaal_weken) == (
        8, "01-01,01-04,01-07,01-10", "categorie,leeftijd,duurklasse", 3)
    assert AuditEvent.objects.filter(object_type="thuiszitters.thuiszittersinstellingen").exists()


@pytest.mark.parametrize("veld, waarde, fout", [
    ("peildata", "31-02", "Ongeldige peildatum"),
    ("peildata", "29-02,01-06", "29-02 bestaat niet elk jaar"),
    ("kolommen", "naam,categorie", "Onbekende kolom"),
    ("kolommen", "categorie,categorie", "meer dan eens"),
    ("escalatie_weken", "0", "van 1 tot en met 52"),
    ("signaal_weken", "twee", "hele weken"),
])
def test_fouten_houden_de_ingevulde_waarden(t, login, veld, waarde, fout):
    r = login(t.directeur).post("/thuiszitters/rapportage/instellingen/", {**GOED, veld: waarde})
    assert r.status_code == 200
    html = r.content.decode()
    assert fout in html and "Er is niets opgeslagen" in html
    def getypt(veld, waarde):  # the columns are a textarea, the others inputs
        return f">\n{waarde}</textarea>" if veld == "kolommen" else f'value="{waarde}"'

    assert getypt(veld, waarde) in html  # what was typed stays
    anders = "kolommen" if veld != "kolommen" else "peildata"
    assert getypt(anders, GOED[anders]) in html  # and the other fields too
    assert not Thuiszittersinstellingen.objects.filter(swv=t.swv).exists()


def test_medewerker_leest_alleen_en_anderen_niet(t, login):
    r = login(t.consulent).get("/thuiszitters/rapportage/instellingen/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Huidige instellingen" in html and "01-01,01-04,01-07,01-10" in html and "tz-instellingen" not in html
    assert login(t.consulent).post("/thuiszitters/rapportage/instellingen/", GOED).status_code == 403
    assert login(t.beheerder).post("/thuiszitters/rapportage/instellingen/", GOED).status_code == 302
    for wie in ("school", "leerplicht", "bestuur", "ouder"):
        assert login(getattr(t, wie)).get("/thuiszitters/rapportage/instellingen/").status_code == 403


def test_instellingen_opslaan_service(t):
    with pytest.raises(PermissionDenied):
        instellingen_opslaan(t.consulent, escalatie_weken=4)
    with pytest.raises(ValidationError) as e:
        instellingen_opslaan(t.directeur, peildata="01-13", kolommen="bsn")
    assert set(e.value.message_dict) == {"peildata", "kolommen"}
    with pytest.raises(ValidationError):
        instellingen_opslaan(t.directeur, onzin=1)
    assert not Thuiszittersinstellingen.objects.exists()
    inst = instellingen_opslaan(t.directeur, escalatie_weken=4)
    assert inst.pk and inst.escalatie_weken == 4 and inst.peildata == "01-01,01-04,01-07,01-10"
    # The same row is updated, not a second one made.
    instellingen_opslaan(t.beheerder, peildata="15-03,15-09")
    assert Thuiszittersinstellingen.objects.get().peildata == "15-03,15-09"
    # Another SWV's staff changes nothing of this one.
    with pytest.raises(PermissionDenied):
        instellingen_opslaan(t.andere_staf, escalatie_weken=9)
