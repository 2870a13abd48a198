"""Leerlingenvervoer in a real browser (issue 8): the gemeente user confirms the proposed decision of a pupil who
cannot travel alone, plans the routes in the background, sees them on the map and downloads the driver's sheet."""

import pytest
from playwright.sync_api import expect

from passend.vervoer import services
from passend.vervoer.models import Routeplanning, Vervoersaanvraag
from tests.browser.hulp import inloggen
from tests.toewijzing.conftest import _media, w  # noqa: F401
from tests.vervoer.conftest import v  # noqa: F401  (the small vervoer world)

pytestmark = pytest.mark.browser



def test_besluit_planning_kaart_en_ritlijst(page, v):  # noqa: F811
    wereld = v.w
    a = services.aanvraag_indienen(wereld.school_so, wereld.leerling_so, beperking=True, rolstoel=True,
                                   chauffeur_info="Zit graag voorin")
    # 1. The gemeente user opens the request from the worklist and takes over the proposal.
    inloggen(page, "vervoer")
    page.get_by_role("link", name="Vervoersaanvragen").click()
    page.get_by_role("link", name=wereld.leerling_so.naam).first.click()
    expect(page.get_by_text("geen afstandsgrens").first).to_be_visible()
    page.get_by_role("button", name="Voorstel overnemen: toekennen").click()
    expect(page.get_by_text("Toegekend").first).to_be_visible()
    a.refresh_from_db()
    assert a.status == Vervoersaanvraag.Status.TOEGEKEND and a.vorm == "aangepast"

    # 2. Plans the routes (two seconds of computing) and sees them on the map.
    page.get_by_role("link", name="Routes").click()
    page.locator("input[name=seconden]").fill("2")
    page.get_by_role("button", name="Routes plannen").click()
    expect(page.get_by_role("link", name="Ritlijst (PDF) voor Bus 1")).to_be_visible(timeout=30_000)
    expect(page.locator("svg").first).to_be_attached()
    p = Routeplanning.objects.get()
    assert p.status == Routeplanning.Status.KLAAR and p.resultaat["routes"][0]["naam"] == "Bus 1"

    # 3. Downloads the driver's route sheet.
    with page.expect_download() as info:
        page.get_by_role("link", name="Ritlijst (PDF) voor Bus 1").click()
    pad = info.value.path()
    with open(pad, "rb") as f:
        assert f.read(4) == b"%PDF"
