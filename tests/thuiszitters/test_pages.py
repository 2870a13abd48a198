"""The pages of the thuiszitters register: reporting through the form, the worklist with its filters and export,
the case page with its plan, contacts and closing, the signals page, the start panels, and who sees what."""

import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import passend.thuiszitters.panels  # noqa: F401  (registers the start panels, as apps.py will)
from passend.audit.models import AuditEvent
from passend.register.models import Leerling
from passend.thuiszitters import services
from passend.thuiszitters.models import Actie, Contact, Melding
from passend.zorgplicht import services as zorgplicht

LIJST = reverse("thuiszitters:lijst")
NIEUW = reverse("thuiszitters:nieuw")
SIGNALEN = reverse("thuiszitters:signalen")
EXPORT = reverse("thuiszitters:export")


def vandaag():
    return timezone.localdate()


def detail(m) -> str:
    return reverse("thuiszitters:detail", args=[m.pk])


def stap(m, naam) -> str:
    return reverse("thuiszitters:stap", args=[m.pk, naam])


def tekst(resp) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = resp.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def melding(t, *, rol=None, leerling=None, weken=8, categorie="relatief", **kw):
    return services.melding_registreren(rol or t.school, leerling=leerling or t.leerling, categorie=categorie,
                                       startdatum=vandaag() - dt.timedelta(weeks=weken), uren_onderwijs="0", **kw)


def vers(m) -> Melding:
    return Melding.objects.get(pk=m.pk)


MELDING = {
    "categorie": "relatief", "uren_onderwijs": "2,5", "redenen": ["schoolangst", "anders"],
    "reden_anders": "Gepest in de klas", "partijen": ["school", "leerplicht"], "toelichting": "Sinds de herfst thuis.",
}


# --------------------------------------------------------------------------------------------------------
# Reporting, and who sees the case
# --------------------------------------------------------------------------------------------------------

def test_school_meldt_via_het_formulier_en_ziet_de_melding(t, login):
    client = login(t.school)
    pagina = client.get(NIEUW)
    assert pagina.status_code == 200
    assert "Aalders" in tekst(pagina)  # its own pupil can be picked
    assert t.leerling_b.naam not in tekst(pagina)  # a pupil of another school cannot (full name: users are random)
    assert "dreigt thuis te komen zitten" in tekst(pagina)  # the categories come with an explanation
    start = vandaag() - dt.timedelta(weeks=6)
    resp = client.post(NIEUW, {**MELDING, "leerling": t.leerling.pk, "startdatum": start.isoformat(),
                               "casushouder": t.consulent.user.pk})
    m = Melding.objects.get()
    assert resp.status_code == 302 and resp["Location"] == detail(m)
    assert (m.leerling, m.school, m.gemeente, m.categorie) == (t.leerling, t.school_a, t.gemeente, "relatief")
    assert m.redenen == ["schoolangst", "anders"] and m.reden_anders == "Gepest in de klas"
    assert str(m.uren_onderwijs) == "2.5" and m.casushouder == t.consulent.user and m.startdatum == start
    pagina = client.get(detail(m))
    assert pagina.status_code == 200
    assert "is vastgelegd" in tekst(pagina) and "Gepest in de klas" in tekst(pagina)
    assert "6 weken" in tekst(pagina) and "4 weken tot 3 maanden" in tekst(pagina)
    lijst = tekst(client.get(LIJST))
    assert t.leerling.naam in lijst and m.nummer in lijst


def test_andere_school_en_ouder_zien_de_melding_niet(t, login):
    m = melding(t)
    client = login(t.andere_school)
    lijst = client.get(LIJST)
    assert lijst.status_code == 200 and t.leerling.naam not in tekst(lijst) and "0 meldingen" in tekst(lijst)
    assert client.get(detail(m)).status_code == 403
    assert client.post(stap(m, "contact"), {"contact-datum": vandaag().isoformat(), "contact-soort": "gesprek",
                                            "contact-verslag": "Stiekem"}).status_code == 403
    client = login(t.ouder)
    assert client.get(LIJST).status_code == 403
    assert client.get(detail(m)).status_code == 403
    assert client.get(NIEUW).status_code == 403
    assert Contact.objects.filter(verslag="Stiekem").count() == 0


