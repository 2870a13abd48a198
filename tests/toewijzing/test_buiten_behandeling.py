"""Buiten behandeling stellen (Awb 4:5 lid 1 onder c): the school did not complete the request within the term
the SWV set, so the SWV decides not to consider it. Only after that term, only by whoever decides that kind of
request, only with a motivation; the request ends as 'afgesloten' with that reason, on the timeline, with a
message to school and parents, in plain Dutch on the request page and in the parent and pupil portals, and the
same through the API (409 while it is not possible yet)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from passend.audit.models import AuditEvent
from passend.toewijzing import monitoring, services, workflow
from passend.toewijzing.models import Aanvraag, Gebeurtenis, Soort, Status, vandaag
from passend.toewijzing.workflow import OngeldigeTransitie

from .test_workflow_tabel import aanvulling_verlopen

STAP = "buiten_behandeling_stellen"
MOTIVERING = "Het OPP ontbreekt nog steeds; zonder OPP is niet te beoordelen welke ondersteuning nodig is."
LABEL = "Niet behandeld: niet op tijd aangevuld"


def _vers(a) -> Aanvraag:
    return Aanvraag.objects.get(pk=a.pk)


def _teruggestuurd(w, soort=Soort.ARRANGEMENT, *, verlopen=True):
    """A request sent back for completion; `verlopen`: its completion term ended a week ago."""
    a = w.naar(w.aanvraag(soort), Status.AANVULLING)
    if verlopen:
        aanvulling_verlopen(a)
    return _vers(a)


def _stand(a) -> tuple:
    a = _vers(a)
    return (a.status, a.afsluitreden, a.afgesloten_op, Gebeurtenis.objects.filter(aanvraag=a).count(),
            AuditEvent.objects.filter(object_type="toewijzing.aanvraag", object_id=str(a.pk), actie="update").count())


def test_na_de_aanvultermijn_stopt_het_swv_de_aanvraag(w, mailoutbox, django_capture_on_commit_callbacks):
    a = _teruggestuurd(w)
    with django_capture_on_commit_callbacks(execute=True):
        a = services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)
    a = _vers(a)
    assert a.status == Status.AFGESLOTEN and a.afsluitreden == "buiten_behandeling" and a.buiten_behandeling
    assert a.afgesloten_op == vandaag() and a.besloten_op is None and not hasattr(a, "besluit")
    assert a.get_status_display() == LABEL
    g = Gebeurtenis.objects.get(aanvraag=a, transitie=STAP)
    assert g.toelichting == MOTIVERING and g.voor_ouders and g.user_id == w.consulent.user_id
    assert g.tekst == "Buiten behandeling stellen: aanvulling gevraagd → afgesloten (niet op tijd aangevuld)"
    # School and parents hear of it (without pupil data in the mail).
    bericht = [m for m in mailoutbox if "niet op tijd is aangevuld" in m.subject]
    assert len(bericht) == 1
    assert {w.school.user.email, w.ouder_record.email} <= set(bericht[0].to)
    assert "Aalders" not in bericht[0].body
    # An end state: nothing follows, also no objection against a decision that was not taken.
    assert workflow.mogelijke_stappen(w.consulent, a) == []
    assert workflow.weigering(w.consulent, a, "bezwaar_registreren")


def test_niet_voor_de_aanvultermijn_voorbij_is(w):
    a = _teruggestuurd(w, verlopen=False)
    uiterlijk = Gebeurtenis.objects.get(aanvraag=a, transitie="aanvulling_vragen").aanvullen_uiterlijk
    voor = _stand(a)
    with pytest.raises(OngeldigeTransitie) as fout:
        services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)
    assert str(fout.value) == (f"De school kan de aanvraag nog aanvullen tot en met {uiterlijk:%d-%m-%Y}. Pas daarna "
                               "kan het samenwerkingsverband de aanvraag buiten behandeling stellen.")
    assert _stand(a) == voor


def test_motivering_is_verplicht(w):
    a = _teruggestuurd(w)
    voor = _stand(a)
    with pytest.raises(ValidationError) as fout:
        services.transitie(w.consulent, a, STAP, toelichting="  ")
    assert "Schrijf de motivering" in fout.value.message_dict["toelichting"][0]
    assert _stand(a) == voor


def test_bij_een_tlv_beslist_alleen_de_directeur(w):
    a = _teruggestuurd(w, Soort.TLV)
    with pytest.raises(OngeldigeTransitie, match="voorbehouden aan: SWV-directeur / commissie van toelaatbaarheid"):
        services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)
    with pytest.raises(OngeldigeTransitie, match="voorbehouden aan"):
        services.transitie(w.school, a, STAP, toelichting=MOTIVERING)
    assert services.transitie(w.directeur, _vers(a), STAP, toelichting=MOTIVERING).status == Status.AFGESLOTEN


def test_alleen_vanuit_aanvulling_gevraagd(w):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.IN_BEHANDELING)
    with pytest.raises(OngeldigeTransitie, match="alleen vanuit: aanvulling gevraagd"):
        services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)


# ------------------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------------------

def _url(naam, *args):
    return reverse(f"toewijzing:{naam}", args=args)


def test_op_de_pagina_eerst_de_reden_en_na_de_termijn_het_formulier(w, login):
    a = _teruggestuurd(w, verlopen=False)
    c = login(w.consulent)
    pagina = c.get(_url("aanvraag", a.pk)).content.decode()
    assert "<strong>Buiten behandeling stellen</strong>: <span class=\"label let-op\">nog niet mogelijk</span>" in pagina
    assert "De school kan de aanvraag nog aanvullen tot en met" in pagina
    # Posted anyway: refused with the reason, nothing changed.
    voor = _stand(a)
    pagina = c.post(_url("stap", a.pk, STAP), {"toelichting": MOTIVERING}, follow=True).content.decode()
    assert "De school kan de aanvraag nog aanvullen tot en met" in pagina and _stand(a) == voor

    aanvulling_verlopen(a)
    pagina = c.get(_url("aanvraag", a.pk)).content.decode()
    assert f'action="{_url("stap", a.pk, STAP)}"' in pagina
    assert "Buiten behandeling stellen: de motivering" in pagina and 'name="toelichting"' in pagina
    # Without a motivation: a Dutch message, nothing changed.
    pagina = c.post(_url("stap", a.pk, STAP), {"toelichting": ""}, follow=True).content.decode()
    assert "Schrijf de motivering" in pagina and _stand(a) == voor
    pagina = c.post(_url("stap", a.pk, STAP), {"toelichting": MOTIVERING}, follow=True).content.decode()
    assert "Gelukt: buiten behandeling stellen." in pagina
    assert f">{LABEL}</span>" in pagina
    assert "Het samenwerkingsverband heeft deze aanvraag niet behandeld." in pagina
    assert "besluit uiterlijk" not in pagina  # no decision term shown for a stopped request


def test_ouder_en_leerling_lezen_het_in_gewone_taal(w, login):
    a = _teruggestuurd(w)
    uiterlijk = Gebeurtenis.objects.get(aanvraag=a, transitie="aanvulling_vragen").aanvullen_uiterlijk
    services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)
    c = login(w.ouder)
    portaal = c.get(reverse("ouders:overzicht")).content.decode()
    assert a.nummer in portaal and f'<span class="label">{LABEL}</span>' in portaal
    pagina = c.get(_url("aanvraag", a.pk)).content.decode()
    assert "Het samenwerkingsverband heeft deze aanvraag niet behandeld." in pagina
    assert f"uiterlijk op {uiterlijk:%d-%m-%Y}" in pagina and "Dat is niet op tijd gebeurd." in pagina
    assert MOTIVERING in pagina and "De school kan een nieuwe aanvraag doen." in pagina
    start = c.get("/").content.decode()
    assert LABEL.lower() in start
    eigen = login(w.leerling_zelf).get(reverse("ouders:leerling")).content.decode()
    assert a.nummer in eigen and f'<span class="label">{LABEL}</span>' in eigen


def test_de_werkwijze_toont_de_stap(w, login):
    pagina = login(w.school).get(_url("workflow")).content.decode()
    assert "<th scope=\"row\">Buiten behandeling stellen</th>" in pagina
    assert "de termijn om aan te vullen is voorbij en de school heeft niet aangevuld" in pagina


# ------------------------------------------------------------------------------------------------------------
# API
# ------------------------------------------------------------------------------------------------------------

def _stap(client, a_id, **data):
    return client.post(f"/api/v1/aanvragen/{a_id}/stappen/{STAP}/", data, format="json")


def test_api_zelfde_regels(w, api):
    a = _teruggestuurd(w, verlopen=False)
    consulent = api(w.consulent)
    voor = _stand(a)
    te_vroeg = _stap(consulent, a.pk, toelichting=MOTIVERING)
    assert te_vroeg.status_code == 409 and te_vroeg.json()["code"] == "ongeldige_stap"
    assert "nog aanvullen tot en met" in te_vroeg.json()["detail"]
    stappen = consulent.get(f"/api/v1/aanvragen/{a.pk}/").json()["mogelijke_stappen"]
    assert any(s["naam"] == STAP and "nog aanvullen" in (s["reden"] or "") for s in stappen), stappen
    aanvulling_verlopen(a)
    zonder = _stap(consulent, a.pk)
    assert zonder.status_code == 400 and "Schrijf de motivering" in zonder.json()["fouten"]["toelichting"][0]
    assert _stand(a) == voor
    school = _stap(api(w.school), a.pk, toelichting=MOTIVERING)
    assert school.status_code == 409 and "voorbehouden aan" in school.json()["detail"]
    data = _stap(consulent, a.pk, toelichting=MOTIVERING).json()
    assert data["status"] == "afgesloten" and data["afsluitreden"] == "buiten_behandeling"
    stap = next(g for g in data["gebeurtenissen"] if g["transitie"] == STAP)
    assert stap["toelichting"] == MOTIVERING and stap["naar_status"] == "afgesloten"
    lijst = api(w.ouder).get("/api/v1/aanvragen/").json()["results"]
    assert [r["afsluitreden"] for r in lijst if r["id"] == a.pk] == ["buiten_behandeling"]


def test_monitoring_telt_het_apart(w):
    a = _teruggestuurd(w)
    services.transitie(w.consulent, a, STAP, toelichting=MOTIVERING)
    jaar = monitoring.Periode(vandaag() - dt.timedelta(days=30), vandaag(), "test")
    assert monitoring.uitkomsten_per_soort(w.swv, jaar)[Soort.ARRANGEMENT] == {
        "toegekend": 0, "afgewezen": 0, "ingetrokken": 0, "buiten_behandeling": 1, "lopend": 0}
