"""Who sees what in the thuiszitters register: the list filter (visible) and the object check (can) agree for every
model, role and action, and say what the issue says: SWV staff all cases of the SWV, a school those of its own
school, leerplicht those of its own gemeente (and never the pupil's file), nobody else and no other SWV anything;
a closed case is read-only and the timeline never changes.

One world with cases at two schools and the SO school, one reported by the leerplicht of another gemeente, one
closed, and one in a second SWV.
"""

import datetime as dt

import pytest

from passend.accounts.models import Rol
from passend.core.access import REGELS, can, visible
from passend.register.models import Leerling
from passend.thuiszitters import models as tm
from passend.thuiszitters import services
from passend.thuiszitters.models import (
    Actie,
    Categoriestand,
    Contact,
    Melding,
    Thuiszittersinstellingen,
    Urenstand,
)
from tests.factories import InschrijvingFactory, RolFactory, SchoolFactory, UserFactory
from tests.toewijzing.conftest import ALLE_ROLLEN

TZ_MODELLEN = sorted((m for m in REGELS if m.__module__ == tm.__name__), key=lambda m: m.__name__)
VANDAAG = dt.date.today()


def _dagen(n: int) -> dt.date:
    return VANDAAG - dt.timedelta(days=n)


def _werk(rol, m):
    """A plan of approach and a contact on case `m`, by `rol`."""
    services.actie_toevoegen(rol, m, omschrijving="Gesprek met ouders plannen", eigenaar="Intern begeleider",
                             uiterlijk=VANDAAG + dt.timedelta(days=7))
    services.contact_toevoegen(rol, m, datum=VANDAAG, soort="telefoon", verslag="Moeder gebeld.")


@pytest.fixture
def z(t):
    z = t
    z.m = {}
    z.m["a"] = services.melding_registreren(t.school, leerling=t.leerling, categorie="relatief",
                                            startdatum=_dagen(50), redenen=["schoolangst"])
    _werk(t.school, z.m["a"])
    z.m["b"] = services.melding_registreren(t.consulent, leerling=t.leerling_b, categorie="dreigend",
                                            startdatum=_dagen(10))
    services.actie_toevoegen(t.consulent, z.m["b"], omschrijving="Observatie in de klas", eigenaar="Consulent",
                             uiterlijk=VANDAAG + dt.timedelta(days=3))
    z.m["kampen"] = services.melding_registreren(
        t.andere_leerplicht, categorie="absoluut", startdatum=_dagen(120),
        nieuwe_leerling={"voornaam": "Jip", "achternaam": "Kamper", "geboortedatum": dt.date(2013, 2, 1),
                         "postcode": "8261AB"})
    _werk(t.andere_leerplicht, z.m["kampen"])
    z.m["gesloten"] = services.melding_registreren(t.school_so, leerling=t.leerling_so, categorie="relatief",
                                                   startdatum=_dagen(200))
    _werk(t.school_so, z.m["gesloten"])
    z.m["gesloten"] = services.beeindigen(t.consulent, z.m["gesloten"], einddatum=_dagen(5),
                                          uitkomst="terug_op_school", school=t.so_school, uren=20)
    z.leerplicht_zonder_gemeente = RolFactory(rol=Rol.LEERPLICHT, swv=t.swv, user=UserFactory(username="lp-nergens"))
    Thuiszittersinstellingen.objects.create(swv=t.swv, escalatie_weken=4)
    # The other SWV.
    buren = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=t.ander_swv)
    z.buren_leerling = InschrijvingFactory(school=buren, leerling__swv=t.ander_swv).leerling
    z.m["buren"] = services.melding_registreren(t.andere_staf, leerling=z.buren_leerling, categorie="relatief",
                                                startdatum=_dagen(40))
    _werk(t.andere_staf, z.m["buren"])
    Thuiszittersinstellingen.objects.create(swv=t.ander_swv)
    return z


def _rollen(z) -> dict:
    return {naam: getattr(z, naam) for naam in (*ALLE_ROLLEN, "andere_leerplicht", "leerplicht_zonder_gemeente")}


def _zichtbaar(rol, model=Melding, actie="view") -> set:
    return set(visible(rol, model, actie).values_list("pk", flat=True))


def _pks(z, *namen) -> set:
    return {z.m[n].pk for n in namen}


def _van(model, *meldingen) -> set:
    veld = "pk__in" if model is Melding else "melding__in"
    return set(model.objects.filter(**{veld: meldingen}).values_list("pk", flat=True))


def _overeenstemming(z) -> list[str]:
    verschillen = []
    for model in TZ_MODELLEN:
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
    assert {m.__name__ for m in TZ_MODELLEN} == {"Melding", "Actie", "Contact", "Urenstand", "Categoriestand",
                                                 "Thuiszittersinstellingen"}
    verschillen = _overeenstemming(z)
    assert not verschillen, "\n".join(verschillen)


