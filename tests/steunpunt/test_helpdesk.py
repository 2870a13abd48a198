"""The helpdesk pages: a parent asks and sees their own question; nobody else (another parent, a school) finds it;
the Steunpunt answers and the questioner reads the answer and gets one e-mail; the worklist marks a question
that waits too long; an answer becomes a draft FAQ without the questioner's name; the worklist export has no
names."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from passend.accounts.models import Rol
from passend.steunpunt import regels, services
from passend.steunpunt.models import Artikel, Thema, Vraag
from tests.factories import RolFactory, SamenwerkingsverbandFactory, SchoolFactory, UserFactory
from tests.html import Tabel

pytestmark = pytest.mark.django_db

ONDERWERP = "Mag de school weigeren mijn kind aan te nemen zonder een andere plek te bieden?"
TEKST = "Wij hebben ons kind aangemeld. De school zegt dat zij geen plek heeft. Wat kunnen wij doen?"
ANTWOORD = "De school heeft zorgplicht: zij moet binnen zes weken een passende plek bieden of zoeken."


@pytest.fixture
def swv():
    return SamenwerkingsverbandFactory()


@pytest.fixture
def ouder(swv):
    return RolFactory(rol=Rol.OUDER, swv=swv, user=UserFactory(first_name="Hendrika", last_name="Oosterbroek"))


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


@pytest.fixture
def zorgplicht():
    return Thema.objects.get(slug="zorgplicht")


def _stel(rol, thema, onderwerp=ONDERWERP, tekst=TEKST):
    return services.vraag_stellen(rol, onderwerp=onderwerp, tekst=tekst, thema=thema, sectoren=["po"])


def _onderwerpen(html: str, klasse: str) -> list[str]:
    rijen = Tabel(html, klasse).rijen
    return [r[0] for r in rijen[1:]]


def test_een_ouder_stelt_een_vraag_en_ziet_hem_in_de_eigen_lijst(login, ouder, zorgplicht):
    client = login(ouder)
    r = client.get(reverse("steunpunt:vraag_nieuw"))
    assert "Noem geen namen of andere gegevens van leerlingen" in r.content.decode()

    r = client.post(reverse("steunpunt:vraag_nieuw"), {
        "onderwerp": ONDERWERP, "tekst": TEKST, "thema": zorgplicht.pk, "sectoren": ["po"]}, follow=True)
    v = Vraag.objects.get()
    assert r.redirect_chain[-1][0] == reverse("steunpunt:vraag", args=[v.pk])
    html = r.content.decode()
    assert ONDERWERP in html and TEKST in html and v.nummer in html
    assert "Er is nog geen antwoord" in html

    lijst = client.get(reverse("steunpunt:helpdesk")).content.decode()
    assert _onderwerpen(lijst, "helpdesk-mijn") == [ONDERWERP]
    rij = Tabel(lijst, "helpdesk-mijn").rij(ONDERWERP)
    assert rij[1:] == [v.nummer, "Zorgplicht", timezone.localdate().strftime("%d-%m-%Y"), "Nieuw"]


def test_fouten_houden_wat_de_vrager_typte(login, ouder):
    r = login(ouder).post(reverse("steunpunt:vraag_nieuw"), {"onderwerp": ONDERWERP, "tekst": TEKST,
                                                           "sectoren": ["vo"]})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kies het thema waar uw vraag over gaat." in html
    assert f'value="{ONDERWERP}"' in html and TEKST in html
    assert re.search(r'<input type="checkbox" name="sectoren" value="vo"[^>]*checked', html)
    assert not Vraag.objects.exists()


def test_een_andere_ouder_en_een_school_zien_de_vraag_niet(login, ouder, swv, zorgplicht):
    v = _stel(ouder, zorgplicht)
    andere_ouder = RolFactory(rol=Rol.OUDER, swv=swv)
    school = RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[SchoolFactory(regio_swv_po=swv)])
    for rol in (andere_ouder, school):
        client = login(rol)
        assert client.get(reverse("steunpunt:vraag", args=[v.pk])).status_code == 403
        assert client.post(reverse("steunpunt:vraag_sluiten", args=[v.pk])).status_code == 403
        lijst = client.get(reverse("steunpunt:helpdesk"))
        assert lijst.status_code == 200
        assert ONDERWERP not in lijst.content.decode()
    assert login(school).get(reverse("steunpunt:vraag", args=[v.pk + 1000])).status_code == 404
    v.refresh_from_db()
    assert v.status == Vraag.Status.NIEUW


def test_het_steunpunt_beantwoordt_en_de_vrager_leest_het_antwoord(login, ouder, steunpunt, zorgplicht,
                                                                  django_capture_on_commit_callbacks):
    v = _stel(ouder, zorgplicht)
    client = login(steunpunt)
    werklijst = client.get(reverse("steunpunt:helpdesk")).content.decode()
    assert ONDERWERP in _onderwerpen(werklijst, "helpdesk-werklijst")
    detail = client.get(reverse("steunpunt:vraag", args=[v.pk])).content.decode()
    assert "Hendrika Oosterbroek" in detail  # the Steunpunt sees who asked

    client.post(reverse("steunpunt:vraag_oppakken", args=[v.pk]))
    v.refresh_from_db()
    assert v.status == Vraag.Status.IN_BEHANDELING and v.behandelaar_id == steunpunt.user_id

    # An empty answer is refused and nothing is sent.
    r = client.post(reverse("steunpunt:vraag_beantwoorden", args=[v.pk]), {"antwoord": "  "})
    assert r.status_code == 200 and "Schrijf het antwoord." in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("steunpunt:vraag_beantwoorden", args=[v.pk]), {"antwoord": ANTWOORD})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ouder.user.email]
    assert reverse("steunpunt:vraag", args=[v.pk]) in mail.outbox[0].body

    client = login(ouder)
    html = client.get(reverse("steunpunt:vraag", args=[v.pk])).content.decode()
    assert ANTWOORD in html
    assert "Beantwoord" in Tabel(client.get(reverse("steunpunt:helpdesk")).content.decode(), "helpdesk-mijn").rij(
        ONDERWERP)[-1]
    # The questioner closes their own question.
    client.post(reverse("steunpunt:vraag_sluiten", args=[v.pk]))
    v.refresh_from_db()
    assert v.status == Vraag.Status.GESLOTEN


def _kengetallen(html: str) -> str:
    """The text of the key figures on top of the worklist, without tags."""
    blok = re.search(r'<ul class="kengetallen".*?</ul>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", blok).split())


def _werkdagen_geleden(n: int) -> dt.datetime:
    nu = timezone.now()
    begin = nu
    while regels.werkdagen_tussen(timezone.localtime(begin), timezone.localtime(nu)) < n:
        begin -= dt.timedelta(days=1)
    return begin


def test_de_werklijst_markeert_een_vraag_die_8_werkdagen_open_staat_als_te_laat(login, ouder, steunpunt,
                                                                                 zorgplicht, settings):
    settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN = 5
    oud = _stel(ouder, zorgplicht, onderwerp="Een oude vraag over de zorgplicht")
    Vraag.objects.filter(pk=oud.pk).update(gesteld_op=_werkdagen_geleden(8))
    _stel(ouder, zorgplicht, onderwerp="Een verse vraag over de zorgplicht")
    # One answered within the norm and one too late, in the last 90 days.
    snel = _stel(ouder, zorgplicht, onderwerp="Een snel beantwoorde vraag")
    services.vraag_beantwoorden(steunpunt, snel, ANTWOORD)
    traag = _stel(ouder, zorgplicht, onderwerp="Een traag beantwoorde vraag")
    Vraag.objects.filter(pk=traag.pk).update(gesteld_op=_werkdagen_geleden(10))
    traag.refresh_from_db()
    services.vraag_beantwoorden(steunpunt, traag, ANTWOORD)

    html = login(steunpunt).get(reverse("steunpunt:helpdesk")).content.decode()
    t = Tabel(html, "helpdesk-werklijst")
    # Open ones first, the oldest first.
    assert [r[0] for r in t.rijen[1:3]] == [
        "Een oude vraag over de zorgplicht", "Een verse vraag over de zorgplicht"]
    assert "te laat" in t.rij("Een oude vraag over de zorgplicht")[6]
    assert "te laat" not in t.rij("Een verse vraag over de zorgplicht")[6]
    kengetallen = _kengetallen(html)
    assert "2 open vragen" in kengetallen
    assert "50% binnen 5 werkdagen beantwoord (2 vragen in de laatste 90 dagen)" in kengetallen

    # Filter: open only.
    html = login(steunpunt).get(reverse("steunpunt:helpdesk"), {"status": "open"}).content.decode()
    assert len(Tabel(html, "helpdesk-werklijst").rijen) == 3


def test_van_een_antwoord_wordt_een_concept_veelgestelde_vraag_zonder_naam(login, ouder, steunpunt, zorgplicht):
    v = _stel(ouder, zorgplicht)
    services.vraag_beantwoorden(steunpunt, v, ANTWOORD)
    r = login(steunpunt).post(reverse("steunpunt:vraag_faq", args=[v.pk]))
    a = Artikel.objects.get(soort=Artikel.Soort.FAQ, uit_vragen=v)
    assert r.status_code == 302
    assert r["Location"] in (reverse("steunpunt:artikel_wijzigen", args=[a.pk]), reverse("steunpunt:vraag", args=[v.pk]))
    assert a.status == Artikel.Status.CONCEPT
    assert a.titel == ONDERWERP and a.tekst == ANTWOORD
    naam = ouder.user.get_full_name()
    assert naam == "Hendrika Oosterbroek"
    assert naam not in f"{a.titel} {a.samenvatting} {a.tekst}"
    assert ouder.user.email not in f"{a.titel} {a.samenvatting} {a.tekst}"
    # The question now links to the draft, and a second FAQ is not offered.
    html = login(steunpunt).get(reverse("steunpunt:vraag", args=[v.pk])).content.decode()
    assert "Maak er een veelgestelde vraag van" not in html
    assert a.titel in html


def test_de_werklijst_als_excel_heeft_geen_namen(login, ouder, steunpunt, zorgplicht):
    v = _stel(ouder, zorgplicht)
    services.vraag_beantwoorden(steunpunt, v, ANTWOORD)
    r = login(steunpunt).get(reverse("steunpunt:helpdesk_export"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Vragen"]
    rijen = [[c.value for c in rij] for rij in ws.iter_rows()]
    assert rijen[0][:6] == ["Nummer", "Gesteld op", "Thema", "Sector", "Gesteld als", "Status"]
    assert rijen[1][0] == v.nummer and rijen[1][2] == "Zorgplicht" and rijen[1][3] == "PO"
    assert rijen[1][4] == "Ouder/verzorger" and rijen[1][5] == "Beantwoord" and rijen[1][9] == "ja"
    alles = " ".join(str(c) for rij in rijen for c in rij)
    assert "Hendrika Oosterbroek" not in alles and ouder.user.email not in alles and ONDERWERP not in alles
    # Only the Steunpunt downloads it.
    assert login(ouder).get(reverse("steunpunt:helpdesk_export")).status_code == 403


def test_wie_geen_vraag_mag_stellen_krijgt_geen_helpdesk(login, swv):
    leerling = RolFactory(rol=Rol.LEERLING, swv=swv)
    client = login(leerling)
    assert client.get(reverse("steunpunt:helpdesk")).status_code == 403
    assert client.get(reverse("steunpunt:vraag_nieuw")).status_code == 403


def test_zonder_inloggen_naar_de_inlogpagina(client):
    r = client.get(reverse("steunpunt:helpdesk"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
