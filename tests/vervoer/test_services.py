"""Transport requests from submission to decision, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.core.access import can, visible
from passend.register.models import Gemeente, Postcodegebied
from passend.vervoer import services
from passend.vervoer.models import Routeplanning, Vervoersaanvraag
from tests.factories import RolFactory, UserFactory


def test_so_leerling_op_13_km_krijgt_voorstel_en_de_school_en_tlv_komen_uit_het_register(v):
    w = v.w
    a = services.aanvraag_indienen(w.ouder, w.leerling, kan_zelfstandig_reizen=True)
    # w.leerling lives 1.1 km (1.4 km over the road) from De Linde: no right.
    assert a.school == w.school_a and a.gemeente == v.zwolle and a.pc4 == "8012"
    assert a.voorstel["recht"] is False and "niet meer dan 6,0 km" in " ".join(a.voorstel["redenen"])
    b = services.aanvraag_indienen(w.school_so, w.leerling_so, kan_zelfstandig_reizen=False, beperking=True,
                                   rolstoel=True, chauffeur_info="Zit graag voorin")
    assert b.voorstel["recht"] is True and b.voorstel["vorm"] == "aangepast"


def test_een_aanvraag_per_schooljaar_en_alleen_voor_het_eigen_kind(v):
    w = v.w
    services.aanvraag_indienen(w.ouder, w.leerling)
    with pytest.raises(ValidationError):
        services.aanvraag_indienen(w.school, w.leerling)
    with pytest.raises(PermissionDenied):
        services.aanvraag_indienen(w.ouder, w.leerling_so)
    for rol in (w.vervoer, w.leerplicht, w.andere_school):
        with pytest.raises(PermissionDenied):
            services.aanvraag_indienen(rol, w.leerling_so)
    assert Vervoersaanvraag.objects.count() == 1


def test_besluit_volgt_het_voorstel_of_wijkt_af_met_motivering(v):
    w = v.w
    a = services.aanvraag_indienen(w.school_so, w.leerling_so, beperking=True)
    with pytest.raises(PermissionDenied):  # only the gemeente decides
        services.besluiten(w.consulent, a, toekennen=True)
    with pytest.raises(ValidationError) as e:  # departing from the proposal needs a reason
        services.besluiten(w.vervoer, a, toekennen=True, vorm="ov")
    assert "motivering" in e.value.message_dict
    a.refresh_from_db()
    assert a.status == Vervoersaanvraag.Status.INGEDIEND and a.besloten_op is None
    a = services.besluiten(w.vervoer, a, toekennen=True)
    assert (a.status, a.vorm, a.besloten_door) == ("toegekend", "aangepast", w.vervoer.user)
    with pytest.raises(ValidationError):
        services.besluiten(w.vervoer, a, toekennen=False, motivering="Toch niet")


def test_gemeente_ziet_alleen_de_eigen_gemeente(v):
    w = v.w
    a = services.aanvraag_indienen(w.school_so, w.leerling_so, beperking=True)
    kampen = Gemeente.objects.create(naam="Kampen", sleutel="kampen")
    ander = RolFactory(rol="vervoer", swv=w.swv, gemeente=kampen, user=UserFactory(username="vervoer-kampen"))
    assert list(visible(w.vervoer, Vervoersaanvraag)) == [a]
    assert not visible(ander, Vervoersaanvraag).exists() and not can(ander, "view", a)
    with pytest.raises(PermissionDenied):
        services.besluiten(ander, a, toekennen=True)
    # The parent and the school read it; the school of another pupil and leerplicht do not.
    assert can(w.school_so, "view", a) and not can(w.school_so, "change", a)
    assert not can(w.andere_school, "view", a) and not can(w.leerplicht, "view", a)
    # A pupil moving house: the PC4 decides the gemeente.
    Postcodegebied.objects.filter(pc4="8091").update(gemeente=kampen)
    b = services.aanvraag_indienen(w.school_so, w.leerling_so, beperking=True, schooljaar=a.schooljaar + 1)
    assert b.gemeente == kampen and can(ander, "change", b) and not can(w.vervoer, "view", b)


def test_planning_vraagt_voertuigen_en_toegekende_leerlingen(v):
    w = v.w
    with pytest.raises(ValidationError) as e:
        services.planning_starten(w.vervoer, seconden=2)
    assert "toegekend aangepast vervoer" in str(e.value)
    with pytest.raises(PermissionDenied):
        services.planning_starten(w.consulent, seconden=2)
    assert not Routeplanning.objects.exists()


def test_planning_in_de_achtergrond_geeft_gecontroleerde_routes(v, django_capture_on_commit_callbacks):
    w = v.w
    a = services.aanvraag_indienen(w.school_so, w.leerling_so, beperking=True, rolstoel=True, max_rit_minuten=40)
    services.besluiten(w.vervoer, a, toekennen=True)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.planning_starten(w.vervoer, seconden=2)
    p.refresh_from_db()
    assert p.status == Routeplanning.Status.KLAAR, p.fout
    (route,) = p.resultaat["routes"]
    assert route["naam"] == "Bus 1"  # the only vehicle with a wheelchair place
    assert [h["soort"] for h in route["haltes"]] == ["ophaal", "aflever"]
    assert p.resultaat["rittijden"][str(a.pk)] <= 40
    # 13.0 km over the road at 40 km/h: about 19.5 minutes; arriving at school 08:10-08:25.
    assert 19 <= p.kengetallen["langste_rit"] <= 21
    assert "08:10" <= route["haltes"][1]["tijd"] <= "08:25"
