"""The thuiszitters register in a real browser (issue 5): a school reports one of its pupils as thuiszitter, the
leerplichtambtenaar of the pupil's gemeente opens the case from the list and records a home visit and an action,
the SWV consulent closes the case (back at another school), and the case is in the anonymised Inspectie workbook
of the last reference date, still open then; the leerplichtambtenaar of another gemeente sees nothing of it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from passend.accounts.models import Rol
from passend.register.models import Postcodegebied
from passend.thuiszitters import regels
from passend.thuiszitters.models import Actie, Categorie, Contact, Melding, Thuiszittersinstellingen, Uitkomst
from tests.browser.hulp import inloggen
from tests.factories import (
    GemeenteFactory,
    InschrijvingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser



@pytest.fixture
def regio(transactional_db):
    swv = SamenwerkingsverbandFactory(code="PO2307", naam="Samenwerkingsverband Testregio")
    zwolle = GemeenteFactory(naam="Zwolle")
    kampen = GemeenteFactory(naam="Kampen")
    Postcodegebied.objects.update_or_create(pc4="8011", defaults={"gemeente": zwolle})
    school = SchoolFactory(naam="Basisschool De Esch", regio_swv_po=swv, gemeente=zwolle)
    nieuwe_school = SchoolFactory(naam="Basisschool Het Anker", regio_swv_po=swv, gemeente=zwolle)
    leerling = InschrijvingFactory(school=school, leerling__swv=swv, leerling__voornaam="Daan",
                                   leerling__achternaam="Mulder", leerling__postcode="8011AB",
                                   leerling__geboortedatum=dt.date(2015, 5, 6)).leerling
    RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school], user=UserFactory(username="ib"))
    RolFactory(rol=Rol.LEERPLICHT, swv=swv, gemeente=zwolle,
               user=UserFactory(username="leerplicht-zwolle", first_name="Lotte", last_name="Smit"))
    RolFactory(rol=Rol.LEERPLICHT, swv=swv, gemeente=kampen, user=UserFactory(username="leerplicht-kampen"))
    RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv, user=UserFactory(username="consulent"))
    return {"swv": swv, "school": school, "nieuwe_school": nieuwe_school, "leerling": leerling,
            "zwolle": zwolle}


def test_melding_van_school_via_leerplicht_en_swv_tot_inspectierapportage(page, regio, tmp_path):
    vandaag = timezone.localdate()
    # The last reference date before today: the case starts before it and is closed today, so on that date it
    # is still open ("Lopend") whatever day the test runs.
    peildatum = regels.laatste_peildatum(vandaag - dt.timedelta(days=1),
                                         Thuiszittersinstellingen.voor(regio["swv"]).peildata)
    start = min(vandaag - dt.timedelta(weeks=10), peildatum - dt.timedelta(days=7))
    leerling = regio["leerling"]

    # 1. The school reports Daan: relatief verzuim since the start date, with two reasons.
    inloggen(page, "ib")
    page.goto(reverse("thuiszitters:nieuw"))
    page.get_by_label(re.compile(r"^Leerling\b")).select_option(str(leerling.pk))
    page.get_by_label("Langdurig relatief verzuim").check()
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Uren onderwijs per week").fill("2,5")
    page.get_by_label("Schoolangst / schoolweigering").check()
    page.get_by_label("Psychische problematiek").check()
    page.get_by_label("Toelichting").fill("Daan komt sinds de herfst niet meer op school.")
    page.get_by_role("button", name="Melding vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daan Mulder")
    expect(page.locator(".meldingen")).to_contain_text("is vastgelegd")
    m = Melding.objects.get(leerling=leerling)
    assert (m.categorie, m.startdatum, m.school, m.gemeente) == (
        Categorie.RELATIEF, start, regio["school"], regio["zwolle"])
    assert sorted(m.redenen) == ["psychisch", "schoolangst"] and m.is_open

    # 2. The leerplichtambtenaar of Zwolle finds the case in the list, records a home visit and an action.
    inloggen(page, "leerplicht-zwolle")
    page.goto(reverse("thuiszitters:lijst"))
    page.get_by_role("link", name="Daan Mulder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daan Mulder")
    # Leerplicht sees the name, never a link to the pupil's file.
    expect(page.locator(f"a[href='{reverse('register:leerling', args=[leerling.pk])}']")).to_have_count(0)

    page.locator("#stap-contact summary").click()
    contact = page.locator("#stap-contact")
    contact.get_by_label("Soort contact").select_option("huisbezoek")
    contact.get_by_label("Met of door").select_option("leerplicht")
    contact.get_by_label("Verslag").fill("Huisbezoek bij Daan en zijn moeder; Daan wil wel weer naar school.")
    contact.get_by_role("button", name="Contact vastleggen").click()
    expect(page.locator(".meldingen")).to_contain_text("Huisbezoek van")
    expect(page.locator(".tijdlijn")).to_contain_text("Daan wil wel weer naar school")

    uiterlijk = vandaag + dt.timedelta(days=14)
    page.locator("#stap-actie summary").click()
    actie = page.locator("#stap-actie")
    actie.get_by_label("Actie", exact=True).fill("Gesprek met ouders, school en jeugdhulp plannen")
    actie.get_by_label("Wie").fill("Lotte Smit")
    actie.get_by_label("Partij").select_option("leerplicht")
    actie.get_by_label("Uiterlijk").fill(uiterlijk.isoformat())
    actie.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator(".meldingen")).to_contain_text("staat in het plan van aanpak")
    expect(page.get_by_role("rowheader", name="Gesprek met ouders, school en jeugdhulp plannen")).to_be_visible()
    assert Contact.objects.filter(melding=m, soort=Contact.Soort.HUISBEZOEK, user__username="leerplicht-zwolle").exists()
    assert Actie.objects.filter(melding=m, uiterlijk=uiterlijk, gedaan_op__isnull=True).count() == 1

    # 3. The SWV consulent closes the case: Daan goes back to school, at Het Anker, 20 hours a week.
    inloggen(page, "consulent")
    page.goto(reverse("thuiszitters:lijst"))
    page.get_by_role("link", name="Daan Mulder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daan Mulder")
    page.locator("#stap-afsluiten summary").click()
    afsluiten = page.locator("#stap-afsluiten")
    afsluiten.get_by_label("Einddatum").fill(vandaag.isoformat())
    afsluiten.get_by_label("Terug op school").check()
    afsluiten.get_by_label(re.compile(r"^School\b")).select_option(str(regio["nieuwe_school"].pk))
    afsluiten.get_by_label("Uren onderwijs per week").fill("20")
    afsluiten.get_by_role("button", name="Melding afsluiten").click()
    expect(page.locator(".meldingen")).to_contain_text("De melding is afgesloten")
    expect(page.locator(".tz-uitkomst")).to_contain_text("Basisschool Het Anker, 20 uur per week")
    expect(page.locator("details.tz-stap")).to_have_count(0)  # closed: read-only
    m.refresh_from_db()
    assert (m.einddatum, m.uitkomst, m.uitkomst_school, m.uitkomst_uren) == (
        vandaag, Uitkomst.TERUG_OP_SCHOOL, regio["nieuwe_school"], 20)
    page.goto(reverse("thuiszitters:lijst") + "?status=alle")
    expect(page.get_by_role("link", name="Daan Mulder")).to_be_visible()

    # 4. The Inspectie workbook of the last reference date holds the case, anonymised, still open on that date.
    page.goto(reverse("thuiszitters:rapport"))
    page.get_by_label("Peildatum", exact=True).select_option(peildatum.isoformat())
    page.get_by_role("button", name="Toon de aantallen").click()
    expect(page.get_by_role("heading", level=2, name=f"Peildatum {peildatum:%d-%m-%Y}")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download de rapportage (Excel)").click()
    download = info.value
    assert download.suggested_filename == f"thuiszitters-inspectie-PO2307-{peildatum:%Y%m%d}.xlsx"
    pad = tmp_path / download.suggested_filename
    download.save_as(pad)
    wb = load_workbook(pad)
    kop, *rijen = [list(r) for r in wb["Registratie"].iter_rows(values_only=True)]
    assert len(rijen) == 1
    rij = dict(zip(kop, rijen[0], strict=True))
    assert rij["Categorie"] == Categorie.RELATIEF.label
    assert rij["Status op peildatum"] == "Lopend" and not rij["Uitkomst"]
    assert rij["Duur in weken"] == (peildatum - start).days // 7
    alle_tekst = " ".join(str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v is not None)
    assert "Mulder" not in alle_tekst and "De Esch" not in alle_tekst

    # 5. The leerplichtambtenaar of Kampen does not see the case, not in the list and not by its address.
    inloggen(page, "leerplicht-kampen")
    page.goto(reverse("thuiszitters:lijst") + "?status=alle")
    expect(page.locator(".resultaat")).to_have_text("0 meldingen")
    expect(page.get_by_text("Daan Mulder")).to_have_count(0)  # full name: a random user may be called Daan
    detail = reverse("thuiszitters:detail", args=[m.pk])
    page.expected_errors.add(detail)
    assert page.goto(detail).status == 403
