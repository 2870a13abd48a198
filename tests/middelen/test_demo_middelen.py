"""The demo's Middelen part (passend/demo/middelen.py) on the small test world instead of the whole demo (a demo
build takes about 20 s): example rates for this year labelled as not official, a count, the settings with a
reserve above the signaleringswaarde, all made through the services as the directeur; built twice, the same."""

from decimal import Decimal

from django.utils import timezone

from passend.audit.models import AuditEvent
from passend.demo import middelen as demo
from passend.middelen import gegevens, regels, services
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from passend.register.models import Soort
from tests.factories import SamenwerkingsverbandFactory, SchoolFactory

D = Decimal


def _staat(swv):
    inst = Middeleninstellingen.objects.filter(swv=swv).values().first()
    return (sorted(Normbedrag.objects.filter(swv=swv).values_list("jaar", "component", "bedrag", "bron")),
            list(Leerlingtelling.objects.filter(swv=swv).values_list("jaar", "bo", "sbo", "bron")),
            inst and {k: v for k, v in inst.items() if k != "id"})


def _wereld(w):
    w.school_a.leerlingen, w.school_b.leerlingen, w.so_school.leerlingen = 300, 200, 80
    for s in (w.school_a, w.school_b, w.so_school):
        s.save()
    SchoolFactory(vestigingscode="27SB01", naam="SBO De Wissel", soort=Soort.SBO, regio_swv_po=w.swv, leerlingen=40)
    return {"directeur": (w.directeur.user, w.directeur)}


def test_voorbeeldbedragen_met_de_hand():
    bedragen = {r["component"]: r["bedrag"] for r in demo.voorbeeldbedragen(2026)}
    assert set(bedragen) == set(regels.BENODIGD["PO"])
    # 1,025 ** 11 = 1,3120867: 156,61 × 1,3120867 = 205,4859 → 205,49; 318,83 × 1,3120867 = 418,3326 → 418,33;
    # 2.986,87 × 1,3120867 = 3.919,0323 → 3.919,03
    assert (bedragen["licht"], bedragen["zwaar"], bedragen["sbo"]) == (D("205.49"), D("418.33"), D("3919.03"))
    assert {r["bron"] for r in demo.voorbeeldbedragen(2026)} == {
        "Voorbeeldbedragen voor de demo (geïndexeerd uit 2015-2016), geen officiële bedragen"}
    assert {r["component"]: r["bedrag"] for r in demo.voorbeeldbedragen(2015)}["so_hoog"] == D("20645.71")


def test_demo_middelen_geeft_de_begroting_van_dit_jaar(w):
    jaar = timezone.localdate().year
    assert demo.bouw_middelen(w.swv, _wereld(w)) == 3
    eigen = Normbedrag.objects.filter(swv=w.swv)
    assert {n.jaar for n in eigen} == {jaar} and eigen.count() == 6
    assert all("geen officiële bedragen" in n.bron for n in eigen)
    assert Normbedrag.objects.get(jaar=2015, sector="PO", component="licht", swv=None).bedrag == D("156.61")
    telling = Leerlingtelling.objects.get(swv=w.swv, jaar=jaar)
    assert (telling.bo, telling.sbo) == (500, 40) and "geen officiële telling" in telling.bron
    inst = Middeleninstellingen.objects.get(swv=w.swv)
    assert inst.gekozen_model == "hybride"
    assert (inst.hybride_school_procent, inst.hybride_leerling_procent, inst.hybride_expertise_procent) == (50, 25, 25)
    assert inst.apparaat_procent == 5 and inst.vaste_voet_per_school == D("5000")
    waarde = regels.signaleringswaarde(inst.totale_baten, minimum=inst.signalering_minimum,
                                       procent=inst.signalering_procent)
    assert regels.boven_signaleringswaarde(inst.reserve, waarde) > 0
    # The director sees this year's budget: 540 pupils at the example rates, no missing rate.
    b = gegevens.begroting(w.swv, jaar, inst)
    assert b.jaar == jaar and b.inkomsten[0].aantal == 540
    assert b.inkomsten[0].bedrag_per == eigen.get(component="licht").bedrag
    assert b.vrij > 0
    # Made by the directeur, through the services.
    assert AuditEvent.objects.filter(object_type="middelen.normbedrag", user=w.directeur.user).count() == 6
    assert AuditEvent.objects.filter(object_type="middelen.middeleninstellingen", user=w.directeur.user).exists()


def test_demo_middelen_twee_keer_bouwen_verandert_niets(w):
    users = _wereld(w)
    demo.bouw_middelen(w.swv, users)
    services.instellingen_opslaan(w.directeur, hybride_school_procent="60", hybride_expertise_procent="15")
    staat = _staat(w.swv)
    assert demo.bouw_middelen(w.swv, users) == 0
    assert _staat(w.swv) == staat  # the director's change stays too


def test_demo_middelen_doet_niets_zonder_directeur_of_voor_vo(w):
    assert demo.bouw_middelen(w.swv, {}) == 0
    vo = SamenwerkingsverbandFactory(code="VO2799", sector="VO")
    assert demo.bouw_middelen(vo, {"directeur": (w.directeur.user, w.directeur)}) == 0
    assert not Normbedrag.objects.filter(swv__isnull=False).exists()
    assert not Middeleninstellingen.objects.exists()
