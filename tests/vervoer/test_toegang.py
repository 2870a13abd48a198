"""visible() and can() agree for every role on every vervoer object; vehicles and plannings are the gemeente's."""

from passend.core.access import can, visible
from passend.register.models import Gemeente
from passend.vervoer import services
from passend.vervoer.models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig
from tests.factories import RolFactory, UserFactory

ROLLEN = ("school", "andere_school", "school_so", "consulent", "directeur", "deskundige1", "bestuur", "ouder",
          "leerling_zelf", "leerplicht", "vervoer", "beheerder", "andere_staf")


def test_lijst_en_object_regel_zijn_het_eens(v):
    w = v.w
    services.aanvraag_indienen(w.ouder, w.leerling)
    services.aanvraag_indienen(w.school_so, w.leerling_so, beperking=True)
    kampen = Gemeente.objects.create(naam="Kampen", sleutel="kampen")
    Voertuig.objects.create(gemeente=kampen, naam="Kamper taxi", depot_pc4="8011")
    Routeplanning.objects.create(gemeente=v.zwolle, swv=w.swv)
    rollen = {n: getattr(w, n) for n in ROLLEN}
    rollen["vervoer_kampen"] = RolFactory(rol="vervoer", swv=w.swv, gemeente=kampen, user=UserFactory())
    for naam, rol in rollen.items():
        for model in (Vervoersaanvraag, Voertuig, Vervoersinstellingen, Routeplanning):
            for actie in ("view", "change"):
                lijst = set(visible(rol, model, actie).values_list("pk", flat=True))
                los = {o.pk for o in model.objects.all() if can(rol, actie, o)}
                assert lijst == los, (naam, model.__name__, actie)
    # The gemeente's own vehicles only; other roles none.
    assert set(visible(w.vervoer, Voertuig).values_list("naam", flat=True)) == {"Taxi 1", "Bus 1"}
    assert set(visible(rollen["vervoer_kampen"], Voertuig).values_list("naam", flat=True)) == {"Kamper taxi"}
    assert not visible(w.consulent, Voertuig).exists() and not visible(w.consulent, Routeplanning).exists()
    # The parent sees their own child's request, not the other.
    assert [a.leerling for a in visible(w.ouder, Vervoersaanvraag)] == [w.leerling]
