"""A TLV request in a real browser: the school requests, the parent adds their view, the SWV handles it with two
experts, the directeur decides through the decision form, and the parent opens the letter (beschikking)."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from passend.accounts.models import Rol
from passend.register.models import Soort as SchoolSoort
from passend.toewijzing import regels, services
from passend.toewijzing.models import Aanvraag, Beroep, Status, Tlv
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



@pytest.fixture
def zaak(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    swv = SamenwerkingsverbandFactory(code="PO2305", naam="Samenwerkingsverband Testregio")
    school = SchoolFactory(naam="Basisschool De Esch", regio_swv_po=swv)
    SchoolFactory(naam="SO De Brug", soort=SchoolSoort.SO, regio_swv_po=swv)
    leerling = InschrijvingFactory(school=school, leerling__swv=swv, leerling__voornaam="Fenna",
                                   leerling__achternaam="Oosterhof", leerling__geboortedatum=dt.date(2017, 3, 4)).leerling
    rollen = {
        "ib": RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school], user=UserFactory(username="ib")),
        "consulent": RolFactory(rol=Rol.SWV_MEDEWERKER, swv=swv, user=UserFactory(username="consulent")),
        "directeur": RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv, user=UserFactory(username="directeur")),
        "psycholoog": RolFactory(rol=Rol.DESKUNDIGE, swv=swv, functie="psycholoog", user=UserFactory(username="psycholoog")),
        "arts": RolFactory(rol=Rol.DESKUNDIGE, swv=swv, functie="jeugdarts", user=UserFactory(username="arts")),
        "ouder": RolFactory(rol=Rol.OUDER, swv=swv, user=UserFactory(username="ouder")),
    }
    ouder = OuderFactory(swv=swv, user=rollen["ouder"].user, voornaam="Linda", achternaam="Oosterhof")
    OuderKindFactory(ouder=ouder, leerling=leerling, heeft_gezag=True)
    return {"leerling": leerling, **rollen}


def test_tlv_van_aanvraag_tot_brief_bij_de_ouder(page, zaak, tmp_path):
    leerling = zaak["leerling"]

    # 1. The IB'er requests a TLV SO for Fenna.
    inloggen(page, "ib")
    page.goto(reverse("toewijzing:aanvraag_nieuw") + f"?leerling={leerling.pk}")
    page.get_by_label("Toelaatbaarheidsverklaring (TLV)").check()
    page.get_by_label("Soort onderwijs").select_option("so")
    page.get_by_label("Gevraagde bekostigingscategorie").select_option("laag")
    page.get_by_label("Hulpvraag").fill("Fenna heeft een kleine groep en veel structuur nodig.")
    page.get_by_label("Wat de school al heeft gedaan").fill("Twee jaar arrangement met ambulante begeleiding.")
    page.get_by_label("Zienswijze van de leerling").fill("Fenna wil naar een rustige klas.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TLV SO")
    expect(page.get_by_text("Nog nodig voor indienen")).to_be_visible()
    a = Aanvraag.objects.get(leerling=leerling)

    opp = tmp_path / "opp-fenna.pdf"
    opp.write_bytes(b"%PDF-1.4\n% OPP\n")
    page.get_by_label("Soort bijlage").select_option("opp")
    page.get_by_label("Bestand").set_input_files(str(opp))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_role("link", name="opp-fenna.pdf")).to_be_visible()

    # 2. The parent sees the request, adds their view and agrees.
    inloggen(page, "ouder")
    page.goto(reverse("toewijzing:aanvraag", args=[a.pk]))
    page.goto(reverse("toewijzing:ouderreactie", args=[a.pk]))
    page.get_by_label("Ik heb de aanvraag gelezen").check()
    page.get_by_label("Akkoord met de aanvraag", exact=True).check()
    page.get_by_label("Uw zienswijze").fill("Wij zien dat Fenna vastloopt en steunen de aanvraag.")
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text("Wij zien dat Fenna vastloopt")).to_be_visible()

    # 3. The school submits.
    inloggen(page, "ib")
    page.goto(reverse("toewijzing:aanvraag", args=[a.pk]))
    page.get_by_role("button", name="Indienen bij het samenwerkingsverband").click()
    expect(page.locator(".label.status-ingediend").first).to_be_visible()

    # 4. The SWV takes it in and asks two experts (services: the pages for these steps have their own tests).
    a.refresh_from_db()
    services.consulent_toewijzen(zaak["consulent"], a, zaak["consulent"].user)
    services.transitie(zaak["consulent"], Aanvraag.objects.get(pk=a.pk), "in_behandeling_nemen")
    for rol, volgorde, beroep in ((zaak["psycholoog"], 1, Beroep.PSYCHOLOOG), (zaak["arts"], 2, Beroep.ARTS)):
        services.deskundige_vragen(zaak["consulent"], Aanvraag.objects.get(pk=a.pk), deskundige=rol.user,
                                   volgorde=volgorde, beroep=beroep)
    services.transitie(zaak["consulent"], Aanvraag.objects.get(pk=a.pk), "advies_vragen")

    # 5. Each expert advises in their own login, through their advice page.
    for naam in ("psycholoog", "arts"):
        inloggen(page, naam)
        page.goto(reverse("toewijzing:mijn_adviezen"))
        page.get_by_role("link", name=a.nummer).first.click()
        page.get_by_label("Ja, dat klopt: ik ben niet eerder betrokken geweest").check()
        page.get_by_label("Ik heb dit advies zelfstandig en apart opgesteld").check()
        page.get_by_label("Positief: de leerling is toelaatbaar").check()
        page.get_by_label("Advies", exact=True).fill("Fenna heeft een kleine groep en een voorspelbare dag nodig; SO past.")
        page.get_by_role("button", name="Advies versturen").click()

    # 6. The directeur decides through the decision form; the TLV and the letter exist.
    inloggen(page, "directeur")
    page.goto(reverse("toewijzing:besluiten", args=[a.pk]))
    page.get_by_label("Toegekend", exact=True).check()
    page.get_by_label("Motivering").fill("Beide deskundigen adviseren positief; SO met categorie laag past bij Fenna.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".label.status-besloten").first).to_be_visible()
    tlv = Tlv.objects.get(aanvraag=a)
    assert tlv.einddatum.month == 7 and tlv.einddatum.day == 31

    # 7. The parent opens the letter: a PDF with the decision.
    inloggen(page, "ouder")
    page.goto(reverse("toewijzing:aanvraag", args=[a.pk]))
    expect(page.get_by_text(tlv.nummer).first).to_be_visible()
    href = page.locator("a[href*='/toewijzing/brieven/']").first.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert Aanvraag.objects.get(pk=a.pk).status == Status.BESLOTEN
    assert regels.bezwaartermijn_einde(tlv.afgegeven_op) > tlv.afgegeven_op
