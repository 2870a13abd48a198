"""The TLV register: status filters on known dates, the worklist of TLV's that expire without a renewal,
the Excel export for DUO registration, who sees which TLV's, and withdrawal by the director."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.toewijzing import regels, services
from passend.toewijzing.models import Soort, Status, Tlv
from passend.toewijzing.views.tlv import status_q

VANDAAG = dt.date.today()
DAG = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _snelle_brief(monkeypatch):
    """These tests are about the register, not the letter (tests/toewijzing/test_pdf.py): skip the ~1 s
    of PDF rendering per decision."""
    monkeypatch.setattr("passend.toewijzing.pdf.beschikking_pdf",
                        lambda a, b, *, soort, bezwaar=None: (f"Besluit op uw aanvraag {a.nummer}", b"%PDF-1.7\n"))


def tlv_voor(w, leerling=None, schoolrol=None, school=None):
    """A TLV granted through the services; for another pupil than w.leerling its school submits it without
    the parents' agreement (allowed for a TLV, with a reason)."""
    if leerling is None:
        a = w.naar(w.aanvraag(), Status.BESLOTEN)
    else:
        a = w.aanvraag(leerling=leerling, rol=schoolrol, school=school,
                       zonder_instemming_toelichting="Ouders zijn niet bereikbaar geweest.")
        a = services.transitie(schoolrol, a, "indienen")
        a = w.naar(a, Status.BESLOTEN)
    return Tlv.objects.get(aanvraag=a)


def zet(tlv, **datums):
    """Test setup: move a TLV to other dates (the services issue TLV's from today only)."""
    Tlv.objects.filter(pk=tlv.pk).update(**datums)
    tlv.refresh_from_db()
    return tlv


@pytest.fixture
def register(w):
    """One TLV in each status on today (the SWV's default window: 3 months)."""
    r = {
        "actief": zet(tlv_voor(w), begindatum=VANDAAG - 30 * DAG, einddatum=VANDAAG + 365 * DAG),
        "verloopt": zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + 20 * DAG),
        "verlopen": zet(tlv_voor(w), begindatum=VANDAAG - 400 * DAG, einddatum=VANDAAG - 10 * DAG),
        "toekomstig": zet(tlv_voor(w), begindatum=VANDAAG + 60 * DAG, einddatum=VANDAAG + 400 * DAG),
        "ingetrokken": tlv_voor(w),
    }
    services.tlv_intrekken(w.directeur, r["ingetrokken"], reden="Afgegeven op een onjuiste aanvraag.")
    r["ingetrokken"].refresh_from_db()
    return r


def nummers_op(html: str, register: dict) -> set[str]:
    return {status for status, t in register.items() if t.nummer in html}


@pytest.mark.parametrize("status", ["actief", "verloopt", "verlopen", "ingetrokken", "toekomstig"])
def test_statusfilter_toont_alleen_die_status(w, login, register, status):
    client = login(w.consulent)
    html = client.get(reverse("toewijzing:tlvs"), {"status": status}).content.decode()
    assert nummers_op(html, register) == {status}


def test_register_zonder_filter_toont_alle_met_statuslabel(w, login, register):
    html = login(w.consulent).get(reverse("toewijzing:tlvs")).content.decode()
    assert nummers_op(html, register) == set(register)
    for label in ("Actief", "Verloopt binnenkort", "Verlopen", "Ingetrokken", "Nog niet ingegaan"):
        assert f">{label}</span>" in html
    assert "5 TLV&#x27;s gevonden" in html or "5 TLV's gevonden" in html


def test_zoeken_op_nummer_en_naam(w, login, register):
    client = login(w.consulent)
    html = client.get(reverse("toewijzing:tlvs"), {"q": register["verlopen"].nummer}).content.decode()
    assert nummers_op(html, register) == {"verlopen"}
    html = client.get(reverse("toewijzing:tlvs"), {"q": "aalders"}).content.decode()
    assert nummers_op(html, register) == set(register)
    html = client.get(reverse("toewijzing:tlvs"), {"q": "onbekend"}).content.decode()
    assert nummers_op(html, register) == set()


