"""Who sees what in zorgplicht: the list filter (visible) and the object check (can) agree for every model,
role and action, and say what the law and the issue say.

One world with aanmeldingen in every kind of state (open, extended, proposed to another school, placed there,
declined by the proposed school, admitted, refused, withdrawn, decided more than a year ago), at two schools
and in a second SWV. A school also sees the pupils it has an aanmelding for (core.access.SCHOOL_LEERLINGEN):
while the aanmelding is open or was decided less than a year ago, and the proposed school while it must
confirm; the pupil list (visible) and the pupil check (can) must agree on that as well.
"""

import datetime as dt

import pytest

from passend.accounts.models import Rol
from passend.core.access import REGELS, can, visible
from passend.register.models import Inschrijving, Leerling, Ouder
from passend.zorgplicht import models as zm
from passend.zorgplicht import services
from passend.zorgplicht.models import Aanmelding, Stap, Status, Zorgplichtinstellingen
from passend.zorgplicht.toegang import ZICHTBAAR_NA_BESLUIT
from tests.factories import (
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SchoolFactory,
    UserFactory,
)
from tests.toewijzing.conftest import ALLE_ROLLEN

ZORGPLICHT_MODELLEN = sorted((m for m in REGELS if m.__module__ == zm.__name__), key=lambda m: m.__name__)
MOTIVERING = "De school kan de gevraagde ondersteuning niet bieden; De Eik heeft een kleine groep."


@pytest.fixture(autouse=True)
def _snelle_brief(monkeypatch):
    """The letter's content is not the point here; a stand-in PDF keeps the world quick to build."""
    monkeypatch.setattr("passend.zorgplicht.pdf.verlengingsbrief_pdf", lambda a: b"%PDF-1.7\n")


def vandaag() -> dt.date:
    return services.vandaag()


def aanmelden(rol, school, voornaam, *, dagen=5, ouder=None, **velden) -> Aanmelding:
    """A written aanmelding for a new pupil (not yet in the register), received `dagen` days ago."""
    ouders = [{"voornaam": "Sam", "achternaam": voornaam + "sen", "relatie": "ouder", "heeft_gezag": True}]
    a = services.aanmelding_registreren(
        rol, school=school, ontvangen_op=vandaag() - dt.timedelta(days=dagen),
        nieuwe_leerling={"voornaam": voornaam, "achternaam": "Nieuw", "geboortedatum": dt.date(2022, 3, 1)},
        ouders=ouders, **velden,
    )
    if ouder is not None:
        Ouder.objects.filter(kindrelaties__leerling=a.leerling).update(user=ouder.user)
    return a


def _terug_in_de_tijd(a: Aanmelding, dagen: int) -> Aanmelding:
    """Test setup: an aanmelding decided `dagen` days ago (the services stamp today)."""
    Aanmelding.objects.filter(pk=a.pk).update(ontvangen_op=vandaag() - dt.timedelta(days=dagen + 30),
                                              besloten_op=vandaag() - dt.timedelta(days=dagen))
    return Aanmelding.objects.get(pk=a.pk)


