"""Who sees what in the OPP: the list filter (visible) and the object check (can) agree for every model, role
and action, and say what the law and the issue say: the school writes, parents read and consent, the SWV
reads, an expert reads only while assigned to the pupil, nobody else and no other SWV sees anything.

One world with OPP's at three schools and in a second SWV: concept only, set with consent and an evaluation
and a new concept version, set without evaluation, and ended.
"""

import datetime as dt

import pytest

from passend.accounts.models import Dossiertoegang, Rol
from passend.core.access import REGELS, can, visible
from passend.opp import models as om
from passend.opp import services
from passend.opp.models import Evaluatie, Instemming, Mening, Opp, Oppinstellingen, OppVersie
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SchoolFactory,
    UserFactory,
)
from tests.toewijzing.conftest import ALLE_ROLLEN

OPP_MODELLEN = sorted((m for m in REGELS if m.__module__ == om.__name__), key=lambda m: m.__name__)


def vandaag() -> dt.date:
    return services.vandaag()


def volledig() -> dict:
    return {
        "uitstroombestemming": "vmbo_kb", "onderbouwing": "Leert goed met concreet materiaal en herhaling.",
        "belemmerende_factoren": "Snel afgeleid; faalangst bij toetsen.",
        "bevorderende_factoren": "Gemotiveerd, goede band met de leerkracht.",
        "ondersteuning": "Dagelijks verlengde instructie in een klein groepje.",
        "afwijkingen": "Eigen leerlijn rekenen vanaf groep 6.", "doelen": "Eind groep 6: rekenen op niveau M5.",
        "zienswijze_leerling": "Wil graag in de eigen klas blijven.", "oogo_op": vandaag() - dt.timedelta(days=2),
        "oogo_verslag": "Ouders herkennen het beeld.",
    }


def opp_met(rol, leerling, school, *, vastgesteld=True, evaluatie=False, nieuwe_versie=False, dagen=30) -> Opp:
    aanleiding = "inschrijving" if school.soort in services.SPECIAAL else "extra_ondersteuning"
    o = services.opp_aanmaken(rol, leerling=leerling, school=school, aanleiding=aanleiding,
                              aanleiding_datum=vandaag() - dt.timedelta(days=dagen))
    v = o.versies.get()
    if vastgesteld:
        services.versie_bijwerken(rol, v, **volledig())
        services.vaststellen(rol, v)
    if evaluatie:
        services.evaluatie_toevoegen(rol, o, datum=vandaag(), verslag="Doelen grotendeels gehaald; rekenen blijft lastig.")
    if nieuwe_versie:
        services.nieuwe_versie(rol, o)
    return o


def _ouder_van(leerling, username, gezag=True):
    rol = RolFactory(rol=Rol.OUDER, swv=leerling.swv, user=UserFactory(username=username))
    OuderKindFactory(ouder=OuderFactory(swv=leerling.swv, user=rol.user), leerling=leerling, heeft_gezag=gezag)
    return rol


