"""The pure rules of the dekkend netwerk: real distances, the 4-year period, full offers, and the ranking."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passend.netwerk import regels
from passend.netwerk.regels import Kandidaat, rangschik

# Known distances between real places (WGS84 town centres); the haversine on a sphere of the mean Earth radius
# is within 0.5 % of the geodesic distance.
BEKEND = [
    ((52.3676, 4.9041), (51.9244, 4.4777), 57.5),  # Amsterdam - Rotterdam
    ((52.0907, 5.1214), (53.2194, 6.5665), 160.5),  # Utrecht - Groningen
    ((52.51, 6.09), (52.60, 6.09), 10.0),  # 0.09 degree of latitude
]


@pytest.mark.parametrize("a,b,km", BEKEND)
def test_afstand_is_de_echte_afstand_tussen_coordinaten(a, b, km):
    assert regels.afstand_km(*a, *b) == pytest.approx(km, rel=0.01)


coord = st.tuples(st.floats(50.7, 53.6), st.floats(3.3, 7.3))


@given(coord, coord, coord)
def test_afstand_is_symmetrisch_en_voldoet_aan_de_driehoeksongelijkheid(a, b, c):
    ab, ba = regels.afstand_km(*a, *b), regels.afstand_km(*b, *a)
    assert ab == pytest.approx(ba) and ab >= 0
    assert regels.afstand_km(*a, *c) <= ab + regels.afstand_km(*b, *c) + 1e-9
    assert regels.afstand_km(*a, *a) == pytest.approx(0, abs=1e-9)


def test_periode_hoogstens_vier_jaar():
    van = dt.date(2024, 8, 1)
    assert regels.periode_fout(van, dt.date(2028, 8, 1)) is None
    assert "langer dan 4 jaar" in regels.periode_fout(van, dt.date(2028, 8, 2))
    assert "na de begindatum" in regels.periode_fout(van, van)
    # 29 February plus four years is 29 February again; plus_jaren falls back to the 28th otherwise.
    assert regels.plus_jaren(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_opr_stemt_in_voor_de_ingangsdatum_en_inspectie_uiterlijk_30_april():
    van = dt.date(2026, 8, 1)
    assert regels.plan_fout(van, dt.date(2030, 7, 31), dt.date(2026, 3, 1)) is None
    assert "OPR" in regels.plan_fout(van, dt.date(2030, 7, 31), dt.date(2026, 8, 2))
    assert regels.inspectie_uiterlijk(van) == dt.date(2026, 4, 30)
    assert regels.inspectie_uiterlijk(dt.date(2027, 1, 1)) == dt.date(2026, 4, 30)


def test_status_van_een_periode():
    van, tot = dt.date(2024, 8, 1), dt.date(2028, 7, 31)
    assert regels.status_periode(van, tot, dt.date(2024, 7, 1)) == "toekomst"
    assert regels.status_periode(van, tot, dt.date(2026, 1, 1)) == "geldig"
    assert regels.status_periode(van, tot, dt.date(2028, 6, 1)) == "verloopt"
    assert regels.status_periode(van, tot, dt.date(2028, 8, 1)) == "verlopen"


def test_vol_volgens_de_drempel():
    assert regels.is_vol(10, 10) and not regels.is_vol(10, 9)
    assert regels.is_vol(10, 9, drempel_procent=90)
    assert regels.is_vol(0, 0) and not regels.is_vol(None, 500)
    assert regels.vrij(10, 4) == 6 and regels.vrij(None, 4) is None and regels.vrij(3, 5) == 0


HIER = (52.51, 6.09)


def k(school_id, naam, lat, aanbod, **kw):
    return Kandidaat(school_id, naam, lat, 6.09, aanbod, **kw)


def test_een_behoefte_met_een_school_die_haar_biedt_vindt_die_school():
    kandidaten = [k(1, "Alleen gedrag", 52.55, {"gedrag": ("extra", 5, 1)}),
                  k(2, "Alleen ZML", 52.52, {"zml": ("specialistisch", 5, 1)})]
    uit = rangschik(["zml"], *HIER, kandidaten)
    assert [s.naam for s in uit] == ["Alleen ZML"]
    assert uit[0].gedekt == ["zml"] and uit[0].ontbreekt == []


def test_volle_capaciteit_staat_lager_ook_als_die_school_dichterbij_is():
    kandidaten = [k(1, "Dichtbij maar vol", 52.52, {"ass": ("extra", 3, 3)}),
                  k(2, "Verder met plek", 52.60, {"ass": ("extra", 3, 1)})]
    uit = rangschik(["ass"], *HIER, kandidaten)
    assert [s.naam for s in uit] == ["Verder met plek", "Dichtbij maar vol"]
    assert uit[1].vol and any("Vol voor" in r for r in uit[1].redenen)
    assert "2 vrije plaatsen" in uit[0].redenen


def test_meer_gedekte_behoeften_gaat_voor_afstand_en_afstand_voor_niveau():
    kandidaten = [k(1, "Een behoefte dichtbij", 52.51, {"ass": ("specialistisch", None, 0)}),
                  k(2, "Twee behoeften ver", 52.70, {"ass": ("extra", None, 0), "gedrag": ("extra", None, 0)}),
                  k(3, "Twee behoeften dichter", 52.60, {"ass": ("basis", None, 0), "gedrag": ("basis", None, 0)})]
    uit = rangschik(["ass", "gedrag"], *HIER, kandidaten)
    assert [s.school_id for s in uit] == [3, 2, 1]
    assert uit[0].afstand_km == pytest.approx(10.0, abs=0.1)
    assert uit[2].ontbreekt == ["gedrag"]


def test_wegfactor_en_wachtlijst_en_onbekende_ligging():
    kandidaten = [k(1, "SO met wachtlijst", 52.52, {"zml": ("specialistisch", 10, 2)}, speciaal=True, wachtlijst=4),
                  Kandidaat(2, "Zonder ligging", None, None, {"zml": ("specialistisch", 10, 2)})]
    uit = rangschik(["zml"], *HIER, kandidaten, wegfactor=1.3)
    assert uit[0].naam == "Zonder ligging"  # not full; the other has a waiting list
    assert uit[0].afstand_km is None and "Afstand onbekend" in uit[0].redenen
    assert uit[1].afstand_km == pytest.approx(1.11 * 1.3, abs=0.1) and "Wachtlijst: 4" in uit[1].redenen


@given(st.lists(st.tuples(st.floats(52.0, 53.0), st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=12))
def test_ranglijst_is_gesorteerd_op_vol_en_dan_afstand(scholen):
    kandidaten = [k(i, f"S{i}", lat, {"ass": ("extra", cap, min(bezet, cap))}) for i, (lat, cap, bezet)
                  in enumerate(scholen)]
    uit = rangschik(["ass"], *HIER, kandidaten, max_aantal=100)
    assert len(uit) == len(scholen)
    sleutels = [(s.vol, s.afstand_km) for s in uit]
    assert sleutels == sorted(sleutels)
