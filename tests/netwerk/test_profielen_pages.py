"""The pages of the region's offer (netwerk:behoeften, plan, profielen, profiel, profiel_bewerken, instellingen):
what each role reads with the fixture's numbers, who changes what, bad input kept and nothing saved, the Excel
export, and another SWV kept out.

The fixture `n` (conftest.py): plan 2024-2028 (OPR 15-04-2024, NT2 in the basis); De Eik: gedrag extra 5/2,
ASS extra 3/3 (full); SO De Brug: gedrag 20/10, ASS 10/4, ZML 12/6 (specialistisch), 80 places, 78 taken,
waiting list 7; De Linde: dyslexie/dyscalculie extra without a limit. Today is fixed at 5 December 2026."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from passend.audit.models import AuditEvent
from passend.netwerk import views_profielen
from passend.netwerk.models import Aanbod, Behoefte, Netwerkinstellingen, Ondersteuningsplan, Schoolprofiel
from passend.register.models import Soort
from tests.factories import SchoolFactory
from tests.html import Tabel

VANDAAG = dt.date(2026, 12, 5)
GEEN = "—geen aanbod"  # an empty cell of the compare matrix (the dash, and words for a screen reader)


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    monkeypatch.setattr(views_profielen, "_vandaag", lambda: VANDAAG)




def tekst(resp) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", resp.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def vergelijk(resp) -> dict:
    """The compare matrix as {school name (first words of the row head): {column: cell text}}."""
    t = Tabel(resp.content.decode(), "netwerk-vergelijk")
    kop, *rijen = t.rijen
    uit = {}
    for r in rijen:
        naam = next(s for s in ("SO De Brug", "De Eik", "De Linde") if r[0].startswith(s)) \
            if r[0].startswith(("SO De Brug", "De Eik", "De Linde")) else r[0]
        uit[naam] = dict(zip(kop, r, strict=True))
    return uit


URL = {
    "behoeften": reverse("netwerk:behoeften"),
    "plan": reverse("netwerk:plan"),
    "plan_nieuw": reverse("netwerk:plan_nieuw"),
    "profielen": reverse("netwerk:profielen"),
    "instellingen": reverse("netwerk:instellingen"),
}


def profiel_url(school, bewerken=False):
    return reverse("netwerk:profiel_bewerken" if bewerken else "netwerk:profiel", args=[school.pk])


def aanbod_van(profiel) -> dict:
    return {a.behoefte.code: (a.niveau, a.capaciteit, a.bezet, a.toelichting)
            for a in Aanbod.objects.filter(profiel=profiel).select_related("behoefte")}


def profiel_post(n, b, **over) -> dict:
    """The form of De Eik as saved in the fixture, with `over` changed."""
    data = {"geldig_van": "2024-08-01", "geldig_tot": "2028-07-31", "mr_advies_op": "", "expertise": "",
            "voorzieningen": "",
            f"biedt_{b['gedrag'].pk}": "on", f"niveau_{b['gedrag'].pk}": "extra",
            f"capaciteit_{b['gedrag'].pk}": "5", f"bezet_{b['gedrag'].pk}": "2",
            f"biedt_{b['ass'].pk}": "on", f"niveau_{b['ass'].pk}": "extra",
            f"capaciteit_{b['ass'].pk}": "3", f"bezet_{b['ass'].pk}": "3"}
    data.update(over)
    return data


# ------------------------------------------------------------------------------------------------------------
# Needs
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wie", ["consulent", "school", "ouder", "bestuur"])
def test_behoeften_lijst_met_aantal_scholen(n, login, wie):
    r = login(getattr(n.w, wie)).get(URL["behoeften"])
    assert r.status_code == 200
    t = Tabel(r.content.decode(), "netwerk-behoeften")
    assert t.rij("Gedrag")[-1] == "2"  # De Eik and SO De Brug
    assert t.rij("Autisme (ASS)")[-1] == "2"
    assert t.rij("ZML")[-1] == "1"
    assert t.rij("Dyslexie / dyscalculie")[-1] == "1"
    assert t.rij("Medisch")[-1] == "0"
    assert "basisondersteuning" in t.rij("NT2")[-1]
    assert "basisondersteuning" not in t.rij("Gedrag")[-1]
    assert len(t.rijen) == 1 + 12
    assert ("Eigen behoefte toevoegen" in tekst(r)) == (wie == "consulent")


def test_eigen_behoefte_toevoegen(n, login):
    c = login(n.w.consulent)
    r = c.post(URL["behoeften"], {"naam": "Rouwverwerking", "omschrijving": "Na overlijden van een ouder"})
    assert r.status_code == 302
    r = c.get(URL["behoeften"])
    rij = Tabel(r.content.decode(), "netwerk-behoeften").rij("Rouwverwerking")
    assert rij[1:] == ["Na overlijden van een ouder", "eigen behoefte", "0"]
    # The new need is a row in the profile form.
    assert "Rouwverwerking: niveau" in c.get(profiel_url(n.w.school_b, bewerken=True)).content.decode()

    # A name already in the list: refused, what was typed stays.
    aantal = Behoefte.objects.count()
    r = c.post(URL["behoeften"], {"naam": "gedrag", "omschrijving": "Dubbel"})
    assert r.status_code == 200
    assert "Deze behoefte staat al in de lijst." in tekst(r)
    assert 'value="gedrag"' in r.content.decode() and 'value="Dubbel"' in r.content.decode()
    assert Behoefte.objects.count() == aantal


def test_behoefte_toevoegen_alleen_swv_staf_en_eigen_swv(n, login):
    aantal = Behoefte.objects.count()
    assert login(n.w.school).post(URL["behoeften"], {"naam": "Rouwverwerking"}).status_code == 403
    assert login(n.w.directeur).post(URL["behoeften"], {"naam": "Rouwverwerking"}).status_code == 302
    assert Behoefte.objects.count() == aantal + 1
    # Another SWV does not see this SWV's own need.
    r = login(n.w.andere_staf).get(URL["behoeften"])
    namen = [rij[0] for rij in Tabel(r.content.decode(), "netwerk-behoeften").rijen[1:]]
    assert "Rouwverwerking" not in namen and len(namen) == 12


# ------------------------------------------------------------------------------------------------------------
# Ondersteuningsplan
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wie", ["school", "ouder", "consulent", "leerplicht"])
def test_plan_lezen(n, login, wie):
    r = login(getattr(n.w, wie)).get(URL["plan"])
    assert r.status_code == 200
    t = tekst(r)
    assert "Ondersteuningsplan 2024-2028 Geldig" in t
    assert "01-08-2024 tot en met 31-07-2028" in t
    assert "Instemming OPR 15-04-2024" in t
    assert "uiterlijk 30-04-2024" in t
    assert "Een dyslexieprotocol" in t and "NT2-begeleiding in de klas" in t
    assert "Behoeften in de basis" in t and "NT2" in t
    assert "Nieuw plan" not in t and "Plan bewerken" not in t


def test_plan_nieuw_door_directeur(n, login):
    c = login(n.w.directeur)
    r = c.get(URL["plan"])
    assert "Nieuw plan" in tekst(r) and "Plan bewerken" in tekst(r)
    # The suggestion follows the current plan and starts from its basisondersteuning.
    r = c.get(URL["plan_nieuw"])
    html = r.content.decode()
    assert 'value="2028-08-01"' in html and 'value="2032-07-31"' in html
    assert "Een dyslexieprotocol" in html

    plannen = Ondersteuningsplan.objects.count()
    data = {"titel": "Ondersteuningsplan 2028-2033", "geldig_van": "01-08-2028", "geldig_tot": "31-07-2033",
            "opr_instemming_op": "01-03-2028", "basisondersteuning": "Een rekenprotocol",
            "basis_behoeften": [n.b["nt2"].pk, n.b["medisch"].pk]}
    r = c.post(URL["plan_nieuw"], data)
    assert r.status_code == 200
    assert "De periode is langer dan 4 jaar" in tekst(r)
    html = r.content.decode()
    assert 'value="01-08-2028"' in html and 'value="31-07-2033"' in html and "Een rekenprotocol" in html
    assert re.search(rf'value="{n.b["medisch"].pk}"[^>]*checked', html)
    assert Ondersteuningsplan.objects.count() == plannen

    r = c.post(URL["plan_nieuw"], {**data, "geldig_tot": "31-07-2032", "opr_instemming_op": "15-08-2028"})
    assert r.status_code == 200
    assert "De OPR moet instemmen vóór de ingangsdatum van het plan." in tekst(r)
    assert 'value="15-08-2028"' in r.content.decode()
    assert Ondersteuningsplan.objects.count() == plannen

    r = c.post(URL["plan_nieuw"], {**data, "geldig_tot": "31-07-2032"})
    assert r.status_code == 302
    nieuw = Ondersteuningsplan.objects.get(titel="Ondersteuningsplan 2028-2033")
    assert (nieuw.geldig_van, nieuw.geldig_tot, nieuw.opr_instemming_op) == (
        dt.date(2028, 8, 1), dt.date(2032, 7, 31), dt.date(2028, 3, 1))
    assert set(nieuw.basis_behoeften.values_list("code", flat=True)) == {"nt2", "medisch"}
    # Today the 2024 plan is still the current one; the new one is listed as not yet started.
    t = tekst(c.get(URL["plan"]))
    assert "Ondersteuningsplan 2024-2028 Geldig" in t
    assert "Ondersteuningsplan 2028-2033 01-08-2028 – 31-07-2032 01-03-2028 Nog niet ingegaan" in t


@pytest.mark.parametrize("tot, status, zin", [
    (dt.date(2027, 3, 31), "Verloopt binnenkort",
     "Het volgende plan had uiterlijk 30-04-2026 bij de Inspectie moeten zijn; die datum is voorbij."),
    (dt.date(2026, 7, 31), "Verlopen",
     "Het plan is verlopen: er is geen geldig ondersteuningsplan."),
])
def test_plan_dat_afloopt(n, login, tot, status, zin):
    Ondersteuningsplan.objects.filter(pk=n.plan.pk).update(geldig_van=dt.date(2023, 8, 1), geldig_tot=tot)
    t = tekst(login(n.w.consulent).get(URL["plan"]))
    assert f"Ondersteuningsplan 2024-2028 {status}" in t
    assert zin in t


def test_plan_bewerken(n, login):
    c = login(n.w.directeur)
    url = reverse("netwerk:plan_bewerken", args=[n.plan.pk])
    html = c.get(url).content.decode()
    assert 'value="2024-08-01"' in html and 'value="2028-07-31"' in html
    r = c.post(url, {"titel": "Ondersteuningsplan 2024-2028", "geldig_van": "2024-08-01",
                     "geldig_tot": "2028-07-31", "opr_instemming_op": "2024-04-15",
                     "basisondersteuning": "Een dyslexieprotocol\nEen gedragsspecialist op afroep",
                     "basis_behoeften": [n.b["nt2"].pk]})
    assert r.status_code == 302
    assert "Een gedragsspecialist op afroep" in tekst(c.get(URL["plan"]))


@pytest.mark.parametrize("wie", ["consulent", "school", "beheerder"])
def test_plan_wijzigen_alleen_directeur(n, login, wie):
    c = login(getattr(n.w, wie))
    assert c.get(URL["plan_nieuw"]).status_code == 403
    url = reverse("netwerk:plan_bewerken", args=[n.plan.pk])
    assert c.get(url).status_code == 403
    r = c.post(url, {"titel": "Ander plan", "geldig_van": "2024-08-01", "geldig_tot": "2028-07-31",
                     "basisondersteuning": "Niets"})
    assert r.status_code == 403
    n.plan.refresh_from_db()
    assert n.plan.titel == "Ondersteuningsplan 2024-2028"
    assert Ondersteuningsplan.objects.count() == 1


# ------------------------------------------------------------------------------------------------------------
# Profiles: list and compare
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wie", ["consulent", "school", "ouder", "bestuur"])
def test_profielen_vergelijken(n, login, wie):
    r = login(getattr(n.w, wie)).get(URL["profielen"])
    assert r.status_code == 200
    t = tekst(r)
    assert "3 / 3 scholen met een geldig profiel" in t
    assert "3 scholen" in t
    m = vergelijk(r)
    assert set(m) == {"De Eik", "De Linde", "SO De Brug"}
    assert m["De Eik"]["Gedrag"] == "extra 3 vrij"
    assert m["De Eik"]["Autisme (ASS)"] == "extra vol"
    assert m["De Eik"]["ZML"] == GEEN
    assert m["SO De Brug"]["Gedrag"] == "specialistisch 10 vrij"
    assert m["SO De Brug"]["ZML"] == "specialistisch 6 vrij"
    assert m["De Linde"]["Dyslexie / dyscalculie"] == "extra"  # no fixed limit
    # NT2 is in the plan's basisondersteuning: every regular school, not the SO school.
    assert m["De Linde"]["NT2"].startswith("basis") and m["De Eik"]["NT2"].startswith("basis")
    assert m["SO De Brug"]["NT2"] == GEEN
    assert m["SO De Brug"]["Profiel"].startswith("Geldig")


@pytest.mark.parametrize("filter_, scholen", [
    ({"behoefte": "zml"}, {"SO De Brug"}),
    ({"behoefte": "gedrag"}, {"SO De Brug", "De Eik"}),
    ({"behoefte": "nt2"}, {"De Eik", "De Linde"}),
    ({"soort": "SO"}, {"SO De Brug"}),
    ({"q": "eik"}, {"De Eik"}),
    ({"status": "geldig"}, {"SO De Brug", "De Eik", "De Linde"}),
    ({"status": "ontbreekt"}, set()),
])
def test_profielen_filters(n, login, filter_, scholen):
    if "behoefte" in filter_:
        filter_ = {"behoefte": n.b[filter_["behoefte"]].pk}
    r = login(n.w.consulent).get(URL["profielen"], filter_)
    assert r.status_code == 200
    gevonden = set(vergelijk(r)) if scholen else set()
    assert gevonden == scholen
    assert f"{len(scholen)} {'school' if len(scholen) == 1 else 'scholen'}" in tekst(r)
    # The counts stay about the whole region.
    assert "3 / 3 scholen met een geldig profiel" in tekst(r)


def test_profielen_status_en_paginering(n, login):
    for i in range(30):
        SchoolFactory(naam=f"Basisschool Zonder Profiel {i:02d}", regio_swv_po=n.w.swv)
    # De Eik's profile expires within 120 days of today.
    Schoolprofiel.objects.filter(pk=n.profiel_b.pk).update(geldig_van=dt.date(2023, 8, 1),
                                                           geldig_tot=dt.date(2027, 1, 31))
    c = login(n.w.consulent)
    r = c.get(URL["profielen"])
    t = tekst(r)
    assert "3 / 33 scholen met een geldig profiel" in t
    assert "1 verloopt binnenkort" in t and "30 zonder profiel" in t
    assert len(vergelijk(r)) == 25
    assert len(vergelijk(c.get(URL["profielen"], {"page": 2}))) == 8
    r = c.get(URL["profielen"], {"status": "verloopt"})
    assert set(vergelijk(r)) == {"De Eik"}
    assert vergelijk(r)["De Eik"]["Profiel"] == "Verloopt binnenkort tot 31-01-2027"
    r = c.get(URL["profielen"], {"status": "ontbreekt", "page": 2})
    assert len(vergelijk(r)) == 5 and "30 scholen" in tekst(r)


def test_school_ziet_eigen_school_eerst_met_bewerken(n, login):
    r = login(n.w.school_so).get(URL["profielen"])
    t = Tabel(r.content.decode(), "netwerk-vergelijk")
    assert t.rijen[1][0].startswith("SO De Brug")
    assert "uw school" in t.rijen[1][0] and "Bewerken" in t.rijen[1][0]
    assert all("Bewerken" not in rij[0] for rij in t.rijen[2:])
    html = r.content.decode()
    assert profiel_url(n.w.so_school, bewerken=True) in html
    assert profiel_url(n.w.school_b, bewerken=True) not in html


def test_export_excel(n, login):
    voor = AuditEvent.objects.filter(actie="export").count()
    r = login(n.w.consulent).get(URL["profielen"], {"behoefte": n.b["gedrag"].pk, "export": "xlsx"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = load_workbook(io.BytesIO(r.content))
    scholen = list(wb["Scholen"].iter_rows(values_only=True))
    assert scholen[0][:5] == ("School", "Vestigingscode", "Plaats", "Soort", "Profiel")
    per_school = {rij[0]: rij for rij in scholen[1:]}
    assert set(per_school) == {"De Eik", "SO De Brug"}
    brug = per_school["SO De Brug"]
    assert brug[4] == "Geldig" and brug[5].date() == dt.date(2024, 8, 1)
    assert brug[7].date() == dt.date(2024, 6, 1)
    assert brug[8:12] == (3, 80, 78, 7)
    aanbod = {(rij[0], rij[3]): rij for rij in list(wb["Aanbod"].iter_rows(values_only=True))[1:]}
    assert aanbod[("De Eik", "Autisme (ASS)")][4:9] == ("Extra ondersteuning", 3, 3, 0, "ja")
    assert aanbod[("SO De Brug", "Gedrag")][4:9] == ("Specialistisch (SBO/SO/VSO)", 20, 10, 10, "nee")
    assert aanbod[("De Eik", "NT2")][4] == "Basisondersteuning (ondersteuningsplan)"
    e = AuditEvent.objects.filter(actie="export").order_by("-pk").first()
    assert AuditEvent.objects.filter(actie="export").count() == voor + 1
    assert e.swv_id == n.w.swv.pk and "2 scholen" in e.omschrijving


# ------------------------------------------------------------------------------------------------------------
# One profile
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wie", ["ouder", "consulent", "school"])
def test_profiel_speciale_school(n, login, wie):
    r = login(getattr(n.w, wie)).get(profiel_url(n.w.so_school))
    assert r.status_code == 200
    t = tekst(r)
    assert "01-08-2024 tot en met 31-07-2028 Geldig" in t
    assert "Advies MR 01-06-2024" in t
    assert "Plaatsen 80" in t and "Bezetting 78 (98%)" in t
    assert "Wachtlijst 7 boven de drempel van 5" in t
    aanbod = Tabel(r.content.decode(), "netwerk-aanbod")
    assert aanbod.rij("ZML")[1:5] == ["Specialistisch (SBO/SO/VSO)", "12", "6", "6"]
    assert "<svg" in r.content.decode() and "Ligging van SO De Brug in Nederland" in r.content.decode()
    assert ("Bewerken" in t) == (wie == "consulent")


def test_profiel_vol_en_basis(n, login):
    r = login(n.w.school).get(profiel_url(n.w.school_b))
    aanbod = Tabel(r.content.decode(), "netwerk-aanbod")
    assert aanbod.rij("Autisme (ASS)")[1:5] == ["Extra ondersteuning", "3", "3", "vol"]
    assert aanbod.rij("Gedrag")[1:5] == ["Extra ondersteuning", "5", "2", "3"]
    t = tekst(r)
    assert "Plaatsen" not in t.split("Aanbod")[0]  # a regular school has no places/waiting list
    assert "basisondersteuning uit Ondersteuningsplan 2024-2028, met daarin: NT2" in t
    assert "Bewerken" not in t  # De Linde's user reads De Eik's profile, but does not change it


def test_school_zonder_profiel(n, login):
    nieuw = SchoolFactory(naam="De Wilg", regio_swv_po=n.w.swv)
    r = login(n.w.ouder).get(profiel_url(nieuw))
    assert r.status_code == 200
    assert "De Wilg heeft nog geen ondersteuningsprofiel" in tekst(r) and "Profiel invullen" not in tekst(r)
    r = login(n.w.consulent).get(profiel_url(nieuw))
    assert "Profiel invullen" in tekst(r)


# ------------------------------------------------------------------------------------------------------------
# Editing a profile
# ------------------------------------------------------------------------------------------------------------

def test_profiel_opslaan_via_formulier_komt_in_vergelijking(n, login):
    c = login(n.w.school)  # De Linde
    url = profiel_url(n.w.school_a, bewerken=True)
    r = c.get(url)
    html = r.content.decode()
    assert re.search(rf'name="biedt_{n.b["dyslexie-dyscalculie"].pk}"[^>]*checked', html)
    assert 'name="plaatsen"' not in html  # not a special school
    b = n.b
    r = c.post(url, {"geldig_van": "01-08-2025", "geldig_tot": "31-07-2029", "mr_advies_op": "10-06-2025",
                     "expertise": "Dyslexiespecialist\nGedragsspecialist", "voorzieningen": "Lift",
                     f"biedt_{b['dyslexie-dyscalculie'].pk}": "on", f"niveau_{b['dyslexie-dyscalculie'].pk}": "extra",
                     f"biedt_{b['medisch'].pk}": "on", f"niveau_{b['medisch'].pk}": "extra",
                     f"capaciteit_{b['medisch'].pk}": "4", f"bezet_{b['medisch'].pk}": "1",
                     f"toelichting_{b['medisch'].pk}": "Diabeteszorg"})
    assert r.status_code == 302
    p = Schoolprofiel.objects.get(swv=n.w.swv, school=n.w.school_a)
    assert (p.geldig_van, p.geldig_tot, p.mr_advies_op) == (dt.date(2025, 8, 1), dt.date(2029, 7, 31),
                                                            dt.date(2025, 6, 10))
    assert aanbod_van(p)["medisch"] == ("extra", 4, 1, "Diabeteszorg")
    m = vergelijk(login(n.w.consulent).get(URL["profielen"]))
    assert m["De Linde"]["Medisch"] == "extra 3 vrij"
    t = tekst(login(n.w.ouder).get(profiel_url(n.w.school_a)))
    assert "Gedragsspecialist" in t and "Lift" in t and "Diabeteszorg" in t


def test_school_kan_ander_profiel_niet_wijzigen(n, login):
    c = login(n.w.school)  # De Linde
    url = profiel_url(n.w.school_b, bewerken=True)
    assert c.get(url).status_code == 403
    voor = aanbod_van(n.profiel_b)
    r = c.post(url, profiel_post(n, n.b, **{f"capaciteit_{n.b['ass'].pk}": "30"}))
    assert r.status_code == 403
    assert aanbod_van(n.profiel_b) == voor


def test_foute_invoer_blijft_staan_en_verandert_niets(n, login):
    c = login(n.w.consulent)
    url = profiel_url(n.w.school_b, bewerken=True)
    voor = aanbod_van(n.profiel_b)
    b = n.b

    # A period of 5 years.
    r = c.post(url, profiel_post(n, b, geldig_tot="2029-07-31", expertise="Gedragsspecialist",
                                 **{f"toelichting_{b['gedrag'].pk}": "Kleine groep"}))
    assert r.status_code == 200
    assert "De periode is langer dan 4 jaar" in tekst(r)
    html = r.content.decode()
    assert 'value="2029-07-31"' in html and "Gedragsspecialist" in html and 'value="Kleine groep"' in html

    # More pupils than places: the message in the need's row, the typed values kept.
    r = c.post(url, profiel_post(n, b, **{f"capaciteit_{b['gedrag'].pk}": "5", f"bezet_{b['gedrag'].pk}": "6",
                                          f"biedt_{b['zml'].pk}": "on", f"niveau_{b['zml'].pk}": "basis",
                                          f"capaciteit_{b['zml'].pk}": "9"}))
    assert r.status_code == 200
    rij = Tabel(r.content.decode(), "netwerk-aanbod-invoer").rij("Gedrag")
    assert "Gedrag: er zijn meer leerlingen (6) dan plaatsen (5)." in " ".join(rij)
    html = r.content.decode()
    assert re.search(rf'name="bezet_{b["gedrag"].pk}"[^>]*value="6"|value="6"[^>]*name="bezet_{b["gedrag"].pk}"',
                     html)
    assert re.search(rf'name="capaciteit_{b["zml"].pk}"[^>]*value="9"|value="9"[^>]*name="capaciteit_{b["zml"].pk}"',
                     html)

    # Not a number, together with a too long period: both messages at once.
    r = c.post(url, profiel_post(n, b, geldig_tot="2029-07-31", **{f"capaciteit_{b['gedrag'].pk}": "vijf"}))
    assert r.status_code == 200
    assert "Gedrag: plaatsen: Vul een heel getal in" in tekst(r)
    assert "Geldig tot en met: De periode is langer dan 4 jaar" in tekst(r)
    assert 'value="vijf"' in r.content.decode()

    n.profiel_b.refresh_from_db()
    assert n.profiel_b.geldig_tot == dt.date(2028, 7, 31) and n.profiel_b.expertise == ""
    assert aanbod_van(n.profiel_b) == voor


def test_speciale_school_plaatsen_en_aanbod_uitzetten(n, login):
    c = login(n.w.school_so)
    url = profiel_url(n.w.so_school, bewerken=True)
    html = c.get(url).content.decode()
    assert re.search(r'name="wachtlijst"[^>]*value="7"|value="7"[^>]*name="wachtlijst"', html)
    b = n.b
    r = c.post(url, {"geldig_van": "2024-08-01", "geldig_tot": "2028-07-31", "mr_advies_op": "2024-06-01",
                     "plaatsen": "80", "bezetting": "80", "wachtlijst": "2",
                     f"biedt_{b['gedrag'].pk}": "on", f"niveau_{b['gedrag'].pk}": "specialistisch",
                     f"capaciteit_{b['gedrag'].pk}": "20", f"bezet_{b['gedrag'].pk}": "20",
                     # ZML and ASS no longer ticked: their offer goes
                     f"capaciteit_{b['zml'].pk}": "12", f"bezet_{b['zml'].pk}": "6"})
    assert r.status_code == 302
    n.profiel_so.refresh_from_db()
    assert (n.profiel_so.plaatsen, n.profiel_so.bezetting, n.profiel_so.wachtlijst) == (80, 80, 2)
    assert set(aanbod_van(n.profiel_so)) == {"gedrag"}
    m = vergelijk(login(n.w.consulent).get(URL["profielen"]))
    assert m["SO De Brug"]["Gedrag"] == "specialistisch vol" and m["SO De Brug"]["ZML"] == GEEN


# ------------------------------------------------------------------------------------------------------------
# Another SWV
# ------------------------------------------------------------------------------------------------------------

def test_ander_swv_ziet_en_wijzigt_niets(n, login):
    c = login(n.w.andere_staf)
    assert c.get(profiel_url(n.w.school_b)).status_code == 404
    assert c.get(profiel_url(n.w.school_b, bewerken=True)).status_code == 404
    voor = aanbod_van(n.profiel_b)
    assert c.post(profiel_url(n.w.school_b, bewerken=True),
                  profiel_post(n, n.b, **{f"capaciteit_{n.b['ass'].pk}": "30"})).status_code == 404
    assert aanbod_van(n.profiel_b) == voor
    # The region's list is theirs: none of these schools, no profile numbers.
    r = c.get(URL["profielen"])
    assert "De Eik" not in tekst(r) and "0 / 0" in tekst(r)
    # An SO school serves several SWV's: they see it, but not this SWV's profile of it.
    t = tekst(c.get(profiel_url(n.w.so_school)))
    assert "Geen profiel" in t and "Wachtlijst" not in t and "ZML" not in t
    # The plan of this SWV: not shown, not changeable.
    assert "Ondersteuningsplan 2024-2028" not in tekst(c.get(URL["plan"]))
    url = reverse("netwerk:plan_bewerken", args=[n.plan.pk])
    assert c.get(url).status_code == 403
    assert c.post(url, {"titel": "Overgenomen", "geldig_van": "2024-08-01", "geldig_tot": "2028-07-31",
                        "basisondersteuning": "Niets"}).status_code == 403
    n.plan.refresh_from_db()
    assert n.plan.titel == "Ondersteuningsplan 2024-2028"
    # The export has none of this SWV's schools.
    wb = load_workbook(io.BytesIO(c.get(URL["profielen"], {"export": "xlsx"}).content))
    assert list(wb["Scholen"].iter_rows(values_only=True))[1:] == []


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

def test_instellingen_directeur_wijzigt_met_komma(n, login):
    c = login(n.w.directeur)
    r = c.get(URL["instellingen"])
    assert 'name="max_afstand_km"' in r.content.decode() and 'value="10"' in r.content.decode()
    r = c.post(URL["instellingen"], {"max_afstand_km": "7,5", "wachtlijst_drempel": "3",
                                     "bezetting_drempel_procent": "90", "wegfactor": "1,3"})
    assert r.status_code == 302
    inst = Netwerkinstellingen.voor(n.w.swv)
    assert (float(inst.max_afstand_km), inst.wachtlijst_drempel, inst.bezetting_drempel_procent,
            float(inst.wegfactor)) == (7.5, 3, 90, 1.3)
    html = c.get(URL["instellingen"]).content.decode()
    assert 'value="7,5"' in html and 'value="1,3"' in html
    # The new threshold applies: SO De Brug's waiting list of 7 is above 3.
    assert "boven de drempel van 3" in tekst(c.get(profiel_url(n.w.so_school)))


def test_instellingen_foute_invoer(n, login):
    c = login(n.w.directeur)
    r = c.post(URL["instellingen"], {"max_afstand_km": "ver", "wachtlijst_drempel": "3",
                                     "bezetting_drempel_procent": "90", "wegfactor": "1,3"})
    assert r.status_code == 200
    assert "Vul een getal in" in tekst(r)
    assert 'value="ver"' in r.content.decode() and 'value="1,3"' in r.content.decode()
    assert not Netwerkinstellingen.objects.filter(swv=n.w.swv).exists()
    r = c.post(URL["instellingen"], {"max_afstand_km": "500", "wachtlijst_drempel": "3",
                                     "bezetting_drempel_procent": "90", "wegfactor": "1,3"})
    assert r.status_code == 200
    assert "Kies een waarde van 0,5 tot en met 200" in tekst(r)
    assert 'value="500"' in r.content.decode()
    assert not Netwerkinstellingen.objects.filter(swv=n.w.swv).exists()


@pytest.mark.parametrize("wie", ["consulent", "school", "ouder"])
def test_instellingen_anderen_lezen_alleen(n, login, wie):
    c = login(getattr(n.w, wie))
    r = c.get(URL["instellingen"])
    assert r.status_code == 200
    t = tekst(r)
    assert "Grootste afstand (km) 10 km" in t and "Drempel wachtlijst 5 leerlingen" in t
    assert 'name="max_afstand_km"' not in r.content.decode()
    assert c.post(URL["instellingen"], {"max_afstand_km": "50", "wachtlijst_drempel": "3",
                                        "bezetting_drempel_procent": "90", "wegfactor": "1"}).status_code == 403
    assert not Netwerkinstellingen.objects.filter(swv=n.w.swv).exists()


def test_speciale_school_buiten_de_regio_toevoegen(n, login):
    buiten = SchoolFactory(naam="VSO De Horizon", soort=Soort.VSO, plaats="Deventer")
    c = login(n.w.consulent)
    r = c.get(URL["profielen"])
    assert "VSO De Horizon (Deventer)" in r.content.decode()
    r = c.get(URL["profielen"], {"nieuw": buiten.pk})
    assert r.status_code == 302 and r["Location"] == profiel_url(buiten, bewerken=True)
    # A regular school outside the region cannot be added this way.
    regulier = SchoolFactory(naam="Buiten de regio")
    assert c.get(profiel_url(regulier, bewerken=True)).status_code == 404
    assert login(n.w.school).get(URL["profielen"], {"nieuw": buiten.pk}).status_code == 403
