"""Changing the dekkend netwerk through the services: checks first, nothing half-written on an error."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.audit.models import AuditEvent
from passend.netwerk import services
from passend.netwerk.models import Aanbod, Behoefte, Leerlingbehoefte, Ondersteuningsplan, Plaatsingsverzoek
from tests.netwerk.conftest import behoefte

VAN, TOT = dt.date(2024, 8, 1), dt.date(2028, 7, 31)


def test_standaardlijst_staat_er_na_migrate_en_het_swv_vult_aan(n):
    codes = set(Behoefte.objects.filter(swv__isnull=True).values_list("code", flat=True))
    assert {"gedrag", "ass", "taal-tos", "dyslexie-dyscalculie", "hoogbegaafdheid", "nt2", "medisch", "lichamelijk",
            "zml", "moeilijk-lerend", "sociaal-emotioneel", "meervoudig"} <= codes
    eigen = services.behoefte_toevoegen(n.w.consulent, naam="Hechtingsproblematiek")
    assert eigen in services.behoeften_van(n.w.swv.pk)
    assert eigen not in services.behoeften_van(n.w.ander_swv.pk)
    with pytest.raises(ValidationError):
        services.behoefte_toevoegen(n.w.consulent, naam="gedrag")
    with pytest.raises(PermissionDenied):
        services.behoefte_toevoegen(n.w.school, naam="Iets nieuws")


def test_plan_langer_dan_vier_jaar_of_opr_na_de_start_wordt_geweigerd(n):
    voor = Ondersteuningsplan.objects.count()
    with pytest.raises(ValidationError) as e:
        services.plan_opslaan(n.w.directeur, None, titel="Te lang", geldig_van=VAN, geldig_tot=dt.date(2029, 7, 31),
                              opr_instemming_op=None, basisondersteuning="x", basis_behoeften=[])
    assert "4 jaar" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.plan_opslaan(n.w.directeur, None, titel="OPR te laat", geldig_van=VAN, geldig_tot=TOT,
                              opr_instemming_op=VAN + dt.timedelta(days=1), basisondersteuning="x",
                              basis_behoeften=[])
    assert "OPR" in str(e.value)
    with pytest.raises(PermissionDenied):
        services.plan_opslaan(n.w.consulent, None, titel="x", geldig_van=VAN, geldig_tot=TOT,
                              opr_instemming_op=None, basisondersteuning="x", basis_behoeften=[])
    assert Ondersteuningsplan.objects.count() == voor
    assert services.huidig_plan(n.w.swv.pk) == n.plan
    assert n.plan.onderdelen == ["Een dyslexieprotocol", "NT2-begeleiding in de klas"]


def test_school_wijzigt_alleen_het_eigen_profiel(n):
    with pytest.raises(PermissionDenied):
        services.profiel_opslaan(n.w.school, n.w.school_b, geldig_van=VAN, geldig_tot=TOT, mr_advies_op=None,
                                 aanbod={})
    assert Aanbod.objects.filter(profiel=n.profiel_b).count() == 2


def test_profiel_met_fout_verandert_niets(n):
    voor = list(Aanbod.objects.filter(profiel=n.profiel_b).values_list("behoefte__code", "capaciteit", "bezet"))
    with pytest.raises(ValidationError) as e:
        services.profiel_opslaan(n.w.andere_school, n.w.school_b, geldig_van=VAN, geldig_tot=TOT, mr_advies_op=None,
                                 aanbod={n.b["gedrag"].pk: {"niveau": "extra", "capaciteit": 2, "bezet": 3},
                                         n.b["zml"].pk: {"niveau": "extra", "capaciteit": "veel"}})
    assert set(e.value.message_dict) == {f"bezet_{n.b['gedrag'].pk}", f"capaciteit_{n.b['zml'].pk}"}
    with pytest.raises(ValidationError) as e:
        services.profiel_opslaan(n.w.andere_school, n.w.school_b, geldig_van=VAN, geldig_tot=TOT, mr_advies_op=None,
                                 plaatsen=10, aanbod={})
    assert "speciale school" in str(e.value)
    assert list(Aanbod.objects.filter(profiel=n.profiel_b).values_list(
        "behoefte__code", "capaciteit", "bezet")) == voor


def test_profiel_opslaan_vervangt_het_aanbod_en_wordt_gelogd(n):
    services.profiel_opslaan(n.w.andere_school, n.w.school_b, geldig_van=VAN, geldig_tot=TOT,
                             mr_advies_op=dt.date(2024, 6, 1),
                             aanbod={n.b["gedrag"].pk: {"niveau": "extra", "capaciteit": 8, "bezet": 2}})
    assert list(Aanbod.objects.filter(profiel=n.profiel_b).values_list("behoefte__code", "capaciteit")) == [
        ("gedrag", 8)]
    assert AuditEvent.objects.filter(object_type__icontains="aanbod", actie="delete").exists()


def test_leerlingbehoeften_alleen_voor_wie_de_leerling_ziet(n):
    services.leerlingbehoeften_zetten(n.w.school, n.w.leerling, [n.b["gedrag"], n.b["ass"]])
    assert set(n.w.leerling.behoeften.values_list("behoefte__code", flat=True)) == {"gedrag", "ass"}
    services.leerlingbehoeften_zetten(n.w.school, n.w.leerling, [n.b["ass"]])
    assert set(n.w.leerling.behoeften.values_list("behoefte__code", flat=True)) == {"ass"}
    with pytest.raises(PermissionDenied):
        services.leerlingbehoeften_zetten(n.w.andere_school, n.w.leerling, [n.b["gedrag"]])
    with pytest.raises(PermissionDenied):
        services.leerlingbehoeften_zetten(n.w.ouder, n.w.leerling, [n.b["gedrag"]])


def test_plaatsing_van_verzoek_tot_bevestiging(n):
    p = services.plaatsing_starten(n.w.school, n.w.leerling, behoeften=[n.b["gedrag"], n.b["ass"]], pc4="8011")
    assert p.vanuit_school == n.w.school_a and p.status == Plaatsingsverzoek.Status.OPEN
    # The stated needs are the pupil's needs now (the demand side of the coverage).
    assert Leerlingbehoefte.objects.filter(leerling=n.w.leerling).count() == 2
    with pytest.raises(ValidationError):  # one running request per pupil
        services.plaatsing_starten(n.w.consulent, n.w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    with pytest.raises(ValidationError):  # not its own school
        services.plaatsing_kiezen(n.w.school, p, n.w.school_a)
    p = services.plaatsing_kiezen(n.w.school, p, n.w.school_b, reden="Dichtbij, plek voor gedrag")
    assert p.status == Plaatsingsverzoek.Status.GEKOZEN
    with pytest.raises(PermissionDenied):  # only the chosen school (or the SWV) answers
        services.plaatsing_beantwoorden(n.w.school_so, p, akkoord=True)
    with pytest.raises(ValidationError):  # declining needs a reason
        services.plaatsing_beantwoorden(n.w.andere_school, p, akkoord=False)
    p.refresh_from_db()
    assert p.status == Plaatsingsverzoek.Status.GEKOZEN and p.beantwoord_op is None
    p = services.plaatsing_beantwoorden(n.w.andere_school, p, akkoord=True)
    assert p.status == Plaatsingsverzoek.Status.BEVESTIGD and p.beantwoord_door == n.w.andere_school.user
    with pytest.raises(ValidationError):
        services.plaatsing_intrekken(n.w.consulent, p)


def test_afgewezen_verzoek_zoekt_verder(n):
    p = services.plaatsing_starten(n.w.consulent, n.w.leerling, behoeften=[n.b["zml"]], pc4="8091")
    p = services.plaatsing_kiezen(n.w.consulent, p, n.w.so_school)
    p = services.plaatsing_beantwoorden(n.w.school_so, p, akkoord=False, toelichting="Geen plek dit schooljaar")
    assert p.status == Plaatsingsverzoek.Status.AFGEWEZEN and p.is_open
    p = services.plaatsing_kiezen(n.w.consulent, p, n.w.school_b)
    assert p.status == Plaatsingsverzoek.Status.GEKOZEN and p.antwoord_toelichting == ""


@pytest.mark.parametrize("pc4,fout", [("12", "vier cijfers"), ("0000", "bestaat niet")])
def test_plaatsing_met_onbekende_postcode_wordt_geweigerd(n, pc4, fout):
    with pytest.raises(ValidationError) as e:
        services.plaatsing_starten(n.w.consulent, n.w.leerling, behoeften=[n.b["zml"]], pc4=pc4)
    assert fout in str(e.value)
    assert not Plaatsingsverzoek.objects.exists() and not Leerlingbehoefte.objects.exists()


def test_ouder_en_andere_school_kunnen_geen_plaatsing_starten(n):
    for rol in (n.w.ouder, n.w.andere_school, n.w.andere_staf):
        with pytest.raises(PermissionDenied):
            services.plaatsing_starten(rol, n.w.leerling, behoeften=[behoefte("zml")], pc4="8011")


def test_instellingen_met_nederlandse_decimalen_en_grenzen(n):
    inst = services.instellingen_opslaan(n.w.directeur, {"max_afstand_km": "12,5", "wachtlijst_drempel": "3",
                                                         "bezetting_drempel_procent": "90", "wegfactor": "1,3"})
    assert str(inst.max_afstand_km) == "12.5" and inst.wachtlijst_drempel == 3
    with pytest.raises(ValidationError) as e:
        services.instellingen_opslaan(n.w.directeur, {"max_afstand_km": "NaN", "wachtlijst_drempel": "-1",
                                                      "bezetting_drempel_procent": "90", "wegfactor": "9"})
    assert set(e.value.message_dict) == {"max_afstand_km", "wachtlijst_drempel", "wegfactor"}
    with pytest.raises(PermissionDenied):
        services.instellingen_opslaan(n.w.consulent, {})


def test_kiezen_kan_elke_school_van_de_regio_maar_niet_daarbuiten_en_alleen_de_vrager_trekt_in(n):
    from tests.factories import SchoolFactory

    w = n.w
    elders = SchoolFactory(regio_swv_po=w.ander_swv, naam="Buiten de regio")
    p = services.plaatsing_starten(w.school, w.leerling, behoeften=[n.b["nt2"]], pc4="8011")
    with pytest.raises(ValidationError) as e:
        services.plaatsing_kiezen(w.school, p, elders)
    assert "regio" in str(e.value)
    # De Eik offers NT2 through the basisondersteuning only (the plan), and can be chosen.
    p = services.plaatsing_kiezen(w.school, p, w.school_b)
    with pytest.raises(PermissionDenied):  # the chosen school declines, it does not withdraw
        services.plaatsing_intrekken(w.andere_school, p)
    p = services.plaatsing_intrekken(w.school, p, toelichting="Ouders kiezen toch de eigen school")
    assert p.status == Plaatsingsverzoek.Status.INGETROKKEN


def test_sbo_legt_plaatsen_bezetting_en_wachtlijst_vast(n):
    from passend.register.models import Soort
    from tests.factories import SchoolFactory

    sbo = SchoolFactory(regio_swv_po=n.w.swv, soort=Soort.SBO, naam="SBO De Wissel")
    profiel = services.profiel_opslaan(n.w.consulent, sbo, geldig_van=VAN, geldig_tot=TOT, mr_advies_op=None,
                                       plaatsen=120, bezetting=118, wachtlijst=9, aanbod={})
    assert (profiel.plaatsen, profiel.bezetting, profiel.wachtlijst) == (120, 118, 9)
