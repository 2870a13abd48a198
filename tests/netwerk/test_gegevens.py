"""Coverage figures on the small world of conftest.py: who offers what, capacity versus demand, real distances,
and the gap list; the numbers add up."""

import datetime as dt

from passend.netwerk import gegevens, services
from passend.netwerk.models import Dekkingsmeting, Leerlingbehoefte
from passend.opp.models import Opp


def per_code(ov):
    return {d.behoefte.code: d for d in ov.dekking}


def test_wie_biedt_wat_met_capaciteit_en_afstand(n):
    d = per_code(gegevens.overzicht(n.w.swv))
    assert {a.naam for a in d["gedrag"].aanbieders} == {"De Eik", "SO De Brug"}
    assert (d["gedrag"].capaciteit, d["gedrag"].bezet, d["gedrag"].vrij) == (25, 12, 13)
    assert [a.naam for a in d["zml"].aanbieders] == ["SO De Brug"]
    # ZML only 21 km north: both PC4 areas are beyond the 10 km default, 8011 at 21.1 km.
    assert d["zml"].max_afstand_km == 21.1 and sorted(d["zml"].pc4_te_ver) == ["8011", "8091"]
    # NT2 is basisondersteuning: every regular school offers it, without a fixed limit; not the SO school.
    assert {a.naam for a in d["nt2"].aanbieders} == {"De Linde", "De Eik"} and d["nt2"].capaciteit is None
    assert all(a.via_basis for a in d["nt2"].aanbieders)
    assert d["hoogbegaafdheid"].aanbieders == [] and d["hoogbegaafdheid"].max_afstand_km is None


def test_gatenlijst(n):
    ov = gegevens.overzicht(n.w.swv)
    soorten = {(g.soort, g.behoefte, g.school) for g in ov.gaten}
    assert ("geen_aanbod", "Hoogbegaafdheid", "") in soorten
    assert ("vol", "Autisme (ASS)", "De Eik") in soorten
    assert ("wachtlijst", "", "SO De Brug") in soorten
    assert ("afstand", "ZML", "") in soorten
    # Most serious first: no offer at all.
    assert ov.gaten[0].soort == "geen_aanbod"
    # Settings move the thresholds: a larger distance and waiting list close those gaps.
    services.instellingen_opslaan(n.w.directeur, {"max_afstand_km": "25", "wachtlijst_drempel": "10",
                                                  "bezetting_drempel_procent": "100", "wegfactor": "1"})
    soorten = {(g.soort, g.behoefte, g.school) for g in gegevens.overzicht(n.w.swv).gaten}
    assert ("afstand", "ZML", "") not in soorten and ("wachtlijst", "", "SO De Brug") not in soorten


def test_vraag_telt_leerlingen_met_lopend_opp_aanvraag_of_tlv(n):
    Leerlingbehoefte.objects.create(leerling=n.w.leerling, behoefte=n.b["zml"])
    Leerlingbehoefte.objects.create(leerling=n.w.leerling_b, behoefte=n.b["zml"])
    # Without a running OPP, request or TLV a stated need is not (yet) demand.
    assert per_code(gegevens.overzicht(n.w.swv))["zml"].vraag == 0
    Opp.objects.create(swv=n.w.swv, leerling=n.w.leerling, school=n.w.school_a, aanleiding_datum=dt.date(2026, 9, 1))
    d = per_code(gegevens.overzicht(n.w.swv))["zml"]
    assert d.vraag == 1 and d.tekort == 0
    # Capacity 12, demand beyond it is a shortage in the gap list.
    services.profiel_opslaan(n.w.consulent, n.w.so_school, geldig_van=dt.date(2024, 8, 1),
                             geldig_tot=dt.date(2028, 7, 31), mr_advies_op=None,
                             aanbod={n.b["zml"].pk: {"niveau": "specialistisch", "capaciteit": 0, "bezet": 0}})
    ov = gegevens.overzicht(n.w.swv)
    assert per_code(ov)["zml"].tekort == 1
    assert any(g.soort == "tekort" and g.behoefte == "ZML" for g in ov.gaten)


def test_de_getallen_tellen_op(n):
    ov = gegevens.overzicht(n.w.swv)
    for d in ov.dekking:
        eigen = [a for a in d.aanbieders if not a.via_basis]
        assert d.bezet == sum(a.bezet for a in eigen)
        if d.capaciteit is not None:
            assert d.capaciteit == sum(a.capaciteit for a in eigen)
        assert d.leerlingen_te_ver <= sum(p[3] for p in ov.pc4)
    assert ov.profielen == 3 and len(ov.scholen) == 3


def test_meting_en_trend(n):
    m = gegevens.meting_opslaan(n.w.swv, op=dt.date(2026, 10, 1))
    gegevens.meting_opslaan(n.w.swv, op=dt.date(2026, 10, 1))  # same day: updated, not doubled
    gegevens.meting_opslaan(n.w.swv, op=dt.date(2026, 11, 1))
    assert Dekkingsmeting.objects.filter(swv=n.w.swv).count() == 2
    assert m.cijfers["zml"]["aanbieders"] == 1 and m.gaten == len(gegevens.overzicht(n.w.swv).gaten)
    assert [t.datum for t in gegevens.trend(n.w.swv)] == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]


def test_suggesties_op_de_kleine_wereld(n):
    uit = gegevens.suggesties(n.w.swv, ["gedrag", "ass"], "8011")
    assert [(s.naam, s.afstand_km) for s in uit] == [("De Eik (Zwolle)", 4.4), ("SO De Brug (Zwolle)", 21.1)]
    # NT2 via basisondersteuning: both regular schools, nearest first, the SO school not.
    assert [s.naam for s in gegevens.suggesties(n.w.swv, ["nt2"], "8011")] == ["De Linde (Zwolle)",
                                                                               "De Eik (Zwolle)"]
    assert gegevens.suggesties(n.w.swv, ["hoogbegaafdheid"], "8011") == []
    uit = gegevens.suggesties(n.w.swv, ["nt2"], "8011", uitsluiten={n.w.school_a.pk})
    assert [s.naam for s in uit] == ["De Eik (Zwolle)"]


def test_aantal_queries_groeit_niet_met_het_aantal_scholen(n, django_assert_max_num_queries):
    from tests.factories import SchoolFactory

    with django_assert_max_num_queries(20) as klein:
        gegevens.overzicht(n.w.swv)
    for i in range(15):
        s = SchoolFactory(regio_swv_po=n.w.swv, naam=f"Extra {i}", lat=52.5 + i / 100, lon=6.1)
        services.profiel_opslaan(n.w.consulent, s, geldig_van=dt.date(2024, 8, 1), geldig_tot=dt.date(2028, 7, 31),
                                 mr_advies_op=None, aanbod={n.b["gedrag"].pk: {"niveau": "extra"}})
    with django_assert_max_num_queries(len(klein.captured_queries)):
        gegevens.overzicht(n.w.swv)
