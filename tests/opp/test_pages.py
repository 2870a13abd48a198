"""The OPP pages: the worklist, starting an OPP, editing and setting versions, new versions and comparing them,
evaluations, the OPP made elsewhere, parents' consent, access, and the start panels."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.audit.models import AuditEvent
from passend.opp import regels, services
from passend.opp.models import Evaluatie, Instemming, Opp, OppVersie
from passend.opp.views import werklijst
from passend.register.models import Soort
from tests.factories import InschrijvingFactory, OuderFactory, OuderKindFactory, RolFactory, UserFactory
from tests.toewijzing.conftest import pdf_upload

VANDAAG = dt.date.today()

INHOUD = {
    "uitstroombestemming": "vmbo_kb",
    "onderbouwing": "Rekent en leest op het niveau van eind groep 6; de toetsen laten een stabiele groei zien.",
    "belemmerende_factoren": "Snel afgeleid in een drukke klas; weinig zelfvertrouwen bij nieuwe stof.",
    "bevorderende_factoren": "Sterk in praktische opdrachten; ouders oefenen thuis mee.",
    "ondersteuning": "Twee keer per week een half uur rekenbegeleiding in een klein groepje.",
    "afwijkingen": "Geen Franse les; in die tijd extra rekenen.",
    "doelen": "Aan het eind van het schooljaar beheerst zij breuken en procenten op niveau 1F.",
    "zienswijze_leerling": "Vindt het fijn om in een klein groepje te werken.",
    "oogo_verslag": "Ouders herkennen het beeld en steunen de aanpak.",
}


def post_inhoud(**extra):
    data = {**INHOUD, "oogo_op": (VANDAAG - dt.timedelta(days=2)).isoformat()}
    data.update(extra)
    return {k: ("" if v is None else v) for k, v in data.items()}


def maak_opp(w, leerling=None, *, rol=None, school=None, aanleiding="extra_ondersteuning",
             aanleiding_datum=None, vastgesteld_op=None, evaluaties=()):
    """An OPP through the services; set on `vastgesteld_op` if given, with evaluations on the given dates."""
    rol = rol or w.school
    o = services.opp_aanmaken(rol, leerling=leerling or w.leerling, school=school or w.school_a, aanleiding=aanleiding,
                              aanleiding_datum=aanleiding_datum or VANDAAG - dt.timedelta(days=7))
    if vastgesteld_op is not None:
        v = o.versies.get()
        services.versie_bijwerken(rol, v, **INHOUD, oogo_op=vastgesteld_op)
        services.vaststellen(rol, v, datum=vastgesteld_op)
    for datum in evaluaties:
        services.evaluatie_toevoegen(rol, o, datum=datum, verslag="Doelen grotendeels gehaald; aanpak blijft.")
    return o


def leerling_a(w, **kw):
    """Another pupil enrolled at school_a."""
    return InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, **kw).leerling


def tekst(r) -> str:
    return r.content.decode()


# --------------------------------------------------------------------------------------------------------
# Starting an OPP
# --------------------------------------------------------------------------------------------------------

def test_school_stelt_opp_op_met_voorgekozen_leerling(w, login):
    c = login(w.school)
    r = c.get(f"/opp/nieuw/?leerling={w.leerling.pk}")
    assert r.status_code == 200
    form = r.context["form"]
    assert form.initial["leerling"] == w.leerling.pk
    # A regular school: the SWV's setting (default: the start of the extra support).
    assert form.initial["aanleiding"] == "extra_ondersteuning"
    r = c.post("/opp/nieuw/", {"leerling": w.leerling.pk, "school": w.school_a.pk, "aanleiding": "extra_ondersteuning",
                               "aanleiding_datum": (VANDAAG - dt.timedelta(days=3)).isoformat(),
                               "contactpersoon": w.school.user.pk})
    o = Opp.objects.get(leerling=w.leerling)
    v = o.versies.get()
    assert r.status_code == 302 and r["Location"] == f"/opp/versie/{v.pk}/bewerken/"
    assert o.contactpersoon == w.school.user and v.status == OppVersie.Status.CONCEPT
    uiterlijk = regels.vaststellen_uiterlijk(VANDAAG - dt.timedelta(days=3))
    assert f"uiterlijk {uiterlijk:%d-%m-%Y}" in tekst(c.get(r["Location"]))


def test_speciaal_onderwijs_start_bij_inschrijving(w, login):
    c = login(w.school_so)
    r = c.get(f"/opp/nieuw/?leerling={w.leerling_so.pk}")
    form = r.context["form"]
    assert w.so_school.soort == Soort.SO
    assert form.initial["aanleiding"] == "inschrijving"
    assert form.initial["aanleiding_datum"] == w.leerling_so.inschrijvingen.get().begindatum


def test_nieuw_fout_houdt_invoer_en_slaat_niets_op(w, login):
    c = login(w.school)
    morgen = (VANDAAG + dt.timedelta(days=1)).isoformat()
    r = c.post("/opp/nieuw/", {"leerling": w.leerling.pk, "school": w.school_a.pk, "aanleiding": "inschrijving",
                               "aanleiding_datum": morgen})
    assert r.status_code == 200
    assert "Deze datum ligt in de toekomst." in tekst(r)
    assert f'value="{morgen}"' in tekst(r)
    assert "Er is niets opgeslagen." in tekst(r)
    assert not Opp.objects.exists()


def test_tweede_lopend_opp_wordt_geweigerd(w, login):
    maak_opp(w)
    r = login(w.school).post("/opp/nieuw/", {"leerling": w.leerling.pk, "school": w.school_a.pk,
                                             "aanleiding": "inschrijving", "aanleiding_datum": VANDAAG.isoformat()})
    assert r.status_code == 200 and "Deze leerling heeft op deze school al een lopend OPP." in tekst(r)
    assert Opp.objects.count() == 1


def test_alleen_leerlingen_van_de_eigen_school(w, login):
    c = login(w.school)
    r = c.post("/opp/nieuw/", {"leerling": w.leerling_b.pk, "school": w.school_a.pk, "aanleiding": "inschrijving",
                               "aanleiding_datum": VANDAAG.isoformat()})
    assert r.status_code == 200 and "Kies een leerling uit de lijst." in tekst(r)
    assert not Opp.objects.exists()
    assert login(w.consulent).get("/opp/nieuw/").status_code == 403


# --------------------------------------------------------------------------------------------------------
# Editing, setting, new versions, comparing
# --------------------------------------------------------------------------------------------------------

def test_bewerken_en_vaststellen_geweigerd_zolang_onvolledig(w, login):
    o = maak_opp(w)
    v = o.versies.get()
    c = login(w.school)
    r = c.post(f"/opp/versie/{v.pk}/bewerken/", post_inhoud(doelen="", oogo_op=""))
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.ondersteuning == INHOUD["ondersteuning"] and v.doelen == ""
    r = c.get(f"/opp/versie/{v.pk}/bewerken/")
    assert "de doelen (handelingsdeel)" in tekst(r)  # the completeness list
    r = c.post(f"/opp/versie/{v.pk}/vaststellen/", {})
    assert r.status_code == 200
    assert "Vaststellen is niet gelukt" in tekst(r)
    assert "Het OPP is nog niet compleet. Nog nodig: de doelen (handelingsdeel); de datum van het gesprek met de " \
           "ouders (OOGO)." in tekst(r)
    v.refresh_from_db()
    assert v.status == OppVersie.Status.CONCEPT and v.vastgesteld_op is None


def test_bewerken_fout_houdt_invoer(w, login):
    o = maak_opp(w)
    v = o.versies.get()
    r = login(w.school).post(f"/opp/versie/{v.pk}/bewerken/",
                             post_inhoud(oogo_op=(VANDAAG + dt.timedelta(days=3)).isoformat(), doelen="Nieuwe doelen"))
    assert r.status_code == 200
    assert "Het gesprek met ouders ligt in de toekomst." in tekst(r)
    assert "Nieuwe doelen" in tekst(r)
    v.refresh_from_db()
    assert v.doelen == "" and v.ondersteuning == ""


def test_vaststellen_via_de_pagina(w, login):
    o = maak_opp(w)
    v = o.versies.get()
    c = login(w.school)
    c.post(f"/opp/versie/{v.pk}/bewerken/", post_inhoud())
    r = c.post(f"/opp/versie/{v.pk}/vaststellen/", {"datum": VANDAAG.isoformat()})
    assert r.status_code == 302 and r["Location"] == f"/opp/{o.pk}/"
    v.refresh_from_db()
    assert v.status == OppVersie.Status.VASTGESTELD and v.vastgesteld_op == VANDAAG
    assert v.vastgesteld_door == w.school.user
    r = c.get(f"/opp/{o.pk}/")
    assert "Geldende versie: versie 1" in tekst(r)
    assert INHOUD["ondersteuning"] in tekst(r)
    assert "Nieuwe versie maken" in tekst(r)


def test_vastgestelde_versie_kan_niet_worden_bewerkt(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG)
    v = o.versies.get()
    c = login(w.school)
    assert c.get(f"/opp/versie/{v.pk}/bewerken/").status_code == 403
    r = c.post(f"/opp/versie/{v.pk}/bewerken/", post_inhoud(doelen="Stiekem gewijzigd"))
    assert r.status_code == 403
    assert c.post(f"/opp/versie/{v.pk}/vaststellen/", {}).status_code == 403
    v.refresh_from_db()
    assert v.doelen == INHOUD["doelen"]
    assert AuditEvent.objects.filter(actie="denied", object_id=str(v.pk)).exists()


def test_nieuwe_versie_kopieert_inhoud_en_vraagt_nieuw_gesprek(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG - dt.timedelta(days=1))
    c = login(w.school)
    r = c.post(f"/opp/{o.pk}/nieuwe-versie/")
    v2 = o.versies.get(nummer=2)
    assert r.status_code == 302 and r["Location"] == f"/opp/versie/{v2.pk}/bewerken/"
    assert v2.status == OppVersie.Status.CONCEPT
    for veld in ("uitstroombestemming", "onderbouwing", "ondersteuning", "doelen", "zienswijze_leerling"):
        assert getattr(v2, veld) == INHOUD[veld]
    assert v2.oogo_op is None and v2.oogo_verslag == ""
    r = c.get(r["Location"])
    assert "opnieuw met de ouders" in tekst(r)
    r = c.post(f"/opp/versie/{v2.pk}/vaststellen/", {})
    assert "de datum van het gesprek met de ouders (OOGO)" in tekst(r)
    v2.refresh_from_db()
    assert v2.status == OppVersie.Status.CONCEPT
    # Only one concept at a time.
    r = c.post(f"/opp/{o.pk}/nieuwe-versie/", follow=True)
    assert "Er is al een conceptversie" in tekst(r)
    assert o.versies.count() == 2


def test_vergelijk_toont_de_gewijzigde_woorden(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG - dt.timedelta(days=5))
    v1 = o.versies.get()
    v2 = services.nieuwe_versie(w.school, o)
    services.versie_bijwerken(w.school, v2, ondersteuning=INHOUD["ondersteuning"].replace("Twee", "Drie"),
                              oogo_op=VANDAAG)
    c = login(w.school)
    r = c.get(f"/opp/versie/{v2.pk}/vergelijk/")  # default: the previous version
    assert r.status_code == 200
    html = tekst(r)
    verwijderd = re.findall(r"<del>(.*?)</del>", html)
    toegevoegd = re.findall(r"<ins>(.*?)</ins>", html)
    assert any("Twee" in d for d in verwijderd) and any("Drie" in i for i in toegevoegd)
    assert not any("rekenbegeleiding" in i for i in toegevoegd)  # unchanged words are not marked
    assert "[verwijderd: " in html and "[toegevoegd: " in html  # not by colour alone
    assert "Doorgestreepte tekst" in html and "Onderstreepte tekst" in html
    # The other way round (?met=) still shows the old version as the old one.
    r = c.get(f"/opp/versie/{v1.pk}/vergelijk/?met={v2.pk}")
    assert any("Drie" in i for i in re.findall(r"<ins>(.*?)</ins>", tekst(r)))
    # A version of another OPP cannot be used.
    ander = maak_opp(w, leerling_a(w))
    assert c.get(f"/opp/versie/{v2.pk}/vergelijk/?met={ander.versies.get().pk}").status_code == 403


def test_woorddiff_ontsnapt_html():
    from passend.opp.views.inhoud import woorddiff

    html = woorddiff("a <b> c", "a <i> c")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&lt;i&gt;" in html


# --------------------------------------------------------------------------------------------------------
# The OPP page: evaluations, the OPP made elsewhere, audit
# --------------------------------------------------------------------------------------------------------

def test_detail_wordt_vastgelegd_in_de_audittrail(w, login):
    o = maak_opp(w)
    r = login(w.consulent).get(f"/opp/{o.pk}/")
    assert r.status_code == 200
    assert AuditEvent.objects.filter(actie="view", object_type="opp.opp", object_id=str(o.pk),
                                     leerling_id=w.leerling.pk).exists()
    assert "Evaluatie toevoegen" not in tekst(r)  # staff read only


def test_evaluatie_via_de_pagina(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG - dt.timedelta(days=30))
    c = login(w.school)
    r = c.post(f"/opp/{o.pk}/evaluatie/", {"datum": VANDAAG.isoformat(), "verslag": "kort"})
    assert r.status_code == 200 and "Schrijf wat er uit de evaluatie kwam." in tekst(r)
    assert not Evaluatie.objects.exists()
    r = c.post(f"/opp/{o.pk}/evaluatie/", {"datum": VANDAAG.isoformat(), "met_ouders": "on",
                                           "verslag": "Doelen gehaald; rekenen gaat beter.", "bijstelling_nodig": "on"},
               follow=True)
    e = Evaluatie.objects.get()
    assert e.met_ouders and e.bijstelling_nodig and e.door == w.school.user
    assert "maak een nieuwe versie" in tekst(r)
    assert "Doelen gehaald; rekenen gaat beter." in tekst(r)
    assert "Volgende evaluatie uiterlijk" in tekst(r)


def test_extern_opp_toevoegen_en_openen(w, login):
    o = maak_opp(w)
    c = login(w.school)
    r = c.post(f"/opp/{o.pk}/extern/toevoegen/", {"bestand": pdf_upload("oud-opp.txt")})
    assert r.status_code == 200 and "Voeg het OPP toe als PDF." in tekst(r)
    r = c.post(f"/opp/{o.pk}/extern/toevoegen/", {"bestand": pdf_upload("oud-opp.pdf")})
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.extern_bestand
    r = login(w.ouder).get(f"/opp/{o.pk}/extern/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(actie="view", object_id=str(o.pk), user=w.ouder.user).exists()
    assert login(w.andere_school).get(f"/opp/{o.pk}/extern/").status_code == 403
    # Once a version is set, attaching is no longer offered.
    v = o.versies.get()
    services.versie_bijwerken(w.school, v, **INHOUD, oogo_op=VANDAAG)
    services.vaststellen(w.school, v)
    r = login(w.school).get(f"/opp/{o.pk}/")
    assert "PDF toevoegen" not in tekst(r) and f"/opp/{o.pk}/extern/" in tekst(r)


# --------------------------------------------------------------------------------------------------------
# Parents
# --------------------------------------------------------------------------------------------------------

def ouder_van(w, leerling, *, gezag=True, naam="tweede"):
    rol = RolFactory(rol="ouder", swv=w.swv, user=UserFactory(username=f"ouder-{naam}"))
    ouder = OuderFactory(swv=w.swv, user=rol.user)
    OuderKindFactory(ouder=ouder, leerling=leerling, heeft_gezag=gezag)
    return rol


def test_ouder_stemt_in_via_de_pagina(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG - dt.timedelta(days=1))
    v = o.versies.get()
    c = login(w.ouder)
    r = c.get(f"/opp/{o.pk}/")
    assert "Instemmen of niet instemmen" in tekst(r)
    r = c.get(f"/opp/versie/{v.pk}/instemmen/")
    assert r.status_code == 200
    html = tekst(r)
    assert "Het perspectiefdeel." in html and "U hoeft daar niet mee in te stemmen." in html
    assert "toch</strong> de hulp" in html
    assert INHOUD["ondersteuning"] in html  # the handelingsdeel is shown
    r = c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": ""})
    assert r.status_code == 200 and "Kies of u wel of niet instemt" in tekst(r)
    assert not Instemming.objects.exists()
    r = c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": "instemming", "toelichting": "Goed plan."})
    assert r.status_code == 302
    i = Instemming.objects.get()
    assert i.versie == v and i.ouder == w.ouder_record and i.user == w.ouder.user and i.heeft_gezag
    assert i.besluit == "instemming" and i.toelichting == "Goed plan." and i.op is not None
    r = login(w.school).get(f"/opp/{o.pk}/")
    assert "Ingestemd" in tekst(r) and "Goed plan." in tekst(r)
    # The parent can change their mind; still one record, now withheld.
    c = login(w.ouder)
    c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": "geen_instemming", "toelichting": "Toch liever meer uren."})
    i = Instemming.objects.get()
    assert i.besluit == "geen_instemming"
    r = login(w.school).get("/opp/")
    assert "Geen instemming" in tekst(r)


def test_ouder_van_een_ander_kind_krijgt_403(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG)
    v = o.versies.get()
    andere_ouder = ouder_van(w, w.leerling_b, naam="bakker")
    c = login(andere_ouder)
    for url in (f"/opp/{o.pk}/", f"/opp/versie/{v.pk}/", f"/opp/versie/{v.pk}/instemmen/",
                f"/opp/versie/{v.pk}/pdf/", f"/opp/versie/{v.pk}/vergelijk/"):
        assert c.get(url).status_code == 403, url
    assert c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": "instemming"}).status_code == 403
    assert not Instemming.objects.exists()
    assert w.leerling.naam not in tekst(c.get("/opp/"))


def test_ouder_zonder_gezag_kan_niet_instemmen(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG)
    v = o.versies.get()
    zonder = ouder_van(w, w.leerling, gezag=False, naam="zonder-gezag")
    c = login(zonder)
    r = c.get(f"/opp/versie/{v.pk}/instemmen/")
    assert r.status_code == 200
    assert "U kunt niet instemmen" in tekst(r) and "geen ouderlijk gezag" in tekst(r)
    assert 'name="besluit"' not in tekst(r)
    assert c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": "instemming"}).status_code == 403
    assert not Instemming.objects.exists()


def test_instemmen_niet_op_concept_of_voor_school(w, login):
    o = maak_opp(w)
    v = o.versies.get()
    c = login(w.ouder)
    # The concept is the school's draft: the parent does not see it at all.
    assert c.get(f"/opp/versie/{v.pk}/instemmen/").status_code == 403
    assert c.get(f"/opp/versie/{v.pk}/").status_code == 403
    assert c.post(f"/opp/versie/{v.pk}/instemmen/", {"besluit": "instemming"}).status_code == 403
    assert login(w.school).get(f"/opp/versie/{v.pk}/instemmen/").status_code == 403


def test_ouder_ziet_niet_de_toelichting_van_de_andere_ouder(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG)
    v = o.versies.get()
    tweede = ouder_van(w, w.leerling, naam="vader")
    services.instemming_geven(tweede, v, besluit="geen_instemming", toelichting="Privé-reden van vader.")
    r = login(w.ouder).get(f"/opp/{o.pk}/")
    assert "Geen instemming" in tekst(r) and "Privé-reden van vader." not in tekst(r)
    assert "Privé-reden van vader." in tekst(login(w.school).get(f"/opp/{o.pk}/"))


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

PEILDATUM = dt.date(2026, 7, 25)


@pytest.fixture
def werkvoorraad(w):
    """OPP's in every state on PEILDATUM (created on their real, earlier dates)."""
    opps = {
        "vaststellen": maak_opp(w, leerling_a(w, leerling__achternaam="Vast"), aanleiding_datum=dt.date(2026, 7, 1)),
        "te_laat": maak_opp(w, leerling_a(w, leerling__achternaam="Laat"), aanleiding_datum=dt.date(2026, 5, 1)),
        "binnenkort": maak_opp(w, leerling_a(w, leerling__achternaam="Binnen"), aanleiding_datum=dt.date(2025, 7, 1),
                               vastgesteld_op=dt.date(2025, 9, 15)),
        "eval_te_laat": maak_opp(w, leerling_a(w, leerling__achternaam="Oud"), aanleiding_datum=dt.date(2023, 9, 1),
                                 vastgesteld_op=dt.date(2023, 9, 20), evaluaties=[dt.date(2023, 10, 1)]),
        "op_orde": maak_opp(w, leerling_a(w, leerling__achternaam="Orde"), aanleiding_datum=dt.date(2025, 9, 1),
                            vastgesteld_op=dt.date(2025, 9, 15), evaluaties=[dt.date(2026, 3, 1)]),
        "juni": maak_opp(w, leerling_a(w, leerling__achternaam="Juni"), aanleiding_datum=dt.date(2026, 5, 20),
                         vastgesteld_op=dt.date(2026, 6, 10)),
    }
    OuderKindFactory(leerling=opps["binnenkort"].leerling, ouder__swv=w.swv)
    return opps


