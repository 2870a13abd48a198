"""Who sees what in toewijzing: the list filter (visible) and the object check (can) agree everywhere, and
say what the law and the issue say.

One world with requests in every kind of state, for pupils at three schools and in a second SWV, with
every row type a request can have (attachments, parent reactions, timeline, notes, MDO, advices, decision,
letter, objection, TLV, arrangement with spending, settings). Then for every toewijzing model, every role
and both actions, `visible()` must hold exactly the rows for which `can()` is true.
"""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from passend.accounts.models import Dossiertoegang, Rol
from passend.core.access import REGELS, can, visible
from passend.register.models import Leerling
from passend.toewijzing import models as tm
from passend.toewijzing import services
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Arrangement,
    Beroep,
    Besteding,
    Gebeurtenis,
    Notitie,
    Soort,
    Status,
    Tlv,
    Toewijzingsinstellingen,
    vandaag,
)
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SchoolFactory,
    UserFactory,
)

from .conftest import ALLE_ROLLEN, Wereld

TOEWIJZING_MODELLEN = sorted((m for m in REGELS if m.__module__ == tm.__name__), key=lambda m: m.__name__)
S = Status


@pytest.fixture(autouse=True)
def _snelle_brief(monkeypatch):
    """The letter's content is not the point here; a stand-in PDF keeps the world quick to build."""
    monkeypatch.setattr("passend.toewijzing.pdf.beschikking_pdf",
                        lambda aanvraag, besluit, *, soort, bezwaar=None: (f"Besluit {aanvraag.nummer}", b"%PDF-1.7\n"))


@contextmanager
def _namens(w, school, ouder):
    """Let the world's path helpers (w.naar) act as another school and parent."""
    oud = w.school, w.ouder
    w.school, w.ouder = school, ouder
    try:
        yield
    finally:
        w.school, w.ouder = oud


def _ouder_van(w, leerling, username):
    rol = RolFactory(rol=Rol.OUDER, swv=leerling.swv, user=UserFactory(username=username))
    OuderKindFactory(ouder=OuderFactory(swv=leerling.swv, user=rol.user), leerling=leerling, heeft_gezag=True)
    return rol


@pytest.fixture
def z(w):
    """The world `w` with requests in every state and every kind of row around them (names in z.a)."""
    z = w
    z.ouder_b = _ouder_van(w, w.leerling_b, "ouder-eik")
    z.ouder_so = _ouder_van(w, w.leerling_so, "ouder-brug")
    z.inactief = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=w.swv, actief=False, user=UserFactory(username="oud-staf"))
    z.a = {}
    # Pupil at school A (parent w.ouder).
    z.a["concept"] = w.aanvraag()
    w.ouder_akkoord(z.a["concept"])
    z.a["ingediend"] = w.naar(w.aanvraag(Soort.ADVIES), S.INGEDIEND)
    z.a["advies"] = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    services.advies_geven(w.deskundige1, z.a["advies"].adviesopdrachten.get(volgorde=1), niet_eerder_betrokken=True,
                          zelfstandig_opgesteld=True, conclusie="positief",
                          advies="Een kleine groep met veel structuur; toelaatbaar tot het SO.")
    services.notitie_toevoegen(w.consulent, z.a["advies"], "Moeder belde: vader is het niet eens.")
    services.overleg_plannen(w.consulent, z.a["advies"], datum=dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC),
                             deelnemers=[w.consulent.user, w.school.user])
    z.a["bezwaar"] = w.naar(w.aanvraag(tlv_soort="vso", categorie="midden"), S.BEZWAAR)
    z.a["arrangement"] = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.AFGESLOTEN)
    z.arrangement = z.a["arrangement"].arrangement
    services.besteding_boeken(w.consulent, z.arrangement, datum=z.arrangement.begindatum, omschrijving="Ambulant",
                              uren=4, bedrag=Decimal("300"))
    z.a["ingetrokken"] = services.transitie(w.school, w.aanvraag(Soort.ARRANGEMENT), "intrekken",
                                            toelichting="Dubbel aangemaakt.")
    # Pupil at school B: in treatment with an expert on it (the other school's request).
    with _namens(w, w.andere_school, z.ouder_b):
        z.a["school_b"] = w.naar(w.aanvraag(leerling=w.leerling_b, rol=w.andere_school, school=w.school_b),
                                 S.IN_BEHANDELING)
    services.deskundige_vragen(w.consulent, z.a["school_b"], deskundige=w.deskundige2.user, volgorde=1,
                               beroep=Beroep.PSYCHOLOOG)
    # Pupil at the SO school: a decided TLV requested by the special school (first enrolment).
    with _namens(w, w.school_so, z.ouder_so):
        z.a["so"] = w.naar(w.aanvraag(leerling=w.leerling_so, rol=w.school_so, school=w.so_school,
                                      eerste_inschrijving_so=True), S.AFGESLOTEN,
                           datum=vandaag() - dt.timedelta(days=60))
    # A line on the timeline meant for the SWV only.
    Gebeurtenis.objects.create(aanvraag=z.a["advies"], leerling=w.leerling, tekst="Intern: dossier besproken",
                               voor_ouders=False)
    Toewijzingsinstellingen.objects.create(swv=w.swv, categorie_criteria="Zie ondersteuningsplan.")
    # The other SWV: its own school, pupil and decided request.
    buren = Wereld()
    buren.swv = w.ander_swv
    school = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=w.ander_swv)
    buren.leerling = InschrijvingFactory(school=school, leerling__swv=w.ander_swv).leerling
    buren.school_a = school
    buren.school = RolFactory(rol=Rol.SCHOOL, swv=w.ander_swv, scholen=[school], user=UserFactory(username="ib-buren"))
    buren.consulent = w.andere_staf
    buren.directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=w.ander_swv, user=UserFactory(username="dir-buren"))
    buren.deskundige1 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.ander_swv, user=UserFactory(username="ortho-buren"))
    buren.deskundige2 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.ander_swv, user=UserFactory(username="arts-buren"))
    buren.ouder = _ouder_van(buren, buren.leerling, "ouder-buren")
    z.a["buren"] = buren.naar(buren.aanvraag(), S.BESLOTEN)
    Toewijzingsinstellingen.objects.create(swv=w.ander_swv)
    z.buren = buren
    z.a = {k: Aanvraag.objects.get(pk=v.pk) for k, v in z.a.items()}
    return z


