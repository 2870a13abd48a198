"""The SWV's handling through the pages: worklist, consulent, MDO, notes, experts, the decision form and the
settings page, as the users of each role would click through them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from passend.toewijzing import regels, services
from passend.toewijzing.forms_behandeling import beroep_uit_functie
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Besluit,
    Notitie,
    Overleg,
    Soort,
    Status,
    Tlv,
    Toewijzingsinstellingen,
    vandaag,
)
from passend.toewijzing.panels_swv import SIGNAAL_DAGEN, Termijn


def _url(naam, *args):
    return reverse(f"toewijzing:{naam}", args=args)


def _vers(a):
    return Aanvraag.objects.get(pk=a.pk)


def _tekst(resp) -> str:
    return resp.content.decode()


def _advies_post(**extra):
    return {
        "niet_eerder_betrokken": "ja", "zelfstandig_opgesteld": "on", "conclusie": "positief",
        "advies": "De leerling heeft een kleine groep en veel structuur nodig; toelaatbaar tot het SO.", **extra,
    }


def _besluit_post(a, **extra):
    begin, eind = services.standaard_periode(a)
    return {
        "uitkomst": "toegekend",
        "motivering": "Beide deskundigen adviseren positief; de leerling is toelaatbaar tot het SO.",
        "datum": vandaag().isoformat(), "tlv_soort": "so", "categorie": "laag",
        "begindatum": begin.isoformat(), "einddatum": eind.isoformat(), "voorstel_einddatum": eind.isoformat(),
        **extra,
    }


# ------------------------------------------------------------------------------------------------------------
# The whole path
# ------------------------------------------------------------------------------------------------------------

def test_hele_behandeling_van_tlv_via_de_paginas(w, login):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)

    c = login(w.consulent)
    pagina = _tekst(c.get(_url("aanvraag", a.pk)))
    assert "Behandeling door het SWV" in pagina and "nog geen consulent" in pagina

    resp = c.post(_url("consulent", a.pk), {"consulent": w.consulent.user_id})
    assert resp.status_code == 302
    assert _vers(a).consulent_id == w.consulent.user_id

    c.post(_url("stap", a.pk, "in_behandeling_nemen"))
    assert _vers(a).status == Status.IN_BEHANDELING

    # Two experts; the profession comes from their function when left empty (orthopedagoog, jeugdarts).
    assert c.post(_url("deskundige_vragen", a.pk), {
        "deskundige": w.deskundige1.user_id, "volgorde": "1", "beroep": "", "uiterlijk": "",
    }).status_code == 302
    assert c.post(_url("deskundige_vragen", a.pk), {
        "deskundige": w.deskundige2.user_id, "volgorde": "2", "beroep": "",
        "uiterlijk": (vandaag() + dt.timedelta(days=14)).isoformat(),
    }).status_code == 302
    opdrachten = {o.volgorde: o for o in a.adviesopdrachten.all()}
    assert opdrachten[1].beroep == "orthopedagoog" and opdrachten[2].beroep == "arts"
    assert opdrachten[2].uiterlijk == vandaag() + dt.timedelta(days=14)
    pagina = _tekst(c.get(_url("aanvraag", a.pk)))
    assert "Eerste deskundige" in pagina and "Tweede deskundige" in pagina and "Intrekken" in pagina

    c.post(_url("stap", a.pk, "advies_vragen"))
    assert _vers(a).status == Status.ADVIES_GEVRAAGD

    for rol, volgorde in ((w.deskundige1, 1), (w.deskundige2, 2)):
        d = login(rol)
        lijst = _tekst(d.get(_url("mijn_adviezen")))
        assert a.nummer in lijst
        resp = d.post(_url("advies", opdrachten[volgorde].pk), _advies_post())
        assert resp.status_code == 302
    assert all(o.status == Adviesopdracht.Status.GEGEVEN for o in a.adviesopdrachten.all())

    dir_ = login(w.directeur)
    formulier = _tekst(dir_.get(_url("besluiten", a.pk)))
    begin, eind = services.standaard_periode(_vers(a))
    assert f'value="{eind.isoformat()}"' in formulier
    assert "31 juli" in formulier
    resp = dir_.post(_url("besluiten", a.pk), _besluit_post(_vers(a)), follow=True)
    assert resp.redirect_chain[-1][0].startswith(_url("aanvraag", a.pk))
    assert "de brief (beschikking) is gemaakt" in _tekst(resp)

    a = _vers(a)
    assert a.status == Status.BESLOTEN
    tlv = Tlv.objects.get(aanvraag=a)
    assert (tlv.einddatum.month, tlv.einddatum.day) == (7, 31)
    assert tlv.einddatum == regels.tlv_einddatum(vandaag(), 1)
    assert tlv.soort == "so" and tlv.categorie == "laag"
    assert a.beschikkingen.count() == 1

    # After the decision the experts lose access to the request.
    d = login(w.deskundige1)
    assert d.get(_url("aanvraag", a.pk)).status_code == 403
    assert d.get(_url("advies", opdrachten[1].pk)).status_code == 403


def test_einddatum_wordt_herberekend_als_de_voorgestelde_bleef_staan(w, login):
    """Changing EMB without touching the suggested end date: the EMB rule sets the end, not the old suggestion."""
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    c = login(w.directeur)
    c.post(_url("besluiten", a.pk), _besluit_post(_vers(a), emb="on", categorie="hoog"))
    tlv = Tlv.objects.get(aanvraag=a)
    inst = Toewijzingsinstellingen.voor(w.swv)
    assert tlv.emb
    assert tlv.einddatum == regels.tlv_einddatum_emb(vandaag(), w.leerling.geboortedatum, inst.emb_so_eindleeftijd)


def test_een_gekozen_einddatum_blijft_staan(w, login):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    eigen = regels.tlv_einddatum(vandaag(), 2)
    login(w.directeur).post(_url("besluiten", a.pk), _besluit_post(_vers(a), einddatum=eigen.isoformat()))
    assert Tlv.objects.get(aanvraag=a).einddatum == eigen


def test_arrangement_besluit_door_medewerker_met_gegevens_van_de_aanvraag(w, login):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    c = login(w.consulent)
    formulier = _tekst(c.get(_url("besluiten", a.pk)))
    assert 'name="uren"' in formulier and 'value="40' in formulier and "tlv_soort" not in formulier
    resp = c.post(_url("besluiten", a.pk), {
        "uitkomst": "toegekend", "motivering": "Past bij de hulpvraag en de ondersteuning in de groep.",
        "uren": "32,5", "bedrag": "", "begindatum": "2026-09-01", "einddatum": "2027-07-31",
        "aanbieder": "Ambulante dienst SWV", "doel": a.doel, "vorm": a.vorm,
    })
    assert resp.status_code == 302
    arr = _vers(a).arrangement
    assert str(arr.uren) == "32.5" and arr.aanbieder == "Ambulante dienst SWV"


# ------------------------------------------------------------------------------------------------------------
# Refusals
# ------------------------------------------------------------------------------------------------------------

def test_medewerker_kan_geen_tlv_besluiten(w, login):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    c = login(w.consulent)
    resp = c.get(_url("besluiten", a.pk))
    assert resp.status_code == 200
    tekst = _tekst(resp)
    assert "Een besluit nemen kan nu niet" in tekst and "voorbehouden aan" in tekst
    assert 'name="motivering"' not in tekst
    resp = c.post(_url("besluiten", a.pk), _besluit_post(_vers(a)))
    assert "voorbehouden aan" in _tekst(resp)
    assert not Besluit.objects.filter(aanvraag=a).exists()
    assert _vers(a).status == Status.ADVIES_GEVRAAGD


def test_besluit_geweigerd_zonder_twee_adviezen(w, login):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    # The first expert advises; the second returns the request (involved before): one advice only.
    eerste, tweede = a.adviesopdrachten.order_by("volgorde")
    services.advies_geven(w.deskundige1, eerste, niet_eerder_betrokken=True, zelfstandig_opgesteld=True,
                          conclusie="positief", advies="Toelaatbaar: kleine groep en veel structuur nodig.")
    services.advies_geven(w.deskundige2, tweede, niet_eerder_betrokken=False)
    c = login(w.directeur)
    tekst = _tekst(c.get(_url("besluiten", a.pk)))
    assert "Het advies van de tweede deskundige ontbreekt" in tekst
    assert 'name="motivering"' not in tekst
    resp = c.post(_url("besluiten", a.pk), _besluit_post(_vers(a)))
    assert "Het advies van de tweede deskundige ontbreekt" in _tekst(resp)
    assert not Besluit.objects.filter(aanvraag=a).exists() and not Tlv.objects.filter(aanvraag=a).exists()
    assert _vers(a).status == Status.ADVIES_GEVRAAGD


def test_foute_invoer_in_besluit_blijft_staan(w, login):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    c = login(w.directeur)
    # Too short a motivation: refused by the service, input kept.
    resp = c.post(_url("besluiten", a.pk), _besluit_post(_vers(a), motivering="Prima."))
    tekst = _tekst(resp)
    assert resp.status_code == 200
    assert "Motiveer het besluit" in tekst and "Er is niets opgeslagen" in tekst
    assert "Prima.</textarea>" in tekst
    # SBO with a category: the error on the category field, the motivation kept.
    motivering = "Beide deskundigen adviseren positief; SBO past het best."
    resp = c.post(_url("besluiten", a.pk), _besluit_post(_vers(a), motivering=motivering, tlv_soort="sbo"))
    tekst = _tekst(resp)
    assert "SBO en PrO kennen geen bekostigingscategorie" in tekst
    assert motivering in tekst
    assert '<option value="sbo" selected>' in tekst
    # A date the browser could not have sent.
    resp = c.post(_url("besluiten", a.pk), _besluit_post(_vers(a), einddatum="2027-02-31"))
    assert "Vul een geldige datum in" in _tekst(resp)
    assert not Besluit.objects.filter(aanvraag=a).exists()
    assert _vers(a).status == Status.ADVIES_GEVRAAGD


def test_school_en_ouder_kunnen_de_behandelpaginas_niet_gebruiken(w, login):
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    for rol in (w.school, w.ouder):
        c = login(rol)
        assert c.get(_url("werkvoorraad")).status_code == 403
        assert c.post(_url("notitie_nieuw", a.pk), {"tekst": "Hallo"}).status_code == 403
        assert c.post(_url("consulent", a.pk), {"consulent": w.directeur.user_id}).status_code == 403
        assert c.get(_url("instellingen")).status_code == 403
    assert not Notitie.objects.exists()
    assert _vers(a).consulent_id == w.consulent.user_id
    # Staff of another SWV do not see this request at all.
    assert login(w.andere_staf).post(_url("notitie_nieuw", a.pk), {"tekst": "Hallo"}).status_code == 403


# ------------------------------------------------------------------------------------------------------------
# Consulent, MDO, notes, experts on the request page
# ------------------------------------------------------------------------------------------------------------

def test_mdo_plannen_en_verslag(w, login):
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    c = login(w.consulent)
    morgen = vandaag() + dt.timedelta(days=1)
    resp = c.post(_url("overleg_nieuw", a.pk), {
        "datum": morgen.isoformat(), "tijd": "14:30", "locatie": "Kantoor SWV",
        "deelnemers": [w.directeur.user_id], "externe_deelnemers": "Moeder, IB'er De Linde",
    })
    assert resp.status_code == 302
    o = Overleg.objects.get(aanvraag=a)
    assert list(o.deelnemers.all()) == [w.directeur.user]
    assert timezone.localtime(o.datum).strftime("%Y-%m-%d %H:%M") == f"{morgen.isoformat()} 14:30"
    pagina = _tekst(c.get(_url("aanvraag", a.pk)))
    assert "Kantoor SWV" in pagina and "Moeder, IB&#x27;er De Linde" in pagina
    c.post(_url("overleg_verslag", o.pk), {"verslag": "Besproken: observatie; afspraak: advies vragen."})
    o.refresh_from_db()
    assert o.verslag.startswith("Besproken")
    # Missing time: the form on its own page with the error and what was typed.
    resp = c.post(_url("overleg_nieuw", a.pk), {"datum": morgen.isoformat(), "tijd": "", "locatie": "Op school"})
    tekst = _tekst(resp)
    assert resp.status_code == 200 and "Vul de tijd in" in tekst and 'value="Op school"' in tekst
    assert Overleg.objects.filter(aanvraag=a).count() == 1


def test_notities_nieuwste_eerst_en_alleen_voor_het_swv(w, login):
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    c = login(w.consulent)
    c.post(_url("notitie_nieuw", a.pk), {"tekst": "Eerste notitie: moeder gebeld."})
    c.post(_url("notitie_nieuw", a.pk), {"tekst": "Tweede notitie: school gebeld."})
    pagina = _tekst(c.get(_url("aanvraag", a.pk)))
    assert "Alleen zichtbaar voor het SWV" in pagina
    assert pagina.index("Tweede notitie") < pagina.index("Eerste notitie")
    leeg = c.post(_url("notitie_nieuw", a.pk), {"tekst": "  "})
    assert leeg.status_code == 200 and "Schrijf een notitie" in _tekst(leeg)
    assert Notitie.objects.filter(aanvraag=a).count() == 2
    for rol in (w.school, w.ouder):
        assert "moeder gebeld" not in _tekst(login(rol).get(_url("aanvraag", a.pk)))


def test_deskundige_vragen_met_fout_beroep_houdt_invoer(w, login):
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    c = login(w.consulent)
    resp = c.post(_url("deskundige_vragen", a.pk), {
        "deskundige": w.deskundige2.user_id, "volgorde": "1", "beroep": "arts", "uiterlijk": "2030-01-15",
    })
    tekst = _tekst(resp)
    assert resp.status_code == 200
    assert "De eerste deskundige is een orthopedagoog of psycholoog" in tekst
    assert '<option value="arts" selected>' in tekst and 'value="2030-01-15"' in tekst
    assert not a.adviesopdrachten.exists()


def test_beroep_volgt_de_functie_van_de_deskundige(w, login):
    """The form page (and the htmx swap on the request page) preselects the profession from the function."""
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    c = login(w.consulent)
    tekst = _tekst(c.get(_url("deskundige_vragen", a.pk), {"deskundige": w.deskundige2.user_id}))
    assert '<option value="arts" selected>' in tekst
    assert "(jeugdarts)" in tekst  # the function is shown with the name


def test_deskundige_intrekken(w, login):
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    tweede = a.adviesopdrachten.get(volgorde=2)
    assert login(w.deskundige2).get(_url("aanvraag", a.pk)).status_code == 200
    c = login(w.consulent)
    resp = c.post(_url("deskundige_intrekken", tweede.pk), follow=True)
    assert "is ingetrokken" in _tekst(resp)
    tweede.refresh_from_db()
    assert tweede.status == Adviesopdracht.Status.INGETROKKEN
    assert login(w.deskundige2).get(_url("aanvraag", a.pk)).status_code == 403
    # Withdrawing twice: a message, nothing changes.
    resp = login(w.consulent).post(_url("deskundige_intrekken", tweede.pk), follow=True)
    assert "Alleen een openstaande adviesvraag" in _tekst(resp)


# ------------------------------------------------------------------------------------------------------------
# Werkvoorraad
# ------------------------------------------------------------------------------------------------------------

def _ingediend(a, dagen_geleden):
    # Test set-up: pretend the request was submitted earlier (the services always use today).
    Aanvraag.objects.filter(pk=a.pk).update(ingediend_op=vandaag() - dt.timedelta(days=dagen_geleden))
    return _vers(a)


@pytest.fixture
def voorraad(w):
    """Three open requests: overdue (with consulent), due within a week, and with time to spare."""
    laat = _ingediend(w.naar(w.aanvraag(), Status.IN_BEHANDELING), 60)  # 8 weeks = 56 days: 4 days late
    week = _ingediend(w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.INGEDIEND), 52)  # 4 days left
    ruim = w.naar(w.aanvraag(Soort.ADVIES), Status.INGEDIEND)  # 56 days left
    gesloten = w.naar(w.aanvraag(), Status.BESLOTEN)
    return laat, week, ruim, gesloten


def test_werkvoorraad_toont_termijnen_op_volgorde(w, login, voorraad):
    laat, week, ruim, gesloten = voorraad
    tekst = _tekst(login(w.consulent).get(_url("werkvoorraad")))
    assert tekst.index(laat.nummer) < tekst.index(week.nummer) < tekst.index(ruim.nummer)
    assert gesloten.nummer not in tekst
    assert "Te laat" in tekst and "4 dagen te laat" in tekst
    assert "Binnen een week" in tekst and "nog 4 dagen" in tekst
    assert "nog 56 dagen" in tekst
    uiterlijk = regels.besluit_uiterlijk(laat.ingediend_op, 8)
    assert uiterlijk.strftime("%d-%m-%Y") in tekst
    assert "Instellingen toewijzing" in tekst


def test_werkvoorraad_filters_en_kengetallen(w, login, voorraad):
    laat, week, ruim, _ = voorraad
    c = login(w.consulent)
    resp = c.get(_url("werkvoorraad"))
    assert resp.context["k"] == {"open": 3, "te_laat": 1, "binnen_week": 1, "opgeschort": 0, "aanvulling_verstreken": 0,
                                 "zonder_consulent": 2, "mijn": 1, "weken": 8}

    def nummers(**params):
        return [a.nummer for a in c.get(_url("werkvoorraad"), params).context["page"].object_list]

    assert nummers(mijn="on") == [laat.nummer]
    assert nummers(zonder_consulent="on") == [week.nummer, ruim.nummer]
    assert nummers(status="in_behandeling") == [laat.nummer]
    assert nummers(soort="arrangement") == [week.nummer]
    assert nummers(termijn="te_laat") == [laat.nummer]
    assert nummers(termijn="week") == [week.nummer]
    assert nummers(q=ruim.nummer) == [ruim.nummer]
    assert nummers(q="Aalders") == [laat.nummer, week.nummer, ruim.nummer]
    # Another user: "mijn" is empty for the directeur.
    assert [a.nummer for a in login(w.directeur).get(_url("werkvoorraad"), {"mijn": "on"}).context["page"]] == []


def test_werkvoorraad_volgt_de_besluittermijn_van_het_swv(w, login, voorraad):
    laat, week, ruim, _ = voorraad
    Toewijzingsinstellingen.objects.create(swv=w.swv, besluittermijn_weken=10)
    c = login(w.consulent)
    assert c.get(_url("werkvoorraad")).context["k"]["te_laat"] == 0
    assert "nog 10 dagen" in _tekst(c.get(_url("werkvoorraad")))  # 70 - 60


def test_start_panel_werkvoorraad(w, login, voorraad):
    laat, *_ = voorraad
    tekst = _tekst(login(w.directeur).get(reverse("core:start")))
    assert "Werkvoorraad toewijzing" in tekst and laat.nummer in tekst and "termijn verstreken" in tekst


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

def _instellingen_post(**extra):
    basis = {
        "ouderinstemming_vereist": "on", "besluittermijn_weken": "6", "aanvultermijn_weken": "3", "tlv_standaard_schooljaren": "2",
        "emb_so_eindleeftijd": "14", "emb_vso_eindleeftijd": "20", "verloop_signaal_maanden": "3",
        "beslistermijn_bezwaar_weken": "12", "categorie_criteria": "Laag: cluster 4. Midden: LG. Hoog: MG.",
        "contact_bezwaar": "bezwaar@swv.example",
    }
    return {**basis, **extra}


def test_directeur_wijzigt_instellingen(w, login):
    c = login(w.directeur)
    tekst = _tekst(c.get(_url("instellingen")))
    assert "Wat de wet vastlegt" in tekst and "Wat het SWV kiest" in tekst
    assert "Streeftermijn van indienen tot besluit" in tekst  # the help texts are shown
    resp = c.post(_url("instellingen"), _instellingen_post())
    assert resp.status_code == 302
    inst = Toewijzingsinstellingen.objects.get(swv=w.swv)
    assert inst.besluittermijn_weken == 6 and inst.tlv_standaard_schooljaren == 2 and inst.aanvultermijn_weken == 3
    # The new completion term is the date proposed when sending a request back.
    ingediend = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.INGEDIEND)
    voorstel = (vandaag() + dt.timedelta(weeks=3)).isoformat()
    assert f'name="aanvullen_uiterlijk" value="{voorstel}"' in _tekst(c.get(_url("aanvraag", ingediend.pk)))
    # The new default shows on the decision form's explanation.
    a = w.naar(w.aanvraag(), Status.ADVIES_GEVRAAGD)
    w.adviseer(a)
    assert "2 schooljaren" in _tekst(c.get(_url("besluiten", a.pk)))


def test_foute_instelling_blijft_staan(w, login):
    c = login(w.directeur)
    resp = c.post(_url("instellingen"), _instellingen_post(besluittermijn_weken="0", contact_bezwaar="Postbus 12"))
    tekst = _tekst(resp)
    assert resp.status_code == 200 and "Er is niets opgeslagen" in tekst and 'value="Postbus 12"' in tekst
    assert not Toewijzingsinstellingen.objects.filter(swv=w.swv).exists()


def test_medewerker_ziet_instellingen_maar_wijzigt_niet(w, login):
    c = login(w.consulent)
    resp = c.get(_url("instellingen"))
    tekst = _tekst(resp)
    assert resp.status_code == 200 and "Huidige instellingen" in tekst and "<form method=\"post\" class=\"formulier\"" not in tekst
    assert c.post(_url("instellingen"), _instellingen_post()).status_code == 403
    assert not Toewijzingsinstellingen.objects.filter(swv=w.swv).exists()


def test_beheerder_wijzigt_instellingen(w, login):
    assert login(w.beheerder).post(_url("instellingen"), _instellingen_post(besluittermijn_weken="7")).status_code == 302
    assert Toewijzingsinstellingen.voor(w.swv).besluittermijn_weken == 7


# ------------------------------------------------------------------------------------------------------------
# The worklist's date filters agree with the deadline shown per row; the profession from the function
# ------------------------------------------------------------------------------------------------------------

@given(uiterlijk=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
       peildatum=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_termijn_is_te_laat_binnenkort_of_opgeschort(uiterlijk, peildatum):
    t = Termijn.op(uiterlijk, peildatum)
    assert t.opgeschort == (uiterlijk is None) and t.tekst
    assert t.te_laat == (uiterlijk is not None and uiterlijk < peildatum)
    assert t.binnenkort == (uiterlijk is not None and peildatum <= uiterlijk <= peildatum + dt.timedelta(days=SIGNAAL_DAGEN))
    assert not (t.te_laat and t.binnenkort)


def _aanvulling_op(a, stap, dagen_geleden, uiterlijk_over=None):
    """Test set-up: the timeline step `stap` happened `dagen_geleden` days ago (and the completion term it set
    ends in `uiterlijk_over` days, negative: in the past)."""
    from passend.toewijzing.models import Gebeurtenis

    velden = {"tijdstip": timezone.now() - dt.timedelta(days=dagen_geleden)}
    if uiterlijk_over is not None:
        velden["aanvullen_uiterlijk"] = vandaag() + dt.timedelta(days=uiterlijk_over)
    Gebeurtenis.objects.filter(aanvraag=a, transitie=stap).update(**velden)


def test_termijn_staat_stil_tijdens_aanvulling_hoogstens_tot_de_aanvultermijn(w, login):
    """Awb 4:15: while the school completes the request the term is suspended, but at most until the completion
    term the SWV set; afterwards the deadline is later by the days it waited."""
    T = vandaag()
    stil = _ingediend(w.naar(w.aanvraag(), Status.AANVULLING), 60)  # 8 weeks passed, but it waits for the school
    _aanvulling_op(stil, "aanvulling_vragen", 10, uiterlijk_over=5)
    terug = _ingediend(w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.AANVULLING), 60)
    _aanvulling_op(terug, "aanvulling_vragen", 50, uiterlijk_over=-10)
    terug = services.transitie(w.school, terug, "opnieuw_indienen")
    _aanvulling_op(terug, "opnieuw_indienen", 20)  # waited 29 days (the day after the request up to completion)
    # Sent back 50 days ago to complete within 2 weeks, never completed: only 13 days suspended, and then late.
    verstreken = _ingediend(w.naar(w.aanvraag(leerling=w.leerling), Status.AANVULLING), 70)
    _aanvulling_op(verstreken, "aanvulling_vragen", 50, uiterlijk_over=-36)
    laat = _ingediend(w.naar(w.aanvraag(Soort.ADVIES), Status.INGEDIEND), 60)

    c = login(w.consulent)
    resp = c.get(_url("werkvoorraad"))
    assert resp.context["k"]["te_laat"] == 2 and resp.context["k"]["opgeschort"] == 1
    te_laat = c.get(_url("werkvoorraad"), {"termijn": "te_laat"}).context["page"].object_list
    assert [a.nummer for a in te_laat] == [laat.nummer, verstreken.nummer]
    rijen = {a.nummer: a.termijn for a in resp.context["page"].object_list}
    assert rijen[terug.nummer].uiterlijk == T + dt.timedelta(days=-60 + 56 + 29)
    assert rijen[terug.nummer].dagen == 25 and not rijen[terug.nummer].te_laat
    assert rijen[verstreken.nummer].uiterlijk == T - dt.timedelta(days=1) and rijen[verstreken.nummer].te_laat
    assert rijen[stil.nummer].uiterlijk is None and rijen[stil.nummer].opgeschort
    tekst = _tekst(resp)
    tot = (T + dt.timedelta(days=5)).strftime("%d-%m-%Y")
    assert f"termijn opgeschort: wacht op aanvulling (uiterlijk {tot})" in tekst
    assert f"aanvullen kon tot en met {(T - dt.timedelta(days=36)).strftime('%d-%m-%Y')}, de termijn loopt weer" in tekst
    # Earliest deadline first, the suspended one last.
    assert tekst.index(laat.nummer) < tekst.index(verstreken.nummer) < tekst.index(terug.nummer) < tekst.index(stil.nummer)

    detail = _tekst(c.get(_url("aanvraag", terug.pk)))
    uiterlijk = (T + dt.timedelta(days=25)).strftime("%d-%m-%Y")
    assert f"besluit uiterlijk <strong>{uiterlijk}</strong>" in detail
    assert "verlengd met de dagen waarin de aanvraag werd aangevuld" in detail
    # Suspended now: 9 days ago up to the completion term (14 days): without completion the deadline is 4 days
    # late + 14 = 10 days from now.
    zonder = (T + dt.timedelta(days=10)).strftime("%d-%m-%Y")
    stil_pagina = _tekst(c.get(_url("aanvraag", stil.pk)))
    assert (f"staat stil tot de school de aanvraag heeft aangevuld, hoogstens tot <strong>{tot}</strong> (aanvullen "
            f"uiterlijk); vult de school niet eerder aan, dan is het besluit uiterlijk {zonder}") in stil_pagina
    api = c.get(f"/api/v1/aanvragen/{terug.pk}/").json()
    assert api["besluit_uiterlijk"] == (T + dt.timedelta(days=25)).isoformat() and api["aanvullen_uiterlijk"] is None
    api = c.get(f"/api/v1/aanvragen/{stil.pk}/").json()
    assert api["besluit_uiterlijk"] is None and api["aanvullen_uiterlijk"] == (T + dt.timedelta(days=5)).isoformat()
    assert c.get(f"/api/v1/aanvragen/{verstreken.pk}/").json()["besluit_uiterlijk"] == (T - dt.timedelta(days=1)).isoformat()

    # The school sees the completion term on the request, in its list and on its start page.
    school = login(w.school)
    pagina = _tekst(school.get(_url("aanvraag", stil.pk)))
    assert f"Aanvullen uiterlijk <strong>{tot}</strong>" in pagina
    assert "De termijn om aan te vullen liep tot en met" in _tekst(school.get(_url("aanvraag", verstreken.pk)))
    lijst = _tekst(school.get(_url("aanvragen")))
    assert "termijn staat stil (aanvulling gevraagd)" in lijst and f"aanvullen uiterlijk <time datetime=\"{(T + dt.timedelta(days=5)).isoformat()}\">{tot}</time>" in lijst
    start = _tekst(school.get("/"))
    assert f"aanvullen uiterlijk <time datetime=\"{(T + dt.timedelta(days=5)).isoformat()}\">{tot}</time>" in start


def test_kengetal_opgeschort_en_aanvultermijn_verstreken_kloppen_met_hun_lijst(w, login):
    """'Termijn opgeschort' counts and lists only the requests whose decision term stands still today; a request
    still to complete whose completion term has passed shows as 'aanvultermijn verstreken', where the SWV can stop
    it (Awb 4:5). On the completion term's last day a request is in neither: the term runs again, but the
    school may still complete that day."""
    T = vandaag()
    stil = _ingediend(w.naar(w.aanvraag(), Status.AANVULLING), 20)
    _aanvulling_op(stil, "aanvulling_vragen", 10, uiterlijk_over=5)
    laatste_dag = _ingediend(w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.AANVULLING), 20)
    _aanvulling_op(laatste_dag, "aanvulling_vragen", 14, uiterlijk_over=0)
    verstreken = _ingediend(w.naar(w.aanvraag(Soort.ADVIES), Status.AANVULLING), 40)
    _aanvulling_op(verstreken, "aanvulling_vragen", 30, uiterlijk_over=-16)
    ingediend = w.naar(w.aanvraag(), Status.INGEDIEND)

    c = login(w.consulent)
    resp = c.get(_url("werkvoorraad"))
    k = resp.context["k"]
    assert (k["open"], k["opgeschort"], k["aanvulling_verstreken"]) == (4, 1, 1)

    def nummers(**params):
        return [a.nummer for a in c.get(_url("werkvoorraad"), params).context["page"].object_list]

    assert nummers(termijn="opgeschort") == [stil.nummer]
    assert nummers(termijn="aanvulling_verstreken") == [verstreken.nummer]
    # The status filter still shows every request waiting for a completion, whatever its term.
    assert sorted(nummers(status="aanvulling")) == sorted([stil.nummer, laatste_dag.nummer, verstreken.nummer])
    assert ingediend.nummer in nummers()
    # Each figure links to the list it counts.
    tekst = _tekst(resp)
    assert ('<span class="kengetal">1</span><span class="kengetal-label"><a href="?termijn=opgeschort">termijn '
            'opgeschort (wacht op aanvulling)</a>') in tekst
    assert ('<span class="kengetal">1</span><span class="kengetal-label"><a href="?termijn=aanvulling_verstreken">'
            'aanvultermijn verstreken (niet aangevuld)</a>') in tekst
    for filter_, aantal in (("opgeschort", k["opgeschort"]), ("aanvulling_verstreken", k["aanvulling_verstreken"]),
                            ("te_laat", k["te_laat"]), ("week", k["binnen_week"])):
        assert len(nummers(termijn=filter_)) == aantal, filter_
    rijen = {a.nummer: a.termijn for a in resp.context["page"].object_list}
    assert rijen[verstreken.nummer].aanvulling_verstreken and not rijen[laatste_dag.nummer].aanvulling_verstreken
    assert not rijen[laatste_dag.nummer].opgeschort and rijen[laatste_dag.nummer].aanvulling_te_laat
    assert (f"aanvullen kon tot en met {(T - dt.timedelta(days=16)):%d-%m-%Y}, de termijn loopt weer. U kunt de "
            "aanvraag buiten behandeling stellen.") in tekst
    assert "aanvullen kan nog tot en met vandaag, de termijn loopt weer" in tekst
    # The start panel points the SWV to them.
    start = _tekst(c.get(reverse("core:start")))
    assert f'href="{_url("werkvoorraad")}?termijn=aanvulling_verstreken">aanvultermijn verstreken</a>' in start
    # And the step is possible for exactly that one.
    pagina = _tekst(c.get(_url("aanvraag", verstreken.pk)))
    assert f'action="{_url("stap", verstreken.pk, "buiten_behandeling_stellen")}"' in pagina
    pagina = _tekst(c.get(_url("aanvraag", laatste_dag.pk)))
    assert "De school kan de aanvraag nog aanvullen tot en met" in pagina


def test_aanvulling_vragen_met_eigen_datum_en_foute_datum(w, login):
    a = w.naar(w.aanvraag(), Status.INGEDIEND)
    c = login(w.consulent)
    pagina = _tekst(c.get(_url("aanvraag", a.pk)))
    voorstel = (vandaag() + dt.timedelta(weeks=2)).isoformat()  # the SWV's default: 2 weeks
    assert f'name="aanvullen_uiterlijk" value="{voorstel}"' in pagina
    for fout, melding in (("gisteren", "Geen geldige datum."), (vandaag().isoformat(), "Kies een datum na vandaag"),
                          ((vandaag() + dt.timedelta(weeks=27)).isoformat(), "Kies een datum binnen een half jaar.")):
        resp = c.post(_url("stap", a.pk, "aanvulling_vragen"),
                      {"toelichting": "Graag het OPP.", "aanvullen_uiterlijk": fout}, follow=True)
        assert melding in _tekst(resp)
        assert _vers(a).status == Status.INGEDIEND  # nothing changed
    datum = vandaag() + dt.timedelta(days=10)
    c.post(_url("stap", a.pk, "aanvulling_vragen"),
           {"toelichting": "Graag het OPP.", "aanvullen_uiterlijk": datum.isoformat()})
    assert _vers(a).status == Status.AANVULLING
    verloop = _tekst(login(w.ouder).get(_url("aanvraag", a.pk)))
    assert f"aanvulling gevraagd (aanvullen uiterlijk {datum:%d-%m-%Y})" in verloop


@pytest.mark.parametrize(("functie", "beroep"), [
    ("orthopedagoog", "orthopedagoog"), ("Orthopedagoog-generalist", "orthopedagoog"), ("GZ-psycholoog", "psycholoog"),
    ("Kinder- en jeugdpsycholoog", "kj_psycholoog"), ("jeugdarts", "arts"), ("Kinderpsychiater", "kinderpsychiater"),
    ("maatschappelijk werker", "maatschappelijk_werker"), ("Pedagoog", "pedagoog"), ("consulent", ""), ("", ""),
])
def test_beroep_uit_functie(functie, beroep):
    assert beroep_uit_functie(functie) == beroep
