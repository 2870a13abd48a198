"""Who sees and changes Middelen data: the list filter (visible) and the object check (can) agree for every
model, every role of the test world and both actions, and say what toegang.py says: SWV staff, the schoolbestuur
and the beheerder read their own SWV's rates, count and settings (and the official rates); only the directeur
and the beheerder change them; official rates are read by those roles and changed by nobody; another SWV's rows
are invisible; an inactive role sees nothing."""

from decimal import Decimal

import pytest

from passend.core.access import can, visible
from passend.middelen import toegang
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from tests.toewijzing.conftest import ALLE_ROLLEN

LEZERS = {"consulent", "directeur", "bestuur", "beheerder"}
SCHRIJVERS = {"directeur", "beheerder"}
MODELLEN = (Normbedrag, Leerlingtelling, Middeleninstellingen)


@pytest.fixture
def m(w):
    m = w
    m.officieel = Normbedrag.objects.get(jaar=2015, sector="PO", component="licht", swv=None)
    m.eigen = Normbedrag.objects.create(jaar=2026, periode="2026", sector="PO", component="licht",
                                        bedrag=Decimal("200.00"), bron="Eigen", swv=w.swv)
    m.buren_norm = Normbedrag.objects.create(jaar=2026, periode="2026", sector="PO", component="licht",
                                             bedrag=Decimal("210.00"), bron="Buren", swv=w.ander_swv)
    m.telling = Leerlingtelling.objects.create(swv=w.swv, jaar=2026, bo=1000, sbo=20)
    m.buren_telling = Leerlingtelling.objects.create(swv=w.ander_swv, jaar=2026, bo=900)
    m.inst = Middeleninstellingen.objects.create(swv=w.swv)
    m.buren_inst = Middeleninstellingen.objects.create(swv=w.ander_swv)
    m.rijen = {
        Normbedrag: [m.officieel, m.eigen, m.buren_norm],
        Leerlingtelling: [m.telling, m.buren_telling],
        Middeleninstellingen: [m.inst, m.buren_inst],
    }
    return m


@pytest.mark.parametrize("actie", ["view", "change"])
@pytest.mark.parametrize("model", MODELLEN, ids=lambda mdl: mdl.__name__)
def test_visible_en_can_zijn_het_eens_voor_elke_rol(m, model, actie):
    for naam in ALLE_ROLLEN:
        rol = getattr(m, naam)
        zichtbaar = set(visible(rol, model, actie).values_list("pk", flat=True))
        for obj in m.rijen[model]:
            assert (obj.pk in zichtbaar) == can(rol, actie, obj), (naam, model.__name__, actie, obj)
        # Nothing beyond the rows of this world (the official rates of other years and sectors aside).
        if model is not Normbedrag:
            assert zichtbaar <= {o.pk for o in m.rijen[model]}


def _wat(rol, objs, actie):
    return {o.pk for o in objs if can(rol, actie, o)}


@pytest.mark.parametrize("naam", ALLE_ROLLEN)
def test_wie_ziet_en_wijzigt_wat(m, naam):
    rol = getattr(m, naam)
    if naam == "andere_staf":  # a medewerker of the other SWV: its own rows, read only
        assert _wat(rol, m.rijen[Normbedrag], "view") == {m.officieel.pk, m.buren_norm.pk}
        assert _wat(rol, m.rijen[Leerlingtelling], "view") == {m.buren_telling.pk}
        assert _wat(rol, m.rijen[Middeleninstellingen], "view") == {m.buren_inst.pk}
        for model in MODELLEN:
            assert _wat(rol, m.rijen[model], "change") == set()
        return
    leest, schrijft = naam in LEZERS, naam in SCHRIJVERS
    assert _wat(rol, m.rijen[Normbedrag], "view") == ({m.officieel.pk, m.eigen.pk} if leest else set())
    assert _wat(rol, m.rijen[Leerlingtelling], "view") == ({m.telling.pk} if leest else set())
    assert _wat(rol, m.rijen[Middeleninstellingen], "view") == ({m.inst.pk} if leest else set())
    assert _wat(rol, m.rijen[Normbedrag], "change") == ({m.eigen.pk} if schrijft else set())
    assert _wat(rol, m.rijen[Leerlingtelling], "change") == ({m.telling.pk} if schrijft else set())
    assert _wat(rol, m.rijen[Middeleninstellingen], "change") == ({m.inst.pk} if schrijft else set())
    assert toegang.mag_lezen(rol) is leest
    assert toegang.mag_wijzigen(rol) is schrijft
    # Only SWV staff see which TLV's (pupils) an amount comes from; the bestuur and beheerder do not.
    assert toegang.mag_herleiden(rol) is (naam in {"consulent", "directeur"})


def test_officiele_bedragen_leesbaar_nooit_wijzigbaar(m):
    officieel = Normbedrag.objects.filter(swv__isnull=True)
    assert officieel.count() >= 18  # 14 for 2015-2016, 4 for 2024
    for naam in ALLE_ROLLEN:
        rol = getattr(m, naam)
        assert not visible(rol, Normbedrag, "change").filter(swv__isnull=True).exists(), naam
        assert not any(can(rol, "change", n) for n in officieel), naam
    for naam in (*LEZERS, "andere_staf"):
        assert visible(getattr(m, naam), Normbedrag).filter(swv__isnull=True).count() == officieel.count()


def test_ander_swv_onzichtbaar(m):
    for naam in ALLE_ROLLEN:
        if naam == "andere_staf":
            continue
        rol = getattr(m, naam)
        for model, buren in ((Normbedrag, m.buren_norm), (Leerlingtelling, m.buren_telling),
                             (Middeleninstellingen, m.buren_inst)):
            for actie in ("view", "change"):
                assert not visible(rol, model, actie).filter(pk=buren.pk).exists(), (naam, model.__name__)
                assert not can(rol, actie, buren)


def test_inactieve_rol_ziet_niets(m):
    m.directeur.actief = False
    m.directeur.save()
    for model in MODELLEN:
        assert not visible(m.directeur, model).exists()
        for obj in m.rijen[model]:
            assert not can(m.directeur, "view", obj)
    assert not toegang.mag_lezen(m.directeur) and not toegang.mag_wijzigen(m.directeur)