def _rollen(z):
    return {naam: getattr(z, naam) for naam in (*ALLE_ROLLEN, "ouder_b", "ouder_so", "inactief")} | {
        "school_buren": z.buren.school, "ouder_buren": z.buren.ouder, "deskundige_buren": z.buren.deskundige1,
    }


def test_visible_en_can_zijn_het_eens_voor_elk_model_elke_rol_en_elke_actie(z):
    assert {m.__name__ for m in TOEWIJZING_MODELLEN} >= {
        "Aanvraag", "Bijlage", "Ouderreactie", "Gebeurtenis", "Notitie", "Overleg", "Adviesopdracht", "Besluit",
        "Beschikking", "Bezwaar", "Tlv", "Arrangement", "Besteding", "Toewijzingsinstellingen",
    }
    verschillen = []
    for model in TOEWIJZING_MODELLEN:
        alle = list(model._default_manager.all())
        assert alle, f"de testwereld heeft geen {model.__name__}"
        gezien_door_iemand = False
        for rolnaam, rol in _rollen(z).items():
            for actie in ("view", "change"):
                lijst = set(visible(rol, model, actie).values_list("pk", flat=True))
                object_voor_object = {o.pk for o in alle if can(rol, actie, o)}
                if lijst != object_voor_object:
                    verschillen.append(
                        f"{model.__name__} {rolnaam} {actie}: alleen in visible {sorted(lijst - object_voor_object)}, "
                        f"alleen in can {sorted(object_voor_object - lijst)}"
                    )
                gezien_door_iemand |= bool(lijst)
                if actie == "change":
                    assert lijst <= set(visible(rol, model).values_list("pk", flat=True)), (model, rolnaam)
        assert gezien_door_iemand, model
    assert not verschillen, "\n".join(verschillen)


def test_overgang_van_status_verandert_beide_vormen_gelijk(z, w):
    """The same agreement after the world moved on: the open cases decided, the expert's access ended."""
    w.adviseer(z.a["advies"])
    services.transitie(w.directeur, z.a["advies"], "besluiten", uitkomst="afgewezen",
                       motivering="De adviezen laten zien dat de school de ondersteuning kan bieden.")
    services.deskundige_intrekken(w.consulent, z.a["school_b"].adviesopdrachten.get())
    for model in TOEWIJZING_MODELLEN:
        alle = list(model._default_manager.all())
        for rol in _rollen(z).values():
            for actie in ("view", "change"):
                assert set(visible(rol, model, actie).values_list("pk", flat=True)) == {
                    o.pk for o in alle if can(rol, actie, o)
                }, (model, rol, actie)


