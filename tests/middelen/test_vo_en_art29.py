"""Two gaps of issue 6, checked by hand:

- a VO SWV: the official 2015-2016 file (the PO regeling) has no lichte ondersteuning for VO. Its budget names the
  missing year, sector and component (never a zero), tells where the amount comes from, and the director enters it
  from the message's link; then the budget is computed, to the cent;
- art. 29 of the same regeling: the amounts computed with the vereveningsbedragen (art. 23-28: the SO/VSO amounts
  per category) are adjusted by 3,315 %. Passend applies it to the SO/VSO deductions as one extra line; SBO (art.
  19) and the vangnet are not adjusted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.middelen import normbedragen, regels
from passend.middelen.models import Normbedrag
from passend.register.models import Soort
from passend.toewijzing.models import Aanvraag, Tlv
from tests.factories import (
    LeerlingFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)

D = Decimal
PO_2015 = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2015() if r["sector"] == "PO"}
VO_2015 = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2015() if r["sector"] == "VO"}
BEGROTING = "/middelen/"


# ------------------------------------------------------------------------------------------------------------
# Art. 29 as a rule
# ------------------------------------------------------------------------------------------------------------

def test_art_29_percentage_komt_uit_de_officiele_gegevens_met_bron():
    procent, bron = normbedragen.aanpassing_verevening(2015)
    assert procent == D("3.315")
    assert "BWBR0037118" in bron and "art. 29" in bron
    assert normbedragen.aanpassing_verevening(2024) is None  # the verevening ended; nothing to adjust


def test_art_29_met_de_hand():
    # 3,315 % of 59.253,67 = 1.964,2591605 -> 1.964,26
    assert regels.aanpassing_verevening(D("59253.67"), D("3.315")) == D("1964.26")
    assert regels.aanpassing_verevening(D("0"), D("3.315")) == D("0.00")
    assert regels.is_vereveningsbedrag("so_jong_laag") and regels.is_vereveningsbedrag("vso_hoog")
    assert not regels.is_vereveningsbedrag("sbo")


def test_art_29_in_de_begroting_alleen_op_so_en_vso():
    sp = regels.Speciaal
    invoer = regels.Invoer(2015, "PO", 1234, speciaal=[
        sp("SBO-1", "sbo", ""), sp("SO-1", "so", "laag", dt.date(2004, 9, 9)), sp("SO-2", "so", "laag", dt.date(2005, 3, 1)),
        sp("SO-3", "so", "midden", dt.date(2003, 1, 1)), sp("SO-4", "so", "hoog", dt.date(2002, 6, 30)),
        sp("SO-5", "so", "laag", dt.date(2007, 3, 1))], groei=[sp("SO-G", "so", "hoog", dt.date(2002, 1, 1))])
    zonder = regels.begroting(invoer, PO_2015)
    met = regels.begroting(invoer, PO_2015, aanpassing_verevening_procent=D("3.315"))
    # SO: 2 × 7.958,38 + 13.921,11 + 20.645,71 + 8.770,09 (younger than 8) = 59.253,67; 3,315 % = 1.964,26.
    # SBO 2.986,87 is not adjusted. Aftrek 2.986,87 + 59.253,67 + 1.964,26 = 64.204,80.
    assert (met.aanpassing_procent, met.aanpassing_basis, met.aanpassing) == (D("3.315"), D("59253.67"), D("1964.26"))
    assert met.totaal_aftrek == D("64204.80") and zonder.totaal_aftrek == D("62240.54")
    assert [r.totaal for r in met.aftrek] == [r.totaal for r in zonder.aftrek]  # each line stays count × rate
    assert met.totaal_vangnet == zonder.totaal_vangnet  # the vangnet (the SWV's own rule) is not adjusted
    assert met.vrij == zonder.vrij - D("1964.26")
    # Without SO/VSO pupils there is nothing to adjust.
    alleen_sbo = regels.begroting(regels.Invoer(2015, "PO", 100, [sp("SBO-1", "sbo", "")]), PO_2015,
                                  aanpassing_verevening_procent=D("3.315"))
    assert (alleen_sbo.aanpassing, alleen_sbo.aanpassing_procent) == (D("0"), D("0"))


def test_normbedragenpagina_toont_het_percentage_met_bron(w, login):
    html = login(w.directeur).get(reverse("middelen:normbedragen"), {"sector": "PO"}).content.decode()
    assert "Aanpassingspercentage vereveningsbedragen: <strong>3,315 %</strong>" in html
    assert "art. 29: aanpassingspercentage vereveningsbedragen" in html


# ------------------------------------------------------------------------------------------------------------
# A VO SWV in 2015: the missing lichte ondersteuning
# ------------------------------------------------------------------------------------------------------------

def test_vo_zonder_licht_tarief_noemt_jaar_sector_en_onderdeel():
    with pytest.raises(regels.OntbrekendNormbedrag) as e:
        regels.begroting(regels.Invoer(2015, "VO", 1500), VO_2015,
                         labels={"licht": "Lichte ondersteuning (per leerling)"})
    assert (e.value.jaar, e.value.sector, e.value.componenten) == (2015, "VO", ["licht"])
    assert str(e.value).startswith("Er ontbreken normbedragen voor VO in 2015: Lichte ondersteuning (per leerling).")


@pytest.fixture
def vo(w):
    """A VO SWV with one school of 1.500 pupils and one VSO pupil (midden) with a TLV valid on 1-10-2014."""
    swv = SamenwerkingsverbandFactory(code="VO2799", sector="VO")
    school = SchoolFactory(vestigingscode="27VO01", naam="Het Vechtdal College", soort=Soort.VO, regio_swv_vo=swv,
                           regio_swv_po=w.swv, leerlingen=1500)
    leerling = LeerlingFactory(swv=swv, geboortedatum=dt.date(2001, 4, 4))
    aanvraag = Aanvraag.objects.create(swv=swv, leerling=leerling, school=school, soort="tlv", nummer="AV-VO-0001")
    Tlv.objects.create(swv=swv, leerling=leerling, aanvraag=aanvraag, nummer="TLV-VO-VSO1", soort="vso",
                       categorie="midden", begindatum=dt.date(2014, 8, 1), einddatum=dt.date(2015, 7, 31),
                       afgegeven_op=dt.date(2014, 8, 1), aanvragende_school=school)
    directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv, user=UserFactory(username="directeur-vo"))
    return swv, directeur


def test_vo_swv_ziet_wat_ontbreekt_en_voert_het_in(vo, login):
    swv, directeur = vo
    c = login(directeur)
    html = c.get(BEGROTING, {"jaar": 2015}).content.decode()
    assert "Er ontbreken normbedragen voor VO in 2015: Lichte ondersteuning (per leerling)." in html
    assert "1 oktober 2014" in html  # the VO count date
    assert "staat niet in de officiële gegevens die Passend meelevert" in html
    assert 'id="vrij"' not in html and 'id="bruto"' not in html  # no zero budget
    link = f'{reverse("middelen:normbedragen")}?sector=VO&amp;jaar=2015&amp;component=licht#bedrag-formulier'
    assert f'href="{link}"' in html

    # The link fills in the form: year 2015, sector VO, component licht.
    formulier = c.get(reverse("middelen:normbedragen"), {"sector": "VO", "jaar": "2015", "component": "licht"})
    f = formulier.content.decode()
    assert 'name="bedrag-jaar" value="2015"' in f
    assert '<option value="licht" selected>' in f and '<option value="VO" selected>' in f

    r = c.post(reverse("middelen:normbedragen") + "?sector=VO", {
        "actie": "bedrag", "bedrag-jaar": "2015", "bedrag-periode": "2015-2016", "bedrag-sector": "VO",
        "bedrag-component": "licht", "bedrag-bedrag": "100,00",
        "bedrag-bron": "Voorbeeld: regeling VO 2015-2016, lichte ondersteuning per leerling"})
    assert r.status_code == 302
    assert Normbedrag.objects.get(swv=swv, jaar=2015, sector="VO", component="licht").bedrag == D("100.00")

    html = c.get(BEGROTING, {"jaar": 2015}).content.decode()
    # By calculator: licht 1.500 × 100,00 = 150.000,00; zwaar 1.500 × 512,95 = 769.425,00; bruto 919.425,00.
    # VSO midden 15.710,24; art. 29: 3,315 % × 15.710,24 = 520,794456 -> 520,79; aftrek 16.231,03.
    # Vrij 919.425,00 − 16.231,03 = 903.193,97.
    assert 'id="bruto">€ 919.425,00<' in html
    assert 'id="aanpassing">€ 520,79<' in html
    assert 'id="aftrek">€ 16.231,03<' in html
    assert 'id="vrij">€ 903.193,97<' in html
    assert "TLV-VO-VSO1" in html  # traceable for SWV staff
    assert "Voorbeeld: regeling VO 2015-2016" in html  # the rate's source as entered