def test_filter_soort_en_categorie(w, login, register):
    zet(register["actief"], soort="vso", categorie="hoog")
    client = login(w.consulent)
    assert nummers_op(client.get(reverse("toewijzing:tlvs"), {"soort": "vso"}).content.decode(), register) == {"actief"}
    assert nummers_op(client.get(reverse("toewijzing:tlvs"), {"categorie": "laag"}).content.decode(),
                      register) == set(register) - {"actief"}


@pytest.mark.parametrize("begin, eind, ingetrokken", [
    (-10, 0, None),            # ends today: still valid, expiring
    (-10, -1, None),           # ended yesterday
    (0, 400, None),            # starts today
    (1, 400, None),            # starts tomorrow
    (-10, 400, 5),             # withdrawal in the future: not yet withdrawn
    (-10, 400, 0),             # withdrawn today
    (-10, "grens", None),      # ends exactly at the window's edge
    (-10, "grens+1", None),    # one day after the window
])
def test_sql_filter_volgt_regels_tlv_status(w, begin, eind, ingetrokken):
    grens = regels.plus_maanden(VANDAAG, 3)
    eind = {"grens": grens, "grens+1": grens + DAG}.get(eind, None) or VANDAAG + eind * DAG
    t = zet(tlv_voor(w), begindatum=VANDAAG + begin * DAG, einddatum=eind,
            ingetrokken_op=None if ingetrokken is None else VANDAAG + ingetrokken * DAG)
    verwacht = regels.tlv_status(t.begindatum, t.einddatum, t.ingetrokken_op, VANDAAG, 3)
    gevonden = [s for s in ("actief", "verloopt", "verlopen", "ingetrokken", "toekomstig")
                if Tlv.objects.filter(pk=t.pk).filter(status_q(s, VANDAAG, 3)).exists()]
    assert gevonden == [verwacht]


def test_werklijst_verlopend_zonder_aangevraagde_verlenging(w, login, register):
    later = zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + 40 * DAG)
    verlengd = zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + 10 * DAG)
    teruggetrokken = zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + 5 * DAG)
    w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=verlengd)
    weg = w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=teruggetrokken)
    services.transitie(w.school, weg, "intrekken", toelichting="Leerling gaat terug naar het regulier onderwijs.")

    html = login(w.consulent).get(reverse("toewijzing:tlvs_verlopend")).content.decode()
    assert verlengd.nummer not in html
    for t in (teruggetrokken, register["verloopt"], later):
        assert t.nummer in html
    # Soonest first.
    assert html.index(teruggetrokken.nummer) < html.index(register["verloopt"].nummer) < html.index(later.nummer)
    for status in ("actief", "verlopen", "toekomstig", "ingetrokken"):
        assert register[status].nummer not in html

    # The register marks the requested renewal.
    html = login(w.consulent).get(reverse("toewijzing:tlvs"), {"q": verlengd.nummer}).content.decode()
    assert "<td>ja</td>" in html


def test_alleen_een_lopende_of_toegekende_verlenging_haalt_de_tlv_van_de_werklijst(w, login):
    """A refused or withdrawn renewal leaves the TLV expiring: it stays on the worklist (and in the start panel);
    a renewal being prepared, under way or granted takes it off."""
    def verloopt(dagen):
        return zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + dagen * DAG)

    afgewezen, ingetrokken, lopend, toegekend, concept = (verloopt(d) for d in (10, 11, 12, 13, 14))
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=afgewezen), Status.BESLOTEN, uitkomst="afgewezen",
           motivering="De evaluatie laat zien dat de leerling terug kan naar het regulier onderwijs.")
    weg = w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=ingetrokken), Status.INGEDIEND)
    services.transitie(w.school, weg, "intrekken", toelichting="Toch niet nodig.")
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=lopend), Status.IN_BEHANDELING)
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=toegekend), Status.BESLOTEN)
    w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=concept)

    for rol in (w.consulent, w.school):
        html = login(rol).get(reverse("toewijzing:tlvs_verlopend")).content.decode()
        assert afgewezen.nummer in html and ingetrokken.nummer in html
        for t in (lopend, toegekend, concept):
            assert t.nummer not in html
    paneel = login(w.consulent).get("/").content.decode()
    assert '<span class="kengetal">2</span> <span class="kengetal-label">TLV&#x27;s verlopen binnen 3 maanden' in paneel
    for t in (afgewezen, ingetrokken):
        assert f'href="{reverse("toewijzing:tlv", args=[t.pk])}"' in paneel
    for t in (lopend, toegekend, concept):
        assert f'href="{reverse("toewijzing:tlv", args=[t.pk])}"' not in paneel