def test_leerplicht_ziet_de_melding_van_de_gemeente_en_legt_contact_vast(t, login):
    m = melding(t)
    client = login(t.leerplicht)
    assert m.nummer in tekst(client.get(LIJST))
    pagina = client.get(detail(m))
    assert pagina.status_code == 200
    assert t.leerling.naam in tekst(pagina)
    # The name, never a link to the pupil's file; and the file itself stays closed to leerplicht.
    assert reverse("register:leerling", args=[t.leerling.pk]) not in pagina.content.decode()
    assert client.get(reverse("register:leerling", args=[t.leerling.pk])).status_code == 403
    # Opening the case is recorded on the pupil's audit trail.
    assert AuditEvent.objects.filter(actie="view", object_type="thuiszitters.melding", object_id=str(m.pk),
                                     leerling_id=t.leerling.pk, user_id=t.leerplicht.user_id).exists()
    resp = client.post(stap(m, "contact"), {"contact-datum": vandaag().isoformat(), "contact-soort": "huisbezoek",
                                            "contact-partij": "leerplicht",
                                            "contact-verslag": "Huisbezoek: ouders willen meewerken."})
    assert resp.status_code == 302
    c = Contact.objects.get(melding=m, soort="huisbezoek")
    assert c.user == t.leerplicht.user and c.rol == "leerplicht"
    assert "Huisbezoek: ouders willen meewerken." in tekst(client.get(detail(m)))
    # Leerplicht of another gemeente neither sees nor opens it.
    client = login(t.andere_leerplicht)
    assert m.nummer not in tekst(client.get(LIJST))
    assert client.get(detail(m)).status_code == 403


def test_school_ziet_wel_de_link_naar_het_dossier(t, login):
    m = melding(t)
    pagina = login(t.school).get(detail(m))
    assert reverse("register:leerling", args=[t.leerling.pk]) in pagina.content.decode()


def test_leerplicht_meldt_met_de_gegevens_van_de_leerling(t, login):
    client = login(t.leerplicht)
    pagina = client.get(NIEUW)
    assert pagina.status_code == 200 and 'name="leerling"' not in pagina.content.decode()
    resp = client.post(NIEUW, {"leerling_voornaam": "Sam", "leerling_achternaam": "Thuis",
                               "leerling_geboortedatum": "2014-05-01", "leerling_postcode": "8011 ab",
                               "leerling_huisnummer": "3", "categorie": "absoluut",
                               "startdatum": (vandaag() - dt.timedelta(days=40)).isoformat(), "uren_onderwijs": "0"})
    m = Melding.objects.get()
    assert resp.status_code == 302
    assert m.leerling.naam == "Sam Thuis" and m.leerling.postcode == "8011AB" and m.gemeente == t.gemeente
    assert m.school is None


def test_fouten_houden_de_invoer_vast_en_er_wordt_niets_opgeslagen(t, login):
    client = login(t.school)
    resp = client.post(NIEUW, {"leerling": t.leerling.pk, "startdatum": "", "uren_onderwijs": "veel",
                               "redenen": ["anders"], "reden_anders": "", "toelichting": "Mijn getypte tekst"})
    assert resp.status_code == 200
    pagina = tekst(resp)
    assert "Er is niets opgeslagen" in pagina
    assert "Kies de categorie." in pagina and "Vul de startdatum in." in pagina and "Beschrijf de andere reden." in pagina
    assert "Vul een aantal uren in" in pagina
    html = resp.content.decode()
    assert "Mijn getypte tekst" in html and 'value="veel"' in html
    assert re.search(rf'<option value="{t.leerling.pk}" selected>', html)
    assert Melding.objects.count() == 0