@pytest.fixture
def z(w):
    z = w
    z.ouder_b = _ouder_van(w.leerling_b, "ouder-eik")
    z.ouder_so = _ouder_van(w.leerling_so, "ouder-brug")
    z.tweede_ouder = _ouder_van(w.leerling, "vader-aalders")
    z.inactief = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.school_a], actief=False,
                            user=UserFactory(username="oud-ib"))
    z.o = {}
    z.o["a"] = opp_met(w.school, w.leerling, w.school_a, evaluatie=True, nieuwe_versie=True)
    services.instemming_geven(w.ouder, z.o["a"].versies.get(nummer=1), besluit="instemming")
    services.instemming_geven(z.tweede_ouder, z.o["a"].versies.get(nummer=1), besluit="geen_instemming",
                              toelichting="Ik wil eerst een gesprek over de eigen leerlijn.")
    z.mening = services.mening_geven(w.leerling_zelf, z.o["a"], tekst="Ik wil in mijn eigen klas blijven.")
    z.o["b"] = opp_met(w.andere_school, w.leerling_b, w.school_b, vastgesteld=False)
    z.o["so"] = opp_met(w.school_so, w.leerling_so, w.so_school, evaluatie=True)
    services.instemming_geven(z.ouder_so, z.o["so"].versies.get(), besluit="instemming")
    # An ended OPP (the school keeps reading its own record).
    vertrokken = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, leerling__achternaam="Dekker").leerling
    z.o["beeindigd"] = services.opp_beeindigen(w.school, opp_met(w.school, vertrokken, w.school_a))
    # An expert assigned to the pupil of school A (access to the file, as toewijzing grants it).
    Dossiertoegang.objects.create(user=w.deskundige1.user, leerling=w.leerling, reden="Advies")
    Oppinstellingen.objects.create(swv=w.swv, waarschuwen_dagen=21)
    # The other SWV.
    buren = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=w.ander_swv)
    z.buren_leerling = InschrijvingFactory(school=buren, leerling__swv=w.ander_swv).leerling
    z.buren_school = RolFactory(rol=Rol.SCHOOL, swv=w.ander_swv, scholen=[buren], user=UserFactory(username="ib-buren"))
    z.buren_ouder = _ouder_van(z.buren_leerling, "ouder-buren")
    z.o["buren"] = opp_met(z.buren_school, z.buren_leerling, buren, evaluatie=True)
    services.instemming_geven(z.buren_ouder, z.o["buren"].versies.get(), besluit="instemming")
    z.buren_leerling_zelf = RolFactory(rol=Rol.LEERLING, swv=w.ander_swv, user=UserFactory(username="leerling-buren"))
    z.buren_leerling.user = z.buren_leerling_zelf.user
    z.buren_leerling.save()
    services.mening_geven(z.buren_leerling_zelf, z.o["buren"], tekst="Het gaat goed.")
    Oppinstellingen.objects.create(swv=w.ander_swv)
    return z


def _rollen(z):
    return {naam: getattr(z, naam) for naam in (*ALLE_ROLLEN, "ouder_b", "ouder_so", "tweede_ouder", "inactief")} | {
        "buren_school": z.buren_school, "buren_ouder": z.buren_ouder, "buren_leerling_zelf": z.buren_leerling_zelf,
    }


def _zichtbaar(rol, model=Opp, actie="view") -> set:
    return set(visible(rol, model, actie).values_list("pk", flat=True))


def _pks(z, *namen) -> set:
    return {z.o[n].pk for n in namen}


def _overeenstemming(z) -> list[str]:
    verschillen = []
    for model in OPP_MODELLEN:
        alle = list(model._default_manager.all())
        assert alle, f"de testwereld heeft geen {model.__name__}"
        for rolnaam, rol in _rollen(z).items():
            for actie in ("view", "change"):
                lijst = _zichtbaar(rol, model, actie)
                object_voor_object = {o.pk for o in alle if can(rol, actie, o)}
                if lijst != object_voor_object:
                    verschillen.append(
                        f"{model.__name__} {rolnaam} {actie}: alleen in visible {sorted(lijst - object_voor_object)}, "
                        f"alleen in can {sorted(object_voor_object - lijst)}")
                if actie == "change":
                    assert lijst <= _zichtbaar(rol, model), (model, rolnaam)
    return verschillen


def test_visible_en_can_zijn_het_eens_voor_elk_model_elke_rol_en_elke_actie(z):
    assert {m.__name__ for m in OPP_MODELLEN} == {"Opp", "OppVersie", "Instemming", "Evaluatie", "Mening",
                                                         "Oppinstellingen"}
    assert set(OppVersie.objects.values_list("status", flat=True)) == set(OppVersie.Status.values)
    verschillen = _overeenstemming(z)
    assert not verschillen, "\n".join(verschillen)


def test_na_vaststellen_en_einde_toegang_blijven_beide_vormen_gelijk(z, w):
    concept = z.o["a"].versies.get(status="concept")
    services.versie_bijwerken(w.school, concept, oogo_op=vandaag())
    services.vaststellen(w.school, concept)
    services.instemming_geven(w.ouder, concept, besluit="geen_instemming")
    Dossiertoegang.objects.filter(user=w.deskundige1.user).update(geldig_tot=vandaag() - dt.timedelta(days=1))
    verschillen = _overeenstemming(z)
    assert not verschillen, "\n".join(verschillen)
    assert not _zichtbaar(w.deskundige1)