def test_werklijst_labels_op_bekende_datums(w, login, werkvoorraad, monkeypatch):
    monkeypatch.setattr(services, "vandaag", lambda: PEILDATUM)
    r = login(w.school).get("/opp/")
    rijen = {o.leerling.achternaam: o for o in r.context["rijen"]}
    assert rijen["Vast"].status["tekst"] == "Nog vast te stellen, uiterlijk 12-08-2026"
    assert rijen["Laat"].status["tekst"] == "Niet op tijd vastgesteld: uiterlijk was 12-06-2026"
    assert rijen["Binnen"].status["tekst"] == "Evaluatie binnenkort, uiterlijk 31-07-2026"
    assert rijen["Binnen"].te_laat_vastgesteld  # set 15-09-2025, the 6 weeks ended 12-08-2025
    assert rijen["Oud"].status["tekst"] == "Evaluatie te laat: uiterlijk was 31-07-2025"
    assert rijen["Orde"].status["tekst"] == "Op orde"
    assert rijen["Juni"].status["tekst"] == "Op orde"  # set in June: first evaluation by 31-07-2027
    html = tekst(r)
    for label in ("Nog vast te stellen, uiterlijk 12-08-2026", "Niet op tijd vastgesteld", "Evaluatie binnenkort",
                  "Evaluatie te laat", "Op orde", "te laat vastgesteld (15-09-2025)", "versie 1",
                  "nog geen vastgestelde versie", "Nog geen reactie", "Geen ouder met gezag bekend"):
        assert label in html, label
    # The most urgent first.
    assert [o.leerling.achternaam for o in r.context["rijen"]][:2] == ["Laat", "Oud"]
    k = r.context["kengetallen"]
    assert (k["te_laat"], k["evaluatie_te_laat"], k["evaluatie_binnenkort"], k["vaststellen"], k["op_orde"]) == \
           (1, 1, 1, 1, 2)
    r = login(w.school).get("/opp/?status=evaluatie_binnenkort")
    assert [o.leerling.achternaam for o in r.context["rijen"]] == ["Binnen"]
    r = login(w.school).get("/opp/?status=aandacht")
    assert {o.leerling.achternaam for o in r.context["rijen"]} == {"Laat", "Oud", "Binnen"}
    r = login(w.school).get("/opp/?q=orde")
    assert [o.leerling.achternaam for o in r.context["rijen"]] == ["Orde"]


