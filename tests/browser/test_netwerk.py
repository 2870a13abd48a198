"""The dekkend netwerk in a real browser (issue 7): the consulent looks at the coverage map and gap list, a school
searches a place for its pupil from the pupil's page, sees the schools ranked with their distances, chooses one,
and the chosen school confirms from its start page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from passend.netwerk.models import Plaatsingsverzoek
from tests.browser.hulp import inloggen
from tests.netwerk.conftest import n  # noqa: F401  (the small dekkend-netwerk world)
from tests.toewijzing.conftest import _media, w  # noqa: F401

pytestmark = pytest.mark.browser



def test_dekking_en_plaatsing_van_zoeken_tot_bevestiging(page, n):  # noqa: F811
    wereld = n.w
    # 1. The consulent sees the map of the region and the gap list.
    inloggen(page, "consulent")
    page.goto(reverse("netwerk:dekking") + "?behoefte=zml")
    expect(page.locator("svg").filter(has_text="SO De Brug").first).to_be_attached()
    expect(page.get_by_text("Geen enkele school in de regio biedt Hoogbegaafdheid.")).to_be_visible()

    # 2. The school searches a place for its pupil, from the pupil's page.
    inloggen(page, "ib-linde")
    page.goto(reverse("register:leerling", args=[wereld.leerling.pk]))
    page.get_by_role("link", name="Passende school zoeken").click()
    page.get_by_label("Gedrag").check()
    page.get_by_label("Autisme (ASS)").check()
    page.get_by_role("button", name="Scholen zoeken").click()
    rijen = page.locator("table tbody tr")
    expect(rijen.first).to_contain_text("De Eik")
    expect(rijen.first).to_contain_text("4,4 km")
    expect(rijen.nth(1)).to_contain_text("SO De Brug")
    expect(rijen.nth(1)).to_contain_text("21,1 km")

    # 3. It chooses De Eik.
    rijen.first.get_by_text(re.compile("Kies deze school")).click()
    rijen.first.get_by_role("button", name=re.compile("^Kies De Eik")).click()
    expect(page.get_by_text("School gekozen, wacht op bevestiging").first).to_be_visible()
    p = Plaatsingsverzoek.objects.get(leerling=wereld.leerling)
    assert p.gekozen_school == wereld.school_b

    # 4. De Eik confirms from its start page.
    inloggen(page, "ib-eik")
    page.get_by_role("link", name=wereld.leerling.naam).first.click()
    page.get_by_role("button", name="Bevestigen: de leerling kan komen").click()
    expect(page.get_by_text("Bevestigd door de ontvangende school").first).to_be_visible()
    p.refresh_from_db()
    assert p.status == Plaatsingsverzoek.Status.BEVESTIGD and p.beantwoord_door == wereld.andere_school.user