def test_school_ziet_en_schrijft_de_opps_van_de_eigen_school(z, w):
    assert _zichtbaar(w.school) == _pks(z, "a", "beeindigd")
    assert _zichtbaar(w.school, actie="change") == _pks(z, "a", "beeindigd")
    assert _zichtbaar(w.andere_school) == _pks(z, "b")
    assert _zichtbaar(w.school_so) == _pks(z, "so")
    # Only a concept version can be changed: a set version stays as it was.
    assert _zichtbaar(w.school, OppVersie, "change") == {z.o["a"].versies.get(status="concept").pk}
    assert _zichtbaar(w.andere_school, OppVersie, "change") == {z.o["b"].versies.get().pk}
    assert not _zichtbaar(w.school_so, OppVersie, "change")
    # Evaluations: the school's own; consent is the parents' to give, never the school's.
    assert _zichtbaar(w.school, Evaluatie, "change") == set(z.o["a"].evaluaties.values_list("pk", flat=True))
    for rolnaam in ("school", "andere_school", "school_so"):
        assert not _zichtbaar(getattr(w, rolnaam), Instemming, "change")
    assert _zichtbaar(w.school, Instemming) == set(
        Instemming.objects.filter(versie__opp=z.o["a"]).values_list("pk", flat=True))


def test_ouder_ziet_het_opp_van_het_eigen_kind_en_wijzigt_alleen_de_eigen_instemming(z, w):
    assert _zichtbaar(w.ouder) == _pks(z, "a")
    assert _zichtbaar(z.tweede_ouder) == _pks(z, "a")
    assert _zichtbaar(z.ouder_b) == _pks(z, "b")
    assert _zichtbaar(z.ouder_so) == _pks(z, "so")
    # The school's concept is its draft: parents read the versions it has set.
    assert _zichtbaar(w.ouder, OppVersie) == set(z.o["a"].versies.filter(status="vastgesteld").values_list("pk", flat=True))
    assert z.o["a"].versies.filter(status="concept").exists()
    eigen = Instemming.objects.get(versie__opp=z.o["a"], ouder__user=w.ouder.user)
    ander = Instemming.objects.get(versie__opp=z.o["a"], ouder__user=z.tweede_ouder.user)
    # Both parents see both consents (the record says when the parents do not agree) ...
    assert _zichtbaar(w.ouder, Instemming) == {eigen.pk, ander.pk}
    # ... but each changes only their own.
    assert _zichtbaar(w.ouder, Instemming, "change") == {eigen.pk}
    assert _zichtbaar(z.tweede_ouder, Instemming, "change") == {ander.pk}
    for model in (Opp, OppVersie, Evaluatie):
        assert not _zichtbaar(w.ouder, model, "change"), model
    assert not can(w.ouder, "view", z.o["so"]) and not can(z.ouder_so, "view", z.o["a"])


def test_deskundige_ziet_alleen_het_opp_van_de_toegewezen_leerling(z, w):
    assert _zichtbaar(w.deskundige1) == _pks(z, "a")
    assert not _zichtbaar(w.deskundige2)
    for model in OPP_MODELLEN:
        if model is not Oppinstellingen:
            assert not _zichtbaar(w.deskundige1, model, "change"), model
    Dossiertoegang.objects.filter(user=w.deskundige1.user).update(geldig_tot=vandaag() - dt.timedelta(days=1))
    assert not _zichtbaar(w.deskundige1) and not can(w.deskundige1, "view", z.o["a"])


def test_staf_leest_alles_van_het_eigen_swv_en_schrijft_niets(z, w):
    hier = set(Opp.objects.filter(swv=w.swv).values_list("pk", flat=True))
    for rol in (w.consulent, w.directeur):
        assert _zichtbaar(rol) == hier
        for model in (Opp, OppVersie, Evaluatie, Instemming):
            assert not _zichtbaar(rol, model, "change"), model
    inst = Oppinstellingen.objects.get(swv=w.swv)
    assert can(w.directeur, "change", inst) and can(w.beheerder, "change", inst)
    assert not can(w.consulent, "change", inst) and not can(w.school, "change", inst)


