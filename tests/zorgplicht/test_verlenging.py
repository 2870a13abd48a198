"""The one extension of the zorgplicht term by a chosen 1 to 4 weeks (domain.md §1: "may extend once by max. 4
weeks"), through every layer: the pure rules, the service, the detail page and the API (a Dutch message on a wrong
number of weeks, nothing saved), the letter to the parents, the parent portal, the monitoring, the migration of
existing extensions, and the worklist's database filters agreeing with regels.termijn for a mix of extensions.

Each test here fails when the extension is forced back to 4 weeks somewhere."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from passend.audit.models import AuditEvent
from passend.toewijzing.monitoring import eigen_periode
from passend.zorgplicht import monitoring, regels, services
from passend.zorgplicht.models import Aanmelding, Stap, Status
from passend.zorgplicht.panels import kengetallen, termijn_q, termijn_volgorde
from passend.zorgplicht.pdf import verlengingsbrief_html
from tests.toewijzing.test_pdf import tekst as pdf_tekst

DAG = dt.timedelta(days=1)
datums = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
weken_st = st.sampled_from(regels.VERLENGING_WEKEN)
FOUT_WEKEN = "Kies hoeveel weken de school de termijn verlengt: 1, 2, 3 of 4 weken. Langer dan 4 weken mag niet."
VOLGORDE = ("op_tijd", "bijna", "verlopen", "tijdelijke_plaatsing")


def vandaag():
    return timezone.localdate()


def nl(datum, fmt="j F Y") -> str:
    with translation.override("nl"):
        return dateformat.format(datum, fmt)


def tekst(resp) -> str:
    html = resp.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def aanmelden(w, dagen_geleden=10, *, voornaam="Noor", achternaam="Visser", leerling=None) -> Aanmelding:
    kwargs = {"leerling": leerling} if leerling else {
        "nieuwe_leerling": {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": dt.date(2020, 3, 1)},
        "ouders": [{"voornaam": "Anna", "achternaam": achternaam, "relatie": "moeder", "heeft_gezag": True}],
    }
    return services.aanmelding_registreren(w.school, school=w.school_a,
                                           ontvangen_op=vandaag() - dt.timedelta(days=dagen_geleden), **kwargs)


def vers(a) -> Aanmelding:
    return Aanmelding.objects.get(pk=a.pk)


def ongewijzigd(a: Aanmelding) -> tuple:
    """What a refused extension must leave as it was."""
    a = vers(a)
    return (a.status, a.verlengd_op, a.verlenging_weken, a.verlenging_reden, str(a.verlengingsbrief),
            Stap.objects.filter(aanmelding=a).count(), AuditEvent.objects.filter(actie="update").count())


@pytest.fixture
def snelle_brief(monkeypatch):
    monkeypatch.setattr("passend.zorgplicht.pdf.verlengingsbrief_pdf", lambda a: b"%PDF-1.7\n% brief\n")


# ------------------------------------------------------------------------------------------------------------
# The pure rules
# ------------------------------------------------------------------------------------------------------------

@settings(deadline=None)
@given(datums, weken_st)
@example(dt.date(2024, 1, 4), 2)     # ends on 29 February 2024
@example(dt.date(2025, 11, 10), 3)   # over the year end
def test_verlengde_termijn_is_6_weken_plus_de_gekozen_weken(ontvangen, weken):
    uiterlijk = regels.termijn(ontvangen, True, weken)
    assert (uiterlijk - ontvangen).days == 42 + 7 * weken
    assert uiterlijk.weekday() == ontvangen.weekday()
    assert regels.beslis_uiterlijk(ontvangen) < uiterlijk <= regels.verlengd_uiterlijk(ontvangen)
    assert regels.verlengd_uiterlijk(ontvangen, weken) == uiterlijk
    # Not extended: the weeks do not count.
    assert regels.termijn(ontvangen, False, weken) == regels.beslis_uiterlijk(ontvangen)


@pytest.mark.parametrize(("ontvangen", "weken", "uiterlijk"), [
    (dt.date(2024, 1, 4), 2, dt.date(2024, 2, 29)),
    (dt.date(2023, 12, 28), 1, dt.date(2024, 2, 15)),
    (dt.date(2025, 11, 10), 1, dt.date(2025, 12, 29)),
    (dt.date(2025, 11, 10), 3, dt.date(2026, 1, 12)),
    (dt.date(2026, 9, 1), 2, dt.date(2026, 10, 27)),
    (dt.date(2026, 9, 1), 4, dt.date(2026, 11, 10)),
])
def test_verlengde_termijn_voorbeelden(ontvangen, weken, uiterlijk):
    assert regels.termijn(ontvangen, True, weken) == uiterlijk


@pytest.mark.parametrize("weken", [0, 5, -1, 28, "2", "twee", 2.0, None, True])
def test_een_verlenging_van_0_of_meer_dan_4_weken_bestaat_niet(weken):
    assert regels.verlenging_weken_fout(weken) == FOUT_WEKEN
    with pytest.raises(ValueError):
        regels.verlengd_uiterlijk(dt.date(2026, 9, 1), weken)


def test_1_tot_en_met_4_weken_mag():
    assert [regels.verlenging_weken_fout(w) for w in (1, 2, 3, 4)] == [None] * 4


@settings(deadline=None)
@given(datums, weken_st, st.integers(min_value=0, max_value=30))
@example(dt.date(2024, 2, 29), 2, 7)
@example(dt.date(2023, 12, 31), 1, 0)
def test_termijn_status_na_een_verlenging_van_gekozen_lengte(ontvangen, weken, wd):
    """Day by day: 'bijna' up to the extended deadline, 'verlopen' after it while the 10 weeks run (only after a
    shorter extension), and the right to temporary placement after day 70 whatever the extension."""
    uiterlijk = ontvangen + dt.timedelta(days=42 + 7 * weken)
    vorige = 0
    for na in range(0, 100):
        peildatum = ontvangen + dt.timedelta(days=na)
        status = regels.termijn_status(ontvangen, True, peildatum, wd, weken)
        assert VOLGORDE.index(status) >= vorige
        vorige = VOLGORDE.index(status)
        if na > 70:
            assert status == "tijdelijke_plaatsing"
        elif peildatum > uiterlijk:
            assert status == "verlopen" and weken < 4
        elif (uiterlijk - peildatum).days <= wd:
            assert status == "bijna"
        else:
            assert status == "op_tijd"
        assert regels.recht_op_tijdelijke_plaatsing(ontvangen, None, peildatum) == (na > 70)


@pytest.mark.parametrize(("weken", "na", "status"), [
    (1, 41, "op_tijd"), (1, 42, "bijna"), (1, 49, "bijna"), (1, 50, "verlopen"), (1, 70, "verlopen"),
    (1, 71, "tijdelijke_plaatsing"),
    (2, 49, "bijna"), (2, 56, "bijna"), (2, 57, "verlopen"), (2, 70, "verlopen"), (2, 71, "tijdelijke_plaatsing"),
    (3, 56, "bijna"), (3, 63, "bijna"), (3, 64, "verlopen"),
    (4, 63, "bijna"), (4, 64, "bijna"), (4, 70, "bijna"), (4, 71, "tijdelijke_plaatsing"),
])
def test_termijn_status_voorbeelden_met_weken(weken, na, status):
    ontvangen = dt.date(2024, 1, 18)  # over 29 February 2024
    assert regels.termijn_status(ontvangen, True, ontvangen + dt.timedelta(days=na), 7, weken) == status


@pytest.mark.parametrize(("weken", "na", "binnen"), [
    (1, 49, True), (1, 50, False), (2, 56, True), (2, 57, False), (3, 63, True), (3, 64, False),
    (4, 70, True), (4, 71, False),
])
def test_binnen_de_gekozen_termijn_besloten(weken, na, binnen):
    ontvangen = dt.date(2025, 11, 10)
    assert regels.binnen_termijn(ontvangen, ontvangen + dt.timedelta(days=na), True, weken) is binnen


# ------------------------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("weken", [1, 2, 3])
def test_verlengen_met_gekozen_weken(w, snelle_brief, weken):
    a = services.verlengen(w.school, aanmelden(w, 10), reden="Het verslag komt binnenkort.", weken=weken)
    a = vers(a)
    uiterlijk = a.ontvangen_op + dt.timedelta(weeks=6 + weken)
    assert (a.status, a.verlenging_weken, a.geldende_termijn) == (Status.VERLENGD, weken, uiterlijk)
    stap = Stap.objects.filter(aanmelding=a).first()
    eenheid = "week" if weken == 1 else "weken"
    assert stap.tekst == f"Termijn eenmalig verlengd met {weken} {eenheid} tot {uiterlijk:%d-%m-%Y}; brief aan ouders"


def test_verlengen_zonder_keuze_is_4_weken(w, snelle_brief):
    a = services.verlengen(w.school, aanmelden(w, 10), reden="Onderzoek loopt.")
    assert vers(a).verlenging_weken == 4
    assert vers(a).geldende_termijn == a.ontvangen_op + dt.timedelta(weeks=10)


@pytest.mark.parametrize("weken", [0, 5, -2, "3", "twee", 2.5, None])
def test_verlengen_met_verkeerd_aantal_weken_slaat_niets_op(w, snelle_brief, weken):
    a = aanmelden(w, 10)
    voor = ongewijzigd(a)
    with pytest.raises(services.ValidationError) as e:
        services.verlengen(w.school, a, reden="Onderzoek loopt.", weken=weken)
    assert e.value.message_dict == {"weken": [FOUT_WEKEN]}
    assert ongewijzigd(a) == voor
    assert vers(a).verlengd_op is None and not vers(a).verlengingsbrief


# ------------------------------------------------------------------------------------------------------------
# The detail page
# ------------------------------------------------------------------------------------------------------------

def actie(a) -> str:
    return reverse("zorgplicht:actie", args=[a.pk, "verlengen"])


def detail(a) -> str:
    return reverse("zorgplicht:detail", args=[a.pk])


def test_pagina_biedt_1_tot_4_weken_met_de_datum_erbij(w, login):
    a = aanmelden(w, 10)
    html = login(w.school).get(detail(a)).content.decode()
    for weken in (1, 2, 3, 4):
        uiterlijk = nl(a.ontvangen_op + dt.timedelta(weeks=6 + weken), "l j F Y")
        eenheid = "week" if weken == 1 else "weken"
        assert f"{weken} {eenheid}: beslissen uiterlijk {uiterlijk}" in html
    # The full 4 weeks is chosen unless the school picks less.
    assert re.search(r'<input type="radio" name="verlengen-weken" value="4"[^>]*checked', html)
    assert not re.search(r'<input type="radio" name="verlengen-weken" value="2"[^>]*checked', html)


def test_verlengen_met_2_weken_via_de_pagina(w, login):
    a = aanmelden(w, 10)
    client = login(w.school)
    resp = client.post(actie(a), {"verlengen-weken": "2", "verlengen-reden": "Het verslag komt volgende week."},
                       follow=True)
    a = vers(a)
    acht_weken = a.ontvangen_op + dt.timedelta(weeks=8)
    assert (a.status, a.verlenging_weken) == (Status.VERLENGD, 2)
    t = tekst(resp)
    assert f"De termijn is verlengd tot {acht_weken:%d-%m-%Y} (2 weken extra)" in t
    assert f"Beslissen uiterlijk {nl(acht_weken, 'l j F Y')}" in t
    assert f"Na verlenging met 2 weken {nl(acht_weken)}" in t
    # The right to temporary placement stays at 10 weeks.
    assert f"Recht op tijdelijke plaatsing vanaf {nl(a.ontvangen_op + dt.timedelta(days=71))}" in t
    # The worklist shows the same deadline.
    lijst = tekst(client.get(reverse("zorgplicht:lijst")))
    assert f"{acht_weken:%d-%m-%Y} verlengd met 2 weken" in lijst


@pytest.mark.parametrize("weken", ["0", "5", "twee", "2.5", "-1"])
def test_verkeerd_aantal_weken_op_de_pagina_geeft_een_melding_en_slaat_niets_op(w, login, weken):
    a = aanmelden(w, 10)
    voor = ongewijzigd(a)
    resp = login(w.school).post(actie(a), {"verlengen-weken": weken, "verlengen-reden": "Onderzoek loopt."})
    assert resp.status_code == 200
    assert FOUT_WEKEN in tekst(resp)
    assert 'id="actie-verlengen" open' in resp.content.decode()
    assert "Onderzoek loopt." in resp.content.decode()  # what was typed stays
    assert ongewijzigd(a) == voor


# ------------------------------------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------------------------------------

def _post(client, a, **data):
    return client.post(f"/api/v1/aanmeldingen/{a.pk}/verlengen/", data, format="json")


def test_api_verlengt_met_gekozen_weken(w, api, snelle_brief):
    a = aanmelden(w, 10)
    resp = _post(api(w.school), a, weken=3, reden="Het onderzoek loopt nog.")
    assert resp.status_code == 200, resp.content
    data = resp.json()
    elf_weken = a.ontvangen_op + dt.timedelta(weeks=9)
    assert (data["status"], data["verlenging_weken"]) == ("verlengd", 3)
    assert data["beslissen_uiterlijk"] == elf_weken.isoformat()
    assert data["dagen_tot_termijn"] == (elf_weken - vandaag()).days
    assert vers(a).verlenging_weken == 3
    # In the list too; a pupil that is not extended has no weeks.
    niet = aanmelden(w, 5, voornaam="Lot", achternaam="Kok")
    rijen = {r["id"]: r for r in api(w.school).get("/api/v1/aanmeldingen/").json()["results"]}
    assert rijen[a.pk]["beslissen_uiterlijk"] == elf_weken.isoformat() and rijen[a.pk]["verlenging_weken"] == 3
    assert rijen[niet.pk]["verlenging_weken"] is None


def test_api_zonder_weken_verlengt_4_weken(w, api, snelle_brief):
    a = aanmelden(w, 10)
    data = _post(api(w.school), a, reden="Het onderzoek loopt nog.").json()
    assert data["verlenging_weken"] == 4
    assert data["beslissen_uiterlijk"] == (a.ontvangen_op + dt.timedelta(weeks=10)).isoformat()


@pytest.mark.parametrize("weken", [0, 5, "twee", 2.5, None, ""])
def test_api_weigert_verkeerd_aantal_weken_en_slaat_niets_op(w, api, snelle_brief, weken):
    a = aanmelden(w, 10)
    voor = ongewijzigd(a)
    resp = _post(api(w.school), a, weken=weken, reden="Het onderzoek loopt nog.")
    assert resp.status_code == 400, resp.content
    assert resp.json()["fouten"]["weken"] == [FOUT_WEKEN]
    assert ongewijzigd(a) == voor


# ------------------------------------------------------------------------------------------------------------
# The letter and the parent portal
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("weken", "langer"), [(1, "één keer 1 week langer"), (2, "één keer 2 weken langer")])
def test_brief_noemt_de_gekozen_weken_en_de_echte_nieuwe_datum(w, weken, langer):
    a = services.verlengen(w.school, aanmelden(w, 9), reden="Het verslag komt binnenkort.", weken=weken)
    t = pdf_tekst(verlengingsbrief_html(a))
    nieuw = a.ontvangen_op + dt.timedelta(weeks=6 + weken)
    assert langer in t and "4 weken langer" not in t
    assert f"uiterlijk op {nl(nieuw, 'l j F Y')}" in t
    assert nl(a.ontvangen_op + dt.timedelta(weeks=10), "l j F Y") not in t  # not the 10-week date as the deadline
    # Temporary placement: after 10 weeks, whatever the extension.
    assert f"Is er 10 weken na uw aanmelding, op {nl(a.ontvangen_op + dt.timedelta(weeks=10))}, nog geen besluit" in t
    # The stored PDF is this letter.
    assert vers(a).verlengingsbrief.read().startswith(b"%PDF")


def test_ouderportaal_toont_de_echte_nieuwe_datum(w, login, snelle_brief):
    a = aanmelden(w, 10, leerling=w.leerling)
    services.verlengen(w.school, a, reden="Wij wachten op het onderzoek.", weken=3)
    negen_weken = a.ontvangen_op + dt.timedelta(weeks=9)
    html = login(w.ouder).get("/ouders/").content.decode()
    assert f"uiterlijk {nl(negen_weken)}" in html
    assert f"De school neemt 3 weken extra tijd, tot {nl(negen_weken)}." in html
    assert f"Nog {(negen_weken - vandaag()).days} dagen" in html
    assert "4 weken extra tijd" not in html


# ------------------------------------------------------------------------------------------------------------
# The database filters of the worklist agree with regels.termijn for a mix of extensions
# ------------------------------------------------------------------------------------------------------------

# Receipt days ago around every boundary: 6 weeks (42), each extended deadline (49, 56, 63, 70) and the 10 weeks.
DAGEN = (0, 20, 34, 35, 41, 42, 43, 48, 49, 50, 55, 56, 57, 62, 63, 64, 69, 70, 71, 90)
VERLENGINGEN = (None, 1, 2, 3, 4)


@pytest.fixture
def mix(w):
    """One open aanmelding for every receipt day in DAGEN and every extension (none, 1-4 weeks)."""
    rijen = []
    for d in DAGEN:
        for weken in VERLENGINGEN:
            ontvangen = vandaag() - dt.timedelta(days=d)
            rijen.append(Aanmelding(
                swv=w.swv, leerling=w.leerling, school=w.school_a, ontvangen_op=ontvangen,
                status=Status.ONTVANGEN if weken is None else Status.VERLENGD,
                verlengd_op=None if weken is None else min(ontvangen + dt.timedelta(days=3), vandaag()),
                verlenging_weken=weken or 4,
            ))
    return Aanmelding.objects.bulk_create(rijen)


def _status(a, peildatum, wd=7):
    return regels.termijn_status(a.ontvangen_op, a.verlengd_op is not None, peildatum, wd, a.verlenging_weken)


def test_database_filter_en_regels_geven_dezelfde_stand_voor_elke_verlenging(w, mix):
    for verschuiving in range(-3, 45):
        peildatum = vandaag() + dt.timedelta(days=verschuiving)
        for wd in (0, 7):
            for status in VOLGORDE:
                via_db = set(Aanmelding.objects.filter(termijn_q(status, peildatum, wd)).values_list("pk", flat=True))
                via_regels = {a.pk for a in mix if _status(a, peildatum, wd) == status}
                assert via_db == via_regels, (verschuiving, wd, status)
        k = kengetallen(w.consulent, peildatum=peildatum)
        assert k["open"] == len(mix)
        for status in ("bijna", "verlopen", "tijdelijke_plaatsing"):
            assert k[status] == sum(_status(a, peildatum) == status for a in mix), (verschuiving, status)


def test_database_termijn_is_regels_termijn(mix):
    via_db = dict(Aanmelding.objects.annotate(t=termijn_volgorde()).values_list("pk", "t"))
    for a in mix:
        assert via_db[a.pk] == regels.termijn(a.ontvangen_op, a.verlengd_op is not None, a.verlenging_weken)
        assert via_db[a.pk] == a.geldende_termijn


def test_api_geeft_voor_elke_verlenging_de_termijn_en_stand_van_regels(w, api, mix):
    client, rijen, url = api(w.consulent), {}, "/api/v1/aanmeldingen/?open=true"
    while url:
        data = client.get(url).json()
        rijen.update({r["id"]: r for r in data["results"]})
        url = data["next"]
    assert set(rijen) == {a.pk for a in mix}
    for a in mix:
        r = rijen[a.pk]
        assert r["beslissen_uiterlijk"] == a.geldende_termijn.isoformat()
        assert r["termijn_status"] == _status(a, vandaag()), (a.ontvangen_op, a.verlengd_op, a.verlenging_weken)
        assert r["dagen_tot_termijn"] == (a.geldende_termijn - vandaag()).days
        assert r["recht_op_tijdelijke_plaatsing"] == ((vandaag() - a.ontvangen_op).days > 70)
        assert r["verlenging_weken"] == (a.verlenging_weken if a.verlengd_op else None)


def test_werklijst_verstreken_toont_de_rijen_van_regels_op_volgorde_van_de_termijn(w, login, mix):
    """The page's filter "termijn verstreken": the rows regels.termijn_status calls "verlopen" (after a short
    extension too), shortest deadline first, each with regels.termijn as its deadline."""
    resp = login(w.school).get(reverse("zorgplicht:lijst"), {"termijn": "verlopen"})
    getoond = [(dt.date.fromisoformat(o), dt.date.fromisoformat(u)) for o, u in re.findall(
        r'<td><time datetime="([\d-]+)">[^<]*</time></td>\s*<td><time datetime="([\d-]+)">', resp.content.decode())]
    verwacht = sorted((a for a in mix if _status(a, vandaag()) == "verlopen"),
                      key=lambda a: (a.geldende_termijn, a.ontvangen_op, a.pk))
    assert len(verwacht) > 25  # more than one page: the order matters
    assert getoond == [(a.ontvangen_op, a.geldende_termijn) for a in verwacht[:25]]
    # Among them: extended by 2 weeks, 57 days ago (8 weeks passed, 10 not yet).
    twee_weken = next(a for a in mix if a.verlengd_op and a.verlenging_weken == 2
                      and (vandaag() - a.ontvangen_op).days == 57)
    assert twee_weken in verwacht


# ------------------------------------------------------------------------------------------------------------
# Monitoring: "binnen de geldende termijn" with the chosen weeks
# ------------------------------------------------------------------------------------------------------------

def test_monitoring_rekent_met_de_gekozen_weken(w):
    D = dt.date
    rijen = [
        # Extended by 2 weeks: day 56 is within the term, day 60 is not (but within 10 weeks).
        (D(2025, 3, 3), 2, D(2025, 3, 3) + dt.timedelta(days=56), True),
        (D(2025, 4, 7), 2, D(2025, 4, 7) + dt.timedelta(days=60), False),
        # Extended by 4 weeks: day 60 is within the term.
        (D(2025, 6, 2), 4, D(2025, 6, 2) + dt.timedelta(days=60), True),
    ]
    for ontvangen, weken, besloten, _ in rijen:
        Aanmelding.objects.create(swv=w.swv, leerling=w.leerling, school=w.school_a, ontvangen_op=ontvangen,
                                  status=Status.TOEGELATEN, verlengd_op=ontvangen + dt.timedelta(days=10),
                                  verlenging_weken=weken, besloten_op=besloten, met_extra_ondersteuning=False)
    # Open on the reference date, extended by 1 week, 50 days after receipt: past its term.
    Aanmelding.objects.create(swv=w.swv, leerling=w.leerling, school=w.school_a, ontvangen_op=D(2025, 11, 11),
                              status=Status.VERLENGD, verlengd_op=D(2025, 11, 20), verlenging_weken=1)
    totaal, _ = monitoring.tel(w.swv, eigen_periode(D(2025, 1, 1), D(2025, 12, 31)), peildatum=D(2025, 12, 31),
                               waarschuwen_dagen=7)
    assert (totaal.besloten, totaal.binnen_termijn) == (3, 2)
    assert totaal.termijn_status["verlopen"] == 1 and totaal.termijn_voorbij == 1


# ------------------------------------------------------------------------------------------------------------
# The migration: existing extensions keep their 4 weeks
# ------------------------------------------------------------------------------------------------------------

def test_migratie_geeft_bestaande_verlengingen_4_weken(w):
    migratie = importlib.import_module("passend.zorgplicht.migrations.0002_verlenging_weken")
    veld = next(op.field for op in migratie.Migration.operations if getattr(op, "name", "") == "verlenging_weken")
    assert veld.default == 4
    verlengd = Aanmelding.objects.create(swv=w.swv, leerling=w.leerling, school=w.school_a,
                                         ontvangen_op=vandaag() - dt.timedelta(days=30), status=Status.VERLENGD,
                                         verlengd_op=vandaag() - dt.timedelta(days=20), verlenging_weken=2)
    migratie.bestaande_verlengingen_vier_weken(apps, None)
    assert vers(verlengd).verlenging_weken == 4
    assert vers(verlengd).geldende_termijn == verlengd.ontvangen_op + dt.timedelta(weeks=10)