@pytest.fixture
def z(w):
    """The world `w` with aanmeldingen in every state (names in z.a, their pupils in z.ll)."""
    z = w
    z.ouder_nieuw = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="ouder-nieuw"))
    z.ouder_b = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="ouder-eik"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=z.ouder_b.user), leerling=w.leerling_b, heeft_gezag=True)
    z.inactief = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.school_a], actief=False,
                            user=UserFactory(username="oud-ib"))
    z.a = {}
    s = w.school
    z.a["open"] = aanmelden(s, w.school_a, "Open", extra_ondersteuning_verwacht=True)
    z.a["verlengd"] = services.verlengen(s, aanmelden(s, w.school_a, "Verlengd", dagen=30), reden="Onderzoek loopt.")
    z.a["voorgesteld"] = services.elders_voorstellen(s, aanmelden(s, w.school_a, "Voorgesteld", dagen=20),
                                                     andere_school=w.school_b, motivering=MOTIVERING)
    geplaatst = services.elders_voorstellen(s, aanmelden(s, w.school_a, "Geplaatst", dagen=25),
                                            andere_school=w.school_b, motivering=MOTIVERING)
    z.a["geplaatst"] = services.elders_bevestigen(w.andere_school, geplaatst, akkoord=True)
    afgeslagen = services.elders_voorstellen(s, aanmelden(s, w.school_a, "Afgeslagen", dagen=15),
                                             andere_school=w.so_school, motivering=MOTIVERING)
    z.a["afgeslagen"] = services.elders_bevestigen(w.school_so, afgeslagen, akkoord=False,
                                                   toelichting="Geen plek in het SO.")
    z.a["toegelaten"] = services.toelaten(s, aanmelden(s, w.school_a, "Toegelaten", dagen=10),
                                          met_extra_ondersteuning=True)
    z.a["geweigerd"] = services.weigeren(s, aanmelden(s, w.school_a, "Geweigerd"), grond="vol",
                                         motivering="Alle groepen zijn vol; dat geldt voor iedere aanmelder.")
    z.a["ingetrokken"] = services.intrekken(s, aanmelden(s, w.school_a, "Ingetrokken"), reden="Verhuisd.")
    z.a["oud"] = _terug_in_de_tijd(services.weigeren(
        s, aanmelden(s, w.school_a, "Oud"), grond="grondslag", motivering="Ouders respecteren de grondslag niet."),
        400)
    z.a["oud_voorgesteld"] = _terug_in_de_tijd(services.intrekken(s, services.elders_voorstellen(
        s, aanmelden(s, w.school_a, "OudVoorgesteld"), andere_school=w.school_b, motivering=MOTIVERING),
        reden="Ouders kozen een school buiten de regio."), 400)
    # A pupil of school A whose needs changed: an aanmelding for a pupil already known (parent w.ouder).
    z.a["eigen_kind"] = services.aanmelding_registreren(s, school=w.school_a, leerling=w.leerling,
                                                        ontvangen_op=vandaag() - dt.timedelta(days=3))
    # At school B, for a new pupil whose parent has a login.
    z.a["school_b"] = aanmelden(w.andere_school, w.school_b, "Eikje", ouder=z.ouder_nieuw)
    # The other SWV.
    buren_school = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=w.ander_swv)
    z.buren_school = RolFactory(rol=Rol.SCHOOL, swv=w.ander_swv, scholen=[buren_school],
                                user=UserFactory(username="ib-buren"))
    z.buren_ouder = RolFactory(rol=Rol.OUDER, swv=w.ander_swv, user=UserFactory(username="ouder-buren"))
    z.a["buren"] = aanmelden(z.buren_school, buren_school, "Buur", ouder=z.buren_ouder)
    Zorgplichtinstellingen.objects.create(swv=w.swv, waarschuwen_dagen=10)
    Zorgplichtinstellingen.objects.create(swv=w.ander_swv)
    z.a = {k: Aanmelding.objects.get(pk=v.pk) for k, v in z.a.items()}
    z.ll = {k: v.leerling for k, v in z.a.items()}
    return z


def _rollen(z):
    return {naam: getattr(z, naam) for naam in (*ALLE_ROLLEN, "ouder_nieuw", "ouder_b", "inactief")} | {
        "buren_school": z.buren_school, "buren_ouder": z.buren_ouder,
    }


def _overeenstemming(z, modellen) -> list[str]:
    verschillen = []
    for model in modellen:
        alle = list(model._default_manager.all())
        assert alle, f"de testwereld heeft geen {model.__name__}"
        for rolnaam, rol in _rollen(z).items():
            for actie in ("view", "change"):
                lijst = set(visible(rol, model, actie).values_list("pk", flat=True))
                object_voor_object = {o.pk for o in alle if can(rol, actie, o)}
                if lijst != object_voor_object:
                    verschillen.append(
                        f"{model.__name__} {rolnaam} {actie}: alleen in visible {sorted(lijst - object_voor_object)}, "
                        f"alleen in can {sorted(object_voor_object - lijst)}")
                if actie == "change":
                    assert lijst <= set(visible(rol, model).values_list("pk", flat=True)), (model, rolnaam)
    return verschillen