def _zichtbaar(rol, model=Aanvraag, actie="view") -> set:
    return set(visible(rol, model, actie).values_list("pk", flat=True))


def _pks(*aanvragen) -> set:
    return {a.pk for a in aanvragen}


def test_deskundige_ziet_alleen_wat_hem_gevraagd_is_en_alleen_tot_het_besluit(z, w):
    assert _zichtbaar(w.deskundige1) == _pks(z.a["advies"])
    assert _zichtbaar(w.deskundige2) == _pks(z.a["advies"], z.a["school_b"])
    # Advised on z.a["bezwaar"] and z.a["so"] before: decided, so no longer visible.
    assert not can(w.deskundige1, "view", z.a["bezwaar"])
    assert Adviesopdracht.objects.filter(aanvraag=z.a["bezwaar"], deskundige=w.deskundige1.user).exists()
    # Their own assignment they can answer; the other expert's they do not see.
    eigen = z.a["advies"].adviesopdrachten.get(volgorde=2)
    ander = z.a["advies"].adviesopdrachten.get(volgorde=1)
    assert _zichtbaar(w.deskundige2, Adviesopdracht) == {eigen.pk, z.a["school_b"].adviesopdrachten.get().pk}
    assert can(w.deskundige2, "change", eigen) and not can(w.deskundige2, "view", ander)
    # No notes, no MDO, no decision or letter for an expert.
    for model in (Notitie, tm.Overleg, tm.Besluit, tm.Beschikking, tm.Bezwaar, Arrangement, Besteding):
        assert not _zichtbaar(w.deskundige1, model), model
    # The pupil only while assigned (Dossiertoegang follows the assignment).
    assert w.leerling in visible(w.deskundige1, Leerling)
    assert w.leerling_so not in visible(w.deskundige1, Leerling)
    # Once decided, gone.
    w.adviseer(z.a["advies"])
    services.transitie(w.directeur, z.a["advies"], "besluiten", uitkomst="toegekend",
                       motivering="Beide deskundigen adviseren positief.")
    assert not _zichtbaar(w.deskundige1)
    assert w.leerling not in visible(w.deskundige1, Leerling)
    assert not Dossiertoegang.objects.filter(user=w.deskundige1.user, geldig_tot__isnull=True).exists()
    # Withdrawn: gone as well.
    services.deskundige_intrekken(w.consulent, z.a["school_b"].adviesopdrachten.get())
    assert not _zichtbaar(w.deskundige2)
    assert not visible(w.deskundige2, Leerling).exists()


def test_school_ziet_alleen_de_aanvragen_van_de_eigen_school(z, w):
    eigen = set(Aanvraag.objects.filter(school=w.school_a).values_list("pk", flat=True))
    assert len(eigen) == 6
    assert _zichtbaar(w.school) == eigen
    assert _zichtbaar(w.andere_school) == _pks(z.a["school_b"])
    assert _zichtbaar(w.school_so) == _pks(z.a["so"])
    # Changing only while concept (or sent back), and only its own.
    assert _zichtbaar(w.school, actie="change") == _pks(z.a["concept"])
    assert not _zichtbaar(w.andere_school, actie="change")
    # The TLV's: those it asked for, and those of pupils enrolled there (the special school registers them).
    assert set(visible(w.school, Tlv)) == set(Tlv.objects.filter(aanvragende_school=w.school_a))
    assert set(visible(w.school_so, Tlv)) == set(Tlv.objects.filter(leerling=w.leerling_so))
    assert set(visible(w.school, Arrangement)) == {z.arrangement}
    assert not visible(w.andere_school, Arrangement).exists()
    # The advices once decided, not before.
    gegeven_open = z.a["advies"].adviesopdrachten.get(volgorde=1)
    assert not can(w.school, "view", gegeven_open)
    assert set(visible(w.school, Adviesopdracht)) == set(
        Adviesopdracht.objects.filter(aanvraag__in=[z.a["bezwaar"], z.a["arrangement"]], status="gegeven"))


