"""The independent feasibility check rejects every kind of broken constraint and accepts a correct plan.

A hand-made instance: one vehicle at (0, 0), two requests along the x axis, travel time = distance.
The correct plan: depot -> pick up a (1) -> pick up b (2) -> deliver b (4) -> deliver a (5) -> depot (10):
distance 10, ride times a 4 and b 2.
"""

import dataclasses

import pytest

from passend.vervoer.routering.controle import SOORTEN, controleer
from passend.vervoer.routering.model import Bezoek, Oplossing, Probleem, Punt, Route, Verzoek, Voertuig

A = Verzoek("a", Punt(1, 0), Punt(5, 0), (0, 50), (0, 50), max_rit=10)
B = Verzoek("b", Punt(2, 0), Punt(4, 0), (0, 50), (0, 50), max_rit=10)
WAGEN = Voertuig("v1", Punt(0, 0), zitplaatsen=2, beschikbaar=(0, 100), max_duur=60)


def probleem(a=A, b=B, wagen=WAGEN, **kw):
    return Probleem((a, b), (wagen,), **kw)


def route(stops, vertrek=0.0, terug=10.0, voertuig="v1"):
    """stops: (request, kind, begin); arrival = begin (no waiting)."""
    return Route(voertuig, tuple(Bezoek(r, s, b, b) for r, s, b in stops), vertrek, terug)


GOED = [("a", "ophaal", 1), ("b", "ophaal", 2), ("b", "aflever", 4), ("a", "aflever", 5)]


def oplossing(routes=None, niet=(), afstand=10.0):
    return Oplossing(tuple(routes if routes is not None else [route(GOED)]), tuple(niet), afstand, "hand", 0.0)


def soorten(p, o):
    return {s.soort for s in controleer(p, o)}


def test_een_correct_plan_wordt_geaccepteerd():
    assert controleer(probleem(), oplossing()) == []


def test_wachten_en_een_niet_ingepland_verzoek_zijn_toegestaan():
    # Only a, with a wait before its delivery; b not planned (and listed so).
    r = Route("v1", (Bezoek("a", "ophaal", 1, 1), Bezoek("a", "aflever", 5, 7)), 0, 12)
    assert controleer(probleem(), oplossing([r], niet=("b",), afstand=10.0)) == []


def test_kleine_afrondingsverschillen_worden_getolereerd():
    stops = [("a", "ophaal", 1 + 1e-9), ("b", "ophaal", 2), ("b", "aflever", 4), ("a", "aflever", 5 - 1e-9)]
    assert controleer(probleem(), oplossing([route(stops)], afstand=10.0000001)) == []


def test_capaciteit():
    krap = dataclasses.replace(WAGEN, zitplaatsen=1)
    fouten = controleer(probleem(wagen=krap), oplossing())
    assert {s.soort for s in fouten} == {"capaciteit"}
    assert "zitplaatsen" in fouten[0].tekst


def test_rolstoelplaatsen():
    rolstoel = dataclasses.replace(B, zitplaatsen=0, rolstoel=1)
    assert soorten(probleem(b=rolstoel), oplossing()) == {"capaciteit"}
    met_plaats = dataclasses.replace(WAGEN, rolstoelplaatsen=1)
    assert controleer(probleem(b=rolstoel, wagen=met_plaats), oplossing()) == []


def test_venster():
    te_vroeg_klaar = dataclasses.replace(A, aflever_venster=(0, 4.5))
    assert soorten(probleem(a=te_vroeg_klaar), oplossing()) == {"venster"}
    # Beginning before the window opens is a window violation too (waiting is allowed, starting early is not).
    later = dataclasses.replace(A, ophaal_venster=(1.5, 50))
    assert soorten(probleem(a=later), oplossing()) == {"venster"}


def test_rittijd():
    kort = dataclasses.replace(A, max_rit=3.5)
    fouten = controleer(probleem(a=kort), oplossing())
    assert {s.soort for s in fouten} == {"rittijd"}
    assert "a zit 4.00" in fouten[0].tekst