def test_na_afsluiten_en_verhuizen_blijven_beide_vormen_gelijk(z):
    services.beeindigen(z.leerplicht, z.m["a"], einddatum=VANDAAG, uitkomst="verhuisd")
    services.actie_afronden(z.consulent, z.m["b"].acties.get())
    # The leerplicht of Zwolle moves to Kampen: the cases follow the gemeente, not the person.
    z.leerplicht.gemeente = z.andere_gemeente
    z.leerplicht.save()
    verschillen = _overeenstemming(z)
    assert not verschillen, "\n".join(verschillen)
    assert _zichtbaar(z.leerplicht) == _pks(z, "kampen")


def test_staf_ziet_en_werkt_aan_alle_meldingen_van_het_eigen_swv(z):
    hier = _pks(z, "a", "b", "kampen", "gesloten")
    for rol in (z.consulent, z.directeur):
        assert _zichtbaar(rol) == hier
        assert _zichtbaar(rol, actie="change") == hier - _pks(z, "gesloten")
    assert _zichtbaar(z.andere_staf) == _pks(z, "buren")


def test_school_ziet_de_meldingen_van_de_eigen_school(z):
    assert _zichtbaar(z.school) == _pks(z, "a")
    assert _zichtbaar(z.andere_school) == _pks(z, "b")  # reported by the SWV, the pupil is at school B
    assert _zichtbaar(z.school_so) == _pks(z, "gesloten")
    assert not _zichtbaar(z.school_so, actie="change")
    assert _zichtbaar(z.school, Actie) == _van(Actie, z.m["a"])
    assert _zichtbaar(z.school, Contact) == _van(Contact, z.m["a"])


def test_leerplicht_ziet_alleen_de_eigen_gemeente_en_nooit_het_dossier(z):
    assert z.m["a"].gemeente == z.gemeente and z.m["kampen"].gemeente == z.andere_gemeente
    assert _zichtbaar(z.leerplicht) == _pks(z, "a", "b", "gesloten")
    assert _zichtbaar(z.leerplicht, actie="change") == _pks(z, "a", "b")
    assert _zichtbaar(z.andere_leerplicht) == _pks(z, "kampen")
    assert _zichtbaar(z.andere_leerplicht, Actie) == _van(Actie, z.m["kampen"])
    assert not _zichtbaar(z.leerplicht_zonder_gemeente)
    for rol in (z.leerplicht, z.andere_leerplicht):
        for m in Melding.objects.filter(swv=z.swv):
            assert not can(rol, "view", m.leerling), (rol, m)
        # Not even the pupil leerplicht reported itself: the register shows name and age, not the file.
        assert not visible(rol, Leerling).filter(thuiszittersmeldingen__isnull=False).exists()


@pytest.mark.parametrize("rolnaam", ["ouder", "leerling_zelf", "deskundige1", "deskundige2", "bestuur", "vervoer",
                                     "beheerder"])
def test_ouders_leerling_deskundigen_bestuur_vervoer_en_beheer_zien_geen_meldingen(z, rolnaam):
    rol = getattr(z, rolnaam)
    for model in (Melding, Actie, Contact):
        assert not _zichtbaar(rol, model), model
        assert not any(can(rol, "view", o) for o in model.objects.all()), model
        assert not any(can(rol, "change", o) for o in model.objects.all()), model


def test_een_ander_swv_ziet_niets(z):
    buren = z.m["buren"]
    for model in TZ_MODELLEN:
        daar = set(model.objects.filter(swv=z.ander_swv).values_list("pk", flat=True)) if model in (
            Melding, Thuiszittersinstellingen) else _van(model, buren)
        hier = set(model.objects.values_list("pk", flat=True)) - daar
        assert hier and daar, model
        assert not (_zichtbaar(z.andere_staf, model) & hier), model
        for rolnaam, rol in _rollen(z).items():
            if rolnaam != "andere_staf":
                assert not (_zichtbaar(rol, model) & daar), (model, rolnaam)


def test_een_afgesloten_melding_verandert_niet_meer(z):
    gesloten = Melding.objects.get(pk=z.m["gesloten"].pk)
    for rolnaam, rol in _rollen(z).items():
        assert not can(rol, "change", gesloten), rolnaam
        for actie in gesloten.acties.all():
            assert not can(rol, "change", actie), rolnaam
    assert can(z.consulent, "view", gesloten) and can(z.school_so, "view", gesloten)


def test_het_verloop_en_de_uren_en_categoriehistorie_veranderen_nooit(z):
    assert Contact.objects.count() >= 10 and Urenstand.objects.count() >= 5 and Categoriestand.objects.count() >= 5
    for rolnaam, rol in _rollen(z).items():
        for model in (Contact, Urenstand, Categoriestand):
            assert not _zichtbaar(rol, model, "change"), (rolnaam, model)
            assert not any(can(rol, "change", c) for c in model.objects.all()), (rolnaam, model)


def test_instellingen_wijzigt_alleen_directeur_of_beheerder_van_het_eigen_swv(z):
    eigen = Thuiszittersinstellingen.objects.get(swv=z.swv)
    daar = Thuiszittersinstellingen.objects.get(swv=z.ander_swv)
    for rolnaam, rol in _rollen(z).items():
        mag = rolnaam in ("directeur", "beheerder")
        assert can(rol, "change", eigen) is mag, rolnaam
        assert not can(rol, "change", daar), rolnaam
