"""The OR-Tools planner on small instances: its plans pass the independent check and respect the pupils'
constraints (maximum ride time, travelling alone, wheelchair places); impossible requests are listed, not
planned. Every planner call has a search limit of 1 second."""

import dataclasses
import math

import pytest

from passend.vervoer.routering import basislijn, ortools_planner
from passend.vervoer.routering.controle import controleer
from passend.vervoer.routering.model import Probleem, Punt, Verzoek, Voertuig

SCHOOL = Punt(10, 0)
SEC = 1.0


def leerling(i, x, y, **kw):
    return Verzoek(f"l{i}", Punt(x, y), kw.pop("school", SCHOOL), (0, 60), (40, 55), max_rit=kw.pop("max_rit", 30),
                   ophaal_service=0.5, aflever_service=0.5, **kw)


def wagens(rolstoel=(1, 0), zit=4):
    return tuple(Voertuig(f"v{k + 1}", Punt(0, 0), zitplaatsen=zit, rolstoelplaatsen=r, beschikbaar=(0, 120),
                          max_duur=100) for k, r in enumerate(rolstoel))


ZES = (
    leerling(1, 1, 2), leerling(2, 2, -1), leerling(3, 3, 3), leerling(4, -1, -3), leerling(5, 4, -2),
    leerling(6, 0, 5),
)


def aan_boord_tijdens(oplossing, verzoek_id):
    """Other passengers on board in the same vehicle at some moment of this passenger's ride."""
    for r in oplossing.routes:
        ids = [b.verzoek_id for b in r.bezoeken]
        if verzoek_id not in ids:
            continue
        binnen, anderen = set(), set()
        for b in r.bezoeken:
            if b.soort == "ophaal":
                binnen.add(b.verzoek_id)
            else:
                binnen.discard(b.verzoek_id)
            if verzoek_id in binnen:
                anderen |= binnen - {verzoek_id}
        return anderen
    raise AssertionError(f"{verzoek_id} niet ingepland")


def voertuig_van(oplossing, verzoek_id):
    return next(r.voertuig_id for r in oplossing.routes for b in r.bezoeken if b.verzoek_id == verzoek_id)


def test_plan_van_zes_leerlingen_met_twee_busjes_is_haalbaar():
    p = Probleem(ZES, wagens())
    meldingen = []
    opl = ortools_planner.plan(p, seconden=SEC, voortgang=lambda f, t: meldingen.append((f, t)))
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ()
    assert {b.verzoek_id for r in opl.routes for b in r.bezoeken} == {v.id for v in ZES}
    assert 1 <= opl.voertuigen_gebruikt <= 2
    assert opl.afstand > 0 and "ortools" in opl.solver
    # Ride times are reported and within the limit.
    for v in ZES:
        assert 0 < opl.rittijd(v.id) <= v.max_rit + 1e-6
    # Progress: from 0 to 1, in order.
    assert meldingen[0][0] == 0.0 and meldingen[-1][0] == 1.0
    assert [f for f, _ in meldingen] == sorted(f for f, _ in meldingen)


def test_rooster_is_zo_strak_mogelijk():
    # One pupil alone: picked up as late as possible, so the ride is the direct ride (no waiting on board)
    # and the vehicle leaves the depot just in time.
    v = leerling(1, 0, 5)
    p = Probleem((v,), wagens())
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    direct = math.dist((0, 5), (10, 0))
    assert opl.rittijd("l1") == pytest.approx(direct, abs=1e-6)
    (route,) = opl.routes
    assert route.bezoeken[0].begin - route.vertrek == pytest.approx(5, abs=1e-6)  # depot -> home: 5


def test_krappe_maximale_rittijd_dwingt_aparte_ritten_af():
    # Two pupils on opposite sides of the depot: riding together takes 20 + 14.1 > 15 minutes for the first.
    noord = leerling(1, 0, 10, max_rit=15)
    zuid = leerling(2, 0, -10, max_rit=15)
    p = Probleem((noord, zuid), wagens(zit=4))
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ()
    assert aan_boord_tijdens(opl, "l1") == set() and aan_boord_tijdens(opl, "l2") == set()
    assert max(opl.rittijd("l1"), opl.rittijd("l2")) <= 15 + 1e-6
    # Without the tight limit, sharing the ride is cheaper and chosen.
    ruim = Probleem((dataclasses.replace(noord, max_rit=60), dataclasses.replace(zuid, max_rit=60)), wagens())
    samen = ortools_planner.plan(ruim, seconden=SEC)
    assert controleer(ruim, samen) == []
    assert samen.afstand < opl.afstand


def test_leerling_die_alleen_moet_reizen_reist_alleen():
    alleen = dataclasses.replace(ZES[2], alleen=True)
    verzoeken = (*ZES[:2], alleen, *ZES[3:])
    # Three vehicles: a plan with everyone on board exists without a second trip, so one second of search finds
    # it also on a busy machine (with two, the search must find a sequence that a loaded CI may not reach).
    p = Probleem(verzoeken, wagens(rolstoel=(1, 0, 0)))
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ()
    assert aan_boord_tijdens(opl, alleen.id) == set()


