"""The expert's pages: their own advice requests, the advice form with the two declarations, and how long
they may see a request; and the advices on the request page for staff, school and parents."""

import pytest
from django.urls import reverse

from passend.audit.models import AuditEvent
from passend.toewijzing import services
from passend.toewijzing.models import Aanvraag, Adviesopdracht, Soort, Status


def _url(naam, *args):
    return reverse(f"toewijzing:{naam}", args=args)


def _tekst(resp) -> str:
    return resp.content.decode()


ADVIES = "De leerling heeft een kleine groep en veel structuur nodig; toelaatbaar tot het SO."


def _post(**extra):
    return {"niet_eerder_betrokken": "ja", "zelfstandig_opgesteld": "on", "conclusie": "positief",
            "advies": ADVIES, **extra}


@pytest.fixture
def tlv(w):
    """A TLV request waiting for two advices: deskundige1 first, deskundige2 second."""
    return w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)


def _opdracht(a, volgorde):
    return a.adviesopdrachten.get(volgorde=volgorde)


def test_deskundige_ziet_alleen_eigen_adviesvragen(w, login, tlv):
    # An arrangement for the same pupil is asked of deskundige1 only.
    arr = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.ADVIES_GEVRAAGD)
    d2 = login(w.deskundige2)
    lijst = _tekst(d2.get(_url("mijn_adviezen")))
    assert tlv.nummer in lijst and arr.nummer not in lijst
    assert d2.get(_url("aanvraag", arr.pk)).status_code == 403
    assert d2.get(_url("advies", _opdracht(arr, 1).pk)).status_code == 403
    assert d2.get(_url("advies", _opdracht(tlv, 1).pk)).status_code == 403  # the other expert's assignment
    d1 = login(w.deskundige1)
    lijst = _tekst(d1.get(_url("mijn_adviezen")))
    assert tlv.nummer in lijst and arr.nummer in lijst


def test_adviespagina_toont_de_aanvraag_en_legt_inzage_vast(w, login, tlv):
    o = _opdracht(tlv, 1)
    d = login(w.deskundige1)
    resp = d.get(_url("advies", o.pk))
    tekst = _tekst(resp)
    assert resp.status_code == 200
    assert tlv.vraag in tekst and "opp.pdf" in tekst
    assert _url("aanvraag", tlv.pk) in tekst
    assert "Ik ben niet eerder bij deze leerling betrokken geweest" in tekst
    assert "Ik heb dit advies zelfstandig en apart opgesteld" in tekst
    assert 'name="categorie"' in tekst  # SO: the expert may advise a category
    assert AuditEvent.objects.filter(actie="view", user=w.deskundige1.user, leerling_id=tlv.leerling_id).exists()
    # While assigned the expert may open the request page itself.
    assert d.get(_url("aanvraag", tlv.pk)).status_code == 200


def test_advies_geven(w, login, tlv):
    o = _opdracht(tlv, 1)
    d = login(w.deskundige1)
    resp = d.post(_url("advies", o.pk), _post(categorie="midden"), follow=True)
    assert "Uw advies is opgeslagen" in _tekst(resp)
    o.refresh_from_db()
    assert o.status == Adviesopdracht.Status.GEGEVEN
    assert (o.niet_eerder_betrokken, o.zelfstandig_opgesteld, o.conclusie, o.categorie) == (True, True, "positief", "midden")
    # The page now shows the advice instead of the form; posting again changes nothing.
    tekst = _tekst(d.get(_url("advies", o.pk)))
    assert ADVIES in tekst and 'name="advies"' not in tekst
    d.post(_url("advies", o.pk), _post(advies="Toch anders: de leerling kan op de eigen school blijven."))
    o.refresh_from_db()
    assert o.advies == ADVIES
    # Staff see the advice on the request page.
    pagina = _tekst(login(w.consulent).get(_url("aanvraag", tlv.pk)))
    assert ADVIES in pagina and "Midden (categorie 2)" in pagina


