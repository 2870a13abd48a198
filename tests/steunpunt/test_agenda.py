"""The activities agenda as its users meet it: a public visitor registers (or lands on the waiting list), cancels
from the link in the e-mail, downloads the .ics; the Steunpunt organises, keeps the attendance list and sends
reminders."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from passend.accounts.models import Rol
from passend.steunpunt import services
from passend.steunpunt.forms_agenda import ActiviteitForm
from passend.steunpunt.models import Activiteit, Deelname, Thema
from tests.factories import RolFactory
from tests.html import Tabel

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
LINK = "https://meet.example.nl/zorgplicht-2f9"
AFMELDLINK = re.compile(r"/steunpunt/aanmelding/([^/\s]+)/afmelden/")


def _om(dagen: int, uur: int = 14) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate() + dt.timedelta(days=dagen), dt.time(uur, 0), tzinfo=AMS)


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


def _activiteit(rol, *, titel="Webinar zorgplicht", dagen=10, capaciteit=2, status="gepubliceerd", soort="webinar",
                online_link=LINK, locatie="online"):
    begin = _om(dagen)
    a = services.activiteit_opslaan(rol, None, titel=titel, soort=soort, omschrijving="Wat betekent zorgplicht?",
                                    begin=begin, eind=begin + dt.timedelta(hours=1, minutes=30), locatie=locatie,
                                    online_link=online_link, capaciteit=capaciteit,
                                    themas=[Thema.objects.get(slug="zorgplicht")], sectoren=["po"])
    if status != "concept":
        a = services.activiteit_status(rol, a, status)
    return a


@pytest.fixture
def activiteit(steunpunt):
    return _activiteit(steunpunt)


def _aanmelden(client, a, naam, email, organisatie="OBS De Linde"):
    return client.post(reverse("steunpunt:activiteit", args=[a.pk]),
                       {"naam": naam, "email": email, "organisatie": organisatie}, follow=True)


def _tekst(r) -> str:
    """The page's visible text, tags removed and spaces tidied."""
    return " ".join(re.sub(r"<[^>]+>", " ", r.content.decode()).split()).replace(" .", ".")


def _mail_aan(adres, onderwerp_begin):
    treffers = [m for m in mail.outbox if m.to == [adres] and m.subject.startswith(onderwerp_begin)]
    assert len(treffers) == 1, [(m.to, m.subject) for m in mail.outbox]
    return treffers[0]


# ------------------------------------------------------------------------------------------------------------
# Registering, the waiting list and cancelling
# ------------------------------------------------------------------------------------------------------------

def test_vol_dan_wachtlijst_en_afmelden_via_de_link_plaatst_de_eerste_wachtende(
        client, activiteit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r1 = _aanmelden(client, activiteit, "Anna de Vries", "anna@example.nl")
        _aanmelden(client, activiteit, "Bram Jansen", "bram@example.nl")
        r3 = _aanmelden(client, activiteit, "Chris Bakker", "chris@example.nl")
    assert "U bent geplaatst voor ‘Webinar zorgplicht’." in _tekst(r1)
    assert "U staat op de wachtlijst (plaats 1)." in _tekst(r3)
    _mail_aan("chris@example.nl", "Op de wachtlijst: Webinar zorgplicht")

    # The agenda now shows the activity as full.
    lijst = client.get(reverse("steunpunt:activiteiten"))
    assert Tabel(lijst.content.decode(), "agenda").rij("Webinar zorgplicht")[4] == "vol — wachtlijst"

    bevestiging = _mail_aan("anna@example.nl", "Aanmelding bevestigd: Webinar zorgplicht")
    token = AFMELDLINK.search(bevestiging.body).group(1)
    url = reverse("steunpunt:deelname_afmelden", args=[token])
    pagina = client.get(url).content.decode()
    assert "Anna de Vries" in pagina and "Ja, meld mij af" in pagina
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, follow=True)
    assert "U bent afgemeld voor ‘Webinar zorgplicht’" in r.content.decode()
    assert "Ja, meld mij af" not in r.content.decode()
    geplaatst = _mail_aan("chris@example.nl", "U bent geplaatst: Webinar zorgplicht")
    naam, inhoud, soort = geplaatst.attachments[0]
    assert naam.endswith(".ics") and soort.startswith("text/calendar")
    assert Calendar.from_ical(inhoud).walk("VEVENT")[0]["SUMMARY"] == "Webinar zorgplicht"
    assert set(activiteit.deelnames.filter(status="geplaatst").values_list("email", flat=True)) == {
        "bram@example.nl", "chris@example.nl"}