def test_visible_en_can_zijn_het_eens_voor_elk_model_elke_rol_en_elke_actie(z):
    assert {m.__name__ for m in ZORGPLICHT_MODELLEN} == {"Aanmelding", "Stap", "Zorgplichtinstellingen"}
    assert set(Aanmelding.objects.values_list("status", flat=True)) == set(Status.values)
    verschillen = _overeenstemming(z, [*ZORGPLICHT_MODELLEN, Leerling, Inschrijving, Ouder])
    assert not verschillen, "\n".join(verschillen)


def test_na_bevestigen_afslaan_en_besluiten_blijven_beide_vormen_gelijk(z, w):
    services.elders_bevestigen(w.andere_school, z.a["voorgesteld"], akkoord=False, toelichting="Toch geen plek.")
    services.toelaten(w.school, Aanmelding.objects.get(pk=z.a["open"].pk), met_extra_ondersteuning=False)
    _terug_in_de_tijd(z.a["geweigerd"], 366)
    verschillen = _overeenstemming(z, [*ZORGPLICHT_MODELLEN, Leerling])
    assert not verschillen, "\n".join(verschillen)


def _zichtbaar(rol, model=Aanmelding, actie="view") -> set:
    return set(visible(rol, model, actie).values_list("pk", flat=True))


def _pks(z, *namen) -> set:
    return {z.a[n].pk for n in namen}


def test_school_ziet_haar_aanmeldingen_en_wijzigt_alleen_open(z, w):
    eigen = set(Aanmelding.objects.filter(school=w.school_a).values_list("pk", flat=True))
    assert _zichtbaar(w.school) == eigen
    assert _zichtbaar(w.school, actie="change") == _pks(z, "open", "verlengd", "voorgesteld", "afgeslagen",
                                                        "eigen_kind")
    # The proposed school sees the aanmelding while it must confirm and once placed; not after declining,
    # not when the parents withdrew it, and it can never change it.
    assert _zichtbaar(w.andere_school) == _pks(z, "voorgesteld", "geplaatst", "school_b")
    assert _zichtbaar(w.andere_school, actie="change") == _pks(z, "school_b")
    assert not _zichtbaar(w.school_so)
    assert _zichtbaar(w.school, Stap) == set(Stap.objects.filter(aanmelding__school=w.school_a)
                                             .values_list("pk", flat=True))
    assert not _zichtbaar(w.school, Stap, "change")


def test_school_ziet_de_leerling_van_een_open_of_recent_besliste_aanmelding(z, w):
    zichtbaar = set(visible(w.school, Leerling))
    for naam in ("open", "verlengd", "voorgesteld", "afgeslagen", "toegelaten", "geweigerd", "ingetrokken",
                 "geplaatst", "eigen_kind"):
        assert z.ll[naam] in zichtbaar, naam
        assert can(w.school, "view", z.ll[naam]), naam
    # Decided more than a year ago: the pupil is gone from the school's sight.
    for naam in ("oud", "oud_voorgesteld"):
        assert z.ll[naam] not in zichtbaar and not can(w.school, "view", z.ll[naam]), naam
    assert z.ll["school_b"] not in zichtbaar
    # The proposed school: the pupil it must confirm, the one it placed (now enrolled); not the one declined
    # by the SO school, nor the one whose proposal ended with the withdrawal a year ago.
    b = set(visible(w.andere_school, Leerling))
    assert {z.ll["voorgesteld"], z.ll["geplaatst"], z.ll["school_b"], w.leerling_b} == b
    assert set(visible(w.school_so, Leerling)) == {w.leerling_so}
    # School A cannot see a pupil of another SWV, even through an aanmelding.
    assert z.ll["buren"] not in set(visible(w.school, Leerling))
    assert not can(z.inactief, "view", z.ll["open"]) and not visible(z.inactief, Leerling).exists()


def test_zichtbaar_tot_precies_een_jaar_na_het_besluit(z, w):
    a = _terug_in_de_tijd(z.a["geweigerd"], ZICHTBAAR_NA_BESLUIT.days)
    assert a.leerling in visible(w.school, Leerling) and can(w.school, "view", a.leerling)
    a = _terug_in_de_tijd(a, ZICHTBAAR_NA_BESLUIT.days + 1)
    assert a.leerling not in visible(w.school, Leerling) and not can(w.school, "view", a.leerling)
    # The aanmelding itself stays in the school's list (its own record of the decision).
    assert can(w.school, "view", a) and a.pk in _zichtbaar(w.school)