def test_statusfilter_klopt_met_regels_op_elke_datum(w, werkvoorraad):
    """status_q (the database filter) and regels.opp_status agree, across school-year ends and a leap day."""
    maak_opp(w, leerling_a(w), aanleiding_datum=dt.date(2024, 5, 1), vastgesteld_op=dt.date(2024, 5, 31),
             evaluaties=[dt.date(2024, 7, 31), dt.date(2025, 8, 1)])
    maak_opp(w, leerling_a(w), aanleiding_datum=dt.date(2024, 2, 29), vastgesteld_op=dt.date(2024, 6, 1))
    qs = werklijst.met_termijnen(Opp.objects.all())
    rijen = list(qs)
    datums = [dt.date(2023, 6, 1) + dt.timedelta(days=d) for d in range(0, 1600, 11)]
    datums += [dt.date(2024, 2, 29), dt.date(2025, 7, 31), dt.date(2025, 8, 1), dt.date(2026, 7, 17),
               dt.date(2026, 7, 18), dt.date(2026, 7, 31), dt.date(2026, 8, 1), dt.date(2027, 7, 31)]
    for p in datums:
        verwacht = {o.pk: regels.opp_status(o.aanleiding_datum, o.eerste_vastgesteld, o.laatste_evaluatie, p, 14)
                    for o in rijen}
        for status, _ in werklijst.STATUSSEN:
            gevonden = set(qs.filter(werklijst.status_q(status, p, 14)).values_list("pk", flat=True))
            assert gevonden == {pk for pk, s in verwacht.items() if s == status}, (p, status)


