"""The Cordeau (2006) "a" instances: the reader, and the planner on the smallest one against the optimum."""

from pathlib import Path

import pytest

from passend.vervoer.routering import cordeau, ortools_planner
from passend.vervoer.routering.controle import controleer

DATA = Path(__file__).resolve().parents[2] / "bench" / "routing_data"
NAMEN = [f"a{m}-{n}" for m, ns in {2: (16, 20, 24), 3: (18, 24, 30, 36), 4: (16, 24, 32, 40, 48),
                                   5: (40, 50, 60), 6: (48, 60, 72), 7: (56, 70, 84), 8: (64, 80, 96)}.items()
         for n in ns]


def test_alle_24_instanties_en_de_optima_zijn_er():
    assert len(NAMEN) == 24
    assert sorted(p.stem for p in DATA.glob("a*-*.txt")) == sorted(NAMEN)
    bks = cordeau.lees_bks(DATA / "bks.csv")
    assert set(bks) == set(NAMEN)
    assert bks["a2-16"] == pytest.approx(294.25) and bks["a8-96"] == pytest.approx(1229.7)
    assert {k for k, v in bks.items() if v is None} == {"a3-18", "a4-16", "a4-24"}


@pytest.mark.parametrize("naam", NAMEN)
def test_lezer_kent_de_omvang(naam):
    inst = cordeau.lees(DATA / f"{naam}.txt")
    m, n = (int(x) for x in naam[1:].split("-"))
    assert (inst.naam, inst.voertuigen, inst.verzoeken) == (naam, m, n)
    p = inst.probleem
    assert len(p.verzoeken) == n and len(p.voertuigen) == m
    assert inst.capaciteit == 3 and inst.max_rit == 30
    assert inst.max_duur == 60 * n / m  # T grows with the requests per vehicle: 8 -> 480, 12 -> 720
    for v in p.verzoeken:
        assert v.max_rit == 30 and v.zitplaatsen == 1 and v.ophaal_service == v.aflever_service == 3
        assert v.ophaal_venster[0] <= v.ophaal_venster[1] and v.aflever_venster[0] <= v.aflever_venster[1]
    for w in p.voertuigen:
        assert w.zitplaatsen == 3 and w.max_duur == inst.max_duur
        assert w.beschikbaar == (0, inst.max_duur)
    assert p.tijd_per_eenheid == 1.0


def test_lezer_a2_16_details():
    inst = cordeau.lees(DATA / "a2-16.txt")
    eerste = inst.probleem.verzoeken[0]
    assert eerste.id == "1"
    assert (eerste.ophaal.x, eerste.ophaal.y) == (-1.198, -5.164)
    assert eerste.ophaal_venster == (0, 1440)
    assert inst.bks == pytest.approx(294.25)
    assert inst.max_duur == 480


def test_planner_op_a2_16_binnen_5_procent_van_het_optimum_en_haalbaar():
    inst = cordeau.lees(DATA / "a2-16.txt")
    opl = ortools_planner.plan(inst.probleem, seconden=10)
    assert controleer(inst.probleem, opl) == []
    assert opl.niet_ingepland == ()
    assert opl.afstand <= inst.bks * 1.05
    assert opl.afstand >= inst.bks * (1 - 1e-4)  # below the proven optimum would mean a broken constraint