def test_eerder_betrokken_geeft_de_vraag_terug(w, login, tlv):
    o = _opdracht(tlv, 2)
    d = login(w.deskundige2)
    resp = d.post(_url("advies", o.pk), {"niet_eerder_betrokken": "nee"}, follow=True)
    assert resp.redirect_chain[-1][0] == _url("mijn_adviezen")
    assert "teruggegeven" in _tekst(resp)
    o.refresh_from_db()
    assert o.status == Adviesopdracht.Status.BETROKKEN and o.niet_eerder_betrokken is False
    assert d.get(_url("aanvraag", tlv.pk)).status_code == 403
    assert d.get(_url("advies", o.pk)).status_code == 403
    pagina = _tekst(login(w.consulent).get(_url("aanvraag", tlv.pk)))
    assert "heeft de vraag teruggegeven" in pagina
    # The same expert cannot be asked again for this request.
    c = login(w.consulent)
    resp = c.post(_url("deskundige_vragen", tlv.pk), {"deskundige": w.deskundige2.user_id, "volgorde": "2", "beroep": "arts"})
    assert "eerder bij de leerling betrokken" in _tekst(resp)


def test_foute_invoer_in_advies_blijft_staan(w, login, tlv):
    o = _opdracht(tlv, 1)
    d = login(w.deskundige1)
    # Not declared as written separately: refused, the text kept.
    resp = d.post(_url("advies", o.pk), _post(zelfstandig_opgesteld=""))
    tekst = _tekst(resp)
    assert resp.status_code == 200 and "een gezamenlijk advies telt niet" in tekst
    assert ADVIES in tekst and "Er is niets opgeslagen" in tekst
    # No choice on the first declaration.
    resp = d.post(_url("advies", o.pk), _post(niet_eerder_betrokken=""))
    assert "Geef aan of u eerder bij deze leerling betrokken bent geweest" in _tekst(resp)
    # Too short.
    resp = d.post(_url("advies", o.pk), _post(advies="Prima."))
    assert "Schrijf uw advies met de onderbouwing" in _tekst(resp)
    o.refresh_from_db()
    assert o.status == Adviesopdracht.Status.GEVRAAGD and o.advies == ""


def test_geen_categorie_bij_een_arrangement(w, login):
    arr = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.ADVIES_GEVRAAGD)
    tekst = _tekst(login(w.deskundige1).get(_url("advies", _opdracht(arr, 1).pk)))
    assert 'name="advies"' in tekst and 'name="categorie"' not in tekst


def test_na_het_besluit_geen_toegang_meer_en_adviezen_voor_school_en_ouders(w, login, tlv):
    for rol in (w.school, w.ouder):
        assert ADVIES not in _tekst(login(rol).get(_url("aanvraag", tlv.pk)))
    for rol, volgorde in ((w.deskundige1, 1), (w.deskundige2, 2)):
        login(rol).post(_url("advies", _opdracht(tlv, volgorde).pk), _post())
    d = login(w.deskundige1)
    assert ADVIES in _tekst(d.get(_url("aanvraag", tlv.pk)))  # own advice, still undecided
    services.transitie(w.directeur, Aanvraag.objects.get(pk=tlv.pk), "besluiten", uitkomst="toegekend",
                       motivering="Beide deskundigen adviseren positief; de leerling is toelaatbaar.")
    d = login(w.deskundige1)
    assert d.get(_url("aanvraag", tlv.pk)).status_code == 403
    assert d.get(_url("advies", _opdracht(tlv, 1).pk)).status_code == 403
    assert tlv.nummer not in _tekst(d.get(_url("mijn_adviezen")))
    for rol in (w.school, w.ouder):
        pagina = _tekst(login(rol).get(_url("aanvraag", tlv.pk)))
        assert ADVIES in pagina and "Positief: de leerling is toelaatbaar" in pagina
        assert "Intrekken" not in pagina  # no staff controls


def test_alleen_deskundigen_gebruiken_de_adviespaginas(w, login, tlv):
    o = _opdracht(tlv, 1)
    for rol in (w.consulent, w.school, w.ouder):
        c = login(rol)
        assert c.get(_url("mijn_adviezen")).status_code == 403
        assert c.post(_url("advies", o.pk), _post()).status_code == 403
    o.refresh_from_db()
    assert o.status == Adviesopdracht.Status.GEVRAAGD


def test_startpaneel_adviesvragen(w, login, tlv):
    # Test set-up: a due date long past.
    Adviesopdracht.objects.filter(pk=_opdracht(tlv, 1).pk).update(uiterlijk="2020-01-01")
    tekst = _tekst(login(w.deskundige1).get(reverse("core:start")))
    assert "Uw adviesvragen" in tekst and tlv.nummer in tekst and "01-01-2020" in tekst and "Te laat" in tekst