def test_rittijd_telt_vanaf_het_einde_van_de_ophaalservice():
    # With 1 minute service at every stop, a rides from 2 (pickup 1 + 1) to its delivery.
    met_service = [dataclasses.replace(v, ophaal_service=1, aflever_service=1, max_rit=6) for v in (A, B)]
    p = Probleem(tuple(met_service), (WAGEN,))
    stops = [("a", "ophaal", 1), ("b", "ophaal", 3), ("b", "aflever", 6), ("a", "aflever", 8)]
    assert controleer(p, oplossing([route(stops, terug=14)])) == []  # ride of a: 8 - 2 = 6
    p_strak = Probleem((dataclasses.replace(met_service[0], max_rit=5.9), met_service[1]), (WAGEN,))
    assert soorten(p_strak, oplossing([route(stops, terug=14)])) == {"rittijd"}


def test_routeduur():
    kort = dataclasses.replace(WAGEN, max_duur=9)
    assert soorten(probleem(wagen=kort), oplossing()) == {"routeduur"}
    vroeg_weg = dataclasses.replace(WAGEN, beschikbaar=(0, 9))
    assert soorten(probleem(wagen=vroeg_weg), oplossing()) == {"routeduur"}
    laat_beschikbaar = dataclasses.replace(WAGEN, beschikbaar=(0.5, 100))
    assert soorten(probleem(wagen=laat_beschikbaar), oplossing()) == {"routeduur"}


def test_koppeling_aflevering_voor_ophalen():
    stops = [("a", "aflever", 5), ("a", "ophaal", 9), ("b", "ophaal", 10), ("b", "aflever", 12)]
    # Times consistent with travel (5, 9, 10, 12, back 16), so only the pairing is wrong.
    assert soorten(probleem(), oplossing([route(stops, terug=16)], afstand=16)) == {"koppeling"}


def test_koppeling_ophalen_en_afleveren_door_verschillende_voertuigen():
    tweede = dataclasses.replace(WAGEN, id="v2")
    p = Probleem((A, B), (WAGEN, tweede))
    r1 = route([("a", "ophaal", 1), ("b", "ophaal", 2), ("b", "aflever", 4)], terug=8)
    r2 = route([("a", "aflever", 5)], terug=10, voertuig="v2")
    assert soorten(p, oplossing([r1, r2], afstand=18)) == {"koppeling"}


def test_koppeling_ontbrekend_dubbel_of_onbekend_verzoek():
    alleen_a = route([("a", "ophaal", 1), ("a", "aflever", 5)])
    fouten = controleer(probleem(), oplossing([alleen_a], afstand=10))
    assert {s.soort for s in fouten} == {"koppeling"}
    assert "b is niet ingepland" in fouten[0].tekst
    dubbel = controleer(probleem(), oplossing(niet=("b",)))
    assert {s.soort for s in dubbel} == {"koppeling"}
    onbekend = route([*GOED[:2], ("x", "ophaal", 2), *GOED[2:]])
    assert "koppeling" in soorten(probleem(), oplossing([onbekend]))


def test_alleen():
    a_alleen = dataclasses.replace(A, alleen=True)
    fouten = controleer(probleem(a=a_alleen), oplossing())
    assert {s.soort for s in fouten} == {"alleen"}
    # One after the other is fine.
    na_elkaar = [("a", "ophaal", 1), ("a", "aflever", 5), ("b", "ophaal", 8), ("b", "aflever", 10)]
    assert controleer(probleem(a=a_alleen), oplossing([route(na_elkaar, terug=14)], afstand=14)) == []


def test_reistijd():
    te_snel = [("a", "ophaal", 1), ("b", "ophaal", 1.5), ("b", "aflever", 4), ("a", "aflever", 5)]
    assert soorten(probleem(), oplossing([route(te_snel)])) == {"reistijd"}
    te_vroeg_terug = route(GOED, terug=9)
    assert soorten(probleem(), oplossing([te_vroeg_terug])) == {"reistijd"}
    # Travel time = distance x tijd_per_eenheid: at 2 minutes per unit the same times are impossible.
    assert "reistijd" in soorten(probleem(tijd_per_eenheid=2.0), oplossing())


def test_afstand():
    assert soorten(probleem(), oplossing(afstand=10.5)) == {"afstand"}
    assert controleer(probleem(), oplossing(afstand=10.0005)) == []  # 0.005 % off


@pytest.mark.parametrize("soort", SOORTEN)
def test_elke_soort_heeft_een_test(soort):
    assert f"def test_{soort}" in open(__file__).read()
