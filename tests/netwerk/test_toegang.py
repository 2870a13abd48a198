"""Who sees and changes what in the dekkend netwerk: the policy as a table, checked on both forms of the rule
(visible() as a database filter and can() on the object), which must agree."""

import pytest

from passend.core.access import can, visible
from passend.netwerk import services
from passend.netwerk.models import (
    Aanbod,
    Behoefte,
    Dekkingsmeting,
    Leerlingbehoefte,
    Netwerkinstellingen,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)

ALLEN = {"school", "andere_school", "school_so", "consulent", "directeur", "deskundige1", "bestuur", "ouder",
         "leerling_zelf", "leerplicht", "vervoer", "beheerder"}
STAF = {"consulent", "directeur"}

# object -> (roles that see it, roles that change it); andere_staf (another SWV) sees only the shared list.
MATRIX = {
    "standaard_behoefte": (ALLEN | {"andere_staf"}, set()),
    "eigen_behoefte": (ALLEN, STAF),
    "plan": (ALLEN, {"directeur"}),
    "profiel_eik": (ALLEN, STAF | {"andere_school"}),
    "aanbod_eik": (ALLEN, STAF | {"andere_school"}),
    "leerlingbehoefte": (STAF | {"school", "ouder", "leerling_zelf"}, STAF | {"school"}),
    "plaatsing": (STAF | {"school", "andere_school", "ouder", "leerling_zelf"}, STAF | {"school", "andere_school"}),
    "meting": (STAF | {"bestuur", "beheerder"}, set()),
    "instellingen": (ALLEN, {"directeur", "beheerder"}),
}


@pytest.fixture
def objecten(n):
    w = n.w
    p = services.plaatsing_starten(w.school, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    p = services.plaatsing_kiezen(w.school, p, w.school_b)
    inst = Netwerkinstellingen.objects.create(swv=w.swv)
    return {
        "standaard_behoefte": n.b["gedrag"],
        "eigen_behoefte": services.behoefte_toevoegen(w.consulent, naam="Rouwverwerking"),
        "plan": n.plan,
        "profiel_eik": n.profiel_b,
        "aanbod_eik": n.profiel_b.aanbod.first(),
        "leerlingbehoefte": Leerlingbehoefte.objects.get(leerling=w.leerling),
        "plaatsing": p,
        "meting": Dekkingsmeting.objects.create(swv=w.swv, datum="2026-11-01"),
        "instellingen": inst,
    }


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_matrix(n, objecten, naam):
    obj = objecten[naam]
    zien, wijzigen = MATRIX[naam]
    for rolnaam in (*ALLEN, "andere_staf"):
        rol = getattr(n.w, rolnaam)
        for actie, wie in (("view", zien), ("change", wijzigen)):
            verwacht = rolnaam in wie
            assert can(rol, actie, obj) is verwacht, (naam, rolnaam, actie)
            in_lijst = visible(rol, type(obj), actie).filter(pk=obj.pk).exists()
            assert in_lijst is verwacht, (naam, rolnaam, actie, "visible")


def test_elke_rol_ziet_in_de_lijst_precies_wat_can_toestaat(n, objecten):
    modellen = (Behoefte, Ondersteuningsplan, Schoolprofiel, Aanbod, Leerlingbehoefte, Plaatsingsverzoek,
                Dekkingsmeting, Netwerkinstellingen)
    for rolnaam in (*ALLEN, "andere_staf"):
        rol = getattr(n.w, rolnaam)
        for model in modellen:
            for actie in ("view", "change"):
                lijst = set(visible(rol, model, actie).values_list("pk", flat=True))
                los = {o.pk for o in model.objects.all() if can(rol, actie, o)}
                assert lijst == los, (rolnaam, model.__name__, actie)