def test_fout_van_de_service_staat_bij_het_veld_en_niets_is_opgeslagen(t, login):
    """Leerplicht reports relatief verzuim for a new pupil without a school: the service refuses after the pupil
    record was made, and everything is rolled back."""
    leerlingen = Leerling.objects.count()
    client = login(t.leerplicht)
    resp = client.post(NIEUW, {"leerling_voornaam": "Sam", "leerling_achternaam": "Thuis",
                               "leerling_geboortedatum": "2014-05-01", "leerling_postcode": "8011AB",
                               "categorie": "relatief", "startdatum": (vandaag() - dt.timedelta(weeks=5)).isoformat(),
                               "uren_onderwijs": "4"})
    assert resp.status_code == 200
    assert re.search(r'id="id_school_error".*kies de school', resp.content.decode(), flags=re.S | re.I)
    assert 'value="Thuis"' in resp.content.decode()
    assert Melding.objects.count() == 0 and Leerling.objects.count() == leerlingen


def test_tweede_open_melding_voor_dezelfde_leerling_wordt_geweigerd(t, login):
    melding(t)
    resp = login(t.consulent).post(NIEUW, {**MELDING, "leerling": t.leerling.pk,
                                           "startdatum": vandaag().isoformat()})
    assert resp.status_code == 200 and "loopt al een thuiszittersmelding" in tekst(resp)
    assert Melding.objects.count() == 1


def test_voorinvullen_vanuit_signaal(t, login):
    resp = login(t.consulent).get(NIEUW + f"?leerling={t.leerling_b.pk}")
    assert re.search(rf'<option value="{t.leerling_b.pk}" selected>', resp.content.decode())
    # A pupil the role cannot see is not prefilled.
    resp = login(t.school).get(NIEUW + f"?leerling={t.leerling_b.pk}")
    assert resp.status_code == 200 and t.leerling_b.naam not in tekst(resp)
    assert not re.search(rf'<option value="{t.leerling_b.pk}" selected>', resp.content.decode())


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

def test_filters_en_tellingen_van_de_lijst(t, login):
    lang = melding(t, weken=20)  # Aalders: over 3 months
    kort = melding(t, leerling=t.leerling_b, rol=t.consulent, weken=2, categorie="dreigend")
    midden = melding(t, leerling=t.leerling_so, rol=t.consulent, weken=6, categorie="vrijstelling_5a")
    client = login(t.consulent)
    pagina = client.get(LIJST)
    rijen = tekst(pagina)
    assert "3 meldingen open" in rijen
    # Longest first.
    assert rijen.index(lang.nummer) < rijen.index(midden.nummer) < rijen.index(kort.nummer)

    def nummers(**filters):
        t_ = tekst(client.get(LIJST, filters))
        return {m.nummer for m in (lang, kort, midden) if m.nummer in t_}

    assert nummers(categorie="dreigend") == {kort.nummer}
    assert nummers(duurklasse="langer_dan_3_maanden") == {lang.nummer}
    assert nummers(duurklasse="4_weken_tot_3_maanden") == {midden.nummer}
    assert nummers(q="bakker") == {kort.nummer}
    assert nummers(q=midden.nummer) == {midden.nummer}
    assert nummers(school=t.so_school.pk) == {midden.nummer}
    assert nummers(status="gesloten") == set()
    services.beeindigen(t.consulent, kort, einddatum=vandaag(), uitkomst="anders", toelichting="Weer naar school")
    assert nummers() == {lang.nummer, midden.nummer}
    assert nummers(status="gesloten") == {kort.nummer}
    assert nummers(status="alle") == {lang.nummer, kort.nummer, midden.nummer}


def test_escalatie_naar_thuiszittersoverleg(t, login):
    m = melding(t, weken=8)  # past the default threshold of 6 weeks, no plan
    melding(t, leerling=t.leerling_b, rol=t.consulent, weken=2)
    client = login(t.consulent)
    assert "Naar thuiszittersoverleg" in tekst(client.get(detail(m)))
    pagina = tekst(client.get(LIJST, {"escalatie": "on"}))
    assert m.nummer in pagina and "1 melding open" in pagina
    services.actie_toevoegen(t.consulent, m, omschrijving="Gesprek plannen", eigenaar="IB'er",
                             uiterlijk=vandaag() - dt.timedelta(days=1))
    pagina = tekst(client.get(LIJST, {"escalatie": "on"}))
    assert "0 meldingen" in pagina
    assert "1 te laat" in tekst(client.get(LIJST))  # the action's date has passed