def test_werklijst_aantal_queries_groeit_niet(w, login):
    def meet():
        c = login(w.school)
        with CaptureQueriesContext(connection) as ctx:
            r = c.get("/opp/")
        assert r.status_code == 200
        return len(ctx.captured_queries), len(r.context["rijen"])

    for _ in range(2):
        o = maak_opp(w, leerling_a(w), vastgesteld_op=VANDAAG - dt.timedelta(days=3))
        OuderKindFactory(leerling=o.leerling, ouder__swv=w.swv)
    maak_opp(w)
    weinig, n1 = meet()
    for _ in range(5):
        o = maak_opp(w, leerling_a(w), vastgesteld_op=VANDAAG - dt.timedelta(days=3))
        OuderKindFactory(leerling=o.leerling, ouder__swv=w.swv)
    maak_opp(w, leerling_a(w))
    veel, n2 = meet()
    assert (n1, n2) == (3, 9)
    assert veel == weinig


def test_werklijst_per_rol(w, login):
    eigen = maak_opp(w)
    ander = maak_opp(w, w.leerling_b, rol=w.andere_school, school=w.school_b)
    r = login(w.school).get("/opp/")
    assert [o.pk for o in r.context["rijen"]] == [eigen.pk]
    assert r.context["school_opties"] is None
    r = login(w.consulent).get("/opp/")
    assert {o.pk for o in r.context["rijen"]} == {eigen.pk, ander.pk}
    assert "De Eik" in tekst(r) and 'name="school"' in tekst(r)
    r = login(w.consulent).get(f"/opp/?school={w.school_b.pk}")
    assert [o.pk for o in r.context["rijen"]] == [ander.pk]
    assert login(w.andere_staf).get("/opp/").context["rijen"] == []
    assert login(w.andere_school).get(f"/opp/{eigen.pk}/").status_code == 403