def test_voorgestelde_school_ziet_de_leerling_tot_ze_afslaat(z, w):
    a = z.a["voorgesteld"]
    assert can(w.andere_school, "view", a.leerling) and can(w.andere_school, "view", a)
    services.elders_bevestigen(w.andere_school, a, akkoord=False, toelichting="Geen plek in groep 3.")
    leerling = Leerling.objects.get(pk=a.leerling_id)
    assert not can(w.andere_school, "view", leerling)
    assert leerling not in visible(w.andere_school, Leerling)
    assert a.pk not in _zichtbaar(w.andere_school)
    # The first school keeps it (open again) and may change it.
    assert can(w.school, "change", Aanmelding.objects.get(pk=a.pk))


def test_een_ander_swv_ziet_niets(z, w):
    for model in ZORGPLICHT_MODELLEN:
        hier = set(model._default_manager.exclude(**_buren(model, z)).values_list("pk", flat=True))
        daar = set(model._default_manager.filter(**_buren(model, z)).values_list("pk", flat=True))
        assert hier and daar, model
        for rol in (w.andere_staf, z.buren_school, z.buren_ouder):
            assert not (_zichtbaar(rol, model) & hier), (model, rol)
            assert not any(can(rol, "view", o) for o in model._default_manager.exclude(**_buren(model, z)))
        for rolnaam in ALLE_ROLLEN:
            if rolnaam != "andere_staf":
                assert not (_zichtbaar(getattr(w, rolnaam), model) & daar), (model, rolnaam)
    assert _zichtbaar(w.andere_staf) == _pks(z, "buren")
    assert not set(visible(w.andere_staf, Leerling)) & set(z.ll.values()) - {z.ll["buren"]}


def _buren(model, z) -> dict:
    return {"aanmelding__swv": z.ander_swv} if model is Stap else {"swv": z.ander_swv}


@pytest.mark.parametrize("rolnaam", ["leerplicht", "vervoer", "bestuur", "deskundige1", "deskundige2", "beheerder"])
def test_leerplicht_vervoer_bestuur_deskundige_en_beheer_zien_geen_aanmelding(z, rolnaam):
    rol = getattr(z, rolnaam)
    for model in (Aanmelding, Stap):
        assert not _zichtbaar(rol, model), model
        assert not any(can(rol, "view", o) for o in model._default_manager.all()), model
    for leerling in z.ll.values():
        assert not can(rol, "view", leerling)
    # The SWV's setting is not about pupils: everyone in the SWV reads it, the directeur and beheerder set it.
    inst = Zorgplichtinstellingen.objects.get(swv=z.swv)
    assert can(rol, "view", inst)
    assert can(rol, "change", inst) is (rolnaam == "beheerder")


def test_staf_ziet_alles_van_het_eigen_swv_maar_wijzigt_niets(z, w):
    alle = set(Aanmelding.objects.filter(swv=w.swv).values_list("pk", flat=True))
    for rol in (w.consulent, w.directeur):
        assert _zichtbaar(rol) == alle
        assert not _zichtbaar(rol, actie="change")
        assert not _zichtbaar(rol, Stap, "change")
    inst = Zorgplichtinstellingen.objects.get(swv=w.swv)
    assert can(w.directeur, "change", inst) and not can(w.consulent, "change", inst)


def test_ouder_ziet_alleen_de_aanmeldingen_van_het_eigen_kind(z, w):
    assert _zichtbaar(w.ouder) == _pks(z, "eigen_kind")
    assert _zichtbaar(z.ouder_nieuw) == _pks(z, "school_b")
    assert set(visible(z.ouder_nieuw, Leerling)) == {z.ll["school_b"]}
    assert not _zichtbaar(z.ouder_b)  # a parent of another pupil of school B
    assert _zichtbaar(w.ouder, Stap) == set(z.a["eigen_kind"].stappen.values_list("pk", flat=True))
    for rol in (w.ouder, z.ouder_nieuw):
        assert not _zichtbaar(rol, actie="change") and not _zichtbaar(rol, Stap, "change")
    assert not can(w.ouder, "view", z.a["open"]) and not can(z.ouder_nieuw, "view", z.a["eigen_kind"])