def test_register_zegt_wat_er_met_de_verlenging_gebeurde(w, login):
    """The column 'Verlenging aangevraagd' says 'nee' only when no renewal was asked: a refused, stopped (not
    completed in time, Awb 4:5) or withdrawn one says so; one under way or granted is 'ja'."""
    from .test_workflow_tabel import aanvulling_verlopen

    def verloopt(dagen):
        return zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + dagen * DAG)

    afgewezen, ingetrokken, niet_behandeld, lopend, geen = (verloopt(d) for d in (10, 11, 12, 13, 14))
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=afgewezen), Status.BESLOTEN, uitkomst="afgewezen",
           motivering="De evaluatie laat zien dat de leerling terug kan naar het regulier onderwijs.")
    weg = w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=ingetrokken), Status.INGEDIEND)
    services.transitie(w.school, weg, "intrekken", toelichting="Toch niet nodig.")
    stil = w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=niet_behandeld), Status.AANVULLING)
    aanvulling_verlopen(stil)
    services.transitie(w.directeur, stil, "buiten_behandeling_stellen",
                       toelichting="De evaluatie van het OPP ontbreekt nog steeds.")
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=lopend), Status.IN_BEHANDELING)

    c = login(w.consulent)
    verwacht = {afgewezen: "afgewezen", ingetrokken: "ingetrokken", niet_behandeld: "niet behandeld",
                lopend: "ja", geen: "nee"}
    for t, stand in verwacht.items():
        html = c.get(reverse("toewijzing:tlvs"), {"q": t.nummer}).content.decode()
        assert re.findall(r"<td>(ja|nee|afgewezen|ingetrokken|niet behandeld)</td></tr>", html) == [stand], t.nummer
    # A refused renewal after a withdrawn one: the refusal is what counts.
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=ingetrokken), Status.BESLOTEN, uitkomst="afgewezen",
           motivering="De leerling kan terug naar het regulier onderwijs.")
    assert "<td>afgewezen</td>" in c.get(reverse("toewijzing:tlvs"), {"q": ingetrokken.nummer}).content.decode()
    # The worklist of expiring TLV's names it too.
    html = c.get(reverse("toewijzing:tlvs_verlopend")).content.decode()
    assert '<span class="hint">verlenging afgewezen</span>' in html
    assert '<span class="hint">verlenging niet behandeld</span>' in html


def test_signaalvenster_is_instelling_van_het_swv(w, login, register):
    from passend.toewijzing.models import Toewijzingsinstellingen

    Toewijzingsinstellingen.objects.create(swv=w.swv, verloop_signaal_maanden=15)
    html = login(w.consulent).get(reverse("toewijzing:tlvs_verlopend")).content.decode()
    assert register["actief"].nummer in html and register["verloopt"].nummer in html


def test_export_is_werkboek_met_zichtbare_tlvs_en_audit(w, login, register):
    resp = login(w.consulent).get(reverse("toewijzing:tlvs_export"), {"status": "verloopt"})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["TLV's"]
    assert ws.freeze_panes == "A2"
    kop = [c.value for c in ws[1]]
    assert kop[:7] == ["TLV-nummer", "Afgevend SWV (code)", "Afgevend SWV (naam)", "Achternaam leerling",
                       "Tussenvoegsel", "Voornaam leerling", "Geboortedatum"]
    rijen = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rijen) == 1
    rij = dict(zip(kop, rijen[0], strict=True))
    t = register["verloopt"]
    assert rij["TLV-nummer"] == t.nummer
    assert rij["Afgevend SWV (code)"] == "PO2799"
    assert rij["Achternaam leerling"] == "Aalders"
    assert rij["Geboortedatum"] == dt.datetime(2016, 5, 3)  # a real date, not text
    assert rij["Einddatum"] == dt.datetime.combine(t.einddatum, dt.time())
    assert rij["Soort onderwijs"] == "SO" and rij["Bekostigingscategorie"] == "1 (laag)"
    assert rij["Aanvragende school (BRIN en vestiging)"] == "27AA01"
    assert rij["Status"] == "Verloopt binnenkort"
    assert "BSN" not in " ".join(str(k) for k in kop)
    event = AuditEvent.objects.filter(actie="export", object_type="toewijzing.tlv").get()
    assert "1 TLV" in event.omschrijving


