"""The entitlement rules (VNG model verordening) on known cases."""

from decimal import Decimal

import pytest

from passend.vervoer.regels import Regels, recht_op_vervoer, zelfde_richting

R = Regels()


def recht(soort="BAO", km=8.0, dichtstbij=None, zelfstandig=True, beperking=False, inkomen=None, regels=R):
    return recht_op_vervoer(soort=soort, afstand_km=km, afstand_dichtstbij_km=km if dichtstbij is None else dichtstbij,
                            kan_zelfstandig_reizen=zelfstandig, beperking=beperking, inkomen_boven_grens=inkomen,
                            regels=regels)


@pytest.mark.parametrize("km,heeft", [(5.9, False), (6.0, False), (6.1, True)])
def test_zes_kilometer_voor_bao_sbo_en_so(km, heeft):
    for soort in ("BAO", "SBO", "SO"):
        assert recht(soort, km).recht is heeft


def test_gemeten_tot_de_dichtstbijzijnde_passende_school():
    v = recht("BAO", km=12.0, dichtstbij=4.0)
    assert not v.recht and "dichtstbijzijnde passende school" in v.redenen[0]


def test_geen_afstandsgrens_bij_een_beperking_en_dan_aangepast_vervoer():
    v = recht("SO", km=2.0, zelfstandig=False, beperking=True)
    assert v.recht and v.vorm == "aangepast" and v.eigen_bijdrage is None


def test_vo_alleen_bij_een_beperking_tenzij_de_verordening_anders_zegt():
    assert not recht("VO", km=15.0).recht
    assert recht("VO", km=15.0, zelfstandig=False, beperking=True).vorm == "aangepast"
    assert recht("VO", km=15.0, regels=Regels(vo_alleen_met_beperking=False)).recht


def test_openbaar_vervoer_tenzij_langer_dan_anderhalf_uur():
    assert recht("BAO", km=20.0).vorm == "ov"  # 60 minutes at 20 km/h
    v = recht("BAO", km=31.0)  # 93 minutes
    assert v.vorm == "aangepast" and any("langer dan 90" in r for r in v.redenen)


def test_eigen_bijdrage_alleen_regulier_en_sbo_zonder_beperking():
    assert recht("BAO", km=8.0, inkomen=True).eigen_bijdrage == Decimal("622.50")
    assert recht("BAO", km=8.0, inkomen=False).eigen_bijdrage is None
    assert recht("SBO", km=8.0, inkomen=True).eigen_bijdrage == Decimal("622.50")
    assert recht("SO", km=8.0, inkomen=True).eigen_bijdrage is None
    assert recht("BAO", km=8.0, inkomen=True, zelfstandig=False, beperking=True).eigen_bijdrage is None
    # Over 20 km a means-tested contribution as well, not for SBO.
    assert recht("BAO", km=25.0).draagkracht and not recht("SBO", km=25.0).draagkracht
    assert "€ 622,50" in " ".join(recht("BAO", km=8.0, inkomen=True).redenen)


def test_richting():
    assert zelfde_richting("Openbaar", "Algemeen bijzonder")
    assert zelfde_richting("Rooms-Katholiek", "Rooms-Katholiek")
    assert not zelfde_richting("Rooms-Katholiek", "Openbaar")
    assert not zelfde_richting("Openbaar", "Protestants-Christelijk")