def test_een_e_mailadres_meldt_zich_maar_een_keer_aan(client, activiteit):
    _aanmelden(client, activiteit, "Anna de Vries", "anna@example.nl")
    r = _aanmelden(client, activiteit, "Anna (nog een keer)", "Anna@Example.nl ", organisatie="SBO Het Anker")
    html = r.content.decode()
    assert "Met dit e-mailadres bent u al aangemeld voor deze activiteit." in html
    assert "Er is niets opgeslagen." in html
    assert 'value="Anna (nog een keer)"' in html and 'value="SBO Het Anker"' in html
    assert activiteit.deelnames.count() == 1


def test_een_voorbije_activiteit_neemt_geen_aanmeldingen_aan(client, steunpunt):
    a = _activiteit(steunpunt, titel="Regiobijeenkomst Noord", dagen=-3, soort="regiobijeenkomst")
    pagina = client.get(reverse("steunpunt:activiteit", args=[a.pk])).content.decode()
    assert "Aanmelden kan niet meer." in pagina
    r = _aanmelden(client, a, "Anna de Vries", "anna@example.nl")
    assert "Voor deze activiteit kunt u zich niet (meer) aanmelden." in r.content.decode()
    assert not Deelname.objects.exists()


def test_een_ongeldige_afmeldlink_zegt_dat_in_gewone_taal(client, activiteit):
    r = client.get(reverse("steunpunt:deelname_afmelden", args=["niet-echt:abc"]))
    assert r.status_code == 404
    assert "Deze link werkt niet (meer)." in r.content.decode()
    assert client.post(reverse("steunpunt:deelname_afmelden", args=["niet-echt:abc"])).status_code == 404


# ------------------------------------------------------------------------------------------------------------
# The online link and the calendar file
# ------------------------------------------------------------------------------------------------------------

