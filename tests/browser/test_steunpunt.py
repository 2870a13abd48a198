"""The Steunpunt in a real browser (issue 9): a visitor without login searches the knowledge base, reads an article
and registers for an activity (placed, then the next one on the waiting list); a school asks the helpdesk, the
Steunpunt answers, the school reads the answer from its start page; the Steunpunt opens the national antenna and
sees small numbers hidden as "<5"."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from passend.accounts.models import Rol
from passend.steunpunt import panels as _panels  # noqa: F401  (registers the start-page panels)
from passend.steunpunt import services
from passend.steunpunt.models import Activiteit, Artikel, Deelname, Thema, Vraag
from passend.toewijzing.models import Aanvraag, Tlv
from tests.browser.hulp import inloggen
from tests.factories import (
    InschrijvingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def _wereld():
    services.laad_kennis()  # the themes (a transactional test may start from a flushed database)
    swv = SamenwerkingsverbandFactory(code="PO2701", naam="SWV De Vallei")
    school = SchoolFactory(vestigingscode="27AA00", naam="De Linde", regio_swv_po=swv, leerlingen=900)
    steunpunt = RolFactory(rol=Rol.STEUNPUNT, swv=None, user=UserFactory(username="adviseur", first_name="Noor",
                                                                         last_name="Visser"))
    RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school], user=UserFactory(username="ib-linde"))
    artikel = services.artikel_opslaan(
        steunpunt, None, titel="Plusklassen in de Achterhoek", soort=Artikel.Soort.PRAKTIJK,
        samenvatting="Hoe scholen samen een plusklas organiseren.",
        tekst="Het plusklasconvenant van de regio: elke school kan een leerling aanmelden.",
        themas=[Thema.objects.get(slug="dekkend-netwerk")], sectoren=["po"])
    services.artikel_status(steunpunt, artikel, Artikel.Status.GEPUBLICEERD)
    begin = timezone.localtime() + dt.timedelta(days=20)
    begin = begin.replace(hour=14, minute=0, second=0, microsecond=0)
    activiteit = services.activiteit_opslaan(
        steunpunt, None, titel="Regiobijeenkomst thuiszitters", soort=Activiteit.Soort.REGIO,
        omschrijving="Wat werkt om thuiszitten te voorkomen.", begin=begin, eind=begin + dt.timedelta(hours=2),
        locatie="Zwolle", online_link="", capaciteit=1, themas=[Thema.objects.get(slug="thuiszitters")],
        sectoren=["po"])
    services.activiteit_status(steunpunt, activiteit, Activiteit.Status.GEPUBLICEERD)
    # The antenna: two SWV's with a handful of TLV's this school year (every cell below 5).
    vandaag = timezone.localdate()
    for n, (s, code) in enumerate([(swv, None), (None, "PO2702")]):
        s = s or SamenwerkingsverbandFactory(code=code)
        so = SchoolFactory(vestigingscode=f"{s.code[2:]}SO", soort="SO", regio_swv_po=s, leerlingen=90)
        for i in range(3 + n):
            leerling = InschrijvingFactory(school=so, leerling__swv=s).leerling
            aanvraag = Aanvraag.objects.create(swv=s, leerling=leerling, school=so, soort="tlv", status="besloten",
                                               nummer=f"AV-{s.code}-{i}", tlv_soort="so", categorie="laag")
            Tlv.objects.create(swv=s, leerling=leerling, aanvraag=aanvraag, nummer=f"{s.code}-{i}", soort="so",
                               categorie="laag", begindatum=vandaag, einddatum=vandaag + dt.timedelta(days=300),
                               afgegeven_op=vandaag, aanvragende_school=so)
    return activiteit


def test_bezoeker_school_en_steunpunt(page):
    activiteit = _wereld()

    # 1. A visitor without login searches the knowledge base and opens the article.
    page.goto(reverse("steunpunt:artikelen"))
    page.get_by_label("Zoek op woorden").fill("plusklas achterhoek")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_contain_text("1 artikel")
    page.get_by_role("link", name="Plusklassen in de Achterhoek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plusklassen in de Achterhoek")
    expect(page.get_by_text("Het plusklasconvenant van de regio")).to_be_visible()

    # 2. The visitor registers for the activity and sees the confirmation; the next visitor gets the waiting list.
    page.goto(reverse("steunpunt:activiteiten"))
    page.get_by_role("link", name="Regiobijeenkomst thuiszitters").first.click()
    page.get_by_label("Naam").fill("Fatima el Idrissi")
    page.get_by_label("E-mailadres").fill("fatima@example.nl")
    page.get_by_label("Organisatie").fill("OBS De Es")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.locator("#uitkomst")).to_contain_text("U bent geplaatst")
    page.goto(reverse("steunpunt:activiteit", args=[activiteit.pk]))
    page.get_by_label("Naam").fill("Joost de Vries")
    page.get_by_label("E-mailadres").fill("joost@example.nl")
    page.get_by_role("button", name="Aanmelden voor de wachtlijst").click()
    expect(page.locator("#uitkomst")).to_contain_text("op de wachtlijst (plaats 1)")
    assert list(Deelname.objects.order_by("pk").values_list("naam", "status")) == [
        ("Fatima el Idrissi", "geplaatst"), ("Joost de Vries", "wachtlijst")]

    # 3. The school asks the helpdesk a question.
    inloggen(page, "ib-linde")
    page.goto(reverse("steunpunt:vraag_nieuw"))
    page.get_by_label("Onderwerp").fill("Zorgplicht bij een verhuizing binnen de regio")
    page.get_by_label("Uw vraag").fill("Hebben wij zorgplicht als een leerling binnen de regio verhuist?")
    page.get_by_label("Thema").select_option(label="Zorgplicht")
    page.get_by_label("PO", exact=True).check()
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_text(re.compile(r"Uw vraag is verstuurd \(nummer HD-\d{4}-0001\)"))).to_be_visible()
    vraag = Vraag.objects.get()
    assert vraag.vrager.username == "ib-linde" and vraag.status == "nieuw"

    # 4. The Steunpunt answers it from the worklist.
    inloggen(page, "adviseur")
    page.goto(reverse("steunpunt:helpdesk"))
    page.get_by_role("link", name="Zorgplicht bij een verhuizing binnen de regio").click()
    page.get_by_role("textbox", name="Antwoord").fill("Ja. De zorgplicht geldt bij elke schriftelijke aanmelding, ook na een "
                                      "verhuizing.")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Ja. De zorgplicht geldt bij elke schriftelijke aanmelding").first).to_be_visible()
    vraag.refresh_from_db()
    assert vraag.status == "beantwoord" and vraag.behandelaar.username == "adviseur"

    # 5. The school sees the answer, from its start page.
    inloggen(page, "ib-linde")
    page.goto("/")
    paneel = page.locator("section.paneel").filter(has=page.get_by_role("heading", name="Mijn vragen aan het Steunpunt"))
    expect(paneel).to_contain_text("beantwoord")
    paneel.get_by_role("link", name="Zorgplicht bij een verhuizing binnen de regio").click()
    expect(page.get_by_text("Ja. De zorgplicht geldt bij elke schriftelijke aanmelding").first).to_be_visible()

    # 6. The Steunpunt opens the national antenna: the small numbers are hidden.
    inloggen(page, "adviseur")
    page.goto(reverse("steunpunt:antenne"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("abbr", has_text="<5").first).to_be_visible()
    html = page.content()
    assert "SO laag" in html