def test_rolstoel_alleen_in_een_voertuig_met_rolstoelplaats():
    rolstoel = dataclasses.replace(ZES[0], zitplaatsen=0, rolstoel=1)
    # The vehicle without a wheelchair place is nearer to everyone.
    vloot = (
        Voertuig("met", Punt(-20, 0), zitplaatsen=4, rolstoelplaatsen=1, beschikbaar=(0, 120)),
        Voertuig("zonder", Punt(2, 0), zitplaatsen=4, rolstoelplaatsen=0, beschikbaar=(0, 120)),
    )
    p = Probleem((rolstoel, *ZES[1:]), vloot)
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ()
    assert voertuig_van(opl, rolstoel.id) == "met"


def test_onmogelijke_verzoeken_komen_bij_niet_ingepland():
    te_ver = leerling(7, -40, 0, max_rit=30)  # direct ride 50 > 30
    twee_rolstoelen = dataclasses.replace(ZES[1], id="l8", zitplaatsen=0, rolstoel=2)
    buiten_dienst = dataclasses.replace(ZES[2], id="l9", ophaal_venster=(130, 140), aflever_venster=(140, 150))
    p = Probleem((*ZES, te_ver, twee_rolstoelen, buiten_dienst), wagens())
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert set(opl.niet_ingepland) == {"l7", "l8", "l9"}
    assert {b.verzoek_id for r in opl.routes for b in r.bezoeken} == {v.id for v in ZES}


def test_te_weinig_capaciteit_laat_verzoeken_over_in_plaats_van_te_falen():
    # One vehicle with 1 seat, all six pupils due at school within the same 15 minutes: not all fit.
    p = Probleem(ZES, wagens(rolstoel=(0,), zit=1))
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert 0 < len(opl.niet_ingepland) < 6


def test_basislijn_geeft_een_plan_dat_de_controle_beoordeelt():
    p = Probleem(ZES, wagens(rolstoel=(1, 0, 0), zit=4))
    opl = basislijn.plan(p)
    assert opl.niet_ingepland == ()
    assert opl.voertuigen_gebruikt == 2  # one school, six pupils, four seats
    assert controleer(p, opl) == []
    slim = ortools_planner.plan(p, seconden=SEC)
    assert slim.afstand <= opl.afstand + 1e-6


def test_groot_probleem_krijgt_een_eerste_oplossing_per_cluster(monkeypatch):
    # The path for large problems (first solution cluster by cluster, then the whole), on a small problem.
    monkeypatch.setattr(ortools_planner, "GROOT", 10)
    monkeypatch.setattr(ortools_planner, "CLUSTER_VERZOEKEN", 8)
    scholen = [Punt(10, 0), Punt(-10, 0), Punt(0, 12)]
    verzoeken = tuple(
        leerling(10 * s + i, (i * 7) % 11 - 5, (i * 5) % 9 - 4, school=school)
        for s, school in enumerate(scholen) for i in range(8)
    )
    p = Probleem(verzoeken, wagens(rolstoel=(1, 0, 0, 0, 0, 0)))
    meldingen = []
    opl = ortools_planner.plan(p, seconden=2, voortgang=lambda f, t: meldingen.append(t))
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ()
    assert any("cluster 3 van 3" in t for t in meldingen)


def test_onbruikbare_invoer_maakt_het_plan_niet_onmogelijk():
    # A vehicle whose availability is empty and a request whose windows lie before time 0: both simply unused.
    kapot = Voertuig("kapot", Punt(0, 0), zitplaatsen=4, beschikbaar=(50, 10))
    negatief = dataclasses.replace(ZES[0], id="neg", ophaal_venster=(-50, -20), aflever_venster=(-30, -10))
    p = Probleem((*ZES, negatief), (*wagens(), kapot))
    opl = ortools_planner.plan(p, seconden=SEC)
    assert controleer(p, opl) == []
    assert opl.niet_ingepland == ("neg",)
    assert "kapot" not in {r.voertuig_id for r in opl.routes}


def test_realistische_instantie_in_km_en_vergelijking_met_de_basislijn():
    from passend.vervoer.routering.realistisch import realistische_instantie, vergelijk

    # Zwolle-ish: homes 10 km north (0.09 degree of latitude) and 1.1 km north of the school.
    school = (52.51, 6.09)
    leerlingen = [(52.60, 6.09, *school, 8 * 60 + 30), (52.52, 6.09, *school, 8 * 60 + 30, 45, True),
                  (52.515, 6.10, *school, 8 * 60 + 30, None, False, True)]
    p = realistische_instantie(leerlingen, wegfactor=1.3, snelheid_kmh=40, rolstoelplaatsen=1)
    ver, rolstoel, alleen = p.verzoeken
    assert math.dist((ver.ophaal.x, ver.ophaal.y), (ver.aflever.x, ver.aflever.y)) == pytest.approx(13.0, rel=0.01)
    assert p.tijd_per_eenheid == pytest.approx(1.5)  # 40 km/h: 1.5 minutes per km
    assert ver.aflever_venster == (8 * 60 + 10, 8 * 60 + 25)
    assert ver.max_rit == 60 and rolstoel.max_rit == 45
    assert rolstoel.rolstoel == 1 and rolstoel.zitplaatsen == 0 and alleen.alleen
    uitkomst = vergelijk(p, seconden=SEC)
    assert uitkomst["planner"]["haalbaar"] and uitkomst["planner"]["niet_ingepland"] == 0
    assert uitkomst["planner"]["km"] <= uitkomst["basislijn"]["km"] + 0.1
    assert uitkomst["leerlingen"] == 3 and uitkomst["scholen"] == 1
