"""Objections: registering (late ones flagged, not refused), the LBT steps and their deadlines, deciding
(LBT advice needed unless upheld; upheld revises the TLV), the worklist and who may do what."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.toewijzing import regels, services
from passend.toewijzing.models import Bezwaar, Status, Tlv
from passend.toewijzing.workflow import OngeldigeTransitie

VANDAAG = dt.date.today()


def _besloten(w, dagen_geleden=0, **besluit):
    """A granted TLV (SO laag) decided `dagen_geleden` days ago."""
    return w.naar(w.aanvraag(), Status.BESLOTEN, datum=VANDAAG - dt.timedelta(days=dagen_geleden), **besluit)


def _registreer(w, a, ontvangen_op, indiener="ouders"):
    services.transitie(w.consulent, a, "bezwaar_registreren", ontvangen_op=ontvangen_op, indiener=indiener,
                       gronden="Wij vinden dat onze zoon categorie midden nodig heeft.")
    return Bezwaar.objects.get(aanvraag=a)


def _registreer_via_pagina(client, a, ontvangen_op, **extra):
    return client.post(reverse("toewijzing:bezwaar_nieuw", args=[a.pk]), {
        "ontvangen_op": ontvangen_op.isoformat(), "indiener": "ouders", "indiener_naam": "J. Aalders",
        "gronden": "Wij zijn het niet eens met de categorie.", **extra,
    })


# ------------------------------------------------------------------------------------------------------------
# Registering
# ------------------------------------------------------------------------------------------------------------

def test_bezwaar_binnen_termijn_wordt_geregistreerd_en_niet_te_laat(w, login):
    a = _besloten(w, dagen_geleden=10)
    client = login(w.consulent)
    einde = regels.bezwaartermijn_einde(a.besluit.datum)
    formulier = client.get(reverse("toewijzing:bezwaar_nieuw", args=[a.pk]))
    assert formulier.status_code == 200
    assert f"{einde:%d-%m-%Y}" in formulier.text  # the term end is shown before submitting

    resp = _registreer_via_pagina(client, a, VANDAAG)
    b = Bezwaar.objects.get(aanvraag=a)
    assert resp.status_code == 302 and resp["Location"] == reverse("toewijzing:bezwaar", args=[b.pk])
    assert b.te_laat is False and b.indiener_naam == "J. Aalders"
    a.refresh_from_db()
    assert a.status == Status.BEZWAAR
    pagina = client.get(resp["Location"])
    assert "binnen de termijn" in pagina.text
    assert "Te laat ontvangen" not in pagina.text


def test_bezwaar_na_termijn_wordt_gemarkeerd_maar_wel_geregistreerd(w, login):
    a = _besloten(w, dagen_geleden=70)
    client = login(w.consulent)
    einde = regels.bezwaartermijn_einde(a.besluit.datum)
    assert VANDAAG > einde

    # The live check while entering the date says it will be flagged late, before anything is saved.
    controle = client.get(reverse("toewijzing:bezwaar_nieuw", args=[a.pk]), {"ontvangen_op": VANDAAG.isoformat()},
                          HTTP_HX_REQUEST="true")
    assert "Te laat" in controle.text and "wel geregistreerd" in controle.text
    assert not Bezwaar.objects.exists()

    resp = _registreer_via_pagina(client, a, VANDAAG)
    assert resp.status_code == 302
    b = Bezwaar.objects.get(aanvraag=a)
    assert b.te_laat is True
    pagina = client.get(resp["Location"])
    assert "gemarkeerd als te laat" in pagina.text  # the message after registering
    assert "Te laat ontvangen" in pagina.text


def test_bezwaar_registreren_fout_houdt_invoer_vast(w, login):
    a = _besloten(w, dagen_geleden=5)
    client = login(w.consulent)
    resp = client.post(reverse("toewijzing:bezwaar_nieuw", args=[a.pk]), {
        "ontvangen_op": (a.besluit.datum - dt.timedelta(days=3)).isoformat(), "indiener": "schoolbestuur",
        "gronden": "Het bestuur vindt SBO passender.",
    })
    assert resp.status_code == 200
    assert "Een bezwaar kan niet vóór het besluit zijn ontvangen." in resp.text
    assert "Het bestuur vindt SBO passender." in resp.text
    assert re.search(r'value="schoolbestuur"[^>]*checked', resp.text)
    assert not Bezwaar.objects.exists()


def test_school_kan_geen_bezwaar_registreren(w, login):
    a = _besloten(w)
    client = login(w.school)
    assert client.get(reverse("toewijzing:bezwaar_nieuw", args=[a.pk])).status_code == 403
    assert _registreer_via_pagina(client, a, VANDAAG).status_code == 403
    with pytest.raises(OngeldigeTransitie, match="voorbehouden"):
        services.transitie(w.school, a, "bezwaar_registreren", ontvangen_op=VANDAAG, indiener="schoolbestuur",
                           gronden="Wij willen SBO.")
    assert not Bezwaar.objects.exists()


def test_tweede_open_bezwaar_wordt_geweigerd_met_reden(w, login):
    a = _besloten(w, dagen_geleden=5)
    _registreer(w, a, VANDAAG)
    client = login(w.consulent)
    resp = client.get(reverse("toewijzing:bezwaar_nieuw", args=[a.pk]))
    assert "Registreren kan nu niet." in resp.text and "kan niet vanuit de status" in resp.text
    resp = _registreer_via_pagina(client, a, VANDAAG)
    assert resp.status_code == 200 and "kan niet vanuit de status" in resp.text
    assert Bezwaar.objects.count() == 1


# ------------------------------------------------------------------------------------------------------------
# LBT steps and deadlines
# ------------------------------------------------------------------------------------------------------------

def test_lbt_termijnen_staan_op_de_bezwaarpagina_en_verstreken_is_zichtbaar(w, login):
    a = _besloten(w, dagen_geleden=30)
    ontvangen = VANDAAG - dt.timedelta(days=20)
    b = _registreer(w, a, ontvangen)
    client = login(w.consulent)
    pagina = client.get(reverse("toewijzing:bezwaar", args=[b.pk])).text
    lbt_uiterlijk = regels.lbt_vragen_uiterlijk(ontvangen)
    beslissing = regels.beslissing_op_bezwaar_uiterlijk(a.besluit.datum, 12)
    assert f"{lbt_uiterlijk:%d-%m-%Y}" in pagina
    assert f"{beslissing:%d-%m-%Y}" in pagina
    assert "termijn verstreken (6 dagen te laat)" in pagina  # asked the LBT too late: text and label
    assert 'class="label fout"' in pagina

    gevraagd = VANDAAG - dt.timedelta(days=2)
    resp = client.post(reverse("toewijzing:bezwaar_bijwerken", args=[b.pk]), {
        "lbt-lbt_gevraagd_op": gevraagd.isoformat(), "lbt-hoorzitting_op": (VANDAAG + dt.timedelta(days=10)).isoformat(),
    })
    assert resp.status_code == 302
    b.refresh_from_db()
    assert b.lbt_gevraagd_op == gevraagd
    pagina = client.get(reverse("toewijzing:bezwaar", args=[b.pk])).text
    verweer = regels.verweer_uiterlijk(gevraagd)
    assert f"{verweer:%d-%m-%Y}" in pagina
    assert "open, nog 12 dagen" in pagina
    assert "gepland" in pagina  # the hearing lies ahead


def test_lbt_stap_met_fout_houdt_invoer_vast_en_slaat_niets_op(w, login):
    a = _besloten(w, dagen_geleden=10)
    b = _registreer(w, a, VANDAAG - dt.timedelta(days=5))
    client = login(w.consulent)
    gevraagd = (VANDAAG - dt.timedelta(days=2)).isoformat()
    resp = client.post(reverse("toewijzing:bezwaar_bijwerken", args=[b.pk]), {
        "lbt-lbt_gevraagd_op": gevraagd, "lbt-lbt_advies": "ongegrond",
    })
    assert resp.status_code == 200
    assert "Vul de datum van het advies van de LBT in." in resp.text
    assert f'value="{gevraagd}"' in resp.text
    b.refresh_from_db()
    assert b.lbt_gevraagd_op is None and b.lbt_advies == ""


# ------------------------------------------------------------------------------------------------------------
# Deciding
# ------------------------------------------------------------------------------------------------------------

def _beslis(client, a, **data):
    return client.post(reverse("toewijzing:bezwaar_beslissen", args=[a.pk]), {
        "motivering": "De gronden van het bezwaar zijn besproken met ouders en de LBT.", **data,
    })


def test_ongegrond_zonder_lbt_advies_geweigerd_met_advies_geaccepteerd(w, login):
    a = _besloten(w, dagen_geleden=20)
    b = _registreer(w, a, VANDAAG - dt.timedelta(days=10))
    client = login(w.directeur)
    formulier = client.get(reverse("toewijzing:bezwaar_beslissen", args=[a.pk])).text
    assert "nodig, tenzij het bezwaar volledig wordt toegekend" in formulier

    resp = _beslis(client, a, uitkomst="ongegrond")
    assert resp.status_code == 200
    assert "Vraag eerst het advies van de LBT" in resp.text
    assert "De gronden van het bezwaar zijn besproken" in resp.text  # input kept
    b.refresh_from_db()
    assert b.is_open and b.uitkomst == ""

    services.bezwaar_bijwerken(w.consulent, b, lbt_gevraagd_op=VANDAAG - dt.timedelta(days=8),
                               verweer_verzonden_op=VANDAAG - dt.timedelta(days=4),
                               lbt_advies_op=VANDAAG, lbt_advies="ongegrond")
    resp = _beslis(client, a, uitkomst="ongegrond")
    assert resp.status_code == 302
    b.refresh_from_db()
    assert b.uitkomst == "ongegrond" and b.beslist_op == VANDAAG
    a.refresh_from_db()
    assert a.status == Status.AFGESLOTEN
    # The TLV stays as it was.
    assert Tlv.objects.filter(aanvraag=a, ingetrokken_op__isnull=True).count() == 1
    pagina = client.get(resp["Location"]).text
    assert "vastgelegd: ongegrond" in pagina


def test_gegrond_herziet_de_tlv_nieuwe_vervangt_oude(w, login):
    a = _besloten(w, dagen_geleden=20)
    oud = Tlv.objects.get(aanvraag=a)
    assert oud.categorie == "laag"
    _registreer(w, a, VANDAAG - dt.timedelta(days=10))
    client = login(w.directeur)
    formulier = client.get(reverse("toewijzing:bezwaar_beslissen", args=[a.pk])).text
    # Prefilled with the current decision.
    assert '<option value="laag" selected>' in formulier

    resp = _beslis(client, a, uitkomst="gegrond", tlv_soort="so", categorie="midden",
                   begindatum=oud.begindatum.isoformat(), einddatum=oud.einddatum.isoformat())
    assert resp.status_code == 302, resp.text
    oud.refresh_from_db()
    nieuw = Tlv.objects.get(aanvraag=a, ingetrokken_op__isnull=True)
    assert nieuw.pk != oud.pk and nieuw.categorie == "midden" and nieuw.vervangt_id == oud.pk
    assert oud.ingetrokken_op == VANDAAG and oud.intrekkingsreden == "Herzien op bezwaar"
    a.refresh_from_db()
    assert a.besluit.herzien_op_bezwaar and a.besluit.categorie == "midden"
    pagina = client.get(resp["Location"]).text
    assert f"nieuwe TLV {nieuw.nummer}" in pagina and f"TLV {oud.nummer} is ingetrokken" in pagina


def test_medewerker_mag_niet_beslissen_op_bezwaar(w, login):
    a = _besloten(w, dagen_geleden=20)
    b = _registreer(w, a, VANDAAG - dt.timedelta(days=10))
    client = login(w.consulent)
    resp = client.get(reverse("toewijzing:bezwaar_beslissen", args=[a.pk]))
    assert resp.status_code == 200 and "Beslissen kan nu niet." in resp.text and "voorbehouden" in resp.text
    resp = _beslis(client, a, uitkomst="gegrond", tlv_soort="so", categorie="midden")
    assert "voorbehouden" in resp.text
    b.refresh_from_db()
    assert b.is_open


# ------------------------------------------------------------------------------------------------------------
# Worklist and the request page
# ------------------------------------------------------------------------------------------------------------

def test_werklijst_open_eerst_met_termijn_en_filters(w, login):
    beslist = _besloten(w, dagen_geleden=40)
    b1 = _registreer(w, beslist, VANDAAG - dt.timedelta(days=30))
    services.transitie(w.directeur, beslist, "beslissen_op_bezwaar", uitkomst="ingetrokken", motivering="")
    open_a = w.naar(w.aanvraag(leerling=w.leerling), Status.BESLOTEN, datum=VANDAAG - dt.timedelta(days=3))
    b2 = _registreer(w, open_a, VANDAAG)

    client = login(w.consulent)
    tekst = client.get(reverse("toewijzing:bezwaren")).text
    assert tekst.index(reverse("toewijzing:bezwaar", args=[b2.pk])) < tekst.index(
        reverse("toewijzing:bezwaar", args=[b1.pk]))
    assert "LBT om advies vragen" in tekst and f"{regels.lbt_vragen_uiterlijk(VANDAAG):%d-%m-%Y}" in tekst
    assert "nog 14" in tekst

    alleen_open = client.get(reverse("toewijzing:bezwaren"), {"status": "open"}).text
    assert reverse("toewijzing:bezwaar", args=[b2.pk]) in alleen_open
    assert reverse("toewijzing:bezwaar", args=[b1.pk]) not in alleen_open
    afgehandeld = client.get(reverse("toewijzing:bezwaren"), {"status": "afgehandeld"}).text
    assert reverse("toewijzing:bezwaar", args=[b1.pk]) in afgehandeld
    assert reverse("toewijzing:bezwaar", args=[b2.pk]) not in afgehandeld

    # Another SWV sees none of it; a school is refused the worklist and the objection page.
    assert reverse("toewijzing:bezwaar", args=[b2.pk]) not in login(w.andere_staf).get(
        reverse("toewijzing:bezwaren")).text
    school = login(w.school)
    assert school.get(reverse("toewijzing:bezwaren")).status_code == 403
    assert school.get(reverse("toewijzing:bezwaar", args=[b2.pk])).status_code == 403


def test_werklijst_bladert(w, login, monkeypatch):
    from passend.toewijzing.views import bezwaar as bezwaar_views

    monkeypatch.setattr(bezwaar_views, "BEZWAREN_PER_PAGINA", 1)
    a1 = _besloten(w, dagen_geleden=40)
    _registreer(w, a1, VANDAAG - dt.timedelta(days=30))
    services.transitie(w.directeur, a1, "beslissen_op_bezwaar", uitkomst="ingetrokken", motivering="")
    a2 = _besloten(w, dagen_geleden=3)
    b2 = _registreer(w, a2, VANDAAG)
    client = login(w.consulent)
    eerste = client.get(reverse("toewijzing:bezwaren")).text
    tweede = client.get(reverse("toewijzing:bezwaren"), {"page": 2}).text
    assert reverse("toewijzing:bezwaar", args=[b2.pk]) in eerste
    assert reverse("toewijzing:bezwaar", args=[b2.pk]) not in tweede
    assert "Beslist: ingetrokken" in tweede


def _bezwaarsectie(client, a) -> str:
    tekst = client.get(reverse("toewijzing:aanvraag", args=[a.pk])).text
    begin = tekst.index('id="kop-bezwaar"')
    return tekst[begin:tekst.index("</section>", begin)]


def test_aanvraagpagina_toont_bezwaar_aan_staf_ouder_en_school(w, login):
    a = _besloten(w, dagen_geleden=20)
    b = _registreer(w, a, VANDAAG - dt.timedelta(days=10))
    link = reverse("toewijzing:bezwaar", args=[b.pk])

    staf = _bezwaarsectie(login(w.consulent), a)
    assert "Bezwaar ontvangen op" in staf and link in staf
    assert f"{regels.lbt_vragen_uiterlijk(b.ontvangen_op):%d-%m-%Y}" in staf

    ouder = _bezwaarsectie(login(w.ouder), a)
    assert "Bezwaar ontvangen op" in ouder and "in behandeling" in ouder
    assert link not in ouder and "categorie midden nodig" not in ouder  # no internal steps or grounds

    services.bezwaar_bijwerken(w.consulent, b, lbt_gevraagd_op=VANDAAG - dt.timedelta(days=8),
                               lbt_advies_op=VANDAAG, lbt_advies="ongegrond")
    services.transitie(w.directeur, a, "beslissen_op_bezwaar", uitkomst="ongegrond",
                       motivering="Het besluit is zorgvuldig genomen en blijft staan.")
    school = _bezwaarsectie(login(w.school), a)
    assert "Ongegrond: besluit blijft" in school and "Het besluit is zorgvuldig genomen" in school
    assert link not in school


def test_werklijst_laadt_niet_per_rij(w, login):
    client = login(w.consulent)
    url = reverse("toewijzing:bezwaren")

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    a1 = _besloten(w, dagen_geleden=40)
    _registreer(w, a1, VANDAAG - dt.timedelta(days=30))
    services.transitie(w.directeur, a1, "beslissen_op_bezwaar", uitkomst="ingetrokken", motivering="")
    _registreer(w, _besloten(w, dagen_geleden=3), VANDAAG)
    voor = queries()
    a3 = _besloten(w, dagen_geleden=40)
    _registreer(w, a3, VANDAAG - dt.timedelta(days=30))
    services.transitie(w.directeur, a3, "beslissen_op_bezwaar", uitkomst="ingetrokken", motivering="")
    _registreer(w, _besloten(w, dagen_geleden=5), VANDAAG)
    assert queries() == voor
