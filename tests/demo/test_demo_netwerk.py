"""The demo's dekkend netwerk (passend/demo/netwerk.py): an ondersteuningsplan, a profile for every school of the
region, gaps of every kind on the coverage, demand from the pupils in requests, OPP's and TLV's, placement requests
in three states, a consulent who gets ranked suggestions for a pupil through the API, a trend line, and a second
build that changes nothing."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from passend.accounts.models import Roltoekenning
from passend.demo.builder import DEMO_SWV
from passend.demo.netwerk import SOORTEN, bouw_netwerk
from passend.netwerk import gegevens, regels, services
from passend.netwerk.models import (
    Aanbod,
    Dekkingsmeting,
    Leerlingbehoefte,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)
from passend.register.models import Samenwerkingsverband


@pytest.fixture
def rollen(demo):
    return {r.user.username: r for r in Roltoekenning.objects.filter(swv__code=DEMO_SWV).select_related("user")}


def test_demo_dekkend_netwerk(rollen):
    """One build (it takes seconds), every check on it."""
    swv = Samenwerkingsverband.objects.get(code=DEMO_SWV)
    plan_met_basisondersteuning(swv)
    elke_school_van_de_regio_heeft_een_profiel(swv)
    ov = gegevens.overzicht(swv)
    dekking_met_vraag_en_gaten(ov)
    plaatsingen_in_drie_stappen(swv, rollen)
    consulent_krijgt_gerangschikte_suggesties(swv, rollen)
    trend_heeft_een_lijn(swv)
    tweede_keer_bouwen_verandert_niets(swv, rollen)


def plan_met_basisondersteuning(swv):
    plan = Ondersteuningsplan.objects.get(swv=swv)
    vandaag = timezone.localdate()
    assert plan.geldig_van <= vandaag <= plan.geldig_tot
    assert regels.plan_fout(plan.geldig_van, plan.geldig_tot, plan.opr_instemming_op) is None
    assert plan.opr_instemming_op < plan.geldig_van
    assert len(plan.onderdelen) >= 4
    assert set(plan.basis_behoeften.values_list("code", flat=True)) == {"dyslexie-dyscalculie", "nt2"}


def elke_school_van_de_regio_heeft_een_profiel(swv):
    # The region's schools of the SWV's sector (gegevens.regio_scholen also lists the VO schools that lie in this
    # PO region's postcodes; they are not part of a PO SWV).
    regio = {s.pk: s for s in gegevens.regio_scholen(swv) if s.soort in SOORTEN[swv.sector]}
    profielen = {p.school_id: p for p in Schoolprofiel.objects.filter(swv=swv).select_related("school")}
    assert len(regio) > 150 and set(profielen) == set(regio)
    assert {s.soort for s in regio.values()} == {"BAO", "SBO", "SO/VSO"}
    for p in profielen.values():
        assert regels.periode_fout(p.geldig_van, p.geldig_tot) is None
        assert p.aanbod.exists()
        if services.is_speciaal(p.school):  # SBO, SO, VSO
            assert p.plaatsen and p.bezetting is not None and p.wachtlijst is not None
        else:
            assert p.plaatsen is p.bezetting is p.wachtlijst is None
    aanbod = Aanbod.objects.filter(profiel__swv=swv)
    assert not aanbod.filter(profiel__school__soort="BAO", niveau="specialistisch").exists()
    assert not aanbod.filter(profiel__school__soort__in=["SBO", "SO/VSO"]).exclude(niveau="specialistisch").exists()
    assert aanbod.filter(capaciteit__isnull=True).exists() and aanbod.filter(capaciteit__isnull=False).exists()
    assert all(a.bezet <= a.capaciteit for a in aanbod.filter(capaciteit__isnull=False))
    # Some profiles were not renewed within four years: the page shows them as expired.
    statussen = {regels.status_periode(p.geldig_van, p.geldig_tot, timezone.localdate()) for p in profielen.values()}
    assert "geldig" in statussen and "verlopen" in statussen


def dekking_met_vraag_en_gaten(ov):
    per = {d.behoefte.code: d for d in ov.dekking}
    assert per["meervoudig"].aanbieders == [] and per["meervoudig"].vraag == 2
    assert sum(d.vraag for d in ov.dekking) >= 20
    assert per["gedrag"].vraag > 0 and len(per["gedrag"].aanbieders) > 50
    # Basisondersteuning: every regular school offers NT2.
    assert len(per["nt2"].aanbieders) == sum(1 for s, _ in ov.scholen if s.soort in gegevens.REGULIER) > 100
    soorten = {g.soort for g in ov.gaten}
    assert {"geen_aanbod", "vol", "wachtlijst", "afstand"} <= soorten
    assert 3 <= sum(1 for g in ov.gaten if g.soort == "vol") <= 10
    wachtlijsten = [g.school for g in ov.gaten if g.soort == "wachtlijst"]
    assert len(wachtlijsten) == 2 and any("Speciaal Basisonderwijs" in s or "SBO" in s for s in wachtlijsten), wachtlijsten
    assert ov.gaten[0].soort == "geen_aanbod" and ov.gaten[0].behoefte == "Meervoudig"
    bronnen = set(Leerlingbehoefte.objects.filter(leerling__swv=ov.swv).values_list("bron", flat=True))
    assert {"aanvraag", "opp", "tlv", "plaatsing"} <= bronnen


def plaatsingen_in_drie_stappen(swv, rollen):
    verzoeken = {p.status: p for p in Plaatsingsverzoek.objects.filter(swv=swv)}
    assert set(verzoeken) == {"open", "gekozen", "bevestigd"}
    bevestigd, gekozen, open_ = verzoeken["bevestigd"], verzoeken["gekozen"], verzoeken["open"]
    ib_school = rollen["ib"].scholen.get()
    assert bevestigd.vanuit_school == ib_school and bevestigd.aangemaakt_door == rollen["ib"].user
    assert bevestigd.beantwoord_door == rollen["consulent"].user and bevestigd.gekozen_school_id != ib_school.pk
    assert gekozen.gekozen_school_id and gekozen.beantwoord_op is None
    assert gekozen.aangemaakt_door == open_.aangemaakt_door == rollen["consulent"].user
    for p in verzoeken.values():
        if p.gekozen_school_id:
            assert Schoolprofiel.objects.filter(swv=swv, school_id=p.gekozen_school_id).exists()
            assert p.gekozen_school.soort in SOORTEN[swv.sector]
        assert p.aangemaakt.date() < timezone.localdate()  # the story's days, not the day of the build
    assert bevestigd.aangemaakt < bevestigd.gekozen_op < bevestigd.beantwoord_op


def consulent_krijgt_gerangschikte_suggesties(swv, rollen):
    consulent = rollen["consulent"]
    p = Plaatsingsverzoek.objects.get(swv=swv, status="open")
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=consulent.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_PASSEND_ROL=str(consulent.pk))
    r = client.get(f"/api/v1/plaatsingsverzoeken/{p.pk}/suggesties/")
    assert r.status_code == 200, r.content
    lijst = r.json()
    codes = sorted(b.code for b in p.behoeften.all())
    assert len(lijst) >= 3 and [s["rang"] for s in lijst] == list(range(1, len(lijst) + 1))
    beste = lijst[0]
    assert sorted(beste["gedekt"]) == codes and beste["ontbreekt"] == [] and not beste["vol"]
    assert beste["afstand_km"] is not None and beste["afstand_km"] < 15 and beste["redenen"][-1].endswith(" km")
    # Among schools that fit as well and are not full, the nearer one comes first.
    gelijk = [s["afstand_km"] for s in lijst if len(s["gedekt"]) == len(codes) and not s["vol"]]
    assert gelijk == sorted(gelijk)
    assert p.vanuit_school is None or p.vanuit_school.vestigingscode not in {s["school"] for s in lijst}


def trend_heeft_een_lijn(swv):
    metingen = gegevens.trend(swv, 12)
    assert len(metingen) == 6 and metingen[-1].datum == timezone.localdate()
    assert metingen[0].datum <= timezone.localdate() - dt.timedelta(days=140)
    assert all(b.datum > a.datum for a, b in zip(metingen, metingen[1:], strict=False))
    assert len({m.gaten for m in metingen}) > 1
    assert all(set(m.cijfers) == set(metingen[-1].cijfers) for m in metingen)


def tweede_keer_bouwen_verandert_niets(swv, rollen):
    tellers = (Schoolprofiel.objects.count(), Aanbod.objects.count(), Leerlingbehoefte.objects.count(),
               Plaatsingsverzoek.objects.count(), Dekkingsmeting.objects.count(), Ondersteuningsplan.objects.count())
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {u: (r.user, r) for u, r in rollen.items()}
    assert bouw_netwerk(swv, users) == {"plan": False, "profielen": 0, "leerlingbehoeften": 0, "plaatsingen": 0,
                                        "metingen": 0}
    assert (Schoolprofiel.objects.count(), Aanbod.objects.count(), Leerlingbehoefte.objects.count(),
            Plaatsingsverzoek.objects.count(), Dekkingsmeting.objects.count(),
            Ondersteuningsplan.objects.count()) == tellers