def test_export_voor_swv_en_niet_voor_school(t, login):
    m = melding(t)
    melding(t, leerling=t.leerling_b, rol=t.consulent, weken=2, categorie="dreigend")
    client = login(t.consulent)
    resp = client.get(EXPORT, {"categorie": "relatief"})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(resp.content)).active
    rijen = list(ws.iter_rows(values_only=True))
    assert rijen[0][0] == "Nummer" and len(rijen) == 2  # the header and the filtered case only
    assert rijen[1][0] == m.nummer and rijen[1][1] == "Aalders"
    assert AuditEvent.objects.filter(actie="export", object_type="thuiszitters.melding",
                                     user_id=t.consulent.user_id).exists()
    assert login(t.school).get(EXPORT).status_code == 403
    assert login(t.leerplicht).get(EXPORT).status_code == 403


# --------------------------------------------------------------------------------------------------------
# The case page: plan, contacts, closing
# --------------------------------------------------------------------------------------------------------

def test_plan_van_aanpak_actie_toevoegen_en_afronden(t, login):
    m = melding(t)
    client = login(t.school)
    resp = client.post(stap(m, "actie"), {"actie-omschrijving": "Gesprek met ouders", "actie-eigenaar": "IB'er",
                                          "actie-uiterlijk": (vandaag() + dt.timedelta(days=7)).isoformat()})
    assert resp.status_code == 302
    a = Actie.objects.get(melding=m)
    resp = client.post(reverse("thuiszitters:afronden", args=[m.pk, a.pk]))
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.gedaan_op == vandaag()
    assert "afgerond" in tekst(client.get(detail(m)))
    # A form error keeps the typed text and adds nothing.
    resp = client.post(stap(m, "actie"), {"actie-omschrijving": "Tweede actie", "actie-eigenaar": "",
                                          "actie-uiterlijk": ""})
    assert resp.status_code == 200 and "Schrijf wie de actie uitvoert." in tekst(resp)
    assert 'value="Tweede actie"' in resp.content.decode() and Actie.objects.filter(melding=m).count() == 1


def test_melding_bijwerken(t, login):
    m = melding(t)
    client = login(t.school)
    gegevens = {"bewerken-categorie": "relatief", "bewerken-uren_onderwijs": "4", "bewerken-redenen": ["anders"],
                "bewerken-reden_anders": "", "bewerken-partijen": ["school", "jeugdhulp"],
                "bewerken-casushouder": t.leerplicht.user.pk, "bewerken-toelichting": "Nieuwe afspraken"}
    resp = client.post(stap(m, "bewerken"), gegevens)
    assert resp.status_code == 200 and "Beschrijf de andere reden." in tekst(resp)
    assert "Nieuwe afspraken" in resp.content.decode() and vers(m).toelichting == ""
    resp = client.post(stap(m, "bewerken"), {**gegevens, "bewerken-reden_anders": "Pesten"})
    assert resp.status_code == 302
    m = vers(m)
    assert (str(m.uren_onderwijs), m.redenen, m.partijen, m.casushouder) == ("4.0", ["anders"], ["school", "jeugdhulp"],
                                                                            t.leerplicht.user)
    assert Contact.objects.filter(melding=m, soort="stap", verslag__startswith="Melding bijgewerkt").exists()


def test_school_kan_niet_afsluiten_of_naar_tafel(t, login):
    m = melding(t)
    client = login(t.school)
    pagina = tekst(client.get(detail(m)))
    assert "Melding afsluiten" not in pagina and "Inbrengen in het thuiszittersoverleg" not in pagina
    assert client.post(stap(m, "afsluiten"), {"afsluiten-einddatum": vandaag().isoformat(),
                                              "afsluiten-uitkomst": "verhuisd"}).status_code == 403
    assert client.post(stap(m, "tafel"), {}).status_code == 403
    assert vers(m).is_open and vers(m).tafel_op is None


