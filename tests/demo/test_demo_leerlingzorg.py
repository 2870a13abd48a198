"""The demo's aanmeldingen and OPP's: every state, live deadlines, built through the services as the demo
users (passend/demo/leerlingzorg.py)."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from passend.accounts.models import Roltoekenning
from passend.audit.models import AuditEvent
from passend.core.access import can, visible
from passend.demo.builder import DEMO_SWV
from passend.opp import regels as opp_regels
from passend.opp.models import Instemming, Opp, Oppinstellingen, OppVersie
from passend.opp.services import huidige_versie, ontbrekend
from passend.register.models import Leerling
from passend.toewijzing.models import Aanvraag
from passend.zorgplicht import regels
from passend.zorgplicht.models import (
    OPEN_STATUSSEN,
    Aanmelding,
    Stap,
    Status,
    Weigergrond,
    Zorgplichtinstellingen,
)


@pytest.fixture
def ib(demo):
    return Roltoekenning.objects.get(user__username="ib")


def test_demo_leerlingzorg(ib):
    """One build (it takes seconds), every check on it."""
    aanmeldingen_in_elke_stand_met_levende_termijnen(ib)
    de_ib_er_moet_een_voorgestelde_leerling_bevestigen(ib)
    tijdlijn_en_wie_het_deed(ib)
    opps_in_elke_stand(ib)
    de_ouder_kan_instemmen_met_een_nieuwe_versie(ib)
    tweede_keer_bouwen_verandert_niets(ib)


def vandaag():
    return timezone.localdate()


def aanmeldingen_in_elke_stand_met_levende_termijnen(ib):
    school = ib.scholen.get()
    aanmeldingen = Aanmelding.objects.filter(swv__code=DEMO_SWV, school=school)
    assert 14 <= aanmeldingen.count() <= 20
    assert set(aanmeldingen.values_list("status", flat=True)) == set(Status.values)
    assert set(aanmeldingen.exclude(weigergrond="").values_list("weigergrond", flat=True)) == set(Weigergrond.values)
    waarschuwen = Zorgplichtinstellingen.voor(ib.swv).waarschuwen_dagen
    standen = [regels.termijn_status(a.ontvangen_op, a.verlengd_op is not None, vandaag(), waarschuwen,
                                     a.verlenging_weken)
               for a in aanmeldingen.filter(status__in=OPEN_STATUSSEN)]
    assert set(standen) == {"op_tijd", "bijna", "verlopen", "tijdelijke_plaatsing"}
    # Two extensions, each within the 6 weeks, each with its letter; one by 2 weeks, one by the full 4 weeks and
    # now almost due.
    verlengd = list(aanmeldingen.exclude(verlengd_op=None))
    assert len(verlengd) == 2
    for a in verlengd:
        assert regels.verlenging_mogelijk(a.ontvangen_op, False, a.verlengd_op) is None
        assert a.verlengingsbrief and a.verlengingsbrief.size > 0
    assert sorted(a.verlenging_weken for a in verlengd) == [2, 4]
    assert {regels.termijn_status(a.ontvangen_op, True, vandaag(), waarschuwen, a.verlenging_weken)
            for a in verlengd} == {"op_tijd", "bijna"}
    kort = next(a for a in verlengd if a.verlenging_weken == 2)
    assert kort.geldende_termijn == kort.ontvangen_op + dt.timedelta(weeks=8)
    assert kort.stappen.filter(tekst__contains=f"met 2 weken tot {kort.geldende_termijn:%d-%m-%Y}").exists()
    # Admitted with and without extra support (enrolled), decisions on time and late, one over a year ago.
    toegelaten = aanmeldingen.filter(status=Status.TOEGELATEN)
    assert set(toegelaten.values_list("met_extra_ondersteuning", flat=True)) == {True, False}
    for a in toegelaten:
        assert a.leerling.inschrijvingen.filter(school=school).exists()
    besloten = aanmeldingen.exclude(besloten_op=None)
    op_tijd = {regels.binnen_termijn(a.ontvangen_op, a.besloten_op, a.verlengd_op is not None, a.verlenging_weken)
               for a in besloten}
    assert op_tijd == {True, False}
    assert besloten.filter(besloten_op__lt=vandaag() - dt.timedelta(days=365)).exists()
    # The school that was asked to admit confirmed one, and one waits for it; at 10 weeks the school asked the
    # SWV for help (an advice request it can still complete).
    elders = aanmeldingen.filter(status=Status.ELDERS_GEPLAATST).first()
    assert elders.leerling.inschrijvingen.filter(school=elders.andere_school).exists()
    assert elders.andere_school_bevestigd_door.username.startswith("ib-")
    assert aanmeldingen.filter(status=Status.ELDERS_VOORGESTELD).exists()
    hulp = aanmeldingen.exclude(hulpvraag=None).get()
    assert regels.termijn_status(hulp.ontvangen_op, False, vandaag(), waarschuwen) == "tijdelijke_plaatsing"
    assert hulp.hulpvraag.status == "concept" and can(ib, "change", hulp.hulpvraag)


def de_ib_er_moet_een_voorgestelde_leerling_bevestigen(ib):
    school = ib.scholen.get()
    te_bevestigen = Aanmelding.objects.get(andere_school=school, status=Status.ELDERS_VOORGESTELD)
    assert te_bevestigen.school != school
    assert te_bevestigen in visible(ib, Aanmelding) and not can(ib, "change", te_bevestigen)
    assert can(ib, "view", te_bevestigen.leerling)


def tijdlijn_en_wie_het_deed(ib):
    aanmeldingen = Aanmelding.objects.filter(swv__code=DEMO_SWV)
    for a in aanmeldingen:
        stappen = list(a.stappen.order_by("tijdstip", "pk"))
        assert stappen[0].tijdstip.date() == a.ontvangen_op == a.aangemaakt.date()
        assert all(s.user_id and s.tijdstip.date() <= vandaag() for s in stappen)
        assert [s.tijdstip for s in stappen] == sorted(s.tijdstip for s in stappen)
        if a.besloten_op:
            assert stappen[-1].tijdstip.date() == a.besloten_op
        if a.verlengd_op:
            assert a.stappen.filter(tijdstip__date=a.verlengd_op, tekst__startswith="Termijn eenmalig verlengd").exists()
    assert not Stap.objects.filter(tijdstip__date__gt=vandaag()).exists()
    assert not Leerling.objects.filter(aanmeldingen__in=aanmeldingen, aangemaakt__date__gt=vandaag()).exists()
    namen = set(AuditEvent.objects.filter(object_type="zorgplicht.aanmelding").values_list("gebruikersnaam", flat=True))
    assert "ib" in namen and any(n.startswith("ib-") for n in namen)
    assert "ouder" in set(AuditEvent.objects.filter(object_type="opp.instemming").values_list("gebruikersnaam",
                                                                                              flat=True))


def opps_in_elke_stand(ib):
    school = ib.scholen.get()
    opps = list(Opp.objects.filter(swv__code=DEMO_SWV, school=school).prefetch_related("versies", "evaluaties"))
    assert 10 <= len(opps) <= 14
    waarschuwen = Oppinstellingen.voor(ib.swv).waarschuwen_dagen
    standen = set()
    for o in opps:
        eerste = o.versies.filter(status="vastgesteld").order_by("nummer").first()
        laatste = o.evaluaties.order_by("-datum").first()
        standen.add(opp_regels.opp_status(o.aanleiding_datum, eerste and eerste.vastgesteld_op,
                                          laatste and laatste.datum, vandaag(), waarschuwen))
        for v in o.versies.filter(status="vastgesteld"):
            assert not ontbrekend(v) and o.aanleiding_datum <= v.vastgesteld_op <= vandaag()
            assert v.oogo_op <= v.vastgesteld_op
        for e in o.evaluaties.all():
            assert eerste and eerste.vastgesteld_op <= e.datum <= vandaag()
    assert {"vaststellen", "te_laat", "evaluatie_te_laat", "op_orde"} <= standen
    eerste_versies = OppVersie.objects.filter(opp__in=opps, nummer=1, status="vastgesteld")
    assert {opp_regels.op_tijd_vastgesteld(v.opp.aanleiding_datum, v.vastgesteld_op) for v in eerste_versies} == {
        True, False}
    instemmingen = Instemming.objects.filter(versie__opp__in=opps)
    assert set(instemmingen.values_list("besluit", flat=True)) == {"instemming", "geen_instemming"}
    assert all(i.heeft_gezag and i.user_id for i in instemmingen)
    huidig = [huidige_versie(o) for o in opps]
    assert any(v is not None and not v.instemmingen.exists() for v in huidig)  # no reaction yet
    assert max(o.versies.count() for o in opps) >= 3
    assert any(o.extern_bestand for o in opps) and any(o.beeindigd_op for o in opps)
    assert OppVersie.objects.filter(opp__in=opps, status="concept", nummer__gt=1).exists()


def de_ouder_kan_instemmen_met_een_nieuwe_versie(ib):
    ouder = Roltoekenning.objects.get(user__username="ouder")
    opps = list(visible(ouder, Opp))
    assert len(opps) == 2
    wacht = [o for o in opps if not huidige_versie(o).instemmingen.filter(ouder__user=ouder.user).exists()]
    assert len(wacht) == 1
    o = wacht[0]
    assert huidige_versie(o).nummer == 2
    assert o.versies.get(nummer=1).instemmingen.get(ouder__user=ouder.user).besluit == "instemming"


def tweede_keer_bouwen_verandert_niets(ib):
    tellers = (Aanmelding.objects.count(), Opp.objects.count(), OppVersie.objects.count(), Aanvraag.objects.count())
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Aanmelding.objects.count(), Opp.objects.count(), OppVersie.objects.count(),
            Aanvraag.objects.count()) == tellers