def test_ouder_ziet_het_eigen_kind_maar_niet_de_notities_van_het_swv(z, w):
    kind = set(Aanvraag.objects.filter(leerling=w.leerling).values_list("pk", flat=True))
    assert _zichtbaar(w.ouder) == kind
    assert _zichtbaar(z.ouder_b) == _pks(z.a["school_b"])
    notitie = Notitie.objects.get()
    assert notitie.aanvraag.leerling == w.leerling
    assert not _zichtbaar(w.ouder, Notitie) and not can(w.ouder, "view", notitie)
    intern = Gebeurtenis.objects.get(voor_ouders=False)
    assert not can(w.ouder, "view", intern) and not can(w.school, "view", intern)
    assert can(w.consulent, "view", intern)
    assert z.a["advies"].gebeurtenissen.filter(voor_ouders=True).exists()
    assert set(visible(w.ouder, Gebeurtenis)) == set(
        Gebeurtenis.objects.filter(aanvraag__leerling=w.leerling, voor_ouders=True))
    # The child's TLV, arrangement and letters; never another child's.
    assert set(visible(w.ouder, Tlv)) == set(Tlv.objects.filter(leerling=w.leerling))
    assert set(visible(w.ouder, Arrangement)) == {z.arrangement}
    assert not visible(z.ouder_b, Tlv).exists()
    assert set(visible(w.ouder, tm.Beschikking)) == set(tm.Beschikking.objects.filter(aanvraag__leerling=w.leerling))
    # A parent changes only their own reaction, and only before the decision.
    assert _zichtbaar(w.ouder, tm.Ouderreactie, "change") == set(
        tm.Ouderreactie.objects.filter(aanvraag__in=[z.a["concept"], z.a["ingediend"], z.a["advies"]])
        .values_list("pk", flat=True))
    assert not _zichtbaar(w.ouder, Aanvraag, "change")


def test_niemand_uit_een_ander_swv_ziet_iets(z, w):
    for model in TOEWIJZING_MODELLEN:
        hier = set(model._default_manager.exclude(pk__in=_van_buren(model, z)).values_list("pk", flat=True))
        assert not (_zichtbaar(w.andere_staf, model) & hier), model
        assert not (_zichtbaar(z.buren.school, model) & hier), model
        assert not (_zichtbaar(z.buren.ouder, model) & hier), model
        daar = _van_buren(model, z)
        for rolnaam in ALLE_ROLLEN:
            if rolnaam != "andere_staf":
                assert not (_zichtbaar(getattr(w, rolnaam), model) & daar), (model, rolnaam)
    # Even SWV staff of the other SWV cannot take a step on our requests.
    with pytest.raises(PermissionDenied):
        services.transitie(w.andere_staf, z.a["ingediend"], "aanvulling_vragen", toelichting="Graag meer.")


def _van_buren(model, z) -> set:
    """The rows of `model` that belong to the other SWV."""
    qs = model._default_manager.all()
    if model is Toewijzingsinstellingen or model in (Aanvraag, Tlv, Arrangement):
        qs = qs.filter(swv=z.ander_swv)
    elif model is Besteding:
        qs = qs.filter(arrangement__swv=z.ander_swv)
    else:
        qs = qs.filter(aanvraag__swv=z.ander_swv)
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("rolnaam", ["leerplicht", "vervoer", "bestuur", "beheerder", "inactief"])
def test_leerplicht_vervoer_bestuur_en_beheer_zien_geen_toewijzing(z, rolnaam):
    rol = getattr(z, rolnaam)
    for model in TOEWIJZING_MODELLEN:
        if model is Toewijzingsinstellingen and rolnaam != "inactief":
            # The SWV's policy settings are not about pupils; the beheerder may also change them.
            assert _zichtbaar(rol, model) == {Toewijzingsinstellingen.objects.get(swv=z.swv).pk}
            assert bool(_zichtbaar(rol, model, "change")) is (rolnaam == "beheerder")
            continue
        assert not _zichtbaar(rol, model), model
        assert not any(can(rol, "view", o) for o in model._default_manager.all()), model


def test_alleen_de_directeur_trekt_een_tlv_in(z, w):
    tlv = Tlv.objects.filter(swv=w.swv).first()
    assert [naam for naam in ALLE_ROLLEN if can(getattr(w, naam), "change", tlv)] == ["directeur"]
    with pytest.raises(PermissionDenied):
        services.tlv_intrekken(w.consulent, tlv, reden="Verhuisd")
    services.tlv_intrekken(w.directeur, tlv, reden="Leerling verhuisd naar het buitenland")
    tlv.refresh_from_db()
    assert tlv.ingetrokken_op == vandaag()
