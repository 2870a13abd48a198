"""Zorgplicht, OPP and the parent portal in a real browser: a school records a written aanmelding, extends the
term, admits the pupil, writes and sets an OPP, and invites the parent; the parent accepts the invitation link
from the e-mail, logs in, reads the plan and consents; another parent sees nothing of it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from passend.accounts.models import Rol
from passend.opp.models import Instemming, Opp, OppVersie
from passend.register.models import Leerling
from passend.zorgplicht.models import Aanmelding, Status
from tests.browser.hulp import inloggen
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

WACHTWOORD_OUDER = "Zonnebloem-Fiets-42"



def actie_openen(page, titel):
    page.locator("summary").filter(has_text=re.compile(f"^{re.escape(titel)}$")).click()


@pytest.fixture
def regio(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    swv = SamenwerkingsverbandFactory(code="PO2306", naam="Samenwerkingsverband Testregio")
    school = SchoolFactory(naam="Basisschool De Esch", regio_swv_po=swv)
    ib = RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school],
                    user=UserFactory(username="ib", first_name="Ingrid", last_name="Bos", email="ib@esch.example"))
    # Another parent at the same school, with an account, whose own child is Sem.
    sem = InschrijvingFactory(school=school, leerling__swv=swv, leerling__voornaam="Sem",
                              leerling__achternaam="Jansen").leerling
    andere_ouder = RolFactory(rol=Rol.OUDER, swv=swv, user=UserFactory(username="ouder-jansen"))
    OuderKindFactory(ouder=OuderFactory(swv=swv, user=andere_ouder.user, achternaam="Jansen"), leerling=sem)
    return {"swv": swv, "school": school, "ib": ib, "sem": sem}


def test_aanmelding_opp_en_instemming_door_de_uitgenodigde_ouder(page, regio):
    vandaag = timezone.localdate()
    ontvangen = vandaag - dt.timedelta(days=10)

    # 1. The IB'er records the written aanmelding of a new pupil, with one parent.
    inloggen(page, "ib")
    page.goto(reverse("zorgplicht:nieuw"))
    page.get_by_label("Datum van ontvangst").fill(ontvangen.isoformat())
    page.get_by_label("Voornaam", exact=True).fill("Noor")
    page.get_by_label("Achternaam", exact=True).fill("Visser")
    page.get_by_label("Geboortedatum").fill("2019-03-01")
    page.get_by_label("Voornaam ouder 1").fill("Anna")
    page.get_by_label("Achternaam ouder 1").fill("Visser")
    page.get_by_label("E-mailadres ouder 1").fill("anna.visser@example.org")
    page.get_by_label("Ouders of school verwachten dat de leerling extra ondersteuning nodig heeft").check()
    page.get_by_role("button", name="Aanmelding vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noor Visser")
    a = Aanmelding.objects.get(leerling__voornaam="Noor")
    assert a.status == Status.ONTVANGEN and a.ontvangen_op == ontvangen

    # 2. The school extends the term once, by 2 of the at most 4 weeks (a letter to the parents).
    actie_openen(page, "Termijn verlengen (eenmalig, 1 tot 4 weken)")
    page.get_by_label("2 weken: beslissen uiterlijk").check()
    page.get_by_label("Reden van de verlenging").fill("Wij wachten op het verslag van de logopedist.")
    page.get_by_role("button", name="Termijn verlengen en brief maken").click()
    expect(page.get_by_role("link", name="Brief aan de ouders over de verlenging (PDF)")).to_be_visible()
    acht_weken = ontvangen + dt.timedelta(weeks=8)
    expect(page.locator(".meldingen")).to_contain_text(
        f"De termijn is verlengd tot {acht_weken:%d-%m-%Y} (2 weken extra)")
    expect(page.locator(".termijn-nu time")).to_have_attribute("datetime", acht_weken.isoformat())
    verlengd = Aanmelding.objects.get(pk=a.pk)
    assert (verlengd.status, verlengd.verlenging_weken) == (Status.VERLENGD, 2)

    # 3. The school admits Noor with extra support: she is enrolled.
    actie_openen(page, "Toelaten")
    page.get_by_label("Toelaten met extra ondersteuning").check()
    page.get_by_role("button", name="Leerling toelaten").click()
    expect(page.locator(".meldingen")).to_contain_text("is toegelaten")
    assert Aanmelding.objects.get(pk=a.pk).status == Status.TOEGELATEN
    noor = Leerling.objects.get(pk=a.leerling_id)

    # 4. The school starts an OPP, fills the first version and sets it.
    page.goto(reverse("opp:nieuw") + f"?leerling={noor.pk}")
    page.get_by_label("Inschrijving (of definitieve plaatsing)").check()
    page.get_by_label("Datum van inschrijving of start van de extra ondersteuning").fill(vandaag.isoformat())
    page.get_by_role("button", name="OPP aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("versie 1 (concept)")
    page.get_by_label("Verwachte uitstroombestemming").select_option("vmbo_kb")
    page.get_by_label("Onderbouwing van de uitstroombestemming").fill("Noor leert goed als de dag voorspelbaar is.")
    page.get_by_label("Belemmerende factoren").fill("Taalachterstand; snel afgeleid in een drukke klas.")
    page.get_by_label("Bevorderende factoren").fill("Gemotiveerd, goede steun thuis.")
    page.get_by_label("Te bieden begeleiding en ondersteuning").fill("Twee keer per week taalbegeleiding in een klein groepje.")
    page.get_by_label("Doelen").fill("Aan het eind van het schooljaar leest Noor op niveau M4.")
    page.get_by_label("Zienswijze van de leerling").fill("Noor wil graag meer rust in de klas.")
    page.get_by_label("Besproken met de ouders op").fill(vandaag.isoformat())
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".meldingen")).to_contain_text("is opgeslagen")
    page.get_by_role("button", name="Versie 1 vaststellen").click()
    expect(page.locator(".meldingen")).to_contain_text("is vastgesteld")
    o = Opp.objects.get(leerling=noor)
    versie = o.versies.get()
    assert versie.status == OppVersie.Status.VASTGESTELD

    # 5. The school invites Anna to the parent portal from Noor's page.
    page.goto(reverse("register:leerling", args=[noor.pk]))
    page.get_by_role("button", name="Uitnodigen voor het ouderportaal (Anna Visser)").click()
    expect(page.locator(".meldingen")).to_contain_text("De uitnodiging voor het ouderportaal is verstuurd")
    expect(page.get_by_role("button", name="Opnieuw uitnodigen (Anna Visser)")).to_be_visible()
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["anna.visser@example.org"]
    assert "Noor Visser" not in bericht.body and "De Esch" not in bericht.body
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", bericht.body).group(0)
    pad = re.sub(r"^https?://[^/]+", "", link)

    # 6. Anna opens the link, chooses a password and lands in the parent portal.
    page.context.clear_cookies()
    page.goto(pad)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij het ouderportaal")
    page.get_by_label("Kies een wachtwoord").fill(WACHTWOORD_OUDER)
    page.get_by_label("Typ het wachtwoord nog een keer").fill(WACHTWOORD_OUDER)
    page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn kinderen")
    expect(page.get_by_role("heading", level=2, name="Noor Visser")).to_be_visible()
    expect(page.get_by_text("Actie nodig")).to_be_visible()
    expect(page.get_by_text("Toegelaten", exact=True)).to_be_visible()
    expect(page.get_by_text("Sem Jansen")).to_have_count(0)

    # The link works only once.
    page.expected_errors.add("/account/uitnodiging/")
    page.goto(pad)
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet")

    # 7. Later Anna logs in with her own account, reads the plan and consents.
    inloggen(page, "anna.visser@example.org", WACHTWOORD_OUDER)
    page.goto(reverse("ouders:overzicht"))
    page.get_by_role("link", name="Het plan lezen (OPP van Noor Visser, Basisschool De Esch)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noor Visser")
    expect(page.get_by_text("Twee keer per week taalbegeleiding").first).to_be_visible()
    page.goto(reverse("ouders:overzicht"))
    page.get_by_role("link", name="Instemmen of niet instemmen (OPP van Noor Visser)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stemt u in met het plan")
    page.get_by_label("Ik stem in met het handelingsdeel").check()
    page.get_by_role("button", name="Keuze versturen").click()
    expect(page.locator(".meldingen")).to_contain_text("U heeft ingestemd")
    inst = Instemming.objects.get(versie=versie)
    assert inst.besluit == Instemming.Besluit.INSTEMMING and inst.user.username == "anna.visser@example.org"
    page.goto(reverse("ouders:overzicht"))
    expect(page.get_by_text("U heeft ingestemd")).to_be_visible()
    expect(page.get_by_text("Actie nodig")).to_have_count(0)

    # 8. Another parent sees nothing of Noor: not in the portal, and her pages are refused.
    inloggen(page, "ouder-jansen")
    page.goto(reverse("ouders:overzicht"))
    expect(page.get_by_role("heading", level=2, name="Sem Jansen")).to_be_visible()
    # Her full name (a random user name may contain "Noor", as in "Noortje").
    expect(page.get_by_text("Noor Visser")).to_have_count(0)
    expect(page.get_by_text("Visser, Noor")).to_have_count(0)
    page.expected_errors.update({f"/opp/{o.pk}/", f"/zorgplicht/{a.pk}/"})
    assert page.goto(reverse("opp:detail", args=[o.pk])).status == 403
    assert page.goto(reverse("zorgplicht:detail", args=[a.pk])).status == 403
