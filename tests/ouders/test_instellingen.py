"""The portal settings page (/ouders/instellingen/): SWV staff read it, the directeur and beheerder change it;
switching pupil accounts off locks those pupils out at once, switching on again lets them back in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.models import Roltoekenning
from passend.ouders.models import Portaalinstellingen
from passend.register.models import Leerling

URL = "/ouders/instellingen/"
MIJN = "/ouders/mijn/"


def _leeftijd(w, jaren: int):
    """Make w.leerling `jaren` old today (the fixture's birth date makes them a primary-school child)."""
    vandaag = timezone.localdate()
    Leerling.objects.filter(pk=w.leerling.pk).update(geboortedatum=dt.date(vandaag.year - jaren, 1, 1))


def _aan(w) -> bool:
    return Roltoekenning.objects.get(pk=w.leerling_zelf.pk).actief


def test_url_naam():
    assert reverse("ouders:instellingen") == URL


@pytest.mark.parametrize("wie", ["consulent", "directeur", "beheerder"])
def test_swv_leest_de_instellingen_met_aantallen_zonder_namen(w, login, wie):
    html = login(getattr(w, wie)).get(URL).content.decode()
    assert "Instellingen portaal voor ouders en leerlingen" in html
    assert "standaardwaarden van Passend" in html  # nothing saved yet: off, from 16
    assert "Leerlingen met een eigen account dat aan staat</dt>\n    <dd>1" in html  # w.leerling_zelf
    assert w.leerling.naam not in html and w.leerling.achternaam not in html
    heeft_formulier = 'name="minimumleeftijd"' in html
    assert heeft_formulier == (wie != "consulent")
    if wie == "consulent":
        assert "Alleen de directeur van het samenwerkingsverband of de beheerder kan deze instellingen wijzigen" in html


@pytest.mark.parametrize("wie", ["school", "ouder", "leerling_zelf", "deskundige1"])
def test_anderen_krijgen_geen_toegang(w, login, wie):
    client = login(getattr(w, wie))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"leerlingaccounts": "on", "minimumleeftijd": "12"}).status_code == 403
    assert not Portaalinstellingen.objects.exists()


def test_medewerker_mag_niet_opslaan(w, login):
    resp = login(w.consulent).post(URL, {"minimumleeftijd": "16"})
    assert resp.status_code == 403
    assert "Alleen de directeur van het samenwerkingsverband of de beheerder" in resp.content.decode()
    assert not Portaalinstellingen.objects.exists() and _aan(w)


def test_directeur_slaat_op(w, login):
    _leeftijd(w, 17)
    resp = login(w.directeur).post(URL, {"leerlingaccounts": "on", "minimumleeftijd": "17"}, follow=True)
    assert resp.redirect_chain == [(URL, 302)]
    html = resp.content.decode()
    assert "De instellingen zijn opgeslagen. Leerlingen vanaf 17 jaar kunnen nu een eigen account krijgen." in html
    assert "Er zijn geen leerlingaccounts aan- of uitgezet." in html
    assert '<span class="label goed">Aan</span> vanaf 17 jaar' in html
    assert 'value="17"' in html and "checked" in html
    inst = Portaalinstellingen.objects.get(swv=w.swv)
    assert inst.leerlingaccounts is True and inst.minimumleeftijd == 17
    assert _aan(w)


@pytest.mark.parametrize(("getypt", "fout"), [
    ("25", "Kies een leeftijd van 12 tot en met 18 jaar."),
    ("zestien", "Vul een leeftijd in hele jaren in."),
    ("", "Vul een leeftijd in."),
])
def test_ongeldige_leeftijd_geeft_fout_en_houdt_invoer(w, login, getypt, fout):
    resp = login(w.directeur).post(URL, {"leerlingaccounts": "on", "minimumleeftijd": getypt})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Controleer het formulier" in html and fout in html and "Er is niets opgeslagen." in html
    assert f'value="{getypt}"' in html if getypt else 'name="minimumleeftijd"' in html
    assert 'id="id_leerlingaccounts" checked' in html  # the ticked box stays ticked
    assert not Portaalinstellingen.objects.exists()
    assert _aan(w)


def test_uitzetten_sluit_de_leerling_buiten_en_aanzetten_laat_weer_toe(w, login):
    _leeftijd(w, 17)
    assert login(w.leerling_zelf).get(MIJN).status_code == 200

    html = login(w.directeur).post(URL, {"minimumleeftijd": "16"}, follow=True).content.decode()
    assert "Leerlingen kunnen nu geen eigen account krijgen." in html
    assert "1 leerlingaccount is uitgezet: deze leerlingen kunnen Passend niet meer gebruiken." in html
    assert "Leerlingaccounts die uit staan</dt>\n    <dd>1" in html
    assert not _aan(w)

    resp = login(w.leerling_zelf).get(MIJN)
    assert resp.status_code == 403
    assert "geen actieve rol" in resp.content.decode()
    assert w.leerling.naam not in resp.content.decode()

    html = login(w.beheerder).post(URL, {"leerlingaccounts": "on", "minimumleeftijd": "16"}, follow=True).content.decode()
    assert "1 leerlingaccount is weer aangezet." in html
    assert _aan(w)
    resp = login(w.leerling_zelf).get(MIJN)
    assert resp.status_code == 200 and "Mijn overzicht" in resp.content.decode()


def test_aanzetten_laat_een_te_jonge_leerling_buiten(w, login):
    _leeftijd(w, 15)
    login(w.directeur).post(URL, {"minimumleeftijd": "16"})
    html = login(w.directeur).post(URL, {"leerlingaccounts": "on", "minimumleeftijd": "16"}, follow=True).content.decode()
    assert "Er zijn geen leerlingaccounts aan- of uitgezet." in html
    assert login(w.leerling_zelf).get(MIJN).status_code == 403


def test_startpaneel_linkt_naar_de_instellingen_voor_directeur_en_beheerder(w, login):
    for wie in ("directeur", "beheerder"):
        html = login(getattr(w, wie)).get("/").content.decode()
        assert "Portaal voor ouders en leerlingen" in html and f'href="{URL}"' in html
    for wie in ("consulent", "school"):
        assert f'href="{URL}"' not in login(getattr(w, wie)).get("/").content.decode()