def test_swv_brengt_in_overleg_en_sluit_af_daarna_kan_niemand_meer_contact_vastleggen(t, login):
    m = melding(t)
    client = login(t.consulent)
    assert client.post(stap(m, "tafel"), {"tafel-verslag": "Geen plan na 8 weken"}).status_code == 302
    assert vers(m).tafel_op == vandaag()
    # Closing needs the school and hours when the pupil goes back to school: the error shows, nothing changes.
    resp = client.post(stap(m, "afsluiten"), {"afsluiten-einddatum": vandaag().isoformat(),
                                              "afsluiten-uitkomst": "terug_op_school"})
    assert resp.status_code == 200 and "Kies de school waar de leerling weer naar toe gaat." in tekst(resp)
    assert vers(m).is_open
    resp = client.post(stap(m, "afsluiten"), {"afsluiten-einddatum": vandaag().isoformat(),
                                              "afsluiten-uitkomst": "terug_op_school",
                                              "afsluiten-school": t.school_b.pk, "afsluiten-uren": "20"})
    assert resp.status_code == 302
    m = vers(m)
    assert not m.is_open and m.uitkomst == "terug_op_school" and m.uitkomst_school == t.school_b
    contacten = Contact.objects.filter(melding=m).count()
    for rol in (t.consulent, t.school, t.leerplicht):
        client = login(rol)
        pagina = client.get(detail(m))
        assert pagina.status_code == 200
        html = pagina.content.decode()
        assert "Terug op school" in tekst(pagina) and "De Eik" in tekst(pagina)
        assert stap(m, "contact") not in html and stap(m, "actie") not in html
        resp = client.post(stap(m, "contact"), {"contact-datum": vandaag().isoformat(), "contact-soort": "gesprek",
                                                "contact-verslag": "Te laat"})
        assert resp.status_code == 302
        assert "afgesloten" in tekst(client.get(detail(m)))
    assert Contact.objects.filter(melding=m).count() == contacten
    assert "Te laat" not in tekst(login(t.consulent).get(detail(m)))


# --------------------------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------------------------

def _aanmelding(t, weken, achternaam):
    return zorgplicht.aanmelding_registreren(
        t.school, school=t.school_a, ontvangen_op=vandaag() - dt.timedelta(weeks=weken),
        nieuwe_leerling={"voornaam": "Kim", "achternaam": achternaam, "geboortedatum": dt.date(2017, 3, 1)},
        ouders=[{"voornaam": "Ans", "achternaam": achternaam, "relatie": "moeder", "heeft_gezag": True}],
    )


def test_signalen_tonen_aanmelding_na_10_weken_niet_met_melding(t, login):
    zonder = _aanmelding(t, 11, "Wachters")
    met = _aanmelding(t, 12, "Gemelden")
    _aanmelding(t, 3, "Vroegen")  # within 10 weeks: no signal
    melding(t, leerling=met.leerling, rol=t.consulent, weken=2, categorie="dreigend")
    client = login(t.consulent)
    pagina = client.get(SIGNALEN)
    assert pagina.status_code == 200
    inhoud = tekst(pagina)
    assert "Wachters" in inhoud and "Gemelden" not in inhoud and "Vroegen" not in inhoud
    assert f"{NIEUW}?leerling={zonder.leerling.pk}" in pagina.content.decode()
    assert login(t.school).get(SIGNALEN).status_code == 403
    assert login(t.leerplicht).get(SIGNALEN).status_code == 403


# --------------------------------------------------------------------------------------------------------
# Start panels
# --------------------------------------------------------------------------------------------------------

def test_startpanelen(t, login):
    m = melding(t, weken=20)
    _aanmelding(t, 11, "Wachters")
    start = reverse("core:start")
    staf = tekst(login(t.consulent).get(start))
    assert "Thuiszitters" in staf and "naar thuiszittersoverleg" in staf and "signalen van mogelijke thuiszitters" in staf
    assert re.search(r"1 langer dan 3 maanden", staf) and re.search(r"1 signalen van mogelijke", staf)
    school = tekst(login(t.school).get(start))
    assert "Thuiszitters van mijn school" in school and t.leerling.naam in school
    lp = tekst(login(t.leerplicht).get(start))
    assert "Thuiszitters in Zwolle-Test" in lp and t.leerling.naam in lp
    assert t.leerling.naam not in tekst(login(t.andere_leerplicht).get(start))
    assert m.is_open