def test_bevestiging_heeft_ics_en_link_maar_de_openbare_pagina_niet(
        client, activiteit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _aanmelden(client, activiteit, "Anna de Vries", "anna@example.nl")
    bevestiging = _mail_aan("anna@example.nl", "Aanmelding bevestigd")
    assert LINK in bevestiging.body
    naam, inhoud, _ = bevestiging.attachments[0]
    assert naam == "activiteit.ics"
    assert LINK in Calendar.from_ical(inhoud).walk("VEVENT")[0]["DESCRIPTION"]

    pagina = client.get(reverse("steunpunt:activiteit", args=[activiteit.pk])).content.decode()
    assert "Webinar zorgplicht" in pagina and "Wat betekent zorgplicht?" in pagina
    assert LINK not in pagina
    assert LINK.encode() not in client.get(reverse("steunpunt:activiteit_ics", args=[activiteit.pk])).content


def test_ics_download(client, activiteit):
    r = client.get(reverse("steunpunt:activiteit_ics", args=[activiteit.pk]))
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.search(r'attachment; filename="[\w-]+\.ics"', r["Content-Disposition"])
    event = Calendar.from_ical(r.content).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Webinar zorgplicht"
    assert event["DTSTART"].dt == _om(10)
    assert event["DTEND"].dt == _om(10) + dt.timedelta(hours=1, minutes=30)


# ------------------------------------------------------------------------------------------------------------
# The public agenda
# ------------------------------------------------------------------------------------------------------------

def _eerste_cellen(html):
    return [rij[0] for rij in Tabel(html, "agenda").rijen[1:]]


def test_openbare_agenda_toont_gepubliceerde_activiteiten_met_filters(client, login, steunpunt):
    _activiteit(steunpunt, titel="Webinar zorgplicht", capaciteit=30)
    _activiteit(steunpunt, titel="Training OPP schrijven", soort="training", dagen=20, capaciteit=12)
    _activiteit(steunpunt, titel="Concept congres najaar", soort="congres", status="concept")
    _activiteit(steunpunt, titel="Regiobijeenkomst vorige maand", soort="regiobijeenkomst", dagen=-30)

    r = client.get(reverse("steunpunt:activiteiten"))
    eerste = _eerste_cellen(r.content.decode())
    assert len(eerste) == 2
    assert eerste[0].startswith("Webinar zorgplicht") and eerste[1].startswith("Training OPP schrijven")
    assert Tabel(r.content.decode(), "agenda").rij("Training OPP schrijven")[4] == "nog 12 van 12 vrij"

    training = client.get(reverse("steunpunt:activiteiten"), {"soort": "training"}).content.decode()
    assert [c.startswith("Training OPP schrijven") for c in _eerste_cellen(training)] == [True]

    voorbij = client.get(reverse("steunpunt:activiteiten"), {"voorbij": "1"}).content.decode()
    assert [c.startswith("Regiobijeenkomst vorige maand") for c in _eerste_cellen(voorbij)] == [True]

    concept = Activiteit.objects.get(titel="Concept congres najaar")
    assert client.get(reverse("steunpunt:activiteit", args=[concept.pk])).status_code == 404

    # The Steunpunt sees the draft in the agenda, marked as such.
    login(steunpunt)
    html = client.get(reverse("steunpunt:activiteiten")).content.decode()
    assert Tabel(html, "agenda").rij("Concept congres najaar")[0].endswith("Concept")


# ------------------------------------------------------------------------------------------------------------
# The organiser
# ------------------------------------------------------------------------------------------------------------

def test_organisator_maakt_activiteit_met_nederlandse_tijd_en_publiceert(client, login, steunpunt):
    login(steunpunt)
    zorgplicht = Thema.objects.get(slug="zorgplicht")
    r = client.post(reverse("steunpunt:activiteit_nieuw"), {
        "titel": "Webinar thuiszitters", "soort": "webinar", "omschrijving": "Over thuiszitters.",
        "datum": "2030-03-14", "begintijd": "14:00", "eindtijd": "15:30", "locatie": "online",
        "online_link": "https://meet.example.nl/tz", "capaciteit": "40", "themas": [zorgplicht.pk],
        "sectoren": ["po", "vo"],
    }, follow=True)
    assert "De activiteit is opgeslagen als concept." in r.content.decode()
    a = Activiteit.objects.get(titel="Webinar thuiszitters")
    assert a.begin == dt.datetime(2030, 3, 14, 14, 0, tzinfo=AMS)
    assert a.eind == dt.datetime(2030, 3, 14, 15, 30, tzinfo=AMS)
    assert a.status == "concept" and a.sector_lijst == ["po", "vo"]

    r = client.post(reverse("steunpunt:activiteit_status", args=[a.pk]), {"status": "gepubliceerd"}, follow=True)
    assert "De activiteit staat in de agenda" in r.content.decode()
    client.logout()
    assert "Webinar thuiszitters" in client.get(reverse("steunpunt:activiteiten")).content.decode()


def test_einde_voor_begin_geeft_een_fout_en_bewaart_de_invoer(client, login, steunpunt):
    login(steunpunt)
    r = client.post(reverse("steunpunt:activiteit_nieuw"), {
        "titel": "Training bekostiging", "soort": "training", "datum": "2030-03-14", "begintijd": "14:00",
        "eindtijd": "13:00", "capaciteit": "20",
    })
    html = r.content.decode()
    assert "Het einde moet na het begin liggen." in html
    assert 'value="Training bekostiging"' in html
    assert not Activiteit.objects.filter(titel="Training bekostiging").exists()


def test_presentielijst_opslaan_en_in_excel(client, login, steunpunt, activiteit):
    anna = services.aanmelden(activiteit, naam="Anna de Vries", email="anna@example.nl", organisatie="OBS De Linde")
    bram = services.aanmelden(activiteit, naam="Bram Jansen", email="bram@example.nl", organisatie="")
    services.aanmelden(activiteit, naam="Chris Bakker", email="chris@example.nl")
    login(steunpunt)
    pagina = client.get(reverse("steunpunt:deelnemers", args=[activiteit.pk])).content.decode()
    assert [r[:3] for r in Tabel(pagina, "deelnemers").rijen[1:]] == [
        ["Anna de Vries", "OBS De Linde", "anna@example.nl"], ["Bram Jansen", "—", "bram@example.nl"]]
    assert Tabel(pagina, "wachtlijst").rijen[1][:2] == ["1", "Chris Bakker"]

    r = client.post(reverse("steunpunt:aanwezigheid", args=[activiteit.pk]), {"aanwezig": [str(anna.pk)]},
                    follow=True)
    assert "De presentielijst is opgeslagen: 1 van 2 aanwezig." in r.content.decode()
    assert f'id="aanwezig-{anna.pk}" checked' in r.content.decode()
    assert f'id="aanwezig-{bram.pk}" checked' not in r.content.decode()

    x = client.get(reverse("steunpunt:presentielijst_excel", args=[activiteit.pk]))
    rijen = list(load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    assert rijen == [
        ("Naam", "Organisatie", "E-mail", "Aanwezig", "Handtekening"),
        ("Anna de Vries", "OBS De Linde", "anna@example.nl", "ja", None),
        ("Bram Jansen", None, "bram@example.nl", "nee", None),
    ]


def test_presentielijst_als_pdf(client, login, steunpunt, activiteit):
    services.aanmelden(activiteit, naam="Anna de Vries", email="anna@example.nl", organisatie="OBS De Linde")
    login(steunpunt)
    r = client.get(reverse("steunpunt:presentielijst_pdf", args=[activiteit.pk]))
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_organisator_meldt_deelnemer_af_en_de_wachtende_schuift_door(
        client, login, steunpunt, activiteit, django_capture_on_commit_callbacks):
    anna = services.aanmelden(activiteit, naam="Anna de Vries", email="anna@example.nl")
    services.aanmelden(activiteit, naam="Bram Jansen", email="bram@example.nl")
    services.aanmelden(activiteit, naam="Chris Bakker", email="chris@example.nl")
    login(steunpunt)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("steunpunt:deelnemer_afmelden", args=[activiteit.pk, anna.pk]), follow=True)
    html = r.content.decode()
    assert "Anna de Vries is afgemeld en krijgt daarover een e-mail." in html
    assert "Chris Bakker is van de wachtlijst geplaatst" in html
    assert [rij[0] for rij in Tabel(html, "deelnemers").rijen[1:]] == ["Bram Jansen", "Chris Bakker"]
    _mail_aan("chris@example.nl", "U bent geplaatst")
    _mail_aan("anna@example.nl", "Afgemeld")


def test_herinneringen_per_geplaatste_deelnemer_een_keer(steunpunt):
    morgen = _activiteit(steunpunt, titel="Webinar OPP", dagen=1, capaciteit=2)
    later = _activiteit(steunpunt, titel="Webinar TLV", dagen=10)
    for n in range(3):
        services.aanmelden(morgen, naam=f"Deelnemer {n}", email=f"d{n}@example.nl")
    services.aanmelden(later, naam="Deelnemer later", email="later@example.nl")
    mail.outbox.clear()

    uit = io.StringIO()
    call_command("steunpunt_herinneringen", stdout=uit)
    assert "2 herinneringen verstuurd" in uit.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["d0@example.nl", "d1@example.nl"]
    assert {m.subject for m in mail.outbox} == {"Herinnering: Webinar OPP"}

    uit = io.StringIO()
    call_command("steunpunt_herinneringen", stdout=uit)
    assert "0 herinneringen verstuurd" in uit.getvalue()
    assert len(mail.outbox) == 2


def test_herinnering_nu_versturen_vanaf_de_deelnemerspagina(client, login, steunpunt, activiteit):
    services.aanmelden(activiteit, naam="Anna de Vries", email="anna@example.nl")
    mail.outbox.clear()
    login(steunpunt)
    r = client.post(reverse("steunpunt:herinneringen", args=[activiteit.pk]), follow=True)
    assert "1 herinnering verstuurd." in r.content.decode()
    assert [m.subject for m in mail.outbox] == ["Herinnering: Webinar zorgplicht"]
    r = client.post(reverse("steunpunt:herinneringen", args=[activiteit.pk]), follow=True)
    assert "Er is geen herinnering verstuurd" in r.content.decode()
    assert len(mail.outbox) == 1


def test_organisatorpaginas_alleen_voor_het_steunpunt(client, login, activiteit):
    paginas = [
        reverse("steunpunt:activiteit_nieuw"),
        reverse("steunpunt:activiteit_wijzigen", args=[activiteit.pk]),
        reverse("steunpunt:deelnemers", args=[activiteit.pk]),
        reverse("steunpunt:presentielijst_excel", args=[activiteit.pk]),
        reverse("steunpunt:presentielijst_pdf", args=[activiteit.pk]),
    ]
    posts = [
        (reverse("steunpunt:activiteit_status", args=[activiteit.pk]), {"status": "geannuleerd"}),
        (reverse("steunpunt:herinneringen", args=[activiteit.pk]), {}),
        (reverse("steunpunt:aanwezigheid", args=[activiteit.pk]), {}),
    ]
    for url in paginas:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")), url
    for url, data in posts:
        assert client.post(url, data).status_code == 302, url

    login(RolFactory(rol=Rol.SCHOOL))
    for url in paginas:
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    activiteit.refresh_from_db()
    assert activiteit.status == "gepubliceerd"
    # The school sees the public page, without the organiser's part.
    pagina = client.get(reverse("steunpunt:activiteit", args=[activiteit.pk])).content.decode()
    assert "Deelnemers en presentielijst" not in pagina and LINK not in pagina


def test_minder_plaatsen_dan_geplaatst_kan_niet_en_de_invoer_blijft(client, login, steunpunt, activiteit):
    services.aanmelden(activiteit, naam="Anna de Vries", email="anna@example.nl")
    services.aanmelden(activiteit, naam="Bram Jansen", email="bram@example.nl")
    login(steunpunt)
    velden = {**{k: v for k, v in ActiviteitForm.initial_van(activiteit).items() if k not in ("themas", "sectoren")},
              "titel": "Webinar zorgplicht (nieuwe titel)", "capaciteit": "1"}
    velden = {k: ("" if v is None else str(v) if not isinstance(v, dt.time) else v.strftime("%H:%M"))
              for k, v in velden.items()}
    r = client.post(reverse("steunpunt:activiteit_wijzigen", args=[activiteit.pk]), velden)
    html = r.content.decode()
    assert "Er zijn al 2 deelnemers geplaatst; minder plaatsen kan niet." in html
    assert 'value="Webinar zorgplicht (nieuwe titel)"' in html
    activiteit.refresh_from_db()
    assert activiteit.titel == "Webinar zorgplicht" and activiteit.capaciteit == 2


def test_annuleren_bericht_aan_deelnemers_en_de_pagina_zegt_het(
        client, login, steunpunt, activiteit, django_capture_on_commit_callbacks):
    for naam in ("anna", "bram", "chris"):
        services.aanmelden(activiteit, naam=naam.title(), email=f"{naam}@example.nl")
    mail.outbox.clear()
    login(steunpunt)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("steunpunt:activiteit_status", args=[activiteit.pk]), {"status": "geannuleerd"},
                        follow=True)
    assert "De activiteit is geannuleerd." in r.content.decode()
    assert sorted(m.to[0] for m in mail.outbox if m.subject == "Geannuleerd: Webinar zorgplicht") == [
        "anna@example.nl", "bram@example.nl", "chris@example.nl"]

    client.logout()
    assert _eerste_cellen(client.get(reverse("steunpunt:activiteiten")).content.decode()) == []
    pagina = client.get(reverse("steunpunt:activiteit", args=[activiteit.pk]))
    assert "Deze activiteit gaat niet door." in _tekst(pagina)
    assert "Aanmelden" not in _tekst(pagina)