def test_export_bevat_alleen_zichtbare_tlvs(w, login):
    eigen = tlv_voor(w)
    ander = tlv_voor(w, leerling=w.leerling_b, schoolrol=w.andere_school, school=w.school_b)

    def nummers(rol):
        resp = login(rol).get(reverse("toewijzing:tlvs_export"))
        ws = load_workbook(io.BytesIO(resp.content))["TLV's"]
        return {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}

    assert nummers(w.andere_school) == {ander.nummer}
    assert nummers(w.school) == {eigen.nummer}
    assert nummers(w.consulent) == {eigen.nummer, ander.nummer}
    assert nummers(w.andere_staf) == set()


def test_ouder_kan_niet_exporteren(w, login):
    tlv_voor(w)
    assert login(w.ouder).get(reverse("toewijzing:tlvs_export")).status_code == 403


def test_school_ziet_tlvs_van_eigen_leerlingen(w, login):
    eigen = tlv_voor(w)
    ander = tlv_voor(w, leerling=w.leerling_b, schoolrol=w.andere_school, school=w.school_b)
    client = login(w.school)
    html = client.get(reverse("toewijzing:tlvs")).content.decode()
    assert eigen.nummer in html and ander.nummer not in html
    assert client.get(reverse("toewijzing:tlv", args=[eigen.pk])).status_code == 200
    assert client.get(reverse("toewijzing:tlv", args=[ander.pk])).status_code == 403
    assert AuditEvent.objects.filter(actie="denied", object_type="toewijzing.tlv", object_id=str(ander.pk)).exists()


def test_speciale_school_ziet_tlv_van_nieuwe_leerling(w, login):
    """The SO school registers the TLV with DUO: once the pupil is enrolled there it sees the TLV."""
    from tests.factories import InschrijvingFactory

    t = zet(tlv_voor(w), einddatum=VANDAAG + 30 * DAG)
    client = login(w.school_so)
    assert t.nummer not in client.get(reverse("toewijzing:tlvs")).content.decode()
    InschrijvingFactory(leerling=w.leerling, school=w.so_school)
    assert t.nummer in client.get(reverse("toewijzing:tlvs")).content.decode()
    assert t.nummer in client.get(reverse("toewijzing:tlvs_verlopend")).content.decode()


def test_startpaneel_school_toont_verlopende_tlvs_van_eigen_leerlingen(w, login):
    eigen = zet(tlv_voor(w), einddatum=VANDAAG + 30 * DAG)
    ander = zet(tlv_voor(w, leerling=w.leerling_b, schoolrol=w.andere_school, school=w.school_b),
                einddatum=VANDAAG + 30 * DAG)
    html = login(w.school).get(reverse("core:start")).content.decode()
    assert "TLV&#x27;s die binnenkort verlopen" in html or "TLV's die binnenkort verlopen" in html
    assert reverse("toewijzing:tlv", args=[eigen.pk]) in html
    assert reverse("toewijzing:tlv", args=[ander.pk]) not in html
    assert reverse("toewijzing:tlvs_verlopend") in html


def test_startpaneel_staf(w, login):
    t = zet(tlv_voor(w), einddatum=VANDAAG + 30 * DAG)
    html = login(w.consulent).get(reverse("core:start")).content.decode()
    assert reverse("toewijzing:tlv", args=[t.pk]) in html
    assert "nog 30 dagen" in html