# --------------------------------------------------------------------------------------------------------
# Start panels
# --------------------------------------------------------------------------------------------------------

def test_startpanelen(w, login, werkvoorraad, monkeypatch):
    monkeypatch.setattr(services, "vandaag", lambda: PEILDATUM)
    r = login(w.school).get("/")
    html = tekst(r)
    assert "OPP&#x27;s" in html or "OPP's" in html
    assert "/opp/?status=te_laat" in html and "evaluatie te laat" in html
    # The parent: the set version of their child waits for their choice.
    o = maak_opp(w, aanleiding_datum=dt.date(2026, 7, 1), vastgesteld_op=dt.date(2026, 7, 20))
    v = o.versies.get()
    r = login(w.ouder).get("/")
    assert "OPP van uw kind" in tekst(r)
    assert f"/opp/versie/{v.pk}/instemmen/" in tekst(r)
    services.instemming_geven(w.ouder, v, besluit="instemming")
    r = login(w.ouder).get("/")
    assert f"/opp/versie/{v.pk}/instemmen/" not in tekst(r)
    assert "Er wacht geen OPP op uw keuze." in tekst(r)


def test_woorddiff_voegt_herschreven_zinnen_samen():
    from passend.opp.views.inhoud import woorddiff

    html = woorddiff("Twee keer per week rekenen.", "Drie keer per week rekenen.")
    assert "Twee" in re.findall(r"<del>(.*?)</del>", html)[0] and "Drie" in re.findall(r"<ins>(.*?)</ins>", html)[0]
    assert "keer per week rekenen." in html.split("</ins>")[-1]
    html = woorddiff("Aan het eind van het jaar.", "Andere doelen dan eerst.")
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
