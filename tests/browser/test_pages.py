"""What a user sees in a real browser: logging in per role, the main menu, refusals, keyboard use."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from passend.accounts.models import Rol
from passend.core.navigation import MENU
from tests.factories import (
    PASSWORD,
    DossiertoegangFactory,
    GemeenteFactory,
    InschrijvingFactory,
    LeerlingFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/passend-start.png"


@pytest.fixture
def wereld(transactional_db):
    """One SWV with two schools, a pupil at each, and one user per role (username = the role's value).

    The school user works at school A only; the ouder is the parent of pupil A; the deskundige has access
    to pupil A's file.
    """
    swv = SamenwerkingsverbandFactory(code="PO2305", naam="Samenwerkingsverband Testregio")
    gemeente = GemeenteFactory(naam="Zwolle")
    swv.gemeenten.add(gemeente)
    bestuur = SchoolbestuurFactory(naam="Stichting Testonderwijs")
    school_a = SchoolFactory(naam="Basisschool De Esch", regio_swv_po=swv, gemeente=gemeente, bestuur=bestuur)
    school_b = SchoolFactory(naam="Basisschool Het Anker", regio_swv_po=swv, gemeente=gemeente)
    leerling_a = LeerlingFactory(swv=swv, voornaam="Fenna", achternaam="Oosterhof")
    leerling_b = LeerlingFactory(swv=swv, voornaam="Thijmen", achternaam="Buitenveld")
    InschrijvingFactory(leerling=leerling_a, school=school_a)
    InschrijvingFactory(leerling=leerling_b, school=school_b)

    rollen = {}
    for rol in Rol:
        extra = {}
        if rol == Rol.SCHOOL:
            extra["scholen"] = [school_a]
        elif rol == Rol.SCHOOLBESTUUR:
            extra["bestuur"] = bestuur
        elif rol in (Rol.LEERPLICHT, Rol.VERVOER):
            extra["gemeente"] = gemeente
        user = UserFactory(username=rol.value, first_name="Test", last_name=rol.value)
        rollen[rol] = RolFactory(user=user, rol=rol, swv=swv, **extra)
    OuderKindFactory(leerling=leerling_a, ouder__swv=swv, ouder__user=rollen[Rol.OUDER].user)
    DossiertoegangFactory(user=rollen[Rol.DESKUNDIGE].user, leerling=leerling_a)
    return {
        "swv": swv,
        "rollen": rollen,
        "school_a": school_a,
        "school_b": school_b,
        "leerling_a": leerling_a,
        "leerling_b": leerling_b,
    }


def inloggen(page, username):
    """Log in through the real login form and wait for the start page."""
    page.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("core:start")) + r"(\?.*)?$"))


def menu_labels(page):
    nav = page.locator("nav[aria-label=Hoofdmenu]")
    expect(nav).to_be_visible()
    return [t.strip() for t in nav.locator("a").all_inner_texts()]


@pytest.mark.parametrize("rol", list(Rol), ids=[r.value for r in Rol])
def test_login_lands_on_start_with_the_menu_of_the_role(page, wereld, rol):
    assert reverse("accounts:login") == "/account/inloggen/"
    inloggen(page, rol.value)
    assert menu_labels(page) == [item.label for item in MENU[rol]]
    # Every menu item opens a page that works for this role.
    for item in MENU[rol]:
        response = page.goto(reverse(item.url_name))
        assert response.status == 200, f"{item.label} ({reverse(item.url_name)}) gaf {response.status}"


def test_school_user_cannot_open_a_pupil_of_another_school(page, wereld):
    inloggen(page, Rol.SCHOOL.value)
    anders = wereld["leerling_b"]
    page.expected_errors.add(f"/leerlingen/{anders.pk}/")
    response = page.goto(f"/leerlingen/{anders.pk}/")
    assert response.status == 403
    tekst = page.locator("body").inner_text()
    assert "toegang" in tekst.lower(), tekst
    assert anders.naam not in tekst  # full name: the user's own random name may share a part


def test_school_user_opens_a_pupil_of_own_school(page, wereld):
    """The counterpart of the refusal above: the same URL pattern works for a pupil the school may see."""
    inloggen(page, Rol.SCHOOL.value)
    eigen = wereld["leerling_a"]
    response = page.goto(f"/leerlingen/{eigen.pk}/")
    assert response.status == 200
    expect(page.locator("main")).to_contain_text(eigen.achternaam)


@pytest.mark.parametrize("url_name", ["core:start", "scholen:lijst"])
def test_first_tab_reaches_the_skip_link_which_moves_to_the_content(page, wereld, url_name):
    # (Not the login page: Django's login form puts the focus in the username field on purpose.)
    inloggen(page, Rol.SWV_MEDEWERKER.value)
    page.goto(reverse(url_name))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Naar de inhoud", "href": "#inhoud"}
    # Visible while focused (WCAG 2.4.7), not hidden off-screen.
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"


def test_screenshot_of_the_start_page_of_the_swv_medewerker(page, wereld):
    inloggen(page, Rol.SWV_MEDEWERKER.value)
    expect(page.locator("main")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)
