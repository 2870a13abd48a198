"""The school's and parents' pages of toewijzing: list, new request, editing, attachments, the parent's reaction,
start panels and the Toewijzing section on the pupil page, walked through as the users would."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.toewijzing.models import Aanvraag, Bijlage, Ouderreactie, Soort, Status
from tests.toewijzing.conftest import pdf_upload

NIEUW = reverse("toewijzing:aanvraag_nieuw")
LIJST = reverse("toewijzing:aanvragen")


def _pagina(a):
    return reverse("toewijzing:aanvraag", args=[a.pk])


def _tlv_invoer(w, **extra):
    data = {
        "leerling": w.leerling.pk, "school": w.school_a.pk, "soort": "tlv", "tlv_soort": "so", "categorie": "laag",
        "vraag": "Hij loopt vast in de grote groep en heeft een kleine, voorspelbare klas nodig.",
        "al_gedaan": "Twee jaar extra begeleiding en een ambulant begeleider.",
        "zienswijze_leerling": "Wil naar een school waar het rustiger is.",
    }
    data.update(extra)
    return data


def _tekst(resp) -> str:
    return resp.content.decode()


# --------------------------------------------------------------------------------------------------------
# The whole path through the pages
# --------------------------------------------------------------------------------------------------------

def test_school_vraagt_tlv_aan_ouder_reageert_school_dient_in(w, login):
    c = login(w.school)
    resp = c.get(NIEUW)
    assert resp.status_code == 200
    assert w.leerling.achternaam in _tekst(resp)
    assert w.leerling_b.achternaam not in _tekst(resp)  # not at this school

    resp = c.post(NIEUW, _tlv_invoer(w))
    a = Aanvraag.objects.get()
    assert resp.status_code == 302 and resp.url == _pagina(a)
    assert (a.status, a.soort, a.tlv_soort, a.categorie, a.school) == (Status.CONCEPT, "tlv", "so", "laag", w.school_a)
    assert a.vraag.startswith("Hij loopt vast")

    # The completeness check says what is still missing, with a way to fix it.
    pagina = _tekst(c.get(_pagina(a)))
    assert "Nog nodig voor indienen" in pagina
    assert "Het OPP of groeidocument als bijlage" in pagina
    assert "De zienswijze van de ouders" in pagina
    assert reverse("toewijzing:aanvraag_bewerken", args=[a.pk]) in pagina

    # The OPP is uploaded through the page.
    resp = c.post(reverse("toewijzing:bijlage_nieuw", args=[a.pk]), {"soort": "opp", "bestand": pdf_upload("opp.pdf")})
    assert resp.status_code == 302
    b = Bijlage.objects.get(aanvraag=a)
    assert (b.soort, b.naam) == ("opp", "opp.pdf")
    pagina = _tekst(c.get(_pagina(a)))
    assert "Het OPP of groeidocument als bijlage" not in pagina
    assert reverse("toewijzing:bijlage", args=[b.pk]) in pagina
    # Submitting is not possible yet: the parents' view is still missing.
    resp = c.post(reverse("toewijzing:stap", args=[a.pk, "indienen"]), follow=True)
    assert Aanvraag.objects.get(pk=a.pk).status == Status.CONCEPT
    assert "nog niet compleet" in _tekst(resp)

    # The parent reads it and agrees, with their view.
    c = login(w.ouder)
    pagina = _tekst(c.get(_pagina(a)))
    assert reverse("toewijzing:ouderreactie", args=[a.pk]) in pagina
    resp = c.get(reverse("toewijzing:ouderreactie", args=[a.pk]))
    assert resp.status_code == 200 and "zonder uw instemming" in _tekst(resp)  # TLV: the law allows it
    resp = c.post(reverse("toewijzing:ouderreactie", args=[a.pk]), {
        "gezien": "on", "akkoord": "akkoord", "zienswijze": "Wij zien dat hij rust nodig heeft.",
    })
    assert resp.status_code == 302
    r = Ouderreactie.objects.get(aanvraag=a)
    assert (r.akkoord, r.heeft_gezag, r.user_id) == ("akkoord", True, w.ouder.user_id)
    pagina = _tekst(c.get(_pagina(a)))
    assert "Wij zien dat hij rust nodig heeft." in pagina and "(uw reactie)" in pagina

    # The school sees the reaction and the request is complete; it submits through the generic step.
    c = login(w.school)
    pagina = _tekst(c.get(_pagina(a)))
    assert "Wij zien dat hij rust nodig heeft." in pagina and "Met gezag" in pagina
    assert "Nog nodig voor indienen" not in pagina and "Compleet" in pagina
    resp = c.post(reverse("toewijzing:stap", args=[a.pk, "indienen"]))
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.INGEDIEND and a.ingediend_op == dt.date.today()
    pagina = _tekst(c.get(_pagina(a)))
    assert "Ingediend" in pagina
    assert reverse("toewijzing:aanvraag_bewerken", args=[a.pk]) not in pagina  # no longer editable
    # The list shows it with its decision deadline (8 weeks by default).
    lijst = _tekst(c.get(LIJST))
    assert a.nummer in lijst
    assert f"{a.ingediend_op + dt.timedelta(weeks=8):%d-%m-%Y}" in lijst


def test_tlv_zonder_instemming_staat_duidelijk_in_het_dossier(w, login):
    a = w.aanvraag(zonder_instemming_toelichting="Ouders zijn onbereikbaar; de leerling kan niet langer wachten.")
    w.ouder_akkoord(a, akkoord="niet_akkoord")
    c = login(w.school)
    assert c.post(reverse("toewijzing:stap", args=[a.pk, "indienen"])).status_code == 302
    assert Aanvraag.objects.get(pk=a.pk).status == Status.INGEDIEND
    pagina = _tekst(c.get(_pagina(a)))
    assert "Ingediend zonder instemming van ouders met gezag." in pagina
    assert "Ouders zijn onbereikbaar" in pagina
    assert "Niet akkoord" in pagina


# --------------------------------------------------------------------------------------------------------
# Bad input: shown with what was typed, nothing saved
# --------------------------------------------------------------------------------------------------------

def test_fout_van_de_service_houdt_de_invoer_vast_en_slaat_niets_op(w, login):
    c = login(w.school)
    resp = c.post(NIEUW, _tlv_invoer(w, tlv_soort="sbo", categorie="laag", vraag="Mijn zorgvuldig getypte hulpvraag"))
    assert resp.status_code == 200
    assert Aanvraag.objects.count() == 0
    pagina = _tekst(resp)
    assert "SBO en PrO kennen geen bekostigingscategorie" in pagina
    assert "Mijn zorgvuldig getypte hulpvraag" in pagina
    assert "Er is niets opgeslagen." in pagina
    assert 'value="sbo" selected' in pagina


def test_fout_in_het_formulier_houdt_de_invoer_vast(w, login):
    c = login(w.school)
    resp = c.post(NIEUW, {"leerling": w.leerling.pk, "school": w.school_a.pk, "soort": "arrangement",
                          "doel": "Zelfstandig leren plannen", "uren": "12,5", "periode_van": "2026-09-01",
                          "periode_tot": "2026-08-01"})
    assert resp.status_code == 200 and Aanvraag.objects.count() == 0
    pagina = _tekst(resp)
    assert "Het einde van de periode ligt vóór het begin" in pagina
    assert "Zelfstandig leren plannen" in pagina and 'value="12,5"' in pagina

    resp = c.post(NIEUW, {"leerling": w.leerling.pk, "school": w.school_a.pk, "vraag": "Zonder soort"})
    assert resp.status_code == 200 and Aanvraag.objects.count() == 0
    assert "Kies wat u aanvraagt." in _tekst(resp) and "Zonder soort" in _tekst(resp)


def test_velden_van_een_andere_soort_tellen_niet_mee(w, login):
    """Someone who first chose a TLV and then an arrangement: the hidden TLV fields are not saved."""
    c = login(w.school)
    resp = c.post(NIEUW, {"leerling": w.leerling.pk, "school": w.school_a.pk, "soort": "arrangement",
                          "tlv_soort": "so", "categorie": "hoog", "periode_van": "geen datum", "doel": "Rust",
                          "vorm": "Ambulante begeleiding", "uren": "10", "periode_tot": ""})
    assert resp.status_code == 200  # periode_van is an arrangement field: its error counts
    assert "Vul een geldige datum in" in _tekst(resp)
    resp = c.post(NIEUW, {"leerling": w.leerling.pk, "school": w.school_a.pk, "soort": "advies",
                          "tlv_soort": "so", "categorie": "hoog", "periode_van": "geen datum", "vraag": "Advies graag"})
    a = Aanvraag.objects.get()
    assert resp.status_code == 302
    assert (a.soort, a.tlv_soort, a.categorie, a.periode_van, a.vraag) == ("advies", "", "", None, "Advies graag")


def test_leerling_van_een_andere_school_kan_niet(w, login):
    c = login(w.school)
    resp = c.post(NIEUW, _tlv_invoer(w, leerling=w.leerling_b.pk))
    assert resp.status_code == 200 and Aanvraag.objects.count() == 0
    assert "Kies een leerling uit de lijst." in _tekst(resp)
    resp = c.post(NIEUW, _tlv_invoer(w, school=w.school_b.pk))
    assert resp.status_code == 200 and Aanvraag.objects.count() == 0


def test_bijlage_met_verkeerd_type_wordt_niet_opgeslagen(w, login):
    a = w.aanvraag(compleet=False)
    c = login(w.school)
    exe = SimpleUploadedFile("setup.exe", b"MZ...", content_type="application/octet-stream")
    resp = c.post(reverse("toewijzing:bijlage_nieuw", args=[a.pk]), {"soort": "opp", "bestand": exe}, follow=True)
    assert not Bijlage.objects.exists()
    assert "Dit bestandstype kan niet" in _tekst(resp)
    resp = c.post(reverse("toewijzing:bijlage_nieuw", args=[a.pk]), {"soort": "opp"}, follow=True)
    assert not Bijlage.objects.exists() and "Kies een bestand." in _tekst(resp)


def test_bijlage_verwijderen_alleen_zolang_de_school_mag_wijzigen(w, login):
    a = w.aanvraag()
    extra = Bijlage.objects.get(aanvraag=a)
    c = login(w.school)
    resp = c.post(reverse("toewijzing:bijlage_verwijderen", args=[extra.pk]))
    assert resp.status_code == 302 and not Bijlage.objects.filter(pk=extra.pk).exists()

    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    b = Bijlage.objects.get(aanvraag=a)
    assert c.post(reverse("toewijzing:bijlage_verwijderen", args=[b.pk])).status_code == 403
    assert Bijlage.objects.filter(pk=b.pk).exists()
    # SWV staff may still add to an open request.
    c = login(w.consulent)
    assert "Bijlage toevoegen" in _tekst(c.get(_pagina(a)))
    c.post(reverse("toewijzing:bijlage_nieuw", args=[a.pk]), {"soort": "verslag", "bestand": pdf_upload("mdo.pdf")})
    assert a.bijlagen.filter(naam="mdo.pdf").exists()


# --------------------------------------------------------------------------------------------------------
# Editing
# --------------------------------------------------------------------------------------------------------

def test_school_wijzigt_een_concept_en_daarna_niet_meer(w, login):
    a = w.aanvraag(compleet=False, vraag="Eerste versie")
    c = login(w.school)
    url = reverse("toewijzing:aanvraag_bewerken", args=[a.pk])
    resp = c.get(url)
    assert resp.status_code == 200 and "Eerste versie" in _tekst(resp)
    assert 'name="soort"' not in _tekst(resp)  # the kind is fixed
    resp = c.post(url, {"vraag": "Tweede versie", "tlv_soort": "vso", "categorie": "midden", "emb": ""})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert (a.vraag, a.tlv_soort, a.categorie) == ("Tweede versie", "vso", "midden")
    # A service error keeps the input and saves nothing.
    resp = c.post(url, {"vraag": "Derde versie", "tlv_soort": "vso", "categorie": "laag", "emb": "on"})
    assert resp.status_code == 200 and "categorie hoog" in _tekst(resp) and "Derde versie" in _tekst(resp)
    a.refresh_from_db()
    assert a.vraag == "Tweede versie"

    ingediend = w.naar(w.aanvraag(), Status.INGEDIEND)
    assert c.get(reverse("toewijzing:aanvraag_bewerken", args=[ingediend.pk])).status_code == 403


def test_verlenging_kiest_de_tlv_van_de_leerling(w, login):
    besloten = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = besloten.tlvs.get()
    c = login(w.school)
    resp = c.get(NIEUW + f"?leerling={w.leerling.pk}")
    pagina = _tekst(resp)
    assert f'<option value="{w.leerling.pk}" selected>' in pagina
    assert f"TLV {tlv.nummer}" in pagina
    resp = c.post(NIEUW, _tlv_invoer(w, soort="verlenging", vorige_tlv=tlv.pk))
    assert resp.status_code == 302
    nieuw = Aanvraag.objects.get(soort=Soort.VERLENGING)
    assert nieuw.vorige_tlv == tlv
    assert tlv.nummer in _tekst(c.get(_pagina(nieuw)))


# --------------------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wie", ["andere_school", "andere_staf"])
def test_andere_school_en_ander_swv_krijgen_403(w, login, wie):
    a = w.aanvraag()
    b = Bijlage.objects.get(aanvraag=a)
    c = login(getattr(w, wie))
    assert c.get(_pagina(a)).status_code == 403
    assert c.get(reverse("toewijzing:aanvraag_bewerken", args=[a.pk])).status_code == 403
    assert c.post(reverse("toewijzing:aanvraag_bewerken", args=[a.pk]), {"vraag": "Overschreven"}).status_code == 403
    resp = c.post(reverse("toewijzing:bijlage_nieuw", args=[a.pk]), {"soort": "overig", "bestand": pdf_upload("x.pdf")})
    assert resp.status_code == 403
    assert c.post(reverse("toewijzing:bijlage_verwijderen", args=[b.pk])).status_code == 403
    assert c.get(reverse("toewijzing:bijlage", args=[b.pk])).status_code == 403
    a.refresh_from_db()
    assert a.vraag != "Overschreven" and a.bijlagen.count() == 1
    assert a.nummer not in _tekst(c.get(LIJST))


def test_alleen_een_school_kan_aanvragen(w, login):
    for rol in (w.consulent, w.ouder, w.deskundige1):
        c = login(rol)
        assert c.get(NIEUW).status_code == 403
        assert "Nieuwe aanvraag" not in _tekst(c.get(LIJST))
    assert login(w.bestuur).get(LIJST).status_code == 403
    c = login(w.school)
    assert "Nieuwe aanvraag" in _tekst(c.get(LIJST))


def test_alleen_een_ouder_reageert_als_ouder(w, login):
    a = w.aanvraag()
    assert login(w.school).get(reverse("toewijzing:ouderreactie", args=[a.pk])).status_code == 403
    andere = w.aanvraag(leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)
    c = login(w.ouder)
    assert c.get(reverse("toewijzing:ouderreactie", args=[andere.pk])).status_code == 403
    resp = c.post(reverse("toewijzing:ouderreactie", args=[andere.pk]), {"gezien": "on", "akkoord": "akkoord"})
    assert resp.status_code == 403 and not Ouderreactie.objects.exists()


def test_ouderreactie_vraagt_bevestiging_en_kan_niet_meer_na_besluit(w, login):
    a = w.aanvraag()
    c = login(w.ouder)
    url = reverse("toewijzing:ouderreactie", args=[a.pk])
    resp = c.post(url, {"akkoord": "niet_akkoord", "zienswijze": "Wij willen eerst een gesprek."})
    assert resp.status_code == 200 and not Ouderreactie.objects.exists()
    assert "Bevestig dat u de aanvraag heeft gelezen." in _tekst(resp)
    assert "Wij willen eerst een gesprek." in _tekst(resp)
    # Changing a reaction keeps one row per parent.
    c.post(url, {"gezien": "on", "akkoord": "niet_akkoord", "zienswijze": "Eerst een gesprek."})
    c.post(url, {"gezien": "on", "akkoord": "akkoord", "zienswijze": "Na het gesprek: akkoord."})
    assert list(Ouderreactie.objects.values_list("akkoord", flat=True)) == ["akkoord"]

    besloten = w.naar(w.aanvraag(), Status.BESLOTEN)
    url = reverse("toewijzing:ouderreactie", args=[besloten.pk])
    assert "al besloten" in _tekst(c.get(url))
    resp = c.post(url, {"gezien": "on", "akkoord": "niet_akkoord", "zienswijze": "Te laat"})
    assert resp.status_code == 200 and "al besloten" in _tekst(resp)
    assert not Ouderreactie.objects.filter(aanvraag=besloten, zienswijze="Te laat").exists()


# --------------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------------

@pytest.fixture
def drie(w):
    """A TLV concept and a submitted arrangement at school A, and a TLV concept at school B."""
    tlv = w.aanvraag()
    arr = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.INGEDIEND)
    b = w.aanvraag(leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)
    return tlv, arr, b


def _nummers(c, **params) -> set[str]:
    pagina = _tekst(c.get(LIJST, params))
    return {a.nummer for a in Aanvraag.objects.all() if a.nummer in pagina}


def test_lijst_filters_en_zichtbaarheid(w, login, drie):
    tlv, arr, b = drie
    c = login(w.school)
    assert _nummers(c) == {tlv.nummer, arr.nummer}
    assert _nummers(c, soort="arrangement") == {arr.nummer}
    assert _nummers(c, status="concept") == {tlv.nummer}
    assert _nummers(c, status="lopend") == {arr.nummer}
    assert _nummers(c, q=w.leerling.achternaam) == {tlv.nummer, arr.nummer}
    assert _nummers(c, q=tlv.nummer) == {tlv.nummer}
    assert _nummers(c, q=w.leerling_b.achternaam) == set()

    c = login(w.consulent)
    assert _nummers(c) == {tlv.nummer, arr.nummer, b.nummer}
    assert _nummers(c, school=w.school_b.pk) == {b.nummer}
    assert _nummers(c, status="ingediend", soort="arrangement") == {arr.nummer}
    assert _nummers(login(w.andere_staf)) == set()


def test_ouder_ziet_alleen_aanvragen_van_het_eigen_kind(w, login, drie):
    tlv, arr, b = drie
    c = login(w.ouder)
    assert _nummers(c) == {tlv.nummer, arr.nummer}
    assert c.get(_pagina(b)).status_code == 403


def test_deskundige_ziet_alleen_toegewezen_aanvragen(w, login, drie):
    tlv, arr, b = drie
    toegewezen = w.naar(tlv, Status.ADVIES_GEVRAAGD)
    assert _nummers(login(w.deskundige1)) == {toegewezen.nummer}


def test_lijst_doet_geen_query_per_rij(w, login):
    def tel():
        c = login(w.consulent)
        with CaptureQueriesContext(connection) as q:
            assert c.get(LIJST).status_code == 200
        return len(q)

    for _ in range(2):
        w.naar(w.aanvraag(), Status.INGEDIEND)
    weinig = tel()
    for _ in range(8):
        w.aanvraag(compleet=False)
        w.aanvraag(Soort.ARRANGEMENT, leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)
    assert Aanvraag.objects.count() == 18
    assert tel() == weinig


def test_lijst_pagineert_per_25(w, login):
    for _ in range(27):
        w.aanvraag(compleet=False)
    c = login(w.school)
    eerste = _tekst(c.get(LIJST))
    assert "27 aanvragen gevonden" in eerste and "pagina 1 van 2" in eerste
    nieuwste = Aanvraag.objects.order_by("-aangemaakt", "-pk").first()
    oudste = Aanvraag.objects.order_by("aangemaakt", "pk").first()
    assert nieuwste.nummer in eerste and oudste.nummer not in eerste
    assert oudste.nummer in _tekst(c.get(LIJST, {"page": 2}))


# --------------------------------------------------------------------------------------------------------
# Start panels and the pupil page
# --------------------------------------------------------------------------------------------------------

def test_startpaneel_school_toont_wat_actie_vraagt(w, login):
    w.aanvraag()
    a = w.naar(w.aanvraag(), Status.AANVULLING)
    pagina = _tekst(login(w.school).get(reverse("core:start")))
    assert "Aanvragen van uw school" in pagina
    assert "actie nodig" in pagina and a.nummer in pagina
    assert f"{LIJST}?status=aanvulling" in pagina
    assert "Aanvragen van uw school" not in _tekst(login(w.andere_staf).get(reverse("core:start")))


def test_startpaneel_ouder_toont_wat_op_reactie_wacht_en_brieven(w, login):
    a = w.aanvraag()
    c = login(w.ouder)
    reageer = reverse("toewijzing:ouderreactie", args=[a.pk])
    pagina = _tekst(c.get(reverse("core:start")))
    assert "Aanvragen voor uw kind" in pagina and reageer in pagina
    c.post(reageer, {"gezien": "on", "akkoord": "akkoord"})
    assert reageer not in _tekst(c.get(reverse("core:start")))

    besloten = w.naar(w.aanvraag(), Status.BESLOTEN)
    brief = besloten.beschikkingen.get()
    pagina = _tekst(c.get(reverse("core:start")))
    assert reverse("toewijzing:beschikking", args=[brief.pk]) in pagina


def test_leerlingpagina_toont_toewijzing(w, login):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = a.tlvs.get()
    c = login(w.school)
    pagina = _tekst(c.get(reverse("register:leerling", args=[w.leerling.pk])))
    assert "Toewijzing" in pagina and a.nummer in pagina and f"TLV {tlv.nummer}" in pagina
    assert f"{NIEUW}?leerling={w.leerling.pk}" in pagina
    pagina = _tekst(login(w.ouder).get(reverse("register:leerling", args=[w.leerling.pk])))
    assert a.nummer in pagina and f"{NIEUW}?leerling=" not in pagina


def test_arrangement_via_de_pagina_met_nederlandse_getallen(w, login):
    c = login(w.school)
    resp = c.post(NIEUW, {"leerling": w.leerling.pk, "school": w.school_a.pk, "soort": "arrangement",
                          "doel": "Leren plannen", "vorm": "Ambulante begeleiding", "uren": "12,5",
                          "bedrag": "2500,50", "periode_van": "2026-09-01", "periode_tot": "2027-07-31"})
    a = Aanvraag.objects.get()
    assert resp.status_code == 302
    assert (str(a.uren), str(a.bedrag), a.periode_tot) == ("12.5", "2500.50", dt.date(2027, 7, 31))
    pagina = _tekst(c.get(_pagina(a)))
    assert "12,5 uur" in pagina and "€ 2.500,50" in pagina and "01-09-2026 t/m 31-07-2027" in pagina
    # The edit page shows the arrangement fields only, filled in.
    pagina = _tekst(c.get(reverse("toewijzing:aanvraag_bewerken", args=[a.pk])))
    assert 'value="12,5"' in pagina and 'name="tlv_soort"' not in pagina


def test_ouder_ziet_na_reageren_de_knop_om_de_reactie_te_wijzigen(w, login):
    from django.urls import reverse

    a = w.aanvraag()
    client = login(w.ouder)
    url = reverse("toewijzing:aanvraag", args=[a.pk])
    assert "Reageren op de aanvraag" in client.get(url).content.decode()
    w.ouder_akkoord(a)
    html = client.get(url).content.decode()
    assert "Uw reactie wijzigen" in html and "Reageren op de aanvraag" not in html