@pytest.mark.parametrize("rolnaam", ["leerplicht", "vervoer", "bestuur", "beheerder", "inactief"])
def test_leerplicht_vervoer_bestuur_en_beheer_zien_geen_opp(z, rolnaam):
    rol = getattr(z, rolnaam)
    for model in OPP_MODELLEN:
        if model is Oppinstellingen and rolnaam != "inactief":
            assert _zichtbaar(rol, model) == {Oppinstellingen.objects.get(swv=z.swv).pk}
            continue
        assert not _zichtbaar(rol, model), model
        assert not any(can(rol, "view", o) for o in model._default_manager.all()), model


def test_een_ander_swv_ziet_niets(z, w):
    for model in OPP_MODELLEN:
        daar = set(model._default_manager.filter(**_buren(model, z)).values_list("pk", flat=True))
        hier = set(model._default_manager.values_list("pk", flat=True)) - daar
        assert hier and daar, model
        for rol in (w.andere_staf, z.buren_school, z.buren_ouder):
            assert not (_zichtbaar(rol, model) & hier), (model, rol)
        for rolnaam in ALLE_ROLLEN:
            if rolnaam != "andere_staf":
                assert not (_zichtbaar(getattr(w, rolnaam), model) & daar), (model, rolnaam)
    assert _zichtbaar(w.andere_staf) == _pks(z, "buren")


def _buren(model, z) -> dict:
    return {
        Opp: {"swv": z.ander_swv}, Oppinstellingen: {"swv": z.ander_swv}, OppVersie: {"opp__swv": z.ander_swv},
        Evaluatie: {"opp__swv": z.ander_swv}, Instemming: {"versie__opp__swv": z.ander_swv},
        Mening: {"opp__swv": z.ander_swv},
    }[model]


def test_leerling_ziet_het_eigen_opp_zonder_concept_en_instemmingen_en_schrijft_alleen_een_mening(z, w):
    zelf = w.leerling_zelf
    assert _zichtbaar(zelf) == _pks(z, "a")
    assert _zichtbaar(zelf, OppVersie) == set(z.o["a"].versies.filter(status="vastgesteld").values_list("pk", flat=True))
    assert _zichtbaar(zelf, Evaluatie) == set(z.o["a"].evaluaties.values_list("pk", flat=True))
    # The parents' consent is theirs; the pupil's own view goes to the school, not to the parents.
    assert not _zichtbaar(zelf, Instemming)
    assert _zichtbaar(zelf, Mening) == {z.mening.pk}
    assert not _zichtbaar(w.ouder, Mening) and not can(w.ouder, "view", z.mening)
    assert _zichtbaar(w.school, Mening) == {z.mening.pk} and _zichtbaar(w.consulent, Mening) == {z.mening.pk}
    for model in OPP_MODELLEN:
        assert not _zichtbaar(zelf, model, "change"), model
    # Nobody changes a view once given.
    for rol in _rollen(z).values():
        assert not can(rol, "change", z.mening)


def test_mening_alleen_door_de_leerling_zelf_en_niet_leeg(z, w):
    from django.core.exceptions import PermissionDenied, ValidationError

    for rol in (w.ouder, w.school, w.consulent, z.buren_leerling_zelf):
        with pytest.raises(PermissionDenied):
            services.mening_geven(rol, z.o["a"], tekst="Namens de leerling.")
    with pytest.raises(ValidationError):
        services.mening_geven(w.leerling_zelf, z.o["a"], tekst="   ")
    assert Mening.objects.filter(opp=z.o["a"]).count() == 1
    services.opp_beeindigen(w.school, z.o["a"])
    with pytest.raises(ValidationError):
        services.mening_geven(w.leerling_zelf, z.o["a"], tekst="Te laat.")
    assert Mening.objects.filter(opp=z.o["a"]).count() == 1