def test_detail_toont_keten_en_legt_inzage_vast(w, login):
    oud = tlv_voor(w)
    a = w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=oud)
    a = w.naar(a, Status.BESLOTEN)
    nieuw = Tlv.objects.get(aanvraag=a)
    assert nieuw.vervangt_id == oud.pk
    client = login(w.consulent)
    html = client.get(reverse("toewijzing:tlv", args=[oud.pk])).content.decode()
    assert "Vervangen door" in html and reverse("toewijzing:tlv", args=[nieuw.pk]) in html
    assert reverse("toewijzing:aanvraag", args=[a.pk]) in html  # the renewal request
    html = client.get(reverse("toewijzing:tlv", args=[nieuw.pk])).content.decode()
    assert "Vervangt" in html and reverse("toewijzing:tlv", args=[oud.pk]) in html
    assert AuditEvent.objects.filter(actie="view", object_type="toewijzing.tlv", object_id=str(nieuw.pk)).exists()
    assert "TLV intrekken" not in html  # a medewerker has no withdraw form


def test_directeur_trekt_tlv_in(w, login):
    t = tlv_voor(w)
    client = login(w.directeur)
    html = client.get(reverse("toewijzing:tlv", args=[t.pk])).content.decode()
    assert "TLV intrekken" in html
    resp = client.post(reverse("toewijzing:tlv_intrekken", args=[t.pk]),
                       {"datum": VANDAAG.isoformat(), "reden": "De leerling is verhuisd naar het buitenland."})
    assert resp.status_code == 302
    t.refresh_from_db()
    assert t.ingetrokken_op == VANDAAG and t.intrekkingsreden == "De leerling is verhuisd naar het buitenland."
    html = client.get(reverse("toewijzing:tlvs"), {"status": "ingetrokken"}).content.decode()
    assert t.nummer in html


def test_intrekken_zonder_reden_toont_fout_en_bewaart_niets(w, login):
    t = tlv_voor(w)
    resp = login(w.directeur).post(reverse("toewijzing:tlv_intrekken", args=[t.pk]), {"datum": "", "reden": ""})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Controleer het formulier" in html and 'id="id_reden_error"' in html
    t.refresh_from_db()
    assert t.ingetrokken_op is None


def test_intrekken_voor_afgifte_wordt_geweigerd_met_invoer_behouden(w, login):
    t = tlv_voor(w)
    resp = login(w.directeur).post(reverse("toewijzing:tlv_intrekken", args=[t.pk]),
                                   {"datum": "2000-01-01", "reden": "Vergissing bij de afgifte."})
    html = resp.content.decode()
    assert "De intrekking ligt vóór de afgifte." in html
    assert "Vergissing bij de afgifte." in html
    t.refresh_from_db()
    assert t.ingetrokken_op is None


def test_medewerker_mag_niet_intrekken(w, login):
    t = tlv_voor(w)
    resp = login(w.consulent).post(reverse("toewijzing:tlv_intrekken", args=[t.pk]),
                                   {"reden": "Geen bevoegdheid, maar toch geprobeerd."})
    assert resp.status_code == 403
    t.refresh_from_db()
    assert t.ingetrokken_op is None


def test_ander_swv_ziet_niets(w, login, register):
    client = login(w.andere_staf)
    html = client.get(reverse("toewijzing:tlvs")).content.decode()
    assert nummers_op(html, register) == set()
    assert client.get(reverse("toewijzing:tlv", args=[register["actief"].pk])).status_code == 403


def test_school_ziet_niet_dat_de_verlenging_van_een_andere_school_werd_afgewezen(w, login):
    """The pupil moved to De Eik after De Linde's renewal was refused: De Eik sees the TLV (its pupil now), but
    not what became of a request it cannot see; De Linde and the SWV do."""
    from tests.factories import InschrijvingFactory

    t = zet(tlv_voor(w), begindatum=VANDAAG - 300 * DAG, einddatum=VANDAAG + 20 * DAG)
    w.naar(w.aanvraag(soort=Soort.VERLENGING, vorige_tlv=t), Status.BESLOTEN, uitkomst="afgewezen",
           motivering="De evaluatie laat zien dat de leerling terug kan naar het regulier onderwijs.")
    InschrijvingFactory(school=w.school_b, leerling=w.leerling, begindatum=VANDAAG - 5 * DAG)

    def stand(rol):
        html = login(rol).get(reverse("toewijzing:tlvs"), {"q": t.nummer}).content.decode()
        return re.findall(r"<td>(ja|nee|afgewezen|ingetrokken|niet behandeld)</td></tr>", html)

    assert stand(w.andere_school) == ["nee"]
    assert stand(w.school) == ["afgewezen"]
    assert stand(w.consulent) == ["afgewezen"]
